"""Pydantic schemas for every kind of file in a kh113 data root.

The descriptions are not decoration: ``kh113 schema`` turns them into the JSON Schemas that editors show
to agency staff while they type, so they are written for those readers, in plain words.
No I/O here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic import Strict as StrictMode

from .messages import msg

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Stable ASCII identifier: lower-case letters, digits and hyphens (e.g. `so-y-te`)."),
]
TaskId = Annotated[
    str,
    StringConstraints(pattern=r"^[1-9]\.[0-9]{1,2}$"),
    Field(description='Annex row number as text, e.g. "6.10" (quote it in YAML: 6.10 unquoted is the number 6.1).'),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Year = Annotated[int, Field(ge=2000, le=2100, description="A calendar year, e.g. 2025.")]

Comparator = Literal[">=", ">", "<=", "<", "=="]
# How each comparator reads for people ("≥ 35"), in tables, reports and the comments of `kh113 new`.
COMPARATOR_TEXT: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
Unit = Literal["percent", "per_10000", "people_per_year", "count", "boolean"]
# How a published figure is to be read. "estimate" is a figure the source gives as "ước đạt" (an estimate
# made before the year's figures were final): used as the value, and shown as an estimate (issue #15).
Qualifier = Literal["exact", "at_least", "at_most", "about", "estimate"]
QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "at_most", "about", "estimate")
NoteVi = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000),
    Field(description="The note in Vietnamese: what readers of Vietnamese output see."),
]
NoteEn = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000),
    Field(description="The same note in English: what `--lang en` shows."),
]


# Characters that show nothing: a "reason" made only of them says nothing (issue #10, attack review hole 5).
# Spaces of every kind (NBSP, U+3000), format characters (zero-width space U+200B, U+FEFF, U+2060, soft
# hyphen) and the blank letters some fonts draw as nothing (Hangul fillers, the blank Braille pattern).
_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def visible(text: str) -> bool:
    """Whether ``text`` has a character a reader can see."""
    return any(
        not (c.isspace() or c in _BLANK_LETTERS or unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp"))
        for c in text
    )


def _a_reason(text: str) -> str:
    if not visible(text):
        raise ValueError(
            msg(
                "`unavailable` gives no reason (it is empty, or only spaces or invisible characters): write why "
                "the figure cannot be given this year"
            )
        )
    return text


# The JSON Schema's words for the same rule (editors): at least one character that is not a space or an
# invisible format character. ECMAScript's \s covers the spaces, NBSP and U+FEFF.
_VISIBLE_PATTERN = r"[^\s\u200b-\u200f\u2060-\u2064\u00ad\u115f\u1160\u2800\u3164\uffa0\ufeff]"
Reason = Annotated[str, AfterValidator(_a_reason), Field(json_schema_extra={"pattern": _VISIBLE_PATTERN})]


class Strict(BaseModel):
    """Base: unknown keys are errors (a typo must never be silently ignored)."""

    # strict: a quoted "40.000" or "2025-10-30" must not be converted silently (issue #6); YAML already
    # gives numbers, booleans and dates their own types, so strict costs the user nothing.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _check_notes_en(notes: list[str], notes_en: list[str]) -> None:
    """`notes_en` is the English of `notes`, item by item (as `name_en` is of `name`)."""
    if notes_en and len(notes_en) != len(notes):
        raise ValueError(
            msg(
                "`notes_en` must translate each of the {count} `notes`, in order; it has {found}",
                count=len(notes),
                found=len(notes_en),
            )
        )


# --------------------------------------------------------------------------------------------------
# Sources and plan metadata
# --------------------------------------------------------------------------------------------------


class Source(Strict):
    """Where a figure or fact was read: a citation a reader can follow."""

    title: Text = Field(
        description="The headline as published, in its own language (a title is a proper name); where the "
        "headline was not recorded, a description of the publication in Vietnamese."
    )
    title_en: str | None = Field(
        default=None,
        min_length=1,
        max_length=20_000,
        description="The description in English, shown by `--lang en`; leave it out when `title` is the headline "
        "as published (shown as it is in both languages).",
    )
    url: str | None = Field(default=None, description="Address of the publication, when it is online.")
    publisher: str | None = Field(default=None, description="Who published it (newspaper, agency).")
    published: dt.date | None = Field(default=None, description="Publication date (YYYY-MM-DD).")
    event: dt.date | None = Field(
        default=None,
        description="Date of the meeting or event the publication reports, when the source gives it "
        "(e.g. a sector's yearly review meeting).",
    )

    def citation(self, lang: str) -> str:
        """The source as output cites it, in ``lang``: the title (``title_en`` in English) and the address."""
        title = self.title_en if lang == "en" and self.title_en else self.title
        return title + (f" — {self.url}" if self.url else "")


class DocumentRef(Strict):
    """A legal or party document the plan implements or cites."""

    number: Text = Field(description='Document number as written, e.g. "217-KH/TU".')
    date: dt.date = Field(description="Date the document was issued.")
    issuer: Text = Field(description="Issuing body, in Vietnamese.")
    title: str | None = Field(default=None, description="Short title or subject, in Vietnamese.")


class Signer(Strict):
    name: Text = Field(description="Name of the signatory.")
    title: Text = Field(description='Signing capacity as printed, e.g. "KT. Chủ tịch - Phó Chủ tịch".')


class DueDate(Strict):
    """A day of the year by which something is due (section V: "trước ngày 30/10")."""

    month: int = Field(ge=1, le=12, description="Month (1-12).")
    day: int = Field(ge=1, le=31, description="Day of the month.")


class ReportingRule(Strict):
    """One reporting obligation of section V, as data."""

    id: Id
    who: Literal["lead_agencies", "consolidating_agency"] = Field(
        description="`lead_agencies`: every agency leading an annex task or responsible for a target; "
        "`consolidating_agency`: the agency that compiles the province's report."
    )
    to: Text = Field(description="Who receives the report, in Vietnamese as the plan says it.")
    to_en: str | None = Field(
        default=None, description="The same in English (shown by `--lang en`; without it, the Vietnamese)."
    )
    due: DueDate = Field(description='Yearly due date; the report is due *before* this day ("trước ngày").')
    exceptions: dict[Year, dt.date] = Field(
        default_factory=dict,
        description="One-off due dates replacing the yearly one for a given year (2024: 30/8 and 10/9).",
    )
    text: Text = Field(description="The source wording of the rule.")


class ProgressThresholds(Strict):
    """Thresholds of the UN Statistics Division SDG Progress Chart method (ratio CR = actual/required)."""

    on_track: float = Field(0.95, description="CR at or above this: on track.")
    acceleration_needed: float = Field(
        0.5, description="CR at or above this (and below on_track): acceleration needed."
    )
    limited_progress: float = Field(-0.1, description="CR at or above this: limited progress; below: deterioration.")


class SeriesBreak(Strict):
    """A date before and after which figures describe different things (e.g. a different territory)."""

    date: dt.date = Field(description="First day of the new series.")
    reason: Text = Field(description="Why figures on either side are not comparable, in Vietnamese.")
    reason_en: str | None = Field(default=None, description="The same reason in English.")
    source: Text = Field(description="Legal basis or citation.")


class Population(Strict):
    """The province's population, cited: the ceiling a count of people cannot pass (issue #10 item 8)."""

    value: Annotated[int, Field(gt=0)] = Field(description="Number of people (a whole number, no dots).")
    date: dt.date = Field(description="Date the figure describes.")
    territory: Text = Field(description="The territory it describes, in Vietnamese.")
    source: Text = Field(description="Legal basis or citation.")


