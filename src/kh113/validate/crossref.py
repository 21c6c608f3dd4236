"""Cross-reference checks over a loaded data root: ids that must exist, be unique, and agree.

Everything is indexed by id first (dicts built by the loader), so the checks are linear in the number
of entities (issue #7). Each problem is positioned at the YAML node of the offending reference.
"""

from __future__ import annotations

import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from ..messages import Message, msg
from ..models import Indicator, Task
from ..problems import Problem, Severity
from ..read.source import Loc, ThousandsFloat
from .loading import Dataset, LoadedSubmission, Origin
from .schema import COUNT_UNITS, suggest


@dataclass
class _References:
    """The ids a reference may name, and the problems found so far, in the order they are found."""

    data: Dataset
    agencies: set[str]
    indicators: set[str]
    tasks: set[str]
    groups: set[int]
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def of(cls, data: Dataset) -> _References:
        # Ids of entities that exist but failed validation count as known: their own file already has
        # the problem, and repeating it as "unknown" everywhere they are used would bury it.
        invalid = data.invalid_ids
        return cls(
            data,
            agencies=set(data.agencies)
            | set(data.collectives)
            | invalid.get("agency", set())
            | invalid.get("collective", set()),
            indicators=set(data.indicators) | invalid.get("indicator", set()),
            tasks=set(data.tasks) | invalid.get("task", set()),
            groups=set(data.groups) | {int(g) for g in invalid.get("group", set()) if str(g).isdigit()},
        )

    def agency(self, origin: Origin | None, sub: Loc, ident: str) -> None:
        if origin is not None and ident not in self.agencies:
            self.problems.append(origin.problem(sub, "unknown-agency", _unknown("agency", ident, self.agencies)))

    def indicator(self, origin: Origin | None, sub: Loc, ident: str) -> None:
        if origin is not None and ident not in self.indicators:
            said = _unknown("indicator", ident, self.data.indicators)
            self.problems.append(origin.problem(sub, "unknown-indicator", said))


def check(data: Dataset) -> list[Problem]:
    """All cross-reference problems of ``data`` (the loader's own problems are not repeated)."""
    refs = _References.of(data)
    _check_agencies(data, refs)
    _check_plan(data, refs)
    if data.senders is not None:
        origin = data.origin("report", "report")
        for i, sender in enumerate(data.senders.senders):
            refs.agency(origin, ("senders", i, "agency"), sender.agency)
    for task in data.tasks.values():
        _check_task(data, task, refs)
    for indicator in data.indicators.values():
        refs.problems.extend(_check_indicator(data, indicator, refs.agency, refs.indicator))
    # Partial submissions too: one schema error in a file must not hide the unknown ids in it (finding 4).
    # Whether an agency answers for what it reports is a question of responsibility on the due date, asked
    # in compute (``scope.scope_problems``, issue #13: checking does not import computing).
    # A streamed root (issue #17) had each report checked as it was read (``loading.load``'s ``stream``).
    for loaded in () if data.streamed else [*data.submissions, *data.partial_submissions]:
        refs.problems.extend(_check_submission(data, loaded, refs.agencies, refs.indicators, refs.tasks))
    return refs.problems


def _check_agencies(data: Dataset, refs: _References) -> None:
    """One id space for agencies and collectives; members, predecessors and successors that exist."""
    for ident in sorted(set(data.agencies) & set(data.collectives)):
        origin = data.origin("collective", ident)
        if origin is not None:
            said = msg("`{id}` is both an agency and a collective", id=ident)
            refs.problems.append(origin.problem(("id",), "duplicate-id", said))
    for ident, collective in data.collectives.items():
        origin = data.origin("collective", ident)
        for i, member in enumerate(collective.members or []):
            refs.agency(origin, ("members", i), member)
    for change in data.changes:
        origin = data.origin("change", change.id)
        for i, pred in enumerate(change.predecessors):
            refs.agency(origin, ("predecessors", i), pred)
        for i, succ in enumerate(change.successors):
            refs.agency(origin, ("successors", i, "successor"), succ.successor)
            if succ.successor in change.predecessors and origin is not None:
                said = msg("an agency cannot succeed itself")
                refs.problems.append(origin.problem(("successors", i, "successor"), "invalid-value", said))


