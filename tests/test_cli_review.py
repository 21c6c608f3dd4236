"""Findings of a fresh-clone review of the command line (issue #11): the root's --lang, export's --lang, the
exit code when submission files are left out, and the committed schemas/ of the shipped data root."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kh113.validate.jsonschemas import KINDS, ROOT_SCHEMA_FOLDER, file_name, root_schema_text
from kh113.validate.loading import load

from .conftest import REPO
from .test_report import run as invoke

BROKEN = "agency: so-b\nyear: 2025\nfigures:\n  giuong-benh: {value: [1]}\n"
LEFT_OUT_VI = "kh113: đã bỏ qua 1 tệp báo cáo có lỗi (nêu ở trên); chạy `kh113 validate`"
LEFT_OUT_EN = "kh113: 1 submission file(s) with errors were left out (listed above); run `kh113 validate`"


@pytest.fixture
def broken_root(minimal_root: Path, cli_env: None) -> Path:
    (minimal_root / "submissions" / "2025" / "so-b.yaml").write_text(BROKEN, encoding="utf-8")
    return minimal_root


# --------------------------------------------------------------------------------------------------
# --lang: the README's "help follows --lang on the command line"


@pytest.mark.parametrize("args", [["--lang", "en", "-h"], ["-h", "--lang", "en"]])
def test_the_root_help_follows_lang_anywhere(args: list[str], cli_env: None) -> None:
    code, out, err = invoke(*args)
    assert code == 0 and err == ""
    assert out.startswith("Usage: kh113 [OPTIONS] COMMAND") and "Show this message and exit." in out


def test_the_root_help_is_vietnamese_without_lang(cli_env: None) -> None:
    code, out, _ = invoke("-h")
    assert code == 0 and out.startswith("Cách dùng: kh113 [TÙY-CHỌN]") and "--lang" in out


def test_the_root_lang_is_every_command_s_and_a_command_s_own_wins(broken_root: Path) -> None:
    root = str(broken_root)
    code, _, err = invoke("--lang", "en", "--root", root, "status", "--year", "2025")
    assert code == 1 and LEFT_OUT_EN in err.splitlines()
    code, _, err = invoke("--lang", "en", "--root", root, "status", "--year", "2025", "--lang", "vi")
    assert code == 1 and LEFT_OUT_VI in err.splitlines()


def test_export_words_its_messages_in_the_language_asked_for(broken_root: Path) -> None:
    code, out, err = invoke("--root", str(broken_root), "export", "--lang", "en")
    assert code == 1 and LEFT_OUT_EN in err.splitlines()
    assert out.startswith("indicator,year,value,unit,")  # the columns are data: the same in every language
    code, same, err = invoke("--root", str(broken_root), "export")
    assert code == 1 and LEFT_OUT_VI in err.splitlines() and same == out


# --------------------------------------------------------------------------------------------------
# Exit codes: output still produced, exit 1 when submission files were left out (README, "Exit codes")


def test_status_export_and_report_exit_1_when_a_submission_is_left_out(broken_root: Path, tmp_path: Path) -> None:
    root = str(broken_root)
    code, out, err = invoke("--root", root, "status", "--year", "2025", "--format", "json")
    assert code == 1 and json.loads(out)["indicators"] and LEFT_OUT_VI in err.splitlines()
    assert err.startswith("submissions/2025/so-b.yaml:4:24: wrong-type: ")
    code, out, err = invoke("--root", root, "export", "--format", "json")
    assert code == 1 and json.loads(out)["observations"] and LEFT_OUT_VI in err.splitlines()
    report = tmp_path / "bao-cao.md"
    code, _, err = invoke("--root", root, "report", "--year", "2025", "--as-of", "2025-11-15", "--output", str(report))
    assert code == 1 and report.read_text(encoding="utf-8").strip() and LEFT_OUT_VI in err.splitlines()
    # Commands that do not read the submissions leave nothing out.
    for command in (["tasks"], ["indicators"], ["agencies"], ["expected", "--year", "2025"]):
        code, out, err = invoke("--root", root, *command)
        assert code == 0 and out and err == "", command


def test_the_same_commands_exit_0_on_clean_data(minimal_root: Path, tmp_path: Path, cli_env: None) -> None:
    root = str(minimal_root)
    report = tmp_path / "bao-cao.md"
    for command in (
        ["status", "--year", "2025"],
        ["export"],
        ["report", "--year", "2025", "--as-of", "2025-11-15", "--output", str(report)],
        ["tasks"],
    ):
        code, _, err = invoke("--root", root, *command)
        assert code == 0 and "bỏ qua" not in err, command


def test_the_exit_codes_help_says_so(cli_env: None) -> None:
    _, out, _ = invoke("--lang", "en", "-h")
    assert "1 problems found (also when submission files with errors were left out" in " ".join(out.split())
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "still produce their output (an analyst still gets the table), and exit `1`" in readme


# --------------------------------------------------------------------------------------------------
# schemas/: the shipped data root's own schemas are committed and current


def test_the_committed_schemas_are_what_kh113_schema_writes_for_this_root() -> None:
    data = load(REPO)
    folder = REPO / ROOT_SCHEMA_FOLDER
    stale = [
        file_name(kind)
        for kind in KINDS
        if not (folder / file_name(kind)).is_file()
        or (folder / file_name(kind)).read_text(encoding="utf-8") != root_schema_text(kind, data)
    ]
    assert stale == [], "run: kh113 schema --output schemas --force (in the repository) and commit schemas/"
    assert sorted(p.name for p in folder.iterdir()) == sorted(file_name(kind) for kind in KINDS)


def test_new_on_the_shipped_root_links_its_schemas_without_a_warning(tmp_path: Path, cli_env: None) -> None:
    import shutil

    root = tmp_path / "repo"
    for part in ("plan", "indicators", "submissions", ROOT_SCHEMA_FOLDER):
        shutil.copytree(REPO / part, root / part)
    code, _, err = invoke("--root", str(root), "new", "so-y-te", "--year", "2026")
    assert code == 0 and err == ""
    first = (root / "submissions" / "2026" / "so-y-te.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/submission.schema.json"
