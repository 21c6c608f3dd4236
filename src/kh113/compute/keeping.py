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

from ..models import Figure, KeptFigure, KeptSubmission, Submission, TaskProgress
from ..validate.loading import LoadedSubmission

Keep = Callable[[LoadedSubmission], LoadedSubmission | None]


def nothing(loaded: LoadedSubmission) -> None:
    """Keep nothing of the report (its problems are kept by the loader)."""
    return None


def figures_until(year: int) -> Keep:
    """The reports of ``year`` and earlier, with their figures only (for the series of `status`)."""

    def keep(loaded: LoadedSubmission) -> LoadedSubmission | None:
        return None if loaded.submission.year > year else _lighter(loaded, _figure, None)

    return keep


def for_check(year: int) -> Keep:
    """The reports about ``year`` (filed under it, or declaring it), with what `check` judges them on."""

    def keep(loaded: LoadedSubmission) -> LoadedSubmission | None:
        if loaded.submission.year != year and loaded.folder_year != year:
            return None
        return _lighter(loaded, _bare_figure, _bare_task)

    return keep


def for_report(year: int) -> Keep:
    """The yearly report's reports: that year's whole (notes, difficulties, proposals, products), and of the
    years before it what the series and the task rules read (figures; task statuses)."""

    def keep(loaded: LoadedSubmission) -> LoadedSubmission | None:
        sub = loaded.submission
        if sub.year == year or loaded.folder_year == year:
            return loaded
        return None if sub.year > year else _lighter(loaded, _figure, _bare_task)

    return keep


def _lighter(
    loaded: LoadedSubmission,
    figure: Callable[[Figure], KeptFigure],
    task: Callable[[TaskProgress], TaskProgress] | None,
) -> LoadedSubmission:
    """``loaded`` as a plain record (:class:`KeptSubmission`, a fraction of the model's size) with each figure
    passed through ``figure`` and each task through ``task`` (None: no tasks), without difficulties and
    proposals. Ids are interned: 20,000 reports name the same few dozen indicators and tasks."""
    sub = loaded.submission
    assert isinstance(sub, Submission), "a report is made lighter once, from its model"
    figures = {sys.intern(ident): figure(value) for ident, value in sub.figures.items()}
    tasks = {sys.intern(ident): task(progress) for ident, progress in sub.tasks.items()} if task and sub.tasks else {}
    lighter = KeptSubmission(sub.agency, sub.year, sub.submitted, sub.synthetic, figures, tasks or _NONE)
    # The file's name is nearly always the agency it declares: one string for both.
    stem = sub.agency if loaded.file_agency == sub.agency else loaded.file_agency
    return dataclasses.replace(loaded, submission=lighter, file_agency=stem)


def _figure(figure: Figure) -> KeptFigure:
    """The value, source and note (shared text: many reports cite the same source)."""
    return KeptFigure(figure.value, figure.unavailable, _shared(figure.source), _shared(figure.note))


def _bare_figure(figure: Figure) -> KeptFigure:
    """The value or the reason it is unavailable: what completeness is judged on."""
    return KeptFigure(figure.value, _shared(figure.unavailable))


def _bare_task(task: TaskProgress) -> TaskProgress:
    """The status alone: one shared value per status (the models are frozen), not one per report and task."""
    status = task.status
    shared = _BARE_TASKS.get(status)
    if shared is None:
        shared = _BARE_TASKS[status] = TaskProgress(status=status)
    return shared


_BARE_TASKS: dict[str | None, TaskProgress] = {}
_NONE: Mapping[str, TaskProgress] = MappingProxyType({})  # no task statuses kept: one empty mapping for all


def _shared(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)
