"""Where each 2030 target stands: latest figure, gap, pace, projection and a progress class.

The class follows the UN Statistics Division's SDG Progress Chart method (issue #3), in one of two
editions (issue #16): ``unsd-2022`` (2017-2022 technical notes: CR = actual / required compound annual
growth rate) or ``unsd-2023`` (2023 technical note: (projected value - baseline) / (target - baseline)).
As of the target year or later only a verdict is given: ``achieved`` or ``not_achieved``.
Pure: the as-of year, the method, the thresholds (``plan.yaml: progress_thresholds``) and the base year
are arguments. docs/status.md states every convention; the tests recompute the numbers by hand.

Sign convention: ``gap``, ``required_annual_change`` and ``actual_annual_change`` are *target minus
figure* and *change per year*, in the indicator's unit: positive means the figure must rise (or rose),
negative that it must fall (or fell). ``gap`` is 0 when the target is met.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_
from ..messages import Localized, Message
from ..models import ContextFigure, ProgressThresholds
from ..problems import Problem
from ..validate.loading import Dataset
from .series import Point, Series, build, indicator_documents, note

ACHIEVED = "achieved"
ON_TRACK = "on_track"
ACCELERATION_NEEDED = "acceleration_needed"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
NOT_ACHIEVED = "not_achieved"
INSUFFICIENT_DATA = "insufficient_data"
NO_DATA = "no_data"

# Every status, best first (the order of --only choices and of summaries).
STATUSES = (
    ACHIEVED,
    ON_TRACK,
    ACCELERATION_NEEDED,
    LIMITED_PROGRESS,
    DETERIORATION,
    NOT_ACHIEVED,
    INSUFFICIENT_DATA,
    NO_DATA,
)

# Compound growth is undefined from 0 and explodes from a tiny base. Issue #16: the old switch to
# absolute changes below 1 % of the target made the class jump (0.54 -> 1 worse than 0.56 -> 1). Now a
# baseline under TINY_BASE x |target| is lifted to that floor and every figure of the pace is shifted by
# the same amount, so the rates are continuous in the data and monotone in progress (docs/status.md,
# "Zero or tiny baselines"). A numerical-safety rule, not a policy threshold, so it is not in plan.yaml.
TINY_BASE = 0.01

GEOMETRIC = "compound"
LINEAR = "linear"

UNSD_2022 = "unsd-2022"
UNSD_2023 = "unsd-2023"
METHODS = (UNSD_2022, UNSD_2023)
# The 2023 edition's cut-offs of the projection ratio are part of that method, not of the plan: the plan's
# progress_thresholds are the 2017-2022 ones (docs/status.md cites both editions).
# Every output names the progress method (issue #16): the table's caption, the report's results section.
METHOD_LABELS = {
    UNSD_2022: N_("Method: unsd-2022 (UNSD SDG Progress Chart 2017-2022: actual / required growth rate)"),
    UNSD_2023: N_("Method: unsd-2023 (UNSD SDG Progress Chart 2023: projected / required progress)"),
}
UNSD_2023_ON_TRACK = 0.95
UNSD_2023_FAIR = 0.10

PERCENT_CAP = {"percent": 100.0}


@dataclass
class Assessment:
    """The status of one indicator as of a year."""

    series: Series
    as_of: int
    status: str
    latest: Point | None = None
    baseline: Point | None = None
    met: bool | None = None  # None: cannot be told (no figure, or the latest figure is a bound)
    gap: float | None = None
    required_annual_change: float | None = None
    actual_annual_change: float | None = None
    projected_value: float | None = None
    projected_gap: float | None = None
    ratio: float | None = None  # CR (unsd-2022) or the projection ratio (unsd-2023)
    method: str = UNSD_2022  # the progress method: unsd-2022 | unsd-2023
    growth: str | None = None  # how the pace is measured: compound | linear
    shift: float = 0.0  # added to every figure of the pace when the baseline is tiny (docs/status.md)
    average: float | None = None  # kind `average`: the mean of the yearly figures so far
    average_years: tuple[int, int] | None = None  # the years that mean covers
    required_average: float | None = None  # kind `average`: what the remaining years must average
    trend: list[Point] = field(default_factory=list)  # the comparable figures the pace is read from
    notes: list[Problem] = field(default_factory=list)

    @property
    def indicator(self):  # type: ignore[no-untyped-def]
        return self.series.indicator


def satisfies(value: float, comparator: str, target: float) -> bool:
    """The target's comparator applied as written: "dưới 3 %" is ``<``, so 3.0 does not satisfy it."""
    if comparator == ">=":
        return value >= target
    if comparator == ">":
        return value > target
    if comparator == "<=":
        return value <= target
    if comparator == "<":
        return value < target
    return value == target