def _check_plan(data: Dataset, refs: _References) -> None:
    """The plan's consolidating agency exists and its reporting rules have distinct ids."""
    if data.plan is None:
        return
    origin = data.origin("plan", "plan")
    refs.agency(origin, ("reporting", "consolidating_agency"), data.plan.reporting.consolidating_agency)
    seen_rules: set[str] = set()
    for i, rule in enumerate(data.plan.reporting.rules):
        if rule.id in seen_rules and origin is not None:
            said = msg("rule `{id}` is defined twice", id=rule.id)
            refs.problems.append(origin.problem(("reporting", "rules", i, "id"), "duplicate-id", said))
        seen_rules.add(rule.id)


def _check_task(data: Dataset, task: Task, refs: _References) -> None:
    """A task's group and numbering, and the agencies and indicators it names."""
    origin = data.origin("task", task.id)
    if task.group not in refs.groups and origin is not None and data.groups:
        said = msg(
            "task group {group} does not exist (groups: {groups})",
            group=task.group,
            groups=", ".join(map(str, sorted(data.groups))),
        )
        refs.problems.append(origin.problem(("group",), "unknown-group", said))
    if origin is not None and not task.id.startswith(f"{task.group}."):
        said = msg("task `{id}` is not numbered in its group {group}", id=task.id, group=task.group)
        refs.problems.append(origin.problem(("id",), "invalid-id", said))
    for i, lead in enumerate(task.lead):
        refs.agency(origin, ("lead", i), lead)
        if data.registry.open_collective(lead) and origin is not None:
            said = msg(
                "`{id}` lists no members, so kh113 expects one report for this task under `{id}` itself "
                "(docs/submissions.md); list the members if the plan names them",
                id=lead,
            )
            refs.problems.append(origin.problem(("lead", i), "open-collective", said, Severity.WARNING))
    for i, partner in enumerate(task.partners):
        refs.agency(origin, ("partners", i), partner)
    for i, ident in enumerate(task.indicators):
        refs.indicator(origin, ("indicators", i), ident)


@dataclass(frozen=True)
class Known:
    """The ids a report may name, computed once per run (issue #17: not once per report or revision)."""

    agencies: AbstractSet[str]
    indicators: AbstractSet[str]
    tasks: AbstractSet[str]

    @classmethod
    def of(cls, data: Dataset) -> Known:
        refs = _References.of(data)
        return cls(frozenset(refs.agencies), frozenset(refs.indicators), frozenset(refs.tasks))


def submission_problems(data: Dataset, loaded: LoadedSubmission, known: Known | None = None) -> list[Problem]:
    """The cross-reference problems of one report: a report streamed by the loader, or an earlier revision
    (the receipt rule of issue #10); ``scope.submission_problems`` adds the questions of responsibility.
    ``known`` is ``Known.of(data)``, kept by a caller that asks about many reports."""
    ids = known or Known.of(data)
    return _check_submission(data, loaded, ids.agencies, ids.indicators, ids.tasks)


def _check_indicator(data: Dataset, indicator: Indicator, agency_ref: Any, indicator_ref: Any) -> list[Problem]:
    problems: list[Problem] = []
    origin = data.origin("indicator", indicator.id)
    if origin is None:
        return problems
    for i, ident in enumerate(indicator.responsible):
        agency_ref(origin, ("responsible", i), ident)
    for i, ident in enumerate(indicator.sum_of):
        indicator_ref(origin, ("sum_of", i), ident)
    if indicator.part_of is not None:
        indicator_ref(origin, ("part_of",), indicator.part_of)
    if indicator.group is not None and data.groups and indicator.group not in data.groups:
        said = msg("task group {group} does not exist", group=indicator.group)
        problems.append(origin.problem(("group",), "unknown-group", said))
    target_problem = value_problem(indicator, indicator.target.value)
    if target_problem and indicator.kind == "numeric":
        problems.append(origin.problem(("target", "value"), "out-of-range", target_problem))
    for i, obs in enumerate(indicator.observations):
        message = value_problem(indicator, obs.value)
        if message:
            problems.append(origin.problem(("observations", i, "value"), "out-of-range", message))
    return problems


