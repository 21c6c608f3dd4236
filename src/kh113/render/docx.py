"""The yearly report as a Word document (issue #12): `kh113 report --format docx`.

docxtpl fills a Word template (``templates/report.docx`` of the data root, else the packaged one built by
src/kh113/render/docx_template.py) with the same computed report as the Markdown and HTML templates, through the
same sandboxed Jinja environment (filters, translations, StrictUndefined, autoescape: Word's XML is
escaped as HTML is). The layout is the template's, so a province edits it in Word.

A template arrives by pull request (issue #10): it is read without following links, within a size cap, as
a zip whose entries and unpacked size are capped, and rendered within the time limit of the text templates.
Any problem with it is a positioned ``template-error``, never a traceback.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..messages import msg
from .templating import (
    DEFAULT_TEMPLATES,
    MAX_SECONDS,
    OVERRIDES_FOLDER,
    TemplateLimit,
    TemplateRefused,
    environment,
    read_confined,
    time_limit,
)

if TYPE_CHECKING:
    from ..problems import Problem
    from . import Options, View

TEMPLATE = "report.docx"
MAX_DOCX_BYTES = 10_000_000  # the template and the document
MAX_UNPACKED_BYTES = 100_000_000  # a zip bomb stops here
MAX_ENTRIES = 2_000
ZIP_DATE = (2024, 5, 13, 0, 0, 0)  # every entry dated so: the same report, the same bytes
# Rule paragraphs of the template (src/kh113/render/docx_template.py): fitted to the line above them here, since
# their length depends on the names (Phụ lục I: under the issuing body and the subject a third to a half
# of the line, under the motto as long as the motto).
RULES = {"KH Rule Half": 0.45, "KH Rule Full": 1.0}


def render_docx(view: View, out: TextIO, options: Options) -> None:
    """The registry's `docx` renderer: the document's bytes on the binary stream under ``out``."""
    if view.binary is None:
        from ..problems import UsageError

        raise UsageError(msg("--format docx is only for `kh113 report`"))
    data = view.binary("docx")
    out.flush()
    out.buffer.write(data)  # type: ignore[attr-defined]
    out.buffer.flush()  # type: ignore[attr-defined]


def template_source(root: Path | None) -> tuple[bytes, str]:
    """The template's bytes and how messages name it: the data root's ``templates/report.docx`` when
    there is one, else kh113's."""
    folder = root / OVERRIDES_FOLDER if root is not None else None
    if folder is not None and (os.path.lexists(folder / TEMPLATE) or os.path.islink(folder)):
        raw, _ = read_confined(folder, TEMPLATE, MAX_DOCX_BYTES)
        shown = f"{OVERRIDES_FOLDER}/{TEMPLATE}"
    else:
        raw, shown = (DEFAULT_TEMPLATES / TEMPLATE).read_bytes(), f"(kh113)/templates/{TEMPLATE}"
    check_zip(raw)
    return raw, shown


def check_zip(raw: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise TemplateRefused(msg("`{name}` is not a Word document (.docx is a zip file)", name=TEMPLATE)) from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise TemplateRefused(
            msg("`{name}` unpacks to more than {limit} bytes; it is refused", name=TEMPLATE, limit=MAX_UNPACKED_BYTES)
        )
    if "word/document.xml" not in {e.filename for e in entries}:
        raise TemplateRefused(msg("`{name}` has no word/document.xml: not a Word document", name=TEMPLATE))


def render_report_docx(report: Any, root: Path | None) -> bytes:
    """The report as .docx bytes; a template that cannot be used is a DataError at the template."""
    from jinja2 import TemplateError
    from lxml.etree import LxmlError

    from ..problems import DataError, Problem

    shown = f"{OVERRIDES_FOLDER}/{TEMPLATE}"
    try:
        raw, shown = template_source(root)
        data = _render(raw, report, root)
    except (TemplateError, OverflowError, RecursionError, MemoryError, LxmlError, KeyError, ValueError) as exc:
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        if isinstance(exc, RecursionError):
            message = "the template includes or calls itself without end"
        problem = Problem(shown, 1, 1, "template-error", message)  # Word's XML has no lines to point at
        raise DataError(msg("the Word template could not be rendered"), [problem]) from None
    if len(data) > MAX_DOCX_BYTES:
        raise DataError(
            "the Word template could not be rendered",
            [
                Problem(
                    shown,
                    1,
                    1,
                    "template-error",
                    msg("the document is larger than {limit} bytes", limit=MAX_DOCX_BYTES),  # type: ignore[arg-type]
                )
            ],
        )
    return data


def _render(raw: bytes, report: Any, root: Path | None) -> bytes:
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(raw))
        template.init_docx()
    except Exception as exc:  # python-docx says nothing uniform about a file it cannot open
        raise TemplateRefused(
            msg("`{name}` cannot be opened as a Word document ({reason})", name=TEMPLATE, reason=type(exc).__name__)
        ) from None
    env = environment("docx", report.lang, root)
    with time_limit(MAX_SECONDS):
        template.render({"report": report, "charts": ChartPictures(template, report)}, jinja_env=env, autoescape=True)
    fit_rules(template.docx)
    out = io.BytesIO()
    template.save(out)
    return stable_zip(out.getvalue())


