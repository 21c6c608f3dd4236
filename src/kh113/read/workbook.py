"""Read a clerk's workbook safely into cells with positions (issue #14: ``kh113 import``).

A workbook is a zip of XML, so it is input like any YAML file (issue #6): before openpyxl sees it, the zip
is checked here — member count, each member's declared *and* actual uncompressed size (a zip bomb lies in
its headers), no external links, no DTD (``<!DOCTYPE``/``<!ENTITY``: entity expansion has no place in a
spreadsheet) — and openpyxl then parses with defusedxml, which it uses whenever installed (openpyxl
``xml/functions.py``; kh113 depends on it and refuses to run if it is switched off).

Every problem is a :class:`CellProblem` placed at ``book.xlsx:Sheet!C7``. What the cells mean is decided
above (``compute/importing.py``); :data:`LAYOUT` is shared with the writer (``render/workbook.py``).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import N_
from ..messages import Message, Translate, msg
from ..problems import Severity, printable

# The sheets a workbook has, by role; the hidden sheet keeps their names as made (they are translated).
SHEETS = {
    "info": N_("Report"),
    "figures": N_("Figures"),
    "tasks": N_("Tasks"),
    "notes": N_("Difficulties, proposals"),
}
META_SHEET = "kh113"  # hidden: agency, year, fingerprint, the names of the other sheets
META_FORMAT = "kh113-workbook-1"

# Columns by role. Figures: the first five are labels (locked), the rest are filled by the clerk.
FIGURE_COLUMNS = {
    "id": "A",
    "name": "B",
    "unit": "C",
    "target": "D",
    "latest": "E",
    "value": "F",
    "source": "G",
    "note": "H",
    "unavailable": "I",
}
TASK_COLUMNS = {
    "id": "A",
    "content": "B",
    "product": "C",
    "schedule": "D",
    "status": "E",
    "products": "F",
    "note": "G",
}
NOTE_COLUMNS = {"difficulties": "A", "proposals": "B"}
INFO_SUBMITTED = "B7"  # the date the report is sent (the one cell to fill on the info sheet)
FIRST_ROW = 2  # row 1 holds the headers on the figures, tasks and notes sheets
NOTE_ROWS = 30  # empty rows made ready for difficulties and proposals

# Bounds (issue #6): a yearly report is a few dozen rows and a few hundred KB at most.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 5 * 1024 * 1024  # one sheet's XML, uncompressed (a report's is ~20 KB)
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 40
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+[0-9]+:?(?:[A-Z]+([0-9]+))?\"")


@dataclass(frozen=True)
class CellProblem:
    """A problem with one cell (or the whole workbook when ``sheet`` is empty), worded when shown."""

    book: str
    sheet: str
    ref: str
    code: str
    said: Message
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        # A cell as spreadsheets name it (issue #14); the whole workbook at 1:1, as problems.py places a file.
        return f"{self.book}:{self.sheet}!{self.ref}" if self.sheet else f"{self.book}:1:1"

    def worded(self, translate: Translate) -> str:
        text = printable(self.said.text(translate))
        warning = (translate("warning") + ": ") if self.severity is Severity.WARNING else ""
        return f"{printable(self.where)}: {self.code}: {warning}{text}"

    def __str__(self) -> str:
        return self.worded(lambda text: text)


@dataclass(frozen=True)
class Cell:
    sheet: str
    ref: str
    value: Any  # the cached value: str (stripped), float, int, bool, datetime, or None when empty
    formula_without_value: bool = False


@dataclass
class Sheet:
    name: str
    rows: dict[int, dict[str, Cell]] = field(default_factory=dict)  # row number -> column letter -> cell

    def cell(self, ref: str) -> Cell:
        match = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
        assert match is not None
        column, row = match.group(1), int(match.group(2))
        return self.rows.get(row, {}).get(column, Cell(self.name, ref, None))


@dataclass
class Book:
    """The cells of a workbook that kh113 reads, by sheet role, with the hidden sheet's facts."""

    shown: str
    meta: dict[str, str]
    sheets: dict[str, Sheet]


