"""Progress classes, gaps and paces, each against a computation done by hand (docs/status.md).

Numbers are chosen so the hand computation is short: a baseline of 10 in 2024 and a target of 40 in
2030 need 4^(1/6) - 1 = 25.99 % a year; reaching 20 in 2026 is sqrt(2) - 1 = 41.42 % a year.
"""

from __future__ import annotations

import math

import pytest

from kh113.compute.progress import (
    ACCELERATION_NEEDED,
    ACHIEVED,
    DETERIORATION,
    INSUFFICIENT_DATA,
    LIMITED_PROGRESS,
    NO_DATA,
    NOT_ACHIEVED,
    ON_TRACK,
    assess,
    classify,
    gap_of,
    met_state,
    satisfies,
)
from kh113.compute.series import Point
from kh113.models import ProgressThresholds

from .builders import make_indicator, make_series

UNSD = ProgressThresholds(on_track=0.95, acceleration_needed=0.5, limited_progress=-0.1)
BASE_YEAR = 2024


def run(indicator, *points, as_of=2026, thresholds=UNSD, base_year=BASE_YEAR, target_segment=0):
    return assess(make_series(indicator, *points, target_segment=target_segment), as_of, thresholds, base_year)


def codes(result) -> list[str]:
    return [n.code for n in result.notes]


# --------------------------------------------------------------------------------------------------
# comparators, gap sign, bounds


@pytest.mark.parametrize(
    ("value", "comparator", "target", "expected"),
    [
        (3.0, "<", 3.0, False),  # "dưới 3 %": 3 % itself is not under 3 %
        (2.99, "<", 3.0, True),
        (3.0, "<=", 3.0, True),
        (95.0, ">=", 95.0, True),
        (95.0, ">", 95.0, False),
        (95.01, ">", 95.0, True),
        (1.0, "==", 1.0, True),
        (1.5, "==", 1.0, False),
    ],
)
def test_comparators_are_applied_as_written(value, comparator, target, expected):
    assert satisfies(value, comparator, target) is expected


@pytest.mark.parametrize(
    ("value", "comparator", "target", "gap"),
    [
        (88.98, ">=", 95.0, 95.0 - 88.98),  # must rise by 6.02: positive
        (96.0, ">=", 95.0, 0.0),  # met: 0, never negative
        (4.8, "<", 4.0, 4.0 - 4.8),  # must fall by 0.8: negative
        (3.5, "<", 4.0, 0.0),
        (4.0, "<", 4.0, 0.0),  # equal to a strict target: distance 0 yet not met (see the strict note)
    ],
)
def test_gap_is_target_minus_value_or_zero(value, comparator, target, gap):
    assert gap_of(value, comparator, target) == pytest.approx(gap)


@pytest.mark.parametrize(
    ("qualifier", "value", "comparator", "target", "met"),
    [
        ("at_least", 70.0, ">=", 65.0, True),  # over 70 is over 65
        ("at_least", 50.0, ">=", 65.0, None),  # over 50 may or may not be over 65
        ("at_least", 4.0, "<", 3.0, False),  # at least 4 is never under 3
        ("at_least", 2.0, "<", 3.0, None),
        ("at_most", 2.0, "<", 3.0, True),
        ("at_most", 50.0, ">=", 65.0, False),
        ("at_most", 70.0, ">=", 65.0, None),
        ("about", 64.0, ">=", 65.0, False),  # "about" is read as the value, and noted
    ],
)
def test_met_with_bounds(qualifier, value, comparator, target, met):
    point = Point(year=2020, value=value, qualifier=qualifier, origin="published", cited="s")
    assert met_state(point, comparator, target) is met


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (0.95, ON_TRACK),
        (0.9499, ACCELERATION_NEEDED),
        (0.5, ACCELERATION_NEEDED),
        (0.4999, LIMITED_PROGRESS),
        (-0.1, LIMITED_PROGRESS),
        (-0.1001, DETERIORATION),
    ],
)
def test_classify_boundaries(ratio, status):
    assert classify(ratio, UNSD) == status


