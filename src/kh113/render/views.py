"""Row producers: turn loaded data and results into :class:`~kh113.render.View` objects.

One producer per command feeds every format; the JSON payloads here are contracts (issue #2, item 7):
keep their keys and meaning stable, and add fields rather than change them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..compute.progress import METHOD_LABELS, STATUSES, UNSD_2022, Assessment, direction
from ..compute.series import PUBLISHED, Point
from ..i18n import N_, translator
from ..models import COMPARATOR_TEXT, Indicator, Schedule, Task
from ..problems import Problem, Severity
from ..validate.loading import Dataset
from . import Column, View
from .numbers import WHOLE_UNITS, localised, plain, quantity

if TYPE_CHECKING:
    from ..compute.compliance import CheckResult
    from ..compute.expected import Expectations


def indicator_name(ind: Indicator, lang: str) -> str:
    """The indicator as tables name it: its short name when it has one, in ``lang``."""
    return (ind.short_name or ind.name) if lang == "vi" else (ind.short_name_en or ind.name_en)


# --------------------------------------------------------------------------------------------------
# validate


def problems_view(problems: list[Problem], lang: str, files_checked: int) -> View:
    _ = translator(lang)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    rows = [p.as_dict(_) for p in problems]
    if errors:
        summary = _("{errors} error(s), {warnings} warning(s) in {files} file(s) checked").format(
            errors=errors, warnings=warnings, files=files_checked
        )
    else:
        summary = _("valid: {files} file(s) checked, {warnings} warning(s)").format(
            files=files_checked, warnings=warnings
        )
    return View(
        title=_("Validation"),
        columns=[
            Column("file", _("File")),
            Column("line", _("Line"), "right"),
            Column("column", _("Col"), "right"),
            Column("code", _("Code")),
            Column("severity", _("Severity")),
            Column("message", _("Message")),
        ],
        rows=rows,
        payload={"valid": errors == 0, "problems": rows},
        caption=summary,
        lines=[p.line_text(_) for p in problems],
        styles={"severity": lambda r: "red" if r["severity"] == "error" else "yellow"},
    )


# --------------------------------------------------------------------------------------------------
# tasks


# The annex's timelines in English, worded from their structure (the Vietnamese output prints the annex's
# own words, `text`): "Hàng năm" is every year, "Quý I hàng năm" the first quarter of every year.
SCHEDULE_WORDS = {
    "yearly": N_("Every year"),
    "yearly_quarter": N_("Q{quarter} of every year"),
    "range": N_("{start}–{end}"),
}


def schedule_text(schedule: Schedule, lang: str) -> str:
    """A task's timeline in ``lang``: the annex's wording in Vietnamese, worded from its fields in English."""
    if lang == "vi":
        return schedule.text
    _ = translator(lang)
    if schedule.kind == "year":
        words = str(schedule.year)
    elif schedule.kind == "range" and schedule.end is None:
        words = _("{start} and the following years").format(start=schedule.start)
    else:
        words = _(SCHEDULE_WORDS[schedule.kind]).format(
            quarter=schedule.quarter, start=schedule.start, end=schedule.end
        )
    return _("{schedule} or on request").format(schedule=words) if schedule.on_request else words


def product_text(task: Task, lang: str) -> str:
    """A task's product (sản phẩm) in ``lang``: `product_en` in English where the annex row has one."""
    return task.product_en if lang == "en" and task.product_en else task.product


def schedule_payload(schedule: Schedule) -> dict[str, Any]:
    return {
        "kind": schedule.kind,
        "quarter": schedule.quarter,
        "year": schedule.year,
        "start": schedule.start,
        "end": schedule.end,
        "on_request": schedule.on_request,
        "text": schedule.text,
    }


def short_name(data: Dataset, ident: str) -> str:
    entry = data.registry.entry(ident)
    return entry.short_name if entry else ident


def _refs(data: Dataset, ids: list[str]) -> list[dict[str, str]]:
    return [{"id": i, "name": data.agency_name(i)} for i in ids]


