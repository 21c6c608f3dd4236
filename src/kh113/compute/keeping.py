"""What a command keeps of each report once it is checked (issue #17 item 1: memory flat in the files).

The loader streams the reports (``loading.load``'s ``stream``, ``scope.streaming``): each one is read,
validated and checked for cross-references and scope while its text is there, then released. A command
keeps of it only what it computes with, through one of the functions here; everything the report said
that the command does not read is let go. Pure: no I/O.

- ``nothing``: `validate` keeps the problems only.
- ``figures_until(year)``: `status` keeps the reports of that year and before, with their figures' values,
  sources and notes (the series); not their tasks, difficulties or proposals.
- ``for_check(year)``: `check` keeps the reports that are about that year (in its folder, or declaring it),
  with what completeness and receipts are judged on: each figure's value or reason, each task's status.
- ``for_report(year)``: `report` keeps that year's reports whole, and the figures and task statuses of the
  years before.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from ..models import KeptFigures, KeptSubmission, KeptTasks, Submission, TaskProgress, TaskStatus
from ..validate.loading import LoadedSubmission

Keep = Callable[[LoadedSubmission], LoadedSubmission | None]


def nothing(loaded: LoadedSubmission) -> None:
    """Keep nothing of the report (its problems are kept by the loader)."""
    return None


def figures_until(year: int) -> Keep:
    """The reports of ``year`` and earlier, with their figures only (for the series of `status`)."""
    lighter = _Lighter(sources=True, tasks=False)

    def keep(loaded: LoadedSubmission) -> LoadedSubmission | None:
        return None if loaded.submission.year > year else lighter(loaded)

    return keep


def for_check(year: int) -> Keep:
    """The reports about ``year`` (filed under it, or declaring it), with what `check` judges them on."""
    lighter = _Lighter(sources=False, tasks=True)

    def keep(loaded: LoadedSubmission) -> LoadedSubmission | None:
        if loaded.submission.year != year and loaded.folder_year != year:
            return None
        return lighter(loaded)

    return keep


def for_report(year: int) -> Keep:
    """The yearly report's reports: that year's whole (notes, difficulties, proposals, products), and of the
    years before it what the series and the task rules read (figures; task statuses)."""
    lighter = _Lighter(sources=True, tasks=True)

    def keep(loaded: LoadedSubmission) -> LoadedSubmission | None:
        sub = loaded.submission
        if sub.year == year or loaded.folder_year == year:
            return loaded
        return None if sub.year > year else lighter(loaded)

    return keep


class _Lighter:
    """Makes a report a plain record (:class:`KeptSubmission`, a fraction of the model's size): each figure's
    value and reason (and with ``sources``, its source and note), each task's status alone (with ``tasks``),
    no difficulties or proposals.

    Columns that many reports share (the same ids, the same source) are one tuple per run: 20,000 reports
    name the same few dozen indicators and tasks. The first ``SHARED_COLUMNS`` distinct columns are
    remembered, so that reports that share nothing cost a bounded table, not one entry each.
    """

    SHARED_COLUMNS = 4096

    def __init__(self, *, sources: bool, tasks: bool) -> None:
        self.sources, self.tasks = sources, tasks
        self._seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def _one(self, column: tuple[Any, ...], key: tuple[Any, ...] | None = None) -> tuple[Any, ...]:
        """``column``, or an equal one kept before (``key``: what makes columns equal, when it is not the
        column itself)."""
        key = column if key is None else key
        found = self._seen.get(key)
        if found is None:
            found = column
            if len(self._seen) < self.SHARED_COLUMNS:
                self._seen[key] = column
        return found

    def __call__(self, loaded: LoadedSubmission) -> LoadedSubmission:
        sub = loaded.submission
        assert isinstance(sub, Submission), "a report is made lighter once, from its model"
        figures = list(sub.figures.values())
        kept = KeptFigures(
            self._one(tuple(sys.intern(ident) for ident in sub.figures)),
            tuple(f.value for f in figures),  # mostly unique: not looked up
            self._one(tuple(f.unavailable for f in figures)),
            self._one(tuple(_shared(f.source) for f in figures) if self.sources else (None,) * len(figures)),
            self._one(tuple(_shared(f.note) for f in figures) if self.sources else (None,) * len(figures)),
        )
        tasks: Mapping[str, TaskProgress] = _NONE
        if self.tasks and sub.tasks:
            ids = self._one(tuple(sys.intern(ident) for ident in sub.tasks))
            statuses = tuple(p.status for p in sub.tasks.values())
            tasks = KeptTasks(ids, self._one(tuple(_bare_task(s) for s in statuses), (_STATUSES, *statuses)))
        lighter = KeptSubmission(sub.agency, sub.year, sub.submitted, sub.synthetic, kept, tasks)
        # The file's name is nearly always the agency it declares: one string for both.
        stem = sub.agency if loaded.file_agency == sub.agency else loaded.file_agency
        return dataclasses.replace(loaded, submission=lighter, file_agency=stem)


def _bare_task(status: TaskStatus | None) -> TaskProgress:
    """The status alone: one shared value per status (the models are frozen), not one per report and task."""
    shared = _BARE_TASKS.get(status)
    if shared is None:
        shared = _BARE_TASKS[status] = TaskProgress(status=status)
    return shared


_BARE_TASKS: dict[TaskStatus | None, TaskProgress] = {}
_STATUSES = object()  # the key of a column of task statuses: never equal to a column of data
_NONE: Mapping[str, TaskProgress] = MappingProxyType({})  # no task statuses kept: one empty mapping for all


def _shared(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)
