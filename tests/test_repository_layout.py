"""The repository's own submissions/ folder, as the project's layout promises (issue #18)."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from kh113.cli import app

from .conftest import REPO

README = REPO / "submissions" / "README.md"


def test_submissions_readme_says_where_how_when_and_how_checked_in_vietnamese_then_english() -> None:
    text = README.read_text(encoding="utf-8")
    vietnamese, _, english = text.partition("\n---\n")
    for words in (
        "submissions/<năm>/<mã cơ quan>.yaml",
        "kh113 new",
        "--xlsx",
        "kh113 import",
        "trước ngày 30/10",
        "trước ngày 10/11",
        "kh113 validate",
        "kh113 check",
    ):
        assert words in vietnamese, words
    for words in ("submissions/<year>/<agency>.yaml", "before 30/10", "before 10/11", "kh113 check"):
        assert words in english, words


def test_validate_ignores_the_readme_and_still_reports_other_strays(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for part in ("plan", "indicators", "submissions"):
        shutil.copytree(REPO / part, root / part)
    runner = CliRunner()
    clean = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"])
    assert clean.exit_code == 0 and "submissions/" not in clean.output, clean.output
    (root / "submissions" / "notes.txt").write_text("draft\n", encoding="utf-8")
    stray = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en", "--strict"])
    assert stray.exit_code == 1
    problems = [line for line in stray.stdout.splitlines() if line.startswith("submissions/")]
    assert problems == ["submissions/notes.txt:1:1: stray-file: warning: is not a YAML file; ignored"]
