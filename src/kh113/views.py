"""Row producers: turn loaded data and results into :class:`~kh113.render.View` objects.

One producer per command feeds every format; the JSON payloads here are contracts (issue #2, item 7):
keep their keys and meaning stable, and add fields rather than change them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .i18n import translator
from .loading import Dataset
from .models import Indicator, Schedule, Task
from .organisation import Registry
from .problems import Problem, Severity
from .render import Column, View

if TYPE_CHECKING:
    from .compliance import CheckResult
    from .expected import Expectations


def registry_of(data: Dataset) -> Registry:
    return Registry(data.agencies, data.collectives, data.changes)


# --------------------------------------------------------------------------------------------------
# validate


def problems_view(problems: list[Problem], lang: str, files_checked: int) -> View:
    _ = translator(lang)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    rows = [p.as_dict() for p in problems]
    if errors:
        summary = _("{errors} error(s), {warnings} warning(s) in {files} file(s) checked").format(
            errors=errors, warnings=warnings, files=files_checked
        )
    else:
        summary = _("valid: {files} file(s) checked, {warnings} warning(s)").format(files=files_checked, warnings=warnings)
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
        lines=[str(p) for p in problems],
        styles={"severity": lambda r: "red" if r["severity"] == "error" else "yellow"},
    )


# --------------------------------------------------------------------------------------------------
# tasks


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
    entry = data.agencies.get(ident) or data.collectives.get(ident)
    return entry.short_name if entry else ident


def _refs(data: Dataset, ids: list[str]) -> list[dict[str, str]]:
    return [{"id": i, "name": data.agency_name(i)} for i in ids]


def tasks_view(data: Dataset, tasks: list[Task], on: dt.date, lang: str) -> View:
    _ = translator(lang)
    registry = registry_of(data)
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
                "product": task.product,
                "schedule": task.schedule.text,
            }
        )
    return View(
        title=_("Annex tasks of plan 113/KH-UBND"),
        columns=[
            Column("id", _("No."), no_wrap=True),
            Column("content", _("Task"), max_width=60),
            Column("lead", _("Lead agency"), max_width=30),
            Column("responsible_on", _("Responsible on {date}").format(date=on.strftime("%d/%m/%Y")), max_width=30),
            Column("product", _("Product"), max_width=25),
            Column("schedule", _("Timeline"), max_width=20),
        ],
        rows=rows,
        payload={"tasks": payload_tasks},
        caption=_("{n} task(s)").format(n=len(tasks)),
        section_key="section",
    )


# --------------------------------------------------------------------------------------------------
# indicators


COMPARATOR_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def target_payload(indicator: Indicator) -> dict[str, Any]:
    return {"value": indicator.target.value, "comparator": indicator.target.comparator, "year": indicator.target.year}


def indicators_view(data: Dataset, indicators: list[Indicator], lang: str) -> View:
    _ = translator(lang)
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
        target = "✓" if ind.kind == "milestone" else f"{COMPARATOR_TEXT[ind.target.comparator]} {ind.target.value:g}"
        rows.append(
            {
                "id": ind.id,
                "name": (ind.short_name or ind.name) if lang == "vi" else (ind.short_name_en or ind.name_en),
                "unit": _(ind.unit),
                "target": f"{target} ({ind.target.year})",
                "responsible": "; ".join(short_name(data, i) for i in ind.responsible),
                "observations": len(ind.observations),
            }
        )
    return View(
        title=_("2030 targets of plan 113/KH-UBND (section II.2.1)"),
        columns=[
            Column("id", _("Id"), no_wrap=True),  # ids are copied into submissions: never break them
            Column("name", _("Indicator"), max_width=50),
            Column("unit", _("Unit")),
            Column("target", _("Target"), no_wrap=True),
            Column("responsible", _("Responsible"), max_width=30),
            Column("observations", _("Observations"), "right"),
        ],
        rows=rows,
        payload={"indicators": payload},
        caption=_("{n} indicator(s)").format(n=len(indicators)),
    )


# --------------------------------------------------------------------------------------------------
# agencies


def agencies_view(data: Dataset, on: dt.date, lang: str, include_past: bool) -> View:
    _ = translator(lang)
    registry = registry_of(data)
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
            "successor": {"id": successor, "name": data.agency_name(successor)} if successor and successor != ident else None,
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
            Column("id", _("Id"), no_wrap=True),
            Column("name", _("Name"), max_width=50),
            Column("kind", _("Kind")),
            Column("status", _("Status")),
            Column("successor", _("Responsibility now with"), max_width=40),
        ],
        rows=rows,
        payload={"on": on.isoformat(), "agencies": payload},
        caption=_("{n} agencies and collectives").format(n=len(rows)),
        styles={"status": lambda r: None if r["status"] == _("active") else "dim"},
    )


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


def check_view(result: CheckResult, lang: str) -> View:
    from .compliance import STATUS_TEXT

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
    contract = [{k: row[k] for k in ("code", "severity", "agency", "year", "file", "line", "due", "received", "message")} for row in rows]
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
    summary = [
        _("Reports for {year} as of {as_of} (due before {due}):").format(
            year=result.year, as_of=result.as_of.strftime("%d/%m/%Y"), due=result.due.strftime("%d/%m/%Y")
        )
    ]
    for a in result.agencies:
        received = a.receipt.date.strftime("%d/%m/%Y") if a.receipt and a.receipt.date else ""
        state = _(STATUS_TEXT[a.status]).format(received=received, days=a.days_late)
        summary.append(f"  {a.obligation.name} ({a.obligation.agency}): {state}")
    summary.append(
        _("{year}: {expected} expected, {received} received, {on_time} on time; reporting rate {rate}, on-time rate {on_time_rate}").format(
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
        caption="\n".join(summary),
        lines=[_finding_line(row) for row in rows],
        styles={"severity": lambda r: "red" if r["severity"] == "error" else "yellow"},
    )


def _finding_line(row: dict[str, Any]) -> str:
    """``path:line:col: code: message`` like validate; a report with no file names only the code."""
    warning = "warning: " if row["severity"] == "warning" else ""
    if row["file"] is None:
        return f"{row['code']}: {warning}{row['message']}"
    return f"{row['file']}:{row['line'] or 1}:{row['column'] or 1}: {row['code']}: {warning}{row['message']}"


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
