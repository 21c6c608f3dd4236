"""Receipt dates from git history (first commit that brought the file in), with the fallbacks."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from kh113.compute import receipt
from kh113.compute.receipt import History, Seen, disagreement, first_seen, read_history, receipt_of

from .gitrepo import EXAMPLES, Repo, git

D = dt.date

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def log(*commits: tuple[str, str, str, list[str]]) -> str:
    """Text as `git log -z --name-status --format=%H%x00%P%x00%cI%x00` prints it."""
    out = []
    for sha, parents, stamp, entries in commits:
        out.append(f"{sha}\0{parents}\0{stamp}\0\0")
        body = "\0".join(entries)
        out.append(("\n" + body + "\0") if entries else "")
    return "".join(out)


def test_parse_adds_renames_and_merges():
    text = log(
        ("a" * 40, "", "2025-10-20T10:00:00+07:00", ["A", "submissions/2025/so-a.yaml"]),
        (
            "b" * 40,
            "a" * 40,
            "2025-11-05T10:00:00+07:00",
            ["R100", "submissions/2025/so-a.yaml", "submissions/2025/so-c.yaml", "A", "submissions/2025/so-b.yaml"],
        ),
        ("c" * 40, "b" * 40 + " " + "d" * 40, "2025-11-10T10:00:00+07:00", []),  # a merge: no changes of its own
        (
            "e" * 40,
            "c" * 40,
            "2025-11-11T10:00:00+07:00",
            ["M", "submissions/2025/so-b.yaml", "D", "submissions/2025/so-c.yaml"],
        ),
    )
    seen = first_seen(text)
    assert seen["submissions/2025/so-c.yaml"] == Seen(D(2025, 10, 20), "a" * 40, False)  # kept through the rename
    assert seen["submissions/2025/so-b.yaml"].date == D(2025, 11, 5)


def test_parse_uses_vietnam_dates():
    text = log(("a" * 40, "", "2025-10-29T20:00:00+00:00", ["A", "submissions/2025/so-a.yaml"]))
    assert first_seen(text)["submissions/2025/so-a.yaml"].date == D(2025, 10, 30)  # 03:00 on 30/10 in Cà Mau


def test_parse_marks_the_shallow_cut():
    text = log(("a" * 40, "", "2025-11-05T10:00:00+07:00", ["A", "submissions/2025/so-a.yaml"]))
    assert first_seen(text, {"a" * 40})["submissions/2025/so-a.yaml"].at_cut is True


def test_parse_survives_garbage():
    assert first_seen("not\0a\0log\0\0\nA") == {}
    assert first_seen("") == {}


def test_receipt_rules():
    history = History(
        in_git=True,
        first={"x.yaml": Seen(D(2025, 10, 20), "c" * 40, False), "y.yaml": Seen(D(2025, 11, 5), "d" * 40, True)},
    )
    assert receipt_of(history, "x.yaml", D(2025, 10, 1)).date == D(2025, 10, 20)  # git wins
    assert receipt_of(history, "z.yaml", D(2025, 10, 1)).source == "submitted"
    assert receipt_of(history, "z.yaml", None).source == "none"
    # Shallow: the declared date within git's bound, else the bound.
    assert receipt_of(history, "y.yaml", D(2025, 10, 20)).date == D(2025, 10, 20)
    assert receipt_of(history, "y.yaml", D(2025, 11, 20)).date == D(2025, 11, 5)
    assert receipt_of(history, "y.yaml", None).date == D(2025, 11, 5)


@pytest.mark.parametrize(
    "submitted, gap",
    [
        (D(2025, 10, 20), None),
        (D(2025, 10, 21), None),
        (D(2025, 10, 19), None),
        (D(2025, 10, 18), 2),
        (D(2025, 11, 1), 12),
        (None, None),
    ],
)
def test_disagreement_of_more_than_a_day(submitted, gap):
    r = receipt.Receipt(D(2025, 10, 20), "git", D(2025, 10, 20), "c" * 40)
    assert disagreement(r, submitted) == gap


# --------------------------------------------------------------------------------------------------
# Real repositories


def test_commit_date_is_the_receipt(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00")
    repo.submit("so-y-te", 2025, "2025-11-03T10:00:00+07:00")
    history = read_history(repo.path)
    assert history.in_git and not history.shallow and history.error is None
    assert history.first["submissions/2025/so-noi-vu.yaml"].date == D(2025, 10, 20)
    assert history.first["submissions/2025/so-y-te.yaml"].date == D(2025, 11, 3)


def test_a_later_edit_does_not_move_the_receipt(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00")
    repo.write(
        "submissions/2025/so-noi-vu.yaml",
        "agency: so-noi-vu\nyear: 2025\nsubmitted: 2025-10-20\ndifficulties: [Thiếu kinh phí.]\n",
    )
    repo.commit("fix", "2025-11-20T10:00:00+07:00")
    assert read_history(repo.path).first["submissions/2025/so-noi-vu.yaml"].date == D(2025, 10, 20)


def test_renamed_after_submission_keeps_its_first_receipt(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.write("submissions/2025/so-noivu.yaml", "agency: so-noi-vu\nyear: 2025\nsubmitted: 2025-10-20\n")
    repo.commit("report under a wrong name", "2025-10-20T10:00:00+07:00")
    git(repo.path, "mv", "submissions/2025/so-noivu.yaml", "submissions/2025/so-noi-vu.yaml")
    repo.commit("rename", "2025-11-05T10:00:00+07:00")
    first = read_history(repo.path).first
    assert first["submissions/2025/so-noi-vu.yaml"].date == D(2025, 10, 20)


def test_a_merged_branch_counts_its_own_commit(tmp_path):
    repo = Repo(tmp_path / "r")
    git(repo.path, "checkout", "-q", "-b", "report")
    repo.submit("so-y-te", 2025, "2025-10-25T10:00:00+07:00")
    git(repo.path, "checkout", "-q", "main")
    repo.write("README.md", "x\n")
    repo.commit("unrelated", "2025-10-26T10:00:00+07:00")
    git(repo.path, "merge", "-q", "--no-ff", "report", "-m", "merge", when="2025-11-10T10:00:00+07:00")
    assert read_history(repo.path).first["submissions/2025/so-y-te.yaml"].date == D(2025, 10, 25)


def test_shallow_clone_bounds_the_receipt(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00")
    repo.write("README.md", "x\n")
    repo.commit("later", "2025-11-05T10:00:00+07:00")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True, capture_output=True
    )
    history = read_history(clone)
    assert history.shallow is True
    seen = history.first["submissions/2025/so-noi-vu.yaml"]
    assert seen.at_cut is True and seen.date == D(2025, 11, 5)
    r = receipt_of(history, "submissions/2025/so-noi-vu.yaml", D(2025, 10, 20))
    assert (r.date, r.source) == (D(2025, 10, 20), "git-shallow")


def test_uncommitted_file_and_new_repository(tmp_path):
    repo = Repo(tmp_path / "r")
    repo.write("submissions/2025/so-y-te.yaml", "agency: so-y-te\nyear: 2025\n")
    assert "submissions/2025/so-y-te.yaml" not in read_history(repo.path).first
    empty = tmp_path / "empty"
    shutil.copytree(EXAMPLES / "valid" / "minimal", empty)
    git(empty, "init", "-q")
    history = read_history(empty)
    assert history.in_git and history.first == {} and history.error is None


def test_outside_git(tmp_path):
    root = tmp_path / "plain"
    shutil.copytree(EXAMPLES / "valid" / "minimal", root)
    history = read_history(root)
    assert (history.in_git, history.first, history.error) == (False, {}, None)


def test_git_not_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the PATH
    assert read_history(tmp_path) == History()


def test_data_root_in_a_subfolder_of_the_repository(tmp_path):
    top = tmp_path / "top"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    shutil.copytree(EXAMPLES / "valid" / "minimal", top / "data")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "x", when="2025-10-02T10:00:00+07:00")
    history = read_history(top / "data")
    assert history.first["submissions/2025/so-b.yaml"].date == D(2025, 10, 2)


def test_two_git_calls_whatever_the_number_of_files(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "r")
    for i in range(30):
        repo.write(f"submissions/2025/so-{i}.yaml", f"agency: so-{i}\nyear: 2025\n")
    repo.commit("many", "2025-10-01T10:00:00+07:00")
    calls = []
    real = subprocess.run

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(receipt.subprocess, "run", counting)
    assert len(read_history(repo.path).first) == 30
    assert len(calls) == 2
