"""Which submitted figures count: those of the agency that answers for the indicator in that year.

Responsibility is the indicator's ``responsible`` agencies resolved on the year's due date through the
2025 reorganisation, exactly as ``kh113 expected`` and ``kh113 check`` resolve it (``expected.py``): a
2025 hospital-bed figure counts from Sở Y tế, not from Sở GD&ĐT (review finding 2), and nothing counts
from Sở LĐ-TB&XH, dissolved on 1/3/2025 before the 2025 report was due (finding 3).

The same questions are the `dissolved-agency` and `out-of-scope` problems of `kh113 validate` and
`kh113 check` (``scope_problems``; ``checked`` adds them to a dataset with its cross-references), and
decide which reports the computing commands use (``usable``). Each returns a new value (issue #13).

Pure: takes the loaded data; no I/O, no clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..messages import Message, msg, verbatim
from ..problems import DataError, Problem, ReadOnlyProblems, Severity
from ..validate import crossref
from ..validate.loading import Dataset, Each, LoadedSubmission, Stream
from .expected import Expectations, expected, heirs
from .keeping import Keep


@dataclass(frozen=True)
class Dissolved:
    """A report from an agency that no longer exists on the year's due date."""

    agency: str
    year: int
    due: dt.date
    ended: dt.date
    successors: tuple[str, ...]  # the agencies that owe its reports that year


KEPT_YEARS = 1  # years whose duties a Scope keeps at once: reports are read folder by folder


@dataclass(frozen=True)
class _Answering:
    """Who answers for one figure or task in one year: in the obligations' order, and as a set to ask of (a
    tuple's `in` made the scope check quadratic with thousands of agencies, issue #17)."""

    agencies: tuple[str, ...]
    members: frozenset[str]


