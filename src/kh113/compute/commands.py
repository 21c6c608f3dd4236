"""One core call per command (issue #13 item 4): selection, filtering and orchestration, one result each.

``cli.py`` parses options, calls the function named after its command, renders the result and maps it to
an exit code. The functions here decide everything else: which problems block a command and which
submission files are left out, ``--only``/``--fail-on``, the report's format, what GitHub Actions changes,
and how the git history is read for receipts. They never print and never exit; the date is an argument
(``today``, read once by the CLI), and so is the process environment where it matters (``environ``).

Heavy modules are imported inside the functions, as in the CLI, so that ``kh113 --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..messages import Message, msg
from ..problems import DataError, Kh113Error, Problem, Severity, UsageError

if TYPE_CHECKING:
    from ..messages import Translate
    from ..models import Indicator, Task
    from ..read.workbook import CellProblem
    from ..validate.loading import Dataset
    from .changes import Scope as PullRequestScope
    from .codeowners import Line
    from .compliance import CheckResult
    from .expected import Expectations, Obligation
    from .keeping import Keep
    from .progress import Assessment
    from .receipt import FigureRevision, History
    from .reporting import ReportFacts
    from .scope import Usable
    from .series import Point

# The report's format from the suffix of --output (else Markdown).
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".docx": "docx"}


# --------------------------------------------------------------------------------------------------
# What every result carries


@dataclass(frozen=True)
class Notices:
    """What the CLI says on stderr before a command's output: the submission files left out, and how many
    warnings the data has (for the commands that compute from it without listing them)."""

    skipped: tuple[Problem, ...] = ()
    warnings: int = 0

    @property
    def skipped_files(self) -> int:
        return len({p.file for p in self.skipped})

    def __add__(self, other: Notices) -> Notices:
        return Notices(self.skipped + other.skipped, self.warnings + other.warnings)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """A command's result: its notices and whether it failed (exit 1)."""

    notices: Notices = Notices()
    failed: bool = False

    @property
    def exit_code(self) -> int:
        """1 when the command failed or left submission files out, else 0 (README, "Exit codes").

        A command that computes from the data still produces its output without a broken submission
        (review finding 21: an analyst gets the table), but the run is not clean: CI must notice (issue #11)."""
        return 1 if self.failed or self.notices.skipped else 0


@contextmanager
def noticed(notices: Notices) -> Iterator[None]:
    """An error raised once ``notices`` are known still carries them: the CLI says them before the error,
    as a command that did not fail would have."""
    try:
        yield
    except Kh113Error as exc:
        exc.notices = notices  # type: ignore[attr-defined]  # read by the CLI's one error handler
        raise


def notices_of(exc: BaseException) -> Notices:
    """The notices an error carries (``noticed``), else none."""
    found = getattr(exc, "notices", None)
    return found if isinstance(found, Notices) else Notices()


# --------------------------------------------------------------------------------------------------
# Loading: which problems block a command


def about_reports(path: str | None) -> bool:
    """A problem with the reports (or their folder, e.g. a link in its place), not with the plan (a problem about
    no file is about the plan: it stops the command)."""
    return path is not None and (path == "submissions" or path.startswith("submissions/"))


def checked_root(root: Path, *, submissions: bool = True, keep: Keep | None = None) -> Dataset:
    """The data root loaded, with its cross-reference problems.

    ``keep`` (issue #17 item 1): the reports are streamed, each checked as it is read, and only what
    ``keep`` returns of each is kept (see :mod:`.keeping`); without it every report is kept whole.
    """
    from ..validate import loading
    from .scope import checked, streaming

    return checked(loading.load(root, submissions=submissions, stream=streaming(keep) if keep else None))


