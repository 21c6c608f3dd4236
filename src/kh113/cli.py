"""The ``kh113`` command line: parse options, call one core function, map the result to an exit code.

Exit codes (also in ``kh113 --help`` and the README):
  0  all good
  1  problems found in the data (or a command refused to overwrite a file)
  2  usage error: bad option, unknown id, no data root
  3  internal error (a bug in kh113: please report it)

Business logic lives in the core modules; nothing here computes. Heavy imports (Pydantic models, Rich,
Jinja) happen inside the commands so that ``kh113 --help`` starts instantly (issue #7).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from . import __version__
from .messages import msg
from .options import (
    DATE_METAVAR,
    STATUS_HELP,
    AllowShallow,
    BomOption,
    CheckAsOfOption,
    CheckFormatOption,
    CheckYearOption,
    DateOption,
    ExportFormat,
    ExportFormatOption,
    FailOnOption,
    IndicatorOption,
    MethodOption,
    NumberOption,
    OnlyOption,
    ProblemFormatOption,
    ProgressMethod,
    PullRequestOption,
    ReportAgencyOption,
    ReportAsOfOption,
    ReportForceOption,
    ReportFormat,
    ReportFormatOption,
    ReportOutputOption,
    ReportYearOption,
    StatusAgencyOption,
    StatusFormat,
    StatusFormatOption,
    StatusGroupOption,
    StatusYearOption,
    TableJson,
    TableJsonOption,
    YearOption,
)
from .render.commandline import Command, Group

__all__ = ["STATUS_HELP", "ReportFormat", "app", "run"]  # also named from here by the tests and docs

if TYPE_CHECKING:
    from .compute.commands import Notices, Outcome
    from .render import View

EXIT_CODES_HELP = (
    "Exit codes: 0 all good; 1 problems found (also when submission files with errors were left out: the "
    "output is still produced without them); 2 usage error; 3 internal error."
)

app = typer.Typer(
    name="kh113",
    cls=Group,
    help=(
        "Track Kế hoạch 113/KH-UBND (Cà Mau, 13/5/2024), which carries out Resolution 42-NQ/TW on social "
        "policy: the plan as data, yearly figures, gaps to the 2030 targets and missing reports.\n\n"
        "The data root is --root, else $KH113_ROOT, else the nearest parent folder holding plan/.\n\n" + EXIT_CODES_HELP
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


class Lang(StrEnum):
    vi = "vi"
    en = "en"


class State:
    def __init__(self, root: Path | None) -> None:
        self.root_option = root

    def root(self) -> Path:
        from .validate.loading import find_root

        return find_root(self.root_option, os.environ.get("KH113_ROOT"), Path.cwd())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kh113 {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Data root (folder holding plan/, indicators/, submissions/). "
            "Default: $KH113_ROOT, else the nearest parent with plan/.",
        ),
    ] = None,
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Language of help, labels and messages for every command: vi (default) or en. A command's own "
            "--lang wins. Default from $KH113_LANG.",
        ),
    ] = None,
) -> None:
    ctx.obj = State(root)
    # Each run chooses again (tests run many commands in one process); `kh113 --lang en status` is read as
    # `kh113 status --lang en`.
    _root_lang[:] = [lang.value] if lang is not None else []
    _chosen_lang[:] = _root_lang


# --------------------------------------------------------------------------------------------------
# Shared option types and helpers


_chosen_lang: list[str] = []  # the language a command chose, for the messages the error handler prints
_root_lang: list[str] = []  # `kh113 --lang en …`: the language of every command that has no --lang of its own


def _default_lang() -> str:
    if _root_lang:
        return _root_lang[0]
    return os.environ.get("KH113_LANG") or "vi"  # unset or empty: Vietnamese


def _remember_lang(value: Lang | None) -> Lang | None:
    # Parsed before the command runs: problems found while loading are worded in the language asked for.
    if value is not None:
        _chosen_lang[:] = [value.value]
    return value


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        callback=_remember_lang,
        help="Language of labels and messages: vi (default) or en. Default from $KH113_LANG.",
    ),
]


def _lang(value: Lang | None) -> str:
    from .i18n import check_language

    chosen = check_language(value.value if value is not None else _default_lang())
    _chosen_lang[:] = [chosen]
    return chosen


def _reader_lang() -> str:
    """The language messages are printed in: the command's --lang, else kh113's --lang, else $KH113_LANG, else vi."""
    from .i18n import LANGUAGES

    lang = _chosen_lang[0] if _chosen_lang else _default_lang()
    return lang if lang in LANGUAGES else "vi"


def _reader() -> Callable[[str], str]:
    """The gettext of the language messages are printed in (``_reader_lang``)."""
    from .i18n import translator

    return translator(_reader_lang())


def problem_line(problem: Any) -> str:
    """``path:line:col: code: message`` in the reader's language."""
    return str(problem.line_text(_reader()))


