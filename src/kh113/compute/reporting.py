"""What the yearly report (issue #5) is computed from, and the task rules it applies (pure: the year and
the as-of date are arguments).

``gather`` runs the computations the report consumes — the status of every target (``progress``) and the
submission check (``compliance``) — and returns them as :class:`ReportFacts`, in no language. The report is
laid out from them by ``render/report.py``, in the reader's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..messages import msg
from ..models import Task
from ..problems import UsageError
from ..validate.loading import Dataset
from .progress import UNSD_2022

if TYPE_CHECKING:
    from .compliance import CheckResult
    from .expected import Expectations
    from .progress import Assessment
    from .receipt import History, Receipt


@dataclass(frozen=True)
class ReportFacts:
    """Everything the report says, computed: ``data`` (with git's receipt dates on the submissions when in
    git), the status of every indicator as of ``year``, who owed what and the submission check as of ``as_of``,
    for the consolidated report (``agency`` None) or one agency's own."""

    data: Dataset
    year: int
    as_of: dt.date
    agency: str | None
    assessments: list[Assessment]
    expectations: Expectations
    check: CheckResult


def gather(
    data: Dataset, *, year: int, as_of: dt.date, agency: str | None, history: History, method: str = UNSD_2022
) -> ReportFacts:
    """Run the computations the report consumes (status of every target, the submission check).

    ``history`` is the git history of the submissions (``commands.history``), read by the caller. An
    ``agency`` that owes no report for ``year`` is a usage error naming who took over its duties.
    """
    from .compliance import assess as check_submissions
    from .expected import expected, heirs
    from .progress import assess_dataset
    from .selection import require_agency

    expectations = expected(data, year)  # also refuses a year outside the plan's period
    if agency is not None:
        require_agency(data, agency)
        if agency not in expectations.obligations:
            successors = ", ".join(f"{o.agency} ({o.name})" for o in heirs(data, expectations, agency))
            hint = msg("; its responsibilities are now with {successors}", successors=successors) if successors else ""
            raise UsageError(
                msg(
                    "--agency {agency}: owes no report for {year}{hint}; see `kh113 expected --year {year}`",
                    agency=agency,
                    year=year,
                    hint=hint,
                )
            )
    check = check_submissions(
        data, expectations, history, as_of, data.problems.items, only={agency} if agency is not None else None
    )
    if history.in_git:
        # Issue #10 item 6: co-responsible agencies disagreeing on a figure: the report received later (by
        # git) is used, whatever `submitted` dates the files declare; one never received comes first.
        received = tuple(
            dataclasses.replace(s, received=_received(check.receipts.get(s.doc.path))) for s in data.submissions
        )
        data = dataclasses.replace(data, submissions=received)  # a new value: the caller's data is unchanged
    assessments = assess_dataset(data, year, [i.id for i in data.indicators_in_order()], method)
    return ReportFacts(data, year, as_of, agency, assessments, expectations, check)


def _received(receipt: Receipt | None) -> dt.date:
    return receipt.date if receipt is not None and receipt.date is not None else dt.date.min


# --------------------------------------------------------------------------------------------------
# Task rules (section III of the report)


def task_summary(statuses: list[str]) -> str:
    """One status for a task reported by several agencies: the least advanced one that applies.

    Any `delayed` makes the task delayed; it is `completed` only when every agency that applies completed
    it; no report at all is `not_reported`.
    """
    if not statuses:
        return "not_reported"
    applying = [s for s in statuses if s != "not_applicable"]
    if not applying:
        return "not_applicable"
    for status in ("delayed", "not_reported", "not_started"):
        if status in applying:
            return status
    return "completed" if all(s == "completed" for s in applying) else "in_progress"


def schedule_end(task: Task) -> dt.date | None:
    """The last day of the annex's timeline for ``task``: 31/12 of "Năm 2024" or of a range's end year.

    None for a timeline without an end ("Hàng năm", "Thường xuyên"): it never ends before the plan does.
    """
    schedule = task.schedule
    last = schedule.year if schedule.kind == "year" else schedule.end if schedule.kind == "range" else None
    return dt.date(last, 12, 31) if last is not None else None


def schedule_ended(task: Task, as_of: dt.date) -> bool:
    """Whether the timeline is over on ``as_of``: "Năm 2025" still runs on 15/11/2025 (review finding 7)."""
    end = schedule_end(task)
    return end is not None and as_of > end


def completed_by(data: Dataset, task_id: str, year: int) -> bool:
    """Whether a lead of ``task_id`` (in that report's year) reported it completed in a year up to ``year``."""
    from .scope import Scope

    scope = Scope(data)
    return any(
        s.submission.year <= year
        and (p := s.submission.tasks.get(task_id)) is not None
        and p.status == "completed"
        and s.submission.agency in scope.leads(task_id, s.submission.year)
        for s in data.submissions
    )
