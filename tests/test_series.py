"""Merging published figures and submissions into one value per year; series breaks; derived totals."""

from __future__ import annotations

import datetime as dt

import pytest

from kh113.compute.series import DERIVED, PUBLISHED, SUBMISSION, build, collect, segment_of
from kh113.models import SeriesBreak

from .builders import make_indicator, make_submission

MERGER = SeriesBreak(date=dt.date(2025, 7, 1), reason="sáp nhập tỉnh", source="test")
PLAN_DATE = dt.date(2024, 5, 13)


def published(year, value, **extra):
    return {"year": year, "value": value, "source": {"title": f"Nguồn {year}", "url": "https://example.org"}, **extra}


def series_of(indicators, submissions=(), as_of=2026, breaks=(MERGER,)):
    return build({i.id: i for i in indicators}, list(submissions), list(breaks), PLAN_DATE, as_of)


def codes(series) -> list[str]:
    return [n.code for n in series.notes]


# --------------------------------------------------------------------------------------------------
# segments


@pytest.mark.parametrize(
    ("reference", "territory", "segment"),
    [
        (dt.date(2024, 12, 31), None, 0),
        (dt.date(2025, 6, 30), None, 0),
        (dt.date(2025, 7, 1), None, 1),  # the break's date is the first day of the new series
        (dt.date(2025, 12, 31), None, 1),
        (dt.date(2025, 12, 31), "ca-mau-pre-2025", 0),  # old Cà Mau, reported late: the territory decides
        (dt.date(2025, 3, 1), "ca-mau-2025", 1),
    ],
)
def test_segment_of(reference, territory, segment):
    assert segment_of(reference, territory, [MERGER]) == segment


def test_yearly_figures_without_a_date_describe_the_end_of_the_year():
    ind = make_indicator(observations=[published(2024, 10.0), published(2025, 12.0)])
    points = series_of([ind])[ind.id].points
    assert [(p.year, p.segment) for p in points] == [(2024, 0), (2025, 1)]


def test_comparable_indicator_has_one_segment():
    ind = make_indicator(comparable_across_break=True, observations=[published(2024, 10.0), published(2026, 12.0)])
    series = series_of([ind])[ind.id]
    assert {p.segment for p in series.points} == {0} and series.breaks == []


# --------------------------------------------------------------------------------------------------
# merging


def test_submission_wins_over_published_and_the_conflict_is_noted():
    ind = make_indicator(observations=[published(2024, 28.0)])
    series = series_of([ind], [make_submission("so-b", 2024, {"x": 28.5})])[ind.id]
    assert [(p.year, p.value, p.origin, p.agency) for p in series.points] == [(2024, 28.5, SUBMISSION, "so-b")]
    [note] = series.notes
    assert note.code == "submission-over-published"
    assert note.params == {"year": 2024, "agency": "so-b", "value": 28.5, "other": 28.0}
    subs = [make_submission("so-b", 2024, {"x": 28.5})]
    assert len(collect({ind.id: ind}, subs, [MERGER])[ind.id]) == 2  # both kept for `kh113 export`


def test_same_value_is_no_conflict():
    ind = make_indicator(observations=[published(2024, 28.0)])
    series = series_of([ind], [make_submission("so-b", 2024, {"x": 28.0})])[ind.id]
    assert series.points[0].origin == SUBMISSION and series.notes == []


def test_later_submission_wins_over_an_earlier_one():
    ind = make_indicator()
    subs = [
        make_submission("so-c", 2026, {"x": 16.5}, submitted="2026-10-20"),
        make_submission("so-b", 2026, {"x": 16.8}, submitted="2026-10-10"),
    ]
    series = series_of([ind], subs)[ind.id]
    assert series.points[0].value == 16.5 and series.points[0].agency == "so-c"
    assert codes(series) == ["submissions-disagree"]


def test_many_disagreeing_reports_are_named_up_to_a_few_then_counted():
    # Issue #17: hundreds of agencies answering for one target would make hundreds of notes; the three
    # received closest to the report used are named, the rest counted in one note.
    ind = make_indicator()
    subs = [make_submission(f"so-{i:02d}", 2026, {"x": 10.0 + i}, submitted=f"2026-10-{i + 1:02d}") for i in range(8)]
    series = series_of([ind], subs)[ind.id]
    assert series.points[0].agency == "so-07"
    named = [n.params["other_agency"] for n in series.notes if "other_agency" in n.params]
    assert named == ["so-04", "so-05", "so-06"]
    counted = [n for n in series.notes if "count" in n.params]
    assert len(counted) == 1 and counted[0].params["count"] == 4 and counted[0].code == "submissions-disagree"


def test_reports_that_agree_with_the_one_used_are_not_counted():
    ind = make_indicator()
    subs = [make_submission(f"so-{i:02d}", 2026, {"x": 5.0}, submitted=f"2026-10-{i + 1:02d}") for i in range(6)]
    subs.append(make_submission("so-99", 2026, {"x": 6.0}, submitted="2026-10-01"))
    series = series_of([ind], subs)[ind.id]
    assert [n.params.get("other_agency") for n in series.notes] == ["so-99"]