def _error_text(exc: BaseException) -> str:
    """An error's message in the reader's language (errors raised with a Message), else as raised."""
    from .messages import Message

    said = exc.args[0] if exc.args else None
    return said.text(_reader(), lang=_reader_lang()) if isinstance(said, Message) else str(exc)


def _today_in_ca_mau() -> dt.date:
    """Today in Cà Mau (UTC+7): the one "today" of every command (receipt dates and deadlines are Cà Mau days).

    The clock is read here, in the CLI only; the core takes the date. A machine elsewhere (a CI runner on
    UTC) near midnight would otherwise disagree with the plan's calendar, and commands with one another.
    """
    from .compute.receipt import VIETNAM

    return dt.datetime.now(VIETNAM).date()


def parse_date(value: str | None, what: str = "--on") -> dt.date:
    from .compute.commands import parse_day

    return _today_in_ca_mau() if value is None else parse_day(value, what)


def _color() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def emit(view: View, fmt: str, *, bom: bool = False) -> None:
    from .problems import UsageError
    from .render import Options, render

    if bom and fmt != "csv":
        raise UsageError(msg("--bom applies to --format csv only"))
    render(view, fmt, sys.stdout, Options(color=_color() and fmt == "table", bom=bom))


def err(message: str) -> None:
    typer.echo(message, err=True)


def handle_errors(func: F) -> F:
    """Turn kh113 errors into a message and an exit code; anything unexpected into exit 3, briefly."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .compute.commands import Notices, Outcome, notices_of
        from .problems import DataError, Kh113Error

        try:
            _said.clear()
            func(*args, **kwargs)
            # A command that printed its output without `finish`: what it said decides (files left out: 1).
            finish(Outcome(notices=sum(_said, Notices())))
        except typer.Exit:
            raise
        except DataError as exc:
            say(notices_of(exc))
            for problem in exc.problems:
                err(problem_line(problem))
            err(f"kh113: {_error_text(exc)}")
            raise typer.Exit(exc.exit_code) from None
        except Kh113Error as exc:
            say(notices_of(exc))
            err(f"kh113: {_error_text(exc)}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err(f"kh113: {msg('interrupted').text(_reader())}")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`kh113 status | head`): not an error. Point stdout at /dev/null so the
            # interpreter's final flush does not complain either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:  # the last resort: a bug, reported without a traceback
            if os.environ.get("KH113_DEBUG"):
                raise
            bug = msg(
                "internal error ({kind}: {error}). This is a bug in kh113; rerun with KH113_DEBUG=1 for details "
                "and report it.",
                kind=type(exc).__name__,
                error=str(exc),
            )
            err(f"kh113: {bug.text(_reader())}")
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


_said: list[Notices] = []  # what the running command said (`say`), for its exit code (`handle_errors`)


def say(notices: Notices) -> None:
    """The notices of a result on stderr: the submission files left out (listed), the data's warnings."""
    _said.append(notices)
    for problem in notices.skipped:
        err(problem_line(problem))
    if notices.skipped:
        left_out = msg(
            "{count} submission file(s) with errors were left out (listed above); run `kh113 validate`",
            count=notices.skipped_files,
        )
        err(f"kh113: {left_out.text(_reader())}")
    if notices.warnings:
        warned = msg("{count} warning(s) in the data; run `kh113 validate` to see them", count=notices.warnings)
        err(f"kh113: {warned.text(_reader())}")