class Reporting(Strict):
    consolidating_agency: Id = Field(
        description="Agency that compiles and sends the yearly report to the People's Committee "
        "(as the plan names it; the registry says who holds the role after 2025)."
    )
    rules: list[ReportingRule] = Field(description="The reporting obligations of section V.")


class Plan(Strict):
    """`plan/plan.yaml`: the plan's identity, objectives, funding and reporting rules."""

    number: Text = Field(description='Plan number as printed, e.g. "113/KH-UBND".')
    date: dt.date = Field(description="Date of issue.")
    place: Text = Field(description="Place of issue.")
    issuer: Text = Field(description="Issuing body.")
    signer: Signer = Field(description="Who signed the plan.")
    title: Text = Field(description="Full title of the plan, in Vietnamese.")
    title_en: Text = Field(description="English rendering of the title.")
    implements: list[DocumentRef] = Field(description="Documents the plan implements.")
    purposes: list[Text] = Field(description="Section I.1: purposes.")
    requirements: list[Text] = Field(description="Section I.2: requirements.")
    general_objective: Text = Field(description="Section II.1: general objective.")
    specific_objectives_2030: list[Text] = Field(
        description="Section II.2.1 as printed, one entry per bullet; the targets are in indicators/."
    )
    vision_2045: Text = Field(description="Section II.2.2: vision to 2045.")
    funding: list[Text] = Field(description="Section IV: funding sources.")
    implementation: list[Text] = Field(description="Section V: implementation arrangements as printed.")
    period: Annotated[tuple[Year, Year], StrictMode(False)] = Field(description="First and last year the plan covers.")
    reporting: Reporting = Field(description="Section V: who reports to whom, by when.")
    progress_thresholds: ProgressThresholds = Field(
        default_factory=ProgressThresholds, description="Thresholds of the progress classes used by `kh113 status`."
    )
    population: Population | None = Field(
        default=None,
        description="The province's population (the largest territory the plan's figures describe): a count of "
        "people above it is flagged as implausible.",
    )
    series_breaks: list[SeriesBreak] = Field(
        default_factory=list, description="Dates across which figures are not comparable (e.g. the 1/7/2025 merger)."
    )
    notes: list[NoteVi] = Field(default_factory=list, description="Transcription notes, in Vietnamese.")
    notes_en: list[NoteEn] = Field(
        default_factory=list, description="The same notes in English, in the same order as `notes` (one for each)."
    )

    @model_validator(mode="after")
    def _notes_translated(self) -> Plan:
        _check_notes_en(self.notes, self.notes_en)
        return self


