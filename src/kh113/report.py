"""The yearly implementation report (issue #5) as computed rows, ready for the templates.

Pure: the year and the as-of date are arguments, nothing is read or printed here. The figures come from
the status computations (issue #3) and the reporting facts (expected, received, late, missing) from the
submission checks (issue #4); this module only arranges them the way a Vietnamese administrative report
is arranged (docs/report.md lists every field the templates get):

  I.   overview: who had to report, who did, on time or late, who is missing;
  II.  results against each 2030 target, grouped by task group (section III);
  III. implementation of each annex task, by group, as the agencies reported it;
  IV.  difficulties and V. proposals, quoted with their agency;
  VI.  what needs attention: targets off track, tasks overdue, missing reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .i18n import translator
from .loading import Dataset, LoadedSubmission
from .models import Task
from .organisation import Registry

# --------------------------------------------------------------------------------------------------
# Rows the templates receive


@dataclass(frozen=True)
class AgencyRef:
    """An agency as the report names it: the registry's Vietnamese name in both languages (a proper name)."""

    id: str
    name: str
    short_name: str
    name_en: str


@dataclass(frozen=True)
class PlanInfo:
    number: str
    date: dt.date
    issuer: str
    place: str
    title: str


@dataclass(frozen=True)
class Quote:
    """A difficulty or proposal, word for word, with the agency that wrote it."""

    agency: AgencyRef
    text: str


@dataclass(frozen=True)
class TaskReport:
    """What one agency reported on one task this year."""

    agency: AgencyRef
    status: str  # TaskStatus key, or "not_reported"
    status_label: str
    products: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class TaskRow:
    id: str
    content: str
    product: str  # the product the annex asks for
    schedule: str  # the annex's wording
    scheduled: bool  # whether the schedule covers the report year
    responsible: tuple[AgencyRef, ...]  # who owes a report on it this year (succession applied)
    reports: tuple[TaskReport, ...]  # one per agency that reported it, then one per agency that owed and did not
    status: str  # summary over the reports (see task_summary)
    status_label: str
    overdue: bool


@dataclass(frozen=True)
class TaskGroupBlock:
    number: int
    section: str
    title: str
    tasks: tuple[TaskRow, ...]


@dataclass(frozen=True)
class Attention:
    """One line of the closing list: what needs attention and why."""

    kind: Literal["target", "target_no_data", "task", "report"]
    subject: str
    detail: str


