"""Read a whole data root into models, collecting every problem instead of stopping at the first.

Layout (README "Data layout"): ``plan/{plan,groups,tasks,agencies}.yaml``, ``indicators/<id>.yaml``,
``submissions/<year>/<agency>.yaml``. Each file is read once; a file that fails to parse or validate is a
problem in the result and loading goes on with the others (check-jsonschema's ``instance_loader``).
List files (tasks, groups, agencies) are validated item by item so that one bad row does not hide the
rest from the cross-reference checks.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel

from ..messages import Message, msg, verbatim
from ..models import (
    Agency,
    Collective,
    Indicator,
    KeptSubmission,
    OrgChange,
    Plan,
    ReportSenders,
    Submission,
    Task,
    TaskGroup,
)
from ..problems import Problem, Problems, ReadOnlyProblems, RootNotFound, Severity
from ..read.source import Document, FileSource, Loc, parse_text, read_document, shown
from .registry import Registry
from .schema import IndicatorAt, salvage, suggest, validate

M = TypeVar("M", bound=BaseModel)

PLAN_FILES = ("plan.yaml", "groups.yaml", "tasks.yaml", "agencies.yaml")
# Optional: who signs and receives the yearly report (issue #12); without it the letterhead has blanks.
OPTIONAL_PLAN_FILES = ("report.yaml",)
YAML_SUFFIXES = (".yaml", ".yml")
# The marker of a demonstration root (issue #12 item 4, docs/submissions.md "Demonstration roots"): at the
# data root, holding exactly `demonstration: true`. Declared, never guessed from the files' contents.
DEMONSTRATION_FILE = "demonstration.yaml"
# Files people keep beside data without meaning them as data.
_IGNORED_NAMES = {"README.md", "README", ".gitkeep", ".DS_Store", "Thumbs.db"}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entity was read: its document and the path to it inside the YAML."""

    doc: Document
    loc: Loc

    def problem(
        self, sub: Loc, code: str, message: str | Message, severity: Severity = Severity.ERROR, *, key: bool = False
    ) -> Problem:
        return self.doc.problem(self.loc + sub, code, message, severity, key=key)


_NOTHING_IGNORED: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class LoadedSubmission:
    """A submission as loaded; the commands that compute with it derive new values (``dataclasses.replace``).

    ``submission`` is the validated model, or what a streaming command keeps of it (``KeptSubmission``,
    compute/keeping.py): the same fields, read the same way.
    """

    submission: Submission | KeptSubmission
    doc: Document
    folder_year: int | None  # the <year> of submissions/<year>/
    file_agency: str  # the <agency> of <agency>.yaml
    # Figures kh113 does not use (indicator id -> who answers for it that year instead): filled in the
    # value ``scope.usable`` returns for the commands that compute with figures; validation reports them
    # as `out-of-scope`.
    ignored: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _NOTHING_IGNORED)
    # When git received the report (compute/receipt.py), in the value the report derives once it has read
    # the history: two co-responsible agencies' figures are ordered by it, never by the `submitted` date.
    received: dt.date | None = None

    @property
    def origin(self) -> Origin:
        return Origin(self.doc, ())