class TaskGroup(Strict):
    """One of the nine task groups of section III."""

    id: int = Field(ge=1, le=9, description="Group number (III.1 to III.9).")
    section: Text = Field(description='Section reference, e.g. "III.4".')
    title: Text = Field(description="Group title as printed.")
    title_en: Text = Field(description="English rendering of the title.")
    text: list[Text] = Field(description="The group's paragraphs as printed.")


class TaskGroups(Strict):
    """`plan/groups.yaml`."""

    groups: list[TaskGroup] = Field(description="The nine task groups of section III.")


# --------------------------------------------------------------------------------------------------
# Who signs and receives the yearly report (issue #12)
# --------------------------------------------------------------------------------------------------


class ReportSigner(Strict):
    """Who signs the report, as Nghị định 30/2020/NĐ-CP (Phụ lục I, mục 7) lays the signature out."""

    authority: str = Field(
        default="",
        max_length=200,
        description='Quyền hạn: "KT. Giám đốc" when a deputy signs for the head, "TL.", "TUQ."; empty when the '
        "head signs in person. Printed in capitals.",
    )
    title: Text = Field(description='Chức vụ of the signer: "Giám đốc", "Phó Giám đốc". Printed in capitals.')
    authority_en: str | None = Field(
        default=None,
        max_length=200,
        description='The same in English ("For the Director"), shown by `--lang en`; without it, the Vietnamese.',
    )
    title_en: str | None = Field(
        default=None,
        max_length=200,
        description='The same in English ("Deputy Director"), shown by `--lang en`; without it, the Vietnamese.',
    )
    name: str = Field(
        default="",
        max_length=200,
        description="Họ và tên of the signer; leave it empty to print a blank line to sign and write the name on.",
    )


Code = Annotated[
    str,
    StringConstraints(pattern=r"^[A-ZĐ0-9&]+(-[A-ZĐ0-9&]+)*$", max_length=40),
    Field(description='Ký hiệu: the document type and the issuing body\'s abbreviation, e.g. "BC-SNV".'),
]


class Sender(Strict):
    """The sender of a yearly report from one year on: the letterhead, the signature and `Nơi nhận`."""

    agency: Id = Field(description="The issuing body (cơ quan ban hành): an agency id of plan/agencies.yaml.")
    from_year: Year = Field(
        description="First reporting year these details apply to; they hold until an entry of the same agency "
        "with a later `from_year` (2025: Sở Nội vụ took over from Sở Lao động - Thương binh và Xã hội)."
    )
    parent: Text = Field(
        description='Cơ quan chủ quản, printed above the issuing body: "Ủy ban nhân dân tỉnh Cà Mau". Printed in '
        "capitals."
    )
    code: Code
    place: Text = Field(description='Địa danh before the date: "Cà Mau".')
    signer: ReportSigner = Field(description="Who signs.")
    recipients: list[Text] = Field(
        min_length=1,
        description="Nơi nhận, one line each, without the closing `;` or `.` (the report adds them): "
        '"Ủy ban nhân dân tỉnh (để báo cáo)", "Lưu: VT".',
    )
    recipients_en: list[Text] | None = Field(
        default=None,
        description="The same lines in English, in the same order (shown by `--lang en`; without them, the "
        "Vietnamese).",
    )

    @model_validator(mode="after")
    def _recipients_in_both_languages(self) -> Sender:
        if self.recipients_en is not None and len(self.recipients_en) != len(self.recipients):
            raise ValueError(
                msg(
                    "`recipients_en` has {english} line(s) and `recipients` {vietnamese}: give one English line "
                    "for each",
                    english=len(self.recipients_en),
                    vietnamese=len(self.recipients),
                )
            )
        return self


