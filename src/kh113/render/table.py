"""Rich table renderer for people at a terminal (colour off under NO_COLOR or when not a terminal)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import Options, View
from .plain import human_text


def make_console(out: TextIO, options: Options) -> Console:
    return Console(
        file=out,
        width=options.width,
        no_color=not options.color,
        color_system="auto" if options.color else None,
        # The caller decides (the CLI checks NO_COLOR and whether stdout is a terminal); Rich's own guess
        # would drop colour for any stream that is not a terminal, even when asked for it.
        force_terminal=options.color or None,
        highlight=False,
        emoji=False,
        markup=False,
    )


def render_table(view: View, out: TextIO, options: Options) -> None:
    console = make_console(out, options)
    table = Table(title=view.title, caption=view.caption, show_lines=False, expand=False)
    columns = [c for c in view.columns_for("table") if console.width >= c.min_terminal]
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            max_width=column.max_width,
            min_width=column.min_width,
            no_wrap=column.no_wrap,
            overflow="fold",
        )
    section = object()
    for row in view.rows:
        if view.section_key and row.get(view.section_key) != section:
            section = row.get(view.section_key)
            if section:
                # Rich has no column spans: the heading goes in the widest (second) column, so a long
                # group title does not stretch the narrow id column.
                table.add_section()
                heading = [Text("")] * len(columns)
                heading[1 if len(columns) > 1 else 0] = Text(str(section), style="bold")
                table.add_row(*heading)
        cells = []
        for column in columns:
            value = row.get(column.key)
            text = value if isinstance(value, Text) else Text(human_text(column, row))
            style_fn = view.styles.get(column.key)
            if style_fn and options.color:
                style = style_fn(row)
                if style:
                    text.stylize(style)
            cells.append(text)
        table.add_row(*cells)
    console.print(table)