@dataclass(frozen=True)
class Dataset:
    """Everything read from a data root, with where each entity came from; read-only once loaded.

    Issue #13 item 3: nothing appends to or swaps the fields of a loaded dataset. A step that decides
    something about it (the cross-reference checks, what is usable) returns a new value
    (``dataclasses.replace``); mappings are read-only views and lists are tuples.
    """

    root: Path
    # ``root`` with its links resolved, once per run (issue #7); None when it cannot be (each file says why).
    real_root: Path | None
    plan: Plan | None
    groups: Mapping[int, TaskGroup]
    tasks: Mapping[str, Task]
    agencies: Mapping[str, Agency]
    collectives: Mapping[str, Collective]
    changes: tuple[OrgChange, ...]
    senders: ReportSenders | None  # plan/report.yaml, when the root has one
    indicators: Mapping[str, Indicator]
    submissions: tuple[LoadedSubmission, ...]
    # What could be read of submissions with errors found while reading them (a schema error, a `.nan`):
    # the parts that are valid, for the cross-reference checks only, so that one error does not hide the
    # others (review finding 4). Never used for figures, nor counted as received reports.
    partial_submissions: tuple[LoadedSubmission, ...]
    origins: Mapping[tuple[str, str], Origin]
    documents: Mapping[str, Document]
    problems: Problems
    # Texts read instead of the files at these paths (relative to the root), or beside them when absent:
    # `kh113 import` validates the report it would write exactly as `kh113 validate` will (issue #14).
    overlay: Mapping[str, str]
    # kind -> ids of entities whose file or row failed validation (their id is still readable).
    invalid_ids: Mapping[str, frozenset[str]]
    # A valid DEMONSTRATION_FILE is at the root: its `synthetic: true` reports count as received on their
    # `submitted` dates (compute/compliance.py). False when the marker is absent or invalid (fail closed).
    demonstration: bool = False
    # Issue #17 item 1: the reports were streamed (``load``'s ``stream``): each was checked as it was read
    # (cross-references and scope) and released; ``submissions`` holds only what the command kept of them,
    # and ``partial_submissions`` nothing.
    streamed: bool = False
    # Files read, and of them reports (submissions/): a streamed root drops the documents of the reports it
    # kept nothing of and found nothing in, so ``documents`` does not count them.
    files_read: int = 0
    reports_read: int = 0
    # The one object that answers agency questions (name, kind, members, successor on a date).
    registry: Registry = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "registry", Registry(self.agencies, self.collectives, self.changes))

    def origin(self, kind: str, ident: str | int) -> Origin | None:
        return self.origins.get((kind, str(ident)))

    def agency_name(self, ident: str) -> str:
        return self.registry.name(ident)

    def indicators_in_order(self) -> list[Indicator]:
        return sorted(self.indicators.values(), key=lambda ind: (ind.order, ind.id))


@dataclass
class _Loading:
    """The dataset while it is being read: filled by the loader only, then frozen into a :class:`Dataset`."""

    root: Path
    real_root: Path | None = None
    plan: Plan | None = None
    groups: dict[int, TaskGroup] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    collectives: dict[str, Collective] = field(default_factory=dict)
    changes: list[OrgChange] = field(default_factory=list)
    senders: ReportSenders | None = None
    indicators: dict[str, Indicator] = field(default_factory=dict)
    submissions: list[LoadedSubmission] = field(default_factory=list)
    partial_submissions: list[LoadedSubmission] = field(default_factory=list)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    overlay: dict[str, str] = field(default_factory=dict)
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    demonstration: bool = False
    # The stream's function for one report, once the plan and indicators are read (see ``load``).
    each: Each | None = None
    dropped: int = 0  # streamed reports whose documents were let go (see ``_streamed``)
    source: FileSource | None = None  # where released documents are read again from (one per run)

    def __post_init__(self) -> None:
        if self.source is None:
            self.source = FileSource(self.root, self.real_root)

    def note_invalid(self, kind: str, raw: Any) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)):
            self.invalid_ids.setdefault(kind, set()).add(str(raw["id"]))

    def frozen(self) -> Dataset:
        return Dataset(
            root=self.root,
            real_root=self.real_root,
            plan=self.plan,
            groups=MappingProxyType(self.groups),
            tasks=MappingProxyType(self.tasks),
            agencies=MappingProxyType(self.agencies),
            collectives=MappingProxyType(self.collectives),
            changes=tuple(self.changes),
            senders=self.senders,
            indicators=MappingProxyType(self.indicators),
            submissions=tuple(self.submissions),
            partial_submissions=tuple(self.partial_submissions),
            origins=MappingProxyType(self.origins),
            documents=MappingProxyType(self.documents),
            problems=ReadOnlyProblems(list(self.problems)),
            overlay=MappingProxyType(self.overlay),
            invalid_ids=MappingProxyType({k: frozenset(v) for k, v in self.invalid_ids.items()}),
            demonstration=self.demonstration,
            streamed=self.each is not None,
            files_read=len(self.documents) + self.dropped,
            reports_read=sum(1 for path in self.documents if path.startswith("submissions/")) + self.dropped,
        )


