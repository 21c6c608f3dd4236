"""Machine-readable and plain-text renderers: JSON, CSV, Markdown. Never any colour or markup."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from . import Column, Options, View


def to_json_text(payload: Any) -> str:
    # ensure_ascii=False: Vietnamese names stay readable; sort_keys off: the contract's order is the
    # order the issue lists, and stable because payloads are built field by field.
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def render_json(view: View, out: TextIO, options: Options) -> None:
    out.write(to_json_text(view.payload))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return ""
        # Whole numbers without ".0" and no exponent: 1234567 people stay 1234567, not 1.23457e+06.
        return str(int(value)) if value.is_integer() else repr(round(value, 6))
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def render_csv(view: View, out: TextIO, options: Options) -> None:
    if options.bom:
        out.write("\ufeff")  # lets Excel recognise UTF-8 and show Vietnamese correctly
    writer = csv.writer(out, lineterminator="\n")
    columns = view.columns_for("csv")
    writer.writerow([c.key for c in columns])
    for row in view.rows:
        writer.writerow([cell_text(row.get(c.key)) for c in columns])


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, newlines folded, markup neutralised."""
    text = " ".join(text.split())
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "#"):
        text = text.replace(char, "\\" + char)
    return text


def human_text(column: Column, row: dict[str, Any]) -> str:
    """A cell for people (table, Markdown): the column's display function, else the plain value."""
    return column.display(row) if column.display is not None else cell_text(row.get(column.key))


def render_markdown(view: View, out: TextIO, options: Options) -> None:
    if view.document is not None:
        out.write(view.document("markdown"))
        return
    columns = view.columns_for("markdown")
    out.write(f"## {md_escape(view.title)}\n\n")
    out.write("| " + " | ".join(md_escape(c.header) for c in columns) + " |\n")
    out.write("|" + "|".join("---:" if c.justify == "right" else "---" for c in columns) + "|\n")
    section: object = object()
    for row in view.rows:
        if view.section_key and row.get(view.section_key) != section:
            section = row.get(view.section_key)
            if section:
                heading = [""] * len(columns)
                heading[0] = f"**{md_escape(str(section))}**"
                out.write("| " + " | ".join(heading) + " |\n")
        out.write("| " + " | ".join(md_escape(human_text(c, row)) for c in columns) + " |\n")
    if view.caption:
        out.write(f"\n{md_escape(view.caption)}\n")


def render_text(view: View, out: TextIO, options: Options) -> None:
    lines = (
        view.lines
        if view.lines is not None
        else ["\t".join(cell_text(row.get(c.key)) for c in view.columns) for row in view.rows]
    )
    for line in lines:
        out.write(line + "\n")
    if view.caption:
        out.write(view.caption + "\n")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    # GitHub workflow-command escaping: % \r \n always, and : , inside properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(view: View, out: TextIO, options: Options) -> None:
    """``::error file=…,line=…,col=…::message`` annotations, one per row that has a message."""
    for row in view.rows:
        message = row.get("message")
        if not message:
            continue
        level = "warning" if row.get("severity") == "warning" else "error"
        props = []
        if row.get("file"):
            props.append(f"file={_gh_escape(str(row['file']), prop=True)}")
        if row.get("line"):
            props.append(f"line={row['line']}")
        if row.get("column"):
            props.append(f"col={row['column']}")
        if row.get("code"):
            props.append(f"title={_gh_escape('kh113 ' + str(row['code']), prop=True)}")
        out.write(f"::{level} {','.join(props)}::{_gh_escape(str(message))}\n")
    if view.caption:
        out.write(view.caption + "\n")