def direction(comparator: str, target: float, reference: float) -> int:
    """+1 when higher is better, -1 when lower is better (for ``==``: towards the target)."""
    if comparator in (">=", ">"):
        return 1
    if comparator in ("<=", "<"):
        return -1
    return (target > reference) - (target < reference)


def met_state(point: Point, comparator: str, target: float) -> bool | None:
    """Whether the figure meets the target; None when a bound cannot tell.

    "At least 50" meets ">= 40" for sure, fails "< 40" for sure, and says nothing about ">= 65".
    """
    ok = satisfies(float(point.value), comparator, target)
    if not point.bound:
        return ok
    up = direction(comparator, target, float(point.value))
    if up == 0:
        return None
    if (point.qualifier == "at_least") == (up > 0):
        return True if ok else None  # the bound lies on the target's good side of the true value
    return False if not ok else None


def gap_of(value: float, comparator: str, target: float) -> float:
    """Target minus value when the target is not met, else 0 (see the module's sign convention)."""
    return 0.0 if satisfies(value, comparator, target) else target - value


def classify(ratio: float, thresholds: ProgressThresholds, method: str = UNSD_2022) -> str:
    """The pace class of a ratio under ``method`` (unsd-2022: the plan's thresholds; unsd-2023: its own)."""
    if method == UNSD_2023:
        if ratio >= UNSD_2023_ON_TRACK:
            return ON_TRACK
        if ratio >= UNSD_2023_FAIR:
            return ACCELERATION_NEEDED
        # The edition's lowest class, "stagnation or regression", split where the figure moved away.
        return LIMITED_PROGRESS if ratio >= 0 else DETERIORATION
    if ratio >= thresholds.on_track:
        return ON_TRACK
    if ratio >= thresholds.acceleration_needed:
        return ACCELERATION_NEEDED
    if ratio >= thresholds.limited_progress:
        return LIMITED_PROGRESS
    return DETERIORATION


def pick_baseline(trend: Sequence[Point], base_year: int, latest_included: bool = True) -> Point | None:
    """The figure the pace is measured from: the last one up to the plan's base year, else the first.

    As the UNSD method takes 2015 (the year the SDGs were adopted), kh113 takes the plan's first year;
    the latest figure itself is never its own baseline, so fewer than two figures give None
    (``latest_included=False``: the latest figure is a bound, outside ``trend``).
    """
    candidates = list(trend[:-1] if latest_included else trend)
    if not candidates:
        return None
    before = [p for p in candidates if p.year <= base_year]
    return before[-1] if before else candidates[0]


def shift_for(base: float, target: float) -> float | None:
    """What every figure of the pace is shifted by so the baseline is at least TINY_BASE x |target|.

    None when compound growth cannot be used at all (a target of 0): absolute changes are used instead,
    for every series of that indicator alike, so the choice never depends on the data.
    """
    floor = TINY_BASE * abs(target)
    if floor == 0:
        return None
    return max(0.0, floor - base)


@dataclass(frozen=True)
class Pace:
    """The observed and required pace from a baseline, and where it leads by the target year."""

    growth: str  # compound | linear
    shift: float
    actual: float  # rate (compound) or change (linear) per year
    required: float | None  # None: the target year is not after the baseline
    projected: float | None  # the figure in the target year if the pace holds (before any cap)