# --------------------------------------------------------------------------------------------------


def find_root(explicit: str | os.PathLike[str] | None, env: str | None, cwd: Path) -> Path:
    """``--root``, else ``KH113_ROOT``, else the nearest ancestor of ``cwd`` holding ``plan/``."""
    for given, how in ((explicit, "--root"), (env, "KH113_ROOT")):
        if given:
            path = Path(given).expanduser()
            if not (path / "plan").is_dir():
                raise RootNotFound(
                    msg("{option} {path}: not a kh113 data root (no plan/ folder there)", option=how, path=str(given))
                )
            return path.resolve()
    for candidate in (cwd, *cwd.parents):
        if (candidate / "plan").is_dir():
            return candidate
    raise RootNotFound(
        msg(
            "no kh113 data root found: no plan/ folder in this directory or any parent. "
            "Run inside a data repository, or give --root PATH (or set KH113_ROOT)."
        )
    )


# One report as the loader read it and whether it is partial (read with errors) -> the further problems found
# in it and what to keep of it (None: nothing). Called while the report's text is still there to position
# the problems; the document is released afterwards.
Each = Callable[[LoadedSubmission, bool], tuple[list[Problem], LoadedSubmission | None]]
# Given the dataset of the plan and indicators (read before any report), the function for each report.
Stream = Callable[["Dataset"], Each]


def load(
    root: Path, *, submissions: bool = True, overlay: dict[str, str] | None = None, stream: Stream | None = None
) -> Dataset:
    """Read the data root into a frozen :class:`Dataset`; the problems found reading it are ``dataset.problems``.

    Cross-references are checked separately (``scope.checked`` returns the dataset with them).

    ``overlay``: submission texts (by path relative to the root) read as if they were the files there.

    ``stream`` (issue #17 item 1: memory flat in the number of reports): each report is handed to the
    stream's function as soon as it is read and validated, its problems are kept, its document released,
    and only what the function returns is kept (``Dataset.streamed``).
    """
    data = _Loading(root=root, real_root=_real(root), overlay=dict(overlay or {}))
    _load_plan(data)
    _load_demonstration(data)
    _load_indicators(data)
    for path, doc in data.documents.items():
        # The models hold what was read: the plain data is let go before the reports are read (issue #17), and
        # the text of plan/ too (2,858 agencies are 480 KB of agencies.yaml): a position asked of it reads the
        # file again. The indicators' texts stay: every command places their published figures (file:line).
        # A report's are kept while it is checked (its figures as written, `40.000`).
        if path.startswith("plan/"):
            doc.release()
        else:
            doc.data = None
    if submissions:
        if stream is not None:
            data.each = stream(data.frozen())
        _load_submissions(data)
    for path, doc in data.documents.items():
        if not (data.each is not None and path.startswith("submissions/")):  # a streamed report's are in
            data.problems.extend(_capped(doc.problems))
    return data.frozen()


MAX_PROBLEMS_PER_FILE = 100  # beyond this a file is not a report with mistakes; the list would bury the rest


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    ordered = sorted(problems, key=lambda p: (p.line, p.column))
    kept, first_hidden = ordered[:MAX_PROBLEMS_PER_FILE], ordered[MAX_PROBLEMS_PER_FILE]
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    return kept + [
        Problem(
            first_hidden.file,
            first_hidden.line,
            first_hidden.column,
            "too-many-problems",
            msg("{count} more problem(s) in this file are not shown; fix the ones above and run again", count=more),  # type: ignore[arg-type]
        )
    ]