def finish(outcome: Outcome) -> NoReturn:
    """The one mapping of a result to an exit code: 1 when it failed or left submission files out, else 0."""
    raise typer.Exit(outcome.exit_code)


# --------------------------------------------------------------------------------------------------
# Commands


@app.command(cls=Command)
@handle_errors
def validate(
    ctx: typer.Context,
    format: ProblemFormatOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    lang: LangOption = None,
) -> None:
    """Check every file of the data root: YAML, schemas and cross-references.

    All files are checked in one run; each problem is printed as path:line:col: code: message.
    Exit 0 when valid, 1 when any error (or any warning with --strict), 2 on usage errors.
    """
    from .compute import commands
    from .render.views import problems_view

    result = commands.validate(
        ctx.obj.root(), strict=strict, format=_chosen(format), environ=os.environ, template_problems=_template_problems
    )
    view = problems_view(result.problems, _lang(lang), result.files)
    # The problems are what `validate` produces, so they go to stdout in every format (as with yamllint
    # and `kh113 check`): `kh113 validate | grep so-y-te` and `> problems.txt` work.
    emit(view, result.format)
    finish(result)


def _template_problems(root: Path) -> list[Any]:
    """Issue #10: the data root's templates stay inside it and parse (the render stage checks them)."""
    from .render.report_formats import template_problems

    return template_problems(root)


def _chosen(option: StrEnum | None) -> str | None:
    return str(option) if option is not None else None


@app.command(cls=Command)
@handle_errors
def tasks(
    ctx: typer.Context,
    agency: Annotated[
        str | None,
        typer.Option("--agency", help="Only tasks this agency leads (id; collectives and successors count)."),
    ] = None,
    group: Annotated[
        int | None, typer.Option("--group", min=1, max=9, help="Only tasks of this task group (1-9).")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar=DATE_METAVAR,
            help="Date for 'responsible on' (YYYY-MM-DD or DD/MM/YYYY). Default: today in Cà Mau.",
        ),
    ] = None,
    format: TableJsonOption = TableJson("table"),
    lang: LangOption = None,
) -> None:
    """List the 29 annex tasks with their lead agencies, products and timelines."""
    from .compute import commands
    from .render.views import tasks_view

    result = commands.tasks(ctx.obj.root(), agency=agency, group=group, on=on, today=_today_in_ca_mau())
    say(result.notices)
    emit(tasks_view(result.data, result.tasks, result.on, _lang(lang)), str(format))


@app.command(cls=Command)
@handle_errors
def indicators(
    ctx: typer.Context,
    group: Annotated[
        int | None, typer.Option("--group", min=1, max=9, help="Only indicators of this task group (1-9).")
    ] = None,
    format: TableJsonOption = TableJson("table"),
    lang: LangOption = None,
) -> None:
    """List the 2030 targets (section II.2.1) with unit, target and responsible agencies."""
    from .compute import commands
    from .render.views import indicators_view

    result = commands.indicators(ctx.obj.root(), group=group, today=_today_in_ca_mau())
    say(result.notices)
    emit(indicators_view(result.data, result.indicators, _lang(lang)), str(format))


@app.command(cls=Command)
@handle_errors
def agencies(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar=DATE_METAVAR,
            help="Show the agencies as of this date (YYYY-MM-DD or DD/MM/YYYY). Default: today in Cà Mau.",
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Also list agencies dissolved by that date, with their successors.")
    ] = False,
    format: TableJsonOption = TableJson("table"),
    lang: LangOption = None,
) -> None:
    """List agencies and collectives as they stand on a date (after the 2025 mergers by default)."""
    from .compute import commands
    from .render.views import agencies_view

    result = commands.agencies(ctx.obj.root(), on=on, today=_today_in_ca_mau())
    say(result.notices)
    emit(agencies_view(result.data, result.on, _lang(lang), include_past=all_), str(format))


# --------------------------------------------------------------------------------------------------
# status and export (issue #3)