class ReportSenders(Strict):
    """`plan/report.yaml`: who sends, signs and receives the yearly reports (optional file)."""

    senders: list[Sender] = Field(
        min_length=1,
        description="One entry per issuing body and first year; the consolidated report uses the entry of the "
        "agency consolidating that year, an agency's own report the entry of that agency (if any).",
    )
    notes: list[NoteVi] = Field(default_factory=list, description="Where each detail was read, in Vietnamese.")

    @model_validator(mode="after")
    def _one_entry_per_year(self) -> ReportSenders:
        seen: set[tuple[str, int]] = set()
        for sender in self.senders:
            key = (sender.agency, sender.from_year)
            if key in seen:
                raise ValueError(f"`{sender.agency}` has two entries from {sender.from_year}; keep one")
            seen.add(key)
        return self

    def for_report(self, agency: str, year: int) -> Sender | None:
        """The entry of ``agency`` that applies to reporting ``year``: the latest ``from_year`` not after it."""
        chosen = [s for s in self.senders if s.agency == agency and s.from_year <= year]
        return max(chosen, key=lambda s: s.from_year) if chosen else None


# --------------------------------------------------------------------------------------------------
# Tasks (the annex)
# --------------------------------------------------------------------------------------------------


class Schedule(Strict):
    """When a task is carried out, structured, with the source wording beside it."""

    kind: Literal["yearly", "yearly_quarter", "year", "range"] = Field(
        description="`yearly`: every year of the plan; `yearly_quarter`: every year, in a given quarter; "
        "`year`: one year only; `range`: from `start` to `end` (end empty: to the end of the plan)."
    )
    quarter: int | None = Field(default=None, ge=1, le=4, description="Quarter, for `yearly_quarter`.")
    year: Year | None = Field(default=None, description="The year, for `year`.")
    start: Year | None = Field(default=None, description="First year, for `range`.")
    end: Year | None = Field(default=None, description="Last year, for `range`; empty means open-ended.")
    on_request: bool = Field(default=False, description='Also "or on request" (theo yêu cầu).')
    text: Text = Field(description="The schedule as printed in the annex.")

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Schedule:
        needs = {
            "yearly": set(),
            "yearly_quarter": {"quarter"},
            "year": {"year"},
            "range": {"start"},
        }[self.kind]
        allowed = needs | ({"end"} if self.kind == "range" else set())
        for name in ("quarter", "year", "start", "end"):
            value = getattr(self, name)
            if name in needs and value is None:
                raise ValueError(msg("a schedule of kind `{kind}` needs `{name}`", kind=self.kind, name=name))
            if name not in allowed and value is not None:
                raise ValueError(
                    msg("`{name}` does not belong to a schedule of kind `{kind}`", kind=self.kind, name=name)
                )
        if self.kind == "range" and self.end is not None and self.start is not None and self.end < self.start:
            raise ValueError(msg("schedule `end` is before `start`"))
        return self

    def active_in(self, year: int, plan_period: tuple[int, int]) -> bool:
        """Whether the task is scheduled in ``year`` (the plan period bounds open schedules)."""
        first, last = plan_period
        if not first <= year <= last:
            return False
        if self.kind == "year":
            return year == self.year
        if self.kind == "range":
            assert self.start is not None
            return self.start <= year <= (self.end if self.end is not None else last)
        return True


class Task(Strict):
    """One row of the annex "Phân công triển khai thực hiện nhiệm vụ"."""

    id: TaskId
    group: int = Field(ge=1, le=9, description="Task group (section III) the row belongs to.")
    numbered_in_source: bool = Field(
        default=True, description="False where the annex prints the row without a number (groups 7 and 9)."
    )
    content: Text = Field(description="Nội dung công việc, as printed.")
    content_en: str | None = Field(default=None, description="English rendering of the content.")
    lead: list[Id] = Field(min_length=1, description="Lead agencies (cơ quan chủ trì): ids from plan/agencies.yaml.")
    lead_text: Text = Field(description="The lead column as printed.")
    partners: list[Id] = Field(default_factory=list, description="Partner agencies (cơ quan phối hợp): ids.")
    partners_text: Text = Field(description="The partner column as printed.")
    product: Text = Field(description="Sản phẩm, as printed.")
    product_en: str | None = Field(
        default=None, description="English rendering of the product (shown by `--lang en`; without it, the Vietnamese)."
    )
    schedule: Schedule = Field(description="Thời gian thực hiện, structured, with the printed wording.")
    domain: Id | None = Field(
        default=None,
        description="Policy field of the task (e.g. `labour`, `social-protection`): decides which successor "
        "takes it over when a lead agency is split (plan/agencies.yaml, changes).",
    )
    indicators: list[Id] = Field(default_factory=list, description="Indicators (2030 targets) the task serves.")
    notes: list[Text] = Field(default_factory=list, description="Transcription notes: slips kept, readings chosen.")