class ChartPictures(Mapping[str, Any]):
    """Indicator id -> its chart as a picture for the template (``{{ charts[row.id] }}``), 16 cm wide.

    Drawn when the template asks for one (within its time limit), once: a template that shows no chart
    pays for none, and a picture it does not place is not added to the document."""

    def __init__(self, template: Any, report: Any) -> None:
        self.template = template
        self.lang = report.lang
        self.sources = {
            row.id: row.chart.source
            for group in report.target_groups
            for row in group.rows
            if row.chart is not None and row.chart.source is not None
        }
        self.drawn: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self.drawn:
            from docx.shared import Cm
            from docxtpl import InlineImage

            from .chart_png import render_png
            from .numbers import localised

            png = render_png(self.sources[key], lambda value: localised(value, self.lang))
            self.drawn[key] = InlineImage(self.template, io.BytesIO(png), width=Cm(16))
        return self.drawn[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)


def stable_zip(data: bytes) -> bytes:
    """The same zip with every entry dated ZIP_DATE: python-docx stamps entries with the time of saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------------------------
# Rules under the issuing body, the motto and the subject


def text_width_cm(text: str, size_pt: float) -> float:
    """An estimate of how wide ``text`` sets in Times New Roman bold (average advance widths per class)."""
    em = 0.0
    for char in text:
        if char == " ":
            em += 0.25
        elif char.isupper():
            em += 0.72
        elif char.isalpha() or char.isdigit():
            em += 0.5
        else:
            em += 0.33
    return em * size_pt * 2.54 / 72


def fit_rules(document: Any) -> None:
    """Set the indents of each rule paragraph so that the rule is centred under the line above it and as
    long as :data:`RULES` says (a fraction of that line)."""
    section = document.sections[0]
    width = (section.page_width - section.left_margin - section.right_margin) / 360000  # EMU -> cm
    _fit(document.paragraphs, width)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                _fit(cell.paragraphs, cell.width / 360000 if cell.width else width)


def _fit(paragraphs: list[Any], width: float) -> None:
    from docx.shared import Cm

    above = None
    for paragraph in paragraphs:
        fraction = RULES.get(paragraph.style.name) if paragraph.style is not None else None
        if fraction is None:
            if paragraph.text.strip():
                above = paragraph
            continue
        if above is None:
            continue
        size = _size_pt(above)
        longest = text_width_cm(above.text.strip(), size)
        lines = max(1, int(longest // (width * 0.98)) + 1) if longest > width * 0.98 else 1
        rule = min(width, longest / lines) * fraction
        indent = max(0.0, (width - rule) / 2)
        paragraph.paragraph_format.left_indent = Cm(indent)
        paragraph.paragraph_format.right_indent = Cm(indent)
        paragraph.paragraph_format.first_line_indent = Cm(0)


def _size_pt(paragraph: Any) -> float:
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return 13.0


# --------------------------------------------------------------------------------------------------


def docx_template_problems(root: Path) -> list[Problem]:
    """``kh113 validate`` on ``templates/report.docx``: it opens, stays within the caps and its Jinja parses."""
    from jinja2 import TemplateSyntaxError

    from ..problems import Problem

    shown = f"{OVERRIDES_FOLDER}/{TEMPLATE}"
    try:
        raw, shown = template_source(root)
        from docxtpl import DocxTemplate

        try:
            template = DocxTemplate(io.BytesIO(raw))
            template.init_docx()
            xml = template.patch_xml(template.get_xml())
        except Exception as exc:  # as in _render: whatever python-docx raises on a file it cannot open
            raise TemplateRefused(
                msg("`{name}` cannot be opened as a Word document ({reason})", name=TEMPLATE, reason=type(exc).__name__)
            ) from None
        environment("docx", "vi", root).parse(xml)
    except TemplateSyntaxError as exc:
        return [Problem(shown, 1, 1, "template-error", exc.message or "syntax error")]
    except (TemplateRefused, TemplateLimit) as exc:
        return [Problem(shown, 1, 1, "template-error", str(exc))]
    return []