def tasks_view(data: Dataset, tasks: list[Task], on: dt.date, lang: str) -> View:
    _ = translator(lang)
    registry = data.registry
    payload_tasks = []
    rows = []
    for task in tasks:
        current = registry.expand(task.lead, on, task.domain)
        entry = {
            "id": task.id,
            "group": task.group,
            "content": task.content,
            "lead": _refs(data, task.lead),
            "partners": _refs(data, task.partners),
            "product": task.product,
            "schedule": schedule_payload(task.schedule),
            "indicators": list(task.indicators),
            "numbered_in_source": task.numbered_in_source,
            "lead_text": task.lead_text,
            "partners_text": task.partners_text,
            "domain": task.domain,
            "notes": list(task.notes),
            # Extra information, not a replacement for the plan's own lead (issue #2, item 7).
            "responsible_on": {"date": on.isoformat(), "agencies": _refs(data, current)},
        }
        payload_tasks.append(entry)
        group = data.groups.get(task.group)
        rows.append(
            {
                "section": f"{task.group}. {group.title}" if group else str(task.group),
                "id": task.id,
                "content": task.content,
                "lead": "; ".join(short_name(data, i) for i in task.lead),
                "responsible_on": "; ".join(short_name(data, i) for i in current) if current != task.lead else "",
                "partners": "; ".join(short_name(data, i) for i in task.partners),
                "product": product_text(task, lang),
                "schedule": schedule_text(task.schedule, lang),
            }
        )
    # The annex's six columns, least needed dropped first on narrow terminals (content and lead stay).
    return View(
        title=_("Annex tasks of plan 113/KH-UBND"),
        columns=[
            Column("id", _("No."), no_wrap=True),
            Column("content", _("Task"), max_width=60),
            Column("lead", _("Lead agency"), max_width=30),
            Column(
                "responsible_on",
                _("Responsible on {date}").format(date=on.strftime("%d/%m/%Y")),
                max_width=30,
                min_terminal=90,
            ),
            Column("partners", _("Partner agencies"), max_width=30, min_terminal=150),
            Column("product", _("Product"), max_width=25, min_terminal=120),
            Column("schedule", _("Timeline"), max_width=20, min_terminal=105),
        ],
        rows=rows,
        payload={"tasks": payload_tasks},
        caption=_("{n} task(s)").format(n=len(tasks)),
        section_key="section",
    )


# --------------------------------------------------------------------------------------------------
# indicators


def target_payload(indicator: Indicator) -> dict[str, Any]:
    return {"value": indicator.target.value, "comparator": indicator.target.comparator, "year": indicator.target.year}


def indicators_view(data: Dataset, indicators: list[Indicator], lang: str) -> View:
    _ = translator(lang)

    def target_display(row: dict[str, Any]) -> str:
        # The same localised reading as `kh113 status` ("≥ 99,5 %", "≥ 40.000 người/năm").
        from .numbers import quantity

        if row["target_unit"] == "boolean":
            return f"✓ ({row['target_year']})"
        amount = quantity(float(row["target"]), row["target_unit"], lang, _)
        return f"{COMPARATOR_TEXT[row['comparator']]} {amount} ({row['target_year']})"

    payload = []
    rows = []
    for ind in indicators:
        payload.append(
            {
                "id": ind.id,
                "name": ind.name,
                "name_en": ind.name_en,
                "unit": ind.unit,
                "kind": ind.kind,
                "target": target_payload(ind),
                "target_text": ind.target.text,
                "responsible": _refs(data, ind.responsible),
                "responsible_basis": ind.responsible_basis,
                "section": ind.section,
                "group": ind.group,
                "sum_of": list(ind.sum_of),
                "part_of": ind.part_of,
                "observations": len(ind.observations),
            }
        )
        rows.append(
            {
                "id": ind.id,
                "name": indicator_name(ind, lang),
                "unit": _(ind.unit),
                "target": ind.target.value,
                "target_unit": ind.unit,
                "comparator": ind.target.comparator,
                "target_year": ind.target.year,
                "responsible": "; ".join(short_name(data, i) for i in ind.responsible),
                "observations": len(ind.observations),
            }
        )
    return View(
        title=_("2030 targets of plan 113/KH-UBND (section II.2.1)"),
        columns=[
            Column("id", _("Id"), max_width=20),  # ids are copied into submissions: never break them
            Column("name", _("Indicator"), max_width=50, min_width=12),
            Column("unit", _("Unit"), min_terminal=130),
            Column("target", _("Target"), display=target_display),
            Column("responsible", _("Responsible"), max_width=30, min_terminal=90),
            Column("observations", _("Observations"), "right", min_terminal=110),
        ],
        rows=rows,
        payload={"indicators": payload},
        caption=_("{n} indicator(s)").format(n=len(indicators)),
    )


