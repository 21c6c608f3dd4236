"""Observation series per indicator: published figures and agency submissions, one value per year.

Pure: takes loaded models and the as-of year; no I/O, no clock (issue #3, item 1). The rules, which
docs/status.md explains for readers:

- An agency submission wins over a published figure for the same year; differing values are noted.
  Two submissions for one year: the one received later wins (a correction; received as git dates it,
  ``LoadedSubmission.received``, and only outside git by its `submitted` date); two published
  figures: the one with the later reference date wins. Drafts (empty value) are not figures.
- Series breaks (``plan.yaml: series_breaks``): a figure's *segment* is the number of breaks on or
  before its reference date (its ``date``, else 31 December of its year). ``Observation.territory``
  decides for the 2025 merger instead of the date. ``comparable_across_break`` puts every figure of
  the indicator in one segment.
- Only the responsible agency's figures count (``scope.py``): a figure its agency does not answer for
  that year (``LoadedSubmission.ignored``) is left out, with a note naming its file.
- Totals (``sum_of``): where every part has a figure for a year, in one segment, and the total has
  none, the total is derived as their sum; a reported total that differs from the sum is noted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_
from ..messages import Message
from ..models import Indicator, Observation, SeriesBreak
from ..problems import Problem, Severity
from ..read.source import Document, Loc
from ..validate.loading import Dataset, LoadedSubmission

PUBLISHED = "published"
SUBMISSION = "submission"
DERIVED = "derived"

# Observation.territory names the two sides of the 1/7/2025 merger of Bạc Liêu into Cà Mau (models.py);
# for a break in that year it decides the side instead of the reference date.
_TERRITORY_YEAR = 2025
_TERRITORY_AFTER = {"ca-mau-pre-2025": False, "ca-mau-2025": True}


def note(code: str, template: str, params: dict[str, Any] | None = None) -> Problem:
    """Something a reader must know about a result: a problem about no file, of severity ``note``, whose
    message is the English id ``template`` with ``params`` (worded when shown, in the reader's language)."""
    return Problem(None, None, None, code, Message(template, params or {}), Severity.NOTE)  # type: ignore[arg-type]


def figure_value(value: float | bool) -> float | Message:
    """A figure as a message argument: a milestone's value is worded ("done", "not yet"), a number stays."""
    if isinstance(value, bool):
        return Message(N_("done")) if value else Message(N_("not yet"))
    return value


@dataclass(frozen=True, slots=True)
class Point:
    """One figure of an indicator for one year, with where it came from (slots: there is one per figure read,
    tens of thousands on a large root, issue #17)."""

    year: int
    value: float | bool
    qualifier: str  # exact | at_least | at_most | about | estimate (Observation.qualifier); submissions: exact
    origin: str  # published | submission | derived
    # The citation (published), the figure's own `source` (submission: ``source`` adds its file), or the
    # parts (derived). A submitted figure's "file: source" is put together when read, not stored: there is
    # one point per figure read (issue #17).
    cited: str
    source_en: str | None = None  # the citation in English (published figures whose source has `title_en`)
    agency: str | None = None
    segment: int = 0
    synthetic: bool = False
    note: str | None = None  # the figure's own note, e.g. how its definition differs (Vietnamese)
    note_en: str | None = None  # the same in English (published figures)
    date: dt.date | None = None
    submitted: dt.date | None = None
    doc: Document | None = field(default=None, compare=False, repr=False)
    loc: Loc = field(default=(), compare=False, repr=False)

    @property
    def source(self) -> str:
        """Where the figure comes from: the citation, or the report's file and the source it gives."""
        if self.origin == SUBMISSION and self.doc is not None:
            return f"{self.doc.path}: {self.cited}" if self.cited else self.doc.path
        return self.cited

    @property
    def bound(self) -> bool:
        """A bound ("over 50 %") is not a point value: it cannot carry a trend."""
        return self.qualifier in ("at_least", "at_most")

    def location(self) -> tuple[str, int] | None:
        """File and line of the figure (composes the file's positions on first use)."""
        if self.doc is None:
            return None
        return self.doc.path, self.doc.locate(self.loc)[0]


@dataclass
class Series:
    """The merged figures of one indicator up to the as-of year."""

    indicator: Indicator
    points: list[Point]  # one per year, ascending (``collect`` gives every figure read, before merging)
    notes: list[Problem]
    breaks: list[SeriesBreak]  # the breaks that split this indicator's figures (none if comparable)
    target_segment: int  # the segment of the plan's date: the territory the target was set for


def segment_of(reference: dt.date, territory: str | None, breaks: Iterable[SeriesBreak]) -> int:
    """How many series breaks lie on or before a figure's reference date."""
    count = 0
    for brk in breaks:
        if territory is not None and brk.date.year == _TERRITORY_YEAR:
            count += _TERRITORY_AFTER[territory]
        else:
            count += reference >= brk.date
    return count


def same_value(a: float | bool, b: float | bool) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def indicator_documents(data: Dataset) -> dict[str, Document]:
    """Indicator id -> the file it was read from (for the file:line of published figures)."""
    return {ident: origin.doc for ident in data.indicators if (origin := data.origin("indicator", ident))}


def collect(
    indicators: Mapping[str, Indicator],
    submissions: Sequence[LoadedSubmission],
    breaks: list[SeriesBreak],
    indicator_docs: dict[str, Document] | None = None,
) -> dict[str, list[Point]]:
    """Every figure recorded for each indicator, published and submitted, before any merging (`kh113 export`).

    ``indicator_docs`` (indicator id -> its file) lets published figures report their file and line.
    """
    docs = indicator_docs or {}
    ordered = sorted(breaks, key=lambda b: b.date)
    return {ident: points_of(ind, submissions, ordered, docs.get(ident)) for ident, ind in indicators.items()}


def points_of(
    ind: Indicator, submissions: Sequence[LoadedSubmission], ordered: list[SeriesBreak], doc: Document | None
) -> list[Point]:
    """Every figure recorded for one indicator: its published figures, then the submitted ones in the order
    the reports were read. ``ordered``: the plan's series breaks by date."""
    applicable = _breaks_for(ind, ordered)
    points = [_published(index, obs, applicable, doc) for index, obs in enumerate(ind.observations)]
    ident, loc = ind.id, ("figures", ind.id)  # one position tuple, shared by the indicator's points
    for loaded in submissions:
        sub = loaded.submission
        figure = sub.figures.get(ident)
        if figure is None or figure.value is None or _wrong_kind(ind, figure.value):
            continue  # drafts and wrong types are reported by `kh113 validate`
        if ident in loaded.ignored:
            continue  # not the agency's indicator that year: `build` notes it
        points.append(
            Point(
                year=sub.year,
                value=figure.value,
                qualifier="exact",
                origin=SUBMISSION,
                cited=figure.source or "",
                agency=sub.agency,
                segment=segment_of(dt.date(sub.year, 12, 31), None, applicable),
                synthetic=sub.synthetic,
                note=figure.note,
                submitted=loaded.received if loaded.received is not None else sub.submitted,
                doc=loaded.doc,
                loc=loc,
            )
        )
    return points


def build(
    indicators: Mapping[str, Indicator],
    submissions: Sequence[LoadedSubmission],
    breaks: list[SeriesBreak],
    plan_date: dt.date,
    as_of: int,
    indicator_docs: dict[str, Document] | None = None,
) -> dict[str, Series]:
    """The series of every indicator with figures up to ``as_of`` (inclusive).

    One indicator at a time (issue #17): the figures of one are merged and let go before the next are made,
    so that 20,000 reports never have a point object per figure all at once.
    """
    docs = indicator_docs or {}
    ignored = ignored_notes(submissions)
    ordered = sorted(breaks, key=lambda b: b.date)
    out: dict[str, Series] = {}
    for ident, ind in indicators.items():
        applicable = _breaks_for(ind, ordered)
        notes: list[Problem] = [note for note in ignored.get(ident, []) if note.params["year"] <= as_of]
        current = [p for p in points_of(ind, submissions, ordered, docs.get(ident)) if p.year <= as_of]
        out[ident] = Series(
            indicator=ind,
            points=merge(current, notes),
            notes=notes,
            breaks=applicable,
            target_segment=segment_of(plan_date, None, applicable),
        )
    for ident, ind in indicators.items():
        parts = [out[p] for p in ind.sum_of if p in out]
        if parts and len(parts) == len(ind.sum_of):
            derive_total(out[ident], parts)
    return out


def ignored_notes(submissions: Sequence[LoadedSubmission]) -> dict[str, list[Problem]]:
    """Per indicator, a note for each submitted figure left out because its agency does not answer for it."""
    out: dict[str, list[Problem]] = {}
    for loaded in submissions:
        sub = loaded.submission
        for ident, holders in sorted(loaded.ignored.items()):
            figure = sub.figures.get(ident)
            if figure is None or figure.value is None:
                continue
            out.setdefault(ident, []).append(
                note(
                    "figure-out-of-scope",
                    N_(
                        "{year}: the figure {value} in {file} is not used: {agency} does not answer for this "
                        "target in {year} (responsible: {holders})"
                    ),
                    {
                        "year": sub.year,
                        "value": figure_value(figure.value),
                        "file": loaded.doc.path,
                        "agency": sub.agency,
                        "holders": ", ".join(holders) or "—",
                    },
                )
            )
    return out


def _breaks_for(ind: Indicator, ordered: list[SeriesBreak]) -> list[SeriesBreak]:
    return [] if ind.comparable_across_break else ordered


def _wrong_kind(ind: Indicator, value: float | bool) -> bool:
    return isinstance(value, bool) != (ind.kind == "milestone")


def _published(index: int, obs: Observation, breaks: list[SeriesBreak], doc: Document | None) -> Point:
    reference = obs.date or dt.date(obs.year, 12, 31)
    return Point(
        year=obs.year,
        value=obs.value,
        qualifier=obs.qualifier,
        origin=PUBLISHED,
        cited=obs.source.citation("vi"),
        source_en=obs.source.citation("en"),
        segment=segment_of(reference, obs.territory, breaks),
        note=obs.note,
        note_en=obs.note_en,
        date=obs.date,
        doc=doc,
        loc=("observations", index),
    )


def merge(points: list[Point], notes: list[Problem]) -> list[Point]:
    """One point per year by the precedence rules; conflicts become notes."""
    by_year: dict[int, list[Point]] = {}
    for point in points:
        by_year.setdefault(point.year, []).append(point)
    merged: list[Point] = []
    for year in sorted(by_year):
        candidates = by_year[year]
        submitted = sorted(
            (p for p in candidates if p.origin == SUBMISSION),
            key=lambda p: (p.submitted or dt.date.min, p.source),
        )
        published = sorted(
            (p for p in candidates if p.origin == PUBLISHED), key=lambda p: p.date or dt.date(p.year, 12, 31)
        )
        if submitted:
            merged.append(_submitted_winner(year, submitted, published, notes))
        else:
            merged.append(_published_winner(year, published, notes))
    return merged


DISAGREEMENTS_NAMED = 3  # reports named one by one when they disagree with the one used


def _submitted_winner(year: int, submitted: list[Point], published: list[Point], notes: list[Problem]) -> Point:
    """The report received last wins over earlier reports and every published figure; each difference noted."""
    winner = submitted[-1]
    # The reports received closest to the winner are named; beyond a few, one note counts the rest (a year
    # in which hundreds of agencies answer for one target would bury every other note).
    differing = [other for other in reversed(submitted[:-1]) if not same_value(other.value, winner.value)]
    for other in reversed(differing[:DISAGREEMENTS_NAMED]):
        notes.append(
            note(
                "submissions-disagree",
                N_("{year}: {agency} reports {value} and {other_agency} {other}; the report received later is used"),
                {
                    "year": year,
                    "agency": winner.agency,
                    "value": figure_value(winner.value),
                    "other_agency": other.agency,
                    "other": figure_value(other.value),
                },
            )
        )
    if len(differing) > DISAGREEMENTS_NAMED:
        notes.append(
            note(
                "submissions-disagree",
                N_(
                    "{year}: {count} more reports give other values than {agency} ({value}); the report received "
                    "later is used (`kh113 export` lists every figure)"
                ),
                {
                    "year": year,
                    "count": len(differing) - DISAGREEMENTS_NAMED,
                    "agency": winner.agency,
                    "value": figure_value(winner.value),
                },
            )
        )
    for other in published:
        if not same_value(other.value, winner.value):
            notes.append(
                note(
                    "submission-over-published",
                    N_(
                        "{year}: the figure submitted by {agency} ({value}) is used instead of the published "
                        "figure {other}"
                    ),
                    {
                        "year": year,
                        "agency": winner.agency,
                        "value": figure_value(winner.value),
                        "other": figure_value(other.value),
                    },
                )
            )
    return winner


def _published_winner(year: int, published: list[Point], notes: list[Problem]) -> Point:
    """Without a report: the published figure with the latest reference date; each difference noted."""
    winner = published[-1]
    for other in published[:-1]:
        if not same_value(other.value, winner.value):
            # Sorted by reference date, ties (two undated figures) keep the file's order (issue #16).
            later = (winner.date or dt.date(year, 12, 31)) > (other.date or dt.date(year, 12, 31))
            notes.append(
                note(
                    "published-disagree",
                    N_("{year}: published figures differ ({other} and {value}); the one with the later date is used")
                    if later
                    else N_(
                        "{year}: published figures differ ({other} and {value}); they have the same "
                        "reference date, so the one listed last is used"
                    ),
                    {"year": year, "value": figure_value(winner.value), "other": figure_value(other.value)},
                )
            )
    return winner


def _combined_qualifier(qualifiers: set[str]) -> str | None:
    """The qualifier of a sum: a lower bound plus an upper bound bounds nothing (None)."""
    if {"at_least", "at_most"} <= qualifiers:
        return None
    for qualifier in ("about", "estimate", "at_least", "at_most"):
        if qualifier in qualifiers:
            return qualifier
    return "exact"


def derive_total(total: Series, parts: list[Series]) -> None:
    """Add the sum of the parts for the years where the total is not reported; note disagreements."""
    names = " + ".join(p.indicator.id for p in parts)
    own = {p.year: p for p in total.points}
    part_years = [{p.year: p for p in part.points} for part in parts]
    derived_years: list[int] = []
    for year in sorted(set.intersection(*(set(py) for py in part_years))):
        figures = [py[year] for py in part_years]
        if len({f.segment for f in figures}) > 1:
            total.notes.append(
                note(
                    "parts-not-comparable",
                    N_("{year}: the parts {parts} are from different sides of a series break; their sum is not used"),
                    {"year": year, "parts": names},
                )
            )
            continue
        qualifier = _combined_qualifier({f.qualifier for f in figures})
        if qualifier is None:
            total.notes.append(
                note(
                    "parts-bounds",
                    N_("{year}: the parts {parts} mix lower and upper bounds; their sum is not used"),
                    {"year": year, "parts": names},
                )
            )
            continue
        value = float(sum(float(f.value) for f in figures))
        if year in own:
            if not same_value(own[year].value, value):
                total.notes.append(
                    note(
                        "parts-disagree",
                        N_(
                            "{year}: the reported total {value} differs from the sum of its parts {parts} ({sum}); "
                            "the reported total is used"
                        ),
                        {"year": year, "value": own[year].value, "parts": names, "sum": value},
                    )
                )
            continue
        own[year] = Point(
            year=year,
            value=value,
            qualifier=qualifier,
            origin=DERIVED,
            cited=names,
            segment=figures[0].segment,
            synthetic=any(f.synthetic for f in figures),
        )
        derived_years.append(year)
    if derived_years:
        total.notes.append(
            note(
                "derived-total",
                N_("Derived as the sum of {parts} for {years} (the total was not reported)"),
                {"parts": names, "years": ", ".join(map(str, derived_years))},
            )
        )
    total.points = [own[year] for year in sorted(own)]