def test_thresholds_come_from_the_plan_data():
    stricter = ProgressThresholds(on_track=2.0, acceleration_needed=1.5, limited_progress=0.0)
    ind = make_indicator(target=40.0)
    # CR = (sqrt(2) - 1) / (4^(1/6) - 1) = 1.594: on track by the UNSD values, not by stricter ones.
    assert run(ind, (2024, 10.0), (2026, 20.0)).status == ON_TRACK
    assert run(ind, (2024, 10.0), (2026, 20.0), thresholds=stricter).status == ACCELERATION_NEEDED


# --------------------------------------------------------------------------------------------------
# higher is better: target >= 40 in 2030, baseline 10 in 2024 (required 4^(1/6) - 1 a year)

REQUIRED_UP = 4 ** (1 / 6) - 1


@pytest.mark.parametrize(
    ("latest", "actual_rate", "status"),
    [
        (20.0, math.sqrt(2.0) - 1, ON_TRACK),  # CR 1.594
        (14.4, 0.2, ACCELERATION_NEEDED),  # sqrt(1.44) = 1.2: CR 0.769
        (12.1, 0.1, LIMITED_PROGRESS),  # sqrt(1.21) = 1.1: CR 0.385
        (8.1, -0.1, DETERIORATION),  # sqrt(0.81) = 0.9: CR -0.385
    ],
)
def test_classes_higher_is_better(latest, actual_rate, status):
    result = run(make_indicator(target=40.0), (2024, 10.0), (2026, latest))
    assert result.status == status
    assert result.growth == "compound"
    assert result.ratio == pytest.approx(actual_rate / REQUIRED_UP)
    assert result.baseline.year == 2024 and result.latest.year == 2026
    assert result.gap == pytest.approx(40.0 - latest)
    assert result.required_annual_change == pytest.approx((40.0 - latest) / 4)  # 4 years from 2026 to 2030
    assert result.actual_annual_change == pytest.approx((latest - 10.0) / 2)
    assert result.projected_value == pytest.approx(latest * (1 + actual_rate) ** 4)
    assert "ratio" in codes(result)


def test_on_track_projection_meets_the_target():
    result = run(make_indicator(target=40.0), (2024, 10.0), (2026, 20.0))
    assert result.projected_value == pytest.approx(80.0)  # 20 * sqrt(2)^4
    assert result.projected_gap == 0.0


def test_achieved_is_checked_first():
    result = run(make_indicator(target=40.0), (2024, 45.0), (2026, 40.0))  # falling, but at the target
    assert result.status == ACHIEVED
    assert result.met is True and result.gap == 0.0 and result.required_annual_change == 0.0


def test_strict_target_equalled_is_not_achieved():
    result = run(make_indicator(comparator=">", target=40.0), (2024, 10.0), (2026, 40.0))
    assert result.status != ACHIEVED
    assert result.met is False and result.gap == 0.0
    assert "strict" in codes(result)


# --------------------------------------------------------------------------------------------------
# lower is better: target < 2.5 in 2030, baseline 10 in 2024 (required 0.25^(1/6) - 1, a reduction)

REQUIRED_DOWN = 0.25 ** (1 / 6) - 1


@pytest.mark.parametrize(
    ("latest", "actual_rate", "status"),
    [
        (5.0, math.sqrt(0.5) - 1, ON_TRACK),  # -29.3 % a year against -20.6 % needed: CR 1.42
        (7.225, -0.15, ACCELERATION_NEEDED),  # 10 * 0.85^2: CR 0.727
        (8.1, -0.1, LIMITED_PROGRESS),  # 10 * 0.9^2: CR 0.485
        (12.1, 0.1, DETERIORATION),  # rising: CR -0.485
    ],
)
def test_classes_lower_is_better(latest, actual_rate, status):
    result = run(make_indicator(comparator="<", target=2.5, unit="percent"), (2024, 10.0), (2026, latest))
    assert result.status == status
    assert result.ratio == pytest.approx(actual_rate / REQUIRED_DOWN)
    assert result.gap == pytest.approx(2.5 - latest)  # negative: the figure must fall
    assert result.gap < 0
    assert result.required_annual_change == pytest.approx((2.5 - latest) / 4)
    assert result.actual_annual_change == pytest.approx((latest - 10.0) / 2)


