"""The receipt rule on the first-parent history (issue #10): reading git, and the pure rule."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from kh113.compute.receipt import disagreement, from_git, receipt_of, suspicions
from kh113.read import history as reading
from kh113.read.history import Commit, parse_log, read_blobs, read_history

from .gitrepo import EXAMPLES, Repo, git

D = dt.date

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "submissions/2025/so-noi-vu.yaml"


def history_of(root):
    raw = read_history(root)
    history = from_git(raw)
    assert read_blobs(raw, (r.blob for rs in history.revisions.values() for r in rs if r.blob)) is None
    history.blobs = raw.blobs
    return history


def test_parse_log_of_a_real_repository(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00")
    git(repo.path, "mv", PATH, "submissions/2025/so-noi-vu.yml")
    repo.commit("rename", "2025-10-21T10:00:00+07:00")
    commits = read_history(repo.path).commits
    assert [len(c.changes) for c in commits][-2:] == [1, 1]
    assert commits[-1].changes[0].status == "R" and commits[-1].changes[0].old_path == PATH
    assert commits[-2].offset == "+0700" and commits[-2].offset_valid


def test_parse_log_survives_garbage():
    assert parse_log("") == []
    assert parse_log("\x01abc\0\0notanumber\0x\0\0:weird\0") == [Commit("abc", (), None, "", ())]


def test_days_are_cau_mau_days_and_a_bad_offset_is_suspect():
    late_evening = Commit("a", (), int(dt.datetime(2025, 10, 29, 16, 30, tzinfo=dt.UTC).timestamp()), "+0000")
    bad = Commit("b", ("a",), late_evening.timestamp, "+2400")
    older = Commit("c", ("b",), late_evening.timestamp - 86400, "+0700")
    history = from_git(reading.GitHistory(in_git=True, commits=[late_evening, bad, older]))
    assert suspicions(history) == {"b": "unreadable-date", "c": "before-parent"}


def test_only_usable_and_complete_revisions_are_receipts(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.submit("so-noi-vu", 2025, "2025-10-10T10:00:00+07:00", "agency: so-noi-vu\nyear: 2025\n# blank\n")
    repo.submit("so-noi-vu", 2025, "2025-12-15T10:00:00+07:00", "agency: so-noi-vu\nyear: 2025\n# filled\n")
    history = history_of(repo.path)
    asked: list[str] = []

    def accepted(revision):
        asked.append(revision.commit.id)
        return b"filled" in history.blobs[revision.blob]

    r = receipt_of(history, PATH, D(2025, 10, 1), 2025, accepted)
    assert (r.date, r.source, r.seen) == (D(2025, 12, 15), "git", D(2025, 10, 10))
    assert len(asked) == 2
    ahead = receipt_of(history, PATH, None, 2026, lambda r: True)  # a 2026 report committed in 2025
    assert (ahead.date, ahead.source, ahead.suspicion) == (None, "suspect", "before-year")


def test_outside_git_and_git_missing(tmp_path, monkeypatch):
    root = tmp_path / "plain"
    shutil.copytree(EXAMPLES / "valid" / "minimal", root)
    raw = read_history(root)
    assert (raw.in_git, raw.error) == (False, None)
    r = receipt_of(from_git(raw), "submissions/2025/so-b.yaml", D(2025, 10, 2), 2025, lambda r: True)
    assert (r.date, r.source) == (D(2025, 10, 2), "submitted")
    (root / ".git").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the PATH, but a .git folder
    assert "git cannot be run" in (read_history(root).error or "")


def test_new_repository_is_not_an_error(tmp_path):
    empty = tmp_path / "empty"
    shutil.copytree(EXAMPLES / "valid" / "minimal", empty)
    git(empty, "init", "-q")
    raw = read_history(empty)
    assert raw.in_git and raw.commits == [] and raw.error is None


def test_data_root_in_a_subfolder_of_the_repository(tmp_path):
    top = tmp_path / "top"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    shutil.copytree(EXAMPLES / "valid" / "minimal", top / "data")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "x", when="2025-10-02T10:00:00+07:00")
    history = history_of(top / "data")
    r = receipt_of(history, "submissions/2025/so-b.yaml", None, 2025, lambda r: True)
    assert r.date == D(2025, 10, 2)


def test_a_constant_number_of_git_calls(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "r")
    for i in range(30):
        repo.write(f"submissions/2025/so-{i}.yaml", f"agency: so-{i}\nyear: 2025\n")
        repo.commit(f"so-{i}", f"2025-10-{1 + i % 28:02d}T10:00:00+07:00")
    calls = []
    real = subprocess.run

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(reading.subprocess, "run", counting)
    history = history_of(repo.path)
    assert len(history.revisions) == 30 and len(history.blobs) == 30
    assert len(calls) == 3  # rev-parse, log, cat-file


def test_disagreement_only_for_git_dates():
    from kh113.compute.receipt import Receipt

    assert disagreement(Receipt(D(2025, 10, 25), "git", D(2025, 10, 25)), D(2025, 10, 20)) == 5
    assert disagreement(Receipt(D(2025, 10, 25), "git", D(2025, 10, 25)), D(2025, 10, 24)) is None
    assert disagreement(Receipt(None, "suspect", D(2025, 10, 25)), D(2025, 10, 20)) is None
