"""The Jinja environment of the yearly report (issue #5): templates, filters, escaping, language.

Set up explicitly, as copier's ``_template.py`` does: ``StrictUndefined`` (a misspelt variable is an error,
not an empty string), ``keep_trailing_newline``, and a sandbox, because a data repository's ``templates/``
arrives by pull request and CI renders it. Templates receive computed rows (``kh113.report``), never YAML.

Escaping is on by default in both formats, so a template cannot forget it:
- HTML: Jinja's autoescape.
- Markdown: every ``{{ … }}`` value passes through :func:`md_finalize`, which escapes Markdown syntax and
  folds newlines so that a note with ``|``, ``#``, ``<script>`` or a line break stays text inside a table
  cell. Filters that build Markdown on purpose (``md_lines``, ``url``) return ``Markup``, which passes as is.

Jinja is imported here only, and this module only by ``kh113 report``: other commands start without it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..i18n import translations, translator
from .plain import md_escape

DEFAULT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
OVERRIDES_FOLDER = "templates"  # in the data root: files there replace the defaults of the same name

# Format -> template file suffix. The format names are keys of kh113.render.FORMATS.
SUFFIXES = {"markdown": "md", "html": "html"}


def template_name(kind: str, fmt: str) -> str:
    """``report.md.j2`` (consolidated) or ``agency-report.html.j2`` (one agency)."""
    stem = "report" if kind == "consolidated" else "agency-report"
    return f"{stem}.{SUFFIXES[fmt]}.j2"


# --------------------------------------------------------------------------------------------------
# Markdown escaping


def md_text(value: str) -> str:
    """Inline Markdown text: newlines folded, every character with a Markdown meaning escaped."""
    # md_escape (shared with the other Markdown outputs) handles pipes, emphasis, code, links, HTML and
    # headings; & (entities) and ~ (GitHub strikethrough) matter in free prose too.
    return md_escape(value).replace("&", "\\&").replace("~", "\\~")


_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")


def md_lines(value: str, indent: str = "") -> Markup:
    """Multi-line free text as Markdown lines joined by hard breaks, each escaped.

    ``indent`` continues the block the text sits in (``"> "`` in a quote, ``"  "`` in a list item). Blank
    lines are dropped (they would end the block) and a line that would start a list, heading or rule is
    escaped, so hostile text cannot change the structure around it.
    """
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    out = []
    for line in lines:
        text = md_text(line)
        text = _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text, count=1)
        out.append(text)
    return Markup(("\\\n" + indent).join(out))


def md_finalize(number: Callable[[float], str]) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if isinstance(value, str):
            return md_text(value)
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, float):
            return number(value)  # a bare float is a figure: the reader's number format
        return value

    return finalize


def url(path: str) -> Markup:
    """A relative path as a link target (spaces and brackets percent-encoded)."""
    return Markup(quote(path, safe="/-_.~"))


def html_lines(value: str) -> Markup:
    """Multi-line free text as escaped HTML with line breaks."""
    lines = [str(escape(line.strip())) for line in str(value).splitlines() if line.strip()]
    return Markup("<br>\n".join(lines))


# --------------------------------------------------------------------------------------------------
# Locale formatting (Babel): numbers and dates the way readers of each language write them


def number_formatter(lang: str) -> Callable[..., str]:
    from babel.numbers import format_decimal

    def number(value: float | int, digits: int | None = None) -> str:
        if digits is not None:
            value = round(value, digits)
        return format_decimal(value, locale=lang)

    return number


def date_formatter(lang: str) -> Callable[[dt.date], str]:
    from babel.dates import format_date

    # dd/mm/yyyy in both languages: the plan and every Vietnamese administrative document write dates so.
    return lambda day: format_date(day, "dd/MM/yyyy", locale=lang)


# Units: the translatable pattern that places a value (msgids in the catalogue; Vietnamese writes "99,5 %").
UNIT_PATTERNS = {
    "percent": "{value}%",
    "per_10000": "{value} per 10,000 people",
    "people_per_year": "{value} people/year",
    "count": "{value}",
}


def quantity_formatter(lang: str) -> Callable[..., str]:
    _ = translator(lang)
    number = number_formatter(lang)

    def quantity(value: float | bool | None, unit: str, signed: bool = False) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool) or unit == "boolean":
            return _("achieved") if value else _("not achieved")
        text = number(value, 2)
        if signed and value > 0:
            text = "+" + text
        return _(UNIT_PATTERNS[unit]).format(value=text)

    return quantity


def rate_formatter(lang: str) -> Callable[[float | None], str]:
    """A ratio 0..1 as a percentage ("85,7 %"), "—" when undefined (nothing expected)."""
    quantity = quantity_formatter(lang)
    return lambda ratio: "—" if ratio is None else quantity(ratio * 100, "percent")


# --------------------------------------------------------------------------------------------------


def environment(fmt: str, lang: str, root: Path | None) -> ImmutableSandboxedEnvironment:
    """The environment for one report: the data root's ``templates/`` first, the packaged defaults after.

    The defaults are also reachable as ``default/<name>``, so an override can extend the template it
    replaces (``{% extends "default/report.md.j2" %}``).
    """
    defaults = FileSystemLoader(DEFAULT_TEMPLATES)
    loaders = []
    if root is not None and (root / OVERRIDES_FOLDER).is_dir():
        loaders.append(FileSystemLoader(root / OVERRIDES_FOLDER))
    loaders += [defaults, PrefixLoader({"default": defaults})]
    number = number_formatter(lang)
    html = fmt == "html"
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=html,
        finalize=None if html else md_finalize(number),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        number=number,
        quantity=quantity_formatter(lang),
        rate=rate_formatter(lang),
        date=date_formatter(lang),
        lines=html_lines if html else md_lines,
        url=url,
    )
    env.globals["lang"] = lang
    return env


def render_template(name: str, fmt: str, lang: str, root: Path | None, **context: Any) -> str:
    """Render one template of the report."""
    return environment(fmt, lang, root).get_template(name).render(**context)