def usable_root(root: Path, *, submissions: bool = True, keep: Keep | None = None) -> Usable:
    """Load for a command that computes from the data (status, report, export, tasks, ...).

    Errors in plan/ or indicators/ stop the command (exit 1), listed. A submission file with errors is
    left out (``Usable.skipped``, named on stderr) and the command goes on: an analyst still gets the status
    of the targets while one agency fixes its file (review finding 21), and the exit code is 1
    (``Outcome.exit_code``) so that CI notices; `kh113 validate`/`check` list the problems.
    """
    from .scope import usable

    data = checked_root(root, submissions=submissions, keep=keep)
    blocking = [p for p in data.problems.sorted() if not about_reports(p.file)]
    if any(p.severity is Severity.ERROR for p in blocking) or data.plan is None:
        raise DataError(msg("the data root has errors; run `kh113 validate` for the full list"), blocking)
    return usable(data)


def root_for_check(root: Path, keep: Keep | None = None) -> Dataset:
    """Load everything; errors in plan/ or indicators/ stop the command, errors in submissions are judged."""
    data = checked_root(root, keep=keep)
    blocking = [p for p in data.problems.errors if not about_reports(p.file)]
    if blocking or data.plan is None:
        raise DataError(msg("the plan has errors, so kh113 cannot tell who owes what; run `kh113 validate`"), blocking)
    return data


def _warned(usable: Usable) -> Notices:
    return Notices(usable.skipped, len(usable.data.problems.warnings))


# --------------------------------------------------------------------------------------------------
# Options that need the core to be read


def parse_day(value: str, option: str) -> dt.date:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY``, else a usage error naming ``option``."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise UsageError(msg("{option} {value}: not a date; write YYYY-MM-DD or DD/MM/YYYY", option=option, value=value))


def day_or(value: str | None, option: str, today: dt.date) -> dt.date:
    return today if value is None else parse_day(value, option)


def parse_statuses(value: str | None, option: str) -> set[str]:
    """``on_track,deterioration`` -> a set of status codes; unknown ones are a usage error."""
    from ..validate.schema import suggest
    from .progress import STATUSES

    if value is None:
        return set()
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    for item in sorted(chosen):
        if item not in STATUSES:
            hint = suggest(item, STATUSES)
            raise UsageError(
                msg(
                    "{option} {value}: unknown status{hint}; use one of {choices}",
                    option=option,
                    value=item,
                    hint=hint,
                    choices=", ".join(STATUSES),
                )
            )
    if not chosen:
        raise UsageError(
            msg(
                "{option}: give one or more statuses separated by commas ({choices})",
                option=option,
                choices=", ".join(STATUSES),
            )
        )
    return chosen


def under_github_actions(environ: Mapping[str, str]) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def problem_format(chosen: str | None, environ: Mapping[str, str]) -> str:
    """The format of `validate` and `check`: as chosen, else github annotations under GitHub Actions, else text."""
    if chosen is not None:
        return chosen
    return "github" if under_github_actions(environ) else "text"


def report_format(chosen: str | None, output: Path | None, *, binary: Collection[str], terminal: bool) -> str:
    """The report's format: as chosen, else from the --output suffix, else Markdown. A ``binary`` format
    (the render registry's) is never sent to a terminal."""
    suffix = output.suffix.lower() if output is not None else ""
    fmt = chosen if chosen is not None else REPORT_SUFFIXES.get(suffix, "markdown")
    if fmt in binary and output is None and terminal:
        raise UsageError(
            msg("--format {fmt} writes a binary file, not text for a terminal: give --output FILE.{fmt}", fmt=fmt)
        )
    return fmt


# --------------------------------------------------------------------------------------------------
# The git history of receipts (issue #10)


