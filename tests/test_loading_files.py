"""The file system is input too (issue #6): links, odd entries and stray files in a data root."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from kh113.read import source as documents
from kh113.validate import loading

from .hostile_support import (
    SUBMISSION,
    assert_guarantee,
    assert_rejected,
    codes_for,
    every_invocation,
    invoke,
    make_root,
    validate,
)

CANARY = "CANARY-7f3a"  # in the content and the names of everything outside the root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the root holding files that must never be read or listed."""
    folder = tmp_path / f"outside-{CANARY}"
    folder.mkdir()
    text = f"{CANARY}: {CANARY}\nagency: so-b\nyear: 2025\nnote: {CANARY}\n"
    for name in ("so-b.yaml", "giuong-benh.yaml", "plan.yaml", "tasks.yaml", f"{CANARY}.yaml", f"{CANARY}.txt"):
        (folder / name).write_text(text)
    return folder


def _every_output(root: Path) -> str:
    """What every command prints in every format it offers, on this root."""
    outputs = []
    runs = every_invocation()
    assert {"validate", "tasks", "indicators", "agencies"} <= {run[0] for run in runs}
    for args in runs:
        result = invoke(root, *args)
        assert_guarantee(result)
        outputs.append(result.output)
    return "\n".join(outputs)


@pytest.mark.parametrize(
    ("link", "target"),
    [
        (SUBMISSION, "so-b.yaml"),
        ("indicators/giuong-benh.yaml", "giuong-benh.yaml"),
        ("plan/plan.yaml", "plan.yaml"),
        ("plan/tasks.yaml", "tasks.yaml"),
        ("submissions/2025", "."),
        ("submissions/2026", "."),
        ("indicators", "."),
        ("plan", "."),
    ],
)
def test_links_out_of_the_root_never_show_their_content(
    root: Path, outside: Path, link: str, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = root / link
    if path.is_dir():
        import shutil

        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.symlink_to(outside / target)
    monkeypatch.chdir(outside.parent)  # a command that writes must not write into the repository
    text = _every_output(root)
    assert CANARY not in text
    assert f"{link}:1:1: outside-root:" in text


def test_link_inside_the_root_is_never_a_report(root: Path) -> None:
    (root / "submissions/2025/so-c.yaml").symlink_to("so-b.yaml")
    result = validate(root)
    # Issue #10 (attack review hole 2): a link would lend another file's content and history; not read.
    assert codes_for(result, "submissions/2025/so-c.yaml") == ["not-a-report"]


def test_unreadable_file_is_one_problem_and_others_still_checked(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = documents._open

    def refuse_submission(path: Path, flags: int) -> int:
        if str(path).endswith("so-b.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags)

    monkeypatch.setattr(documents, "_open", refuse_submission)
    (root / "indicators/giuong-benh.yaml").write_text("id: giuong-benh\n")
    result = validate(root)
    assert assert_rejected(result, SUBMISSION) == ["file-unreadable"]
    assert "missing-key" in codes_for(result, "indicators/giuong-benh.yaml")


def test_folder_that_cannot_be_listed(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def refuse(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("2025"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(loading.os, "scandir", refuse)
    assert assert_rejected(validate(root), "submissions/2025") == ["file-unreadable"]


def test_directory_where_a_file_is_expected(root: Path) -> None:
    (root / "submissions/2025/so-c.yaml").mkdir()
    (root / "plan/plan.yaml").unlink()
    (root / "plan/plan.yaml").mkdir()
    result = validate(root)
    assert assert_rejected(result, "submissions/2025/so-c.yaml") == ["not-a-file"]
    assert codes_for(result, "plan/plan.yaml") == ["not-a-file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipe_does_not_hang(root: Path) -> None:
    os.mkfifo(root / "submissions/2025/so-c.yaml")
    assert assert_rejected(validate(root), "submissions/2025/so-c.yaml") == ["not-a-file"]


@pytest.mark.parametrize("folder", ["indicators", "submissions"])
def test_file_where_a_folder_is_expected(root: Path, folder: str) -> None:
    import shutil

    shutil.rmtree(root / folder)
    (root / folder).write_text("not a folder\n")
    assert assert_rejected(validate(root), folder) == ["not-a-folder"]


def test_stray_files_are_warnings_and_misnamed_yaml_is_an_error(root: Path) -> None:
    year = root / "submissions/2025"
    (year / "so-c.YAML").write_text("agency: so-c\nyear: 2025\n")
    (year / "so-a.yaml.txt").write_text("agency: so-a\nyear: 2025\n")
    (year / "bao-cao.docx").write_bytes(b"PK\x03\x04")
    (year / "README.md").write_text("notes\n")
    (root / "plan/plan.yml.bak").write_text("x\n")
    (root / "indicators/notes.txt").write_text("x\n")
    result = validate(root)
    assert_rejected(result, "submissions/2025/so-c.YAML")
    lines = result.stdout
    assert "submissions/2025/so-c.YAML:1:1: misnamed: is not read as YAML under this name; rename it so-c.yaml" in lines
    assert "submissions/2025/so-a.yaml.txt:1:1: misnamed:" in lines and "rename it so-a.yaml" in lines
    assert codes_for(result, "submissions/2025/bao-cao.docx") == ["stray-file"]
    assert codes_for(result, "plan/plan.yml.bak") == ["stray-file"]
    assert codes_for(result, "indicators/notes.txt") == ["stray-file"]
    assert "README.md" not in lines


def test_same_agency_twice_in_one_folder(root: Path) -> None:
    (root / "submissions/2025/so-b.yml").write_text((root / SUBMISSION).read_text())
    assert assert_rejected(validate(root), "submissions/2025/so-b.yml") == ["duplicate-file"]


@pytest.mark.parametrize(
    "name", ["so-c\n.yaml", "so-c\x1b[2J.yaml", "so-\u202ec.yaml"], ids=["newline", "escape", "bidi"]
)
def test_unprintable_file_names(root: Path, name: str) -> None:
    (root / "submissions/2025" / name).write_text("agency: so-c\nyear: 2025\n")
    result = validate(root)
    assert_guarantee(result)
    assert result.exit_code == 1
    bad = [line for line in result.stdout.splitlines() if "bad-file-name" in line]
    assert len(bad) == 1 and bad[0].startswith("submissions/2025/so-")


def test_undecodable_file_name(root: Path) -> None:
    name = os.fsdecode(b"so-\xff.yaml")  # not UTF-8: Python keeps the byte as a surrogate
    (root / "submissions/2025" / name).write_text("agency: so-c\nyear: 2025\n")
    result = validate(root, "--format", "json")
    assert_guarantee(result)
    assert result.exit_code == 1 and "so-\\\\xff.yaml" in result.stdout


def test_nfd_file_name_matches_nfc_content(root: Path) -> None:
    # Agency ids are ASCII, but a name typed on macOS arrives decomposed: the comparison is made on NFC.
    name = unicodedata.normalize("NFD", "sở-b.yaml")
    (root / "submissions/2025" / name).write_text("agency: so-b\nyear: 2025\n")
    result = validate(root)
    messages = [line for line in result.stdout.splitlines() if "misplaced" in line]
    assert messages and "`sở-b`" in messages[0]  # quoted in NFC, as the user typed it


def test_folder_under_submissions_that_is_not_a_year(root: Path) -> None:
    (root / "submissions/nam-2025").mkdir()
    (root / "submissions/so-b.yaml").write_text("agency: so-b\nyear: 2025\n")
    result = validate(root)
    assert assert_rejected(result, "submissions/nam-2025") == ["misplaced"]
    assert codes_for(result, "submissions/so-b.yaml") == ["misplaced"]