@app.command(cls=Command)
@handle_errors
def status(
    ctx: typer.Context,
    year: StatusYearOption = None,
    agency: StatusAgencyOption = None,
    group: StatusGroupOption = None,
    indicator: IndicatorOption = None,
    only: OnlyOption = None,
    format: StatusFormatOption = StatusFormat("table"),
    lang: LangOption = None,
    fail_on: FailOnOption = None,
    bom: BomOption = False,
    method: MethodOption = ProgressMethod("unsd-2022"),
) -> None:
    """Where each 2030 target stands: latest figure, gap, pace, projection and progress class.

    The class follows the UN Statistics Division's SDG Progress Chart method, 2022 edition (compound growth
    actual vs required) or with --method unsd-2023 the 2023 edition (projected vs required progress); as
    of the target year only achieved or not_achieved. Agency submissions win over published figures for
    the same year; figures on the two sides of a series break (1/7/2025 merger) are not combined into one
    trend. See docs/status.md.
    """
    from .compute import commands
    from .render.views import status_view

    result = commands.status(
        ctx.obj.root(),
        year=year,
        agency=agency,
        group=group,
        indicators=indicator or [],
        only=only,
        fail_on=fail_on,
        method=str(method),
        today=_today_in_ca_mau(),
    )
    say(result.notices)
    emit(status_view(result.data, result.results, result.year, _lang(lang), result.method), str(format), bom=bom)
    if result.failing:
        failing = msg(
            "{count} indicator(s) with status {statuses} (--fail-on)",
            count=result.failing_count,
            statuses=", ".join(result.failing),
        )
        err(f"kh113: {failing.text(_reader())}")
    finish(result)


@app.command(cls=Command)
@handle_errors
def export(
    ctx: typer.Context,
    format: ExportFormatOption = ExportFormat("csv"),
    bom: BomOption = False,
    revisions: Annotated[
        bool,
        typer.Option(
            "--revisions",
            help="Instead: every value each figure of each report had on the branch's first-parent history, "
            "with the commit and its date (an audit trail; needs git).",
        ),
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            callback=_remember_lang,
            help="Language of the messages on standard error (files left out, warnings): vi (default) or en. "
            "The columns and values are data and keep their names. Default from $KH113_LANG.",
        ),
    ] = None,
) -> None:
    """Every recorded figure as a tidy table: indicator, year, value, unit, source, agency, file:line.

    Published figures (indicators/) and agency submissions (submissions/) as recorded, before any
    merging; drafts without a value are left out. For spreadsheets and further analysis.
    """
    from .compute import commands
    from .render.views import export_view, revisions_view

    _lang(lang)
    result = commands.export(ctx.obj.root(), revisions=revisions, environ=os.environ)
    say(result.notices)
    if result.revisions is not None:
        emit(revisions_view(result.revisions), str(format), bom=bom)
    else:
        assert result.data is not None
        emit(export_view(result.data, result.recorded, result.order), str(format), bom=bom)


# Yearly submissions (issue #4): expected, check, new, schema, codeowners


@app.command(cls=Command)
@handle_errors
def expected(
    ctx: typer.Context,
    year: YearOption = None,
    format: TableJsonOption = TableJson("table"),
    lang: LangOption = None,
) -> None:
    """Who owes a report for a year and what it must contain (tasks, figures), after the 2025 mergers.

    Responsibility is resolved on the year's due date (section V: before 30/10; 2024: before 30/8);
    collective leads are expanded to their members. See docs/submissions.md.
    """
    from .compute import commands
    from .render.views import expected_view

    result = commands.expected(ctx.obj.root(), year=year, today=_today_in_ca_mau())
    say(result.notices)
    emit(expected_view(result.data, result.expectations, _lang(lang)), str(format))