class Tasks(Strict):
    """`plan/tasks.yaml`."""

    tasks: list[Task] = Field(description="The rows of the annex, in the plan's order.")


# --------------------------------------------------------------------------------------------------
# Agencies and organisational change
# --------------------------------------------------------------------------------------------------

AgencyKind = Literal[
    "people_committee",
    "department",
    "provincial_body",
    "armed_force",
    "mass_organisation",
    "association",
    "central_branch",
    "media",
    "public_service_unit",
    "district_people_committee",
    "district_office",
    "commune_people_committee",
    "external",
]


class Agency(Strict):
    """A single agency."""

    id: Id
    name: Text = Field(description="Official Vietnamese name as the plan (or the reorganisation) writes it.")
    short_name: Text = Field(description="Short Vietnamese name for tables.")
    name_en: Text = Field(description="English name.")
    kind: AgencyKind = Field(description="What sort of body it is.")
    established: dt.date | None = Field(default=None, description="First day it exists, when after the plan's date.")
    dissolved: dt.date | None = Field(
        default=None, description="First day it no longer exists (the effective date of the change that ended it)."
    )
    team: str | None = Field(
        default=None, description='GitHub team that may edit this agency\'s submissions, e.g. "@org/so-y-te".'
    )
    notes: list[Text] = Field(default_factory=list, description="Notes: readings chosen, facts a reader needs.")

    @model_validator(mode="after")
    def _dates_ordered(self) -> Agency:
        if self.established and self.dissolved and self.dissolved <= self.established:
            raise ValueError(msg("`dissolved` must come after `established`"))
        return self


class Collective(Strict):
    """A collective entry of the annex ("Các sở, ban, ngành, đoàn thể tỉnh") as an explicit group."""

    id: Id
    name: Text = Field(description="The collective as the plan writes it.")
    short_name: Text = Field(description="Short Vietnamese name for tables.")
    name_en: Text = Field(description="English name.")
    members: list[Id] | None = Field(
        description="Member agency ids; null where the plan's wording names no definite set "
        '(e.g. "Các cơ quan có liên quan"): such a collective cannot lead a task.'
    )
    established: dt.date | None = Field(default=None, description="First day it exists, when after the plan's date.")
    dissolved: dt.date | None = Field(default=None, description="First day the collective no longer exists.")
    notes: list[Text] = Field(default_factory=list, description="Notes: readings chosen, facts a reader needs.")


class Succession(Strict):
    """Where (part of) the functions of a dissolved agency went."""

    successor: Id = Field(description="Agency (or collective) that took the functions over.")
    domains: list[Id] = Field(
        default_factory=list,
        description="Policy fields (task `domain`) that went to this successor; empty: everything not listed "
        "for another successor (exactly one successor per change is the default).",
    )
    functions: Text = Field(description="The functions transferred, in words (Vietnamese or English).")


class OrgChange(Strict):
    """An organisational change with its effective date: mergers, splits, end of a level of government."""

    id: Id
    date: dt.date = Field(description="Effective date: the first day the successors are responsible.")
    kind: Literal["merger", "split", "abolition"] = Field(description="What happened.")
    predecessors: list[Id] = Field(min_length=1, description="Agencies that ceased to exist on `date`.")
    successors: list[Succession] = Field(min_length=1, description="Who took over what; exactly one default.")
    legal_basis: Text = Field(description="Decree, resolution or decision that made the change.")
    source: Text = Field(description="Where the facts were read.")
    notes: list[Text] = Field(default_factory=list, description="Notes: readings chosen, facts a reader needs.")

    @model_validator(mode="after")
    def _one_default(self) -> OrgChange:
        defaults = [s for s in self.successors if not s.domains]
        if len(defaults) != 1:
            raise ValueError(
                msg(
                    "a change needs exactly one default successor (one with no `domains`), found {count}",
                    count=len(defaults),
                )
            )
        return self