def history(
    root: Path,
    *,
    allow_shallow: bool,
    pull_request: bool | None,
    environ: Mapping[str, str],
    about: Callable[[str], bool] | None = None,
) -> History:
    """The receipt history of the data root, or a usage error (exit 2) when git cannot answer.

    Fail closed: inside a git work tree kh113 never falls back to the `submitted` dates the files declare.
    ``pull_request`` None: on when ``GITHUB_EVENT_NAME`` is a pull_request event. ``about``: the report
    paths whose earlier revisions the command reads (default: every report's); the others' are not fetched.
    """
    from ..read.history import read_blobs, read_history
    from .receipt import from_git

    raw = read_history(root)
    if raw.error is not None:
        raise UsageError(
            msg(
                "git cannot read the history of this data root ({error}); receipt dates can only come from git "
                "here, so nothing is checked. Fix the repository (install git, `git fsck`, "
                "`git config --global --add safe.directory <path>`) and run again",
                error=raw.error,
            )
        )
    if raw.shallow and not allow_shallow:
        raise UsageError(
            msg(
                "the git history is shallow (a clone with --depth): receipt dates cannot be established. Fetch the "
                "whole history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout), or pass "
                "--allow-shallow to date the reports at the cut by the cut commit"
            )
        )
    if pull_request is None:
        pull_request = environ.get("GITHUB_EVENT_NAME", "") in ("pull_request", "pull_request_target")
    found = from_git(raw, pull_request=pull_request)
    wanted = (path for path in found.revisions if about is None or about(path))
    error = read_blobs(raw, (r.blob for path in wanted for r in found.revisions[path] if r.blob))
    if error is not None:
        raise UsageError(
            msg("git cannot read the reports' earlier versions ({error}); nothing is checked", error=error)
        )
    found.blobs = raw.blobs
    return found


# --------------------------------------------------------------------------------------------------
# validate


@dataclass(frozen=True, kw_only=True)
class Validated(Outcome):
    problems: list[Problem]
    files: int
    format: str


def validate(
    root: Path,
    *,
    strict: bool,
    format: str | None = None,
    environ: Mapping[str, str] | None = None,
    template_problems: Callable[[Path], list[Problem]] | None = None,
) -> Validated:
    """Every problem of the data root, sorted: YAML, schemas, cross-references and (issue #10) the templates
    folder, checked by ``template_problems`` (the render stage's) when the root has one."""
    from ..validate.jsonschemas import stale_schemas
    from .keeping import nothing

    data = checked_root(root, keep=nothing)
    # Only validate warns of a stale schemas/ folder (editors check against it): generating the schemas to
    # compare costs every other command a third of its start-up on the shipped data (issue #17 item 2).
    problems = [*data.problems, *stale_schemas(data)]
    if template_problems is not None and os.path.lexists(root / "templates"):
        problems += template_problems(root)
    errors = any(p.severity is Severity.ERROR for p in problems)
    warnings = any(p.severity is Severity.WARNING for p in problems)
    ordered = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.code, p.message))
    return Validated(
        problems=ordered,
        files=data.files_read,
        format=problem_format(format, environ or {}),
        failed=errors or (strict and warnings),
    )


# --------------------------------------------------------------------------------------------------
# tasks, indicators, agencies, expected


@dataclass(frozen=True, kw_only=True)
class Listing(Outcome):
    """A command that lists part of the plan: the dataset, and the date it is seen on."""

    data: Dataset
    on: dt.date


@dataclass(frozen=True, kw_only=True)
class Tasks(Listing):
    tasks: list[Task]


@dataclass(frozen=True, kw_only=True)
class Indicators(Listing):
    indicators: list[Indicator]


@dataclass(frozen=True, kw_only=True)
class Owed(Listing):
    expectations: Expectations


def tasks(root: Path, *, agency: str | None, group: int | None, on: str | None, today: dt.date) -> Tasks:
    """The annex tasks, filtered by --agency (responsible on --on, default ``today``) and --group."""
    from .selection import select_tasks

    usable = usable_root(root, submissions=False)
    with noticed(Notices(usable.skipped)):
        when = day_or(on, "--on", today)
        chosen = select_tasks(usable.data, agency=agency, group=group, on=when)
    return Tasks(data=usable.data, on=when, tasks=chosen, notices=Notices(usable.skipped))


