"""What a pull request may change (issue #10 item 7), pure: takes the changed files as data.

The shipped workflow's pull-request job runs ``kh113 changes --base <base sha>``: it prints the reports the
pull request adds, changes, renames or deletes (``<year> <agency>`` per line, for ``kh113 check``) and
refuses what no agency's pull request should do:

- ``not-a-report``: a file under ``submissions/`` that is not ``submissions/<year>/<agency>.yaml``
  (a nested folder: ``submissions/2026/extra/so-nnmt.yaml``), so nothing escapes the check; and a symbolic
  link (or submodule) at a report's path, in place of a year folder or of ``submissions/`` itself;
- ``pr-scope``: the reports of more than one agency in one pull request (each agency's approval must cover
  only its own figures), or reports together with anything outside ``submissions/``: ``plan/``,
  ``indicators/``, ``templates/``, ``schemas/``, kh113's own ``src/`` and ``pyproject.toml``, ``.ci/``,
  ``.github/``, ``.gitattributes``, ``.gitmodules``, ``.pre-commit-*`` (what decides the verdict, or runs
  in CI, changes in its own pull request, reviewed by the consolidating agency; ``kh113 codeowners`` gives
  those paths to its team). A path outside the data root counts as outside ``submissions/`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..messages import Message, msg
from ..problems import Problem
from ..read.history import Change

REPORT = re.compile(r"^submissions/(?P<year>[0-9]{4})/(?P<agency>[^/]+)\.ya?ml$")


@dataclass
class Scope:
    reports: list[tuple[int, str]] = field(default_factory=list)  # (year, agency), in path order
    problems: list[Problem] = field(default_factory=list)


def pull_request_scope(
    changes: list[Change], prefix: str = "", *, off_chain: tuple[str, str | None] | None = None
) -> Scope:
    """The reports touched by ``changes`` (paths from the repository's top; ``prefix`` is the data root).

    ``off_chain``: the base commit is not on the first-parent history of the head (and the commit that
    merged it in): a "wrong-way" merge, refused as ``receipt-suspect`` (attack review hole 3).
    """
    out = Scope()
    if off_chain is not None:
        out.problems.append(_off_chain(*off_chain))
    touched: dict[str, list[str]] = {}  # agency -> its report paths
    other: list[str] = []
    for change in changes:
        for path in (change.old_path, change.path):
            if path is None:
                continue
            if not path.startswith(prefix):
                other.append(path)  # outside the data root: kh113's code, the workflow, git settings
                continue
            _classify(out, change, path, path[len(prefix) :], touched, other)
    out.problems.extend(_mixed(touched, other))
    out.reports.sort()
    out.problems.sort(key=lambda p: (p.file, p.code))
    return out


def _off_chain(base: str, merged_at: str | None) -> Problem:
    """The ``receipt-suspect`` problem of a base commit that is not on the head's first-parent history."""
    said = (
        msg(
            "the base {base} is not on the first-parent history of the head: it was merged into a branch "
            "as a second parent by {merge}, and the branch then fast-forwarded onto main, so the branch's "
            "own commits (and their dates) look like main's; receipts cannot be believed. Undo the push "
            "and merge the pull request with a merge commit, a squash or a rebase on GitHub",
            base=base[:12],
            merge=merged_at[:12],
        )
        if merged_at is not None
        else msg(
            "the base {base} is not on the first-parent history of the head: main's history was replaced "
            "(a force push, or a branch fast-forwarded onto main), so receipts cannot be believed",
            base=base[:12],
        )
    )
    return Problem(".", 1, 1, "receipt-suspect", said)  # type: ignore[arg-type]


def _classify(out: Scope, change: Change, path: str, rel: str, touched: dict[str, list[str]], other: list[str]) -> None:
    """Files ``rel`` (``path`` inside the data root) as a report, a refused path, or something else changed."""
    match = REPORT.match(rel)
    if change.link and path == change.path and (rel == "submissions" or rel.startswith("submissions/")):
        out.problems.append(
            _at(rel, "not-a-report", msg("is a symbolic link (or a submodule): a report must be a file"))
        )
    elif match is not None:
        key = (int(match["year"]), match["agency"])
        if key not in out.reports:
            out.reports.append(key)
        touched.setdefault(match["agency"], []).append(rel)
    elif rel.startswith("submissions/"):
        out.problems.append(
            _at(rel, "not-a-report", msg("reports go in submissions/<year>/<agency>.yaml, not in a sub-folder"))
        )
    else:
        other.append(rel)


def _mixed(touched: dict[str, list[str]], other: list[str]) -> list[Problem]:
    """``pr-scope``: reports of several agencies, or reports together with anything outside submissions/."""
    problems: list[Problem] = []
    if len(touched) > 1:
        names = sorted(touched)
        for agency in names:
            for rel in sorted(set(touched[agency])):
                problems.append(
                    _at(
                        rel,
                        "pr-scope",
                        msg(
                            "this pull request changes the reports of {agencies}: one agency per pull request, so "
                            "that each agency approves only its own figures",
                            agencies=names,
                        ),
                    )
                )
    if touched:
        for rel in sorted(set(other)):
            problems.append(
                _at(
                    rel,
                    "pr-scope",
                    msg(
                        "a pull request with reports must not change {path}: only submissions/ may change with "
                        "them; the plan, indicators, templates, schemas, kh113's code, the workflows and git "
                        "settings change in their own pull request, reviewed by the consolidating agency",
                        path=rel,
                    ),
                )
            )
    return problems


def _at(path: str, code: str, said: Message) -> Problem:
    """A problem with the whole file (1:1), worded in the reader's language when shown."""
    return Problem(path, 1, 1, code, said)  # type: ignore[arg-type]  # Problem accepts a Message (messages.py)
