"""When a submission was received: from git history when there is one, else from its `submitted` date.

Issue #4: in a git repository the receipt date is the commit date of the commit that first brought the
file into the history of HEAD. The only subprocess calls to git in kh113 are here, and there are two per
run whatever the number of files (issue #7): one ``git rev-parse`` and one ``git log`` over the whole
``submissions/`` tree, parsed in :func:`first_seen`.

- Renames keep the first receipt: a report renamed after it was submitted (a typo in the file name, a
  move to the right year folder) is still received on the day it first arrived. Git records no renames,
  it detects them (``-M``, 50 % similarity): a file rewritten while being moved counts as new.
- Merge commits carry no changes of their own here: a report added on a pull-request branch is received
  on the date of the commit that added it, not on the date the branch was merged. Squash and rebase
  merges write new commits, so with them the merge date counts.
- Dates are days in Vietnam (UTC+7), whatever the committer's time zone: the plan's deadlines are
  Cà Mau dates.
- Shallow clones: the commits at the cut (``.git/shallow``) show every file as added, so for a file first
  seen there git proves only that it was received *no later than* that commit. kh113 then uses the
  file's `submitted` date when it is not later than that bound, else the bound, and warns once that the
  history is cut (the shipped workflow fetches the whole history: ``fetch-depth: 0``).
- Outside git (or git missing, or a file not yet committed) the `submitted` date in the file is used.
- When git and `submitted` disagree by more than a day, a warning (:data:`MISMATCH_DAYS`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# Cà Mau time (Indochina Time, no daylight saving).
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
MISMATCH_DAYS = 1

Source = Literal["git", "git-shallow", "submitted", "none"]

_STATUS = re.compile(r"^[ACDMRTUXB][0-9]*$")

# Settings a user's git configuration could change and the parser relies on.
_SETTINGS = (
    "log.follow=false",
    "log.showSignature=false",
    "log.showRoot=true",
    "diff.renames=true",
    "diff.relative=false",
)
LOG_SETTINGS = tuple(arg for setting in _SETTINGS for arg in ("-c", setting))
# Parents before children, renames detected, NUL-separated names (any file name survives), one header per
# commit: hash, parents, committer date (strict ISO 8601, with the committer's offset).
LOG_ARGS = tuple("log HEAD --topo-order --reverse -M --name-status -z --no-color --no-ext-diff".split()) + (
    "--format=%H%x00%P%x00%cI%x00",
)


@dataclass(frozen=True)
class Seen:
    """The first commit that brought a path (or a path it was renamed from) into HEAD's history."""

    date: dt.date
    commit: str
    at_cut: bool  # first seen in a commit at the shallow cut: the true date is at or before ``date``


@dataclass
class History:
    """What git says about the data root's submissions tree."""

    in_git: bool = False
    shallow: bool = False
    first: dict[str, Seen] = field(default_factory=dict)  # path relative to the data root -> first commit
    error: str | None = None  # why git could not be asked, when the root looks like a repository


@dataclass(frozen=True)
class Receipt:
    date: dt.date | None
    source: Source
    git_date: dt.date | None = None  # what git says, when it says something
    commit: str | None = None


# --------------------------------------------------------------------------------------------------
# Reading git (the only subprocess calls)


def read_history(root: Path, folder: str = "submissions") -> History:
    """First-seen commits of every file under ``root/folder`` in HEAD's history (two git calls)."""
    probe = _git(
        root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix", "--git-path", "shallow"
    )
    if probe is None:
        return History()  # git is not installed: the data root is read as a folder of YAML files
    if probe.returncode != 0:
        message = " ".join(probe.stderr.decode("utf-8", "replace").split())
        if "not a git repository" in message:
            return History()  # the normal case for a folder of YAML files, not an error
        # E.g. "dubious ownership" in a CI container: say so rather than silently use declared dates.
        return History(error=message or f"git rev-parse failed ({probe.returncode})")
    lines = probe.stdout.decode("utf-8", "replace").split("\n")
    if len(lines) < 4 or lines[0] != "true":
        return History()
    shallow = lines[1] == "true"
    prefix = lines[2]
    cuts = _read_cuts(root, lines[3]) if shallow else set()
    log = _git(root, *LOG_SETTINGS, *LOG_ARGS, "--", folder)
    if log is None:
        return History(in_git=True, shallow=shallow, error="git stopped answering")
    if log.returncode != 0:
        message = log.stderr.decode("utf-8", "replace").strip()
        if "does not have any commits" in message or "unknown revision" in message or "bad revision" in message:
            return History(in_git=True, shallow=shallow)  # a new repository: nothing committed yet
        return History(
            in_git=True, shallow=shallow, error=" ".join(message.split()) or f"git log failed ({log.returncode})"
        )
    first = first_seen(log.stdout.decode("utf-8", "surrogateescape"), cuts)
    return History(in_git=True, shallow=shallow, first=_relative(first, prefix))


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, env=env, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None  # git not installed, or not runnable here: treated as outside git