# --------------------------------------------------------------------------------------------------
# agencies


def agencies_view(data: Dataset, on: dt.date, lang: str, include_past: bool) -> View:
    _ = translator(lang)
    registry = data.registry
    payload = []
    rows = []
    entries: list[tuple[str, Any, bool]] = [(a.id, a, False) for a in data.agencies.values()]
    entries += [(c.id, c, True) for c in data.collectives.values()]
    for ident, entry, is_collective in entries:
        exists = registry.exists_on(ident, on)
        if not exists and not include_past:
            continue
        successor = registry.resolve(ident, on) if not exists else None
        item: dict[str, Any] = {
            "id": ident,
            "name": entry.name,
            "short_name": entry.short_name,
            "name_en": entry.name_en,
            "kind": "collective" if is_collective else entry.kind,
            "exists": exists,
            "established": getattr(entry, "established", None),
            "dissolved": entry.dissolved,
            "successor": {"id": successor, "name": data.agency_name(successor)}
            if successor and successor != ident
            else None,
        }
        if is_collective:
            members = entry.members
            item["members"] = list(members) if members is not None else None
            item["members_on"] = registry.expand([ident], on) if members is not None else None
        payload.append(item)
        rows.append(
            {
                "id": ident,
                "name": entry.name,
                "kind": _(item["kind"]),
                "status": _("active") if exists else _("dissolved"),
                "successor": data.agency_name(successor) if successor and successor != ident else "",
            }
        )
    return View(
        title=_("Agencies on {date}").format(date=on.strftime("%d/%m/%Y")),
        columns=[
            # Ids fold past 20 characters: with --all, `cac-so-ban-nganh-doan-the-lien-quan` (35) would
            # otherwise push the table past 80 columns and cut its right border (issue #11 item 5).
            Column("id", _("Id"), max_width=20),
            Column("name", _("Name"), max_width=50, min_width=12),
            Column("kind", _("Kind"), min_terminal=100),
            Column("status", _("Status"), min_terminal=70),
            Column("successor", _("Responsibility now with"), max_width=40, min_terminal=75),
        ],
        rows=rows,
        payload={"on": on.isoformat(), "agencies": payload},
        caption=_("{n} agencies and collectives").format(n=len(rows)),
        styles={"status": lambda r: None if r["status"] == _("active") else "dim"},
    )


# --------------------------------------------------------------------------------------------------
# status (issue #3)

STATUS_LABELS = {
    "achieved": N_("Achieved"),
    "on_track": N_("On track"),
    "acceleration_needed": N_("Acceleration needed"),
    "limited_progress": N_("Limited progress"),
    "deterioration": N_("Deterioration"),
    "not_achieved": N_("Not achieved"),
    "insufficient_data": N_("Insufficient data"),
    "no_data": N_("No data"),
}
STATUS_STYLES = {
    "achieved": "bold green",
    "on_track": "green",
    "acceleration_needed": "yellow",
    "limited_progress": "dark_orange",
    "deterioration": "bold red",
    "not_achieved": "red",
    "insufficient_data": "dim",
    "no_data": "dim",
}
QUALIFIER_MARKS = {"at_least": "≥ ", "at_most": "≤ ", "about": "~ ", "estimate": "≈ ", "exact": ""}
BAR_WIDTH = 10
HEADING_WIDTH = 40
# Notes the table and Markdown leave to JSON/CSV: notes said once in the caption or shown in a column of
# their own. The figures' own notes (definition, territory, precision) are caveats and stay (issue #15).
TABLE_HIDDEN_NOTES = ("synthetic", "target-before-break", "ratio")
# Notes said once, as a footnote of the caption, with the mark their rows carry beside the latest figure.
CAPTION_MARKS = {"target-before-break": "*", "synthetic": "†"}


