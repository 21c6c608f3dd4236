"""Issue #16, the progress method: average targets, the final verdict, the small-base rule, bounds that settle
the class, and the two UNSD editions. Each case is computed by hand in the test (docs/status.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kh113.cli import app
from kh113.compute.progress import (
    ACCELERATION_NEEDED,
    ACHIEVED,
    DETERIORATION,
    INSUFFICIENT_DATA,
    LIMITED_PROGRESS,
    NOT_ACHIEVED,
    ON_TRACK,
    STATUSES,
    UNSD_2022,
    UNSD_2023,
    assess,
)
from kh113.models import ProgressThresholds

from .builders import make_indicator, make_series

UNSD = ProgressThresholds(on_track=0.95, acceleration_needed=0.5, limited_progress=-0.1)


def run(indicator, *points, as_of=2026, method=UNSD_2022):
    return assess(make_series(indicator, *points), as_of, UNSD, 2024, method)


def codes(result) -> list[str]:
    return [n.code for n in result.notes]


# --------------------------------------------------------------------------------------------------
# minimal data roots through the command line


def write_indicator(root: Path, target: dict, observations: list[dict], unit: str = "per_10000") -> None:
    """Replace the minimal root's numeric indicator with one holding ``target`` and ``observations``."""
    path = root / "indicators" / "giuong-benh.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["target"] = {"comparator": ">=", "year": 2030, "text": "mục tiêu", **target}
    data["unit"] = unit
    source = {"title": "Test source", "url": "https://example.org/x"}
    data["observations"] = [{"source": dict(source), **obs} for obs in observations]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the minimal root's submission would add a figure of its own
    for submission in (root / "submissions").rglob("*.yaml"):
        submission.unlink()


