"""Tooling that works from a fresh clone (issue #11 item 5): the repository's pre-commit hooks install and run
kh113 itself, and the data and `kh113 new` output pass yamllint with the repository's .yamllint."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kh113.cli import app

from .conftest import MINIMAL, REPO

CONFIG = REPO / ".pre-commit-config.yaml"


def _hook(hook_id: str) -> dict:  # type: ignore[type-arg]
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook_id)


def test_the_validate_hook_installs_kh113s_dependencies():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    hook = _hook("kh113-validate")
    assert hook["language"] == "python"
    assert sorted(hook["additional_dependencies"]) == sorted(project["dependencies"])
    assert "sys.path[:0] = ['src']" in hook["entry"] and hook["entry"].endswith(" validate")


def _yamllint(*paths: Path) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec("yamllint") is None:
        pytest.skip("yamllint is not installed (pip install -e '.[test]')")
    return subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-c", str(REPO / ".yamllint"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_shipped_data_passes_yamllint():
    folders = [REPO / name for name in ("plan", "indicators", "submissions", "examples") if (REPO / name).is_dir()]
    done = _yamllint(*folders, REPO / "tests" / "examples" / "valid")
    assert done.returncode == 0, done.stdout + done.stderr


def test_yamllint_passes_on_the_whole_repository():
    # Issue #12 item 4.8: `yamllint .` as a contributor runs it, at the root. The workflow's `on:` key and
    # the fixtures broken on purpose are exempted by .yamllint, nothing else.
    if importlib.util.find_spec("yamllint") is None:
        pytest.skip("yamllint is not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-f", "parsable", "."],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    broken = subprocess.run(
        [sys.executable, "-m", "yamllint", "-d", "{extends: default}", "-f", "parsable", "tests/examples/invalid"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert "syntax error" in broken.stdout  # the exemption is still needed: those fixtures are broken YAML


@pytest.mark.parametrize(
    ("source", "agency"),
    [(MINIMAL, "so-c"), (REPO, "so-y-te")],
    ids=["minimal", "the-plan"],
)
def test_kh113_new_output_passes_yamllint(tmp_path, cli_env, source, agency):
    root = tmp_path / "root"
    for part in ("plan", "indicators"):
        shutil.copytree(source / part, root / part)
    runner = CliRunner()
    assert runner.invoke(app, ["--root", str(root), "schema", "--output", str(root / "schemas")]).exit_code == 0
    made = runner.invoke(app, ["--root", str(root), "new", agency, "--year", "2025"], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    written = root / "submissions" / "2025" / f"{agency}.yaml"
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    done = _yamllint(written)
    assert done.returncode == 0, done.stdout + done.stderr


def _pre_commit(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Nothing of this session on PATH (no kh113, ruff or yamllint): only the system's git.
    git = shutil.which("git")
    assert git is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "KH113_", "PYTHON"))}
    env["PATH"] = os.pathsep.join(dict.fromkeys([str(Path(git).parent), "/usr/bin", "/bin"]))
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_pre_commit_in_a_fresh_clone(tmp_path):
    """The committed state (HEAD) of this repository, cloned, with pre-commit's own hook environments."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if not (REPO / ".git").exists():
        pytest.skip(f"{REPO} is not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, capture_output=True)

    first = _pre_commit(clone, "--all-files")
    if first.returncode != 0 and "An unexpected error has occurred" in first.stdout + first.stderr:
        # pre-commit could not build a hook environment (no package index reachable): not kh113's failure.
        pytest.skip("pre-commit could not install its hook environments here: " + first.stdout[-300:])
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"^kh113 validate\.+Passed$", first.stdout, re.MULTILINE), first.stdout

    broken = clone / "indicators" / "bac-si.yaml"
    text = broken.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("unit: "))
    broken.write_text(re.sub(r"^unit: .*$", "unit: per_1000", text, flags=re.MULTILINE), encoding="utf-8")
    second = _pre_commit(clone, "kh113-validate", "--all-files")
    assert second.returncode == 1, second.stdout + second.stderr
    assert re.search(rf"^indicators/bac-si\.yaml:{line}:7: invalid-choice: ", second.stdout, re.MULTILINE), (
        second.stdout
    )


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests"],
        ["ruff", "format", "--check", "src", "tests"],
        ["mypy", "src"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_lint_format_and_types_are_clean(command: list[str]) -> None:
    """CI runs the linter, the formatter and the type checker through the README's test command (issue #13)."""
    tool = Path(sys.executable).parent / command[0]
    if not tool.exists():
        pytest.skip(f"{command[0]} is not installed here (it is in the test extra: pip install -e '.[test]')")
    proc = subprocess.run([str(tool), *command[1:]], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