def _round(value: float | None) -> float | None:
    # JSON carries plain numbers; six decimals hide float noise (0.30000000000000004) and nothing else.
    return None if value is None else round(value, 6) + 0.0


def cited(point: Point, lang: str) -> str:
    """Where a figure was read, in the reader's language (a published source's `title_en` in English)."""
    return point.source_en if lang == "en" and point.source_en else point.source


def point_payload(point: Point | None, lang: str) -> dict[str, Any] | None:
    if point is None:
        return None
    value = point.value if isinstance(point.value, bool) else _round(point.value)
    return {"year": point.year, "value": value, "qualifier": point.qualifier, "source": cited(point, lang)}


def status_payload(result: Assessment, lang: str) -> dict[str, Any]:
    """One entry of the `kh113 status --format json` contract (issue #3; keys exactly as listed there)."""
    _ = translator(lang)
    ind = result.indicator
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "target": target_payload(ind),
        "baseline": point_payload(result.baseline, lang),
        "latest": point_payload(result.latest, lang),
        "gap": _round(result.gap),
        "required_annual_change": _round(result.required_annual_change),
        "actual_annual_change": _round(result.actual_annual_change),
        "projected_value": _round(result.projected_value),
        "status": result.status,
        "notes": [note.said.text(_, plain, lang) for note in result.notes],
        # Issue #16: the figures behind the class, and the method that turned them into it.
        "method": result.method,
        "progress_ratio": _round(result.ratio),
        "projection": projection_payload(result),
    }


def projection_payload(result: Assessment) -> dict[str, Any] | None:
    """The inputs of the projection and ratio (issue #16), or None when no pace was measured."""
    if result.average is not None and result.average_years is not None:
        first, last = result.average_years
        return {
            "kind": "average",
            "years": [first, last],
            "average": _round(result.average),
            "required_average": _round(result.required_average),
            "target_year": result.indicator.target.year,
        }
    if result.growth is None or result.baseline is None or result.latest is None:
        return None
    end = result.latest if result.latest.bound else result.trend[-1]
    return {
        "kind": "level",
        "growth": result.growth,
        "shift": _round(result.shift),
        "from": {"year": result.baseline.year, "value": _round(float(result.baseline.value))},
        "to": {"year": end.year, "value": _round(float(end.value)), "bound": end.bound},
        "target_year": result.indicator.target.year,
        "projected_value": _round(result.projected_value),
    }


def progress_fraction(result: Assessment) -> float | None:
    """How much of the target the latest figure reaches, 0..1 (lower-is-better: target / figure)."""
    latest = result.latest
    if latest is None:
        return None
    if isinstance(latest.value, bool):
        return 1.0 if latest.value else 0.0
    value, target = float(latest.value), float(result.indicator.target.value)
    if result.met:
        return 1.0
    up = direction(result.indicator.target.comparator, target, value)
    if up > 0:
        share = value / target if target > 0 else 1.0
    elif up < 0:
        share = target / value if value > 0 else 1.0
    else:
        share = min(value, target) / max(value, target) if max(value, target) > 0 else 1.0
    # Not met: never a full bar (a strict target equalled is not reached).
    return min(max(share, 0.0), (BAR_WIDTH - 1) / BAR_WIDTH)


def bar(fraction: float | None) -> str:
    if fraction is None:
        return ""
    full = round(fraction * BAR_WIDTH)
    return "█" * full + "░" * (BAR_WIDTH - full)


# The CSV's machine columns of `kh113 status`, raw values in this order (the table shows the human ones).
STATUS_CSV_KEYS = (
    "id",
    "name",
    "group",
    "unit",
    "comparator",
    "target",
    "target_year",
    "baseline_year",
    "baseline_value",
    "baseline_source",
    "latest_year",
    "latest_value",
    "latest_qualifier",
    "latest_source",
    "gap",
    "required_annual_change",
    "actual_annual_change",
    "projected_value",
    "projected_gap",
    "progress_ratio",
    "method",
    "growth",
    "status",
    "notes",
)