def status_of(root: Path, year: int, *args: str) -> dict:
    result = CliRunner().invoke(
        app, ["--root", str(root), "status", "--year", str(year), "-f", "json", *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    return next(e for e in payload["indicators"] if e["id"] == "giuong-benh") | {"_method": payload["method"]}


JOBS = [{"year": 2025, "value": 45000}, {"year": 2026, "value": 35000}]


@pytest.mark.usefixtures("cli_env")
def test_average_target_is_judged_against_its_average(minimal_root):
    # "bình quân khoảng 40.000 người/năm" over 2025-2030: 45,000 then 35,000 average exactly 40,000.
    target = {"value": 40000, "kind": "average", "average_over": [2025, 2030]}
    write_indicator(
        minimal_root, target, [{"year": 2025, "value": 45000}, {"year": 2026, "value": 35000}], "people_per_year"
    )
    entry = status_of(minimal_root, 2026)
    assert entry["gap"] == 0.0  # the average so far meets the target
    # the remaining four years need (40000 x 6 - 80000) / 4 = 40000 a year: ratio 40000 / 40000 = 1
    assert entry["progress_ratio"] == 1.0 and entry["status"] == ON_TRACK  # as a level: deterioration
    assert entry["projection"]["average"] == 40000.0 and entry["projection"]["required_average"] == 40000.0
    assert entry["_method"] == entry["method"] == "unsd-2022"


@pytest.mark.usefixtures("cli_env")
def test_average_target_with_a_missing_year_is_not_averaged(minimal_root):
    target = {"value": 40000, "kind": "average", "average_over": [2024, 2030]}
    write_indicator(
        minimal_root, target, [{"year": 2025, "value": 45000}, {"year": 2026, "value": 35000}], "people_per_year"
    )
    entry = status_of(minimal_root, 2026)
    assert entry["status"] == INSUFFICIENT_DATA and entry["gap"] is None
    assert any("2024" in note and "bình quân" in note for note in entry["notes"])


@pytest.mark.usefixtures("cli_env")
def test_missed_in_the_target_year_is_not_achieved(minimal_root):
    # 90 % (2025) -> 94.8 % (2030) against >= 95 %: as of 2030 a verdict, not a pace (it was on_track).
    write_indicator(
        minimal_root, {"value": 95}, [{"year": 2025, "value": 90.0}, {"year": 2030, "value": 94.8}], "percent"
    )
    for method in ("unsd-2022", "unsd-2023"):
        entry = status_of(minimal_root, 2030, "--method", method)
        assert entry["status"] == NOT_ACHIEVED and entry["gap"] == pytest.approx(0.2)
        assert entry["progress_ratio"] is None and entry["method"] == method


@pytest.mark.usefixtures("cli_env")
def test_strict_target_equalled_in_the_target_year_is_not_achieved(minimal_root):
    target = {"value": 3, "comparator": "<"}
    write_indicator(minimal_root, target, [{"year": 2025, "value": 3.5}, {"year": 2030, "value": 3.0}], "percent")
    assert status_of(minimal_root, 2031)["status"] == NOT_ACHIEVED


@pytest.mark.usefixtures("cli_env")
def test_bound_that_proves_not_met_settles_the_class(minimal_root):
    # 70, 72, then "at most 60" against >= 65 (after the 2025 merger, so one territory): the baseline 70
    # (2026, the first figure: nothing up to 2024) met it; the truth is at most 60: not met, moving away.
    observations = [
        {"year": 2026, "value": 70.0},
        {"year": 2027, "value": 72.0},
        {"year": 2028, "value": 60.0, "qualifier": "at_most"},
    ]
    write_indicator(minimal_root, {"value": 65}, observations, "percent")
    entry = status_of(minimal_root, 2028)
    assert entry["status"] == DETERIORATION
    assert entry["gap"] is None and entry["required_annual_change"] is None  # at least 5, not known
    assert entry["projected_value"] is None  # the old projection came from 70 -> 72, ignoring the bound
    assert entry["projection"]["to"] == {"year": 2028, "value": 60.0, "bound": True}


# --------------------------------------------------------------------------------------------------
# the same rules on series


def test_bound_that_leaves_the_target_open_has_no_gap():
    # "at most 70" against >= 65: the truth may be 68 (met) or 60 (not): nothing is known, so nothing is 0.
    ind = make_indicator(target=65.0, unit="percent")
    result = run(ind, (2023, 70.0), (2024, 72.0), (2025, 70.0, "at_most"))
    assert result.met is None and result.status == INSUFFICIENT_DATA
    assert result.gap is None and result.required_annual_change is None


def test_bound_that_proves_met_is_achieved():
    result = run(make_indicator(target=65.0, unit="percent"), (2024, 60.0), (2025, 70.0, "at_least"))
    assert result.status == ACHIEVED and result.gap == 0.0 and result.required_annual_change == 0.0


def test_baseline_equal_to_a_strict_target_is_not_said_to_meet_it():
    # "< 3": a baseline of 3 does not meet it; the old note said it did.
    result = run(make_indicator(comparator="<", target=3.0, unit="percent"), (2025, 3.0), (2026, 3.2))
    assert "baseline-met" not in codes(result) and "baseline-at-target" in codes(result)
    assert result.status == DETERIORATION  # 3 -> 3.2 moves away from "under 3"


def test_final_verdict_needs_the_target_year_figure():
    result = run(make_indicator(target=40.0), (2024, 10.0), (2028, 30.0), as_of=2030)
    assert result.status == INSUFFICIENT_DATA and "no-target-year-figure" in codes(result)


def test_average_secured_before_the_end_is_achieved():
    # 2024-2030 at >= 10 a year is 70 in all; 40 + 35 already exceeds it, whatever the later years bring.
    ind = make_indicator(target=10.0, unit="people_per_year", target_kind="average")
    result = run(ind, (2024, 40.0), (2025, 35.0))
    assert result.status == ACHIEVED and result.required_average == pytest.approx((70 - 75) / 5)


def test_average_final_verdict():
    ind = make_indicator(target=10.0, unit="people_per_year", target_kind="average")
    years = [(year, 9.0) for year in range(2024, 2031)]
    result = run(ind, *years, as_of=2030)
    assert result.status == NOT_ACHIEVED and result.gap == pytest.approx(1.0)


# --------------------------------------------------------------------------------------------------
# the UNSD 2023 projection ratio


def test_unsd_2023_projection_ratio_by_hand():
    # 10 (2024) -> 14.4 (2026), target 40 in 2030: projected 14.4 x 1.2^4 = 29.86; ratio (29.86 - 10) / 30
    result = run(make_indicator(target=40.0), (2024, 10.0), (2026, 14.4), method=UNSD_2023)
    projected = 14.4 * 1.2**4
    assert result.projected_value == pytest.approx(projected)
    assert result.ratio == pytest.approx((projected - 10) / 30)  # 0.662
    assert result.status == ACCELERATION_NEEDED
    # the same series under unsd-2022: CR 0.2 / (4^(1/6) - 1) = 0.769, also acceleration needed
    assert run(make_indicator(target=40.0), (2024, 10.0), (2026, 14.4)).status == ACCELERATION_NEEDED


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        # projected = latest x (latest / 10)^2: four more years at the 2024-2026 compound rate
        (20.0, ON_TRACK),  # projected 80: ratio 2.33
        (13.0, ACCELERATION_NEEDED),  # projected 21.97: ratio 0.399
        (10.5, LIMITED_PROGRESS),  # projected 11.58: ratio 0.053 (stagnation)
        (9.0, DETERIORATION),  # projected 7.29: ratio -0.090 (regression)
    ],
)
def test_unsd_2023_cut_offs(latest, status):
    result = run(make_indicator(target=40.0), (2024, 10.0), (2026, latest), method=UNSD_2023)
    assert result.ratio == pytest.approx((latest * (latest / 10) ** 2 - 10) / 30)
    assert result.status == status


