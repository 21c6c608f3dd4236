"""Row producers (render/views.py) called directly: rows, captions, cells and payloads from small data.

The data root is the minimal example (plan period 2024-2030, groups 1 and 6, agencies so-a dissolved on
01/03/2025 into so-b and so-c); assessments come from tests/builders.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from kh113.compute.progress import Assessment, assess
from kh113.compute.series import Point, Series
from kh113.i18n import translator
from kh113.models import ProgressThresholds
from kh113.problems import Problem, Severity
from kh113.render.views import (
    BAR_WIDTH,
    STATUS_CSV_KEYS,
    StatusCells,
    agencies_view,
    bar,
    export_view,
    indicators_view,
    problems_view,
    progress_fraction,
    schedule_text,
    status_caption,
    status_row,
    status_view,
    tasks_view,
)
from kh113.validate.loading import Dataset, load

from .builders import make_indicator, make_series
from .conftest import MINIMAL

UNSD = ProgressThresholds(on_track=0.95, acceleration_needed=0.5, limited_progress=-0.1)
ON = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(MINIMAL)


def _assessed(*points: tuple, as_of: int = 2026, **indicator: Any) -> Assessment:
    return assess(make_series(make_indicator(**indicator), *points), as_of, UNSD, 2024)


# The hand computation of tests/test_progress.py: 10 in 2024 to 20 in 2026 against 40 in 2030 is 41.42 % a
# year against 25.99 % needed, a ratio of 1.59: on track.
@pytest.fixture
def on_track() -> Assessment:
    return _assessed((2024, 10.0), (2026, 20.0), ident="x", group=6)


@pytest.fixture
def milestone() -> Assessment:
    return _assessed((2025, False), ident="y", target=True, unit="boolean", kind="milestone", comparator="==", order=2)


@pytest.fixture
def no_data() -> Assessment:
    return _assessed(ident="z", group=1, order=3)


# --------------------------------------------------------------------------------------------------
# validate


def test_problems_view_counts_errors_and_warnings() -> None:
    problems = [Problem("a.yaml", 1, 2, "x", "boom"), Problem("b.yaml", 3, 4, "y", "hmm", Severity.WARNING)]
    view = problems_view(problems, "en", 5)
    assert view.caption == "1 error(s), 1 warning(s) in 5 file(s) checked"
    assert view.payload["valid"] is False
    assert [row["code"] for row in view.payload["problems"]] == ["x", "y"]
    assert view.lines == ["a.yaml:1:2: x: boom", "b.yaml:3:4: y: warning: hmm"]


def test_problems_view_with_warnings_only_is_valid() -> None:
    view = problems_view([Problem("b.yaml", 3, 4, "y", "hmm", Severity.WARNING)], "en", 2)
    assert view.payload["valid"] is True
    assert view.caption == "valid: 2 file(s) checked, 1 warning(s)"
    assert view.styles["severity"](view.rows[0]) == "yellow"


# --------------------------------------------------------------------------------------------------
# tasks and indicators


def test_schedule_text_keeps_the_annex_words_in_vietnamese_and_words_the_fields_in_english(data: Dataset) -> None:
    yearly, ranged, once = (data.tasks[i].schedule for i in ("1.1", "6.4", "6.10"))
    assert schedule_text(yearly, "vi") == "Hàng năm hoặc theo yêu cầu"
    assert schedule_text(yearly, "en") == "Every year or on request"
    assert schedule_text(ranged, "en") == "2024–2030"
    assert schedule_text(once, "en") == "2024"
    assert schedule_text(once, "vi") == "Năm 2024"


def test_tasks_view_names_who_is_responsible_on_the_date(data: Dataset) -> None:
    view = tasks_view(data, list(data.tasks.values()), ON, "en")
    rows = {row["id"]: row for row in view.rows}
    assert rows["6.4"]["lead"] == "SB" and rows["6.4"]["responsible_on"] == ""  # unchanged: not repeated
    assert rows["6.10"]["lead"] == "SA" and rows["6.10"]["responsible_on"] == "SB"  # social protection: so-b
    assert rows["1.1"]["responsible_on"] == "SC; SB"  # the collective's members on the date
    assert rows["1.1"]["section"] == "1. Nhóm một"
    task = view.payload["tasks"][2]
    assert task["lead"] == [{"id": "so-a", "name": "Sở A"}]
    assert task["responsible_on"] == {"date": "2025-06-01", "agencies": [{"id": "so-b", "name": "Sở B"}]}
    assert view.caption == "3 task(s)"


def test_indicators_view_rows_and_target_cell(data: Dataset) -> None:
    view = indicators_view(data, list(data.indicators.values()), "en")
    assert [row["name"] for row in view.rows] == ["Hospital beds per 10,000 people", "No more temporary housing"]
    target = next(c for c in view.columns if c.key == "target")
    assert target.display is not None
    assert [target.display(row) for row in view.rows] == ["≥ 35 per 10,000 (2030)", "✓ (2030)"]
    beds = view.payload["indicators"][0]
    assert beds["target"] == {"value": 35.0, "comparator": ">=", "year": 2030}
    assert beds["responsible"] == [{"id": "so-b", "name": "Sở B"}]
    assert beds["observations"] == 1


# --------------------------------------------------------------------------------------------------
# agencies


def test_agencies_view_leaves_dissolved_agencies_out_unless_asked(data: Dataset) -> None:
    current = agencies_view(data, ON, "en", include_past=False)
    assert [row["id"] for row in current.rows] == ["so-b", "so-c", "cac-so"]
    assert current.caption == "3 agencies and collectives"
    every = agencies_view(data, ON, "en", include_past=True)
    gone = every.rows[0]
    assert (gone["id"], gone["status"], gone["successor"]) == ("so-a", "dissolved", "Sở C")
    assert every.payload["agencies"][0]["successor"] == {"id": "so-c", "name": "Sở C"}
    assert every.styles["status"](gone) == "dim" and every.styles["status"](every.rows[1]) is None


def test_agencies_view_before_the_split_has_no_successor(data: Dataset) -> None:
    view = agencies_view(data, dt.date(2025, 1, 1), "en", include_past=False)
    assert [row["id"] for row in view.rows] == ["so-a", "so-b", "cac-so"]  # so-c not established yet
    collective = view.payload["agencies"][-1]
    assert collective["members_on"] == ["so-a", "so-b"]


# --------------------------------------------------------------------------------------------------
# status


def test_progress_fraction_and_bar(on_track: Assessment, milestone: Assessment, no_data: Assessment) -> None:
    assert progress_fraction(on_track) == pytest.approx(0.5)  # 20 of 40
    assert progress_fraction(milestone) == 0.0
    assert progress_fraction(no_data) is None
    assert bar(0.5) == "█████░░░░░"
    assert bar(None) == ""
    assert len(bar(0.33)) == BAR_WIDTH


def test_progress_fraction_lower_is_better_and_never_full_when_not_met() -> None:
    lower = _assessed((2024, 8.0), (2026, 4.0), comparator="<=", target=2.0)
    assert progress_fraction(lower) == pytest.approx(0.5)  # target / figure
    strict = _assessed((2024, 10.0), (2026, 40.0), comparator=">", target=40.0)  # equalled, not exceeded
    assert progress_fraction(strict) == pytest.approx((BAR_WIDTH - 1) / BAR_WIDTH)
    met = _assessed((2024, 10.0), (2026, 45.0))
    assert progress_fraction(met) == 1.0


def test_status_view_orders_by_group_then_order(
    data: Dataset, on_track: Assessment, milestone: Assessment, no_data: Assessment
) -> None:
    view = status_view(data, [on_track, milestone, no_data], 2026, "en")
    assert [row["id"] for row in view.rows] == ["z", "x", "y"]  # group 1, group 6, no group last
    assert [row["section"] for row in view.rows] == ["1. Group one", "6. Group six", "Other targets"]
    # The JSON keeps the order it was given.
    assert [entry["id"] for entry in view.payload["indicators"]] == ["x", "y", "z"]
    assert view.payload["as_of"] == 2026 and view.payload["method"] == "unsd-2022"
    assert view.title == "Progress towards the targets of plan 113/KH-UBND, as of 2026"
    assert view.styles["bar"](view.rows[1]) == "green"


def test_status_view_csv_columns_are_the_raw_keys(data: Dataset, on_track: Assessment) -> None:
    view = status_view(data, [on_track], 2026, "en")
    csv = [c.key for c in view.columns if c.shown_in("csv")]
    assert csv == list(STATUS_CSV_KEYS)
    assert not any(c.shown_in("csv") for c in view.columns if c.key.endswith("_h"))
    row = view.rows[0]
    assert (row["gap"], row["required_annual_change"], row["actual_annual_change"]) == (20.0, 5.0, 5.0)
    assert row["progress_ratio"] == pytest.approx(1.593613)
    assert row["status"] == "on_track" and row["status_label"] == "On track"


def test_status_cells_word_targets_figures_and_pace(data: Dataset, on_track: Assessment, milestone: Assessment) -> None:
    cells = StatusCells(data, "en", translator("en"))
    row, done = status_row(on_track, cells), status_row(milestone, cells)
    assert cells.target_text(row) == "≥ 40 per 10,000"  # the plan's last year goes without saying
    assert cells.target_text(done) == "✓"
    assert cells.latest_text(row) == "20 per 10,000 (2026)"
    assert cells.latest_text(done) == "not yet (2025)"
    assert cells.gap_text(row) == "+20"
    assert cells.pace_text(row) == "+5 / +5"
    assert cells.pace_text(done) == ""
    assert cells.projected_text(row) == "80 per 10,000"
    assert cells.ratio_text(row) == "1.59"
    assert cells.notes_text(row) == ""  # the ratio note has a column of its own


def test_status_cells_in_vietnamese(data: Dataset, on_track: Assessment) -> None:
    cells = StatusCells(data, "vi", translator("vi"))
    row = status_row(on_track, cells)
    assert cells.ratio_text(row) == "1,59"
    assert cells.target_text(row) == "≥ 40/vạn dân"
    assert row["section"] == "6. Nhóm sáu"


def test_status_cells_target_of_another_year_says_its_year(data: Dataset) -> None:
    cells = StatusCells(data, "en", translator("en"))
    row = status_row(_assessed((2024, 10.0), (2026, 20.0), year=2027), cells)
    assert cells.target_text(row) == "≥ 40 per 10,000 (2027)"


def test_status_caption_counts_by_status_and_names_the_method(
    on_track: Assessment, milestone: Assessment, no_data: Assessment
) -> None:
    caption = status_caption([on_track, milestone, no_data], "unsd-2022", "en")
    first, method = caption.split("\n")
    assert first == "3 indicator(s): 1 on track, 1 not achieved, 1 no data"
    assert method.startswith("Method: unsd-2022")


def _synthetic_latest() -> Assessment:
    indicator = make_indicator("s")
    series = make_series(indicator, (2024, 10.0), (2026, 20.0))
    points = [*series.points[:-1], dataclasses.replace(series.points[-1], synthetic=True)]
    return assess(Series(indicator, points, [], [], 0), 2026, UNSD, 2024)


def test_a_synthetic_latest_figure_is_marked_and_footnoted_once(data: Dataset) -> None:
    result = _synthetic_latest()
    cells = StatusCells(data, "en", translator("en"))
    row = status_row(result, cells)
    assert cells.latest_text(row) == "20 per 10,000 (2026) †"
    assert "synthetic" not in cells.notes_text(row)  # said once, in the caption
    caption = status_caption([result, result], "unsd-2022", "en")
    assert caption.count("† Includes synthetic (made-up) figures") == 1


# --------------------------------------------------------------------------------------------------
# export


def test_export_view_sorts_each_indicator_by_year_published_first(data: Dataset) -> None:
    def point(year: int, value: float, origin: str) -> Point:
        return Point(year=year, value=value, qualifier="exact", origin=origin, cited=origin)

    recorded = {
        "giuong-benh": [
            point(2025, 30.5, "submission"),
            point(2025, 29.0, "published"),
            point(2016, 26.2, "published"),
        ],
        "xoa-nha-tam": [],
    }
    view = export_view(data, recorded, ["giuong-benh", "xoa-nha-tam"])
    assert [(r["year"], r["origin"], r["value"]) for r in view.rows] == [
        (2016, "published", 26.2),
        (2025, "published", 29.0),
        (2025, "submission", 30.5),
    ]
    assert {r["unit"] for r in view.rows} == {"per_10000"}
    assert view.payload == {"observations": view.rows}