@dataclass(frozen=True)
class StatusCells:
    """How the table and Markdown word one `kh113 status` row: headings, amounts, targets, pace, notes."""

    data: Dataset
    lang: str
    _: Callable[[str], str]

    @property
    def last_year(self) -> int | None:
        return self.data.plan.period[1] if self.data.plan else None

    def group_title(self, group: int | None) -> str:
        entry = self.data.groups.get(group) if group is not None else None
        if entry is None:
            return self._("Other targets")
        title = entry.title if self.lang == "vi" else entry.title_en
        # The heading sits in one narrow column (Rich has no spans): the title's first clause, at most
        # HEADING_WIDTH characters cut at a word, is enough to name the group.
        head = title.partition(",")[0]
        if len(head) > HEADING_WIDTH:
            head = head[:HEADING_WIDTH].rsplit(" ", 1)[0]
        return f"{entry.id}. {head}{'…' if head != title else ''}"

    def amount(self, row: dict[str, Any], key: str) -> str:
        value = row[key]
        if value is None:
            return ""
        if isinstance(value, bool):
            return self._("done") if value else self._("not yet")
        return quantity(value, row["unit"], self.lang, self._)

    def target_text(self, row: dict[str, Any]) -> str:
        if row["unit"] == "boolean":
            text = "✓"
        else:
            text = f"{COMPARATOR_TEXT[row['comparator']]} {self.amount(row, 'target')}"
        return text if row["target_year"] == self.last_year else f"{text} ({row['target_year']})"

    def latest_text(self, row: dict[str, Any]) -> str:
        if row["latest_year"] is None:
            return "—"
        # The caption's footnotes explain these marks; a mark sits on every row its footnote is about.
        marks = "".join(mark for code, mark in CAPTION_MARKS.items() if any(n.code == code for n in row["_notes"]))
        text = f"{QUALIFIER_MARKS[row['latest_qualifier']]}{self.amount(row, 'latest_value')} ({row['latest_year']})"
        return f"{text} {marks}" if marks else text

    def signed(self, row: dict[str, Any], key: str) -> str:
        # Whole people: no decimals for counts ("+222", not "+222,22").
        decimals = 0 if row["unit"] in WHOLE_UNITS else 2
        return "" if row[key] is None else localised(row[key], self.lang, signed=True, decimals=decimals)

    def gap_text(self, row: dict[str, Any]) -> str:
        return self.signed(row, "gap")

    def pace_text(self, row: dict[str, Any]) -> str:
        actual, needed = self.signed(row, "actual_annual_change"), self.signed(row, "required_annual_change")
        return "" if not actual and not needed else f"{actual or '—'} / {needed or '—'}"

    def projected_text(self, row: dict[str, Any]) -> str:
        return self.amount(row, "projected_value")

    def ratio_text(self, row: dict[str, Any]) -> str:
        return "" if row["progress_ratio"] is None else localised(row["progress_ratio"], self.lang)

    def notes_text(self, row: dict[str, Any]) -> str:
        shown = [n for n in row["_notes"] if n.code not in TABLE_HIDDEN_NOTES]
        return "\n".join("• " + note.said.text(self._, lambda v: localised(v, self.lang), self.lang) for note in shown)


