"""The repository automation shipped with kh113: GitHub workflow and pre-commit hooks (issue #4, item 6)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from kh113.cli import app

REPO = Path(__file__).parents[1]


def load(relpath: str):
    # BaseLoader: no YAML 1.1 surprises (the workflow key `on` must stay the text "on").
    return yaml.load((REPO / relpath).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def commands_of(text: str) -> list[list[str]]:
    return [shlex.split(line.strip())[1:] for line in text.splitlines() if line.strip().startswith("kh113 ")]


def assert_runs(argv: list[str]) -> None:
    """The kh113 command exists with these options (``--help`` after them parses them)."""
    options = [a for a in argv if a.startswith("--")]
    result = CliRunner().invoke(app, [argv[0], *[o for o in options if o not in ("--year", "--agency")], "--help"])
    assert result.exit_code == 0, (argv, result.output)
    for option in options:
        assert option in result.stdout, (argv, option)


def test_workflow_runs_validate_and_check_with_full_history():
    workflow = load(".github/workflows/kh113.yml")
    triggers = workflow["on"]
    assert {"pull_request", "schedule"} <= set(triggers)
    assert [c["cron"] for c in triggers["schedule"]]
    jobs = workflow["jobs"]
    runs = [step["run"] for job in jobs.values() for step in job["steps"] if "run" in step]
    commands = [c for text in runs for c in commands_of(text)]
    assert ["validate"] in commands
    assert any(c[0] == "check" for c in commands)
    for argv in commands:
        assert_runs(argv)
    # Receipt dates need the history: every job that runs check fetches all of it.
    for job in jobs.values():
        if any("kh113 check" in step.get("run", "") for step in job["steps"]):
            checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
            assert checkout["with"]["fetch-depth"] == "0"


def test_workflow_matches_github_schema():
    # check-jsonschema ships GitHub's workflow schema (offline).
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(REPO / ".github/workflows/kh113.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_hooks():
    hooks = load(".pre-commit-hooks.yaml")
    assert {h["id"] for h in hooks} == {"kh113-validate", "kh113-check"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] == "false"
        argv = shlex.split(hook["entry"])
        assert argv[0] == "kh113"
        assert_runs(argv[1:])