def test_lower_is_better_projection():
    result = run(make_indicator(comparator="<", target=2.5, unit="percent"), (2024, 10.0), (2026, 5.0))
    assert result.projected_value == pytest.approx(1.25)  # 5 * (sqrt(0.5))^4
    assert result.projected_gap == 0.0


def test_lower_is_better_achieved_and_strict():
    ind = make_indicator(comparator="<", target=3.0, unit="percent")
    assert run(ind, (2025, 3.2), (2026, 2.8)).status == ACHIEVED
    equal = run(ind, (2025, 3.2), (2026, 3.0))  # "dưới 3 %": 3.0 is not under 3
    assert equal.status != ACHIEVED and equal.met is False and "strict" in codes(equal)


def test_baseline_met_then_lost_is_deterioration():
    # < 3: 2.0 in 2024 met it, 3.5 in 2026 does not; the required rate points the wrong way.
    result = run(make_indicator(comparator="<", target=3.0, unit="percent"), (2024, 2.0), (2026, 3.5))
    assert result.status == DETERIORATION
    assert result.ratio is None
    assert "baseline-met" in codes(result)


# --------------------------------------------------------------------------------------------------
# zero and tiny bases, single figures, no figures


def test_zero_baseline_is_lifted_to_the_floor():
    # 1 % of the target 10 is 0.1: the baseline 0 is raised to 0.1 and every figure with it (shift 0.1).
    result = run(make_indicator(target=10.0), (2024, 0.0), (2026, 2.0))
    assert result.growth == "compound" and result.shift == pytest.approx(0.1)
    actual = (2.1 / 0.1) ** (1 / 2) - 1  # 358 % a year
    required = (10.1 / 0.1) ** (1 / 6) - 1  # 116 % a year
    assert result.ratio == pytest.approx(actual / required)  # 3.09
    assert result.status == ON_TRACK
    assert result.projected_value == pytest.approx(2.1 * (1 + actual) ** 4 - 0.1)
    assert result.gap == pytest.approx(8.0) and result.required_annual_change == pytest.approx(2.0)
    assert "shift" in codes(result)


def test_tiny_baseline_is_lifted_to_the_floor():
    # 0.05 is under 1 % of the target 10 (0.1): shift 0.05, so the pace runs from 0.1 to 1.05.
    result = run(make_indicator(target=10.0), (2024, 0.05), (2026, 1.0))
    assert result.growth == "compound" and result.shift == pytest.approx(0.05)
    assert result.ratio == pytest.approx(((1.05 / 0.1) ** 0.5 - 1) / ((10.05 / 0.1) ** (1 / 6) - 1))


def test_small_base_order_is_kept():
    # Issue #16: with the old switch 0.54 -> 1 (linear) was worse than 0.56 -> 1 (compound). Target 60: floor 0.6.
    more = run(make_indicator(target=60.0), (2024, 0.54), (2026, 1.0))
    less = run(make_indicator(target=60.0), (2024, 0.56), (2026, 1.0))
    assert more.ratio > less.ratio
    # by hand: shifts 0.06 and 0.04 put both baselines at 0.6
    assert more.ratio == pytest.approx(((1.06 / 0.6) ** 0.5 - 1) / ((60.06 / 0.6) ** (1 / 6) - 1))
    assert less.ratio == pytest.approx(((1.04 / 0.6) ** 0.5 - 1) / ((60.04 / 0.6) ** (1 / 6) - 1))


def test_zero_target_uses_absolute_changes():
    # "<= 0": compound growth towards 0 is undefined, so absolute changes, for every series of the indicator.
    result = run(make_indicator(comparator="<=", target=0.0), (2024, 5.0), (2026, 3.0))
    assert result.growth == "linear"
    assert result.ratio == pytest.approx(-1.0 / (-5.0 / 6))  # 1.2
    assert result.status == ON_TRACK
    assert result.projected_value == pytest.approx(0.0)  # 3 - 4 = -1, kept at 0
    assert "projection-capped" in codes(result)


def test_single_figure_is_insufficient_data():
    result = run(make_indicator(target=35.0), (2016, 26.2))
    assert result.status == INSUFFICIENT_DATA
    assert result.baseline is None and result.actual_annual_change is None and result.projected_value is None
    assert result.gap == pytest.approx(8.8)
    assert result.required_annual_change == pytest.approx(8.8 / 14)  # 2016 -> 2030


