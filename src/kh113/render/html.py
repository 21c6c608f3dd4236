"""HTML: a View that is a whole document (the yearly report), rendered through its templates.

The page itself, with its CSS and charts inline, comes from the report's Jinja templates
(``render/templating.py``); this renderer is what puts it behind the registry key ``html``, so that
``kh113 report --format html`` goes through ``FORMATS`` like every other output (review finding 24).
Only ``kh113 report`` offers ``html``: a table View has no page to render.
"""

from __future__ import annotations

from typing import TextIO

from . import Options, View


def render_html(view: View, out: TextIO, options: Options) -> None:
    if view.document is None:
        raise ValueError(f"{view.title!r} is a table, not a document: html is offered only by `kh113 report`")
    out.write(view.document("html"))