def pace(b0: float, y0: int, b1: float, y1: int, target: float, target_year: int) -> Pace:
    """Compound growth on the (shifted) figures, or absolute changes where compound growth is undefined."""
    years, horizon, ahead = y1 - y0, target_year - y0, target_year - y1
    c = shift_for(b0, target)
    # A last figure of 0 is fine (a rate of -100 %): switching to absolute changes there would be a jump.
    if c is not None and min(b0 + c, target + c) > 0 and b1 + c >= 0:
        actual = ((b1 + c) / (b0 + c)) ** (1 / years) - 1
        required = ((target + c) / (b0 + c)) ** (1 / horizon) - 1 if horizon > 0 else None
        projected = (b1 + c) * (1 + actual) ** ahead - c if ahead >= 0 else None
        return Pace(GEOMETRIC, c, actual, required, projected)
    # A target of 0, or figures below 0 (no unit of the plan has them): absolute changes.
    actual = (b1 - b0) / years
    required = (target - b0) / horizon if horizon > 0 else None
    projected = b1 + actual * ahead if ahead >= 0 else None
    return Pace(LINEAR, 0.0, actual, required, projected)


def assess(
    series: Series, as_of: int, thresholds: ProgressThresholds, base_year: int, method: str = UNSD_2022
) -> Assessment:
    """The status of one indicator from its series, as of ``as_of``, by ``method`` (unsd-2022 | unsd-2023)."""
    target_year = series.indicator.target.year
    final = as_of >= target_year
    points = [p for p in series.points if p.year <= as_of]
    result = Assessment(series=series, as_of=as_of, status=NO_DATA, notes=list(series.notes), method=method)
    result.notes.extend(context_note(c) for c in series.indicator.context if c.year <= as_of)
    if final and any(p.year > target_year for p in points):
        # The verdict is about the target year; later figures describe something the plan did not set.
        result.notes.append(
            note(
                "after-target-year",
                N_("Figures after the target year {year} are not used for the verdict"),
                {"year": target_year},
            )
        )
        points = [p for p in points if p.year <= target_year]
    if not points:
        return result
    latest = result.latest = points[-1]
    if latest.note:
        result.notes.append(
            note(
                "figure-note",
                N_("About the {year} figure: {note}"),
                {"year": latest.year, "note": Localized(latest.note, latest.note_en)},
            )
        )
    if latest.synthetic:
        result.notes.append(
            note("synthetic", N_("The {year} figure is synthetic (made-up demonstration data)"), {"year": latest.year})
        )
    if latest.segment > series.target_segment and series.breaks:
        result.notes.append(
            note(
                "target-before-break",
                N_(
                    "The target was set before the series break of {date}; "
                    "the latest figure describes the new territory"
                ),
                {"date": series.breaks[latest.segment - 1].date.strftime("%d/%m/%Y")},
            )
        )
    if series.indicator.kind == "milestone":
        _milestone(result, points)
    elif series.indicator.target.kind == "average":
        _average(result, points, thresholds, final)
    else:
        _numeric(result, points, thresholds, base_year, final)
    return result


def _milestone(result: Assessment, points: list[Point]) -> None:
    latest = result.latest
    assert latest is not None
    result.met = bool(latest.value)
    result.status = ACHIEVED if result.met else NOT_ACHIEVED
    earlier = [p.year for p in points[:-1] if p.value is True]
    if not result.met and earlier:
        result.notes.append(
            note(
                "milestone-reverted",
                N_("Reported achieved in {years}, but not in {year}"),
                {"years": ", ".join(map(str, earlier)), "year": latest.year},
            )
        )


def _numeric(
    result: Assessment, points: list[Point], thresholds: ProgressThresholds, base_year: int, final: bool
) -> None:
    """A numeric target: what the latest figure says, the gap, the trend's baseline, then the verdict or class."""
    latest = result.latest
    assert latest is not None
    result.met = met_state(
        latest, result.series.indicator.target.comparator, float(result.series.indicator.target.value)
    )
    _figure_notes(result, latest)
    _gap(result, latest)
    baseline = _trend(result, points, latest, base_year)
    if final:
        _verdict(result, result.series.indicator.target.year)
        return
    if result.met:
        result.status = ACHIEVED
    elif baseline is None:
        result.status = INSUFFICIENT_DATA
    if baseline is None:
        return
    status, ratio = _pace_class(result, latest, baseline, thresholds)
    _settle(result, latest, status, ratio)


