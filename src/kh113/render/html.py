"""Standalone HTML for any View: one escaped table, no scripts, no external resources.

The yearly report has its own templates (render/templating.py); this renderer gives the registry key
``html`` the same meaning for every command: a page a browser opens and prints as it is.
"""

from __future__ import annotations

from html import escape
from typing import TextIO

from . import Options, View
from .plain import human_text

STYLE = (
    "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
    "th,td{border:1px solid #888;padding:.2em .5em;text-align:left;vertical-align:top}"
    "th{background:#eee}td.r{text-align:right}"
)


def render_html(view: View, out: TextIO, options: Options) -> None:
    columns = view.columns_for("html")
    title = escape(view.title)
    out.write(f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n')
    out.write(f"<h1>{title}</h1>\n<table>\n<thead><tr>")
    out.write("".join(f"<th>{escape(c.header)}</th>" for c in columns))
    out.write("</tr></thead>\n<tbody>\n")
    for row in view.rows:
        cells = "".join(
            f'<td{" class=r" if c.justify == "right" else ""}>{escape(human_text(c, row))}</td>' for c in columns
        )
        out.write(f"<tr>{cells}</tr>\n")
    out.write("</tbody>\n</table>\n")
    if view.caption:
        out.write(f"<p>{escape(view.caption)}</p>\n")
    out.write("</body>\n</html>\n")
