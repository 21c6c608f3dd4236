"""When a submission was received: the receipt rule (issue #10), pure; git is read by ``read/history.py``.

The rule (docs/submissions.md, "When a report counts as received"):

- **First-parent history of the branch checked.** A report is received on the date of the first commit
  on the first-parent chain of HEAD at which the file is *usable and complete* (it parses, validates,
  sits where its content says, and every figure and task the agency owes is answered). On the main
  branch that chain is what the branch itself received: the merge commit of a merged pull request, the
  commit itself for a squash, a rebase or a direct push. Commits inside a pull-request branch never
  count: their dates are whatever the author's computer (or ``GIT_COMMITTER_DATE``) said.
- **Renames** carry the receipt only when the agency and the year stay the same (``so-y-te.yml`` to
  ``so-y-te.yaml``). A 2024 report moved into 2025/, or another agency's file renamed to one's own name,
  is a new file from the commit that moved it.
- **Dates that make sense, or an error**: a receipt commit dated before an earlier commit of the chain,
  before 1 January of the reporting year, or with a date git or Python cannot read is ``receipt-suspect``
  and the report is received with no date (not on time).
- Dates are days in Cà Mau (UTC+7), from the commit's time in seconds whatever its time-zone offset.
- **Shallow clones** cut the chain: at the cut every file looks new, so git proves only "received no
  later than". Allowed only on request (``--allow-shallow``): the cut commit's date is then used.
- **Outside git** the `submitted` date written in the file is used, and the output says so. Inside a git
  work tree it never is: a file that is not committed (untracked, or changed since HEAD with no committed
  version that counts) is not received until a commit brings it (``uncommitted``), and a file none of
  whose committed versions is usable is not received at all (issue #10, attack review holes 1 and 7).
- **Demonstration roots** (a ``demonstration.yaml`` marker at the data root, issue #12 item 4): a
  ``synthetic: true`` file is no agency's report and has no real receipt, so it is dated by its own
  `submitted` date, in git or not (its commit dates are when the demo was written, not received).
  Anywhere else a synthetic file is never received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any, Literal

from ..read.history import Commit, GitHistory

# Cà Mau time (Indochina Time, no daylight saving).
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
MISMATCH_DAYS = 1

Source = Literal["git", "git-shallow", "submitted", "none", "suspect", "never", "uncommitted", "demonstration"]
Suspicion = Literal["unreadable-date", "before-parent", "before-year"]


@dataclass(frozen=True)
class Revision:
    """One state of a report path on the first-parent chain: its content (a blob id), or deleted."""

    commit: Commit
    index: int  # position of the commit in the chain, oldest first
    blob: str | None  # None: the file was deleted (or moved away) at this commit
    path: str


@dataclass(frozen=True)
class Receipt:
    date: dt.date | None
    source: Source
    git_date: dt.date | None = None  # what git says, when it says something
    commit: str | None = None
    suspicion: Suspicion | None = None
    at_head: bool = False  # received by the commit checked out (in a pull request: its merge commit)
    seen: dt.date | None = None  # the day the file first appeared on the branch, usable or not (for --as-of)
    changed: bool = False  # the file on disk differs from the one committed at HEAD (judged, not yet received)

    @property
    def arrived(self) -> dt.date | None:
        """The day from which the file was there at all: its receipt, else its first appearance."""
        return self.date if self.date is not None else self.seen


@dataclass
class History:
    """The git history as the receipt rule needs it: the chain, each report path's revisions, and blobs."""

    in_git: bool = False
    shallow: bool = False
    error: str | None = None
    commits: list[Commit] = field(default_factory=list)
    cuts: frozenset[str] = frozenset()
    revisions: dict[str, list[Revision]] = field(default_factory=dict)  # path (from the data root) -> revisions
    blobs: dict[str, bytes] = field(default_factory=dict)
    # Figure id -> value as written, per blob, kept by the first step that parsed it (the receipt's revision is
    # read again for `revised-after-due`: issue #17 item 3, each revision parsed once).
    values: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    # In a pull request's CI run HEAD is GitHub's merge of the pull request into its base: a report
    # received "at HEAD" counts only if the pull request is merged, and on the day it is.
    pull_request: bool = False

    @property
    def head(self) -> str | None:
        return self.commits[-1].id if self.commits else None

    @cached_property
    def suspect(self) -> dict[str, Suspicion]:
        """:func:`suspicions` of the chain, worked out once (every report's receipt asks: issue #17)."""
        return suspicions(self)


def from_git(raw: GitHistory, folder: str = "submissions/", *, pull_request: bool = False) -> History:
    """The chain and the revisions of every path under ``folder`` (relative to the data root)."""
    revisions: dict[str, list[Revision]] = {}
    prefix = raw.prefix
    for index, commit in enumerate(raw.commits):
        for change in commit.changes:
            new = _inside(change.path, prefix, folder)
            old = _inside(change.old_path, prefix, folder) if change.old_path is not None else None
            if change.status == "R" and old is not None:
                moved = revisions.pop(old, [])
                revisions.setdefault(old, []).extend([*moved, Revision(commit, index, None, old)])
                if new is not None and _same_report(old, new):
                    # Same agency, same year (an extension fixed): the receipt moves with the file.
                    revisions.setdefault(new, []).extend(moved)
            if new is None:
                continue
            # A link in place of the report: no content of its own at that revision (never usable).
            blob = None if change.link else change.blob
            revisions.setdefault(new, []).append(Revision(commit, index, blob, new))
    return History(
        in_git=raw.in_git,
        shallow=raw.shallow,
        error=raw.error,
        commits=list(raw.commits),
        cuts=raw.cuts,
        revisions=revisions,
        blobs=raw.blobs,
        pull_request=pull_request,
    )