def indicators(root: Path, *, group: int | None, today: dt.date) -> Indicators:
    """The 2030 targets in plan order, filtered by --group."""
    usable = usable_root(root, submissions=False)
    chosen = [i for i in usable.data.indicators_in_order() if group is None or i.group == group]
    return Indicators(data=usable.data, on=today, indicators=chosen, notices=Notices(usable.skipped))


def agencies(root: Path, *, on: str | None, today: dt.date) -> Listing:
    """The registry as it stands on --on (default ``today``)."""
    usable = usable_root(root, submissions=False)
    with noticed(Notices(usable.skipped)):
        when = day_or(on, "--on", today)
    return Listing(data=usable.data, on=when, notices=Notices(usable.skipped))


def expected(root: Path, *, year: int | None, today: dt.date) -> Owed:
    """Who owes a report for ``year`` (default: ``today``'s) and what must be in it."""
    from .expected import expected as owed

    usable = usable_root(root, submissions=False)
    with noticed(Notices(usable.skipped)):
        exp = owed(usable.data, year if year is not None else today.year)
    return Owed(data=usable.data, on=exp.due, expectations=exp, notices=Notices(usable.skipped))


# --------------------------------------------------------------------------------------------------
# status and export (issue #3)


@dataclass(frozen=True, kw_only=True)
class Status(Outcome):
    data: Dataset
    year: int
    method: str
    results: list[Assessment]
    failing: list[str] = field(default_factory=list)  # the --fail-on statuses found, sorted
    failing_count: int = 0  # indicators with one of them


def status(
    root: Path,
    *,
    year: int | None,
    agency: str | None,
    group: int | None,
    indicators: list[str],
    only: str | None,
    fail_on: str | None,
    method: str,
    today: dt.date,
) -> Status:
    """Where each chosen target stands as of ``year`` (default: ``today``'s), filtered by --only;
    failed when one shown has a --fail-on status."""
    from .keeping import figures_until
    from .progress import assess_dataset
    from .selection import select_indicators

    as_of = year if year is not None else today.year
    only_set = parse_statuses(only, "--only")
    fail_set = parse_statuses(fail_on, "--fail-on")
    usable = usable_root(root, keep=figures_until(as_of))
    data = usable.data
    with noticed(Notices(usable.skipped)):
        chosen = select_indicators(data, agency=agency, group=group, ids=indicators, on=dt.date(as_of, 12, 31))
    results = assess_dataset(data, as_of, [i.id for i in chosen], method)
    if only_set:
        results = [r for r in results if r.status in only_set]
    failing = [r for r in results if r.status in fail_set]
    return Status(
        data=data,
        year=as_of,
        method=method,
        results=results,
        failing=sorted({r.status for r in failing}),
        failing_count=len(failing),
        failed=bool(failing),
        notices=_warned(usable),
    )


@dataclass(frozen=True, kw_only=True)
class Export(Outcome):
    data: Dataset | None = None  # None with --revisions
    recorded: dict[str, list[Point]] = field(default_factory=dict)  # indicator id -> its figures
    order: list[str] = field(default_factory=list)  # indicator ids in plan order
    revisions: list[FigureRevision] | None = None  # with --revisions: every value each figure had


def export(root: Path, *, revisions: bool, environ: Mapping[str, str]) -> Export:
    """Every recorded figure before any merging; with ``revisions`` their history in git instead."""
    from .series import collect, indicator_documents

    if revisions:
        from .compliance import raw_values
        from .receipt import figure_revisions

        found = history(root, allow_shallow=False, pull_request=False, environ=environ)
        if not found.in_git:
            raise UsageError(msg("--revisions: the data root is not in a git repository, so there is no history"))
        return Export(revisions=figure_revisions(found, raw_values))
    usable = usable_root(root)
    data = usable.data
    assert data.plan is not None
    recorded = collect(data.indicators, data.submissions, data.plan.series_breaks, indicator_documents(data))
    return Export(
        data=data, recorded=recorded, order=[i.id for i in data.indicators_in_order()], notices=_warned(usable)
    )