@app.command(cls=Command)
@handle_errors
def check(
    ctx: typer.Context,
    year: CheckYearOption = None,
    as_of: CheckAsOfOption = None,
    agency: Annotated[
        list[str] | None,
        typer.Option("--agency", "-a", help="Only this agency's report (id; repeat for several). Default: all."),
    ] = None,
    format: CheckFormatOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings (due-soon, receipt dates) too.")
    ] = False,
    allow_shallow: AllowShallow = False,
    pull_request: PullRequestOption = None,
    lang: LangOption = None,
) -> None:
    """Find missing, late, incomplete, out-of-scope and misplaced reports for a year.

    A report is received on the date of the first commit of the branch's first-parent history at which it
    is usable and complete (a merged pull request: its merge commit); outside git, its `submitted` date.
    A report is on time when received before the plan's due date (before 30/10: 29/10 at the latest).
    Exit 0 when no error, 1 when any error (or any warning with --strict), 2 on usage errors.
    """
    from .compute import commands
    from .render.views import check_view

    result = commands.check(
        ctx.obj.root(),
        year=year,
        as_of=parse_date(as_of, "--as-of"),
        agencies=agency or [],
        strict=strict,
        allow_shallow=allow_shallow,
        pull_request=pull_request,
        format=_chosen(format),
        environ=os.environ,
    )
    emit(check_view(result.result, _lang(lang), summary=result.format != "json"), result.format)
    finish(result)


@app.command(cls=Command)
@handle_errors
def new(
    ctx: typer.Context,
    agency: Annotated[str, typer.Argument(help="Agency id, as `kh113 expected` lists it (e.g. so-y-te).")],
    year: YearOption = None,
    lang: LangOption = None,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Write an Excel workbook to fill in instead (see `kh113 import`).")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Workbook file (default: bao-cao-<agency>-<year>.xlsx).")
    ] = None,
) -> None:
    """Create submissions/<year>/<agency>.yaml with every figure and task the agency owes, to fill in.

    Never overwrites: if the file exists, nothing is written and the exit code is 1. The first line links
    the JSON Schema in the data root's schemas/ folder (`kh113 schema --output schemas`) for editors.
    With --xlsx, writes the same content as an Excel workbook for a clerk, outside submissions/.
    """
    if xlsx:
        _new_workbook(ctx, agency, year, lang, output)
        return
    if output is not None:
        from .problems import UsageError

        raise UsageError(msg("--output is for --xlsx; the YAML report always goes to submissions/<year>/"))
    from .compute import commands
    from .i18n import translator
    from .render.scaffold import NO_SCHEMA, SCHEMA_FOLDERS, new_submission
    from .render.views import written_view
    from .render.writing import write_new

    _ = translator(_lang(lang))
    owing = commands.new(ctx.obj.root(), agency=agency, year=year, today=_today_in_ca_mau())
    say(owing.notices)
    data = owing.data
    relpath, text, schema = new_submission(data, owing.expectations, owing.obligation, _)
    target = data.root / relpath
    write_new(target, text, shown=relpath, rivals=(target.with_suffix(".yml"),), within=data.root)
    emit(written_view([(relpath, "written")], _lang(lang)), "text")
    if schema is None:
        err("kh113: " + _(NO_SCHEMA).format(folder=SCHEMA_FOLDERS[0]))


def _new_workbook(ctx: typer.Context, agency: str, year: int | None, lang: Lang | None, output: Path | None) -> None:
    """`kh113 new --xlsx`: the workbook of what ``agency`` owes (issue #14)."""
    from .compute import commands
    from .i18n import translator
    from .render.views import written_view
    from .render.workbook import new_workbook
    from .render.writing import write_new

    language = _lang(lang)
    owing = commands.new(ctx.obj.root(), agency=agency, year=year, today=_today_in_ca_mau(), workbook=True)
    say(owing.notices)
    target = commands.workbook_target(owing, output)
    write_new(target, new_workbook(owing.data, owing.obligation, language, translator(language)))
    emit(written_view([(str(target), "written")], language), "text")


