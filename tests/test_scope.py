"""Whose figures count, and what a broken file does to the other commands (review findings 1-4, 9, 15, 21).

Against the real plan (plan/, indicators/ of this repository) with one submission written per test.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.compute.scope import checked
from kh113.validate.loading import load

from .conftest import REPO


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the English wording; tests/test_messages_vi.py checks the Vietnamese."""
    monkeypatch.setenv("KH113_LANG", "en")


runner = CliRunner()


@pytest.fixture
def real_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for part in ("plan", "indicators"):
        shutil.copytree(REPO / part, root / part)
    (root / "submissions" / "2025").mkdir(parents=True)
    return root


def submit(root: Path, agency: str, body: str, year: int = 2025) -> str:
    relpath = f"submissions/{year}/{agency}.yaml"
    (root / relpath).write_text(f"agency: {agency}\nyear: {year}\nsubmitted: {year}-10-20\n{body}", encoding="utf-8")
    return relpath


def kh113(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--root", str(root), *args], env={"NO_COLOR": "1"}, catch_exceptions=False)


def problems(root: Path) -> list[tuple[str, int, int, str, str, str]]:
    data = checked(load(root))  # the reference and the scope checks, as `kh113 validate` runs them
    return [(p.file, p.line, p.column, p.code, p.severity.value, p.message) for p in data.problems.sorted()]


def status_entry(root: Path, ident: str, *args: str) -> dict:  # type: ignore[type-arg]
    result = kh113(root, "status", "--year", "2025", "--indicator", ident, "-f", "json", "--lang", "en", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["indicators"][0]


# --------------------------------------------------------------------------------------------------
# Findings 1, 9, 15: numbers and milestones written as text, through `kh113 validate`


@pytest.mark.parametrize(
    ("figure", "column", "code", "words"),
    [
        ("giai-quyet-viec-lam: {value: 1.234.567, source: x}", 32, "ambiguous-number", "write 1234567"),
        ('giai-quyet-viec-lam: {value: "1.234.567", source: x}', 32, "ambiguous-number", "write 1234567"),
        ("giai-quyet-viec-lam:\n    value: 40,000", 12, "ambiguous-number", "write 40000"),
        ("huong-luong-huu:\n    value: 99,5", 12, "decimal-comma", "write 99.5"),
        ('pho-cap-mam-non: {value: "đạt"}', 28, "wrong-type", "write true (achieved) or false (not yet)"),
    ],
    ids=["thousands-dots", "thousands-dots-quoted", "count-comma", "percent-comma", "milestone-text"],
)
def test_numbers_as_text_are_answered_never_crash(
    real_root: Path, figure: str, column: int, code: str, words: str
) -> None:
    agency = "so-gddt" if figure.startswith("pho-cap") else "so-noi-vu"
    relpath = submit(real_root, agency, f"figures:\n  {figure}\n")
    result = kh113(real_root, "validate")
    assert result.exit_code == 1, result.output
    first = result.stdout.splitlines()[0]
    line = 6 if "\n" in figure else 5
    assert first.startswith(f"{relpath}:{line}:{column}: {code}: "), first
    assert words in first and "40.000" not in first and "must be a number" not in first, first


# --------------------------------------------------------------------------------------------------
# Finding 4: every problem of a file in one run


def test_one_file_reports_every_problem(real_root: Path) -> None:
    relpath = submit(
        real_root,
        "so-noi-vu",
        "figures:\n"
        "  giai-quyet-viec-lam: {value: 40.000}\n"
        "  huong-luong-huu: {value: 130}\n"
        "  nguoi-co-cong-muc-song: {value: -5}\n"
        "  bhxh-tham-gia: {value: .nan}\n",
    )
    found = [(f, line, code) for f, line, _c, code, *_ in problems(real_root) if f == relpath]
    assert found == [
        (relpath, 5, "ambiguous-number"),
        (relpath, 6, "out-of-range"),
        (relpath, 7, "out-of-range"),
        (relpath, 8, "not-finite"),
    ]


def test_a_schema_error_does_not_hide_unknown_ids(real_root: Path) -> None:
    relpath = submit(
        real_root,
        "so-noi-vu",
        "extra_field: 1\nfigures:\n  giai-quyet-viec-lamm: {value: 4}\n  huong-luong-huu: {value: [1]}\n"
        "tasks:\n  '9.99': {status: in_progress}\n",
    )
    found = [(line, code) for f, line, _c, code, *_ in problems(real_root) if f == relpath]
    assert found == [(4, "unknown-key"), (6, "unknown-indicator"), (7, "wrong-type"), (9, "unknown-task")]


def test_a_value_read_with_a_problem_is_reported_once(real_root: Path) -> None:
    relpath = submit(real_root, "so-noi-vu", "figures:\n  bhxh-tham-gia: {value: .nan}\n")
    assert [(line, code) for f, line, _c, code, *_ in problems(real_root) if f == relpath] == [(5, "not-finite")]


# --------------------------------------------------------------------------------------------------
# Finding 2: a figure from an agency not responsible for it that year


def test_out_of_scope_figure_is_flagged_and_not_used(real_root: Path) -> None:
    relpath = submit(real_root, "so-gddt", "figures:\n  giuong-benh: {value: 99, source: x}\n")
    result = kh113(real_root, "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"{relpath}:5:3: out-of-scope: warning: `so-gddt` does not answer for `giuong-benh` in 2025 "
        "(so-y-te (Sở Y tế) does); this figure is not used (status, report, export): leave it out"
    )
    entry = status_entry(real_root, "giuong-benh")
    assert entry["latest"]["value"] != 99 and entry["status"] != "achieved"
    assert any(relpath in note and "so-gddt does not answer" in note and "so-y-te" in note for note in entry["notes"])
    exported = kh113(real_root, "export", "-f", "csv").stdout
    assert not [row for row in csv.DictReader(io.StringIO(exported)) if row.get("agency") == "so-gddt"]
    report = kh113(real_root, "report", "--year", "2025", "--as-of", "2025-11-15", "--lang", "en").stdout
    assert "| 99 " not in report


def test_the_responsible_agency_is_not_flagged(real_root: Path) -> None:
    submit(real_root, "so-y-te", "figures:\n  giuong-benh: {value: 99, source: x}\n")
    assert [p for p in problems(real_root) if p[3] == "out-of-scope"] == []
    assert status_entry(real_root, "giuong-benh")["latest"]["value"] == 99


def test_check_says_out_of_scope_once(real_root: Path) -> None:
    relpath = submit(real_root, "so-gddt", "figures:\n  giuong-benh: {value: 99, source: x}\n")
    result = kh113(real_root, "check", "--year", "2025", "--as-of", "2025-11-15", "--format", "json")
    at = [p for p in json.loads(result.stdout)["problems"] if p["file"] == relpath and p["line"] == 5]
    assert [p["code"] for p in at] == ["out-of-scope"]


# --------------------------------------------------------------------------------------------------
# Finding 3: a report from the dissolved Sở LĐ-TB&XH


def test_dissolved_agency_report_is_an_error_naming_the_successors(real_root: Path) -> None:
    relpath = submit(real_root, "so-ldtbxh", "figures:\n  giai-quyet-viec-lam: {value: 12345, source: x}\n")
    result = kh113(real_root, "validate")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{relpath}:1:9: dissolved-agency: `so-ldtbxh` was dissolved on 01/03/2025"), first
    assert "30/10/2025" in first and "use so-noi-vu / " in first and "so-y-te" in first
    status = kh113(real_root, "status", "--year", "2025", "--indicator", "giai-quyet-viec-lam", "-f", "json")
    assert status.exit_code == 1  # the status is printed without the file, which was left out (issue #11)
    assert json.loads(status.stdout)["indicators"][0]["latest"]["value"] != 12345
    assert f"{relpath}:1:9: dissolved-agency:" in status.stderr


def test_a_2024_report_of_so_ldtbxh_is_its_own(real_root: Path) -> None:
    (real_root / "submissions" / "2024").mkdir()
    submit(real_root, "so-ldtbxh", "figures:\n  giai-quyet-viec-lam: {value: 12345, source: x}\n", year=2024)
    assert [p for p in problems(real_root) if p[3] in ("dissolved-agency", "out-of-scope")] == []


# --------------------------------------------------------------------------------------------------
# Finding 21: broken submissions are left out of status, report and export, named on stderr (exit 1)


@pytest.mark.parametrize(
    "command",
    [
        ("status", "--year", "2025", "-f", "json"),
        ("export", "-f", "json"),
        ("report", "--year", "2025", "--as-of", "2025-11-15"),
    ],
    ids=["status", "export", "report"],
)
def test_broken_submission_is_left_out_and_named(real_root: Path, command: tuple[str, ...]) -> None:
    broken = submit(real_root, "so-noi-vu", "figures:\n  giai-quyet-viec-lam: {value: 1.234.567}\n")
    submit(real_root, "so-y-te", "figures:\n  giuong-benh: {value: 31.5, source: x}\n")
    result = kh113(real_root, *command)
    # The output is still produced; the exit code says a file was left out, so that CI notices (issue #11).
    assert result.exit_code == 1, result.output
    assert result.stdout.strip()
    lines = result.stderr.splitlines()
    assert f"{broken}:5:32: ambiguous-number: `1.234.567`: write 1234567 (no dots for thousands, no quotes)" in lines
    assert "kh113: 1 submission file(s) with errors were left out (listed above); run `kh113 validate`" in lines
    assert "31.5" in result.stdout or "31,5" in result.stdout  # the sound file is used
    assert "1234567" not in result.stdout


def test_plan_errors_still_stop_status(real_root: Path) -> None:
    (real_root / "indicators" / "giuong-benh.yaml").write_text("id: giuong-benh\n", encoding="utf-8")
    result = kh113(real_root, "status", "--year", "2025")
    assert result.exit_code == 1 and "indicators/giuong-benh.yaml:1:1: missing-key" in result.stderr


def test_check_still_fails_on_a_broken_submission(real_root: Path) -> None:
    submit(real_root, "so-noi-vu", "figures:\n  giai-quyet-viec-lam: {value: 1.234.567}\n")
    result = kh113(real_root, "check", "--year", "2025", "--as-of", "2025-11-15", "--agency", "so-noi-vu")
    assert result.exit_code == 1 and "ambiguous-number" in result.stdout