def _figure_notes(result: Assessment, latest: Point) -> None:
    """What the reader must know about the latest figure: a bound, an estimate, approximate, strictly equal."""
    target = float(result.series.indicator.target.value)
    comparator = result.series.indicator.target.comparator
    value = float(latest.value)
    words = {"year": latest.year, "qualifier": _qualifier_words(latest.qualifier), "value": value}
    if latest.bound and result.met is None:
        result.notes.append(
            note(
                "bound",
                N_(
                    "The {year} figure is a bound ({qualifier} {value}), not a value: whether the target is met "
                    "and the exact gap cannot be told from it"
                ),
                words,
            )
        )
    elif latest.bound and result.met is False:
        result.notes.append(
            note(
                "bound-not-met",
                N_(
                    "The {year} figure is a bound ({qualifier} {value}): the target is not met, and the gap is at "
                    "least {gap}"
                ),
                {**words, "gap": target - value},
            )
        )
    elif latest.qualifier == "estimate":
        result.notes.append(
            note(
                "estimate",
                N_('The {year} figure is an estimate ("ước đạt" {value}), not a final figure'),
                {"year": latest.year, "value": value},
            )
        )
    elif latest.qualifier == "about":
        result.notes.append(
            note(
                "approximate",
                N_("The {year} figure is approximate (about {value})"),
                {"year": latest.year, "value": value},
            )
        )
    if value == target and comparator in ("<", ">") and not result.met and not latest.bound:
        result.notes.append(
            note(
                "strict",
                N_("The figure equals the target, which asks for strictly {side} than {target}"),
                {"side": Message(N_("less") if comparator == "<" else N_("more")), "target": target},
            )
        )


def _gap(result: Assessment, latest: Point) -> None:
    """The gap to the target and the change a year that closes it by the target year."""
    target_spec = result.series.indicator.target
    # A bound that leaves the gap open gives no gap and no required change (empty, never 0).
    if result.met:
        result.gap = 0.0
        result.required_annual_change = 0.0
    elif not latest.bound:
        result.gap = gap_of(float(latest.value), target_spec.comparator, float(target_spec.value))
        if target_spec.year > latest.year:
            result.required_annual_change = result.gap / (target_spec.year - latest.year)


def _trend(result: Assessment, points: list[Point], latest: Point, base_year: int) -> Point | None:
    """The figures the pace is read from (the latest segment, no bounds), their baseline and actual change."""
    current = [p for p in points if p.segment == latest.segment]
    other_side = len(points) - len(current)
    if other_side:
        result.notes.append(
            note(
                "series-break",
                N_("{count} figure(s) from the other side of a series break are not combined into the trend"),
                {"count": other_side},
            )
        )
    bounds = [p.year for p in current if p.bound and p is not latest]
    if bounds:
        result.notes.append(
            note(
                "bounds-skipped",
                N_("Bounds are not used for the pace: {years}"),
                {"years": ", ".join(map(str, bounds))},
            )
        )
    result.trend = [p for p in current if not p.bound]
    baseline = result.baseline = pick_baseline(result.trend, base_year, latest_included=not latest.bound)
    if baseline is not None and not latest.bound:
        last = result.trend[-1]
        result.actual_annual_change = (float(last.value) - float(baseline.value)) / (last.year - baseline.year)
    if baseline is not None and baseline.note:
        # The pace is read from the baseline too: its caveats are the result's (issue #15).
        result.notes.append(
            note(
                "baseline-note",
                N_("About the baseline ({year}): {note}"),
                {"year": baseline.year, "note": Localized(baseline.note, baseline.note_en)},
            )
        )
    return baseline