# --------------------------------------------------------------------------------------------------
# check and report (issues #4, #5, #10)


@dataclass(frozen=True, kw_only=True)
class Checked(Outcome):
    result: CheckResult
    format: str


def check(
    root: Path,
    *,
    year: int | None,
    as_of: dt.date,
    agencies: list[str],
    strict: bool,
    allow_shallow: bool,
    pull_request: bool | None,
    format: str | None,
    environ: Mapping[str, str],
) -> Checked:
    """Missing, late, incomplete, out-of-scope and misplaced reports for ``year`` (default: ``as_of``'s)."""
    from .compliance import assess, requested
    from .expected import expected as owed
    from .keeping import for_check

    chosen = year if year is not None else as_of.year
    data = root_for_check(root, keep=for_check(chosen))
    exp = owed(data, chosen)
    only = {requested(data, exp, a, "--agency") for a in agencies} if agencies else None
    # Only the revisions of the reports about that year can decide its receipts (issue #17 item 3): those of
    # its folder, and the ones filed elsewhere that declare it (they are judged as misplaced).
    folder = f"submissions/{chosen}/"
    declaring = {s.doc.path for s in (*data.submissions, *data.partial_submissions) if s.submission.year == chosen}
    found = history(
        root,
        allow_shallow=allow_shallow,
        pull_request=pull_request,
        environ=environ,
        about=lambda path: path.startswith(folder) or path in declaring,
    )
    result = assess(data, exp, found, as_of, data.problems.sorted(), only)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    return Checked(result=result, format=problem_format(format, environ), failed=failed)


@dataclass(frozen=True, kw_only=True)
class Reported(Outcome):
    """The report computed (in no language: render/report.py lays it out), with the number and date the
    run gave it."""

    data: Dataset
    facts: ReportFacts
    format: str
    number: str
    issued: dt.date | None


def report(
    root: Path,
    *,
    year: int | None,
    agency: str | None,
    as_of: dt.date,
    format: str,
    allow_shallow: bool,
    method: str,
    number: str,
    issued: str | None,
    environ: Mapping[str, str],
) -> Reported:
    """The yearly report for ``year`` (default: ``as_of``'s), consolidated or ``agency``'s own."""
    from .keeping import for_report
    from .reporting import gather

    chosen = year if year is not None else as_of.year
    usable = usable_root(root, keep=for_report(chosen))
    data = usable.data
    with noticed(_warned(usable)):
        day = parse_day(issued, "--date") if issued is not None else None
        found = history(root, allow_shallow=allow_shallow, pull_request=False, environ=environ)
        facts = gather(
            data,
            year=chosen,
            as_of=as_of,
            agency=agency,
            history=found,
            method=method,
        )
    return Reported(data=data, facts=facts, format=format, number=number, issued=day, notices=_warned(usable))


# --------------------------------------------------------------------------------------------------
# new, import, codeowners, changes (issues #4, #14): what to write, decided here; written by the CLI


@dataclass(frozen=True, kw_only=True)
class Owing(Outcome):
    """One agency's report to start: what it owes for the year."""

    data: Dataset
    expectations: Expectations
    obligation: Obligation


def new(root: Path, *, agency: str, year: int | None, today: dt.date, workbook: bool = False) -> Owing:
    """What ``agency`` owes for ``year`` (default: ``today``'s), for a new report (``workbook``: a workbook,
    which reads the submissions too)."""
    from .expected import expected as owed
    from .expected import obligation_of

    usable = usable_root(root, submissions=workbook)
    with noticed(Notices(usable.skipped)):
        exp = owed(usable.data, year if year is not None else today.year)
        ob = obligation_of(usable.data, exp, agency)
    return Owing(data=usable.data, expectations=exp, obligation=ob, notices=Notices(usable.skipped))