def _inside(path: str | None, prefix: str, folder: str) -> str | None:
    if path is None or not path.startswith(prefix):
        return None
    rel = path[len(prefix) :]
    return rel if rel.startswith(folder) else None


def _same_report(old: str, new: str) -> bool:
    a, b = PurePosixPath(old), PurePosixPath(new)
    return a.parent == b.parent and a.stem == b.stem


def day_of(commit: Commit) -> dt.date | None:
    """The Cà Mau day of a commit, or None when its date cannot be trusted to be read."""
    if commit.timestamp is None or not commit.offset_valid:
        return None
    return dt.datetime.fromtimestamp(commit.timestamp, VIETNAM).date()


def suspicions(history: History) -> dict[str, Suspicion]:
    """Commits of the chain whose dates cannot be believed: unreadable, or older than a commit before them."""
    out: dict[str, Suspicion] = {}
    latest: int | None = None
    for commit in history.commits:
        if day_of(commit) is None or commit.timestamp is None:
            out[commit.id] = "unreadable-date"
            continue
        if latest is not None and commit.timestamp < latest:
            out[commit.id] = "before-parent"
        latest = commit.timestamp if latest is None else max(latest, commit.timestamp)
    return out


def candidates(history: History, path: str) -> list[Revision]:
    """The revisions of ``path`` that hold content, oldest first: the ones that can be its receipt."""
    return [r for r in history.revisions.get(path, []) if r.blob is not None]


def receipt_of(
    history: History,
    path: str,
    submitted: dt.date | None,
    year: int,
    accepted: Callable[[Revision], bool],
    *,
    committed: bool | None = None,
) -> Receipt:
    """The receipt of the report at ``path`` for ``year``.

    ``accepted(revision)`` says whether the report was usable and complete at that revision (the caller
    validates; it is asked oldest first and only until one is accepted). ``committed`` is whether the file
    as it is now is the one committed at HEAD (None: assume so).
    """
    if not history.in_git or history.error is not None:
        return Receipt(submitted, "submitted" if submitted is not None else "none")
    revisions = history.revisions.get(path, [])
    changed = committed is False
    if not revisions:
        return Receipt(None, "uncommitted", changed=True)  # untracked: git has never seen it
    suspect = history.suspect
    head = history.head
    present = candidates(history, path)
    seen = day_of(present[0].commit) if present else None
    for revision in present:
        if not accepted(revision):
            continue
        commit = revision.commit
        day = day_of(commit)
        at_head = commit.id == head
        reason = suspect.get(commit.id)
        if reason is None and day is not None and day < dt.date(year, 1, 1):
            reason = "before-year"
        if reason is not None:
            return Receipt(None, "suspect", day, commit.id, reason, at_head, seen, changed)
        if commit.id in history.cuts:
            return Receipt(day, "git-shallow", day, commit.id, at_head=at_head, seen=seen, changed=changed)
        return Receipt(day, "git", day, commit.id, at_head=at_head, seen=seen, changed=changed)
    if changed:
        return Receipt(None, "uncommitted", seen=seen, changed=True)  # a fix not yet committed
    return Receipt(None, "never", seen=seen)  # no committed version is usable: never `submitted`


def demonstration_receipt(submitted: dt.date | None) -> Receipt:
    """The receipt of a synthetic file in a demonstration root: its `submitted` date, never git's."""
    return Receipt(submitted, "demonstration")


def later_revisions(history: History, path: str, receipt: Receipt) -> list[Revision]:
    """The revisions of ``path`` after its receipt commit (for ``revised-after-due``)."""
    if receipt.commit is None:
        return []
    revisions = candidates(history, path)
    for i, revision in enumerate(revisions):
        if revision.commit.id == receipt.commit:
            return revisions[i:]
    return []


def disagreement(receipt: Receipt, submitted: dt.date | None) -> int | None:
    """Days between git's date and the declared `submitted` date, when that is more than allowed."""
    if receipt.git_date is None or submitted is None or receipt.source not in ("git", "git-shallow"):
        return None
    gap = abs((submitted - receipt.git_date).days)
    return gap if gap > MISMATCH_DAYS else None


@dataclass(frozen=True)
class FigureRevision:
    """One value of one figure in one revision of a report on the first-parent history (an audit trail)."""

    path: str
    indicator: str
    value: object  # as written: a number, true/false, or the `unavailable` reason; None when removed
    commit: str
    date: dt.date | None


def figure_revisions(
    history: History, values: Callable[[str, bytes], dict[str, object] | None]
) -> list[FigureRevision]:
    """Every change of every figure of every report, oldest first per file (DHIS2 keeps such a trail).

    ``values(path, content)`` reads the figure values of one revision (None when it does not read); a
    revision that does not read is skipped, a figure that disappears is listed with the value None.
    """
    out: list[FigureRevision] = []
    for path in sorted(history.revisions):
        before: dict[str, object] = {}
        for revision in history.revisions[path]:
            raw = history.blobs.get(revision.blob) if revision.blob is not None else b""
            current = {} if revision.blob is None else (values(path, raw) if raw is not None else None)
            if current is None:
                continue
            for ident in sorted(set(before) | set(current)):
                if ident not in before or before.get(ident) != current.get(ident):
                    out.append(
                        FigureRevision(path, ident, current.get(ident), revision.commit.id, day_of(revision.commit))
                    )
            before = current
    return out
