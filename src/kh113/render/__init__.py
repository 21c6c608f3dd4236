"""Reporters: one registry of output formats, fed by one row producer (:class:`View`).

check-jsonschema's ``reporter.py`` is the model: ``--format`` choices come from the registry's keys,
every format renders the same :class:`View`, JSON and CSV carry no colour or markup, data goes to
stdout and diagnostics to stderr (the CLI decides where).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: str = "left"  # left | right | center
    max_width: int | None = None
    no_wrap: bool = False
    # Formats that show this column (None: all). Lets one View carry wide machine columns for CSV and
    # compact human ones for the table (issue #3: plain numbers in CSV, "99,5 %" in the table).
    formats: tuple[str, ...] | None = None
    # Human rendering of the row for table/Markdown (e.g. localised numbers); CSV always gets the raw value.
    display: Callable[[dict[str, Any]], str] | None = None
    # Table only: the column is dropped when the terminal is narrower than this (issue #3: narrow terminals).
    min_terminal: int = 0
    # Table only: the column never shrinks below this (a name squeezed to one letter helps nobody).
    min_width: int | None = None

    def shown_in(self, fmt: str) -> bool:
        return self.formats is None or fmt in self.formats


@dataclass
class View:
    """What a command shows: tabular rows for table/CSV/Markdown and the JSON contract object."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    payload: dict[str, Any]
    caption: str | None = None
    # Optional styling for the table renderer: column key -> function(row) -> Rich style name.
    styles: dict[str, Callable[[dict[str, Any]], str | None]] = field(default_factory=dict)
    # Rows may carry a section label; the table renderer prints a heading line when it changes.
    section_key: str | None = None
    # The `text` format: one line per problem (``path:line:col: code: message``) or per row.
    lines: list[str] | None = None
    # A whole document that renders itself in a format (the yearly report, through its Jinja templates):
    # the `markdown` and `html` renderers write it instead of a table.
    document: Callable[[str], str] | None = None
    # The same for a binary format (the yearly report as a Word document, issue #12).
    binary: Callable[[str], bytes] | None = None

    def columns_for(self, fmt: str) -> list[Column]:
        return [c for c in self.columns if c.shown_in(fmt)]


@dataclass(frozen=True)
class Options:
    color: bool = True
    width: int | None = None
    bom: bool = False


Renderer = Callable[[View, TextIO, Options], None]


def _lazy(module: str, function: str) -> Renderer:
    """A renderer whose module is imported on first use: ``kh113 status --format json`` never pays for
    Rich, and ``--help`` pays for none of them (issue #7, fast start)."""

    def renderer(view: View, out: TextIO, options: Options) -> None:
        from importlib import import_module

        getattr(import_module(f"{__name__}.{module}"), function)(view, out, options)

    renderer.__name__ = function
    return renderer


# The one registry. Commands offer a subset of these keys (see ``formats_for``).
FORMATS: dict[str, Renderer] = {
    "table": _lazy("table", "render_table"),
    "json": _lazy("plain", "render_json"),
    "csv": _lazy("plain", "render_csv"),
    "markdown": _lazy("plain", "render_markdown"),
    "text": _lazy("plain", "render_text"),
    "github": _lazy("plain", "render_github"),
    "html": _lazy("html", "render_html"),
    "docx": _lazy("docx", "render_docx"),
}
# Formats whose output is bytes: written to a file, or to standard output only when it is not a terminal.
BINARY = ("docx",)


def render(view: View, fmt: str, out: TextIO, options: Options | None = None) -> None:
    FORMATS[fmt](view, out, options or Options())


def rendered(view: View, fmt: str) -> str | bytes:
    """What ``render`` writes, as text, or as bytes for a :data:`BINARY` format."""
    import io

    if fmt in BINARY:
        raw = io.BytesIO()
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        render(view, fmt, text)
        text.flush()
        return raw.getvalue()
    out = io.StringIO()
    render(view, fmt, out)
    return out.getvalue()
