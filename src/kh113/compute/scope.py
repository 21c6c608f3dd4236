"""Which submitted figures count: those of the agency that answers for the indicator in that year.

Responsibility is the indicator's ``responsible`` agencies resolved on the year's due date through the
2025 reorganisation, exactly as ``kh113 expected`` and ``kh113 check`` resolve it (``expected.py``): a
2025 hospital-bed figure counts from Sở Y tế, not from Sở GD&ĐT (review finding 2), and nothing counts
from Sở LĐ-TB&XH, dissolved on 1/3/2025 before the 2025 report was due (finding 3).

Pure: takes the loaded data; no I/O, no clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType

from ..problems import DataError, Problem, Severity
from ..validate.loading import Dataset, LoadedSubmission
from .expected import Expectations, expected, heirs


@dataclass(frozen=True)
class Dissolved:
    """A report from an agency that no longer exists on the year's due date."""

    agency: str
    year: int
    due: dt.date
    ended: dt.date
    successors: tuple[str, ...]  # the agencies that owe its reports that year


class Scope:
    """Responsibility per reporting year, computed once per year on demand."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._years: dict[int, Expectations | None] = {}
        self._holders: dict[int, dict[str, tuple[str, ...]]] = {}

    def expectations(self, year: int) -> Expectations | None:
        """What is owed for ``year``, or None when the plan is missing or does not cover the year."""
        if year not in self._years:
            plan = self.data.plan
            covered = plan is not None and plan.period[0] <= year <= plan.period[1]
            try:
                self._years[year] = expected(self.data, year) if covered else None
            except DataError:  # no due date in plan.yaml for that year: `kh113 expected` says so
                self._years[year] = None
        return self._years[year]

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
        if year not in self._holders:
            exp = self.expectations(year)
            by_indicator: dict[str, list[str]] = {}
            for ob in exp.obligations.values() if exp is not None else ():
                for ident in [*ob.figures, *ob.optional_figures]:
                    by_indicator.setdefault(ident, []).append(ob.agency)
            self._holders[year] = {ident: tuple(agencies) for ident, agencies in by_indicator.items()}
        return self._holders[year].get(indicator, ())

    def leads(self, task: str, year: int) -> tuple[str, ...]:
        """The agencies that report on ``task`` in ``year`` (its leads on the due date, successors included)."""
        exp = self.expectations(year)
        return tuple(o.agency for o in exp.obligations.values() if task in o.tasks) if exp is not None else ()

    def ignored_tasks(self, loaded: LoadedSubmission) -> dict[str, tuple[str, ...]]:
        """The task statuses of ``loaded`` its agency does not report that year (id -> who does)."""
        sub = loaded.submission
        if not self.data.registry.known(sub.agency) or self.expectations(sub.year) is None:
            return {}
        known_ids = set(self.data.registry.ids())
        return {
            ident: self.leads(ident, sub.year)
            for ident in sub.tasks
            if ident in self.data.tasks
            # A lead the registry does not know is reported as unknown-agency: not a question of scope.
            and set(self.data.tasks[ident].lead) <= known_ids
            and sub.agency not in self.leads(ident, sub.year)
        }

    def ignored(self, loaded: LoadedSubmission) -> dict[str, tuple[str, ...]]:
        """The figures of ``loaded`` its agency does not answer for (id -> who does), when that is known."""
        sub = loaded.submission
        if not self.data.registry.known(sub.agency) or self.expectations(sub.year) is None:
            return {}  # unknown agency or year outside the plan: reported as such, not as scope
        out: dict[str, tuple[str, ...]] = {}
        for ident in sub.figures:
            if ident not in self.data.indicators:
                continue  # unknown-indicator
            holders = self.holders(ident, sub.year)
            if sub.agency not in holders:
                out[ident] = holders
        return out


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
    broken = {p.file for p in data.problems.errors if p.file.startswith("submissions/")}
    scope = Scope(data)
    kept = tuple(
        dataclasses.replace(s, ignored=MappingProxyType(scope.ignored(s)))
        for s in data.submissions
        if s.doc.path not in broken
    )
    skipped = tuple(p for p in data.problems.sorted() if p.file in broken and p.severity is Severity.ERROR)
    return Usable(dataclasses.replace(data, submissions=kept), skipped)
