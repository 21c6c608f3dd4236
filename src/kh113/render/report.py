"""The yearly implementation report (issue #5) laid out as rows, ready for the templates.

Pure: the year and the as-of date are arguments; nothing is read, printed or computed twice. What the
report says is computed in ``compute/reporting.py`` (``gather``: the status of every target, issue #3, and
the submission check, issue #4, as :class:`~kh113.compute.reporting.ReportFacts`); this module only words
and arranges it, in the report's language, the way a Vietnamese administrative report is arranged
(docs/report.md lists every field the templates get):

  I.   reporting: who had to report, who did, on time or late, who is missing;
  II.  results against each 2030 target, grouped by task group (section III of the plan);
  III. implementation of each annex task, by group, as the agencies reported it;
  IV.  difficulties and V. proposals, quoted with their agency;
  VI.  what needs attention: targets off track, tasks overdue, missing or late reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..compute.progress import NOT_ACHIEVED, UNSD_2022, UNSD_2023
from ..compute.reporting import ReportFacts, completed_by, gather, schedule_end, schedule_ended, task_summary
from ..i18n import N_, translator
from ..messages import Message, msg
from ..models import Indicator, Task
from ..problems import DataError, Problem
from ..validate.loading import Dataset, LoadedSubmission
from . import charts
from .numbers import UNIT_TEMPLATES, localised, quantity
from .views import (
    COMPARATOR_TEXT,
    QUALIFIER_MARKS,
    STATUS_LABELS,
    cited,
    indicator_name,
    product_text,
    schedule_text,
)

if TYPE_CHECKING:
    from ..compute.compliance import AgencyResult, CheckResult, CheckRow
    from ..compute.expected import Expectations
    from ..compute.progress import Assessment
    from ..compute.receipt import History
    from ..compute.series import Point

Translate = Callable[[str], str]

# --------------------------------------------------------------------------------------------------
# Rows the templates receive (docs/report.md, "Template variables")


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


# Nghị định 30/2020: the number is given by the văn thư when the report is registered; until then the
# line keeps room for it ("Số:      /BC-SNV"). No-break spaces, so Markdown and HTML keep the room too.
NUMBER_BLANK = "\u00a0" * 6


@dataclass(frozen=True)
class Letterhead:
    """What Nghị định 30/2020 (Phụ lục I) puts around a report: who issues it, its number, place and date,
    who signs it and who receives it (plan/report.yaml, issue #12). Empty strings are blanks to fill in."""

    parent: str  # cơ quan chủ quản
    issuer: str  # cơ quan ban hành
    code: str  # ký hiệu, "BC-SNV"
    number: str  # "" until the văn thư registers the report (--number)
    place: str  # địa danh
    date: dt.date  # the date the report bears (--date; default the as-of date)
    authority: str  # quyền hạn of the signer, "KT. Giám đốc"; "" when the head signs
    title: str  # chức vụ, "Phó Giám đốc"; "" when plan/report.yaml has no entry
    name: str  # "" leaves the line to sign on blank
    recipients: tuple[str, ...]  # nơi nhận, each closed by ";" and the last by "." as the decree writes them

    @property
    def number_shown(self) -> str:
        return self.number or NUMBER_BLANK


@dataclass(frozen=True)
class ReportingRow:
    """One report an agency owed for the year, and what became of it (from `kh113 check`)."""

    agency: AgencyRef
    due: dt.date  # the day the report had to arrive *before* ("trước ngày 30/10")
    received: dt.date | None
    status: str  # on_time | late | missing | due_soon | pending | undated
    status_label: str
    days_late: int
    file: str | None


@dataclass(frozen=True)
class FindingRow:
    """A problem `kh113 check` found with one agency's report (incomplete, out of scope...), laid out as the
    report prints it: the agency by name and the message worded in the report's language."""

    agency: AgencyRef | None
    code: str
    severity: str  # error | warning
    message: str


@dataclass(frozen=True)
class Overview:
    expected: int
    received: int
    on_time: int
    reporting_rate: float | None  # percent (0-100), None when nothing was expected
    on_time_rate: float | None
    due: dt.date
    rows: tuple[ReportingRow, ...]
    missing: tuple[AgencyRef, ...]
    late: tuple[ReportingRow, ...]
    findings: tuple[FindingRow, ...]  # the check's findings other than missing and late, in its order
    demonstration: bool = False  # a declared demonstration root: its synthetic reports are counted (issue #12)


@dataclass(frozen=True)
class FigureRef:
    """One figure of an indicator: the baseline or the latest one."""

    year: int
    value: float | bool
    qualifier: str  # exact | at_least | at_most | about | estimate
    mark: str  # how the qualifier is written before the value: "≥ ", "≤ ", "~ ", "≈ " or nothing
    origin: str  # published | submission | derived
    source: str
    agency: AgencyRef | None
    synthetic: bool


@dataclass(frozen=True)
class ChartImage:
    file: str | None  # path of the SVG relative to the report; None when no files are written (stdout)
    svg: str  # the SVG document (generated; every text in it is escaped)
    alt: str
    source: charts.Chart | None = None  # what it draws: the Word report draws it again as PNG (issue #12)


@dataclass(frozen=True)
class TargetRow:
    """One 2030 target with where it stands (numbers are plain; templates format them with filters)."""

    id: str
    order: int
    name: str  # the short name for tables when the indicator has one, in the report's language
    full_name: str  # the indicator's name as the plan words it (in English: its English rendering)
    unit: str
    kind: str  # numeric | milestone
    target_value: float | bool
    comparator: str
    target_year: int
    target_text: str  # comparator and value, "≥ 65 %"; a milestone: "done by 2030"
    target_wording: str  # the target as the plan words it (Vietnamese)
    baseline: FigureRef | None
    latest: FigureRef | None
    met: bool | None
    gap: float | None
    required_annual_change: float | None
    actual_annual_change: float | None
    projected_value: float | None
    projected_gap: float | None
    ratio: float | None
    status: str
    status_label: str
    notes: tuple[str, ...]
    responsible: tuple[AgencyRef, ...]
    chart: ChartImage | None


@dataclass(frozen=True)
class TargetGroup:
    number: int | None  # task group of section III; None for targets without one
    label: str  # "3. <title>": the plan's number of the group and its title
    rows: tuple[TargetRow, ...]
    title: str = ""  # the title alone: the report numbers its sub-headings itself, without gaps (issue #12)


@dataclass(frozen=True)
class TaskReport:
    """What one agency reported on one task this year."""

    agency: AgencyRef
    status: str  # completed | in_progress | not_started | delayed | not_applicable | not_reported (no status)
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
    reported: tuple[TaskReport, ...]
    unreported: tuple[AgencyRef, ...]  # responsible agencies whose report does not cover it
    status: str  # summary over the reports (task_summary), not_reported, not_scheduled or overdue
    status_label: str
    overdue: bool
    schedule_end: dt.date | None  # the timeline's last day (31/12 of its last year); None: no end


@dataclass(frozen=True)
class TaskGroupBlock:
    number: int
    section: str
    title: str
    tasks: tuple[TaskRow, ...]


@dataclass(frozen=True)
class Quote:
    """A difficulty or proposal, word for word, with the agency that wrote it."""

    agency: AgencyRef
    text: str


@dataclass(frozen=True)
class Attention:
    """One line of the closing list: what needs attention and why."""

    kind: Literal[
        "target", "targets_without_data", "task", "report_missing", "report_late", "report_incomplete", "figure_revised"
    ]
    # report_incomplete: a received report lacking owed items or holding items its agency does not own;
    # figure_revised: a figure changed after the due date (issue #10 item 4)
    heading: str
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
    letterhead: Letterhead
    author: AgencyRef  # who sends it: the consolidating agency (its holder on the due date) or the agency
    recipient: str  # to whom, as the plan's reporting rule words it, naming the consolidator of the due date
    consolidator: AgencyRef  # who compiles the reports on this report's due date (succession applied)
    consolidator_changed: bool  # not the agency the plan names (Sở LĐ-TB&XH was dissolved on 1/3/2025)
    due: dt.date  # when this report is due (before this day)
    # when the consolidating agency's own report is due (before this day, 10/11): an agency's report is due
    # earlier (30/10), and a sentence about the consolidator must give the consolidator's date (issue #12)
    consolidation_due: dt.date
    agency: AgencyRef | None  # the agency of an agency report
    synthetic: bool  # some submission used is made-up demonstration data
    method: str  # how the target classes were decided, worded (issue #16: --method)
    overview: Overview
    target_groups: tuple[TargetGroup, ...]
    task_groups: tuple[TaskGroupBlock, ...]
    difficulties: tuple[Quote, ...]
    proposals: tuple[Quote, ...]
    attention: tuple[Attention, ...]


# --------------------------------------------------------------------------------------------------
# Labels (message ids; the Vietnamese catalogue translates them)

TASK_STATUS = {
    "completed": N_("completed"),
    "in_progress": N_("in progress"),
    "not_started": N_("not started"),
    "delayed": N_("delayed"),
    "not_applicable": N_("not applicable"),
    "not_reported": N_("not reported"),
    "not_scheduled": N_("not scheduled this year"),
    # A timeline over before the report year without a completed report (issue #12 item 4): the same
    # state section VI lists as overdue, not "not scheduled this year".
    "overdue": N_("overdue (timeline over, not reported completed)"),
}
REPORT_STATUS = {
    "on_time": N_("on time"),
    "late": N_("late"),
    "missing": N_("not received"),
    "due_soon": N_("due soon"),
    "pending": N_("not yet due"),
    "undated": N_("received (date unknown)"),
}
# The findings of `kh113 check` an official report repeats: what a report lacks, or holds beyond its
# agency's duties. The others are about files and the repository (receipt dates against commits, shallow
# history, misplaced files, validation problems): work for whoever keeps the data, not prose for the
# People's Committee (review finding 10). Missing and late reports have their own rows.
REPORT_FINDINGS = ("incomplete", "out-of-scope")
# Progress classes that put a target on the closing list (issue #5: "targets off track").
# The method in words (issue #12 item 4): its id ("unsd-2022") is the value of `status --method`, not
# something a report's reader knows. The line under section II's heading, and the name inside the notes.
METHOD_LINES = {
    UNSD_2022: N_(
        "Assessment method: the progress chart of the United Nations Statistics Division, 2017-2022 edition "
        "(actual growth rate against the rate needed)"
    ),
    UNSD_2023: N_(
        "Assessment method: the progress chart of the United Nations Statistics Division, 2023 edition "
        "(projected progress against the progress needed)"
    ),
}
METHOD_NAMES = {
    UNSD_2022: N_("United Nations Statistics Division method, 2017-2022 edition"),
    UNSD_2023: N_("United Nations Statistics Division method, 2023 edition"),
}
OFF_TRACK = ("acceleration_needed", "limited_progress", "deterioration")
WITHOUT_DATA = ("insufficient_data", "no_data")


# --------------------------------------------------------------------------------------------------


def prepare(
    data: Dataset,
    *,
    year: int,
    as_of: dt.date,
    lang: str,
    agency: str | None,
    history: History,
    chart_folder: str | None,
    method: str = UNSD_2022,
    number: str = "",
    issued: dt.date | None = None,
) -> Report:
    """The report computed (``compute.reporting.gather``) and laid out (:func:`layout`) in one call."""
    facts = gather(data, year=year, as_of=as_of, agency=agency, history=history, method=method)
    return layout(facts, lang=lang, chart_folder=chart_folder, number=number, issued=issued)


def any_chart(prepared: Report) -> bool:
    """Whether the report draws any chart (Markdown on standard output refers to no chart files)."""
    return any(row.chart for group in prepared.target_groups for row in group.rows)


def _report_message(row: CheckRow) -> Message:
    """What the report says of a check problem: its message, but a figure revised after the due date without
    the commit (issue #10 item 4; the report quotes no commit, review finding 10)."""
    if row.code == "revised-after-due":
        args = row.problem.params
        return msg(
            "figure `{id}` was revised after the due date: {old} → {new} ({date})",
            id=args["id"],
            old=args["old"],
            new=args["new"],
            date=args["date"],
        )
    return row.problem.said


def layout(
    facts: ReportFacts, *, lang: str, chart_folder: str | None, number: str = "", issued: dt.date | None = None
) -> Report:
    """The computed report laid out in ``lang``: the rows the templates receive (docs/report.md), for the
    consolidated report or one agency's own (``facts.agency``). ``chart_folder`` is where the chart files go,
    relative to the report (None: charts only inline, for HTML or standard output)."""
    data, year, as_of, agency = facts.data, facts.year, facts.as_of, facts.agency
    assessments, expectations, check = facts.assessments, facts.expectations, facts.check
    _ = translator(lang)
    plan = data.plan
    assert plan is not None, "the CLI loads a usable root before building a report"
    rule_who = "consolidating_agency" if agency is None else "lead_agencies"
    rule = next(r for r in plan.reporting.rules if r.who == rule_who)
    tasks, indicator_ids, submissions = _contents(data, year, expectations, agency)
    author, due = _author(data, expectations, agency)
    # Who compiles the reports on this report's due date (succession: Sở Nội vụ from 1/3/2025).
    consolidator = data.registry.resolve(plan.reporting.consolidating_agency, due)
    owed_tasks, owed_figures = _owed(expectations)
    chosen = {ident: a for a in assessments if (ident := a.indicator.id) in indicator_ids}
    rows = [
        target_row(data, chosen[i], owed_figures.get(i, []), lang, chart_folder) for i in indicator_ids if i in chosen
    ]
    overview = reporting_overview(data, check, agency, lang)
    task_groups = task_rows(data, tasks, year, as_of, owed_tasks, submissions, lang)
    difficulties, proposals = quotes(data, submissions)
    return Report(
        kind="consolidated" if agency is None else "agency",
        lang=lang,
        year=year,
        as_of=as_of,
        plan=plan_info(data, lang),
        letterhead=letterhead(data, author, year, number, issued or as_of, lang),
        author=author,
        recipient=recipient(data, rule.to_en if lang == "en" and rule.to_en else rule.to, consolidator, lang),
        consolidator=agency_ref(data, consolidator),
        consolidator_changed=consolidator != plan.reporting.consolidating_agency,
        due=due,
        consolidation_due=expectations.consolidation.due,
        agency=agency_ref(data, agency) if agency else None,
        synthetic=any(s.submission.synthetic for s in submissions)
        or any(p.synthetic for a in chosen.values() for p in a.series.points),
        method=_(METHOD_LINES[assessments[0].method if assessments else UNSD_2022]),
        overview=overview,
        target_groups=target_groups(data, rows, lang),
        task_groups=task_groups,
        difficulties=difficulties,
        proposals=proposals,
        attention=attention(rows, task_groups, overview, lang),
    )


def _contents(
    data: Dataset, year: int, expectations: Expectations, agency: str | None
) -> tuple[list[Task], list[str], list[LoadedSubmission]]:
    """The tasks, indicator ids and submissions the report covers: all of them, or what ``agency`` owes."""
    submissions = submissions_of(data, year)
    tasks = list(data.tasks.values())
    indicator_ids = [i.id for i in data.indicators_in_order()]
    if agency is None:
        return tasks, indicator_ids, submissions
    obligation = expectations.obligations[agency]
    return (
        [t for t in tasks if t.id in obligation.tasks],
        [i for i in indicator_ids if i in obligation.figures or i in obligation.optional_figures],
        [s for s in submissions if s.submission.agency == agency],
    )


def _author(data: Dataset, expectations: Expectations, agency: str | None) -> tuple[AgencyRef, dt.date]:
    """Who writes the report and by when: ``agency`` by its own due date, else the consolidating agency."""
    if agency is not None:
        return agency_ref(data, agency), expectations.due
    return agency_ref(data, expectations.consolidation.agency), expectations.consolidation.due


def _owed(expectations: Expectations) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The agencies that owe a report on each task, and a figure of each indicator, this year."""
    owed_tasks: dict[str, list[str]] = {}
    owed_figures: dict[str, list[str]] = {}
    for ob in expectations.obligations.values():
        for task_id in ob.tasks:
            owed_tasks.setdefault(task_id, []).append(ob.agency)
        for ind_id in [*ob.figures, *ob.optional_figures]:
            owed_figures.setdefault(ind_id, []).append(ob.agency)
    return owed_tasks, owed_figures


# --------------------------------------------------------------------------------------------------
# Building blocks


def agency_ref(data: Dataset, ident: str) -> AgencyRef:
    entry = data.registry.entry(ident)
    if entry is None:
        return AgencyRef(ident, ident, ident, ident)
    return AgencyRef(ident, entry.name, entry.short_name, entry.name_en)


def recipient(data: Dataset, written: str, consolidator: str, lang: str = "vi") -> str:
    """The plan's recipient with the consolidating agency it names replaced by the one holding the role.

    The plan writes "Ủy ban nhân dân tỉnh (qua Sở Lao động - Thương binh và Xã hội)"; that department was
    dissolved on 1/3/2025 and the 2025 reports go "qua Sở Nội vụ" (review finding 11). The names are the
    registry's, so the plan's wording is kept around them.
    """
    assert data.plan is not None
    named = data.plan.reporting.consolidating_agency
    if consolidator == named:
        return written
    before, after = agency_ref(data, named), agency_ref(data, consolidator)
    if lang == "en":  # `to_en` names the agency in English (the registry's `name_en`)
        return written.replace(before.name_en, after.name_en)
    return written.replace(before.name, after.name)


def letterhead(
    data: Dataset, author: AgencyRef, year: int, number: str, issued: dt.date, lang: str = "vi"
) -> Letterhead:
    """The letterhead, signature and recipients of ``author``'s report on ``year`` (plan/report.yaml).

    A root with plan/report.yaml that has no entry for the author is refused (issue #12 item 4): the number
    would lack the issuing body's code ("Số: /BC"), and kh113 does not invent a code, a signer or
    recipients. A root without the file (it is optional) gets a form: the parent is the plan's issuer, and
    the code after "BC-", the signature and the recipients are blanks the officer fills in.
    """
    plan = data.plan
    assert plan is not None
    if data.senders is None and ("report", "report") not in data.origins:
        blank = f"BC-{NUMBER_BLANK}"
        return Letterhead(plan.issuer, author.name, blank, number.strip(), plan.place, issued, "", "", "", ())
    sender = data.senders.for_report(author.id, year) if data.senders is not None else None
    if sender is None:
        raise DataError(
            msg("the report of {name} cannot be numbered; see plan/report.yaml", name=author.name),
            [_no_sender(data, author, year)],
        )
    english = lang == "en"
    written = sender.recipients_en if english and sender.recipients_en else sender.recipients
    lines = [line.strip().rstrip(";.").rstrip() for line in written]
    closed = tuple(f"{line};" for line in lines[:-1]) + (f"{lines[-1]}.",)
    signer = sender.signer
    authority = signer.authority_en if english and signer.authority_en is not None else signer.authority
    title = signer.title_en if english and signer.title_en else signer.title
    return Letterhead(
        sender.parent,
        author.name,
        sender.code,
        number.strip(),
        sender.place,
        issued,
        authority,
        title,
        signer.name,
        closed,
    )


def _no_sender(data: Dataset, author: AgencyRef, year: int) -> Problem:
    """The problem of a report whose sender has no entry in plan/report.yaml, at its `senders`."""
    said = msg(
        "no entry of {name} (`{agency}`) from {year} or earlier in `senders`: add one with the document code "
        "of its reports (`code: BC-…`), its signer and its recipients",
        name=author.name,
        agency=author.id,
        year=year,
    )
    return data.origins[("report", "report")].problem(("senders",), "no-sender", said, key=True)


def plan_info(data: Dataset, lang: str = "vi") -> PlanInfo:
    """The plan as the report cites it; in English its issuer is the registry's `name_en` of that body."""
    plan = data.plan
    assert plan is not None
    issuer = plan.issuer
    if lang == "en":
        body = next((a for a in data.agencies.values() if a.name == plan.issuer), None)
        issuer = body.name_en if body is not None else issuer
    return PlanInfo(plan.number, plan.date, issuer, plan.place, plan.title if lang == "vi" else plan.title_en)


def submissions_of(data: Dataset, year: int) -> list[LoadedSubmission]:
    """The year's submissions in registry order (the order of plan/agencies.yaml), then by id."""
    order = {ident: i for i, ident in enumerate([*data.agencies, *data.collectives])}
    chosen = [s for s in data.submissions if s.submission.year == year]
    return sorted(chosen, key=lambda s: (order.get(s.submission.agency, len(order)), s.submission.agency))


def quotes(data: Dataset, submissions: list[LoadedSubmission]) -> tuple[tuple[Quote, ...], tuple[Quote, ...]]:
    """Difficulties and proposals, each with its agency, in registry order."""
    difficulties = tuple(
        Quote(agency_ref(data, s.submission.agency), text) for s in submissions for text in s.submission.difficulties
    )
    proposals = tuple(
        Quote(agency_ref(data, s.submission.agency), text) for s in submissions for text in s.submission.proposals
    )
    return difficulties, proposals


# --------------------------------------------------------------------------------------------------
# I. Reporting


def reporting_overview(data: Dataset, check: CheckResult, agency: str | None, lang: str) -> Overview:
    """The check's summary (DHIS2 terms) and one row per owed report; for an agency, its row only."""
    _ = translator(lang)
    results = [r for r in check.agencies if agency is None or r.obligation.agency == agency]
    findings = tuple(
        FindingRow(
            agency_ref(data, f.agency) if f.agency else None, f.code, f.severity.value, _report_message(f).text(_)
        )
        for f in check.findings
        if f.code in (*REPORT_FINDINGS, "revised-after-due") and (agency is None or f.agency == agency)
    )
    demo = {f.agency for f in check.findings if f.code == "synthetic" and f.agency is not None}
    rows = tuple(reporting_row(data, r, _, r.obligation.agency in demo) for r in results)
    return Overview(
        expected=check.expected,
        received=check.received,
        on_time=check.on_time,
        reporting_rate=check.reporting_rate,
        on_time_rate=check.on_time_rate,
        due=check.due,
        rows=rows,
        missing=tuple(r.agency for r in rows if r.status == "missing"),
        late=tuple(r for r in rows if r.status == "late"),
        findings=findings,
        demonstration=check.demonstration,
    )


def reporting_row(data: Dataset, result: AgencyResult, _: Translate, demonstration: bool = False) -> ReportingRow:
    label = _(REPORT_STATUS[result.status])
    if result.status == "late":
        label = _("late by {days} day(s)").format(days=result.days_late)
    if demonstration:
        # The check counts a synthetic file as no report (issue #4); say why rather than just "not received".
        label = _("{status} (the file is demonstration data)").format(status=label)
    return ReportingRow(
        agency=agency_ref(data, result.obligation.agency),
        due=result.obligation.due,
        received=result.receipt.date if result.receipt is not None else None,
        status=result.status,
        status_label=label,
        days_late=result.days_late,
        file=result.file,
    )


# --------------------------------------------------------------------------------------------------
# II. Targets


def figure_ref(data: Dataset, point: Point | None, lang: str) -> FigureRef | None:
    if point is None:
        return None
    return FigureRef(
        year=point.year,
        value=point.value,
        qualifier=point.qualifier,
        mark=QUALIFIER_MARKS.get(point.qualifier, ""),
        origin=point.origin,
        source=cited(point, lang),
        agency=agency_ref(data, point.agency) if point.agency else None,
        synthetic=point.synthetic,
    )


def target_text(indicator: Indicator, lang: str) -> str:
    """The target in a few characters: comparator and value ("≥ 65 %"), or "done by 2030" for a milestone."""
    _ = translator(lang)
    if indicator.kind == "milestone":
        return _("done by {year}").format(year=indicator.target.year)
    value = quantity(float(indicator.target.value), indicator.unit, lang, _)
    return f"{COMPARATOR_TEXT[indicator.target.comparator]} {value}"


def target_row(
    data: Dataset, result: Assessment, responsible: list[str], lang: str, chart_folder: str | None
) -> TargetRow:
    _ = translator(lang)
    ind = result.indicator
    return TargetRow(
        id=ind.id,
        order=ind.order,
        name=indicator_name(ind, lang),
        full_name=ind.name if lang == "vi" else ind.name_en,
        unit=ind.unit,
        kind=ind.kind,
        target_value=ind.target.value,
        comparator=ind.target.comparator,
        target_year=ind.target.year,
        target_text=target_text(ind, lang),
        target_wording=ind.target.text,
        baseline=figure_ref(data, result.baseline, lang),
        latest=figure_ref(data, result.latest, lang),
        met=result.met,
        gap=result.gap,
        required_annual_change=result.required_annual_change,
        actual_annual_change=result.actual_annual_change,
        projected_value=result.projected_value,
        projected_gap=result.projected_gap,
        ratio=result.ratio,
        status=result.status,
        status_label=_(STATUS_LABELS[result.status]),
        notes=tuple(note_text(named(data, note, lang), lang) for note in result.notes),
        responsible=tuple(agency_ref(data, i) for i in responsible),
        chart=chart_image(data, result, lang, chart_folder),
    )


def named(data: Dataset, note: Problem, lang: str) -> Problem:
    """The note with the agency, indicator and method ids among its values replaced by names (issue #12: a
    report names, never ids): ``{agency}`` "so-gddt" becomes "Sở Giáo dục và Đào tạo", ``{parts}`` "bac-si +
    duoc-si" the parts' names as the tables write them, ``{method}`` "unsd-2022" the method in words."""
    params = dict(note.params)
    agency = params.get("agency")
    if isinstance(agency, str) and data.registry.known(agency):
        params["agency"] = agency_ref(data, agency).name
    method = params.get("method")
    if isinstance(method, str) and method in METHOD_NAMES:
        params["method"] = msg(METHOD_NAMES[method])
    parts = params.get("parts")
    if isinstance(parts, str) and all(part in data.indicators for part in parts.split(" + ")):
        params["parts"] = " + ".join(indicator_name(data.indicators[part], lang) for part in parts.split(" + "))
    if params == dict(note.params):
        return note
    return dataclasses.replace(note, message=Message(note.said.id, params))  # type: ignore[arg-type]


def note_text(note: Problem, lang: str) -> str:
    """A status note as the report says it, in the report's language (the data's `note` / `note_en`)."""
    return note.said.text(translator(lang), lambda v: localised(v, lang), lang)


def target_groups(data: Dataset, rows: list[TargetRow], lang: str) -> tuple[TargetGroup, ...]:
    """Targets by task group, groups in number order (targets without a group last), plan order inside."""
    _ = translator(lang)
    groups: dict[int | None, list[TargetRow]] = {}
    for row in rows:
        groups.setdefault(data.indicators[row.id].group, []).append(row)
    out = []
    for number in sorted(groups, key=lambda n: (n is None, n or 0)):
        entry = data.groups.get(number) if number is not None else None
        title = (entry.title if lang == "vi" else entry.title_en) if entry else _("Other targets")
        label = f"{entry.id}. {title}" if entry else title
        rows_here = tuple(sorted(groups[number], key=lambda r: (r.order, r.id)))
        out.append(TargetGroup(number, label, rows_here, title))
    return tuple(out)


def chart_image(data: Dataset, result: Assessment, lang: str, folder: str | None) -> ChartImage | None:
    """A chart for a numeric indicator with at least one figure (a milestone is a yes or no: no chart)."""
    chart = chart_of(data, result, lang)
    if chart is None:
        return None
    _ = translator(lang)
    svg = charts.render_svg(chart, lambda v: localised(v, lang))
    file = f"{folder}/{chart.indicator}.svg" if folder is not None else None
    return ChartImage(file, svg, _("Chart: {name}").format(name=chart.title), chart)


def chart_of(data: Dataset, result: Assessment, lang: str) -> charts.Chart | None:
    ind = result.indicator
    points = [p for p in result.series.points if p.year <= result.as_of]
    if ind.kind != "numeric" or not points:
        return None
    _ = translator(lang)
    assert data.plan is not None
    breaks = result.series.breaks
    target = float(ind.target.value)
    target_label = f"{COMPARATOR_TEXT[ind.target.comparator]} {quantity(target, ind.unit, lang, _)}"
    unit = UNIT_TEMPLATES.get(ind.unit)
    return charts.Chart(
        indicator=ind.id,
        title=ind.name if lang == "vi" else ind.name_en,
        unit=_(unit).format(value="").strip() if unit else "",
        first_year=min(points[0].year, data.plan.period[0]),
        last_year=max(ind.target.year, points[-1].year),
        points=tuple(
            charts.Point(
                year=p.year,
                value=float(p.value),
                label=QUALIFIER_MARKS.get(p.qualifier, "") + quantity(float(p.value), ind.unit, lang, _),
                position=position_in_year(p, [b.date for b in breaks]),
                segment=p.segment,
                submitted=p.origin != "published",
            )
            for p in points
        ),
        target_value=target,
        target_year=ind.target.year,
        breaks=tuple(charts.SeriesBreak(b.date, b.reason_en or b.reason if lang == "en" else b.reason) for b in breaks),
        labels=charts.Labels(
            submitted=_("Agency reports"),
            published=_("Published figures"),
            target=_("Target {year}: {target}").format(year=ind.target.year, target=target_label),
            series_break=_("Series break {date}").format(date=", ".join(b.date.strftime("%d/%m/%Y") for b in breaks)),
        ),
        ceiling=100.0 if ind.unit == "percent" else None,
    )


def position_in_year(point: Point, breaks: list[dt.date]) -> float:
    """Where a figure sits in its year on the chart: its reference date, else mid-year.

    A figure without a date in a year that has a series break sits in the middle of its side of the
    break (the series decided the side), so the break line never passes on the wrong side of it.
    """
    if point.date is not None:
        return charts.year_position(point.date)
    inside = sorted(charts.year_position(b) for b in breaks if b.year == point.year)
    if not inside:
        return 0.5
    before = sum(1 for b in breaks if b.year < point.year)
    edges = [0.0, *inside, 1.0]
    side = min(max(point.segment - before, 0), len(edges) - 2)
    return (edges[side] + edges[side + 1]) / 2


# --------------------------------------------------------------------------------------------------
# III. Tasks


def task_rows(
    data: Dataset,
    tasks: list[Task],
    year: int,
    as_of: dt.date,
    owed: dict[str, list[str]],
    submissions: list[LoadedSubmission],
    lang: str,
) -> tuple[TaskGroupBlock, ...]:
    """Annex tasks by group with what each agency reported.

    ``owed`` maps a task id to the agencies that owe a report on it this year (the expected submissions
    of issue #4). A task is overdue when an agency reports it delayed, or when its timeline was over on
    ``as_of`` (after 31/12 of "Năm 2024") and no report up to the report year says it was completed.
    """
    blocks = []
    for number in sorted({t.group for t in tasks}):
        rows = [_task_row(data, t, year, as_of, owed, submissions, lang) for t in tasks if t.group == number]
        group = data.groups.get(number)
        title = (group.title if lang == "vi" else group.title_en) if group else str(number)
        blocks.append(TaskGroupBlock(number, group.section if group else "", title, tuple(rows)))
    return tuple(blocks)


def _task_row(
    data: Dataset,
    task: Task,
    year: int,
    as_of: dt.date,
    owed: dict[str, list[str]],
    submissions: list[LoadedSubmission],
    lang: str,
) -> TaskRow:
    """One task: what its agencies reported, its state in ``year`` and whether it is overdue on ``as_of``."""
    _ = translator(lang)
    assert data.plan is not None
    reported = _task_reports(data, task, owed, submissions, lang)
    seen = {r.agency.id for r in reported}
    scheduled = task.schedule.active_in(year, data.plan.period)
    summary = task_summary([r.status for r in reported])
    overdue = summary == "delayed" or (schedule_ended(task, as_of) and not completed_by(data, task.id, year))
    if not scheduled and not reported:
        summary = "overdue" if overdue else "not_scheduled"
    return TaskRow(
        id=task.id,
        content=task.content_en if lang == "en" and task.content_en else task.content,
        product=product_text(task, lang),
        schedule=schedule_text(task.schedule, lang),
        scheduled=scheduled,
        responsible=tuple(agency_ref(data, i) for i in owed.get(task.id, [])),
        reported=tuple(reported),
        unreported=tuple(agency_ref(data, i) for i in owed.get(task.id, []) if i not in seen),
        status=summary,
        status_label=_(TASK_STATUS[summary]),
        overdue=overdue,
        schedule_end=schedule_end(task),
    )


def _task_reports(
    data: Dataset, task: Task, owed: dict[str, list[str]], submissions: list[LoadedSubmission], lang: str
) -> list[TaskReport]:
    """What the agencies that owe a report on ``task`` said of it."""
    _ = translator(lang)
    reported: list[TaskReport] = []
    for s in submissions:
        progress = s.submission.tasks.get(task.id)
        if progress is None or s.submission.agency not in owed.get(task.id, []):
            continue  # issue #10: only the task's leads report it; others are out of scope
        status = progress.status or "not_reported"  # a draft without a status
        reported.append(
            TaskReport(
                agency_ref(data, s.submission.agency),
                status,
                _(TASK_STATUS[status]),
                tuple(progress.products),
                progress.note,
            )
        )
    return reported


# --------------------------------------------------------------------------------------------------
# VI. Attention


def attention(
    targets: list[TargetRow], task_groups: tuple[TaskGroupBlock, ...], overview: Overview, lang: str
) -> tuple[Attention, ...]:
    """The closing list, in the issue's order: targets off track, tasks overdue, reports missing or late."""
    _ = translator(lang)
    items: list[Attention] = []
    for row in sorted(targets, key=lambda r: (r.order, r.id)):
        if row.status in OFF_TRACK:
            items.append(Attention("target", _("Target off track"), row.name, row.status_label))
        elif row.status == NOT_ACHIEVED:  # the table says "not achieved": so does this list (issue #12 item 4)
            items.append(Attention("target", _("Target not achieved"), row.name, row.status_label))
    without = [r.name for r in sorted(targets, key=lambda r: (r.order, r.id)) if r.status in WITHOUT_DATA]
    if without:
        items.append(
            Attention(
                "targets_without_data",
                _("Targets without enough figures to judge"),
                str(len(without)),
                "; ".join(without),
            )
        )
    for group in task_groups:
        for task in group.tasks:
            if task.overdue:
                if task.status == "delayed":
                    why = task.status_label
                else:
                    assert task.schedule_end is not None, "overdue without a delay: its timeline is over"
                    why = _("its timeline ({schedule}) ended on {end} and no report says it is completed").format(
                        schedule=task.schedule, end=task.schedule_end.strftime("%d/%m/%Y")
                    )
                items.append(Attention("task", _("Task overdue"), f"{task.id}. {task.content}", why))
    for agency in overview.missing:
        items.append(Attention("report_missing", _("Report not received"), agency.name, ""))
    for late in overview.late:
        items.append(Attention("report_late", _("Report late"), late.agency.name, late.status_label))
    for note in overview.findings:
        if note.code in REPORT_FINDINGS and note.agency is not None:
            items.append(Attention("report_incomplete", _("Report to complete"), note.agency.name, note.message))
        elif note.code == "revised-after-due" and note.agency is not None:
            items.append(
                Attention("figure_revised", _("Figure revised after the due date"), note.agency.name, note.message)
            )
    return tuple(items)