def test_later_published_figure_wins():
    ind = make_indicator(
        observations=[
            published(2022, 89.0, date=dt.date(2022, 12, 31)),
            published(2022, 88.98, date=dt.date(2022, 6, 30)),
        ]
    )
    series = series_of([ind])[ind.id]
    assert series.points[0].value == 89.0 and codes(series) == ["published-disagree"]


def test_drafts_and_later_years_are_left_out():
    ind = make_indicator()
    subs = [make_submission("so-b", 2025, {"x": None}), make_submission("so-b", 2027, {"x": 30.0})]
    series = series_of([ind], subs, as_of=2026)[ind.id]
    assert series.points == []
    assert [p.year for p in collect({ind.id: ind}, subs, [MERGER])[ind.id]] == [2027]  # a draft is no figure


def test_qualifier_and_note_of_published_figures_are_kept():
    ind = make_indicator(observations=[published(2020, 50.0, qualifier="at_least", note="over 50 %")])
    [point] = series_of([ind])[ind.id].points
    assert point.qualifier == "at_least" and point.bound and point.note == "over 50 %" and point.origin == PUBLISHED


def test_submission_location_is_the_figure_line():
    sub = make_submission("so-b", 2026, {"y": 1.0, "x": 2.0})
    [point] = series_of([make_indicator()], [sub])["x"].points
    assert point.location() == ("submissions/2026/so-b.yaml", 5)  # agency, year, figures:, y, x


# --------------------------------------------------------------------------------------------------
# totals from their parts (bác sĩ + dược sĩ = bác sĩ, dược sĩ)


def parts_and_total(**total_extra):
    return [
        make_indicator("bac-si", target=15.0, part_of="tong"),
        make_indicator("duoc-si", target=3.0, part_of="tong"),
        make_indicator("tong", target=18.0, sum_of=["bac-si", "duoc-si"], **total_extra),
    ]


def test_total_is_derived_from_its_parts():
    subs = [make_submission("so-b", 2026, {"bac-si": 15.0, "duoc-si": 3.0})]
    total = series_of(parts_and_total(), subs)["tong"]
    [point] = total.points
    assert (point.year, point.value, point.origin, point.source) == (2026, 18.0, DERIVED, "bac-si + duoc-si")
    assert codes(total) == ["derived-total"]


def test_reported_total_that_disagrees_with_its_parts_is_noted():
    subs = [make_submission("so-b", 2026, {"bac-si": 9.5, "duoc-si": 2.1, "tong": 11.8})]
    total = series_of(parts_and_total(), subs)["tong"]
    assert [(p.value, p.origin) for p in total.points] == [(11.8, SUBMISSION)]
    [note] = total.notes
    assert note.code == "parts-disagree" and note.params["sum"] == pytest.approx(11.6)


def test_no_total_when_a_part_is_missing():
    subs = [make_submission("so-b", 2026, {"bac-si": 15.0})]
    assert series_of(parts_and_total(), subs)["tong"].points == []


def test_parts_across_a_break_are_not_added():
    ind = parts_and_total()
    ind[0] = make_indicator("bac-si", target=15.0, observations=[published(2025, 9.0, territory="ca-mau-pre-2025")])
    subs = [make_submission("so-b", 2025, {"duoc-si": 2.0})]  # a 2025 report: after the merger
    total = series_of(ind, subs)["tong"]
    assert total.points == [] and codes(total) == ["parts-not-comparable"]


def test_parts_with_opposite_bounds_are_not_added():
    ind = parts_and_total()
    ind[0] = make_indicator("bac-si", target=15.0, observations=[published(2026, 9.0, qualifier="at_least")])
    ind[1] = make_indicator("duoc-si", target=3.0, observations=[published(2026, 2.0, qualifier="at_most")])
    total = series_of(ind)["tong"]
    assert total.points == [] and codes(total) == ["parts-bounds"]


def test_derived_total_of_approximate_parts_is_approximate():
    ind = parts_and_total()
    ind[0] = make_indicator("bac-si", target=15.0, observations=[published(2026, 9.0, qualifier="about")])
    subs = [make_submission("so-b", 2026, {"duoc-si": 2.0})]
    [point] = series_of(ind, subs)["tong"].points
    assert point.value == 11.0 and point.qualifier == "about"


def test_undated_published_figures_the_last_listed_wins_and_the_note_says_so():
    # Issue #16: two figures without a date have the same reference date (31/12); the note used to say
    # "the one with the later date is used".
    ind = make_indicator(observations=[published(2022, 89.0), published(2022, 88.98)])
    series = series_of([ind])[ind.id]
    assert series.points[0].value == 88.98 and codes(series) == ["published-disagree"]
    assert "listed last" in series.notes[0].template and "later date" not in series.notes[0].template
    dated = series_of(
        [
            make_indicator(
                observations=[
                    published(2022, 89.0, date=dt.date(2022, 12, 31)),
                    published(2022, 88.98, date=dt.date(2022, 6, 30)),
                ]
            )
        ]
    )
    assert "later date" in dated["x"].notes[0].template