def _real(root: Path) -> Path | None:
    try:
        return root.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _read(data: _Loading, relpath: str) -> Document:
    if relpath in data.overlay:
        doc = parse_text(relpath, data.overlay[relpath])
    else:
        doc = read_document(data.root, relpath, real_root=data.real_root, source=data.source)
    data.documents[relpath] = doc
    return doc


def _parsed(doc: Document) -> bool:
    """Whether the file was read into data, possibly with values already reported as questionable
    (`.nan`, `no`, `010`): those are single values, so the rest is still validated (review finding 4)."""
    return doc.ok or doc.data is not None


def _mapping(doc: Document, expected: tuple[str, ...]) -> dict[str, Any] | None:
    """The document's top-level mapping, or a problem saying what the file should hold."""
    if not _parsed(doc):
        return None
    if doc.data is None:
        said = msg("is empty; expected {what}", what=_describe(expected))
        doc.problems.append(Problem(doc.path, 1, 1, "empty-file", said))  # type: ignore[arg-type]
        return None
    if not isinstance(doc.data, dict):
        if isinstance(doc.data, list):
            said = msg("holds a list; expected {what}", what=_describe(expected))
        else:
            said = msg("holds a single value; expected {what}", what=_describe(expected))
        doc.problems.append(Problem(doc.path, 1, 1, "wrong-type", said))  # type: ignore[arg-type]
        return None
    return doc.data


def _describe(keys: tuple[str, ...]) -> Message:
    if not keys:
        return msg("a mapping of `key: value` lines")
    return msg("a mapping with {keys}", keys=", ".join(f"`{k}`" for k in keys))


# A validation problem at a key says more than what YAML made of the key's text (`000` after a comma in
# `{value: 40,000}` is a split number, not an octal zero); at a value, what YAML made of it says more.
_KEY_CODES = ("invalid-key", "unknown-key")


def _add(doc: Document, found: list[Problem]) -> None:
    """Add validation problems to ``doc``: one problem per position (reading may have placed one there)."""
    if not doc.problems:
        doc.problems.extend(found)
        return
    taken = {(p.line, p.column) for p in found if p.code in _KEY_CODES}
    doc.problems[:] = [p for p in doc.problems if (p.line, p.column) not in taken]
    placed = {(p.line, p.column) for p in doc.problems}
    doc.problems.extend(p for p in found if (p.line, p.column) not in placed)