# --------------------------------------------------------------------------------------------------
# more progress never gives a worse class (issue #16), for each method

RANK = {status: index for index, status in enumerate(STATUSES)}
values = st.floats(min_value=0.0, max_value=200.0, allow_nan=False)
steps = st.floats(min_value=0.01, max_value=50.0, allow_nan=False)


@st.composite
def series_pairs(draw):
    """A target, two figures and a year; baselines near the small-base floor (1 % of the target) drawn often."""
    target = draw(st.floats(min_value=0.5, max_value=150.0, allow_nan=False))
    near_floor = st.floats(min_value=0.0, max_value=0.05, allow_nan=False).map(lambda share: share * target)
    b0 = draw(st.one_of(values, near_floor))
    b1 = draw(st.one_of(values, near_floor.map(lambda v: v * 3)))
    return target, b0, b1


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from([UNSD_2022, UNSD_2023]),
    comparator=st.sampled_from([">=", "<="]),
    drawn=series_pairs(),
    year=st.integers(min_value=2025, max_value=2029),
    step=st.one_of(steps, st.floats(min_value=0.001, max_value=0.1, allow_nan=False)),
    at_start=st.booleans(),
)
def test_more_progress_never_gives_a_worse_class(method, comparator, drawn, year, step, at_start):
    target, b0, b1 = drawn
    ind = make_indicator(comparator=comparator, target=target)
    up = 1 if comparator == ">=" else -1
    # strictly more progress: a better last figure, or a worse starting point with the same last figure
    b0_more, b1_more = (b0 - up * step, b1) if at_start else (b0, b1 + up * step)
    if min(b0_more, b1_more) < 0:
        return
    base = run(ind, (2024, b0), (year, b1), as_of=year, method=method)
    more = run(ind, (2024, b0_more), (year, b1_more), as_of=year, method=method)
    assert RANK[more.status] <= RANK[base.status], (base.status, base.ratio, more.status, more.ratio)


@settings(max_examples=150, deadline=None)
@given(
    method=st.sampled_from([UNSD_2022, UNSD_2023]),
    figures=st.lists(st.floats(min_value=0.0, max_value=100.0, allow_nan=False), min_size=1, max_size=6),
    which=st.integers(min_value=0, max_value=5),
    step=steps,
)
def test_more_progress_never_gives_a_worse_class_for_an_average(method, figures, which, step):
    # An average target (>= 40 a year over 2024-2030): a higher figure in any year never gives a worse class.
    ind = make_indicator(target=40.0, unit="people_per_year", target_kind="average")
    more = list(figures)
    more[which % len(more)] += step
    as_of = 2023 + len(figures)
    base = run(ind, *[(2024 + i, v) for i, v in enumerate(figures)], as_of=as_of, method=method)
    better = run(ind, *[(2024 + i, v) for i, v in enumerate(more)], as_of=as_of, method=method)
    assert RANK[better.status] <= RANK[base.status], (base.status, base.ratio, better.status, better.ratio)


@pytest.mark.usefixtures("cli_env")
def test_every_output_names_the_method(minimal_root):
    write_indicator(minimal_root, {"value": 35}, [{"year": 2026, "value": 30.0}, {"year": 2027, "value": 31.0}])
    runner = CliRunner()

    def out(*args: str) -> str:
        result = runner.invoke(app, ["--root", str(minimal_root), "status", "--year", "2027", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "unsd-2023" in out("--method", "unsd-2023", "--lang", "en")  # the table's caption
    assert "unsd-2022" in out("--format", "markdown")
    rows = out("--format", "csv", "--method", "unsd-2023").splitlines()
    header = rows[0].split(",")
    assert header.index("method") and "unsd-2023" in rows[1].split(",")
    bad = runner.invoke(app, ["--root", str(minimal_root), "status", "--method", "unsd-2019"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_a_last_figure_of_zero_stays_compound():
    # Found by the property test: 1.1875 -> 0 used to switch to absolute changes (CR -0.0995, limited
    # progress) while 1.1875 -> 1 stayed compound (CR -0.106, deterioration): falling further read better.
    ind = make_indicator(target=37.0)
    to_zero = run(ind, (2024, 1.1875), (2026, 0.0))
    to_one = run(ind, (2024, 1.1875), (2026, 1.0))
    assert to_zero.growth == "compound" and to_zero.ratio == pytest.approx(-1 / ((37 / 1.1875) ** (1 / 6) - 1))
    assert to_zero.ratio < to_one.ratio and to_zero.status == to_one.status == DETERIORATION