def status_row(result: Assessment, cells: StatusCells) -> dict[str, Any]:
    """One indicator's row of `kh113 status`: the raw figures CSV prints and what the table words."""
    _, lang = cells._, cells.lang
    ind = result.indicator
    latest, baseline = result.latest, result.baseline
    return {
        "section": cells.group_title(ind.group),
        "order": ind.order,
        "id": ind.id,
        "name": ind.name,
        "label": indicator_name(ind, lang),
        "group": ind.group,
        "unit": ind.unit,
        "comparator": ind.target.comparator,
        "target": ind.target.value,
        "target_year": ind.target.year,
        "baseline_year": baseline.year if baseline else None,
        "baseline_value": baseline.value if baseline else None,
        "baseline_source": cited(baseline, lang) if baseline else None,
        "latest_year": latest.year if latest else None,
        "latest_value": latest.value if latest else None,
        "latest_qualifier": latest.qualifier if latest else None,
        "latest_source": cited(latest, lang) if latest else None,
        "gap": _round(result.gap),
        "required_annual_change": _round(result.required_annual_change),
        "actual_annual_change": _round(result.actual_annual_change),
        "projected_value": _round(result.projected_value),
        "projected_gap": _round(result.projected_gap),
        "progress_ratio": _round(result.ratio),
        "method": result.method,
        "growth": result.growth,
        "status": result.status,
        "status_label": _(STATUS_LABELS[result.status]),
        "bar": bar(progress_fraction(result)),
        "notes": " | ".join(note.said.text(_, plain, lang) for note in result.notes),
        "_notes": result.notes,
    }


def status_columns(cells: StatusCells) -> list[Column]:
    """The human columns of `kh113 status` (table, Markdown), then the raw ones CSV prints."""
    _ = cells._
    human = ("table", "markdown")
    columns = [
        Column("order", "#", "right", formats=human),
        Column("label", _("Indicator"), max_width=28, formats=human),
        Column("target_h", _("Target"), formats=human, display=cells.target_text),
        Column("latest_h", _("Latest"), formats=human, display=cells.latest_text),
        Column("gap_h", _("Gap"), "right", formats=human, display=cells.gap_text, min_terminal=72),
        Column(
            "pace_h", _("A year: actual / needed"), "right", formats=human, display=cells.pace_text, min_terminal=110
        ),
        Column("projected_h", _("Projected"), "right", formats=human, display=cells.projected_text, min_terminal=120),
        Column("ratio_h", _("Progress ratio"), "right", formats=human, min_terminal=130, display=cells.ratio_text),
        Column("bar", _("Progress"), no_wrap=True, formats=("table",), min_terminal=100),
        Column("status_label", _("Status"), formats=human),
        Column("notes_h", _("Notes"), max_width=60, formats=human, display=cells.notes_text, min_terminal=160),
    ]
    return columns + [Column(key, key, formats=("csv",)) for key in STATUS_CSV_KEYS]


def status_caption(results: list[Assessment], method: str, lang: str) -> str:
    """The count by status, the method, and the footnotes each marked row points at."""
    _ = translator(lang)
    counts = {s: sum(1 for r in results if r.status == s) for s in STATUSES}
    summary = ", ".join(f"{n} {_(STATUS_LABELS[s]).lower()}" for s, n in counts.items() if n)
    caption = _("{n} indicator(s)").format(n=len(results)) + (f": {summary}" if summary else "")
    caption += "\n" + _(METHOD_LABELS[method])
    once = {n.code: n for r in results for n in r.notes if n.code in CAPTION_MARKS}
    if "target-before-break" in once:
        caption += f"\n{CAPTION_MARKS['target-before-break']} " + once["target-before-break"].said.text(_, plain, lang)
    if "synthetic" in once:
        synthetic = _("Includes synthetic (made-up) figures: demonstration data, not real reports.")
        caption += f"\n{CAPTION_MARKS['synthetic']} {synthetic}"
    return caption


def status_view(data: Dataset, results: list[Assessment], as_of: int, lang: str, method: str = UNSD_2022) -> View:
    """`kh113 status`: one row per indicator, by group then order; the JSON carries every assessment."""
    _ = translator(lang)
    cells = StatusCells(data, lang, _)
    ordered = sorted(results, key=lambda r: (r.indicator.group is None, r.indicator.group or 0, r.indicator.order))
    style = lambda r: STATUS_STYLES[r["status"]]  # noqa: E731 - one-line style callback
    return View(
        title=_("Progress towards the targets of plan 113/KH-UBND, as of {year}").format(year=as_of),
        columns=status_columns(cells),
        rows=[status_row(result, cells) for result in ordered],
        payload={"as_of": as_of, "method": method, "indicators": [status_payload(r, lang) for r in results]},
        caption=status_caption(results, method, lang),
        styles={"status_label": style, "bar": style},
        section_key="section",
    )