def _pace_class(
    result: Assessment, latest: Point, baseline: Point, thresholds: ProgressThresholds
) -> tuple[str, float | None]:
    """The class the pace from the baseline gives, and its ratio (None without a required path); noted."""
    target_spec = result.series.indicator.target
    target, comparator, target_year = float(target_spec.value), target_spec.comparator, target_spec.year
    # A bound as the latest figure is the end of the pace: by monotonicity the class it gives is the best
    # (or worst) the true figure can have, which settles the class at the end of the scale (issue #16).
    end = latest if latest.bound else result.trend[-1]
    b0, b1 = float(baseline.value), float(end.value)
    found = pace(b0, baseline.year, b1, end.year, target, target_year)
    result.growth, result.shift = found.growth, found.shift
    projected = _bounded(result, found.projected) if found.projected is not None else None
    if not latest.bound and projected is not None:
        result.projected_value = projected
        result.projected_gap = gap_of(projected, comparator, target)
    up = direction(comparator, target, b0)
    ratio: float | None = None
    if found.required is not None and up * found.required > 0:
        if result.method == UNSD_2023:
            assert projected is not None  # the target year is after the last figure
            ratio = (projected - b0) / (target - b0)
        else:
            ratio = found.actual / found.required
        status = classify(ratio, thresholds, result.method)
        result.notes.append(_ratio_note(result, ratio, found, baseline.year, end.year, b0, projected, target))
    else:
        # No required path: the target year is not after the baseline, or the baseline already met (or sat
        # on) the target and the latest figure no longer does. Moving away from the target is deterioration.
        status = DETERIORATION if up * found.actual < 0 else LIMITED_PROGRESS
        result.notes.append(_no_path_note(baseline, found, comparator, target, target_year))
    return status, ratio


def _settle(result: Assessment, latest: Point, status: str, ratio: float | None) -> None:
    """The result's class from the pace's: as it is, kept at achieved, or only what a bound can prove."""
    if result.status == ACHIEVED:
        result.ratio = None if latest.bound else ratio
        return
    if not latest.bound:
        result.status, result.ratio = status, ratio
        return
    # Only a bound that proves the target is not met can settle the class, and only at the bottom of the
    # scale: the true figure lies beyond the bound, where the ratio is lower still (it grows with progress).
    if result.met is False and status == DETERIORATION:
        result.status, result.ratio = status, ratio
        result.notes.append(
            note(
                "bound-pace",
                N_("The pace is read up to the {year} bound: any figure beyond it gives the same class"),
                {"year": latest.year},
            )
        )
    else:
        result.status = INSUFFICIENT_DATA
        result.notes.append(
            note(
                "bound-pace-open",
                N_("The class cannot be told from the {year} bound: the true figure may give a better or worse one"),
                {"year": latest.year},
            )
        )


def _verdict(result: Assessment, target_year: int) -> None:
    """As of the target year or later: achieved or not, never a pace (issue #16)."""
    latest = result.latest
    assert latest is not None
    if latest.year < target_year:
        result.status = INSUFFICIENT_DATA
        result.notes.append(
            note(
                "no-target-year-figure",
                N_("There is no figure for the target year {year}: whether the target was met cannot be told"),
                {"year": target_year},
            )
        )
    elif result.met is None:
        result.status = INSUFFICIENT_DATA
    else:
        result.status = ACHIEVED if result.met else NOT_ACHIEVED


def _ratio_note(
    result: Assessment,
    ratio: float,
    found: Pace,
    base: int,
    last: int,
    b0: float,
    projected: float | None,
    target: float,
) -> Problem:
    values: dict[str, Any] = {"ratio": ratio, "base": base, "last": last, "method": result.method}
    if result.method == UNSD_2023:
        template = N_(
            "Projection ratio {ratio} ({method}): {projected} expected in {year} if the pace of {base}-{last} "
            "holds, against {target}, from {value} in {base}"
        )
        values |= {"projected": projected, "year": result.indicator.target.year, "target": target, "value": b0}
    elif found.growth == GEOMETRIC:
        template = N_(
            "Progress ratio {ratio} ({method}): {actual} % a year against {required} % needed "
            "(compound growth from {base} to {last})"
        )
        values |= {"actual": found.actual * 100, "required": (found.required or 0.0) * 100}
    else:
        template = N_(
            "Progress ratio {ratio} ({method}): {actual} a year against {required} needed (absolute change from "
            "{base} to {last}: the target is zero)"
        )
        values |= {"actual": found.actual, "required": found.required or 0.0}
    if found.shift:
        result.notes.append(
            note(
                "shift",
                N_(
                    "The baseline is under one hundredth of the target: every figure of the pace is raised by {shift} "
                    "before the growth rates are computed"
                ),
                {"shift": found.shift},
            )
        )
    return note("ratio", template, values)