def workbook_target(owing: Owing, output: Path | None) -> Path:
    """Where `kh113 new --xlsx` writes: ``output``, else bao-cao-<agency>-<year>.xlsx; never in submissions/."""
    target = output or Path(f"bao-cao-{owing.obligation.agency}-{owing.expectations.year}.xlsx")
    if target.resolve().is_relative_to((owing.data.root / "submissions").resolve()):
        raise UsageError(
            msg(
                "{file}: a workbook does not go in submissions/ (only YAML reports do); choose another --output",
                file=str(target),
            )
        )
    return target


@dataclass(frozen=True, kw_only=True)
class Imported(Outcome):
    """A filled workbook read back: every problem (cells), and the report to write when there is no error."""

    problems: list[CellProblem]
    relpath: str | None = None
    text: str | None = None
    exists: bool = False
    replace: bool = False  # may write over the report there (--update); else only a new file, never over one
    refusal: Message | None = None  # why nothing is written although the workbook is fine


def import_workbook(
    root: Path, workbook: Path, *, year: int | None, update: bool, translate_for: Callable[[str], Translate]
) -> Imported:
    """`kh113 import`: the workbook checked exactly as `kh113 validate` will check the report it becomes, and
    whether it may be written: over an existing report only with ``update`` (a new revision, which git dates)."""
    from ..read.workbook import read_workbook
    from .importing import import_report

    if not workbook.is_file():
        raise UsageError(msg("{file}: no such workbook", file=str(workbook)))
    usable = usable_root(root)
    notices = Notices(usable.skipped)
    book, problems = read_workbook(workbook, workbook.name)
    if book is None:
        return Imported(problems=problems, failed=True, notices=notices)
    result = import_report(usable.data, book, translate_for, year)
    problems += result.problems
    failed = any(p.severity == "error" for p in problems) or result.relpath is None or result.text is None
    refusal = None
    if not failed and result.exists and not update:
        refusal = msg(
            "{file}: already exists; rerun with --update to replace it with this workbook", file=result.relpath
        )
    return Imported(
        problems=problems,
        relpath=result.relpath,
        text=result.text,
        exists=result.exists,
        replace=update,
        refusal=refusal,
        failed=failed,
        notices=notices,
    )


def codeowners(root: Path, *, default_owner: str | None, today: dt.date) -> list[Line]:
    """The CODEOWNERS lines of the root's agency teams on ``today``; refused when a team cannot be written."""
    from .codeowners import codeowners_lines, owner_problems, valid_owner

    if default_owner is not None and not valid_owner(default_owner):
        raise UsageError(
            msg("--default-owner {owner}: not a GitHub owner; write @org/team, @user or an e-mail", owner=default_owner)
        )
    usable = usable_root(root, submissions=False)
    with noticed(Notices(usable.skipped)):
        problems = owner_problems(usable.data)
        if problems:
            raise DataError(msg("some teams cannot be written to CODEOWNERS"), problems)
    return codeowners_lines(usable.data, today, default_owner)


def changes(root: Path, *, base: str, head: str) -> PullRequestScope:
    """The reports a pull request from ``base`` to ``head`` touches, and what it may not change."""
    from ..read.history import changed_between
    from .changes import pull_request_scope

    between = changed_between(root, base, head)
    if between.error is not None:
        raise UsageError(
            msg(
                "--base {base} --head {head}: git cannot list the changes ({error})",
                base=base,
                head=head,
                error=between.error,
            )
        )
    return pull_request_scope(between.changes, between.prefix, off_chain=between.off_chain)


def schemas(root: Path | None, *, generic: bool) -> dict[str, dict[str, Any]]:
    """The JSON Schema of every file kind: for the data root (its ids, names and units), or ``generic``
    ones for any root (``root`` is then not read; None when there is none)."""
    from ..validate.jsonschemas import KINDS, root_schema_for, schema_for

    if generic:
        return {kind: schema_for(kind) for kind in KINDS}
    assert root is not None
    data = usable_root(root, submissions=False).data  # no submission is read: none can be left out
    return {kind: root_schema_for(kind, data) for kind in KINDS}
