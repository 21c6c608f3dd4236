"""kh113 check starts the same number of git processes for one report as for many (issue #17 item 3).

A ``git`` wrapper first on the PATH logs every call kh113 makes, then runs the real git. The receipts are
real (each report came in three revisions on a branch merged into main), so the count is of a run that
read history and earlier revisions, not of one that gave up early.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.compute import commands

from .gitrepo import COMPLETE_2025, Repo, git, report

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def three_revisions(repo: Repo, agency: str, year: int, month: int) -> None:
    """A draft with nothing answered, the complete report, then one figure corrected: each on its own
    branch merged into main by a merge commit (the first-parent history sees only the merges)."""
    full = COMPLETE_2025[agency]
    corrected = dict(full, figures={k: v + 1 for k, v in full.get("figures", {}).items()})
    path = f"submissions/{year}/{agency}.yaml"
    for step, text in enumerate(
        (report(agency, year), report(agency, year, **full), report(agency, year, **corrected))
    ):
        when = f"{year}-{month:02d}-{10 + step:02d}T09:00:00+07:00"
        branch = f"{agency}-{year}-{step}"
        git(repo.path, "checkout", "-q", "-b", branch, "main")
        repo.write(path, text)
        repo.commit(f"{agency} {year}, revision {step + 1}", when)
        git(repo.path, "checkout", "-q", "main")
        git(repo.path, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch, when=when.replace("T09", "T15"))


def git_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: Path) -> tuple[list[str], dict]:
    """The git calls of one ``kh113 check`` on ``root``, and its JSON result."""
    real = shutil.which("git")
    assert real is not None
    bin_dir, log = tmp_path / "bin", tmp_path / "git-calls.log"
    bin_dir.mkdir(exist_ok=True)
    log.write_text("", encoding="utf-8")
    wrapper = bin_dir / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    with monkeypatch.context() as patch:
        patch.setenv("PATH", f"{bin_dir}:{Path(real).parent}")
        args = ["--root", str(root), "check", "--format", "json", "--year", "2025", "--as-of", "2025-12-20"]
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return log.read_text(encoding="utf-8").splitlines(), json.loads(result.stdout)


def test_the_same_git_calls_for_one_report_and_for_many(tmp_path, monkeypatch):
    one = Repo(tmp_path / "one")
    three_revisions(one, "so-noi-vu", 2025, 10)
    many = Repo(tmp_path / "many")
    for year in (2024, 2025):
        for agency in COMPLETE_2025:
            three_revisions(many, agency, year, 10 if year == 2025 else 9)

    calls_one, result_one = git_calls(tmp_path, monkeypatch, one.path)
    calls_many, result_many = git_calls(tmp_path, monkeypatch, many.path)

    # The receipts came from git: the complete revision (the second) of each 2025 report, on 2025-10-11.
    assert (result_one["received"], result_many["received"]) == (1, 3)
    received = {p["agency"]: p["received"] for p in result_many["problems"] if p["code"] == "revised-after-due"}
    assert received == {} or set(received.values()) == {"2025-10-11"}
    assert len(calls_one) == len(calls_many), (calls_one, calls_many)
    # One history, one batch of earlier revisions, and the probe of the work tree: three in all.
    assert sum(" log HEAD " in call for call in calls_many) == 1, calls_many
    assert sum(" cat-file --batch" in call for call in calls_many) == 1, calls_many
    assert len(calls_many) == 3, calls_many


def test_a_revision_that_leaves_out_an_owed_id_is_not_validated(tmp_path, monkeypatch):
    """Issue #17 item 3: only revisions that could change the verdict are validated. A draft that does not
    name an indicator or task it owes cannot be complete, so it is not parsed at all; the receipts are those of
    the complete revisions, as before."""
    import kh113.compute.compliance as compliance

    repo = Repo(tmp_path / "repo")
    for agency in COMPLETE_2025:
        three_revisions(repo, agency, 2025, 10)
    validated: list[str] = []
    real = compliance.submission_from_text

    def counted(data, path, raw):
        validated.append(path)
        return real(data, path, raw)

    monkeypatch.setattr(compliance, "submission_from_text", counted)
    _, result = git_calls(tmp_path, monkeypatch, repo.path)
    assert result["received"] == len(COMPLETE_2025)
    # One revision validated per report: the complete one (the second); the drafts owe ids they never name.
    assert sorted(validated) == sorted(f"submissions/2025/{agency}.yaml" for agency in COMPLETE_2025)


def test_an_id_spelt_with_an_escape_is_still_read(tmp_path, monkeypatch):
    """The shortcut is proof only where YAML spells a key as written: `"giai\\x2dquyet..."` in double quotes is
    the id too, so a text with a backslash is validated, and its receipt is the day it was complete."""
    repo = Repo(tmp_path / "repo")
    full = COMPLETE_2025["so-noi-vu"]
    escaped = report("so-noi-vu", 2025, **full).replace("  giai-quyet-viec-lam:", '  "giai\\x2dquyet-viec-lam":')
    assert "giai-quyet-viec-lam" not in escaped
    repo.write("submissions/2025/so-noi-vu.yaml", escaped)
    repo.commit("so-noi-vu 2025, written with an escape", "2025-10-10T09:00:00+07:00")
    repo.write("submissions/2025/so-noi-vu.yaml", report("so-noi-vu", 2025, **full))
    repo.commit("so-noi-vu 2025, the same report written plainly", "2025-10-20T09:00:00+07:00")
    found = commands.check(
        repo.path,
        year=2025,
        as_of=dt.date(2025, 12, 20),
        agencies=["so-noi-vu"],
        strict=False,
        allow_shallow=False,
        pull_request=False,
        format=None,
        environ={},
    )
    [result] = [a for a in found.result.agencies if a.obligation.agency == "so-noi-vu"]
    assert result.receipt is not None
    assert (result.status, result.receipt.date) == ("on_time", dt.date(2025, 10, 10)), result


def test_the_owed_id_shortcut_rests_on_how_ids_are_spelt():
    """compliance._lacks_an_owed_id proves a revision incomplete when an id it owes is not in its text. That
    holds while ids are spelt in ``[a-z0-9-]`` (indicators) and ``d.dd`` (tasks): YAML's folding adds a space,
    ``''`` gives ``'``, an escape needs a backslash (always validated), and NFC, the one change kh113 makes to
    keys, turns no other character into one of these. Widening a pattern means revisiting the shortcut."""
    import sys
    import typing
    import unicodedata

    from kh113.models import Id, TaskId

    patterns = {meta.pattern for kind in (Id, TaskId) for meta in typing.get_args(kind)[1:] if hasattr(meta, "pattern")}
    assert patterns == {r"^[a-z0-9]+(-[a-z0-9]+)*$", r"^[1-9]\.[0-9]{1,2}$"}
    alphabet = set("abcdefghijklmnopqrstuvwxyz0123456789-.")
    into = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if chr(cp) not in alphabet and alphabet & set(unicodedata.normalize("NFC", chr(cp)))
    ]
    assert into == []