def _no_path_note(baseline: Point, found: Pace, comparator: str, target: float, target_year: int) -> Problem:
    if found.required is None:
        return note(
            "no-horizon",
            N_("The baseline year {base} is not before the target year {year}"),
            {"base": baseline.year, "year": target_year},
        )
    b0 = float(baseline.value)
    if satisfies(b0, comparator, target):
        return note(
            "baseline-met",
            N_("The baseline ({base}: {value}) already met the target; the latest figure does not"),
            {"base": baseline.year, "value": b0},
        )
    # e.g. 3 against "dưới 3 %": the baseline sits on the target without meeting it (issue #16).
    return note(
        "baseline-at-target",
        N_("The baseline ({base}: {value}) equals the target value without meeting it: no pace can be required"),
        {"base": baseline.year, "value": b0},
    )


def _average(result: Assessment, points: list[Point], thresholds: ProgressThresholds, final: bool) -> None:
    """A target on the mean of the yearly figures over ``average_over`` (issue #16: the jobs target)."""
    target_spec = result.series.indicator.target
    assert target_spec.average_over is not None  # the model requires it for kind `average`
    first, last = target_spec.average_over
    target, comparator = float(target_spec.value), target_spec.comparator
    averaged = _averaged_years(result, points, final)
    if averaged is None:
        return
    exact, end = averaged
    total = sum(exact[year] for year in range(first, end + 1))
    count = end - first + 1
    mean = result.average = total / count
    result.average_years = (first, end)
    result.met = satisfies(mean, comparator, target)
    result.gap = 0.0 if result.met else target - mean
    result.notes.append(
        note(
            "average",
            N_("Average of {first}-{end}: {value} a year"),
            {"first": first, "end": end, "value": mean},
        )
    )
    if final:
        result.status = ACHIEVED if result.met else NOT_ACHIEVED
        return
    _average_class(result, thresholds, total, end)


def _averaged_years(result: Assessment, points: list[Point], final: bool) -> tuple[dict[int, float], int] | None:
    """The exact figures of the averaged years and the last year averaged; None (noted) when one is missing."""
    target_spec = result.series.indicator.target
    assert target_spec.average_over is not None  # the model requires it for kind `average`
    first, last = target_spec.average_over
    inside = [p for p in points if first <= p.year <= last]
    exact = {p.year: float(p.value) for p in inside if not p.bound}
    bounds = [p.year for p in inside if p.bound]
    if bounds:
        result.notes.append(
            note(
                "bounds-not-averaged",
                N_("Bounds cannot be averaged: {years}"),
                {"years": ", ".join(map(str, bounds))},
            )
        )
    if not exact:
        result.status = INSUFFICIENT_DATA
        result.notes.append(
            note(
                "average-no-figures",
                N_("The target is an average per year over {first}-{last}; there is no figure for those years yet"),
                {"first": first, "last": last},
            )
        )
        return None
    end = last if final else max(exact)
    missing = [year for year in range(first, end + 1) if year not in exact]
    if missing:
        result.status = INSUFFICIENT_DATA
        result.notes.append(
            note(
                "average-missing-years",
                N_(
                    "The target is an average per year over {first}-{last}; without figures for {years} the "
                    "average cannot be computed"
                ),
                {"first": first, "last": last, "years": ", ".join(map(str, missing))},
            )
        )
        return None
    latest_segment = max(p.segment for p in inside if not p.bound)
    earlier = [p.year for p in inside if not p.bound and p.segment != latest_segment]
    if earlier:
        # The plan's average runs over its years whatever the territory; the reader must know it mixes two.
        result.notes.append(
            note(
                "average-across-break",
                N_("The average includes figures from before the series break: {years}"),
                {"years": ", ".join(map(str, earlier))},
            )
        )
    return exact, end


