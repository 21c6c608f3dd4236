"""Where each 2030 target stands: latest figure, gap, pace, projection and a progress class.

The class follows the UN Statistics Division's SDG Progress Chart method (issue #3): the ratio
CR = actual growth rate / required growth rate, both compound annual rates measured from a baseline.
Pure: the as-of year, the thresholds (``plan.yaml: progress_thresholds``) and the base year are
arguments. docs/status.md states every convention; the tests recompute the numbers by hand.

Sign convention: ``gap``, ``required_annual_change`` and ``actual_annual_change`` are *target minus
figure* and *change per year*, in the indicator's unit: positive means the figure must rise (or rose),
negative that it must fall (or fell). ``gap`` is 0 when the target is met.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..i18n import N_
from ..models import ContextFigure, ProgressThresholds
from ..validate.loading import Dataset
from .series import Localized, Msg, Note, Point, Series, build, indicator_documents

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

# A baseline under 1 % of the larger of target and latest figure makes compound growth explode
# (from 0.01 to 1 is +9 900 %): below it, and for zero baselines, absolute yearly changes are compared
# instead. A numerical-safety rule, not a policy threshold, so it is not in plan.yaml.
TINY_BASE = 0.01

GEOMETRIC = "compound"
LINEAR = "linear"

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
    ratio: float | None = None  # CR of the UNSD method
    method: str | None = None  # compound | linear
    trend: list[Point] = field(default_factory=list)  # the comparable figures the pace is read from
    notes: list[Note] = field(default_factory=list)

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


def classify(ratio: float, thresholds: ProgressThresholds) -> str:
    if ratio >= thresholds.on_track:
        return ON_TRACK
    if ratio >= thresholds.acceleration_needed:
        return ACCELERATION_NEEDED
    if ratio >= thresholds.limited_progress:
        return LIMITED_PROGRESS
    return DETERIORATION


def pick_baseline(trend: Sequence[Point], base_year: int) -> Point | None:
    """The figure the pace is measured from: the last one up to the plan's base year, else the first.

    As the UNSD method takes 2015 (the year the SDGs were adopted), kh113 takes the plan's first year;
    the latest figure itself is never its own baseline, so fewer than two figures give None.
    """
    candidates = list(trend[:-1])
    if not candidates:
        return None
    before = [p for p in candidates if p.year <= base_year]
    return before[-1] if before else candidates[0]


def rates(base: float, years: int, latest: float, target: float, horizon: int) -> tuple[str, float, float | None]:
    """(method, actual rate, required rate) over ``years`` observed and ``horizon`` years to the target.

    Compound annual growth rates ``(b1/b0)^(1/n) - 1``; for a lower-is-better target this is minus the
    UNSD's annual average rate of reduction, and the ratio of two such rates is the same either way.
    """
    if min(base, latest, target) > 0 and base >= TINY_BASE * max(target, latest):
        actual = (latest / base) ** (1 / years) - 1
        required = (target / base) ** (1 / horizon) - 1 if horizon > 0 else None
        return GEOMETRIC, actual, required
    actual = (latest - base) / years
    required = (target - base) / horizon if horizon > 0 else None
    return LINEAR, actual, required


def assess(series: Series, as_of: int, thresholds: ProgressThresholds, base_year: int) -> Assessment:
    """The status of one indicator from its series, as of ``as_of``."""
    points = [p for p in series.points if p.year <= as_of]
    result = Assessment(series=series, as_of=as_of, status=NO_DATA, notes=list(series.notes))
    result.notes.extend(context_note(c) for c in series.indicator.context if c.year <= as_of)
    if not points:
        return result
    latest = result.latest = points[-1]
    if latest.note:
        result.notes.append(
            Note(
                "figure-note",
                N_("About the {year} figure: {note}"),
                {"year": latest.year, "note": Localized(latest.note, latest.note_en)},
            )
        )
    if latest.synthetic:
        result.notes.append(
            Note("synthetic", N_("The {year} figure is synthetic (made-up demonstration data)"), {"year": latest.year})
        )
    if latest.segment > series.target_segment and series.breaks:
        result.notes.append(
            Note(
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
    else:
        _numeric(result, points, thresholds, base_year)
    return result


def _milestone(result: Assessment, points: list[Point]) -> None:
    latest = result.latest
    assert latest is not None
    result.met = bool(latest.value)
    result.status = ACHIEVED if result.met else NOT_ACHIEVED
    earlier = [p.year for p in points[:-1] if p.value is True]
    if not result.met and earlier:
        result.notes.append(
            Note(
                "milestone-reverted",
                N_("Reported achieved in {years}, but not in {year}"),
                {"years": ", ".join(map(str, earlier)), "year": latest.year},
            )
        )


def _numeric(result: Assessment, points: list[Point], thresholds: ProgressThresholds, base_year: int) -> None:
    indicator = result.series.indicator
    target = float(indicator.target.value)
    comparator = indicator.target.comparator
    target_year = indicator.target.year
    latest = result.latest
    assert latest is not None
    value = float(latest.value)

    result.met = met_state(latest, comparator, target)
    if latest.bound and result.met is not True:
        result.notes.append(
            Note(
                "bound",
                N_(
                    "The {year} figure is a bound ({qualifier} {value}), not a value: whether the target is met "
                    "and the exact gap cannot be told from it"
                ),
                {"year": latest.year, "qualifier": _qualifier_words(latest.qualifier), "value": value},
            )
        )
    elif latest.qualifier == "estimate":
        result.notes.append(
            Note(
                "estimate",
                N_('The {year} figure is an estimate ("ước đạt" {value}), not a final figure'),
                {"year": latest.year, "value": value},
            )
        )
    elif latest.qualifier == "about":
        result.notes.append(
            Note(
                "approximate",
                N_("The {year} figure is approximate (about {value})"),
                {"year": latest.year, "value": value},
            )
        )
    if value == target and comparator in ("<", ">") and not result.met:
        result.notes.append(
            Note(
                "strict",
                N_("The figure equals the target, which asks for strictly {side} than {target}"),
                {"side": Msg(N_("less") if comparator == "<" else N_("more")), "target": target},
            )
        )
    result.gap = 0.0 if result.met else gap_of(value, comparator, target)
    years_left = target_year - latest.year
    if result.met:
        result.required_annual_change = 0.0
    elif years_left > 0:
        result.required_annual_change = result.gap / years_left

    current = [p for p in points if p.segment == latest.segment]
    other_side = len(points) - len(current)
    if other_side:
        result.notes.append(
            Note(
                "series-break",
                N_("{count} figure(s) from the other side of a series break are not combined into the trend"),
                {"count": other_side},
            )
        )
    bounds = [p.year for p in current if p.bound and p is not latest]
    if bounds:
        result.notes.append(
            Note(
                "bounds-skipped",
                N_("Bounds are not used for the pace: {years}"),
                {"years": ", ".join(map(str, bounds))},
            )
        )
    result.trend = [p for p in current if not p.bound]
    baseline = result.baseline = pick_baseline(result.trend, base_year)
    if baseline is not None and baseline.note:
        # The pace is read from the baseline too: its caveats are the result's (issue #15).
        result.notes.append(
            Note(
                "baseline-note",
                N_("About the baseline ({year}): {note}"),
                {"year": baseline.year, "note": Localized(baseline.note, baseline.note_en)},
            )
        )

    if result.met:
        result.status = ACHIEVED
    elif baseline is None:
        result.status = INSUFFICIENT_DATA
    if baseline is None:
        return

    last = result.trend[-1]
    span = last.year - baseline.year
    b0, b1 = float(baseline.value), float(last.value)
    result.actual_annual_change = (b1 - b0) / span
    method, actual, required = rates(b0, span, b1, target, target_year - baseline.year)
    result.method = method
    _project(result, last, method, actual, target, comparator, target_year)
    up = direction(comparator, target, b0)
    if required is not None and up * required > 0:
        result.ratio = actual / required
        if result.status != ACHIEVED:
            result.status = classify(result.ratio, thresholds)
        percent = 100.0 if method == GEOMETRIC else 1.0
        template = (
            N_(
                "Progress ratio {ratio}: {actual} % a year against {required} % needed "
                "(compound growth from {base} to {last})"
            )
            if method == GEOMETRIC
            else N_(
                "Progress ratio {ratio}: {actual} a year against {required} needed (absolute change from {base} to "
                "{last}: the baseline is zero or tiny)"
            )
        )
        result.notes.append(
            Note(
                "ratio",
                template,
                {
                    "ratio": result.ratio,
                    "actual": actual * percent,
                    "required": required * percent,
                    "base": baseline.year,
                    "last": last.year,
                },
            )
        )
        return
    if result.status == ACHIEVED:
        return
    # No required path: the target year is not after the baseline, or the baseline already met the target
    # and the latest figure no longer does. Moving away from the target is deterioration.
    result.status = DETERIORATION if up * actual < 0 else LIMITED_PROGRESS
    if required is None:
        result.notes.append(
            Note(
                "no-horizon",
                N_("The baseline year {base} is not before the target year {year}"),
                {"base": baseline.year, "year": target_year},
            )
        )
    else:
        result.notes.append(
            Note(
                "baseline-met",
                N_("The baseline ({base}: {value}) already met the target; the latest figure does not"),
                {"base": baseline.year, "value": b0},
            )
        )


def _project(
    result: Assessment, last: Point, method: str, actual: float, target: float, comparator: str, target_year: int
) -> None:
    """The figure expected in the target year if the observed pace continues, and its gap."""
    ahead = target_year - last.year
    if ahead < 0:
        return
    start = float(last.value)
    projected = start * (1 + actual) ** ahead if method == GEOMETRIC else start + actual * ahead
    cap = PERCENT_CAP.get(result.series.indicator.unit)
    bounded = min(max(projected, 0.0), cap) if cap is not None else max(projected, 0.0)
    if bounded != projected:
        result.notes.append(
            Note(
                "projection-capped",
                N_("The projection {value} is outside the possible range and is shown as {shown}"),
                {"value": projected, "shown": bounded},
            )
        )
    result.projected_value = bounded
    result.projected_gap = gap_of(bounded, comparator, target)


TERRITORY_WORDS = {
    "ca-mau-pre-2025": N_("Cà Mau before the merger"),
    "bac-lieu-pre-2025": N_("Bạc Liêu before the merger"),
    "ca-mau-2025": N_("the merged Cà Mau province"),
}


def context_note(figure: ContextFigure) -> Note:
    """A published figure kept as context (another definition or territory): said, never used."""
    citation = figure.source.title + (f" — {figure.source.url}" if figure.source.url else "")
    return Note(
        "context",
        N_("Context, not used for the status ({year}, {territory}): {note} Source: {source}"),
        {
            "year": figure.year,
            "territory": Msg(TERRITORY_WORDS[figure.territory]),
            "note": Localized(figure.note, figure.note_en),
            "source": citation,
        },
    )


def _qualifier_words(qualifier: str) -> Msg:
    return Msg(N_("at least") if qualifier == "at_least" else N_("at most"))


def assess_dataset(data: Dataset, as_of: int, indicator_ids: Sequence[str]) -> list[Assessment]:
    """Assessments of the named indicators as of ``as_of``, with the plan's breaks and thresholds."""
    plan = data.plan
    assert plan is not None, "the CLI refuses a root without plan.yaml"
    series = build(data.indicators, data.submissions, plan.series_breaks, plan.date, as_of, indicator_documents(data))
    # The base year is the plan's first year, as the UNSD method uses 2015 for the SDGs (docs/status.md).
    return [assess(series[ident], as_of, plan.progress_thresholds, plan.period[0]) for ident in indicator_ids]
