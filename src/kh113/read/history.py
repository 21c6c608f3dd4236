"""Reading git: the first-parent history of HEAD and the revisions of the reports (issue #10).

The only subprocess calls to git in kh113 are here, and there are at most three per run whatever the
number of files or commits (issue #17.3): one ``git rev-parse`` (is this a work tree, is it shallow,
where is the data root in it), one ``git log --first-parent --raw`` over the whole history of HEAD, and
one ``git cat-file --batch`` for the contents of the report revisions that can decide a receipt
(``kh113 changes``: one ``git rev-parse``, one ``git rev-list --first-parent``, one ``git diff``).
Replace objects and grafts are ignored (``--no-replace-objects``, ``GIT_NO_REPLACE_OBJECTS``, an empty
graft file): they change what git shows without changing the commits.

Nothing is decided here: :mod:`kh113.compute.receipt` applies the receipt rule to what this module
returns. When git exists but cannot answer (not installed while a ``.git`` is there, a corrupt object, a
repository git refuses for "dubious ownership"), :attr:`GitHistory.error` says why; the command then
fails rather than trusting the dates written in the files (fail closed).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Settings a user's git configuration could change and the parser relies on.
_SETTINGS = (
    "log.follow=false",
    "log.showSignature=false",
    "log.showRoot=true",
    "diff.renames=true",
    "diff.relative=false",
    "core.quotePath=false",
)
SETTINGS = tuple(arg for setting in _SETTINGS for arg in ("-c", setting))
# Oldest first, only the first-parent chain (what the branch itself received: a merged pull request is
# its merge commit, diffed against the branch before it), renames detected, full blob ids, NUL-separated
# names. Each commit starts with \x01: hash, parents, committer time (seconds, UTC) and the raw committer
# date ("seconds offset"), so a time-zone offset Python could not parse is seen, not dropped.
LOG_ARGS = (
    "log",
    "HEAD",
    "--first-parent",
    "--diff-merges=first-parent",
    "--reverse",
    "-M",
    "--raw",
    "--no-abbrev",
    "-z",
    "--no-color",
    "--no-ext-diff",
    "--date=raw",
    "--format=%x01%H%x00%P%x00%ct%x00%cd%x00",
)
_RAW = re.compile(
    r"^:(?P<old_mode>[0-7]+) (?P<mode>[0-7]+) (?P<old>[0-9a-f]+) (?P<new>[0-9a-f]+) (?P<status>[ACDMRTUXB])[0-9]*$"
)
# A symbolic link (its blob is the target's name) and a submodule (a commit of another repository): never a
# report, however it is named (issue #10, attack review hole 2).
LINK_MODES = frozenset({"120000", "160000"})
_OFFSET = re.compile(r"^[+-](?P<hours>[0-9]{2})(?P<minutes>[0-9]{2})$")
_NULL = re.compile(r"^0+$")


@dataclass(frozen=True)
class Change:
    """One file changed by a commit (against its first parent)."""

    status: str  # A, M, D, R, C, T
    path: str
    blob: str | None  # the new content's id; None for a deletion
    old_path: str | None = None  # for renames and copies
    mode: str = "100644"  # the new file mode as git writes it (120000: a symbolic link)

    @property
    def link(self) -> bool:
        """A symbolic link or a submodule, not a file."""
        return self.mode in LINK_MODES


@dataclass(frozen=True)
class Commit:
    """One commit of the first-parent chain of HEAD, oldest first."""

    id: str
    parents: tuple[str, ...]
    timestamp: int | None  # committer time, seconds since 1970 (UTC); None when git could not read it
    offset: str  # the committer's time-zone offset as written in the commit ("+0700"); may be invalid
    changes: tuple[Change, ...] = ()

    @property
    def offset_valid(self) -> bool:
        match = _OFFSET.match(self.offset)
        return match is not None and int(match["hours"]) <= 14 and int(match["minutes"]) < 60


@dataclass
class GitHistory:
    """What git says about the data root: its first-parent chain, or why it could not say."""

    in_git: bool = False
    shallow: bool = False
    cuts: frozenset[str] = frozenset()  # commits at the shallow cut (their parents are missing)
    commits: list[Commit] = field(default_factory=list)
    error: str | None = None  # git could not be asked although the root is in a git work tree
    blobs: dict[str, bytes] = field(default_factory=dict)  # filled by :func:`read_blobs`
    root: Path | None = None
    prefix: str = ""  # the data root inside the work tree ("" at its top), with a trailing slash


def read_history(root: Path) -> GitHistory:
    """The first-parent history of HEAD in the work tree holding ``root`` (two git calls)."""
    probe = _git(
        root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix", "--git-path", "shallow"
    )
    marker = _git_marker(root)
    if probe is None:
        if marker is not None:
            return GitHistory(error=f"{marker} exists but git cannot be run (is git installed and on PATH?)")
        return GitHistory()  # a folder of YAML files and no git: the `submitted` dates are used
    if probe.returncode != 0:
        message = _said(probe)
        if "not a git repository" in message and marker is None:
            return GitHistory()  # the normal case for a folder of YAML files, not an error
        # A broken .git, or "dubious ownership" in a CI container: say so rather than trust `submitted`.
        return GitHistory(error=message or f"git rev-parse failed ({probe.returncode})")
    lines = probe.stdout.decode("utf-8", "replace").split("\n")
    if len(lines) < 4 or lines[0] != "true":
        if marker is not None:
            return GitHistory(error=f"{marker} exists but git does not see a work tree here")
        return GitHistory()
    shallow = lines[1] == "true"
    prefix = lines[2]
    cuts = frozenset(_read_cuts(root, lines[3])) if shallow else frozenset()
    log = _git(root, *SETTINGS, *LOG_ARGS)
    if log is None:
        return GitHistory(in_git=True, shallow=shallow, error="git stopped answering")
    if log.returncode != 0:
        message = _said(log)
        if "does not have any commits" in message or "unknown revision" in message:
            if _head_unborn(root):
                return GitHistory(in_git=True, shallow=shallow, root=root, prefix=prefix)  # nothing committed yet
        return GitHistory(in_git=True, shallow=shallow, error=message or f"git log failed ({log.returncode})")
    commits = parse_log(log.stdout.decode("utf-8", "surrogateescape"))
    return GitHistory(in_git=True, shallow=shallow, cuts=cuts, commits=commits, root=root, prefix=prefix)


def read_blobs(history: GitHistory, blobs: Iterable[str]) -> str | None:
    """Fetch the contents of ``blobs`` into ``history.blobs`` with one ``git cat-file --batch``; the error if any."""
    wanted = sorted({b for b in blobs if b not in history.blobs})
    if not wanted or history.root is None:
        return None
    done = _git(history.root, "cat-file", "--batch", stdin=("\n".join(wanted) + "\n").encode("ascii"))
    if done is None or done.returncode != 0:
        return _said(done) if done is not None else "git stopped answering"
    out = done.stdout
    at = 0
    for blob in wanted:
        end = out.find(b"\n", at)
        if end < 0:
            return f"git cat-file gave no answer for {blob}"
        header = out[at:end].split()
        if len(header) != 3 or header[1] != b"blob":
            return f"object {blob} cannot be read ({out[at:end].decode('ascii', 'replace')})"
        size = int(header[2])
        history.blobs[blob] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the content, then a newline
    return None


def parse_log(log: str) -> list[Commit]:
    """Parse the output of ``git log`` with :data:`LOG_ARGS` (pure)."""
    tokens = log.split("\0")
    commits: list[Commit] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i].lstrip("\n")
        if not token.startswith("\x01"):
            i += 1
            continue
        if i + 3 >= n:
            break
        ident, parents, seconds, raw_date = token[1:], tokens[i + 1], tokens[i + 2], tokens[i + 3]
        i += 4
        changes: list[Change] = []
        while i < n:
            token = tokens[i].lstrip("\n")
            if token == "":
                i += 1
                continue
            match = _RAW.match(token)
            if match is None:
                break  # the next commit
            status = match["status"]
            blob = None if status == "D" or _NULL.match(match["new"]) else match["new"]
            mode = match["mode"]
            if status in "RC":
                if i + 2 >= n:
                    break
                changes.append(Change(status, tokens[i + 2], blob, tokens[i + 1], mode))
                i += 3
            else:
                if i + 1 >= n:
                    break
                changes.append(Change(status, tokens[i + 1], blob, mode=mode))
                i += 2
        parts = raw_date.split()
        commits.append(
            Commit(
                ident,
                tuple(parents.split()),
                int(seconds) if seconds.strip().isdigit() else None,
                parts[1] if len(parts) == 2 else "",
                tuple(changes),
            )
        )
    return commits


# `git replace` objects and grafts rewrite what git log shows without changing the commits themselves: an
# agency could make its late commit look back-dated in its own clone (or in CI, if refs/replace/* were
# fetched). kh113 reads the commits as they are (issue #10, attack review hole 6).
_ENV = {
    "LC_ALL": "C",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_GRAFT_FILE": os.devnull,
}


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            ["git", "--no-replace-objects", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # git not installed, or not runnable here


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    return " ".join(done.stderr.decode("utf-8", "replace").split())


def _git_marker(root: Path) -> str | None:
    """The ``.git`` in ``root`` or a folder above it, if any: then the root is meant to be in git."""
    try:
        here = root.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            return str(folder / ".git")
    return None


def _head_unborn(root: Path) -> bool:
    """Whether HEAD names a branch with no commit yet (a repository just created), not a broken HEAD."""
    done = _git(root, "symbolic-ref", "-q", "HEAD")
    if done is None or done.returncode != 0:
        return False
    verify = _git(root, "rev-parse", "-q", "--verify", "HEAD")
    return verify is not None and verify.returncode != 0


def _read_cuts(root: Path, git_path: str) -> set[str]:
    path = Path(git_path) if os.path.isabs(git_path) else root / git_path
    try:
        return set(path.read_text(encoding="ascii", errors="replace").split())
    except OSError:
        return set()


@dataclass
class Between:
    """What changed from a base commit to a head commit, as ``kh113 changes`` needs it."""

    changes: list[Change] = field(default_factory=list)
    prefix: str = ""  # the data root inside the work tree, with a trailing slash
    error: str | None = None
    base: str = ""  # the base's full commit id
    # The base is not on the first-parent history of head: (base, the commit that merged it in as a
    # second parent, if any). A branch that merged main into itself was fast-forwarded onto main.
    off_chain: tuple[str, str | None] | None = None


def changed_between(root: Path, base: str, head: str = "HEAD") -> Between:
    """The files changed from ``base`` to ``head`` (renames detected), and whether ``base`` is on the
    first-parent history of ``head`` (issue #10 item 7 and attack review hole 3).

    Three git calls whatever the size: ``git rev-parse``, ``git rev-list --first-parent --parents`` and
    ``git diff``; every change is listed, deletions included.
    """
    if base.startswith("-") or head.startswith("-"):
        return Between(error=f"not a revision: {base if base.startswith('-') else head}")
    probe = _git(root, "rev-parse", "--show-prefix", f"{base}^{{commit}}")
    if probe is None:
        return Between(error="git cannot be run (is git installed and on PATH?)")
    if probe.returncode != 0:
        return Between(error=_said(probe) or "not a git repository")
    lines = probe.stdout.decode("utf-8", "replace").split("\n")
    prefix, base_id = lines[0].strip(), lines[1].strip() if len(lines) > 1 else ""
    chain = _git(root, "rev-list", "--first-parent", "--parents", head, "--")
    if chain is None or chain.returncode != 0:
        said = (_said(chain) if chain is not None else "git stopped answering") or "git rev-list failed"
        return Between(prefix=prefix, error=said)
    rows = [row.split() for row in chain.stdout.decode("ascii", "replace").splitlines() if row.strip()]
    off_chain = None
    if base_id not in {row[0] for row in rows}:
        merged_at = next((row[0] for row in rows if base_id in row[2:]), None)
        off_chain = (base_id, merged_at)
    done = _git(root, *SETTINGS, "diff", "--raw", "-M", "-z", "--no-abbrev", "--no-ext-diff", base, head, "--")
    if done is None or done.returncode != 0:
        said = (_said(done) if done is not None else "git stopped answering") or "git diff failed"
        return Between(prefix=prefix, error=said)
    commits = parse_log("\x01-\0\0\0\0" + done.stdout.decode("utf-8", "surrogateescape"))
    return Between(list(commits[0].changes) if commits else [], prefix, None, base_id, off_chain)
