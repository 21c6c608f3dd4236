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
    result = CliRunner().invoke(
        app, [argv[0], *[o for o in options if o not in ("--year", "--agency", "--base")], "--help"]
    )
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
            # The checkout of the data (not the one of the base branch's kh113, issue #10 review hole 4).
            checkout = next(
                s
                for s in job["steps"]
                if s.get("uses", "").startswith("actions/checkout") and "ref" not in s.get("with", {})
            )
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


def test_actions_are_pinned_and_leave_no_credentials():
    # Issue #10 item 7: a tag can be moved, a commit hash cannot; the checkout token must not stay in
    # .git/config, where a template or script of a pull request could read it.
    workflow = load(".github/workflows/kh113.yml")
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), step["uses"]
                if action == "actions/checkout":
                    assert step["with"]["persist-credentials"] == "false"


def test_pull_request_selection_as_the_workflow_runs_it(tmp_path, cli_env):
    # The check job's script, run by bash on a real repository: a nested folder and a deletion. kh113 is a
    # stand-in that runs the real `changes` and records each `check` it is asked for.
    import os
    import shutil

    import pytest

    from .gitrepo import Repo, complete, git

    if shutil.which("git") is None or shutil.which("bash") is None:
        pytest.skip("git and bash are needed to run the workflow's script")
    repo = Repo(tmp_path / "data")
    repo.submit("so-y-te", 2025, "2025-10-20T10:00:00+07:00", complete("so-y-te"))
    base = git(repo.path, "rev-parse", "HEAD").strip()
    (repo.path / "submissions/2025/so-y-te.yaml").unlink()
    repo.write("submissions/2026/extra/so-nnmt.yaml", "agency: so-nnmt\nyear: 2026\n")
    repo.commit("a deletion and a nested folder", "2025-10-21T10:00:00+07:00")
    step = next(
        s for s in load(".github/workflows/kh113.yml")["jobs"]["check"]["steps"] if "kh113 changes" in s.get("run", "")
    )
    stub = tmp_path / "bin"
    stub.mkdir()
    calls = tmp_path / "calls.txt"
    (stub / "kh113").write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = changes ]; then exec {shlex.quote(sys.executable)} -m kh113 "$@"; fi\n'
        f'echo "$@" >> {shlex.quote(str(calls))}\n',
        encoding="utf-8",
    )
    (stub / "kh113").chmod(0o755)
    env = {**os.environ, "PATH": f"{stub}{os.pathsep}{os.environ['PATH']}", "BASE": base, "KH113_LANG": "en"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo.path, env=env, capture_output=True, text=True)
    assert done.returncode == 1  # the nested file is refused
    assert "submissions/2026/extra/so-nnmt.yaml:1:1: not-a-report:" in done.stderr
    assert calls.read_text(encoding="utf-8").split("\n")[0] == "check --year 2025 --agency so-y-te --pull-request"


def test_pull_request_scope_one_agency_and_nothing_that_judges(tmp_path, cli_env):
    import shutil

    import pytest

    from .gitrepo import Repo, complete, git

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = Repo(tmp_path / "data")
    base = git(repo.path, "rev-parse", "HEAD").strip()
    repo.write("submissions/2025/so-noi-vu.yaml", complete("so-noi-vu"))
    repo.write("submissions/2025/so-y-te.yaml", complete("so-y-te"))
    plan = repo.path / "plan" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    repo.commit("two agencies and the plan", "2025-10-21T10:00:00+07:00")
    result = CliRunner().invoke(app, ["--root", str(repo.path), "changes", "--base", base, "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == "2025 so-noi-vu\n2025 so-y-te\n"
    said = "plan/plan.yaml:1:1: pr-scope: a pull request with reports must not change plan/plan.yaml: only"
    assert said in result.stderr
    assert (
        "submissions/2025/so-y-te.yaml:1:1: pr-scope: this pull request changes the reports of so-noi-vu, so-y-te"
        in (result.stderr)
    )