def _average_class(result: Assessment, thresholds: ProgressThresholds, total: float, end: int) -> None:
    """Before the period ends: the class from the average so far against what the remaining years need."""
    target_spec = result.series.indicator.target
    assert target_spec.average_over is not None and result.average is not None
    first, last = target_spec.average_over
    target, comparator, mean = float(target_spec.value), target_spec.comparator, result.average
    # The yearly figure the remaining years must average for the whole period to meet the target.
    needed = result.required_average = (target * (last - first + 1) - total) / (last - end)
    result.projected_value = mean  # the period's average if the remaining years repeat the years so far
    result.projected_gap = gap_of(mean, comparator, target)
    up = direction(comparator, target, mean)
    if up > 0 and satisfies(0.0, comparator, needed):
        # Yearly figures are never negative: whatever the remaining years bring, the average is met.
        result.status = ACHIEVED
        return
    if up > 0:
        ratio = mean / needed if result.method == UNSD_2022 else mean / target
    elif up < 0 and mean > 0 and needed > 0:
        ratio = needed / mean if result.method == UNSD_2022 else target / mean
    else:
        result.status = DETERIORATION if up < 0 else LIMITED_PROGRESS
        return
    result.ratio = ratio
    result.status = classify(ratio, thresholds, result.method)
    result.notes.append(
        note(
            "ratio-average",
            N_(
                "Progress ratio {ratio} ({method}): {value} a year so far; the years {next}-{last} need {needed} a year"
            ),
            {"ratio": ratio, "method": result.method, "value": mean, "next": end + 1, "last": last, "needed": needed},
        )
    )


def _bounded(result: Assessment, projected: float) -> float:
    """A projection kept within the possible range (0-100 for a percentage, 0 or more otherwise), noted."""
    cap = PERCENT_CAP.get(result.series.indicator.unit)
    bounded = min(max(projected, 0.0), cap) if cap is not None else max(projected, 0.0)
    if bounded != projected:
        result.notes.append(
            note(
                "projection-capped",
                N_("The projection {value} is outside the possible range and is shown as {shown}"),
                {"value": projected, "shown": bounded},
            )
        )
    return bounded


TERRITORY_WORDS = {
    "ca-mau-pre-2025": N_("Cà Mau before the merger"),
    "bac-lieu-pre-2025": N_("Bạc Liêu before the merger"),
    "ca-mau-2025": N_("the merged Cà Mau province"),
}


def context_note(figure: ContextFigure) -> Problem:
    """A published figure kept as context (another definition or territory): said, never used."""
    return note(
        "context",
        N_("Context, not used for the status ({year}, {territory}): {note} Source: {source}"),
        {
            "year": figure.year,
            "territory": Message(TERRITORY_WORDS[figure.territory]),
            "note": Localized(figure.note, figure.note_en),
            "source": Localized(figure.source.citation("vi"), figure.source.citation("en")),
        },
    )


def _qualifier_words(qualifier: str) -> Message:
    return Message(N_("at least") if qualifier == "at_least" else N_("at most"))


def assess_dataset(
    data: Dataset, as_of: int, indicator_ids: Sequence[str], method: str = UNSD_2022
) -> list[Assessment]:
    """Assessments of the named indicators as of ``as_of``, with the plan's breaks and thresholds."""
    plan = data.plan
    assert plan is not None, "the CLI refuses a root without plan.yaml"
    series = build(data.indicators, data.submissions, plan.series_breaks, plan.date, as_of, indicator_documents(data))
    # The base year is the plan's first year, as the UNSD method uses 2015 for the SDGs (docs/status.md).
    return [assess(series[ident], as_of, plan.progress_thresholds, plan.period[0], method) for ident in indicator_ids]