def read_workbook(path: Path, shown: str) -> tuple[Book | None, list[CellProblem]]:
    """The workbook at ``path`` (named ``shown`` in messages), or None and why it cannot be read."""
    problem = _unsafe(path, shown)
    if problem is not None:
        return None, [problem]
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False would parse with the standard library alone
        return None, [_whole(shown, "unsafe-workbook", msg("openpyxl is not using defusedxml; kh113 refuses to read"))]
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation extensions, ...); they carry no figures.
            warnings.simplefilter("ignore")
            formulas = openpyxl.load_workbook(path, data_only=False)
            cached = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; each is the same fact for a clerk
        return None, [
            _whole(
                shown,
                "unreadable-workbook",
                msg(
                    "is not a workbook kh113 can read ({reason}); save it again as .xlsx in Excel or LibreOffice",
                    reason=f"{type(exc).__name__}: {exc}",
                ),
            )
        ]
    if META_SHEET not in cached.sheetnames:
        return None, [
            _whole(
                shown,
                "not-a-report-workbook",
                msg("has no `{sheet}` sheet: it was not made by `kh113 new --xlsx`", sheet=META_SHEET),
            )
        ]
    meta_sheet = cached[META_SHEET]
    meta = {
        str(row[0]): "" if row[1] is None else str(row[1])
        for row in meta_sheet.iter_rows(max_col=2, max_row=MAX_ROWS, values_only=True)
        if row and row[0] is not None
    }
    problems: list[CellProblem] = []
    sheets: dict[str, Sheet] = {}
    for role in SHEETS:
        name = meta.get(f"sheet.{role}", "")
        if name not in cached.sheetnames:
            problems.append(
                _whole(
                    shown,
                    "sheet-missing",
                    msg(
                        "has no sheet `{name}`: a sheet was renamed or deleted; give it back its name, "
                        "or make a new workbook with `kh113 new --xlsx`",
                        name=name,
                    ),
                )
            )
            continue
        sheets[role] = _cells(name, formulas[name], cached[name])
    return Book(shown, meta, sheets), problems


def _cells(name: str, with_formulas: Any, with_values: Any) -> Sheet:
    sheet = Sheet(name)
    for row in with_values.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS):
        for cell in row:
            formula = with_formulas[cell.coordinate].data_type == "f"
            value = cell.value
            if isinstance(value, str):
                value = value.strip()  # trailing spaces typed or pasted
                if value == "":
                    value = None
            if value is None and not formula:
                continue
            entry = Cell(name, cell.coordinate, value, formula_without_value=formula and value is None)
            sheet.rows.setdefault(cell.row, {})[cell.column_letter] = entry
    return sheet


def _unsafe(path: Path, shown: str) -> CellProblem | None:
    """Why the zip must not be opened (size, members, links, DTDs), or None."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _whole(shown, "unreadable-workbook", msg("cannot be read ({reason})", reason=exc.strerror or str(exc)))
    if size > MAX_FILE_BYTES:
        return _whole(
            shown, "workbook-too-large", msg("is {size} bytes; a report workbook is far smaller", size=str(size))
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return _unsafe_archive(archive, shown)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        return _whole(
            shown,
            "unreadable-workbook",
            msg(
                "is not a workbook kh113 can read ({reason}); save it again as .xlsx in Excel or LibreOffice",
                reason=f"{type(exc).__name__}: {exc}",
            ),
        )


def _unsafe_archive(archive: zipfile.ZipFile, shown: str) -> CellProblem | None:
    """Why the opened zip must not be read on: too many parts, too large unpacked, or one unsafe part."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return _whole(shown, "unsafe-workbook", msg("holds {count} parts; refused", count=str(len(members))))
    declared = sum(m.file_size for m in members)
    if declared > MAX_TOTAL_BYTES or any(m.file_size > MAX_MEMBER_BYTES for m in members):
        return _whole(shown, "unsafe-workbook", msg("unpacks to more than a report can hold (a zip bomb?)"))
    total = 0
    for member in members:
        if member.filename.startswith("xl/externalLinks/"):
            return _whole(
                shown,
                "external-link",
                msg("links to another workbook; copy the values in and remove the link (Data > Edit Links)"),
            )
        data = _read_bounded(archive, member)
        if data is None:
            return _whole(shown, "unsafe-workbook", msg("unpacks to more than a report can hold (a zip bomb?)"))
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            return _whole(shown, "unsafe-workbook", msg("unpacks to more than a report can hold (a zip bomb?)"))
        problem = _unsafe_part(member, data, shown)
        if problem is not None:
            return problem
    return None


def _unsafe_part(member: zipfile.ZipInfo, data: bytes, shown: str) -> CellProblem | None:
    """A part that declares XML entities, or a sheet whose dimension reaches past :data:`MAX_ROWS`."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return _whole(
            shown,
            "unsafe-workbook",
            msg("part {part} declares XML entities; a spreadsheet never needs them", part=member.filename),
        )
    if member.filename.startswith("xl/worksheets/"):
        dim = _DIMENSION.search(data[:4096])
        rows = int(dim.group(1)) if dim and dim.group(1) else 0
        if rows > MAX_ROWS:
            return _whole(
                shown,
                "sheet-too-large",
                msg(
                    "a sheet reaches row {rows}; a report has at most {limit} rows",
                    rows=str(rows),
                    limit=str(MAX_ROWS),
                ),
            )
    return None


def _read_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, or None when it unpacks to more than it declares or than the limit."""
    limit = min(member.file_size, MAX_MEMBER_BYTES)
    with archive.open(member) as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data


def _whole(shown: str, code: str, said: Message) -> CellProblem:
    return CellProblem(shown, "", "", code, said)


def excel_date(value: Any) -> dt.date | None:
    """A date from a cell: a date, a serial number (Excel's 1900 system), or text dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    if isinstance(value, str):
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
    return None