def _unknown(kind: str, ident: str, known: Any) -> Message:
    """``unknown agency `so-bb` (did you mean `so-b`?)``, for agencies, indicators and tasks."""
    hint = suggest(ident, known)
    if kind == "agency":
        return msg("unknown agency `{id}`{hint}", id=ident, hint=hint)
    if kind == "indicator":
        return msg("unknown indicator `{id}`{hint}", id=ident, hint=hint)
    return msg("unknown task `{id}`{hint}", id=ident, hint=hint)


def value_problem(indicator: Indicator, value: Any) -> Message | None:
    """Why ``value`` cannot be a figure of ``indicator`` (None when it can)."""
    if indicator.kind == "milestone":
        if not isinstance(value, bool):
            return msg("`{id}` is a milestone: write true (achieved) or false (not yet)", id=indicator.id)
        return None
    if isinstance(value, bool):
        return msg("`{id}` needs a number, not true/false", id=indicator.id)
    if not math.isfinite(value):
        return None  # `.nan`, `.inf`: refused (not-finite) when the file was read
    if indicator.unit == "percent" and not 0 <= value <= 100:
        return msg("a percentage must be between 0 and 100; got {value}", value=f"{value:g}")
    if value < 0:
        return msg("must not be negative; got {value}", value=f"{value:g}")
    if indicator.unit in COUNT_UNITS and value != int(value):
        return msg("`{id}` counts people: a whole number is expected; got {value}", id=indicator.id, value=f"{value:g}")
    return None


def implausible(data: Dataset, indicator: Indicator, value: Any) -> Message | None:
    """A count of people larger than the province's population (plan.yaml `population`), as a warning text."""
    population = data.plan.population if data.plan is not None else None
    if population is None or indicator.unit not in COUNT_UNITS or isinstance(value, bool) or value is None:
        return None
    if not math.isfinite(value) or value <= population.value:
        return None
    return msg(
        "{value} people is more than the province's whole population ({population} people, {source}): "
        "check the figure (a typing slip, or the wrong unit?)",
        value=int(value),
        population=population.value,
        source=population.source,
    )


def _check_submission(
    data: Dataset,
    loaded: LoadedSubmission,
    known_agencies: AbstractSet[str],
    known_indicators: AbstractSet[str],
    known_tasks: AbstractSet[str],
) -> list[Problem]:
    """The problems of one report: whom and which year it is for, its figures, and the tasks it names."""
    doc, sub = loaded.doc, loaded.submission
    problems = _submission_agency(data, loaded, known_agencies)
    problems.extend(_submission_year(data, loaded))
    raw_figures = doc.data.get("figures") if isinstance(doc.data, dict) else None
    for ident, figure in sub.figures.items():
        indicator = data.indicators.get(ident)
        if indicator is None and ident in known_indicators:
            continue
        if indicator is None:
            said = _unknown("indicator", ident, data.indicators)
            problems.append(doc.problem(("figures", ident), "unknown-indicator", said, key=True))
            continue
        if figure.value is None:
            continue  # a draft; `kh113 check` reports it as incomplete
        problems.extend(_figure_problems(data, loaded, indicator, ident, figure.value, raw_figures))
    for ident in sub.tasks:
        if ident not in known_tasks:
            problems.append(
                doc.problem(("tasks", ident), "unknown-task", _unknown("task", ident, data.tasks), key=True)
            )
    return problems