class Scope:
    """Responsibility per reporting year, computed on demand, for the last ``KEPT_YEARS`` years asked about."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._years: dict[int, Expectations | None] = {}
        # ("figures" or "tasks", year) -> who answers for each id that year.
        self._tables: dict[tuple[str, int], dict[str, _Answering]] = {}
        self._known: frozenset[str] | None = None
        self._ids: crossref.Known | None = None
        self._led_by_known: dict[str, bool] = {}

    @property
    def ids(self) -> crossref.Known:
        """The ids a report may name, once per run (issue #17)."""
        if self._ids is None:
            self._ids = crossref.Known.of(self.data)
        return self._ids

    def expectations(self, year: int) -> Expectations | None:
        """What is owed for ``year``, or None when the plan is missing or does not cover the year."""
        if year not in self._years:
            self._forget_years()
            plan = self.data.plan
            covered = plan is not None and plan.period[0] <= year <= plan.period[1]
            try:
                self._years[year] = expected(self.data, year) if covered else None
            except DataError:  # no due date in plan.yaml for that year: `kh113 expected` says so
                self._years[year] = None
        return self._years[year]

    def _forget_years(self) -> None:
        """Keep the duties of the last few years asked about only (issue #17 item 1): reports come folder by
        folder, and a registry of thousands of agencies owes tens of thousands of items a year."""
        while len(self._years) >= KEPT_YEARS:
            oldest = next(iter(self._years))
            del self._years[oldest]
            for kind in ("figures", "tasks"):
                self._tables.pop((kind, oldest), None)

    def dissolved(self, agency: str, year: int) -> Dissolved | None:
        """Whether ``agency`` had been dissolved by the due date of ``year``'s report."""
        exp = self.expectations(year)
        entry = self.data.registry.entry(agency)
        if exp is None or entry is None or entry.dissolved is None or exp.due < entry.dissolved:
            return None
        successors = tuple(o.agency for o in heirs(self.data, exp, agency))
        return Dissolved(agency, year, exp.due, entry.dissolved, successors)

    def holders(self, indicator: str, year: int) -> tuple[str, ...]:
        """The agencies that answer for ``indicator`` in ``year`` (asked for it, or allowed to give it)."""
        found = self._answering("figures", year).get(indicator)
        return found.agencies if found is not None else ()

    def leads(self, task: str, year: int) -> tuple[str, ...]:
        """The agencies that report on ``task`` in ``year`` (its leads on the due date, successors included)."""
        found = self._answering("tasks", year).get(task)
        return found.agencies if found is not None else ()

    def _answers(self, kind: str, ident: str, year: int, agency: str) -> bool:
        """Whether ``agency`` is among the holders (``kind`` figures) or leads (tasks) of ``ident`` in ``year``."""
        found = self._answering(kind, year).get(ident)
        return found is not None and agency in found.members

    def _answering(self, kind: str, year: int) -> dict[str, _Answering]:
        """Figure or task id -> who answers for it in ``year``, built once per year from its obligations."""
        table = self._tables.get((kind, year))
        if table is None:
            exp = self.expectations(year)
            by_ident: dict[str, list[str]] = {}
            for ob in exp.obligations.values() if exp is not None else ():
                for ident in [*ob.figures, *ob.optional_figures] if kind == "figures" else ob.tasks:
                    by_ident.setdefault(ident, []).append(ob.agency)
            table = {ident: _Answering(tuple(agencies), frozenset(agencies)) for ident, agencies in by_ident.items()}
            self._tables[(kind, year)] = table
        return table

    def ignored_tasks(self, loaded: LoadedSubmission) -> dict[str, tuple[str, ...]]:
        """The task statuses of ``loaded`` its agency does not report that year (id -> who does)."""
        sub = loaded.submission
        if not self.data.registry.known(sub.agency) or self.expectations(sub.year) is None:
            return {}
        if self._known is None:
            self._known = frozenset(self.data.registry.ids())
        known_ids = self._known
        led = self._led_by_known
        out: dict[str, tuple[str, ...]] = {}
        for ident in sub.tasks:
            if ident not in self.data.tasks:
                continue
            if ident not in led:
                # A lead the registry does not know is reported as unknown-agency: not a question of scope.
                led[ident] = known_ids.issuperset(self.data.tasks[ident].lead)
            if led[ident] and not self._answers("tasks", ident, sub.year, sub.agency):
                out[ident] = self.leads(ident, sub.year)
        return out

    def ignored(self, loaded: LoadedSubmission) -> dict[str, tuple[str, ...]]:
        """The figures of ``loaded`` its agency does not answer for (id -> who does), when that is known."""
        sub = loaded.submission
        if not self.data.registry.known(sub.agency) or self.expectations(sub.year) is None:
            return {}  # unknown agency or year outside the plan: reported as such, not as scope
        out: dict[str, tuple[str, ...]] = {}
        for ident in sub.figures:
            if ident not in self.data.indicators:
                continue  # unknown-indicator
            if not self._answers("figures", ident, sub.year, sub.agency):
                out[ident] = self.holders(ident, sub.year)
        return out


def checked(data: Dataset) -> Dataset:
    """``data`` with its cross-reference and scope problems after the loader's: a new value (issue #13
    item 3), ``data`` is left as it is."""
    return dataclasses.replace(
        data, problems=ReadOnlyProblems([*data.problems, *crossref.check(data), *scope_problems(data)])
    )


def scope_problems(data: Dataset) -> list[Problem]:
    """Reports from agencies dissolved by the due date, figures and task statuses from agencies that do not
    answer for them that year; partial submissions too (one schema error must not hide them, finding 4).
    A streamed root's reports were asked as they were read (:func:`streaming`)."""
    if data.streamed:
        return []
    scope = Scope(data)
    return [p for loaded in [*data.submissions, *data.partial_submissions] for p in _check_scope(data, scope, loaded)]


def submission_problems(data: Dataset, loaded: LoadedSubmission, scope: Scope | None = None) -> list[Problem]:
    """The cross-reference and scope problems of one report (streamed, or an earlier revision, for the receipt
    rule). ``scope`` is ``Scope(data)`` kept by a caller that asks for many reports: it computes each year's
    duties and the known ids once (built anew for every revision it cost most of `check`'s time, issue #17)."""
    scope = scope or Scope(data)
    return crossref.submission_problems(data, loaded, scope.ids) + _check_scope(data, scope, loaded)


def streaming(keep: Keep) -> Stream:
    """The loader's ``stream`` for a command: each report checked as it is read (cross-references and scope,
    as ``checked`` would have), then only what ``keep`` returns is kept; a partial report, nothing."""

    def start(plan: Dataset) -> Each:
        scope = Scope(plan)

        def each(loaded: LoadedSubmission, partial: bool) -> tuple[list[Problem], LoadedSubmission | None]:
            problems = submission_problems(plan, loaded, scope)
            return problems, None if partial else keep(loaded)

        return each

    return start


def _check_scope(data: Dataset, scope: Scope, loaded: LoadedSubmission) -> list[Problem]:
    """A report from an agency dissolved by the due date (error), figures of an agency not responsible
    for them that year (warning: status, report and export leave them out)."""
    dissolved = _dissolved_problem(scope, loaded)
    if dissolved is not None:
        return [dissolved]
    # Issue #10 item 6: one wording, code and severity for `validate` and `check` (check shows these), naming
    # who answers on the year's due date (the successor of a dissolved office, not the office).
    return _figures_out_of_scope(data, scope, loaded) + _tasks_out_of_scope(data, scope, loaded)


def _dissolved_problem(scope: Scope, loaded: LoadedSubmission) -> Problem | None:
    """``dissolved-agency``: the report's agency was dissolved before the year's report was due."""
    sub, doc = loaded.submission, loaded.doc
    gone = scope.dissolved(sub.agency, sub.year)
    if gone is None:
        return None
    heirs = " / ".join(gone.successors)
    if heirs:
        instead = msg(
            "use {heirs} (one file each; see `kh113 expected --year {year}`)", heirs=heirs, year=str(sub.year)
        )
    else:
        instead = msg("it owes no {year} report", year=sub.year)
    said = msg(
        "`{agency}` was dissolved on {ended}, before the {year} report was due ({due}); its work passed to "
        "other agencies: {instead}",
        agency=sub.agency,
        ended=gone.ended,
        year=sub.year,
        due=gone.due,
        instead=instead,
    )
    return doc.problem(("agency",), "dissolved-agency", said)


def _figures_out_of_scope(data: Dataset, scope: Scope, loaded: LoadedSubmission) -> list[Problem]:
    """``out-of-scope`` at each figure the report's agency does not answer for that year."""
    sub, doc = loaded.submission, loaded.doc
    return [
        doc.problem(
            ("figures", ident),
            "out-of-scope",
            msg(
                "`{agency}` does not answer for `{id}` in {year} ({who} does); this figure is not used (status, "
                "report, export): leave it out",
                agency=sub.agency,
                id=ident,
                year=sub.year,
                who=_who(data, holders),
            ),
            Severity.WARNING,
            key=True,
        )
        for ident, holders in scope.ignored(loaded).items()
    ]


def _tasks_out_of_scope(data: Dataset, scope: Scope, loaded: LoadedSubmission) -> list[Problem]:
    """``out-of-scope`` at each task status the report's agency does not owe: not its task, or not scheduled."""
    sub, doc = loaded.submission, loaded.doc
    problems = []
    ignored = scope.ignored_tasks(loaded)
    assert data.plan is not None or not ignored
    for ident, leads in ignored.items():
        task = data.tasks[ident]
        if data.plan is not None and not task.schedule.active_in(sub.year, data.plan.period):
            said = msg(
                "task {id} is not scheduled in {year} (timeline: {schedule}); this status is not used: leave it out",
                id=ident,
                year=sub.year,
                schedule=task.schedule.text,
            )
        else:
            said = msg(
                "`{agency}` does not lead task {id} in {year} ({who} does); this status is not used (report): "
                "leave it out",
                agency=sub.agency,
                id=ident,
                year=sub.year,
                who=_who(data, leads),
            )
        problems.append(doc.problem(("tasks", ident), "out-of-scope", said, Severity.WARNING, key=True))
    return problems


def _who(data: Dataset, agencies: Any) -> Message:
    if not agencies:
        return msg("no agency")
    return verbatim(", ".join(f"{h} ({data.agency_name(h)})" for h in agencies))


@dataclass(frozen=True)
class Usable:
    """What figures may be computed from: the dataset with only the usable submissions, and why the others
    were left out (issue #13 item 3: a new value; the loaded dataset is not changed)."""

    data: Dataset
    skipped: tuple[Problem, ...]  # the errors of the submission files left out, sorted

    @property
    def skipped_files(self) -> int:
        return len({p.file for p in self.skipped})


def usable(data: Dataset) -> Usable:
    """The submissions figures may be computed from, and the problems that excluded the others.

    A submission file with any error is left out whole (its errors are returned, to be shown); in the
    files kept, figures from an agency not responsible for them are marked ``ignored`` (series.py leaves
    them out with a note). ``data.problems`` must already hold the cross-reference problems
    (``crossref.checked``).
    """
    broken = {p.file for p in data.problems.errors if (p.file or "").startswith("submissions/")}
    scope = Scope(data)
    kept = tuple(
        # A report with nothing ignored keeps the one shared empty mapping (20,000 reports, issue #17).
        dataclasses.replace(s, ignored=MappingProxyType(ignored)) if (ignored := scope.ignored(s)) or s.ignored else s
        for s in data.submissions
        if s.doc.path not in broken
    )
    skipped = tuple(p for p in data.problems.sorted() if p.file in broken and p.severity is Severity.ERROR)
    return Usable(dataclasses.replace(data, submissions=kept), skipped)
