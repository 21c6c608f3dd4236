"""The workbook a clerk fills in: everything an agency owes for a year, as ``kh113 new --xlsx`` writes it.

Issue #14. The content is the YAML skeleton's (``scaffold.py``), from the same :class:`Obligation`: the
owed figures (with the indicator's name, unit, 2030 target and latest known figure, for reference) and
tasks, then difficulties and proposals. Label cells are locked (sheet protection without a password, so a
clerk can lift it, but ``kh113 import`` refuses a changed id or label); the cells to fill carry data
validation by unit and a number format that shows Vietnamese decimals. A hidden sheet keeps the agency,
year and the fingerprint of what was owed, which ``import`` checks.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping

from ..compute.expected import Obligation, fingerprint
from ..i18n import N_
from ..read.workbook import (
    FIGURE_COLUMNS,
    FIRST_ROW,
    INFO_SUBMITTED,
    META_FORMAT,
    META_SHEET,
    NOTE_COLUMNS,
    NOTE_ROWS,
    SHEETS,
    TASK_COLUMNS,
)
from ..validate.loading import Dataset
from .scaffold import target_text

Translate = Callable[[str], str]

# The statuses of models.TaskStatus with the words shown in the drop-down (render/report.py words them so).
STATUS_LABELS = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "completed": N_("completed"),
    "delayed": N_("delayed"),
    "not_applicable": N_("not applicable"),
}
MILESTONE_LABELS = {True: N_("achieved"), False: N_("not achieved")}

FIGURE_HEADERS = {
    "id": N_("Indicator"),
    "name": N_("Name"),
    "unit": N_("Unit"),
    "target": N_("2030 target"),
    "latest": N_("Latest known figure"),
    "value": N_("Value"),
    "source": N_("Source"),
    "note": N_("Note"),
    "unavailable": N_("Not available, because ..."),
}
TASK_HEADERS = {
    "id": N_("Task"),
    "content": N_("Content"),
    "product": N_("Product"),
    "schedule": N_("Timeline"),
    "status": N_("Status"),
    "products": N_("Products delivered (one per line)"),
    "note": N_("Note"),
}
NOTE_HEADERS = {"difficulties": N_("Difficulties met"), "proposals": N_("Proposals")}
# Widths (characters) chosen so each sheet fits the width of an A4 page in landscape.
FIGURE_WIDTHS = {"id": 12, "name": 40, "unit": 12, "target": 24, "latest": 14, "value": 12, "source": 22}
FIGURE_WIDTHS |= {"note": 22, "unavailable": 22}
TASK_WIDTHS = {"id": 7, "content": 45, "product": 25, "schedule": 12, "status": 18, "products": 30, "note": 22}
# Excel and LibreOffice show `[$-42A]` formats with Vietnamese separators (1.234,5) whatever the computer's locale.
NUMBER_FORMATS = {"vi": "[$-42A]#,##0.##", "en": "#,##0.##"}
WHOLE_FORMATS = {"vi": "[$-42A]#,##0", "en": "#,##0"}
DATE_FORMAT = "dd/mm/yyyy"


def new_workbook(data: Dataset, ob: Obligation, lang: str, _: Translate) -> bytes:
    """The workbook of ``ob``, with the latest known figure of each indicator (before the report's year)."""
    from ..compute.progress import assess_dataset
    from .numbers import quantity

    assert data.plan is not None
    latest: dict[str, str] = {}
    for assessment in assess_dataset(data, ob.year - 1, list(ob.figures)):
        point = assessment.latest
        if point is None:
            continue
        ind = assessment.indicator
        if isinstance(point.value, bool):
            worded = _(MILESTONE_LABELS[point.value])
        else:
            worded = quantity(point.value, ind.unit, lang, _)
        latest[ind.id] = f"{worded} ({point.year})"
    return workbook_bytes(ob, data.plan.number, latest, lang, _)


def workbook_bytes(ob: Obligation, plan_number: str, latest: Mapping[str, str], lang: str, _: Translate) -> bytes:
    """The .xlsx bytes of ``ob``'s empty report; ``latest``: indicator id -> latest known figure, worded."""
    from openpyxl import Workbook

    book = Workbook()
    info = book.active
    info.title = _(SHEETS["info"])
    _info_sheet(info, ob, plan_number, _)
    _figures_sheet(book.create_sheet(_(SHEETS["figures"])), ob, latest, lang, _)
    _tasks_sheet(book.create_sheet(_(SHEETS["tasks"])), ob, _)
    _notes_sheet(book.create_sheet(_(SHEETS["notes"])), _)
    meta = book.create_sheet(META_SHEET)
    rows: list[tuple[str, object]] = [
        ("format", META_FORMAT),
        ("agency", ob.agency),
        ("year", ob.year),
        ("plan", plan_number),
        ("fingerprint", fingerprint(ob, plan_number)),
        ("lang", lang),
        *((f"sheet.{role}", _(title)) for role, title in SHEETS.items()),
    ]
    for row in rows:
        meta.append(row)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _styles():  # type: ignore[no-untyped-def]
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    return {
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "bold": Font(bold=True),
        "header": PatternFill("solid", fgColor="DDEBF7"),
        "fill": PatternFill("solid", fgColor="FFF2CC"),
        "open": Protection(locked=False),
    }


def _print_on_a4(sheet, header_rows: int = 1) -> None:  # type: ignore[no-untyped-def]
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
        sheet.freeze_panes = f"A{header_rows + 1}"
    sheet.protection.sheet = True  # no password: protection keeps labels from being typed over by mistake


def _header(sheet, columns: Mapping[str, str], headers: Mapping[str, str], widths: Mapping[str, int], _):  # type: ignore[no-untyped-def]
    style = _styles()
    for role, column in columns.items():
        cell = sheet[f"{column}1"]
        cell.value = _(headers[role])
        cell.font, cell.fill, cell.alignment = style["bold"], style["header"], style["wrap"]
        sheet.column_dimensions[column].width = widths.get(role, 20)
    sheet.row_dimensions[1].height = 32  # two lines of a wrapped header


def _label(cell, value: object) -> None:  # type: ignore[no-untyped-def]
    cell.value = value
    cell.alignment = _styles()["wrap"]
    # Spreadsheets do not grow a row for wrapped text in a file they did not lay out: give it the height.
    width = cell.parent.column_dimensions[cell.column_letter].width or 10
    lines = -(-len(str(value or "")) // max(int(width * 1.1), 1))
    current = cell.parent.row_dimensions[cell.row].height or 15
    cell.parent.row_dimensions[cell.row].height = max(current, 15 * max(lines, 1))


def _open(cell) -> None:  # type: ignore[no-untyped-def]
    style = _styles()
    cell.protection, cell.fill, cell.alignment = style["open"], style["fill"], style["wrap"]


def _info_sheet(sheet, ob: Obligation, plan_number: str, _: Translate) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet["A1"] = _("Report of {name} for {year} on plan {plan}").format(name=ob.name, year=ob.year, plan=plan_number)
    sheet["A1"].font = _styles()["bold"]
    labels = [
        ("A3", _("Agency"), ob.name),
        ("A4", _("Agency id"), ob.agency),
        ("A5", _("Year"), ob.year),
        ("A6", _("Due before"), ob.due),
        ("A7", _("Date the report is sent"), None),
    ]
    for ref, label, value in labels:
        row = ref[1:]
        sheet[ref] = label
        sheet[ref].font = _styles()["bold"]
        _label(sheet[f"B{row}"], value)
    sheet["B6"].number_format = DATE_FORMAT
    submitted = sheet[INFO_SUBMITTED]
    _open(submitted)
    submitted.number_format = DATE_FORMAT
    check = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    check.error = _("Type a date, e.g. 15/10/2026")
    check.add(INFO_SUBMITTED)
    sheet.add_data_validation(check)
    steps = _(
        "Fill in the yellow cells on every sheet, then run `kh113 import` on this file "
        "(or send it to whoever keeps the report repository)."
    )
    _label(sheet["A9"], steps)
    sheet.merge_cells("A9:B9")
    sheet.row_dimensions[9].height = 45
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70
    _print_on_a4(sheet, header_rows=0)


def _figures_sheet(sheet, ob: Obligation, latest: Mapping[str, str], lang: str, _: Translate) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.worksheet.datavalidation import DataValidation

    c = FIGURE_COLUMNS
    _header(sheet, c, FIGURE_HEADERS, FIGURE_WIDTHS, _)
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    percent.error = _("A percentage between 0 and 100, e.g. 99,5")
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    whole.error = _("A whole number, 0 or more")
    rate = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    rate.error = _("A number, 0 or more")
    words = ",".join(_(label) for label in MILESTONE_LABELS.values())
    milestone = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    milestone.error = _("Choose from the list")
    for check in (percent, whole, rate, milestone):
        check.showErrorMessage = True
        sheet.add_data_validation(check)
    for row, owed in enumerate(ob.figures.values(), start=FIRST_ROW):
        ind = owed.indicator
        for role, value in (
            ("id", ind.id),
            ("name", ind.name),
            ("unit", _(ind.unit)),
            ("target", target_text(ind)),
            ("latest", latest.get(ind.id, "")),
        ):
            _label(sheet[f"{c[role]}{row}"], value)
        for role in ("value", "source", "note", "unavailable"):
            _open(sheet[f"{c[role]}{row}"])
        value = f"{c['value']}{row}"
        if ind.kind == "milestone":
            milestone.add(value)
        elif ind.unit == "percent":
            percent.add(value)
            sheet[value].number_format = NUMBER_FORMATS[lang]
        elif ind.unit in ("count", "people_per_year"):
            whole.add(value)
            sheet[value].number_format = WHOLE_FORMATS[lang]
        else:
            rate.add(value)
            sheet[value].number_format = NUMBER_FORMATS[lang]
    _print_on_a4(sheet)


def _tasks_sheet(sheet, ob: Obligation, _: Translate) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.worksheet.datavalidation import DataValidation

    c = TASK_COLUMNS
    _header(sheet, c, TASK_HEADERS, TASK_WIDTHS, _)
    words = ",".join(_(label) for label in STATUS_LABELS.values())
    status = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True, showErrorMessage=True)
    status.error = _("Choose from the list")
    sheet.add_data_validation(status)
    for row, owed in enumerate(ob.tasks.values(), start=FIRST_ROW):
        task = owed.task
        for role, value in (
            ("id", task.id),
            ("content", " ".join(task.content.split())),
            ("product", " ".join(task.product.split())),
            ("schedule", task.schedule.text),
        ):
            _label(sheet[f"{c[role]}{row}"], value)
        for role in ("status", "products", "note"):
            _open(sheet[f"{c[role]}{row}"])
        status.add(f"{c['status']}{row}")
    _print_on_a4(sheet)


def _notes_sheet(sheet, _: Translate) -> None:  # type: ignore[no-untyped-def]
    _header(sheet, NOTE_COLUMNS, NOTE_HEADERS, {"difficulties": 60, "proposals": 60}, _)
    for row in range(FIRST_ROW, FIRST_ROW + NOTE_ROWS):
        for column in NOTE_COLUMNS.values():
            _open(sheet[f"{column}{row}"])
    _print_on_a4(sheet)