def _read_cuts(root: Path, git_path: str) -> set[str]:
    path = Path(git_path) if os.path.isabs(git_path) else root / git_path
    try:
        return set(path.read_text(encoding="ascii", errors="replace").split())
    except OSError:
        return set()


def _relative(first: dict[str, Seen], prefix: str) -> dict[str, Seen]:
    if not prefix:
        return first
    return {path[len(prefix) :]: seen for path, seen in first.items() if path.startswith(prefix)}


# --------------------------------------------------------------------------------------------------
# Parsing (pure)


def first_seen(log: str, cuts: Iterable[str] = ()) -> dict[str, Seen]:
    """Parse ``git log --topo-order --reverse -M --name-status -z --format=%H%x00%P%x00%cI%x00``.

    Commits come parents first; a path's first receipt is the earliest commit that added it, and a
    rename hands the old path's receipt to the new one.
    """
    cut = set(cuts)
    tokens = log.split("\0")
    out: dict[str, Seen] = {}
    i = 0
    n = len(tokens)
    while i + 2 < n:
        commit, _parents, stamp = tokens[i], tokens[i + 1], tokens[i + 2]
        i += 3
        when = _day(stamp)
        seen = Seen(when, commit, commit in cut) if when is not None else None
        while i < n:
            token = tokens[i].lstrip("\n")
            if token == "":
                i += 1
                continue
            if not _STATUS.match(token):
                break  # the next commit's hash
            status = token[0]
            if status in "RC":
                if i + 2 >= n:
                    return out
                old, new = tokens[i + 1], tokens[i + 2]
                i += 3
                if seen is not None:
                    inherited = out.get(old) if status == "R" else None
                    _keep_first(out, new, inherited or seen)
            else:
                if i + 1 >= n:
                    return out
                path = tokens[i + 1]
                i += 2
                if status == "A" and seen is not None:
                    _keep_first(out, path, seen)
    return out


def _keep_first(out: dict[str, Seen], path: str, seen: Seen) -> None:
    # "First": a file deleted and added again keeps the first date; with out-of-order (back-dated)
    # commits the earlier date wins.
    current = out.get(path)
    if current is None or (seen.date, seen.at_cut) < (current.date, current.at_cut):
        out[path] = seen


def _day(stamp: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(stamp.strip()).astimezone(VIETNAM).date()
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------
# Deciding (pure)


def receipt_of(history: History, path: str, submitted: dt.date | None) -> Receipt:
    """The receipt date of the file at ``path`` (relative to the data root)."""
    seen = history.first.get(path)
    if seen is None:
        return Receipt(submitted, "submitted" if submitted is not None else "none")
    if seen.at_cut:
        # Git proves only "no later than": trust the declared date within that bound.
        date = submitted if submitted is not None and submitted <= seen.date else seen.date
        return Receipt(date, "git-shallow", seen.date, seen.commit)
    return Receipt(seen.date, "git", seen.date, seen.commit)


def disagreement(receipt: Receipt, submitted: dt.date | None) -> int | None:
    """Days between git's date and the declared `submitted` date, when that is more than allowed."""
    if receipt.git_date is None or submitted is None:
        return None
    if receipt.source == "git-shallow":
        # Only a declared date after the bound contradicts git.
        gap = (submitted - receipt.git_date).days
    else:
        gap = abs((submitted - receipt.git_date).days)
    return gap if gap > MISMATCH_DAYS else None
