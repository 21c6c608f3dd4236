"""The CLI through Typer's runner: help for every command, data-root discovery, exit codes, JSON contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kh113.cli import app

from .conftest import MINIMAL, REPO


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help(runner: CliRunner) -> None:
    for name in command_names():
        code, out, _ = run(runner, name, "--help")
        assert code == 0, name
        assert "Cách dùng:" in out and len(out.split("\n")) > 4, name  # Vietnamese by default
        command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help text"
        for param in command.params:
            if param.name not in ("help",) and not getattr(param, "hidden", False):
                assert getattr(param, "help", None), f"{name} {param.name} has no help"


def test_top_level_help_documents_exit_codes(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--help")
    assert code == 0
    assert "Mã thoát" in out and "3 lỗi" in out


def test_root_from_option_env_and_parent_search(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert run(runner, "--root", str(MINIMAL), "validate")[0] == 0
    assert run(runner, "validate", env={"KH113_ROOT": str(MINIMAL)})[0] == 0
    monkeypatch.chdir(MINIMAL / "submissions" / "2025")
    monkeypatch.delenv("KH113_ROOT", raising=False)
    code, _, err = run(runner, "validate")
    assert code == 0, err


@pytest.mark.usefixtures("english")
def test_missing_root_is_a_usage_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    stray = [p for p in (tmp_path, *tmp_path.parents) if (p / "plan").is_dir()]
    if stray:  # the search would rightly find it: the machine, not kh113, decides this case
        pytest.skip(f"{stray[0]} has a plan/ folder, so a data root is found above the test's folder")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KH113_ROOT", raising=False)
    code, _, err = run(runner, "validate")
    assert code == 2
    assert "no kh113 data root found" in err and "--root" in err
    code, _, err = run(runner, "--root", str(tmp_path), "indicators")
    assert code == 2 and "not a kh113 data root" in err


def test_broken_file_gives_positioned_error_and_exit_1(runner: CliRunner, minimal_root: Path) -> None:
    (minimal_root / "submissions" / "2025" / "so-b.yaml").write_text("agency: so-b\nyear: [2025\n", encoding="utf-8")
    code, out, err = run(runner, "--root", str(minimal_root), "validate")
    assert code == 1
    assert out.splitlines()[0].startswith("submissions/2025/so-b.yaml:2:7: yaml-syntax: ")
    assert "Traceback" not in err + out


def test_commands_that_need_the_plan_refuse_broken_data(runner: CliRunner, minimal_root: Path) -> None:
    (minimal_root / "plan" / "tasks.yaml").write_text("tasks: [1, 2]\n", encoding="utf-8")
    code, out, err = run(runner, "--root", str(minimal_root), "tasks")
    assert code == 1
    assert "plan/tasks.yaml:1:9: wrong-type:" in err
    assert "kh113 validate" in err


def test_validate_json_contract(runner: CliRunner, minimal_root: Path) -> None:
    (minimal_root / "indicators" / "giuong-benh.yaml").write_text(
        (MINIMAL / "indicators" / "giuong-benh.yaml")
        .read_text(encoding="utf-8")
        .replace("responsible:", "reponsible:"),
        encoding="utf-8",
    )
    code, out, _ = run(runner, "--root", str(minimal_root), "validate", "--format", "json")
    assert code == 1
    payload = json.loads(out)
    assert payload["valid"] is False
    assert {tuple(sorted(p)) for p in payload["problems"]} == {
        ("code", "column", "file", "line", "message", "severity")
    }
    assert ("indicators/giuong-benh.yaml", 7, 1, "unknown-key") in {
        (p["file"], p["line"], p["column"], p["code"]) for p in payload["problems"]
    }


def test_validate_github_format(runner: CliRunner, minimal_root: Path) -> None:
    (minimal_root / "plan" / "extra.txt").write_text("x", encoding="utf-8")
    code, out, _ = run(runner, "--root", str(minimal_root), "validate", "--format", "github")
    assert code == 0  # a stray file is a warning
    assert out.startswith("::warning file=plan/extra.txt,line=1,col=1,title=kh113 stray-file::")
    code, out, _ = run(runner, "--root", str(minimal_root), "validate", "--strict", "--format", "github")
    assert code == 1


def test_github_format_is_chosen_under_github_actions(runner: CliRunner, minimal_root: Path) -> None:
    (minimal_root / "plan" / "extra.txt").write_text("x", encoding="utf-8")
    code, out, _ = run(runner, "--root", str(minimal_root), "validate", env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("::warning ")


def test_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(MINIMAL), "tasks", "--format", "xml"])
    assert result.exit_code == 2


@pytest.mark.usefixtures("english")
def test_unknown_agency_filter_suggests(runner: CliRunner) -> None:
    code, _, err = run(runner, "--root", str(MINIMAL), "tasks", "--agency", "so-bb")
    assert code == 2 and "did you mean `so-b`" in err


@pytest.mark.usefixtures("english")
def test_bad_date_is_a_usage_error(runner: CliRunner) -> None:
    code, _, err = run(runner, "--root", str(MINIMAL), "agencies", "--on", "31/02/2025")
    assert code == 2 and "not a date" in err


@pytest.mark.usefixtures("english")
def test_internal_errors_are_short_and_exit_3(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import kh113.validate.crossref

    def boom(_data: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(kh113.validate.crossref, "check", boom)
    monkeypatch.delenv("KH113_DEBUG", raising=False)
    code, out, err = run(runner, "--root", str(MINIMAL), "validate")
    assert code == 3
    assert "internal error (RuntimeError: boom)" in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------------
# The shipped data and the JSON contracts of issue #2


def test_shipped_data_validates_clean(runner: CliRunner) -> None:
    code, out, err = run(runner, "--root", str(REPO), "validate", "--strict")
    assert code == 0, err


def test_indicators_contract(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--root", str(REPO), "indicators", "--format", "json")
    assert code == 0
    items = json.loads(out)["indicators"]
    for item in items:
        assert {"id", "name", "name_en", "unit", "kind", "target"} <= set(item)
        assert set(item["target"]) == {"value", "comparator", "year"}
        assert item["target"]["comparator"] in {">=", ">", "<=", "<", "=="}
        if item["kind"] == "milestone":
            assert item["target"]["value"] is True
    by_id = {i["id"]: i for i in items}
    # Spot checks against section II.2.1 of the plan.
    assert by_id["giuong-benh"]["target"] == {"value": 35, "comparator": ">=", "year": 2030}
    assert by_id["that-nghiep-chung"]["target"] == {"value": 3, "comparator": "<", "year": 2030}
    assert by_id["di-hoc-tieu-hoc"]["target"]["value"] == 99.5
    assert by_id["bac-si-duoc-si"]["sum_of"] == ["bac-si", "duoc-si"]


def test_tasks_contract_lists_29_rows_with_plan_names(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--root", str(REPO), "tasks", "--format", "json", "--on", "2026-01-01")
    assert code == 0
    tasks = json.loads(out)["tasks"]
    assert [t["id"] for t in tasks] == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "4.5",
        "5.1",
        "5.2",
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
        "6.6",
        "6.7",
        "6.8",
        "6.9",
        "6.10",
        "7.1",
        "8.1",
        "8.2",
        "9.1",
    ]
    for task in tasks:
        assert {"id", "group", "content", "lead", "partners", "product", "schedule"} <= set(task)
        assert all(set(ref) == {"id", "name"} for ref in task["lead"] + task["partners"])
    by_id = {t["id"]: t for t in tasks}
    assert by_id["3.2"]["lead"] == [{"id": "so-ldtbxh", "name": "Sở Lao động - Thương binh và Xã hội"}]
    assert by_id["6.4"]["lead"] == [{"id": "so-y-te", "name": "Sở Y tế"}]
    assert by_id["4.1"]["schedule"]["kind"] == "yearly_quarter" and by_id["4.1"]["schedule"]["quarter"] == 1
    # Who holds it today is extra information beside the plan's own lead.
    assert by_id["3.2"]["responsible_on"]["agencies"] == [{"id": "so-noi-vu", "name": "Sở Nội vụ"}]
    assert by_id["4.5"]["responsible_on"]["agencies"][0]["id"] == "so-gddt"


def test_agencies_contract_and_date(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--root", str(REPO), "agencies", "--format", "json", "--on", "2024-06-01")
    ids = {a["id"] for a in json.loads(out)["agencies"]}
    assert "so-ldtbxh" in ids and "so-nnmt" not in ids
    code, out, _ = run(runner, "--root", str(REPO), "agencies", "--format", "json", "--on", "2025-08-01")
    agencies = json.loads(out)["agencies"]
    assert all({"id", "name"} <= set(a) for a in agencies)
    ids = {a["id"] for a in agencies}
    assert "so-ldtbxh" not in ids and "so-nnmt" in ids and "ubnd-cai-nuoc" not in ids


def test_tasks_filters(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--root", str(REPO), "tasks", "--format", "json", "--group", "6")
    assert [t["id"] for t in json.loads(out)["tasks"]][0] == "6.1"
    code, out, _ = run(
        runner, "--root", str(REPO), "tasks", "--format", "json", "--agency", "so-y-te", "--on", "2026-01-01"
    )
    ids = [t["id"] for t in json.loads(out)["tasks"]]
    # Sở Y tế leads 6.4-6.7 in the plan and took social protection and children from Sở LĐ-TB&XH (5.1, 5.2).
    assert {"6.4", "6.5", "6.6", "6.7", "5.1", "5.2"} <= set(ids)


def test_table_output_is_plain_without_a_terminal(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--root", str(REPO), "indicators")
    assert code == 0
    assert "\x1b[" not in out
    assert "giuong-benh" in out


def test_every_model_field_has_a_description() -> None:
    """The descriptions become the JSON Schemas editors show to agency staff (issue #2, item 3)."""
    import inspect

    from pydantic import BaseModel

    from kh113 import models

    missing = [
        f"{name}.{field}"
        for name, cls in inspect.getmembers(models, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == models.__name__
        for field, info in cls.model_fields.items()
        if not info.description
    ]
    assert missing == []


def test_empty_submissions_tree_loads(runner: CliRunner, minimal_root: Path) -> None:
    import shutil

    shutil.rmtree(minimal_root / "submissions")
    assert run(runner, "--root", str(minimal_root), "validate")[0] == 0
    (minimal_root / "submissions").mkdir()
    assert run(runner, "--root", str(minimal_root), "validate")[0] == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["tasks", "-f", "csv"], "invalid value for --format / -f: `csv` is not a choice; use one of 'table', 'json'"),
        (["status", "--group", "10"], "invalid value for --group: must be at most 9"),
    ],
)
@pytest.mark.usefixtures("english")
def test_usage_errors_are_worded_without_library_phrases(args: list[str], expected: str) -> None:
    """Through the real entry point (python -m kh113), as users run it."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "kh113", "--root", str(REPO), *args], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Value error" not in proc.stderr and "Input should" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("width", [60, 80, 120])
def test_agencies_all_fits_the_terminal(runner: CliRunner, width: int) -> None:
    """Every table line within the width, right border kept, at 80 columns and narrower (issue #11 item 5)."""
    result = runner.invoke(
        app, ["--root", str(REPO), "agencies", "--all", "--on", "2026-01-01"], env={"COLUMNS": str(width)}
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    table = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert len(table) > 40
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    assert all(line.rstrip()[-1] in "┓┃┩│┘" for line in table), [ln for ln in table if ln.rstrip()[-1] not in "┓┃┩│┘"]
    assert "cac-so-ban-nganh-" in result.stdout
