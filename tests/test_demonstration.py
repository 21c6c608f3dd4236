"""Demonstration roots (issue #12 item 4): a declared marker makes `synthetic: true` reports count as received
on their own `submitted` dates, said to be demonstration data everywhere; without the marker nothing changes
(issue #10: a synthetic file is never an agency's report)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.compute.compliance import assess
from kh113.compute.expected import expected
from kh113.compute.receipt import History
from kh113.validate.loading import DEMONSTRATION_FILE, load

from .gitrepo import EXAMPLES, Repo, complete

AS_OF = dt.date(2025, 11, 15)
MARKER = "# Thư mục minh họa.\ndemonstration: true\n"


def synthetic(agency: str, submitted: str) -> str:
    return complete(agency, submitted=submitted).replace("year: 2025\n", "year: 2025\nsynthetic: true\n")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    shutil.copytree(EXAMPLES / "valid" / "succession", path, ignore=shutil.ignore_patterns("submissions"))
    (path / "submissions" / "2025").mkdir(parents=True)
    (path / "submissions/2025/so-noi-vu.yaml").write_text(synthetic("so-noi-vu", "2025-10-20"), encoding="utf-8")
    (path / "submissions/2025/so-y-te.yaml").write_text(synthetic("so-y-te", "2025-11-03"), encoding="utf-8")
    return path


def result_of(root: Path):
    data = load(root)
    return assess(data, expected(data, 2025), History(), AS_OF, list(data.problems))


def by_code(result, code: str) -> list:
    return [r for r in result.findings if r.code == code]


def test_without_the_marker_synthetic_files_never_count(root):
    result = result_of(root)
    assert not result.demonstration and result.received == 0
    assert {r.agency for r in by_code(result, "missing")} >= {"so-noi-vu", "so-y-te"}
    assert by_code(result, "demonstration") == []


def test_in_a_demonstration_root_they_count_on_their_submitted_dates(root):
    (root / DEMONSTRATION_FILE).write_text(MARKER, encoding="utf-8")
    result = result_of(root)
    assert result.demonstration
    status = {a.obligation.agency: (a.status, a.receipt.date if a.receipt else None) for a in result.agencies}
    assert status["so-noi-vu"] == ("on_time", dt.date(2025, 10, 20))
    assert status["so-y-te"] == ("late", dt.date(2025, 11, 3))
    assert status["ubnd-cap-xa"] == ("missing", None)
    assert (result.received, result.on_time) == (2, 1)
    # Every such row says it is demonstration data: the run-wide note, each file's finding, the late finding.
    [note] = by_code(result, "demonstration")
    assert note.file is None and "whole data root is demonstration data" in note.message()
    assert "git history" not in note.message()  # outside git there is none to leave aside
    assert {r.file for r in by_code(result, "synthetic")} == {
        "submissions/2025/so-noi-vu.yaml",
        "submissions/2025/so-y-te.yaml",
    }
    for row in by_code(result, "synthetic"):
        assert row.message() == (
            "is demonstration data, counted as received on the `submitted` date written in the file "
            "(demonstration root)"
        )
    [late] = by_code(result, "late")
    assert "(demonstration data) is dated 03/11/2025 by its `submitted` date, 5 day(s) late" in late.message()
    assert late.received == dt.date(2025, 11, 3)


def test_a_demonstration_file_is_judged_complete_like_any_report(root):
    (root / DEMONSTRATION_FILE).write_text(MARKER, encoding="utf-8")
    text = synthetic("so-noi-vu", "2025-10-20").replace("    status: in_progress\n", "    status: null\n")
    (root / "submissions/2025/so-noi-vu.yaml").write_text(text, encoding="utf-8")
    result = result_of(root)
    assert [a.status for a in result.agencies if a.obligation.agency == "so-noi-vu"] == ["missing"]
    assert [r.file for r in by_code(result, "incomplete")] == ["submissions/2025/so-noi-vu.yaml"]


def test_a_real_report_in_a_demonstration_root_follows_the_receipt_rule(root):
    (root / DEMONSTRATION_FILE).write_text(MARKER, encoding="utf-8")
    (root / "submissions/2025/so-y-te.yaml").write_text(complete("so-y-te", submitted="2025-10-21"), encoding="utf-8")
    result = result_of(root)
    [row] = [a for a in result.agencies if a.obligation.agency == "so-y-te"]
    assert row.receipt is not None and row.receipt.source == "submitted"  # outside git, as for any root
    assert "submissions/2025/so-y-te.yaml" not in {r.file for r in by_code(result, "synthetic")}


@pytest.mark.parametrize(
    ("text", "where", "code"),
    [
        ("demonstration: false\n", (1, 16), "invalid-value"),
        ("demonstration: yes please\n", (1, 16), "invalid-value"),
        ("demonstration: true\nsynthetic: true\n", (2, 1), "unknown-key"),
        ("comment: only\n", (1, 1), "unknown-key"),
        ("[demonstration]\n", (1, 1), "wrong-type"),
        ("", (1, 1), "empty-file"),
        ("demonstration: [true\n", None, None),
    ],
)
def test_anything_but_exactly_the_marker_is_an_error_and_no_demonstration(root, text, where, code):
    (root / DEMONSTRATION_FILE).write_text(text, encoding="utf-8")
    data = load(root)
    assert not data.demonstration  # fail closed: an unclear marker counts nothing
    errors = [p for p in data.problems if p.file == DEMONSTRATION_FILE and p.severity.value == "error"]
    assert errors, data.problems
    if code is not None:
        assert any((p.line, p.column, p.code) == (*where, code) for p in errors), errors
    assert result_of(root).received == 0


def run_check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--root", str(root), "check", "--lang", "en", "--year", "2025", *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout


def test_a_bad_marker_is_positioned_and_stops_check(root, cli_env):
    (root / DEMONSTRATION_FILE).write_text("demonstration: false\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--root", str(root), "check", "--lang", "en", "--year", "2025"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert "demonstration.yaml:1:16: invalid-value: `demonstration` must be `true`" in result.stderr
    validated = CliRunner().invoke(app, ["--root", str(root), "validate", "--lang", "en"], catch_exceptions=False)
    assert validated.exit_code == 1 and "demonstration.yaml:1:16: invalid-value" in validated.stdout


def test_in_git_a_demonstration_file_is_dated_by_submitted_never_by_its_commit(tmp_path, cli_env):
    repo = Repo(tmp_path / "data")
    repo.write(DEMONSTRATION_FILE, MARKER)
    # Committed long after the due date, declared on time: a demonstration has no real receipt.
    repo.submit("so-noi-vu", 2025, "2025-12-20T09:00:00+07:00", synthetic("so-noi-vu", "2025-10-20"))
    # ... and one never committed at all counts the same way.
    repo.write("submissions/2025/so-y-te.yaml", synthetic("so-y-te", "2025-11-03"))
    code, out = run_check(repo.path, "--as-of", "2026-01-15", "--format", "json")
    payload = json.loads(out)
    assert (payload["received"], payload["on_time"]) == (2, 1)
    rows = {(p["code"], p["agency"]): p for p in payload["problems"]}
    assert rows[("synthetic", "so-noi-vu")]["received"] == "2025-10-20"
    assert rows[("late", "so-y-te")]["received"] == "2025-11-03"
    assert ("not-committed", "so-y-te") not in rows and ("receipt-mismatch", "so-noi-vu") not in rows
    assert rows[("demonstration", None)]["message"].endswith("the git history is never used for them")
    # The text summary says it on each counted line.
    _code, text = run_check(repo.path, "--as-of", "2026-01-15")
    assert "Sở Nội vụ (so-noi-vu): received on 20/10/2025, on time (the file is demonstration data)" in text


def test_in_git_without_the_marker_synthetic_files_still_never_count(tmp_path, cli_env):
    repo = Repo(tmp_path / "data")
    repo.submit("so-noi-vu", 2025, "2025-10-20T09:00:00+07:00", synthetic("so-noi-vu", "2025-10-20"))
    _code, out = run_check(repo.path, "--as-of", "2025-11-15", "--format", "json")
    payload = json.loads(out)
    assert payload["received"] == 0
    assert ("missing", "so-noi-vu") in {(p["code"], p["agency"]) for p in payload["problems"]}
