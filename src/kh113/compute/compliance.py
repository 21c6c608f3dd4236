"""`kh113 check`: who has reported for a year, on time, complete and within scope (pure; takes ``as_of``).

Codes (issue #4; docs/submissions.md, "What check reports"):
  missing       error    the due date has passed and there is no file
  due-soon      warning  due within 14 days and no file
  late          error    received after the last day on time (deadlines.py holds the rule)
  incomplete    error    an owed figure without a value, or an owed task without a status
  out-of-scope  error    a figure or task the agency is not responsible for that year, or a file from
                         an agency that owes no report that year
  misplaced     error    path and declared agency/year disagree (found by the cross-reference check),
                         or a second file for the same agency and year
  dissolved-agency error a file from an agency dissolved before the due date (names its successors)
  not-counted   warning  a file of an owing agency that does not count as received until it is fixed
  not-committed warning  in a git work tree, a file (or a change) no commit has brought in: not received
  and every validation problem of the files of that year, plus warnings about receipt dates
  (``receipt-mismatch``, ``shallow-history``, ``git-unavailable``, ``no-receipt-date``) and files marked
  ``synthetic`` (demonstration data, never counted as a report, except in a demonstration root).

Demonstration roots (a ``demonstration.yaml`` marker at the data root, validate/loading.py; issue #12
item 4): a ``synthetic: true`` file there counts as received, dated by its own `submitted` date (it has
no real receipt, so git dates are never used for it), and is judged on time, late or incomplete like
any report; its ``synthetic`` finding, its ``late`` finding and the run-wide ``demonstration`` note say
that it is demonstration data. Outside such a root nothing changes: a synthetic file is never a report.

The summary uses DHIS2's terms: expected reports, actual reports (received), reports on time, reporting
rate = received / expected, on-time rate = on time / expected, both in percent.

A file counts as received (docs/submissions.md, "When a report counts as received") only when it is
usable: it parsed, passed validation (no error from ``kh113 validate`` other than the scope questions
judged here) and sits where its content says (``submissions/<year>/<agency>.yaml`` with that agency and
year). DHIS2 does the same: a data set that fails its validation rules cannot be marked complete. A file
that is not usable is reported with its own problems and ``not-counted``; its agency stays missing (or
not yet due) until it is fixed. A misplaced file counts for neither the agency of its path nor the one
it declares; its completeness and scope are judged only once it is moved (that would only repeat the
same mistake item by item).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

from ..i18n import N_
from ..messages import Message
from ..problems import Problem, Severity
from ..read.source import Loc, decode, parse_text
from ..validate.loading import Dataset, LoadedSubmission, submission_from_text
from . import deadlines
from .expected import Expectations, Obligation, expected_path, obligation_of
from .expected import heirs as heirs_of
from .receipt import (
    History,
    Receipt,
    Revision,
    day_of,
    demonstration_receipt,
    disagreement,
    later_revisions,
    receipt_of,
)
from .scope import Scope, submission_problems

Status = Literal["on_time", "late", "missing", "due_soon", "pending", "undated"]
Translate = Callable[[str], str]
ERROR, WARNING = Severity.ERROR, Severity.WARNING


# How each status reads in the per-agency summary.
STATUS_TEXT: dict[Status, str] = {
    "on_time": N_("received on {received}, on time"),
    "late": N_("received on {received}, {days} day(s) late"),
    "undated": N_("received, date unknown"),
    "missing": N_("missing"),
    "due_soon": N_("not yet received, due soon"),
    "pending": N_("not yet received"),
}


# Validation codes that do not make a report unusable: they are questions of scope, judged item by item
# here (a report holding one figure too many is still a report).
JUDGED_HERE = frozenset({"out-of-scope", "incomplete", "dissolved-agency"})


@dataclass(frozen=True)
class CheckRow:
    """One line of the check report: a :class:`Problem` (where, code, severity, message) and the facts the JSON
    contract gives beside it (issue #4): the agency it is about, the year, the due date and the receipt date."""

    problem: Problem
    agency: str | None = None
    year: int | None = None
    due: dt.date | None = None
    received: dt.date | None = None

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def severity(self) -> Severity:
        return self.problem.severity

    @property
    def file(self) -> str | None:
        return self.problem.file

    @property
    def line(self) -> int | None:
        return self.problem.line

    @property
    def column(self) -> int | None:
        return self.problem.column

    def message(self, _: Translate = N_) -> str:
        """The problem's message in the reader's language (``_`` is its gettext; English by default)."""
        return self.problem.worded(_)


@dataclass
class AgencyResult:
    """One expected report (DHIS2's "expected report") and what became of it."""

    obligation: Obligation
    status: Status
    file: str | None = None
    receipt: Receipt | None = None
    days_late: int = 0


@dataclass
class CheckResult:
    year: int
    as_of: dt.date
    due: dt.date
    agencies: list[AgencyResult]
    findings: list[CheckRow] = field(default_factory=list)
    receipts: dict[str, Receipt] = field(default_factory=dict)  # path -> receipt, for every file of the year
    demonstration: bool = False  # the data root is a declared demonstration (its synthetic files count)

    @property
    def expected(self) -> int:
        return len(self.agencies)

    @property
    def received(self) -> int:
        return sum(1 for a in self.agencies if a.status in ("on_time", "late", "undated"))

    @property
    def on_time(self) -> int:
        return sum(1 for a in self.agencies if a.status == "on_time")

    @property
    def reporting_rate(self) -> float | None:
        return _rate(self.received, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.expected)

    @property
    def errors(self) -> list[CheckRow]:
        return [f for f in self.findings if f.severity is ERROR]

    @property
    def warnings(self) -> list[CheckRow]:
        return [f for f in self.findings if f.severity is WARNING]


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class _File:
    """A file of ``submissions/<year>/``, read or not, with its receipt."""

    path: str
    stem: str
    loaded: LoadedSubmission | None
    receipt: Receipt


class _Report:
    """Collects findings for one year, positioned, restricted to the agencies asked for."""

    def __init__(self, data: Dataset, year: int, due: dt.date, only: set[str] | None) -> None:
        self.data, self.year, self.due, self.only = data, year, due, only
        self.findings: list[CheckRow] = []

    def wanted(self, agency: str) -> bool:
        return self.only is None or agency in self.only

    def note(self, code: str, severity: Severity, template: str, **args: Any) -> None:
        """A finding about the whole run (no agency, no file)."""
        problem = Problem(None, None, None, code, Message(template, args), severity)  # type: ignore[arg-type]
        self.findings.append(CheckRow(problem, year=self.year, due=self.due))

    def owed(self, ob: Obligation, code: str, severity: Severity, template: str, **args: Any) -> None:
        """A finding about an agency's expected report that has no file."""
        problem = Problem(None, None, None, code, Message(template, args), severity)  # type: ignore[arg-type]
        self.findings.append(CheckRow(problem, ob.agency, self.year, self.due))

    def at(
        self, f: _File, code: str, severity: Severity, template: str, loc: Loc = (), key: bool = False, **args: Any
    ) -> None:
        """A finding inside ``f``, at the YAML node ``loc`` (1:1 for the whole file)."""
        line, column = f.loaded.doc.locate(loc, key=key) if (f.loaded and loc) else (1, 1)
        agency = f.stem if self.data.registry.entry(f.stem) else None
        problem = Problem(f.path, line, column, code, Message(template, args), severity)  # type: ignore[arg-type]
        self.findings.append(CheckRow(problem, agency, self.year, self.due, f.receipt.date))


# --------------------------------------------------------------------------------------------------


def assess(
    data: Dataset,
    expectations: Expectations,
    history: History,
    as_of: dt.date,
    problems: list[Problem],
    only: set[str] | None = None,
) -> CheckResult:
    """The check report for ``expectations.year`` as of ``as_of``.

    ``problems`` are the validation problems of the whole root (loader and cross-references); those of
    the year's files are included. ``only`` restricts the report to these agencies (ids).
    """
    year, due = expectations.year, expectations.due
    folder = f"submissions/{year}/"
    report = _Report(data, year, due, only)
    _report_run(report, history)
    all_files = _year_files(data, expectations, history)
    # --as-of in the past: a file received after that day was not there yet; it is left out entirely.
    files = [f for f in all_files if f.receipt.arrived is None or f.receipt.arrived <= as_of]
    later = {f.path for f in all_files} - {f.path for f in files}
    present, demo = _present(report, [f for f in files if f.path.startswith(folder)])

    broken = {p.file for p in problems if p.file is not None and p.severity is ERROR and p.code not in JUDGED_HERE}
    # Complete means complete (issue #10): a blank or half-filled skeleton is not a received report.
    countable = {stem for stem, f in present.items() if _usable(f, year, broken) and _complete(expectations, f)}
    counted = {
        stem: f for stem, f in present.items() if stem in countable and f.receipt.source not in ("never", "uncommitted")
    }
    results = [
        _status(ob, counted.get(ob.agency), as_of)
        for ob in expectations.obligations.values()
        if report.wanted(ob.agency)
    ]
    late_here = [f for f in all_files if f.path in later and f.path.startswith(folder)]
    places = _Whereabouts(present, demo, files, late_here, year, as_of)
    for result in results:
        _report_status(report, result, places.advice(result.obligation.agency))
    for f in present.values():
        _report_file(report, expectations, history, f, counted=f.stem in counted, countable=f.stem in countable)
    _report_shallow(report, history, counted)
    _report_validation(report, problems, files, later)
    receipts = {f.path: f.receipt for f in all_files}
    ordered = _ordered(report.findings, expectations)
    return CheckResult(year, as_of, due, results, ordered, receipts, data.demonstration)


def _report_run(report: _Report, history: History) -> None:
    """The findings about the whole run: git unreadable, no git at all, a demonstration root."""
    data = report.data
    if history.error is not None:
        # Fail closed (issue #10): the CLI stops before this (exit 2); a caller that goes on gets an error.
        report.note(
            "git-unavailable",
            ERROR,
            N_("git could not read the history ({error}), so no receipt date can be established"),
            error=history.error,
        )
    # Any report at all, broken ones too (a streamed root keeps the documents of the year's only: issue #17).
    elif not history.in_git and data.reports_read:
        report.note(
            "not-in-git",
            WARNING,
            N_(
                "the data root is not in a git repository: receipt dates are the `submitted` dates written in "
                "the files, which nothing confirms"
            ),
        )
    if data.demonstration:
        report.note(
            "demonstration",
            WARNING,
            N_(
                "the whole data root is demonstration data (demonstration.yaml): its `synthetic: true` files are "
                "counted as received on the `submitted` dates written in them, which are no real receipts; the "
                "git history is never used for them"
            )
            if history.in_git
            else N_(
                "the whole data root is demonstration data (demonstration.yaml): its `synthetic: true` files are "
                "counted as received on the `submitted` dates written in them, which are no real receipts"
            ),
        )


def _year_files(data: Dataset, expectations: Expectations, history: History) -> list[_File]:
    """The files of the year's folder, then those of another folder that declare the year, with receipts."""
    folder = f"submissions/{expectations.year}/"
    scope = Scope(data)  # one per run: validating an earlier revision asks who answers for what (issue #17)
    all_files = _files_of(data, expectations, history, scope)
    # A file of another folder that declares this year belongs to the report too (it is misplaced).
    for s in data.submissions:
        if s.submission.year == expectations.year and not s.doc.path.startswith(folder):
            receipt = _receipt(data, expectations, history, scope, s.doc.path, s)
            all_files.append(_File(s.doc.path, s.file_agency, s, receipt))
    return all_files


def _present(report: _Report, mine: list[_File]) -> tuple[dict[str, _File], dict[str, _File]]:
    """The year's files of the agencies asked about, by agency: the one report each, and demonstration data."""
    present: dict[str, _File] = {}
    demo: dict[str, _File] = {}
    for f in mine:
        if not report.wanted(f.stem):
            continue
        synthetic = f.loaded is not None and f.loaded.submission.synthetic
        if synthetic and not report.data.demonstration:
            # Demonstration data (Submission.synthetic) is no agency's report: say so, count nothing. The
            # whole file is meant, so 1:1 (no need to compose positions for what may be many files).
            demo[f.stem] = f
            report.at(
                f,
                "synthetic",
                WARNING,
                N_("is made-up demonstration data (`synthetic: true`), so it does not count as a report"),
            )
            continue
        if synthetic:
            # A demonstration root (issue #12 item 4): judged like a report, dated by its `submitted` date
            # (see _receipt), and said to be demonstration data at the file.
            report.at(
                f,
                "synthetic",
                WARNING,
                N_(
                    "is demonstration data, counted as received on the `submitted` date written in the file "
                    "(demonstration root)"
                ),
            )
        if f.stem in present:
            report.at(
                f,
                "misplaced",
                ERROR,
                N_("a second {year} report for `{agency}` beside {other}; keep one file per agency and year"),
                year=report.year,
                agency=f.stem,
                other=present[f.stem].path,
            )
        else:
            present[f.stem] = f
    return present, demo


def _report_file(
    report: _Report, expectations: Expectations, history: History, f: _File, counted: bool, countable: bool
) -> None:
    """What one agency's file says: its receipt or why it is not counted, then its contents or scope."""
    obligation = expectations.obligations.get(f.stem)
    if counted:
        _report_receipt(report, f, history, report.due)
    else:
        if f.receipt.source == "uncommitted":
            _report_uncommitted(report, f)
        # Not counted for a reason of its own (errors, gaps), committed or not: say so as well.
        if obligation is not None and (f.receipt.source != "uncommitted" or not countable):
            _report_not_counted(report, f, obligation)
    if f.receipt.changed and f.receipt.source != "uncommitted":
        report.at(
            f,
            "not-committed",
            WARNING,
            N_(
                "has changes that are not committed: they are checked here, but count for the receipt only "
                "from the commit that brings them onto the branch"
            ),
        )
    known = report.data.registry.entry(f.stem)
    if f.loaded is None or _misplaced(f.loaded, report.year) or not known:
        return  # unreadable, misplaced or unknown: its validation problems say what to fix first
    if obligation is None:
        _report_not_owed(report, expectations, f)
    else:
        _report_contents(report, obligation, f)


def _report_shallow(report: _Report, history: History, counted: dict[str, _File]) -> None:
    """``shallow-history``: counted files dated by the commit where a shallow history is cut."""
    at_cut = sum(1 for f in counted.values() if f.receipt.source == "git-shallow")
    if history.shallow and at_cut:
        report.note(
            "shallow-history",
            WARNING,
            N_(
                "the git history is shallow: {count} file(s) present where the history is cut are dated by the "
                "cut commit (they may have arrived earlier); fetch the full history (`git fetch --unshallow`, or "
                "`fetch-depth: 0` in actions/checkout)"
            ),
            count=at_cut,
        )


def _report_validation(report: _Report, problems: list[Problem], files: list[_File], later: set[str]) -> None:
    """The validation problems of the year's files (and of what else is in its folder), beside the findings."""
    data, year, due, folder = report.data, report.year, report.due, f"submissions/{report.year}/"
    involved = {f.path: f for f in files}
    # A finding of this module and a validation problem may say the same thing at the same place (a file
    # under a dissolved agency): one line is enough, the one that knows the year's due date.
    said = {(f.file, f.line, f.column, f.code) for f in report.findings}
    for problem in problems:
        if problem.file is None:  # about no file: about the whole run (validation places every problem)
            report.findings.append(CheckRow(problem, year=year, due=due))
            continue
        owner = involved.get(problem.file)
        # Also what the loader says about other things in the year's folder (stray files, folders).
        stray = owner is None and problem.file.startswith(folder) and problem.file not in later
        # A problem with the folders that hold every report of the year (a link in their place) concerns
        # every agency asked about.
        above = problem.file in ("submissions", folder.rstrip("/"))
        stem = owner.stem if owner else PurePosixPath(problem.file).stem
        if (problem.file, problem.line, problem.column, problem.code) in said:
            continue
        if (owner is not None or stray) and report.wanted(stem) or above:
            agency = stem if data.registry.entry(stem) else None
            received = owner.receipt.date if owner else None
            report.findings.append(CheckRow(problem, agency, year, due, received))


def _usable(f: _File, year: int, broken: set[str]) -> bool:
    """Whether ``f`` counts as received: it parsed, validated and is where its content says."""
    return f.loaded is not None and not _misplaced(f.loaded, year) and f.path not in broken


class _Whereabouts:
    """Why an agency has no report that counts, as advice that fits (never `kh113 new` for a file that exists)."""

    def __init__(
        self,
        present: dict[str, _File],
        demo: dict[str, _File],
        received: list[_File],
        later: list[_File],
        year: int,
        as_of: dt.date,
    ) -> None:
        self.present, self.demo, self.year, self.as_of = present, demo, year, as_of
        self.later = {f.stem: f for f in later}
        # Reports filed under another name or in another folder, by the agency they declare.
        self.elsewhere: dict[str, _File] = {}
        for f in received:
            if f.loaded is None:
                continue
            sub = f.loaded.submission
            if sub.year == year and not sub.synthetic and _misplaced(f.loaded, year):
                self.elsewhere.setdefault(sub.agency, f)

    def advice(self, agency: str) -> Message:
        path = expected_path(agency, self.year)
        if agency in self.present:
            return Message(
                N_("{file} is not counted as received until its errors are fixed"), {"file": self.present[agency].path}
            )
        if agency in self.elsewhere:
            return Message(
                N_("{file} declares this report: move it to {path}"),
                {"file": self.elsewhere[agency].path, "path": path},
            )
        if agency in self.demo:
            return Message(
                N_("{file} is demonstration data (`synthetic: true`), not counted; replace it with the real report"),
                {"file": self.demo[agency].path},
            )
        if agency in self.later:
            f = self.later[agency]
            assert f.receipt.arrived is not None  # left out because it arrived after --as-of
            return Message(
                N_("{file} was not yet received on {as_of} (it arrived on {received})"),
                {"file": f.path, "as_of": _dmy(self.as_of), "received": _dmy(f.receipt.arrived)},
            )
        return Message(
            N_("Create it with `kh113 new {agency} --year {year}` ({path})"),
            {"agency": agency, "year": self.year, "path": path},
        )


def requested(data: Dataset, expectations: Expectations, ident: str, what: str = "") -> str:
    """The agency ``check --agency ident`` is about: one that owes a report, or any id with a file that year.

    The pull-request workflow calls ``kh113 check --agency <stem of each changed file>``: a file filed
    under a dissolved (or misspelt) agency must get its positioned problem there, not a usage error.
    Without a file, an id that owes nothing is a usage error naming who owes instead.
    """
    folder = f"submissions/{expectations.year}/"
    for path in data.documents:
        if path.startswith(folder) and "/" not in path[len(folder) :] and PurePosixPath(path).stem == ident:
            return ident
    return obligation_of(data, expectations, ident, what).agency


def _files_of(data: Dataset, expectations: Expectations, history: History, scope: Scope) -> list[_File]:
    """Every file of ``submissions/<year>/``, even one that failed to parse: it was received, just broken."""
    folder = f"submissions/{expectations.year}/"
    loaded = {s.doc.path: s for s in data.submissions}
    out = []
    for path in sorted(data.documents):
        if path.startswith(folder) and "/" not in path[len(folder) :]:
            sub = loaded.get(path)
            receipt = _receipt(data, expectations, history, scope, path, sub)
            out.append(_File(path, PurePosixPath(path).stem, sub, receipt))
    return out


def _receipt(
    data: Dataset,
    expectations: Expectations,
    history: History,
    scope: Scope,
    path: str,
    sub: LoadedSubmission | None,
) -> Receipt:
    """The receipt of the file at ``path``: the first revision on the first-parent chain that was usable and
    complete (receipt.py holds the rule); revisions are validated oldest first, only until one passes."""
    year = expectations.year
    if data.demonstration and sub is not None and sub.submission.synthetic:
        return demonstration_receipt(sub.submission.submitted)

    owes = expectations.obligations.get(unicodedata.normalize("NFC", PurePosixPath(path).stem))

    def accepted(revision: Revision) -> bool:
        raw = history.blobs.get(revision.blob or "")
        if raw is None:
            return False
        text = decode(path, raw)
        if text is None or (owes is not None and _lacks_an_owed_id(owes, text)):
            # An encoding kh113 refuses, or a text that cannot be complete: not validated at all (issue #17).
            return False
        earlier = submission_from_text(data, path, text)
        if earlier is None or earlier.submission.synthetic or _misplaced(earlier, year):
            return False
        assert revision.blob is not None
        history.values[revision.blob] = figure_values(earlier.doc.data)  # read once (`revised-after-due`)
        if any(p.severity is ERROR and p.code not in JUDGED_HERE for p in submission_problems(data, earlier, scope)):
            return False
        return owes is None or not _missing_items(owes, earlier.submission)  # owes: by the file's name, NFC

    doc = data.documents.get(path)
    revisions = history.revisions.get(path, [])
    committed: bool | None = None
    if doc is not None and revisions:
        last = history.blobs.get(revisions[-1].blob or "") if revisions[-1].blob is not None else None
        # The same bytes need no reading again (issue #17: the file on disk is released by now).
        committed = (doc.read_from(last) or _same_text(path, last, doc.text)) if last is not None else False
    return receipt_of(history, path, sub.submission.submitted if sub else None, year, accepted, committed=committed)


def _lacks_an_owed_id(ob: Obligation, text: str) -> bool:
    """Whether ``text`` leaves out an id it owes altogether, so that it cannot be complete.

    A key is spelt in the text as the id is (quoted or not, in a flow or a block, or in an anchor that a merge
    key brings in), except through an escape in double quotes: a text with a backslash is never judged here.
    Absence is proof; an id found may still be a comment or part of another id, and full validation decides.
    """
    if "\\" in text:
        return False
    return any(ident not in text for ident in ob.figures) or any(ident not in text for ident in ob.tasks)


def _same_text(path: str, raw: bytes, text: str) -> bool | None:
    """Whether the file on disk (``text``) is the committed ``raw``; None when neither can be read."""
    committed = decode(path, raw)
    if committed is None:
        return None if not text else False  # both refused (its encoding problem says so), or changed
    return committed.replace("\r\n", "\n") == text.replace("\r\n", "\n")


def _complete(expectations: Expectations, f: _File) -> bool:
    ob = expectations.obligations.get(f.stem)
    return f.loaded is None or ob is None or not _missing_items(ob, f.loaded.submission)


def _status(ob: Obligation, f: _File | None, as_of: dt.date) -> AgencyResult:
    if f is None:
        if deadlines.overdue(as_of, ob.due):
            return AgencyResult(ob, "missing")
        return AgencyResult(ob, "due_soon" if deadlines.due_soon(as_of, ob.due) else "pending")
    received = f.receipt.date
    if received is None:
        return AgencyResult(ob, "undated", f.path, f.receipt)
    if deadlines.on_time(received, ob.due):
        return AgencyResult(ob, "on_time", f.path, f.receipt)
    return AgencyResult(ob, "late", f.path, f.receipt, deadlines.days_late(received, ob.due))


def _report_status(report: _Report, result: AgencyResult, advice: Message) -> None:
    ob = result.obligation
    about = {
        "name": ob.name,
        "agency": ob.agency,
        "year": ob.year,
        "due": _dmy(ob.due),
        "path": expected_path(ob.agency, ob.year),
    }
    if result.status == "missing":
        report.owed(
            ob,
            "missing",
            ERROR,
            N_("{name} ({agency}) has not reported for {year}; the report was due before {due}. {advice}"),
            **about,
            advice=advice,
        )
    elif result.status == "due_soon":
        report.owed(
            ob,
            "due-soon",
            WARNING,
            N_("{name} ({agency}) has not reported for {year} yet; the report is due before {due}. {advice}"),
            **about,
            advice=advice,
        )
    elif result.status == "late":
        assert result.receipt is not None and result.receipt.date is not None
        template = N_(
            "{name} ({agency}): the {year} report was received on {received}, {days} day(s) late (due before {due})"
        )
        if result.receipt.source == "demonstration":
            template = N_(
                "{name} ({agency}): the {year} report (demonstration data) is dated {received} by its `submitted` "
                "date, {days} day(s) late (due before {due})"
            )
        said = Message(template, {**about, "received": _dmy(result.receipt.date), "days": result.days_late})
        late = Problem(result.file, 1, 1, "late", said, ERROR)  # type: ignore[arg-type]
        report.findings.append(CheckRow(late, ob.agency, ob.year, ob.due, result.receipt.date))


def _report_uncommitted(report: _Report, f: _File) -> None:
    """A file in a git work tree that no commit has brought in (issue #10, attack review hole 7)."""
    report.at(
        f,
        "not-committed",
        WARNING,
        N_(
            "is not committed: it is not received until a commit brings it onto the branch (in a git "
            "repository the receipt comes from git, never from `submitted`)"
        ),
    )


def _report_not_counted(report: _Report, f: _File, ob: Obligation) -> None:
    """Say, at the file, that an owing agency's file is not its report yet (its own problems say why)."""
    declared = f.loaded.submission.agency if f.loaded is not None else f.stem
    if declared != f.stem:
        report.at(
            f,
            "not-counted",
            WARNING,
            N_(
                "is not counted as received, neither for {agency} nor for {declared}, until it is moved or "
                "corrected; {name} ({agency}) has no {year} report until then"
            ),
            agency=f.stem,
            declared=declared,
            name=ob.name,
            year=ob.year,
        )
        return
    report.at(
        f,
        "not-counted",
        WARNING,
        N_("is not counted as received until its errors are fixed; {name} ({agency}) has no {year} report until then"),
        agency=f.stem,
        name=ob.name,
        year=ob.year,
    )


_SUSPICION: dict[str, str] = {
    "unreadable-date": N_("its date cannot be read (an invalid time-zone offset or timestamp)"),
    "before-parent": N_("it is dated before a commit that precedes it on the branch"),
    "before-year": N_("it is dated before the reporting year began"),
}


def _report_receipt(report: _Report, f: _File, history: History, due: dt.date) -> None:
    receipt = f.receipt
    if receipt.source == "suspect":
        assert receipt.suspicion is not None
        report.at(
            f,
            "receipt-suspect",
            ERROR,
            N_(
                "the commit {commit} that brought in the report cannot date its receipt: {why}; the report is "
                "counted as received on an unknown date, not on time (docs/submissions.md, section 4)"
            ),
            commit=(receipt.commit or "")[:12],
            why=Message(_SUSPICION[receipt.suspicion]),
        )
        return
    if receipt.at_head and history.pull_request and receipt.date is not None:
        _report_if_merged(report, f, receipt.date, due)
    _report_revisions(report, f, history, due)
    if f.receipt.source == "none":
        report.at(
            f,
            "no-receipt-date",
            WARNING,
            N_(
                "is not committed and has no `submitted` date, so when it was received is unknown; "
                "commit it, or fill in `submitted: YYYY-MM-DD`"
            ),
        )
        return
    submitted = f.loaded.submission.submitted if f.loaded else None
    gap = disagreement(f.receipt, submitted)
    if gap is not None and submitted is not None and f.receipt.git_date is not None:
        report.at(
            f,
            "receipt-mismatch",
            WARNING,
            N_(
                "`submitted: {submitted}` differs by {days} days from the commit that brought the file in "
                "({commit}, {git_date}); kh113 counts the commit date"
            ),
            ("submitted",),
            submitted=submitted.isoformat(),
            days=gap,
            commit=(f.receipt.commit or "")[:10],
            git_date=f.receipt.git_date.isoformat(),
        )


def _report_if_merged(report: _Report, f: _File, received: dt.date, due: dt.date) -> None:
    """``if-merged``: in a pull request, the receipt the report gets if it is merged today."""
    last = due - dt.timedelta(days=1)
    if deadlines.on_time(received, due):
        template = N_("counts as received on {received} if merged today; on time if merged by {last}")
    else:
        template = N_(
            "counts as received on {received} if merged today, {days} day(s) late (on time only if merged by {last})"
        )
    report.at(
        f,
        "if-merged",
        WARNING,
        template,
        received=_dmy(received),
        last=_dmy(last),
        days=deadlines.days_late(received, due) if not deadlines.on_time(received, due) else 0,
    )


def _report_revisions(report: _Report, f: _File, history: History, due: dt.date) -> None:
    """``revised-after-due``: each figure value changed by a commit dated after the last day on time."""
    later = later_revisions(history, f.path, f.receipt)
    before: dict[str, Any] | None = None
    for revision in later:
        values = _values_at(history, f.path, revision)
        if values is None:
            continue
        day = _commit_day(revision)
        if before is not None and day is not None and not deadlines.on_time(day, due):
            for ident in sorted(set(before) | set(values)):
                if before.get(ident) != values.get(ident) and f.loaded is not None:
                    report.at(
                        f,
                        "revised-after-due",
                        WARNING,
                        N_("figure `{id}` was changed after the due date: {old} → {new} (commit {commit}, {date})"),
                        ("figures", ident) if ident in f.loaded.submission.figures else ("figures",),
                        True,
                        id=ident,
                        old=_shown(before.get(ident)),
                        new=_shown(values.get(ident)),
                        commit=revision.commit.id[:12],
                        date=_dmy(day),
                    )
        before = values


def _commit_day(revision: Revision) -> dt.date | None:
    return day_of(revision.commit)


def _values_at(history: History, path: str, revision: Revision) -> dict[str, Any] | None:
    """:func:`raw_values` of one revision, read once per run (``History.values``)."""
    blob = revision.blob or ""
    if blob not in history.values:
        raw = history.blobs.get(blob)
        history.values[blob] = raw_values(path, raw) if raw is not None else None
    return history.values[blob]


def raw_values(path: str, raw: bytes) -> dict[str, Any] | None:
    """Figure id -> value (or `unavailable` reason) as written in one revision; None if it does not read."""
    text = decode(path, raw)
    if text is None:
        return None
    return figure_values(parse_text(path, text).data)


def figure_values(data: Any) -> dict[str, Any]:
    """Figure id -> value (or `unavailable` reason) as written, from a report's plain data."""
    figures = data.get("figures") if isinstance(data, dict) else None
    if not isinstance(figures, dict):
        return {}
    out: dict[str, Any] = {}
    for ident, entry in figures.items():
        if isinstance(entry, dict):
            value = entry.get("value")
            out[str(ident)] = value if value is not None else entry.get("unavailable")
    return out


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


def _misplaced(sub: LoadedSubmission, year: int) -> bool:
    return sub.submission.agency != sub.file_agency or sub.submission.year != year or sub.folder_year != year


def _report_not_owed(report: _Report, expectations: Expectations, f: _File) -> None:
    year, due, data = expectations.year, expectations.due, report.data
    entry = data.registry.entry(f.stem)
    ended = entry.dissolved if entry is not None else None
    heirs = heirs_of(data, expectations, f.stem)
    if ended is not None and ended <= due:
        # Issue #4 and the 2025 reorganisation: the report of a dissolved agency is owed by whoever holds
        # its duties on the due date; say who that is, and when the agency ended (not the due date).
        successors = data.registry.successors(f.stem, due)
        if heirs:
            # Each agency by name once: the heirs already named as successors by their ids only.
            owers = ", ".join(o.agency if o.agency in successors else f"{o.name} ({o.agency})" for o in heirs)
            owed = Message(
                N_("the report for {year} (due before {due}) is owed by {heirs}"),
                {"year": year, "due": _dmy(due), "heirs": owers},
            )
        else:
            owed = Message(
                N_("none of them owes a report for {year} (see `kh113 expected --year {year}`)"), {"year": year}
            )
        report.at(
            f,
            "dissolved-agency",
            ERROR,
            N_("{name} ({agency}) was dissolved on {ended}; its duties passed to {successors}; {owed}"),
            ("agency",),
            name=data.agency_name(f.stem),
            agency=f.stem,
            ended=_dmy(ended),
            successors=", ".join(f"{data.agency_name(i)} ({i})" for i in successors) or "?",
            owed=owed,
        )
        return
    if heirs:
        report.at(
            f,
            "out-of-scope",
            ERROR,
            N_("{agency} owes no report for {year}; its duties on the due date ({due}) are with {heirs}"),
            ("agency",),
            agency=f.stem,
            year=year,
            due=_dmy(due),
            heirs=_owers(heirs),
        )
        return
    report.at(
        f,
        "out-of-scope",
        ERROR,
        N_(
            "{agency} owes no report for {year}: it leads no task scheduled that year and answers for no target; "
            "see `kh113 expected --year {year}`"
        ),
        ("agency",),
        agency=f.stem,
        year=year,
    )


def _owers(obligations: list[Obligation]) -> str:
    return ", ".join(f"{o.name} ({o.agency})" for o in obligations)


def _missing_items(ob: Obligation, sub: Any) -> list[tuple[str, Loc, bool, dict[str, Any]]]:
    """What ``sub`` still owes: (message id, where, at the key, arguments) per figure or task not answered.

    A figure is answered by a value or by ``unavailable: <reason>`` (the figure cannot be given this year).
    """
    out: list[tuple[str, Loc, bool, dict[str, Any]]] = []
    for ident, owed in ob.figures.items():
        figure = sub.figures.get(ident)
        about = {"id": ident, "name": owed.indicator.name}
        if figure is None:
            out.append((N_("lacks the figure `{id}` ({name})"), ("figures",), True, about))
        elif figure.value is None and not getattr(figure, "unavailable", None):
            out.append(
                (
                    N_("figure `{id}` ({name}) has no value yet (or `unavailable:` with the reason)"),
                    ("figures", ident, "value"),
                    False,
                    about,
                )
            )
    for ident in ob.tasks:
        progress = sub.tasks.get(ident)
        if progress is None:
            out.append((N_("lacks the progress of task {id}"), ("tasks",), True, {"id": ident}))
        elif progress.status is None:
            out.append((N_("task {id} has no status yet"), ("tasks", ident, "status"), False, {"id": ident}))
    return out


def _report_contents(report: _Report, ob: Obligation, f: _File) -> None:
    """``incomplete`` items of a file that is where it belongs.

    Out-of-scope figures and tasks are said by the cross-reference check (``validate``) and come in with
    the file's validation problems: the same code, severity and words in both commands (issue #10 item 6).
    """
    assert f.loaded is not None
    for template, loc, key, args in _missing_items(ob, f.loaded.submission):
        report.at(f, "incomplete", ERROR, template, loc, key, **args)


def _ordered(findings: list[CheckRow], expectations: Expectations) -> list[CheckRow]:
    """Report order: run-wide notes, then agencies without a file (registry order), then by file and line."""
    rank = {ident: i for i, ident in enumerate(expectations.obligations)}

    def key(f: CheckRow) -> tuple[Any, ...]:
        if f.file is None:
            return (0 if f.agency is None else 1, rank.get(f.agency or "", -1), "", 0, 0, f.code)
        return (2, 0, f.file, f.line or 0, f.column or 0, f.code)

    return sorted(findings, key=key)


def _dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