@dataclass(frozen=True)
class Report:
    """Everything a report template gets (as the variable ``report``)."""

    kind: Literal["consolidated", "agency"]
    lang: str
    year: int
    as_of: dt.date
    plan: PlanInfo
    author: AgencyRef  # who sends the report: the consolidating agency (its current holder) or the agency
    recipient: str  # to whom, as the plan's reporting rule words it
    due: dt.date | None  # when this report is due
    agency: AgencyRef | None  # the agency of an agency report
    synthetic: bool  # some submission used is made-up demonstration data
    task_groups: tuple[TaskGroupBlock, ...]
    difficulties: tuple[Quote, ...]
    proposals: tuple[Quote, ...]
    attention: tuple[Attention, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------------------------------
# Building blocks


def agency_ref(data: Dataset, ident: str) -> AgencyRef:
    entry = data.agencies.get(ident) or data.collectives.get(ident)
    if entry is None:
        return AgencyRef(ident, ident, ident, ident)
    return AgencyRef(ident, entry.name, entry.short_name, entry.name_en)


def plan_info(data: Dataset) -> PlanInfo:
    plan = data.plan
    assert plan is not None, "the CLI loads a usable root before building a report"
    return PlanInfo(plan.number, plan.date, plan.issuer, plan.place, plan.title)


def submissions_of(data: Dataset, year: int) -> list[LoadedSubmission]:
    """The year's submissions in registry order (the order of plan/agencies.yaml), then by id."""
    order = {ident: i for i, ident in enumerate(data.agencies)}
    chosen = [s for s in data.submissions if s.submission.year == year]
    return sorted(chosen, key=lambda s: (order.get(s.submission.agency, len(order)), s.submission.agency))


def quotes(data: Dataset, submissions: list[LoadedSubmission]) -> tuple[tuple[Quote, ...], tuple[Quote, ...]]:
    """Difficulties and proposals, each with its agency, in registry order."""
    difficulties = tuple(
        Quote(agency_ref(data, s.submission.agency), text) for s in submissions for text in s.submission.difficulties
    )
    proposals = tuple(Quote(agency_ref(data, s.submission.agency), text) for s in submissions for text in s.submission.proposals)
    return difficulties, proposals


# Task status labels (msgids; the catalogue has the Vietnamese).
TASK_STATUS = {
    "completed": "completed",
    "in_progress": "in progress",
    "not_started": "not started",
    "delayed": "delayed",
    "not_applicable": "not applicable",
    "not_reported": "not reported",
    "not_scheduled": "not scheduled this year",
}


def task_summary(statuses: list[str]) -> str:
    """One status for a task reported by several agencies: the least advanced one that applies.

    Any `delayed` makes the task delayed; it is `completed` only when every agency that applies completed
    it; a task nobody reported is `not_reported`.
    """
    applying = [s for s in statuses if s != "not_applicable"]
    if not statuses:
        return "not_reported"
    if not applying:
        return "not_applicable"
    for status in ("delayed", "not_reported", "not_started"):
        if status in applying:
            return status
    return "completed" if all(s == "completed" for s in applying) else "in_progress"


def schedule_ended(task: Task, year: int) -> bool:
    """Whether the annex's timeline for ``task`` ends by ``year`` ("Năm 2024"; a range with an end)."""
    schedule = task.schedule
    if schedule.kind == "year":
        return schedule.year is not None and schedule.year <= year
    if schedule.kind == "range":
        return schedule.end is not None and schedule.end <= year
    return False


def completed_by(data: Dataset, task_id: str, year: int) -> bool:
    """Whether any submission up to ``year`` reports ``task_id`` completed."""
    return any(
        s.submission.year <= year and (p := s.submission.tasks.get(task_id)) is not None and p.status == "completed"
        for s in data.submissions
    )


def task_rows(
    data: Dataset,
    tasks: list[Task],
    year: int,
    owed: dict[str, list[str]],
    submissions: list[LoadedSubmission],
    lang: str,
) -> tuple[TaskGroupBlock, ...]:
    """Annex tasks by group with what each agency reported.

    ``owed`` maps a task id to the agencies that owe a report on it this year (from the expected
    submissions of issue #4); an agency that owed and sent nothing on the task appears as `not_reported`.
    """
    _ = translator(lang)
    assert data.plan is not None
    blocks = []
    for number in sorted({t.group for t in tasks}):
        rows = []
        for task in (t for t in tasks if t.group == number):
            reports: list[TaskReport] = []
            reported = set()
            for s in submissions:
                progress = s.submission.tasks.get(task.id)
                if progress is None:
                    continue
                status = progress.status or "not_reported"
                reported.add(s.submission.agency)
                reports.append(
                    TaskReport(agency_ref(data, s.submission.agency), status, _(TASK_STATUS[status]), tuple(progress.products), progress.note)
                )
            for ident in owed.get(task.id, []):
                if ident not in reported:
                    reports.append(TaskReport(agency_ref(data, ident), "not_reported", _(TASK_STATUS["not_reported"]), (), None))
            scheduled = task.schedule.active_in(year, data.plan.period)
            summary = task_summary([r.status for r in reports])
            if not scheduled and summary == "not_reported":
                summary = "not_scheduled"
            overdue = summary == "delayed" or (schedule_ended(task, year) and not completed_by(data, task.id, year))
            rows.append(
                TaskRow(
                    id=task.id,
                    content=task.content_en if lang == "en" and task.content_en else task.content,
                    product=task.product,
                    schedule=task.schedule.text,
                    scheduled=scheduled,
                    responsible=tuple(agency_ref(data, i) for i in owed.get(task.id, [])),
                    reports=tuple(reports),
                    status=summary,
                    status_label=_(TASK_STATUS[summary]),
                    overdue=overdue,
                )
            )
        group = data.groups.get(number)
        title = (group.title_en if lang == "en" else group.title) if group else str(number)
        blocks.append(TaskGroupBlock(number, group.section if group else "", title, tuple(rows)))
    return tuple(blocks)


def registry_of(data: Dataset) -> Registry:
    return Registry(data.agencies, data.collectives, data.changes)