class AgencyRegistry(Strict):
    """`plan/agencies.yaml`: every agency and collective the plan names, and what became of them."""

    agencies: list[Agency] = Field(description="Every single agency the plan (or the reorganisation) names.")
    collectives: list[Collective] = Field(description="Collective entries of the annex, as explicit groups.")
    changes: list[OrgChange] = Field(default_factory=list, description="Organisational changes with effective dates.")


# --------------------------------------------------------------------------------------------------
# Indicators (2030 targets)
# --------------------------------------------------------------------------------------------------


class Target(Strict):
    """A 2030 target: the indicator must satisfy ``value comparator`` by ``year``."""

    value: float | bool = Field(description="Target value in the indicator's unit (`true` for a milestone).")
    comparator: Comparator = Field(
        description='How the figure is compared with the value: ">=" for "đạt ... trở lên", "<" for "dưới".'
    )
    year: Year = Field(description="Year by which the target is to be met.")
    text: Text = Field(description="The target as the plan words it.")
    # Issue #16: "Giải quyết việc làm bình quân khoảng 40.000 người/năm" is an average per year, not a level
    # to reach by 2030. No target of section II.2.1 is a cumulative total, so there is no such kind.
    kind: Literal["level", "average"] = Field(
        default="level",
        description="`level`: the figure of the target year must satisfy the target; `average`: the mean of the "
        'yearly figures over `average_over` must ("bình quân ... /năm").',
    )
    average_over: list[Year] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="First and last year of the average (kind `average` only), e.g. [2024, 2030]: the plan's period.",
    )

    @model_validator(mode="after")
    def _average_years(self) -> Target:
        if self.kind == "average":
            if self.average_over is None:
                raise ValueError(msg("a target of kind `average` needs `average_over: [first year, last year]`"))
            first, last = self.average_over
            if first > last or last != self.year:
                raise ValueError(msg("`average_over` runs from a first year to the target year, in that order"))
        elif self.average_over is not None:
            raise ValueError(msg("`average_over` is only for a target of kind `average`"))
        return self


class Observation(Strict):
    """A published figure (not an agency submission), with its citation."""

    year: Year = Field(description="Year the figure describes.")
    date: dt.date | None = Field(default=None, description="Reference date when the source gives one.")
    value: float | bool = Field(description="The figure, in the indicator's unit.")
    qualifier: Qualifier = Field(
        default="exact",
        description='"at_least" for figures like "over 50 %": a bound, not a point value; "about" for '
        '"khoảng"; "estimate" for "ước đạt" (used as the value, shown as an estimate).',
    )
    territory: Literal["ca-mau-pre-2025", "ca-mau-2025"] | None = Field(
        default=None,
        description="Territory described; empty: decided by the date (before or after the 1/7/2025 merger).",
    )
    source: Source = Field(description="Citation: title, address, publisher, publication date.")
    note: NoteVi | None = Field(
        default=None,
        description="In Vietnamese: how the figure's definition, territory or precision differs from the indicator's.",
    )
    note_en: NoteEn | None = Field(default=None, description="The same note in English (shown by `--lang en`).")

    @model_validator(mode="after")
    def _note_pair(self) -> Observation:
        if self.note_en is not None and self.note is None:
            raise ValueError(msg("`note_en` translates `note`: write the Vietnamese `note` too"))
        return self


class ContextFigure(Strict):
    """A published figure that is *not* an observation of the indicator: another definition (doctors only,
    malnutrition of an unstated type, 5-year-olds only), another territory (Bạc Liêu before the merger) or a
    breakdown. Shown beside the status as context; no gap, pace or class is ever computed from it."""

    year: Year = Field(description="Year the figure describes.")
    date: dt.date | None = Field(default=None, description="Reference date when the source gives one.")
    value: float | bool | None = Field(
        default=None, description="The figure, when it is one number (or `true` for a completed programme)."
    )
    unit: Unit | None = Field(default=None, description="Unit of `value`, when it has one.")
    territory: Literal["ca-mau-pre-2025", "bac-lieu-pre-2025", "ca-mau-2025"] = Field(
        description="Territory described: old Cà Mau, old Bạc Liêu (before 1/7/2025) or the merged province."
    )
    quote: str | None = Field(default=None, description="The source's own words, exactly as published.")
    source: Source = Field(description="Citation: title, address, publisher, publication date.")
    note: NoteVi = Field(description="In Vietnamese: why this figure is context and not an observation.")
    note_en: NoteEn = Field(description="The same note in English.")


