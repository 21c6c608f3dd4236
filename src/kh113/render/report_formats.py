"""The yearly report in every format: the :class:`View` the format registry renders (Markdown and HTML
through the Jinja templates, Word through its docx template, issue #12), and ``kh113 validate``'s check of
a data root's report templates (``templates/``: Jinja files and the Word template).

Both sit above ``templating.py`` (the Jinja environment and its sandbox) and ``docx.py`` (the Word
document, built on that environment), so that neither of those imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from ..messages import msg
from ..problems import Problem
from . import View
from .docx import docx_template_problems, render_report_docx
from .templating import OVERRIDES_FOLDER, ConfinedLoader, TemplateRefused, environment, render_report


def report_view(report: Any, root: Path | None) -> View:
    """The report as a View for the format registry: the ``markdown`` and ``html`` renderers render it
    through the templates (the data root's, else the packaged ones)."""
    title = f"{report.plan.number} {report.year}" + (f" {report.agency.id}" if report.agency else "")

    def binary(fmt: str) -> bytes:
        return render_report_docx(report, root)

    return View(
        title=title,
        columns=[],
        rows=[],
        payload={},
        document=lambda fmt: render_report(report, fmt, root),
        binary=binary,
    )


def template_problems(root: Path) -> list[Problem]:
    """``kh113 validate`` on the data root's ``templates/``: every file loads (no link) and parses."""
    folder = root / OVERRIDES_FOLDER
    if not os.path.lexists(folder):
        return []
    env = environment("markdown", "vi", root)
    loader = ConfinedLoader(folder)
    problems: list[Problem] = []
    try:
        names = loader.list_templates() if not os.path.islink(folder) else [""]
    except OSError as exc:
        return [
            Problem(
                OVERRIDES_FOLDER,
                1,
                1,
                "template-error",
                msg("folder cannot be listed ({reason})", reason=exc.strerror),  # type: ignore[arg-type]
            )
        ]
    if "report.docx" in names:  # a Word template (issue #12), checked as a Word document
        names.remove("report.docx")
        problems += docx_template_problems(root)
    for name in names:
        try:
            source, _, _ = loader.get_source(env, name) if name else ("", "", None)
            if not name:
                raise TemplateRefused(
                    msg("{folder}/ is a link; templates are read only from a real folder", folder=OVERRIDES_FOLDER)
                )
            env.parse(source, name, f"{OVERRIDES_FOLDER}/{name}")
        except TemplateSyntaxError as exc:
            where = f"{OVERRIDES_FOLDER}/{name}"
            problems.append(Problem(where, exc.lineno or 1, 1, "template-error", exc.message or "syntax error"))
        except TemplateError as exc:
            problems.append(Problem(f"{OVERRIDES_FOLDER}/{name}".rstrip("/"), 1, 1, "template-error", str(exc)))
    return problems
