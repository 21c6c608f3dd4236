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

import contextlib
import datetime as dt
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jinja2 import BaseLoader, ChoiceLoader, PrefixLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..i18n import N_, translations, translator
from ..messages import Message, msg
from .numbers import BABEL_LOCALES, UNIT_TEMPLATES, WHOLE_UNITS, localised, quantity
from .plain import md_escape

if TYPE_CHECKING:
    from ..problems import Problem

DEFAULT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
OVERRIDES_FOLDER = "templates"  # in the data root: files there replace the defaults of the same name

# Issue #10: a template arrives by pull request and CI renders it. It must not read outside its folder
# (a link to /etc/passwd or ../.git/config would print it into the report), run for ever or fill the disk.
MAX_TEMPLATE_BYTES = 1_000_000
MAX_OUTPUT_CHARS = 20_000_000
MAX_SECONDS = 20.0


class TemplateRefused(TemplateError):
    """A template name or file kh113 will not load (a link, an absolute or ``..`` name, not a file)."""

    def __init__(self, message: str | Message, name: str | None = None) -> None:
        super().__init__(message)  # type: ignore[arg-type]  # a Message, worded per language
        self.name = name  # the template refused, for the problem's position when no template is running


class TemplateLimit(TemplateError):
    """A template that took too long or produced too much output."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)  # type: ignore[arg-type]  # a Message, worded per language


def read_confined(folder: Path, template: str, limit: int) -> tuple[bytes, Path]:
    """The bytes of ``folder/template``, refused when the folder or any part of the name is a link, when it
    is not a regular file, or when it is larger than ``limit`` bytes (issue #10: templates stay inside)."""
    parts = template.split("/")
    path = folder
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            raise TemplateRefused(
                msg("{folder}/ is a link; templates are read only from a real folder", folder=folder.name)
            )
        for part in parts:
            path = path / part
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                raise TemplateRefused(
                    msg("template `{name}` is a link; links are never followed", name=template), template
                )
        if not stat.S_ISREG(mode):
            raise TemplateRefused(msg("template `{name}` is not a regular file", name=template), template)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise TemplateRefused(msg("template `{name}` is not a regular file", name=template))
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise TemplateNotFound(template) from None
    except NotADirectoryError:
        raise TemplateNotFound(template) from None
    except OSError as exc:
        raise TemplateRefused(
            msg("template `{name}` cannot be read ({reason})", name=template, reason=exc.strerror)
        ) from None
    if len(raw) > limit:
        raise TemplateRefused(msg("template `{name}` is larger than {limit} bytes", name=template, limit=limit))
    return raw, path


class ConfinedLoader(BaseLoader):
    """Load templates from one folder and nothing else: no links (not even inside), no ``..``, no absolute names."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = template.split("/")
        if template.startswith("/") or "\\" in template or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
            raise TemplateRefused(
                msg("template name `{name}` is refused: use a plain name inside templates/", name=template)
            )
        raw, path = read_confined(self.folder, template, MAX_TEMPLATE_BYTES)
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateRefused(msg("template `{name}` is not UTF-8 text", name=template)) from None
        return source, str(path), lambda: False

    def list_templates(self) -> list[str]:
        out = []
        for base, folders, files in os.walk(self.folder):  # os.walk does not follow links to folders
            rel = Path(base).relative_to(self.folder).as_posix()
            out += [name if rel == "." else f"{rel}/{name}" for name in files]
            folders.sort()
        return sorted(out)


def bounded(chunks: Iterator[str], limit_chars: int | None = None, seconds: float | None = None) -> str:
    """Join the output of ``Template.generate`` with a cap on its size and on the time it takes."""
    limit_chars = MAX_OUTPUT_CHARS if limit_chars is None else limit_chars
    seconds = MAX_SECONDS if seconds is None else seconds
    out: list[str] = []
    size = 0
    start = time.monotonic()
    with time_limit(seconds):
        for chunk in chunks:
            size += len(chunk)
            if size > limit_chars:
                raise TemplateLimit(
                    msg("the template produced more than {limit} characters; it was stopped", limit=limit_chars)
                )
            if time.monotonic() - start > seconds:
                raise TemplateLimit(
                    msg("the template ran longer than {seconds} seconds; it was stopped", seconds=f"{seconds:g}")
                )
            out.append(chunk)
    return "".join(out)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop a template that runs longer than ``seconds``, also one that prints nothing, by an alarm
    (POSIX, main thread; elsewhere only the checks between chunks of :func:`bounded` apply)."""
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def expired(_signum: int, _frame: Any) -> None:
        raise TemplateLimit(
            msg("the template ran longer than {seconds} seconds; it was stopped", seconds=f"{seconds:g}")
        )

    previous = signal.signal(signal.SIGALRM, expired) if alarm else None
    if alarm:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


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
    # No-break spaces are kept: they hold the room for a number the văn thư writes in (Số:      /BC-SNV).
    escaped = "\u00a0".join(md_escape(part) for part in value.split("\u00a0"))
    return escaped.replace("&", "\\&").replace("~", "\\~")


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
        text = _BLOCK_START.sub(
            lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text, count=1
        )
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


def docx_lines(value: str) -> str:
    """Multi-line free text for Word: docxtpl turns each newline into a line break within the paragraph."""
    return "\n".join(line.strip() for line in str(value).splitlines() if line.strip())


# --------------------------------------------------------------------------------------------------
# Locale formatting: the numbers of `kh113 status` (render/numbers.py, Babel) plus what a report adds


# A change or a gap in a percentage is in percentage points, not percent (+1,5 điểm %).
CHANGE_TEMPLATES = {**UNIT_TEMPLATES, "percent": N_("{value} pp")}


def date_formatter(lang: str) -> Callable[[dt.date | None], str]:
    from babel.dates import format_date

    # dd/mm/yyyy in both languages: the plan and every Vietnamese administrative document write dates so.
    return lambda day: "—" if day is None else format_date(day, "dd/MM/yyyy", locale=BABEL_LOCALES[lang])


def long_date(lang: str) -> Callable[[dt.date], str]:
    """The date a document bears: "ngày 02 tháng 12 năm 2026" (Nghị định 30/2020, Phụ lục I, mục 5: days
    below 10 and the months 1 and 2 written with a leading zero), "2 December 2026" in English."""
    if lang == "vi":
        return lambda day: f"ngày {day.day:02d} tháng {day.month:0{2 if day.month < 3 else 1}d} năm {day.year}"
    from babel.dates import format_date

    return lambda day: format_date(day, "d MMMM y", locale=BABEL_LOCALES[lang])


def filters(lang: str) -> dict[str, Callable[..., Any]]:
    """The formatting filters every report template gets (docs/report.md, "Filters")."""
    _ = translator(lang)

    def number(value: float | None, decimals: int = 2) -> str:
        return "—" if value is None else localised(value, lang, decimals=decimals)

    def amount(value: float | bool | None, unit: str) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return _("done") if value else _("not yet")
        return quantity(value, unit, lang, _)

    def change(value: float | None, unit: str) -> str:
        if value is None:
            return "—"
        text = localised(value, lang, signed=True, decimals=0 if unit in WHOLE_UNITS else 2)
        template = CHANGE_TEMPLATES.get(unit)
        return _(template).format(value=text) if template else text

    def figure(point: Any, unit: str) -> str:
        """A figure with its year: "≥ 50 % (2021)"; "—" when there is none."""
        if point is None:
            return "—"
        return f"{point.mark}{amount(point.value, unit)} ({point.year})"

    def rate(percent: float | None) -> str:
        return "—" if percent is None else quantity(percent, "percent", lang, _)

    return {
        "number": number,
        "quantity": amount,
        "change": change,
        "figure": figure,
        "rate": rate,
        "date": date_formatter(lang),
        "long_date": long_date(lang),
    }


# --------------------------------------------------------------------------------------------------


def environment(fmt: str, lang: str, root: Path | None) -> ImmutableSandboxedEnvironment:
    """The environment for one report: the data root's ``templates/`` first, the packaged defaults after.

    The defaults are also reachable as ``default/<name>``, so an override can extend the template it
    replaces (``{% extends "default/report.md.j2" %}``).
    """
    defaults = ConfinedLoader(DEFAULT_TEMPLATES)
    loaders: list[BaseLoader] = []
    if root is not None and os.path.lexists(root / OVERRIDES_FOLDER):
        loaders.append(ConfinedLoader(root / OVERRIDES_FOLDER))
    loaders += [defaults, PrefixLoader({"default": defaults})]
    html = fmt == "html"
    xml = html or fmt == "docx"  # Word's XML is escaped as HTML is (docxtpl renders with autoescape)
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=xml,
        finalize=None if xml else md_finalize(lambda v: localised(v, lang)),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(filters(lang), lines=html_lines if html else docx_lines if xml else md_lines, url=url)
    env.globals["lang"] = lang
    return env


def render_template(name: str, fmt: str, lang: str, root: Path | None, **context: Any) -> str:
    """Render one template of the report, within the size and time limits."""
    template = environment(fmt, lang, root).get_template(name)
    return bounded(template.generate(**context))


def render_report(report: Any, fmt: str, root: Path | None) -> str:
    """The report in ``fmt`` (markdown or html), from the data root's templates or the packaged ones.

    A broken template is the user's problem, not a crash: it becomes a positioned DataError.
    """
    try:
        return render_template(template_name(report.kind, fmt), fmt, report.lang, root, report=report)
    except (TemplateError, OverflowError, RecursionError, MemoryError) as exc:
        # OverflowError: the sandbox's range() cap; RecursionError: a template that includes itself.
        from ..problems import DataError

        raise DataError(msg("a report template could not be rendered"), [template_problem(exc, root)]) from None


def template_problem(exc: Exception, root: Path | None) -> Problem:
    """``templates/report.md.j2:12:1: template-error: ...`` for a Jinja error, at the template line."""
    from jinja2 import TemplateSyntaxError

    from ..problems import Problem

    filename: str | None = None
    line = 1
    if isinstance(exc, TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno or 1
    elif isinstance(exc, TemplateNotFound):
        filename = exc.name if isinstance(exc.name, str) else None
    else:
        # Jinja rewrites tracebacks so that template frames carry the template file and line: the last one
        # is where the error happened (an undefined variable, a sandbox refusal).
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith((".j2", ".css")):
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    if filename is None and isinstance(exc, TemplateRefused) and exc.name is not None:
        filename = str(root / OVERRIDES_FOLDER / exc.name) if root is not None else exc.name
    path = str(filename or "templates")
    for base, shown in (
        (root / OVERRIDES_FOLDER if root else None, OVERRIDES_FOLDER),
        (DEFAULT_TEMPLATES, "(kh113)/templates"),
    ):
        if base is not None and Path(path).is_absolute() and Path(path).is_relative_to(base):
            path = f"{shown}/{Path(path).relative_to(base).as_posix()}"
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, RecursionError):
        message = msg("the template includes or calls itself without end")
    elif isinstance(exc, OverflowError):
        message = msg("the template asks for too much ({detail})", detail=str(exc))
    return Problem(path, line, 1, "template-error", message)