class Indicator(Strict):
    """`indicators/<id>.yaml`: one target of section II.2.1."""

    id: Id
    name: Text = Field(description="Vietnamese name as the plan words it.")
    name_en: Text = Field(description="English name.")
    short_name: str | None = Field(default=None, description="Short Vietnamese label for narrow tables.")
    short_name_en: str | None = Field(default=None, description="Short English label for narrow tables.")
    unit: Unit = Field(description="Unit of the figures and of the target.")
    kind: Literal["numeric", "milestone"] = Field(description="`milestone`: achieved or not (a yes/no target).")
    target: Target = Field(description="The 2030 target.")
    responsible: list[Id] = Field(min_length=1, description="Agencies that report the figure (as of the plan).")
    responsible_basis: Literal["annex", "inferred"] = Field(
        description="`annex`: an annex row assigns it; `inferred`: the plan assigns no agency and kh113 "
        "chose the agency whose field it is (see notes)."
    )
    domain: Id | None = Field(default=None, description="Policy field, for succession (see tasks).")
    section: Text = Field(description='Plan section, e.g. "II.2.1".')
    group: int | None = Field(default=None, ge=1, le=9, description="Task group (section III) it belongs with.")
    order: int = Field(ge=1, description="Position of the target in section II.2.1 (for listing in plan order).")
    sum_of: list[Id] = Field(default_factory=list, description="Indicators whose values add up to this one.")
    part_of: Id | None = Field(default=None, description="Indicator this one is a part (subset) of.")
    comparable_across_break: bool = Field(
        default=False,
        description="True if figures before and after a series break (1/7/2025 merger) may form one trend.",
    )
    observations: list[Observation] = Field(
        default_factory=list, description="Published figures (not agency submissions), each with its source."
    )
    context: list[ContextFigure] = Field(
        default_factory=list,
        description="Published figures that do not measure this indicator as defined (another definition or "
        "territory): shown as context, never used for the status.",
    )
    notes: list[NoteVi] = Field(
        default_factory=list, description="Notes in Vietnamese: readings chosen, facts a reader needs."
    )
    notes_en: list[NoteEn] = Field(
        default_factory=list, description="The same notes in English, in the same order as `notes` (one for each)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        _check_notes_en(self.notes, self.notes_en)
        if self.kind == "milestone":
            if self.target.value is not True or self.unit != "boolean":
                raise ValueError(msg("a milestone has unit `boolean` and target value `true`"))
        else:
            if isinstance(self.target.value, bool) or self.unit == "boolean":
                raise ValueError(msg("a numeric indicator has a numeric target and a numeric unit"))
        return self


# --------------------------------------------------------------------------------------------------
# Submissions
# --------------------------------------------------------------------------------------------------


class Figure(Strict):
    """One figure an agency reports for an indicator."""

    # Editors see the same rule as `kh113 validate`: `value` (empty while a draft) or `unavailable`.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["value"]}, {"required": ["unavailable"]}],
            # A reason and a figure together: `value` must then be empty (as _value_or_reason says).
            "if": {"required": ["unavailable"], "properties": {"unavailable": {"type": "string"}}},
            "then": {"properties": {"value": {"type": "null"}}},
        },
    )

    value: float | bool | None = Field(
        default=None,
        description="The figure in the indicator's unit (percent as 99.5, not 0.995); `true`/`false` for a "
        "milestone. Empty only while the report is a draft, or when `unavailable` says why.",
    )
    unavailable: Reason | None = Field(
        default=None,
        description="Why the figure cannot be given this year (no survey, not yet published). Leave `value` empty "
        "when this is given: a report is complete when every figure it owes has a value or this reason.",
    )
    source: str | None = Field(default=None, description="Where the figure comes from (survey, register, decision).")
    note: str | None = Field(default=None, description="Anything a reader needs to know about the figure.")
    disaggregation: dict[str, float] = Field(
        default_factory=dict, description="Breakdown, e.g. by sex or area: {nam: 12.0, nu: 14.1}."
    )

    @model_validator(mode="after")
    def _value_or_reason(self) -> Figure:
        if self.value is not None and self.unavailable is not None:
            raise ValueError(msg("give either `value` or `unavailable` (why there is no figure), not both"))
        if "value" not in self.model_fields_set and self.unavailable is None:
            raise ValueError(msg("give `value` (the figure) or `unavailable` (why there is no figure this year)"))
        return self


TaskStatus = Literal["not_started", "in_progress", "completed", "delayed", "not_applicable"]


