"""The options of the ``kh113`` commands, as shared ``Annotated`` aliases (issue #13 item 4).

``cli.py`` declares each command with these, so that a signature reads as the list of what the command
takes. ``--format`` choices come from the render registry (``format_enum``); help texts are translated
(kh113.po), so an option that means something else for another command has an alias of its own.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .i18n import N_

# Metavars are message ids too (render.commandline words them when help is shown).
STATUSES_METAVAR = N_("STATUS[,STATUS]")
DATE_METAVAR = N_("<date>")


def format_enum(name: str, keys: list[str]) -> type[StrEnum]:
    """An enum of output formats for one command; the keys must come from the render registry.
    A StrEnum, so ``str(member)`` is the registry key."""
    from .render import FORMATS

    missing = [k for k in keys if k not in FORMATS]
    assert not missing, f"formats not in the registry: {missing}"
    return StrEnum(name, {k: k for k in keys})  # type: ignore[return-value]


TableJson = format_enum("TableJson", ["table", "json"])
ProblemFormat = format_enum("ProblemFormat", ["text", "table", "json", "github"])
StatusFormat = format_enum("StatusFormat", ["table", "json", "csv", "markdown"])
# Issue #16: the UNSD Progress Chart edition whose formula and cut-offs give the class (docs/status.md).
ProgressMethod = StrEnum("ProgressMethod", {"unsd-2022": "unsd-2022", "unsd-2023": "unsd-2023"})  # type: ignore[misc]
MethodOption = Annotated[
    ProgressMethod,  # type: ignore[valid-type]
    typer.Option(
        "--method",
        help="Progress method: unsd-2022 (default; actual / required compound growth rate, cut-offs 0.95, 0.5, "
        "-0.1 from plan.yaml) or unsd-2023 ((projected - baseline) / (target - baseline), cut-offs 0.95 and "
        "0.10). See docs/status.md.",
    ),
]
ExportFormat = format_enum("ExportFormat", ["csv", "json"])

CheckFormat = format_enum("CheckFormat", ["text", "json", "github"])
YearOption = Annotated[
    int | None,
    typer.Option("--year", "-y", min=2000, max=2100, help="Reporting year (e.g. 2025). Default: the current year."),
]

AllowShallow = Annotated[
    bool,
    typer.Option(
        "--allow-shallow",
        help="Accept a shallow git clone: a report present where the history is cut counts as received on the "
        "date of the cut commit (it may have arrived earlier).",
    ),
]
PullRequestOption = Annotated[
    bool | None,
    typer.Option(
        "--pull-request/--no-pull-request",
        help="HEAD is a pull request merged into its base (GitHub's merge ref): say when each report it brings "
        "in would count as received. Default: on when GITHUB_EVENT_NAME is a pull_request event.",
    ),
]

ReportFormat = format_enum("ReportFormat", ["markdown", "html", "docx"])

# Kept literal so `--help` needs no import of the core; a test checks it against progress.STATUSES.
STATUS_HELP = (
    "achieved, on_track, acceleration_needed, limited_progress, deterioration, not_achieved, insufficient_data, no_data"
)
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="Start CSV output with a UTF-8 byte-order mark so Excel shows Vietnamese correctly."),
]

# One alias per option as the commands share it: --year, --as-of and --format say what they mean for
# each command (their help texts are translated, kh113.po), so the aliases are per meaning.
ProblemFormatOption = Annotated[
    ProblemFormat | None,  # type: ignore[valid-type]
    typer.Option(
        "--format",
        "-f",
        help="text (path:line:col: code: message), table, json, or github annotations. "
        "Default: text, github under GitHub Actions.",
    ),
]
TableJsonOption = Annotated[TableJson, typer.Option("--format", "-f", help="table or json.")]  # type: ignore[valid-type]
StatusYearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        min=2000,
        max=2100,
        help="As-of year: figures for this year and earlier are used. Default: the current calendar year "
        "(agencies report each year's figures before 30/10 of that year).",
    ),
]
StatusFormatOption = Annotated[
    StatusFormat,  # type: ignore[valid-type]
    typer.Option(
        "--format",
        "-f",
        help="table (for people; Vietnamese numbers), json (the contract in docs/status.md), csv (one row per "
        "indicator, plain numbers) or markdown.",
    ),
]
ExportFormatOption = Annotated[
    ExportFormat,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="csv (default) or json."),
]
CheckYearOption = Annotated[
    int | None,
    typer.Option("--year", "-y", min=2000, max=2100, help="Reporting year (e.g. 2025). Default: the year of --as-of."),
]
CheckAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar=DATE_METAVAR,
        help="Judge as on this date (YYYY-MM-DD or DD/MM/YYYY). Default: today in Cà Mau.",
    ),
]
CheckFormatOption = Annotated[
    CheckFormat | None,  # type: ignore[valid-type]
    typer.Option(
        "--format",
        "-f",
        help="text (path:line:col: code: message, then a summary per agency), json, or github annotations. "
        "Default: text, github under GitHub Actions.",
    ),
]
ReportYearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        min=2000,
        max=2100,
        help="Reporting year (figures up to it, reports owed for it). Default: the current calendar year.",
    ),
]
ReportAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar=DATE_METAVAR,
        help="Date the report is made (YYYY-MM-DD or DD/MM/YYYY): decides which reports count as received, "
        "late or missing. Default: today in Cà Mau.",
    ),
]
ReportFormatOption = Annotated[
    ReportFormat | None,  # type: ignore[valid-type]
    typer.Option(
        "--format",
        "-f",
        help="markdown, html (one standalone page with inline CSS and charts, prints on A4), or docx (a Word "
        "document laid out by Nghị định 30/2020, from templates/report.docx; needs --output on a terminal). "
        "Default: from the --output suffix (.html, .docx), else markdown.",
    ),
]


# The options of status and report, so that their signatures read as the list of what they take.
StatusAgencyOption = Annotated[
    str | None,
    typer.Option(
        "--agency",
        help="Only indicators this agency answers for (id): as the plan names it, or by succession on "
        "31/12 of the as-of year (so-noi-vu answers for so-ldtbxh's labour targets from 2025).",
    ),
]
StatusGroupOption = Annotated[
    int | None, typer.Option("--group", min=1, max=9, help="Only indicators of this task group (1-9).")
]
IndicatorOption = Annotated[
    list[str] | None, typer.Option("--indicator", help="Only this indicator (id); repeat for several.")
]
OnlyOption = Annotated[
    str | None,
    typer.Option("--only", metavar=STATUSES_METAVAR, help=f"Only indicators with these statuses: {STATUS_HELP}."),
]
FailOnOption = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        metavar=STATUSES_METAVAR,
        help="Exit 1 when any indicator shown has one of these statuses (for CI). Without it the exit code "
        "is 0 whatever the statuses.",
    ),
]
ReportAgencyOption = Annotated[
    str | None,
    typer.Option(
        "--agency",
        help="An agency's own report (id, see `kh113 expected`): only its tasks and targets. "
        "Default: the consolidated report.",
    ),
]
ReportOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file (charts for Markdown go to FILE-stem-charts/ beside it). "
        "Default: Markdown on standard output, without chart files.",
    ),
]
ReportForceOption = Annotated[
    bool, typer.Option("--force", help="Replace an existing output file (and its charts) instead of refusing.")
]
NumberOption = Annotated[
    str,
    typer.Option(
        "--number",
        help="The number the văn thư gave the report, for this run (Số: 125/BC-SNV). "
        "Default: empty, a blank to fill in (Số:      /BC-SNV).",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar=DATE_METAVAR,
        help="The date the report bears (YYYY-MM-DD or DD/MM/YYYY), for this run. Default: the --as-of date.",
    ),
]