def test_no_figure_is_no_data():
    result = run(make_indicator())
    assert result.status == NO_DATA
    assert result.latest is None and result.gap is None


def test_figures_after_the_as_of_year_are_ignored():
    result = run(make_indicator(target=40.0), (2024, 10.0), (2026, 20.0), (2027, 50.0), as_of=2026)
    assert result.latest.year == 2026 and result.status == ON_TRACK


def test_baseline_is_the_last_figure_up_to_the_plan_start():
    result = run(make_indicator(target=40.0), (2020, 5.0), (2023, 10.0), (2025, 12.0), (2026, 14.4))
    assert result.baseline.year == 2023
    # three years from 2023: (14.4/10)^(1/3) - 1 against 4^(1/7) - 1
    assert result.ratio == pytest.approx((1.44 ** (1 / 3) - 1) / (4 ** (1 / 7) - 1))


def test_baseline_after_the_plan_start_when_nothing_earlier():
    result = run(make_indicator(target=40.0), (2025, 10.0), (2026, 12.0))
    assert result.baseline.year == 2025


def test_projection_of_a_percentage_is_capped():
    result = run(make_indicator(target=95.0, unit="percent"), (2016, 81.5), (2022, 88.98))
    assert result.status == ON_TRACK
    assert result.projected_value == 100.0
    assert "projection-capped" in codes(result)


def test_target_year_passed_gives_a_verdict():
    # As of 2026 the 2025 target is judged on its 2025 figure; the 2026 figure is not the target's.
    result = run(make_indicator(target=40.0, year=2025), (2024, 8.0), (2025, 10.0), (2026, 12.0))
    assert result.latest.year == 2025 and result.status == NOT_ACHIEVED
    assert result.gap == pytest.approx(30.0) and result.required_annual_change is None
    assert result.ratio is None and "after-target-year" in codes(result)


# --------------------------------------------------------------------------------------------------
# bounds and approximate figures, series breaks


def test_lower_bound_cannot_say_whether_the_target_is_met():
    result = run(make_indicator(target=65.0, unit="percent"), (2020, 50.0, "at_least"))
    assert result.status == INSUFFICIENT_DATA and result.met is None
    assert "bound" in codes(result)
    assert result.gap is None and result.required_annual_change is None  # unknown, not 0


def test_lower_bound_above_the_target_is_achieved():
    assert run(make_indicator(target=65.0, unit="percent"), (2020, 70.0, "at_least")).status == ACHIEVED


def test_bounds_do_not_carry_a_trend():
    result = run(make_indicator(target=65.0, unit="percent"), (2020, 50.0, "at_least"), (2024, 55.0))
    assert result.status == INSUFFICIENT_DATA and result.baseline is None


def test_approximate_figure_is_used_and_noted():
    result = run(make_indicator(target=40000.0, unit="people_per_year"), (2021, 38000.0, "about"))
    assert result.latest.value == 38000.0 and "approximate" in codes(result)


def test_series_break_splits_the_trend():
    ind = make_indicator(target=95.0, unit="percent")
    result = run(ind, (2016, 81.5, "exact", 0), (2022, 88.98, "exact", 0), (2026, 93.0, "exact", 1))
    assert result.status == INSUFFICIENT_DATA
    assert result.trend == [result.latest]
    assert [n.params for n in result.notes if n.code == "series-break"] == [{"count": 2}]


def test_same_segment_forms_a_trend():
    ind = make_indicator(target=95.0, unit="percent")
    result = run(ind, (2016, 81.5), (2022, 88.98), (2026, 93.0))
    assert result.baseline.year == 2022 and result.status == ON_TRACK


# --------------------------------------------------------------------------------------------------
# milestones


def milestone():
    return make_indicator("m", comparator="==", target=True, unit="boolean", kind="milestone")


def test_milestone_achieved():
    result = run(milestone(), (2025, True))
    assert result.status == ACHIEVED and result.gap is None and result.ratio is None


def test_milestone_not_achieved_after_being_reported_achieved():
    result = run(milestone(), (2025, True), (2026, False))
    assert result.status == NOT_ACHIEVED
    assert "milestone-reverted" in codes(result)


def test_milestone_without_figures():
    assert run(milestone()).status == NO_DATA
