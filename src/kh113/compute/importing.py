"""A filled workbook turned into the YAML report a clerk would write by hand (issue #14: ``kh113 import``).

Pure: the cells come from ``read/workbook.py``, the obligation from ``expected.py``. Each line of YAML
written remembers the cell it came from, so that the checks ``kh113 validate`` runs on the result
(the caller loads the data root with the text as an overlay) are said at that cell. A number typed as
text (``99,5``, ``40.000``) is written into the YAML as it was typed, so it gets exactly the advice the
same number gets in a YAML file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..messages import msg, verbatim
from ..models import Indicator
from ..problems import Problem, Severity, UsageError
from ..read.workbook import (
    FIGURE_COLUMNS,
    FIRST_ROW,
    INFO_SUBMITTED,
    META_FORMAT,
    SHEETS,
    TASK_COLUMNS,
    Book,
    Cell,
    CellProblem,
    Sheet,
    excel_date,
)
from ..validate.loading import Dataset
from ..validate.schema import suggest
from .expected import Obligation, expected_path, fingerprint

# What a value cell may be written into the YAML as typed: digits with separators, nothing YAML could read
# as structure. Anything else is written quoted (and the checks say it is not a number).
_NUMBER_LIKE = re.compile(r"[+-]?[0-9][0-9., ]*")
STATUS_WORDS = {
    "not_started": "not started",
    "in_progress": "in progress",
    "completed": "completed",
    "delayed": "delayed",
    "not_applicable": "not applicable",
}
MILESTONE_WORDS = {"achieved": True, "not achieved": False}


@dataclass
class Imported:
    """The YAML text of the report, where it goes, and the cell behind each line."""

    relpath: str
    text: str
    cells: dict[int, Cell] = field(default_factory=dict)  # YAML line (1-based) -> cell
    problems: list[CellProblem] = field(default_factory=list)


def workbook_report(
    book: Book, ob_for: dict[str, Obligation], year: int, plan_number: str, translate
) -> Imported | list[CellProblem]:  # type: ignore[no-untyped-def]
    """The report in ``book``, or the problems that stop it being read (another agency, year, plan version).

    ``ob_for``: the obligations of ``year`` by agency; ``translate``: the language the workbook was made in,
    to read its drop-down words back.
    """
    meta = book.meta
    agency = meta.get("agency", "")
    here = book.shown
    if meta.get("format") != META_FORMAT:
        return [_whole(here, "not-a-report-workbook", msg("was not made by `kh113 new --xlsx`; make one with it"))]
    if agency not in ob_for:
        return [
            _whole(
                here,
                "wrong-agency",
                msg("was made for `{agency}`, which owes no report for {year}", agency=agency, year=str(year)),
            )
        ]
    ob = ob_for[agency]
    if meta.get("fingerprint") != fingerprint(ob, plan_number):
        return [
            _whole(
                here,
                "plan-changed",
                msg(
                    "was made from another version of the plan or indicators than the data root holds now; "
                    "make a new workbook with `kh113 new {agency} --year {year} --xlsx` and copy the figures in",
                    agency=agency,
                    year=str(year),
                ),
            )
        ]
    writer = _Writer(here)
    writer.line(f"agency: {agency}")
    writer.line(f"year: {year}")
    writer.submitted(book.sheets["info"].cell(INFO_SUBMITTED) if "info" in book.sheets else None)
    if "figures" in book.sheets:
        writer.figures(book.sheets["figures"], ob, translate)
    if "tasks" in book.sheets:
        writer.tasks(book.sheets["tasks"], ob, translate)
    if "notes" in book.sheets:
        writer.notes(book.sheets["notes"])
    return Imported(expected_path(agency, year), "\n".join(writer.lines) + "\n", writer.cells, writer.problems)


def cell_problems(imported: Imported, problems: list[Problem], book: str, info_sheet: str) -> list[CellProblem]:
    """The problems found in the YAML text, said at the cells the lines came from."""
    out: list[CellProblem] = []
    for problem in problems:
        if problem.file != imported.relpath:
            continue
        cell = imported.cells.get(problem.line) if problem.line is not None else None
        said = problem.said
        sheet, ref = (cell.sheet, cell.ref) if cell is not None else (info_sheet, "B4")
        out.append(CellProblem(book, sheet, ref, problem.code, said, problem.severity))
    return out


def _whole(book: str, code: str, said) -> CellProblem:  # type: ignore[no-untyped-def]
    return CellProblem(book, "", "", code, said)


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: nothing typed in a cell can change the file's structure.
    return json.dumps(" ".join(str(text).split()) if "\n" not in str(text) else str(text), ensure_ascii=False)


class _Writer:
    def __init__(self, book: str) -> None:
        self.book = book
        self.lines: list[str] = []
        self.cells: dict[int, Cell] = {}
        self.problems: list[CellProblem] = []

    def line(self, text: str, cell: Cell | None = None) -> None:
        self.lines.append(text)
        if cell is not None:
            self.cells[len(self.lines)] = cell

    def problem(self, cell: Cell, code: str, said, severity: Severity = Severity.ERROR) -> None:  # type: ignore[no-untyped-def]
        self.problems.append(CellProblem(self.book, cell.sheet, cell.ref, code, said, severity))

    def usable(self, cell: Cell) -> bool:
        if cell.formula_without_value:
            self.problem(
                cell,
                "formula-without-value",
                msg("holds a formula with no saved result; open the file in Excel or LibreOffice and save it first"),
            )
            return False
        return True

    def submitted(self, cell: Cell | None) -> None:
        if cell is None or not self.usable(cell) or cell.value is None:
            self.line("submitted:", cell)
            return
        date = excel_date(cell.value)
        if date is None:
            self.problem(
                cell, "invalid-date", msg("`{value}` is not a date; type it as 15/10/2026", value=str(cell.value))
            )
            self.line("submitted:", cell)
            return
        self.line(f"submitted: {date.isoformat()}", cell)

    def figures(self, sheet: Sheet, ob: Obligation, translate) -> None:  # type: ignore[no-untyped-def]
        rows: list[tuple[Cell, Indicator, dict[str, Cell]]] = []
        for ident, cells in self.owed_rows(sheet, FIGURE_COLUMNS, ob.figures, "indicator"):
            ind = ob.figures[ident].indicator
            name = cells["name"].value
            if name is None or " ".join(str(name).split()) != " ".join(ind.name.split()):
                self.problem(
                    cells["name"],
                    "label-changed",
                    msg(
                        "the name of `{id}` was changed; the label cells must say what the plan says (undo it)",
                        id=ident,
                    ),
                )
            rows.append((cells["id"], ind, cells))
        self.line("figures:" if rows else "figures: {}")
        for id_cell, ind, cells in rows:
            self.line(f"  {ind.id}:", id_cell)
            reason_only = cells["value"].value is None and cells["unavailable"].value is not None
            if not reason_only or cells["value"].formula_without_value:
                self.value(cells["value"], ind, translate)  # as by hand: no empty `value:` beside a reason
            for role in ("source", "note", "unavailable"):
                cell = cells[role]
                if self.usable(cell) and cell.value is not None:
                    self.line(f"    {role}: {_quoted(cell.value)}", cell)

    def value(self, cell: Cell, ind: Indicator, translate) -> None:  # type: ignore[no-untyped-def]
        raw = cell.value
        if not self.usable(cell) or raw is None:
            self.line("    value:", cell)
            return
        if isinstance(raw, bool):
            text = "true" if raw else "false"
        elif isinstance(raw, (int, float)):
            number = float(raw)
            text = str(int(number)) if number.is_integer() else repr(number)
        elif isinstance(raw, (dt.date, dt.datetime)):
            self.problem(cell, "invalid-value", msg("is a date; type the figure as a number"))
            self.line("    value:", cell)
            return
        else:
            words = {translate(word).casefold(): v for word, v in MILESTONE_WORDS.items()}
            words |= {word: v for word, v in MILESTONE_WORDS.items()}
            typed = str(raw)
            if ind.kind == "milestone" and typed.casefold() in words:
                text = "true" if words[typed.casefold()] else "false"
            elif _NUMBER_LIKE.fullmatch(typed):
                text = typed  # as typed: the YAML checks give their advice on 99,5 or 40.000
            else:
                text = _quoted(typed)
        self.line(f"    value: {text}", cell)

    def tasks(self, sheet: Sheet, ob: Obligation, translate) -> None:  # type: ignore[no-untyped-def]
        words: dict[str, str] = {}
        for status, word in STATUS_WORDS.items():
            words[translate(word).casefold()] = status
            words[word] = status
            words[status] = status
        entries: list[str] = []
        header = len(self.lines)
        self.line("tasks:")
        for ident, cells in self.owed_rows(sheet, TASK_COLUMNS, ob.tasks, "task"):
            id_cell = cells["id"]
            self.line(f"  {json.dumps(ident)}:", id_cell)
            entries.append(ident)
            state = cells["status"]
            if not self.usable(state) or state.value is None:
                self.line("    status:", state)
            elif str(state.value).casefold() in words:
                self.line(f"    status: {words[str(state.value).casefold()]}", state)
            else:
                choices = ", ".join(translate(word) for word in STATUS_WORDS.values())
                self.problem(
                    state,
                    "invalid-status",
                    msg("`{value}` is not a status; choose one of: {choices}", value=str(state.value), choices=choices),
                )
                self.line("    status:", state)
            products = cells["products"]
            items = [] if not self.usable(products) or products.value is None else str(products.value).splitlines()
            items = [item.strip() for item in items if item.strip()]
            self.line("    products: [" + ", ".join(_quoted(item) for item in items) + "]", products)
            note = cells["note"]
            if self.usable(note) and note.value is not None:
                self.line(f"    note: {_quoted(note.value)}", note)
        if not entries:
            self.lines[header] = "tasks: {}"

    def owed_rows(
        self, sheet: Sheet, columns: dict[str, str], owed: Mapping[str, object], kind: str
    ) -> list[tuple[str, dict[str, Cell]]]:
        """The filled rows of ``sheet`` in sheet order, by id: rows whose id cell was changed, repeated
        rows and deleted rows are said (an error, an error, a warning) instead of being guessed at."""
        out: list[tuple[str, dict[str, Cell]]] = []
        seen: dict[str, Cell] = {}
        for number in sorted(sheet.rows):
            if number < FIRST_ROW:
                continue
            row = sheet.rows[number]
            cells = {role: row.get(col, Cell(sheet.name, f"{col}{number}", None)) for role, col in columns.items()}
            if all(cell.value is None for cell in cells.values()):
                continue  # an empty row, left or added
            id_cell = cells["id"]
            ident = "" if id_cell.value is None else str(id_cell.value)
            if ident not in owed:
                changed = (
                    msg(
                        "`{id}` is not an indicator this report owes{hint}; the indicator column must not be "
                        "changed (undo the change, or make a new workbook)",
                        id=ident,
                        hint=suggest(ident, owed),
                    )
                    if kind == "indicator"
                    else msg(
                        "`{id}` is not a task this report owes{hint}; the task column must not be changed "
                        "(undo the change, or make a new workbook)",
                        id=ident,
                        hint=suggest(ident, owed),
                    )
                )
                self.problem(id_cell, "label-changed", changed)
            elif ident in seen:
                said = msg("`{id}` is already on row {row}; keep one row", id=ident, row=seen[ident].ref[1:])
                self.problem(id_cell, "duplicate-row", said)
            else:
                seen[ident] = id_cell
                out.append((ident, cells))
        changed_ids = any(p.code == "label-changed" and p.sheet == sheet.name for p in self.problems)
        for ident in owed:
            # A changed id already stops the import; its original row is not "deleted" then.
            if ident not in seen and not changed_ids:
                deleted = (
                    msg("the row of `{id}` was deleted; the report will lack this figure", id=ident)
                    if kind == "indicator"
                    else msg("the row of task {id} was deleted; the report will lack it", id=ident)
                )
                self.problems.append(CellProblem(self.book, sheet.name, "A1", "row-deleted", deleted, Severity.WARNING))
        return out

    def notes(self, sheet: Sheet) -> None:
        for key, column in (("difficulties", "A"), ("proposals", "B")):
            items = [
                sheet.rows[n][column]
                for n in sorted(sheet.rows)
                if n >= FIRST_ROW
                and column in sheet.rows[n]
                and self.usable(sheet.rows[n][column])
                and sheet.rows[n][column].value is not None
            ]
            if not items:
                self.line(f"{key}: []")
                continue
            self.line(f"{key}:")
            for cell in items:
                self.line(f"  - {_quoted(str(cell.value))}", cell)


__all__ = ["SHEETS", "Imported", "cell_problems", "workbook_report"]


@dataclass
class ImportResult:
    """What ``kh113 import`` found: the report to write (None when an error stops it) and every problem."""

    relpath: str | None
    text: str | None
    problems: list[CellProblem]
    exists: bool = False

    @property
    def errors(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def import_report(data: Dataset, book: Book, translate_for, year: int | None = None) -> ImportResult:  # type: ignore[no-untyped-def]
    """Read ``book`` against ``data`` (loaded and checked) and run on its YAML exactly what ``kh113 validate`` runs.

    ``translate_for(lang)``: the gettext of a language (the workbook's drop-down words are read back in the
    language it was made in).
    """
    from ..validate.loading import load
    from .expected import expected
    from .scope import checked as with_checks

    year_text = book.meta.get("year", "")
    if not year_text.isdigit():
        return ImportResult(
            None,
            None,
            [_whole(book.shown, "not-a-report-workbook", msg("was not made by `kh113 new --xlsx`; make one with it"))],
        )
    if year is not None and year_text != str(year):
        said = msg(
            "was made for {made}, not {year}; make the workbook for {year} with "
            "`kh113 new {agency} --year {year} --xlsx`",
            made=year_text,
            year=str(year),
            agency=book.meta.get("agency", ""),
        )
        return ImportResult(None, None, [_whole(book.shown, "wrong-year", said)])
    assert data.plan is not None, "the CLI loads the root with load_usable"
    root = data.root
    year = int(year_text)
    try:
        exp = expected(data, year)
    except UsageError as exc:
        return ImportResult(None, None, [_whole(book.shown, "wrong-year", verbatim(str(exc)))])
    outcome = workbook_report(book, exp.obligations, year, data.plan.number, translate_for(book.meta.get("lang", "vi")))
    if isinstance(outcome, list):
        return ImportResult(None, None, outcome)
    checked = with_checks(load(root, overlay={outcome.relpath: outcome.text}))
    info = book.sheets["info"].name if "info" in book.sheets else ""
    found = outcome.problems + cell_problems(outcome, checked.problems.sorted(), book.shown, info)
    exists = any((root / outcome.relpath).with_suffix(ext).exists() for ext in (".yaml", ".yml"))
    return ImportResult(outcome.relpath, outcome.text, found, exists)