# --------------------------------------------------------------------------------------------------
# export (issue #3): every recorded figure as a tidy table


def export_view(data: Dataset, recorded: dict[str, list[Point]], order: list[str]) -> View:
    rows = []
    for ident in order:
        unit = data.indicators[ident].unit
        for point in sorted(recorded[ident], key=lambda p: (p.year, p.origin != PUBLISHED, p.source)):
            where = point.location()
            rows.append(
                {
                    "indicator": ident,
                    "year": point.year,
                    "value": point.value if isinstance(point.value, bool) else _round(point.value),
                    "unit": unit,
                    "qualifier": point.qualifier,
                    "origin": point.origin,
                    "source": point.source,
                    "agency": point.agency,
                    "location": f"{where[0]}:{where[1]}" if where else None,
                    "synthetic": point.synthetic,
                }
            )
    keys = ("indicator", "year", "value", "unit", "qualifier", "origin", "source", "agency", "location", "synthetic")
    return View(
        title="Observations",
        columns=[Column(k, k) for k in keys],
        rows=rows,
        payload={"observations": rows},
    )


def revisions_view(revisions: list[Any]) -> View:
    """``kh113 export --revisions``: every value each figure of each report had, with its commit and date."""
    rows = [
        {
            "file": r.path,
            "indicator": r.indicator,
            "value": r.value if isinstance(r.value, (bool, str)) or r.value is None else _round(float(r.value)),
            "commit": r.commit,
            "date": r.date,
        }
        for r in revisions
    ]
    keys = ("file", "indicator", "value", "commit", "date")
    return View(title="Revisions", columns=[Column(k, k) for k in keys], rows=rows, payload={"revisions": rows})


# --------------------------------------------------------------------------------------------------
# expected (issue #4)


def expected_view(data: Dataset, exp: Expectations, lang: str) -> View:
    _ = translator(lang)
    rows = []
    agencies = []
    for ob in exp.obligations.values():
        inherited = [i for i in ob.via() if i != ob.agency and not _is_collective_of(data, i, ob.agency)]
        agencies.append(
            {
                "agency": ob.agency,
                "name": ob.name,
                "due": ob.due,
                "open_collective": ob.open_collective,
                "via": _refs(data, ob.via()),
                "tasks": [{"id": t.task.id, "content": t.task.content, "via": list(t.via)} for t in ob.tasks.values()],
                "figures": [_owed_figure(f) for f in ob.figures.values()],
                "optional_figures": [_owed_figure(f) for f in ob.optional_figures.values()],
            }
        )
        notes = []
        if inherited:
            notes.append(_("from {names}").format(names="; ".join(data.agency_name(i) for i in inherited)))
        if ob.open_collective:
            notes.append(_("open collective: one report under this id"))
        rows.append(
            {
                "agency": ob.agency,
                "name": ob.name,
                "tasks": ", ".join(ob.tasks),
                "figures": ", ".join(ob.figures),
                "note": "; ".join(notes),
            }
        )
    c = exp.consolidation
    return View(
        title=_("Reports owed for {year} (due before {due})").format(year=exp.year, due=exp.due.strftime("%d/%m/%Y")),
        columns=[
            Column("agency", _("Id"), no_wrap=True),
            Column("name", _("Agency"), max_width=35),
            Column("tasks", _("Tasks"), max_width=30),
            Column("figures", _("Figures"), max_width=45),
            Column("note", _("Note"), max_width=35),
        ],
        rows=rows,
        payload={
            "year": exp.year,
            "due": exp.due,
            "consolidation": {"agency": c.agency, "name": c.name, "due": c.due},
            "agencies": agencies,
        },
        caption=_("{n} report(s) owed; {name} ({agency}) consolidates them before {due}").format(
            n=len(rows), name=c.name, agency=c.agency, due=c.due.strftime("%d/%m/%Y")
        ),
    )


def _owed_figure(owed: Any) -> dict[str, Any]:
    ind = owed.indicator
    return {"id": ind.id, "name": ind.name, "unit": ind.unit, "target": target_payload(ind), "via": list(owed.via)}