def _submission_agency(data: Dataset, loaded: LoadedSubmission, known_agencies: AbstractSet[str]) -> list[Problem]:
    """The report's agency exists and is the one its file is named for."""
    sub, doc = loaded.submission, loaded.doc
    # One verdict per mistake (issue #11 item 4): `agency: so-yte` in so-y-te.yaml is a typo of the file's
    # agency, not a file to rename, so it gets one message that names the agency the file is for.
    if sub.agency not in known_agencies and loaded.file_agency in known_agencies:
        said = msg(
            "unknown agency `{id}`; the file is named for `{file_agency}` ({name}): write agency: {file_agency}",
            id=sub.agency,
            file_agency=loaded.file_agency,
            name=data.agency_name(loaded.file_agency),
        )
        return [doc.problem(("agency",), "unknown-agency", said)]
    if sub.agency not in known_agencies:
        return [doc.problem(("agency",), "unknown-agency", _unknown("agency", sub.agency, known_agencies))]
    if sub.agency != loaded.file_agency:
        said = msg(
            "the file is named for `{file_agency}` but reports for `{agency}`; rename it {agency}.yaml",
            file_agency=loaded.file_agency,
            agency=sub.agency,
        )
        return [doc.problem(("agency",), "misplaced", said)]
    return []


def _submission_year(data: Dataset, loaded: LoadedSubmission) -> list[Problem]:
    """The report's year is its folder's, and inside the plan's period."""
    sub, doc = loaded.submission, loaded.doc
    problems: list[Problem] = []
    if loaded.folder_year is not None and sub.year != loaded.folder_year:
        said = msg(
            "the file is in submissions/{folder}/ but reports year {year}",
            folder=loaded.folder_year,
            year=sub.year,
        )
        problems.append(doc.problem(("year",), "misplaced", said))
    if data.plan is not None:
        first, last = data.plan.period
        if not first <= sub.year <= last:
            said = msg("year {year} is outside the plan period {first}-{last}", year=sub.year, first=first, last=last)
            problems.append(doc.problem(("year",), "year-outside-plan", said))
    return problems


def _figure_problems(
    data: Dataset, loaded: LoadedSubmission, indicator: Indicator, ident: str, value: Any, raw_figures: Any
) -> list[Problem]:
    """One reported figure: written with thousands dots, out of range, or implausibly large."""
    doc = loaded.doc
    raw = (
        raw_figures.get(ident, {}).get("value")
        if isinstance(raw_figures, dict) and isinstance(raw_figures.get(ident), dict)
        else None
    )
    problems: list[Problem] = []
    if isinstance(raw, ThousandsFloat):
        problems.append(_ambiguous_number(loaded, indicator, ident, raw))
        if indicator.unit in COUNT_UNITS:
            return problems  # refused: the range of a misread count says nothing more
    message = value_problem(indicator, value)
    if message:
        problems.append(doc.problem(("figures", ident, "value"), "out-of-range", message))
    elif (ceiling := implausible(data, indicator, value)) is not None:
        problems.append(doc.problem(("figures", ident, "value"), "implausible-count", ceiling, Severity.WARNING))
    return problems


def _ambiguous_number(loaded: LoadedSubmission, indicator: Indicator, ident: str, raw: ThousandsFloat) -> Problem:
    """``1.234`` read as a decimal: an error for a count of people, else a warning."""
    digits = raw.text.replace(".", "").lstrip("+")
    if indicator.unit in COUNT_UNITS:
        said = msg(
            "`{written}` reads as {value}, but `{id}` counts people: if you mean {digits} write {digits} (no dots)",
            written=raw.text,
            value=f"{float(raw):g}",
            id=ident,
            digits=digits,
        )
        return loaded.doc.problem(("figures", ident, "value"), "ambiguous-number", said)
    said = msg(
        "`{written}` reads as {value}; if you mean {digits} write it without dots, else write {value}",
        written=raw.text,
        value=f"{float(raw):g}",
        digits=digits,
    )
    return loaded.doc.problem(("figures", ident, "value"), "ambiguous-number", said, Severity.WARNING)