@app.command("import", cls=Command)
@handle_errors
def import_(
    ctx: typer.Context,
    workbook: Annotated[Path, typer.Argument(help="A workbook made by `kh113 new --xlsx` and filled in.")],
    update: Annotated[
        bool, typer.Option("--update", help="Replace an existing report (a new revision, which git dates).")
    ] = False,
    year: Annotated[
        int | None, typer.Option("--year", help="Refuse a workbook made for another year than this.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Turn a filled workbook into submissions/<year>/<agency>.yaml, after the checks `kh113 validate` runs.

    Every problem is printed as workbook.xlsx:Sheet!C7: code: message, and nothing is written (exit 1).
    Never overwrites an existing report unless --update is given.
    """
    from .compute import commands
    from .i18n import translator
    from .problems import WriteRefused
    from .render.views import written_view
    from .render.writing import write_new, write_replacing

    _ = translator(_lang(lang))
    result = commands.import_workbook(ctx.obj.root(), workbook, year=year, update=update, translate_for=translator)
    say(result.notices)
    for problem in result.problems:
        err(problem.worded(_))
    if result.failed or result.relpath is None or result.text is None:
        err("kh113: " + _("nothing was written; fix the cells above and run `kh113 import` again"))
        finish(result)
    if result.refusal is not None:
        raise WriteRefused(result.refusal)
    target = ctx.obj.root() / result.relpath
    outcome = "written"
    if result.replace and target.exists():
        outcome = write_replacing(target, result.text, force=True)  # "unchanged" when it is the same report
    else:
        write_new(
            target, result.text, shown=result.relpath, rivals=(target.with_suffix(".yml"),), within=ctx.obj.root()
        )
    emit(written_view([(result.relpath, outcome)], _lang(lang)), "text")


@app.command(cls=Command)
@handle_errors
def schema(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write <kind>.schema.json files into this folder: `schemas` in a data repository (commit it; "
            "`kh113 new` links it, `kh113 validate` warns when it is stale), src/kh113/schemas with --generic "
            "in kh113's own. Default: print them all as one JSON object.",
        ),
    ] = None,
    generic: Annotated[
        bool,
        typer.Option(
            "--generic",
            help="Schemas for any data root (the ones packaged in kh113), without this root's ids and units.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace schema files whose content differs.")] = False,
    lang: LangOption = None,
) -> None:
    """JSON Schemas for every file kind (plan, groups, tasks, agencies, indicator, submission), for this data root.

    Editors with the YAML language server use them to complete and check files as they are typed: the
    submission schema lists the root's agencies, indicators and tasks (with their Vietnamese names) and the
    bounds of each indicator's unit.
    """
    from .compute import commands
    from .render import View
    from .render.views import written_view
    from .render.writing import write_replacing
    from .validate.jsonschemas import as_text, file_name

    schemas = commands.schemas(None if generic else ctx.obj.root(), generic=generic)
    if output is None:
        emit(View(title="schemas", columns=[], rows=[], payload=schemas), "json")
        return
    results = []
    for kind, body in schemas.items():
        target = output / file_name(kind)
        results.append((str(target), write_replacing(target, as_text(body), force=force)))
    emit(written_view(results, _lang(lang)), "text")


@app.command(cls=Command)
@handle_errors
def codeowners(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (e.g. .github/CODEOWNERS). Default: print it."),
    ] = None,
    default_owner: Annotated[
        str | None,
        typer.Option("--default-owner", help="Owner of everything else, e.g. @org/analysts (listed first)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if its content differs.")] = False,
    lang: LangOption = None,
) -> None:
    """Generate CODEOWNERS from the optional `team` of each agency, so an agency changes only its own reports."""
    from .compute import commands
    from .i18n import translator
    from .render import View
    from .render.views import written_view
    from .render.writing import write_replacing

    language = _lang(lang)
    said = commands.codeowners(ctx.obj.root(), default_owner=default_owner, today=_today_in_ca_mau())
    _ = translator(language)
    lines = [line if isinstance(line, str) else line.text(_, lang=language) for line in said]
    if output is None:
        emit(View(title="CODEOWNERS", columns=[], rows=[], payload={"lines": lines}, lines=lines), "text")
        return
    outcome = write_replacing(output, "\n".join(lines) + "\n", force=force)
    emit(written_view([(str(output), outcome)], language), "text")


@app.command(cls=Command)
@handle_errors
def changes(
    ctx: typer.Context,
    base: Annotated[str, typer.Option("--base", help="The pull request's base commit (e.g. its base sha).")],
    head: Annotated[str, typer.Option("--head", help="The pull request's head or merge commit.")] = "HEAD",
    lang: LangOption = None,
) -> None:
    """List the reports a pull request adds, changes, renames or deletes, and refuse what it may not change.

    Prints `<year> <agency>` per report (for `kh113 check --year <year> --agency <agency>`). Exit 1 when the
    pull request changes a file under submissions/ that is not a report, the reports of several agencies,
    or reports together with plan/, indicators/, templates/, schemas/ or .github/ (docs/submissions.md).
    """
    from .compute import commands
    from .i18n import translator

    scope = commands.changes(ctx.obj.root(), base=base, head=head)
    for year, agency in scope.reports:
        typer.echo(f"{year} {agency}")
    _ = translator(_lang(lang))
    for problem in scope.problems:
        err(problem.line_text(_))
    raise typer.Exit(1 if scope.problems else 0)


@app.command(cls=Command)
@handle_errors
def report(
    ctx: typer.Context,
    year: ReportYearOption = None,
    agency: ReportAgencyOption = None,
    as_of: ReportAsOfOption = None,
    lang: LangOption = None,
    allow_shallow: AllowShallow = False,
    output: ReportOutputOption = None,
    format: ReportFormatOption = None,
    force: ReportForceOption = False,
    method: MethodOption = ProgressMethod("unsd-2022"),
    number: NumberOption = "",
    date: DateOption = None,
) -> None:
    """The yearly implementation report of plan 113, in Vietnamese (default) or English.

    Structured like a Vietnamese administrative report: who reported (rates, missing and late agencies),
    results against each 2030 target with charts, implementation of each annex task, difficulties and
    proposals quoted from the submissions, and what needs attention. Templates can be overridden by a
    `templates/` folder in the data root (docs/report.md).
    """
    from .compute import commands
    from .render import BINARY, rendered
    from .render.publishing import chart_folder, write_report
    from .render.report import any_chart, layout
    from .render.report_formats import report_view

    fmt = commands.report_format(_chosen(format), output, binary=BINARY, terminal=sys.stdout.isatty())
    result = commands.report(
        ctx.obj.root(),
        year=year,
        agency=agency,
        as_of=parse_date(as_of, "--as-of"),
        format=fmt,
        allow_shallow=allow_shallow,
        method=str(method),
        number=number,
        issued=date,
        environ=os.environ,
    )
    say(result.notices)
    folder = chart_folder(output) if output is not None and fmt == "markdown" else None
    prepared = layout(result.facts, lang=_lang(lang), chart_folder=folder, number=result.number, issued=result.issued)
    view = report_view(prepared, result.data.root)
    if output is None:
        emit(view, fmt)
        if fmt == "markdown" and any_chart(prepared):
            alone = msg("charts are written only with --output; Markdown on standard output refers to no chart files")
            err(f"kh113: {alone.text(_reader())}")
        return
    for path in write_report(output, rendered(view, fmt), prepared, force=force):
        err(f"kh113: {msg('wrote {path}', path=str(path)).text(_reader())}")


def run() -> None:
    """Console-script entry point."""
    from .render.console import encodable_output

    encodable_output()
    # A run keeps every file's data and models alive until it ends, and that data has no reference
    # cycles (aliases are refused): the cyclic collector would only re-scan the growing heap, which
    # costs a fifth of `kh113 validate` on 2,000 files. Collect rarely, as mypy's build does (issue #7).
    gc.set_threshold(200_000, 30, 30)
    try:
        code = app(prog_name="kh113", standalone_mode=False)
    except Exception as exc:
        # Typer ships its own copy of click, so its exceptions are recognised by shape, not by class:
        # usage errors know how to show themselves and carry their exit code (2).
        if type(exc).__name__ == "Abort":
            err(f"kh113: {msg('interrupted').text(_reader())}")
            sys.exit(130)
        if not (hasattr(exc, "show") and hasattr(exc, "exit_code")):
            raise
        exc.show()  # worded by render.commandline (our words, the reader's language)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