def _is_collective_of(data: Dataset, ident: str, agency: str) -> bool:
    collective = data.collectives.get(ident)
    return collective is not None and agency in (collective.members or [])


# --------------------------------------------------------------------------------------------------
# check (issue #4)


def check_view(result: CheckResult, lang: str, *, summary: bool = True) -> View:
    """``summary=False`` (JSON) leaves out the worded summary, whose rates need Babel (issue #7: fast start)."""
    _ = translator(lang)
    rows = []
    for f in result.findings:
        rows.append(
            {
                "code": f.code,
                "severity": f.severity.value,
                "agency": f.agency,
                "year": f.year,
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "due": f.due,
                "received": f.received,
                "message": f.message(_),
            }
        )
    # The JSON contract of issue #4, key for key.
    keys = ("code", "severity", "agency", "year", "file", "line", "due", "received", "message")
    contract = [{k: row[k] for k in keys} for row in rows]
    payload = {
        "year": result.year,
        "as_of": result.as_of,
        "expected": result.expected,
        "received": result.received,
        "on_time": result.on_time,
        "reporting_rate": result.reporting_rate,
        "on_time_rate": result.on_time_rate,
        "problems": contract,
    }
    return View(
        title=_("Reports for {year}").format(year=result.year),
        columns=[
            Column("file", _("File")),
            Column("line", _("Line"), "right"),
            Column("code", _("Code")),
            Column("severity", _("Severity")),
            Column("agency", _("Agency")),
            Column("message", _("Message")),
        ],
        rows=rows,
        payload=payload,
        caption=_check_summary(result, lang) if summary else None,
        lines=[f.problem.line_text(_) for f in result.findings],
        styles={"severity": lambda r: "red" if r["severity"] == "error" else "yellow"},
    )


def _check_summary(result: CheckResult, lang: str) -> str:
    from ..compute.compliance import STATUS_TEXT

    _ = translator(lang)
    summary = [
        _("Reports for {year} as of {as_of} (due before {due}):").format(
            year=result.year, as_of=result.as_of.strftime("%d/%m/%Y"), due=result.due.strftime("%d/%m/%Y")
        )
    ]
    for a in result.agencies:
        received = a.receipt.date.strftime("%d/%m/%Y") if a.receipt and a.receipt.date else ""
        state = _(STATUS_TEXT[a.status]).format(received=received, days=a.days_late)
        if a.receipt is not None and a.receipt.source == "demonstration":  # issue #12 item 4: said on every line
            state = _("{status} (the file is demonstration data)").format(status=state)
        summary.append(f"  {a.obligation.name} ({a.obligation.agency}): {state}")
    summary.append(
        _(
            "{year}: {expected} expected, {received} received, {on_time} on time; "
            "reporting rate {rate}, on-time rate {on_time_rate}"
        ).format(
            year=result.year,
            expected=result.expected,
            received=result.received,
            on_time=result.on_time,
            rate=_percent(result.reporting_rate, lang),
            on_time_rate=_percent(result.on_time_rate, lang),
        )
    )
    errors, warnings = len(result.errors), len(result.warnings)
    summary.append(_("{errors} error(s), {warnings} warning(s)").format(errors=errors, warnings=warnings))
    return "\n".join(summary)


def _percent(rate: float | None, lang: str) -> str:
    from babel.numbers import format_decimal

    return "–" if rate is None else f"{format_decimal(rate, format='0.0', locale=lang)} %"


def written_view(results: list[tuple[str, Any]], lang: str) -> View:
    """What a writing command did to each file ("written" or "unchanged")."""
    _ = translator(lang)
    text = {"written": _("wrote {path}"), "unchanged": _("unchanged {path}")}
    rows = [{"path": path, "outcome": outcome} for path, outcome in results]
    return View(
        title=_("Files"),
        columns=[Column("path", _("File")), Column("outcome", _("Outcome"))],
        rows=rows,
        payload={"files": rows},
        lines=[text[outcome].format(path=path) for path, outcome in results],
    )
