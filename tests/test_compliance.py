"""compliance.py on its own: the check report's rows, each a Problem with the facts the JSON contract adds.

Outside git (``History()``), so receipts are the `submitted` dates the files declare; tests/test_check.py
runs the same rules in real git repositories through the command line.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kh113.compute.compliance import CheckRow, assess
from kh113.compute.expected import expected
from kh113.compute.receipt import History
from kh113.i18n import translator
from kh113.problems import Problem, Severity
from kh113.validate.loading import load

from .gitrepo import EXAMPLES, complete

AS_OF = dt.date(2025, 11, 15)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    shutil.copytree(EXAMPLES / "valid" / "succession", path, ignore=shutil.ignore_patterns("submissions"))
    (path / "submissions" / "2025").mkdir(parents=True)
    return path


def result_of(root: Path, problems: list[Problem] | None = None, only: set[str] | None = None):
    data = load(root)
    return assess(data, expected(data, 2025), History(), AS_OF, problems or [], only)


def rows(result, code: str) -> list[CheckRow]:
    return [r for r in result.findings if r.code == code]


def test_a_missing_report_is_about_an_agency_not_a_file(root):
    result = result_of(root, only={"so-y-te"})
    [missing] = rows(result, "missing")
    assert missing.problem.file is None and missing.line is None and missing.column is None
    assert (missing.agency, missing.year, missing.due, missing.received) == ("so-y-te", 2025, result.due, None)
    assert missing.severity is Severity.ERROR and result.errors == [missing]
    english = missing.message()
    assert english.startswith("Sở Y tế (so-y-te) has not reported for 2025")
    assert english.endswith("Create it with `kh113 new so-y-te --year 2025` (submissions/2025/so-y-te.yaml)")
    # the advice is a message inside the message, worded in the same language
    vi = missing.message(translator("vi"))
    assert "Create it" not in vi and "kh113 new so-y-te --year 2025" in vi


def test_a_late_report_is_placed_at_its_file_with_its_receipt_date(root):
    (root / "submissions/2025/so-y-te.yaml").write_text(complete("so-y-te", submitted="2025-11-03"))
    result = result_of(root, only={"so-y-te"})
    [late] = rows(result, "late")
    assert (late.file, late.line, late.column) == ("submissions/2025/so-y-te.yaml", 1, 1)
    assert late.received == dt.date(2025, 11, 3) and late.agency == "so-y-te"
    assert "received on 03/11/2025, 5 day(s) late" in late.message()
    assert late.problem.line_text().startswith("submissions/2025/so-y-te.yaml:1:1: late: Sở Y tế")


def test_outside_git_the_run_wide_warning_has_no_place(root):
    (root / "submissions/2025/so-y-te.yaml").write_text(complete("so-y-te", submitted="2025-10-20"))
    result = result_of(root, only={"so-y-te"})
    [note] = rows(result, "not-in-git")
    assert note.file is None and note.agency is None and note.severity is Severity.WARNING
    assert note.problem.line_text().startswith("not-in-git: warning: the data root is not in a git repository")
    assert result.findings[0] is note  # run-wide rows come first
    assert rows(result, "late") == [] and result.on_time == 1


def test_validation_problems_of_the_year_files_come_in_with_the_agency_and_receipt(root):
    path = "submissions/2025/so-y-te.yaml"
    (root / path).write_text(complete("so-y-te", submitted="2025-10-20"))
    elsewhere = Problem("plan/tasks.yaml", 4, 1, "other-file", "not about this year's reports")
    own = Problem(path, 2, 7, "out-of-range", "a problem in the report")
    unplaced = Problem(None, None, None, "run-wide", "about no file")
    result = result_of(root, [elsewhere, own, unplaced], only={"so-y-te"})
    [row] = rows(result, "out-of-range")
    assert row.problem is own and row.agency == "so-y-te" and row.received == dt.date(2025, 10, 20)
    assert rows(result, "other-file") == []
    # a problem about no file is kept (fail closed), with the run-wide rows
    [kept] = rows(result, "run-wide")
    assert kept.file is None and kept.agency is None
    # an error in the file: it is not counted, and check says so at the file
    assert result.received == 0 and [r.file for r in rows(result, "not-counted")] == [path]