class TaskProgress(Strict):
    """Progress of one annex task in the reporting year."""

    status: TaskStatus | None = Field(
        description="`not_started`, `in_progress`, `completed`, `delayed` or `not_applicable`."
    )
    products: list[Text] = Field(default_factory=list, description="Products delivered (plans, decisions, events).")
    note: str | None = Field(default=None, description="What was done, what remains.")


class Submission(Strict):
    """`submissions/<year>/<agency>.yaml`: an agency's yearly report on the plan."""

    agency: Id = Field(description="Reporting agency id (plan/agencies.yaml); must match the file name.")
    year: Year = Field(description="Reporting year; must match the folder name.")
    submitted: dt.date | None = Field(default=None, description="Date the report was sent (YYYY-MM-DD).")
    synthetic: bool = Field(default=False, description="True for made-up demonstration data.")
    figures: dict[Id, Figure] = Field(default_factory=dict, description="Figures by indicator id.")
    tasks: dict[TaskId, TaskProgress] = Field(
        default_factory=dict, description='Task progress by annex row number (quoted: "6.10").'
    )
    difficulties: list[Text] = Field(default_factory=list, description="Difficulties met (khó khăn, vướng mắc).")
    proposals: list[Text] = Field(default_factory=list, description="Proposals (kiến nghị, đề xuất).")


# --------------------------------------------------------------------------------------------------
# What a command keeps of a validated report (issue #17 item 1: memory flat in the number of files)
# --------------------------------------------------------------------------------------------------

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class KeptFigure:
    """A :class:`Figure` reduced to what `status` and `check` compute with, as a plain record (a fraction of a
    model's size: 20,000 reports keep tens of thousands of these). Made only from a validated figure."""

    value: float | bool | None
    unavailable: str | None
    source: str | None = None
    note: str | None = None


class _ByIds(Mapping[str, V]):
    """A read-only mapping over a tuple of ids, for the plain records of a kept report: no dict per report."""

    __slots__ = ("_ids",)
    _ids: tuple[str, ...]

    @abstractmethod
    def _at(self, i: int) -> V:
        """The record of the ``i``-th id."""

    def __getitem__(self, ident: str) -> V:
        try:
            i = self._ids.index(ident)
        except ValueError:
            raise KeyError(ident) from None
        return self._at(i)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, ident: object) -> bool:
        return ident in self._ids

    def get(self, ident: str, default: Any = None) -> Any:  # every indicator asks every report (series.py)
        return self._at(self._ids.index(ident)) if ident in self._ids else default

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"


class KeptFigures(_ByIds[KeptFigure]):
    """The figures of a kept report by indicator id, stored as columns (a tuple per field) instead of a
    dict of records: a few hundred bytes a report less. A :class:`KeptFigure` is made when one is read.
    Equal columns of many reports (the same ids, the same source) may be one tuple (``compute/keeping.py``)."""

    __slots__ = ("_values", "_unavailable", "_sources", "_notes")

    def __init__(
        self,
        ids: tuple[str, ...],
        values: tuple[float | bool | None, ...],
        unavailable: tuple[str | None, ...],
        sources: tuple[str | None, ...],
        notes: tuple[str | None, ...],
    ) -> None:
        self._ids, self._values, self._unavailable, self._sources, self._notes = (
            ids,
            values,
            unavailable,
            sources,
            notes,
        )

    def _at(self, i: int) -> KeptFigure:
        return KeptFigure(self._values[i], self._unavailable[i], self._sources[i], self._notes[i])


class KeptTasks(_ByIds["TaskProgress"]):
    """The task statuses of a kept report by task id, as two tuples (ids, statuses) instead of a dict."""

    __slots__ = ("_progress",)

    def __init__(self, ids: tuple[str, ...], progress: tuple[TaskProgress, ...]) -> None:
        self._ids, self._progress = ids, progress

    def _at(self, i: int) -> TaskProgress:
        return self._progress[i]


@dataclass(frozen=True, slots=True)
class KeptSubmission:
    """A :class:`Submission` reduced to its header, its figures and its task statuses (compute/keeping.py);
    the difficulties and proposals are not kept (empty). Made only from a validated submission."""

    agency: str
    year: int
    submitted: dt.date | None
    synthetic: bool
    figures: Mapping[str, KeptFigure]
    tasks: Mapping[str, TaskProgress]

    @property
    def difficulties(self) -> tuple[str, ...]:
        return ()

    @property
    def proposals(self) -> tuple[str, ...]:
        return ()