def _check_top_keys(doc: Document, top: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for extra in sorted(set(map(str, top)) - set(allowed)):
        doc.problems.append(
            doc.problem(
                (extra,),
                "unknown-key",
                msg("unknown key `{key}`{hint}", key=shown(extra), hint=suggest(extra, allowed)),
                key=True,
            )
        )


def _list_items(doc: Document, top: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    if key not in top:
        said = msg("{name} is required but missing", name=verbatim(f"`{key}`"))
        doc.problems.append(Problem(doc.path, 1, 1, "missing-key", said))  # type: ignore[arg-type]
        return []
    items = top[key]
    if not isinstance(items, list):
        said = msg("`{key}` must be a list (lines starting with `- `)", key=key)
        doc.problems.append(doc.problem((key,), "wrong-type", said))
        return []
    return list(enumerate(items))


# What a duplicate id is an id of, in words (the kind names of ``_load_items``).
_KINDS = {
    "group": msg("group"),
    "task": msg("task"),
    "agency": msg("agency"),
    "collective": msg("collective"),
    "change": msg("organisational change"),
}


def _load_items(data: _Loading, doc: Document, top: dict[str, Any], key: str, model: type[M], kind: str) -> list[M]:
    out: list[M] = []
    for index, raw in _list_items(doc, top, key):
        item, problems = validate(doc, model, raw, (key, index))
        _add(doc, problems)
        if item is None:
            data.note_invalid(kind, raw)
            continue
        ident = str(getattr(item, "id"))  # noqa: B009  # every list item model has an id (mypy sees only BaseModel)
        if (kind, ident) in data.origins:
            first = data.origins[(kind, ident)]
            doc.problems.append(
                doc.problem(
                    (key, index, "id"),
                    "duplicate-id",
                    msg(
                        "{kind} `{id}` is defined twice (first at line {line})",
                        kind=_KINDS.get(kind, verbatim(kind)),
                        id=ident,
                        line=first.doc.locate(first.loc)[0],
                    ),
                )
            )
            continue
        data.origins[(kind, ident)] = Origin(doc, (key, index))
        out.append(item)
    return out


def _load_plan(data: _Loading) -> None:
    plan_dir = data.root / "plan"
    for name in PLAN_FILES:
        if not (plan_dir / name).exists() and not (plan_dir / name).is_symlink():
            said = msg("is missing; every data root needs it")
            data.problems.add(Problem(f"plan/{name}", 1, 1, "missing-file", said))  # type: ignore[arg-type]
    _report_strays(data, "plan", {*PLAN_FILES, *OPTIONAL_PLAN_FILES})

    data.plan = _load_whole(data, "plan", Plan, ("number", "date", "reporting"))
    data.senders = _load_whole(data, "report", ReportSenders, ("senders",))

    if (plan_dir / "groups.yaml").exists() or (plan_dir / "groups.yaml").is_symlink():
        doc = _read(data, "plan/groups.yaml")
        top = _mapping(doc, ("groups",))
        if top is not None:
            _check_top_keys(doc, top, ("groups",))
            for group in _load_items(data, doc, top, "groups", TaskGroup, "group"):
                data.groups[group.id] = group

    if (plan_dir / "tasks.yaml").exists() or (plan_dir / "tasks.yaml").is_symlink():
        doc = _read(data, "plan/tasks.yaml")
        top = _mapping(doc, ("tasks",))
        if top is not None:
            _check_top_keys(doc, top, ("tasks",))
            for task in _load_items(data, doc, top, "tasks", Task, "task"):
                data.tasks[task.id] = task

    if (plan_dir / "agencies.yaml").exists() or (plan_dir / "agencies.yaml").is_symlink():
        doc = _read(data, "plan/agencies.yaml")
        keys = ("agencies", "collectives", "changes")
        top = _mapping(doc, keys)
        if top is not None:
            _check_top_keys(doc, top, keys)
            for agency in _load_items(data, doc, top, "agencies", Agency, "agency"):
                data.agencies[agency.id] = agency
            for collective in _load_items(data, doc, top, "collectives", Collective, "collective"):
                if ("agency", collective.id) in data.origins:
                    continue  # reported by the cross-reference check (ids are shared)
                data.collectives[collective.id] = collective
            if "changes" in top:
                data.changes = _load_items(data, doc, top, "changes", OrgChange, "change")


def _load_whole(data: _Loading, stem: str, model: type[M], expected: tuple[str, ...]) -> M | None:
    """``plan/<stem>.yaml`` validated as one ``model``; None when it is absent or invalid (its problems
    are on its document). Its origin is recorded as (``stem``, ``stem``)."""
    path = data.root / "plan" / f"{stem}.yaml"
    if not (path.exists() or path.is_symlink()):
        return None
    doc = _read(data, f"plan/{stem}.yaml")
    top = _mapping(doc, expected)
    if top is None:
        return None
    item, problems = validate(doc, model, top)
    _add(doc, problems)
    if item is not None:
        data.origins[(stem, stem)] = Origin(doc, ())
    return item


def _load_demonstration(data: _Loading) -> None:
    """The demonstration marker: exactly ``demonstration: true``, or a positioned error and no demonstration."""
    path = data.root / DEMONSTRATION_FILE
    if not (path.exists() or path.is_symlink()):
        return
    doc = _read(data, DEMONSTRATION_FILE)
    top = _mapping(doc, ("demonstration",))
    if top is None:
        return
    _check_top_keys(doc, top, ("demonstration",))
    if "demonstration" not in top:
        said = msg("{name} is required but missing", name=verbatim("`demonstration`"))
        doc.problems.append(Problem(doc.path, 1, 1, "missing-key", said))  # type: ignore[arg-type]
    elif top["demonstration"] is not True:
        said = msg(
            "`demonstration` must be `true` (the data root is a demonstration); delete {file} if it is not",
            file=DEMONSTRATION_FILE,
        )
        doc.problems.append(doc.problem(("demonstration",), "invalid-value", said))
    data.demonstration = not any(p.severity is Severity.ERROR for p in doc.problems)


def _load_indicators(data: _Loading) -> None:
    for relpath in _yaml_files(data, "indicators"):
        doc = _read(data, relpath)
        top = _mapping(doc, ("id", "name", "target"))
        if top is None:
            continue
        indicator, problems = validate(doc, Indicator, top)
        _add(doc, problems)
        if indicator is None:
            data.note_invalid("indicator", top)
            continue
        stem = Path(relpath).stem
        if indicator.id != stem:
            doc.problems.append(
                doc.problem(
                    ("id",),
                    "misplaced",
                    msg("id `{id}` does not match the file name `{stem}`", id=indicator.id, stem=stem),
                )
            )
        if ("indicator", indicator.id) in data.origins:
            first = data.origins[("indicator", indicator.id)].doc.path
            doc.problems.append(
                doc.problem(
                    ("id",),
                    "duplicate-id",
                    msg("indicator `{id}` is also defined in {file}", id=indicator.id, file=first),
                )
            )
            continue
        data.origins[("indicator", indicator.id)] = Origin(doc, ())
        data.indicators[indicator.id] = indicator


def _not_a_report(data: _Loading, rel: str) -> bool:
    """Report (and say True for) a symbolic link where a report or its folder belongs (issue #10, attack
    review hole 2): its content is another file's, so no commit of it can be a receipt; never followed."""
    if not (data.root / rel).is_symlink():
        return False
    try:
        inside = (data.root / rel).resolve(strict=True).is_relative_to(data.root.resolve(strict=True))
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        return False  # `outside-root` or a broken link, said where it is read (and never followed)
    data.problems.add(
        Problem(
            rel,
            1,
            1,
            "not-a-report",
            msg("is a symbolic link: reports are files of their own in submissions/<year>/, never links"),  # type: ignore[arg-type]
        )
    )
    return True


def _load_submissions(data: _Loading) -> None:
    if _not_a_report(data, "submissions"):
        return
    entries = _folder_entries(data, "submissions", required=False)
    for entry in entries:
        rel = f"submissions/{entry.name}"
        if _skipped(data, rel, entry.name) or _not_a_report(data, rel):
            continue
        if _is_folder(data, rel, entry):
            year = int(entry.name) if entry.name.isdigit() and len(entry.name) == 4 else None
            if year is None:
                data.problems.add(
                    Problem(rel, 1, 1, "misplaced", msg("folders under submissions/ are years, e.g. submissions/2025/"))  # type: ignore[arg-type]
                )
                continue
            for relpath in _yaml_files(data, rel):
                if not _not_a_report(data, relpath):
                    _load_submission(data, relpath, year)
        elif _yaml_name(entry.name) is not None:
            data.problems.add(
                Problem(
                    rel,
                    1,
                    1,
                    "misplaced",
                    msg("submissions go in a year folder: submissions/<year>/<agency>.yaml"),  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
                )  # type: ignore[arg-type]
            )
        elif not _is_link_outside(data, rel):
            data.problems.add(Problem(rel, 1, 1, "stray-file", msg("is not a YAML file; ignored"), Severity.WARNING))  # type: ignore[arg-type]
    for relpath in data.overlay:
        if relpath not in data.documents:  # a new report: not on disk yet
            _load_submission(data, relpath, int(relpath.split("/")[1]))


def _load_submission(data: _Loading, relpath: str, year: int) -> None:
    doc = _read(data, relpath)
    top = _mapping(doc, ("agency", "year"))
    if top is None:
        if data.each is not None:
            _streamed(data, doc, None, partial=True)
        return
    submission, problems = validate(doc, Submission, top, indicator_at=_figure_indicator(data))
    _add(doc, problems)
    # NFC: names from macOS arrive decomposed; the comparison with the agency id must not care.
    stem = unicodedata.normalize("NFC", Path(relpath).stem)
    whole = submission is not None and not any(p.severity is Severity.ERROR for p in doc.problems)
    model = submission or salvage(Submission, top)
    loaded = LoadedSubmission(model, doc, year, stem) if model is not None else None
    if data.each is not None:
        _streamed(data, doc, loaded, partial=not whole)
    elif loaded is not None:
        (data.submissions if whole else data.partial_submissions).append(loaded)


def _streamed(data: _Loading, doc: Document, loaded: LoadedSubmission | None, *, partial: bool) -> None:
    """One report through the stream (``load``): checked, its problems kept, released, what is wanted kept."""
    assert data.each is not None
    found, kept = data.each(loaded, partial) if loaded is not None else ([], None)
    data.problems.extend(_capped(doc.problems))
    data.problems.extend(found)
    doc.release()
    if kept is not None:
        data.submissions.append(kept)
    elif not doc.problems and not found and doc.path not in data.overlay:
        # Nothing to say about it and nothing kept: not even its path stays (20,000 reports, issue #17). An
        # overlay text stays: it is in memory anyway, and must not be taken for a new report below.
        del data.documents[doc.path]
        data.dropped += 1


def submission_from_text(data: Dataset, relpath: str, text: str) -> LoadedSubmission | None:
    """A report as it was in an earlier revision (its text from git, decoded by ``decode`` as a file on disk
    is), if it reads and validates; else None.

    Issue #10: the receipt is the first revision at which the report was usable, so earlier revisions are
    validated the same way as the file on disk (against the plan and indicators as they are now).
    """
    doc = parse_text(relpath, text)
    top = _mapping(doc, ("agency", "year"))
    if top is None or any(p.severity is Severity.ERROR for p in doc.problems):
        return None
    submission, problems = validate(doc, Submission, top, indicator_at=_figure_indicator(data))
    if submission is None or any(p.severity is Severity.ERROR for p in problems):
        return None
    parts = PurePosixPath(relpath).parts
    year = int(parts[-2]) if len(parts) >= 2 and parts[-2].isdigit() else None
    stem = unicodedata.normalize("NFC", PurePosixPath(relpath).stem)
    return LoadedSubmission(submission, doc, year, stem)


def _figure_indicator(data: Dataset | _Loading) -> IndicatorAt:
    """The indicator a location inside a submission is a figure of (for unit-aware number advice)."""

    def at(path: Loc) -> Indicator | None:
        if len(path) >= 3 and path[0] == "figures":
            return data.indicators.get(str(path[1]))
        return None

    return at


# --------------------------------------------------------------------------------------------------
# Finding the files (issue #6: the file system is input too)

# What Notepad and Windows Explorer make of `so-b.yaml`: refused with the name to use instead.
_MISNAMED = re.compile(r"^(?P<stem>.+?)\.(?P<ext>ya?ml)(\.txt)?\s*$", re.IGNORECASE)


def _yaml_name(name: str) -> str | None:
    """The name a YAML file should have (``so-b.yaml``) if ``name`` is one, however misspelt; else None."""
    match = _MISNAMED.match(name)
    if match is None:
        return None
    return f"{match['stem']}.{match['ext'].lower()}"


def _skipped(data: _Loading, rel: str, name: str) -> bool:
    """Names never read: ignored housekeeping files, and names that cannot be printed or typed."""
    if name in _IGNORED_NAMES or name.startswith("."):
        return True
    if not name.isprintable():
        # A newline or an undecodable byte in a name would corrupt every line that quotes it.
        data.problems.add(
            Problem(
                rel,
                1,
                1,
                "bad-file-name",
                msg("has control characters or undecodable bytes in its name; rename it"),  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
            )  # type: ignore[arg-type]
        )
        return True
    return False


def _is_link_outside(data: _Loading, rel: str) -> bool:
    """Report (and say True for) a link that leaves the data root: never followed, never listed."""
    path = data.root / rel
    if not path.is_symlink():
        return False
    try:
        inside = path.resolve(strict=True).is_relative_to(data.root.resolve(strict=True))
    except (OSError, RuntimeError):
        data.problems.add(Problem(rel, 1, 1, "file-unreadable", msg("is a broken link or a link loop")))  # type: ignore[arg-type]
        return True
    if inside:
        return False
    said = msg("is a link to a place outside the data root; it was not read")
    data.problems.add(Problem(rel, 1, 1, "outside-root", said))  # type: ignore[arg-type]
    return True


def _is_folder(data: _Loading, rel: str, entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a folder to look into (a link to a folder inside the root counts)."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return True
        return entry.is_symlink() and not _is_link_outside(data, rel) and entry.is_dir()
    except OSError:
        return False


def _folder_entries(data: _Loading, folder: str, *, required: bool) -> list[os.DirEntry[str]]:
    """The entries of ``root/folder`` sorted by name, or none with a problem saying why."""
    base = data.root / folder
    if not base.exists() and not base.is_symlink():
        if required:
            data.problems.add(Problem(folder, 1, 1, "missing-file", msg("folder is missing")))  # type: ignore[arg-type]
        return []
    if _is_link_outside(data, folder):
        return []
    if not base.is_dir():
        said = msg("is a file; `{folder}` must be a folder", folder=folder)
        data.problems.add(Problem(folder, 1, 1, "not-a-folder", said))  # type: ignore[arg-type]
        return []
    try:
        with os.scandir(base) as scan:
            return sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        data.problems.add(
            Problem(folder, 1, 1, "file-unreadable", msg("folder cannot be listed ({reason})", reason=reason))  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
        )  # type: ignore[arg-type]
        return []


def _yaml_files(data: _Loading, folder: str) -> list[str]:
    out: list[str] = []
    seen: dict[str, str] = {}  # stem -> name: so-b.yaml and so-b.yml are one file too many
    for entry in _folder_entries(data, folder, required=False):
        rel = f"{folder}/{entry.name}"
        if _skipped(data, rel, entry.name):
            continue
        proper = _yaml_name(entry.name)
        if proper is not None and proper != entry.name:
            said = msg("is not read as YAML under this name; rename it {name}", name=shown(proper))
            data.problems.add(Problem(rel, 1, 1, "misnamed", said))  # type: ignore[arg-type]
        elif entry.name.endswith(YAML_SUFFIXES):
            stem = unicodedata.normalize("NFC", entry.name.rsplit(".", 1)[0])
            if stem in seen:
                data.problems.add(
                    Problem(
                        rel,
                        1,
                        1,
                        "duplicate-file",
                        msg("{name} is in this folder too; keep one of them", name=seen[stem]),  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
                    )  # type: ignore[arg-type]
                )
                continue
            seen[stem] = entry.name
            out.append(rel)  # directories, pipes and links named *.yaml are reported by read_document
        elif _is_link_outside(data, rel):
            continue
        elif _is_folder(data, rel, entry):
            said = msg("unexpected folder in {folder}/; ignored", folder=folder)
            data.problems.add(Problem(rel, 1, 1, "stray-file", said, Severity.WARNING))  # type: ignore[arg-type]
        else:
            said = msg("is not a YAML file (.yaml); ignored")
            data.problems.add(Problem(rel, 1, 1, "stray-file", said, Severity.WARNING))  # type: ignore[arg-type]
    return out


def _report_strays(data: _Loading, folder: str, known: set[str]) -> None:
    for entry in _folder_entries(data, folder, required=True):
        rel = f"{folder}/{entry.name}"
        if entry.name in known or _skipped(data, rel, entry.name) or _is_link_outside(data, rel):
            continue
        said = msg("is not a file kh113 reads; ignored{hint}", hint=suggest(entry.name, known))
        data.problems.add(Problem(rel, 1, 1, "stray-file", said, Severity.WARNING))  # type: ignore[arg-type]
