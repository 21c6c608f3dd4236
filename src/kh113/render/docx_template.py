"""Build src/kh113/templates/report.docx, the Word template of `kh113 report --format docx` (issue #12).

The template is a docxtpl document: Word paragraphs and tables holding Jinja tags (``{{ }}`` in a run,
``{%p %}`` paragraphs, ``{%tr %}`` table rows), filled from the computed report (render/report.py) with
the same filters and translations as the Markdown and HTML templates. A province can open it in Word,
change the layout and keep it as ``templates/report.docx`` in its data repository.

The layout is that of Nghị định 30/2020/NĐ-CP, Phụ lục I, for a báo cáo (Mẫu 1.4): A4, margins top and
bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, black; the national title and motto on one line
each with a rule under the motto; the parent and issuing bodies with a rule; number and code; place and
date; type and subject; content; signature; recipients; page numbers at the top centre from page 2.

Run ``.venv/bin/python -m kh113.render.docx_template`` after changing it (a test checks that the shipped
file is what this module builds). Deterministic: the zip entries carry a fixed date.

A data repository whose Markdown template fills the blocks ``basis`` and ``closing`` (issue #18: the
province's own paragraphs, see this repository's templates/report.md.j2) gets the same paragraphs in its
Word template with ``python -m kh113.render.docx_template --blocks-from templates/report.md.j2 --output
templates/report.docx``: one wording for both formats, no Cà Mau text in kh113's own template.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from .docx import RULES, stable_zip

FONT = "Times New Roman"
TARGET = Path(__file__).resolve().parents[1] / "templates" / "report.docx"
TEXT_WIDTH = Cm(21.0 - 3.0 - 1.5)  # A4 less the left and right margins
LETTERHEAD = (Cm(7.4), Cm(9.1))  # the issuing body's column and the nation's column (16.5 cm)
SIGNATURE = (Cm(8.5), Cm(8.0))


def font(element: object, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None) -> None:
    """Times New Roman for every script (no theme fonts), black, in ``size`` points."""
    rpr_font(element.get_or_add_rPr(), size, bold=bold, italic=italic)  # type: ignore[attr-defined]


def rpr_font(rpr: Any, size: float | None, *, bold: bool | None = None, italic: bool | None = None) -> None:
    """Through python-docx's element classes, so that the children stay in the order the schema wants."""
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):  # theme fonts (asciiTheme...) would win over the names
        del fonts.attrib[attr]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    colour = rpr.get_or_add_color()
    for attr in list(colour.attrib):
        del colour.attrib[attr]
    colour.set(qn("w:val"), "000000")
    if size is not None:
        rpr.get_or_add_sz().set(qn("w:val"), str(int(size * 2)))
    for value, add in ((bold, rpr.get_or_add_b), (italic, rpr.get_or_add_i)):
        if value is not None:
            add().set(qn("w:val"), "1" if value else "0")


def paragraph_style(
    doc: object,
    name: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: Cm | None = None,
    before: float = 0,
    after: float = 6,
    keep: bool = False,
    base: str = "Normal",
) -> ParagraphStyle:
    styles = doc.styles  # type: ignore[attr-defined]
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    style.base_style = styles[base] if name != base else None
    style.quick_style = True
    font(style.element, size, bold=bold, italic=italic)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = indent if indent is not None else Cm(0)
    fmt.left_indent = Cm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.1
    fmt.keep_with_next = keep
    fmt.widow_control = True
    return style


def styles(doc: object) -> None:
    """Every style the template uses: Times New Roman, black, sizes within Phụ lục I."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))  # type: ignore[attr-defined]
    rpr_font(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), 13)
    paragraph_style(doc, "Normal", 13, indent=Cm(1.27))
    for level, (size, italic) in enumerate(((13, False), (13, True), (13, True)), start=1):
        heading = paragraph_style(doc, f"Heading {level}", size, bold=True, italic=italic, before=6, keep=True)
        heading.paragraph_format.first_line_indent = Cm(1.27)
    paragraph_style(doc, "KH Letterhead", 12, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph_style(doc, "KH Letterhead Bold", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph_style(doc, "KH National Title", 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph_style(doc, "KH Motto", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph_style(doc, "KH Number", 13, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0)
    paragraph_style(doc, "KH Place Date", 13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0)
    paragraph_style(doc, "KH Type", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0, keep=True)
    paragraph_style(doc, "KH Subject", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep=True)
    paragraph_style(doc, "KH Recipient Line", 13, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=6)
    paragraph_style(doc, "KH Notice", 13, italic=True, indent=Cm(1.27))
    paragraph_style(doc, "KH Table", 11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    paragraph_style(doc, "KH Table Head", 11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph_style(doc, "KH Note", 12, indent=Cm(1.27), after=3)
    paragraph_style(doc, "KH Figure", 13, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0, keep=True)
    paragraph_style(doc, "KH Caption", 11, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    paragraph_style(doc, "KH Quote", 13, italic=True, indent=Cm(1.27), after=0)
    paragraph_style(doc, "KH Quote Source", 13, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
    paragraph_style(doc, "KH Recipients Head", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    paragraph_style(doc, "KH Recipients", 11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    paragraph_style(doc, "KH Signer", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    paragraph_style(doc, "KH Page Number", 13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    for name in RULES:  # kh113 fits their indents to the line above them when it renders (render/docx.py)
        rule = paragraph_style(doc, name, 1, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
        rule.paragraph_format.line_spacing = 1.0
        border(rule.element.get_or_add_pPr(), "top")


PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def border(ppr: object, side: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        line.set(qn(key), value)
    borders.append(line)
    # In the place the schema gives it (Word refuses a document whose children are out of order).
    ppr.insert_element_before(borders, *PPR_AFTER_PBDR)  # type: ignore[attr-defined]


def para(container: object, text: str, style: str) -> Paragraph:
    """One paragraph of one run: a Jinja tag split over runs would not parse."""
    paragraph = container.add_paragraph(style=style)  # type: ignore[attr-defined]
    if text:
        paragraph.add_run(text)
    return paragraph


def first_para(cell: object, text: str, style: str) -> Paragraph:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def fixed_table(doc: object, widths: tuple[Cm, ...], rows: int, style: str | None, margin: int = 57) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths))  # type: ignore[attr-defined]
    if style:
        table.style = doc.styles[style]  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    margins = OxmlElement("w:tblCellMar")  # narrow cell margins: "người/năm" fits without breaking
    for side in ("left", "right"):
        cell_margin = OxmlElement(f"w:{side}")
        cell_margin.set(qn("w:w"), str(margin))  # twentieths of a point: 57 is 1 mm
        cell_margin.set(qn("w:type"), "dxa")
        margins.append(cell_margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    table.autofit = False  # <w:tblLayout w:type="fixed"/>: the widths below hold
    for i, width in enumerate(widths):
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width
    return table


def row_flags(row: object, *, header: bool = False) -> None:
    """Rows never split across pages; the header row repeats on every page."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def data_table(doc: object, loop: str, columns: list[tuple[str, str, float]]) -> None:
    """A bordered table: a header row, then one row per item of ``loop`` (docxtpl ``{%tr %}`` rows).
    ``columns``: (heading message id, cell expression, width in cm) for each column."""
    table = fixed_table(doc, tuple(Cm(width) for _, _, width in columns), 4, "Table Grid")
    for cell, (head, _, _) in zip(table.rows[0].cells, columns, strict=True):
        first_para(cell, f'{{{{ _("{head}") }}}}', "KH Table Head")
    row_flags(table.rows[0], header=True)
    first_para(table.rows[1].cells[0], f"{{%tr for {loop} %}}", "KH Table")
    for cell, (_, text, _) in zip(table.rows[2].cells, columns, strict=True):
        first_para(cell, f"{{{{ {text} }}}}", "KH Table")
    row_flags(table.rows[2])
    first_para(table.rows[3].cells[0], "{%tr endfor %}", "KH Table")


def page_setup(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    # Page numbers at the top centre, not on the first page (Phụ lục I, mục 11).
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].style = "KH Page Number"
    number = section.header.paragraphs[0]
    number.style = "KH Page Number"
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)


def letterhead(doc: object) -> None:
    table = fixed_table(doc, LETTERHEAD, 2, None, margin=0)  # the national title needs the whole width
    left, right = table.rows[0].cells
    first_para(left, "{{ report.letterhead.parent|upper }}", "KH Letterhead")
    para(left, "{{ report.letterhead.issuer|upper }}", "KH Letterhead Bold")
    para(left, "", "KH Rule Half")
    first_para(right, '{{ _("Socialist Republic of Viet Nam")|upper }}', "KH National Title")
    para(right, '{{ _("Independence - Freedom - Happiness") }}', "KH Motto")
    para(right, "", "KH Rule Full")
    left, right = table.rows[1].cells
    first_para(
        left,
        '{{ _("No.: %(number)s/%(code)s", number=report.letterhead.number_shown, code=report.letterhead.code) }}',
        "KH Number",
    )
    first_para(
        right,
        '{{ _("%(place)s, %(long_date)s", place=report.letterhead.place, '
        "long_date=report.letterhead.date|long_date) }}",
        "KH Place Date",
    )
    para(doc, '{{ _("Report")|upper }}', "KH Type")
    para(
        doc,
        '{{ _("Results of carrying out Plan No. %(number)s dated %(date)s of the %(issuer)s in %(year)s", '
        "number=report.plan.number, date=report.plan.date|date, issuer=report.plan.issuer, year=report.year) }}",
        "KH Subject",
    )
    para(doc, "", "KH Rule Half")
    para(doc, '{{ _("To: %(recipient)s", recipient=report.recipient) }}', "KH Recipient Line")
    para(doc, "{%p if report.overview.demonstration %}", "Normal")
    para(
        doc,
        '{{ _("Demonstration data") }}: {{ _("the whole data root is a demonstration: its reports are made up (marked '
        "synthetic) and count as received on the date written in each file, not on a real receipt; their figures "
        'describe nothing real.") }}',
        "KH Notice",
    )
    para(doc, "{%p elif report.synthetic %}", "Normal")
    para(
        doc,
        '{{ _("Demonstration data") }}: {{ _("some submissions used here are made up (marked synthetic); their '
        'figures describe nothing real.") }}',
        "KH Notice",
    )
    para(doc, "{%p endif %}", "Normal")


def reporting(doc: object) -> None:
    """Section I: who reported, for the consolidated report or for one agency's."""
    para(doc, '{%p if report.kind == "consolidated" %}', "Normal")
    _reporting_consolidated(doc)
    para(doc, "{%p else %}", "Normal")
    _reporting_agency(doc)
    para(doc, "{%p endif %}", "Normal")


def _reporting_consolidated(doc: object) -> None:
    """The agencies that reported on time, late or not at all."""
    para(
        doc,
        '{{ _("Carrying out Plan No. %(number)s, %(author)s reports the results of its implementation in %(year)s, '
        'compiled from the reports of the agencies received by %(date)s, as follows:", number=report.plan.number, '
        "author=report.author.name, year=report.year, date=report.as_of|date) }}",
        "Normal",
    )
    para(doc, 'I. {{ _("Reporting by the agencies")|upper }}', "Heading 1")
    para(
        doc,
        '{{ _("%(expected)s agencies had to report on %(year)s before %(due)s. Received: %(received)s (reporting '
        'rate %(rate)s); on time: %(on_time)s (on-time rate %(on_time_rate)s).", expected=report.overview.expected, '
        "year=report.year, due=report.overview.due|date, received=report.overview.received, "
        "rate=report.overview.reporting_rate|rate, on_time=report.overview.on_time, "
        "on_time_rate=report.overview.on_time_rate|rate) }}",
        "Normal",
    )
    data_table(
        doc,
        "row in report.overview.rows",
        [
            ("No.", "loop.index", 1.1),
            ("Agency", "row.agency.name", 8.9),
            ("Received", "row.received|date", 2.8),
            ("Status", "row.status_label", 3.7),
        ],
    )
    para(
        doc,
        '{{ _("Not reported (%(n)s)", n=report.overview.missing|length) }}: {{ report.overview.missing|'
        'map(attribute="name")|join("; ") if report.overview.missing else _("none") }}.',
        "Normal",
    )
    para(
        doc,
        '{{ _("Reported late (%(n)s)", n=report.overview.late|length) }}: {{ report.overview.late|'
        'map(attribute="agency.name")|join("; ") if report.overview.late else _("none") }}.',
        "Normal",
    )


def _reporting_agency(doc: object) -> None:
    """One agency's own report: its due date, receipt and the findings of its check."""
    para(
        doc,
        '{{ _("Carrying out Plan No. %(number)s, %(author)s reports the results of the tasks and targets assigned '
        'to it in %(year)s, as follows:", number=report.plan.number, author=report.author.name, year=report.year) }}',
        "Normal",
    )
    para(doc, 'I. {{ _("Reporting")|upper }}', "Heading 1")
    para(doc, "{%p for row in report.overview.rows %}", "Normal")
    para(
        doc,
        '{{ _("Report on %(year)s due before %(due)s; received: %(received)s; status: %(status)s.", '
        "year=report.year, due=row.due|date, received=row.received|date, status=row.status_label) }}",
        "Normal",
    )
    para(doc, "{%p else %}", "Normal")
    para(
        doc,
        '{{ _("%(agency)s owes no report on %(year)s.", agency=report.author.name, year=report.year) }}',
        "Normal",
    )
    para(doc, "{%p endfor %}", "Normal")
    para(doc, "{%p for item in report.overview.findings %}", "Normal")
    para(doc, "- {{ item.message }}", "Normal")
    para(doc, "{%p endfor %}", "Normal")


def per_group(
    doc: object,
    heading: str,
    intro: list[str],
    group_heading: str,
    groups: str,
    loop: str,
    columns: list[tuple[str, str, float]],
    details: list[tuple[str, str]],
    empty: str,
) -> None:
    """A section of one table per group (targets by task group, tasks by task group) with the details
    below each table; ``empty`` when there is no group."""
    para(doc, heading, "Heading 1")
    for text in intro:
        para(doc, text, "Normal")
    para(doc, f"{{%p for group in {groups} %}}", "Normal")
    para(doc, group_heading, "Heading 2")
    data_table(doc, loop, columns)
    for text, style in details:
        para(doc, text, style)
    para(doc, "{%p else %}", "Normal")
    para(doc, f'{{{{ _("{empty}") }}}}', "Normal")
    para(doc, "{%p endfor %}", "Normal")


def targets(doc: object) -> None:
    per_group(
        doc,
        'II. {{ _("Results against the 2030 targets")|upper }}',
        ["{{ report.method }}"],
        "{{ loop.index }}. {{ group.title }}",
        "report.target_groups",
        "row in group.rows",
        [
            ("No.", "row.order", 1.1),
            ("Indicator", "row.name", 4.1),
            ("Target", "row.target_text", 2.3),
            ("Baseline", "row.baseline|figure(row.unit)", 2.3),
            ("Latest", "row.latest|figure(row.unit)", 2.4),
            ("Gap", "row.gap|change(row.unit)", 2.0),
            ("Assessment", "row.status_label", 2.3),
        ],
        [
            ("{%p for row in group.rows if row.notes %}", "Normal"),
            ("{%p if loop.first %}", "Normal"),
            ('{{ _("Notes") }}:', "KH Note"),
            ("{%p endif %}", "Normal"),
            ("{%p for note in row.notes %}", "Normal"),
            ("- {{ row.name }}: {{ note }}", "KH Note"),
            ("{%p endfor %}", "Normal"),
            ("{%p endfor %}", "Normal"),
            # The charts (PNG, drawn by kh113 from the same data as the SVG of the other formats).
            ("{%p for row in group.rows if row.id in charts %}", "Normal"),
            ("{{ charts[row.id] }}", "KH Figure"),
            ("{{ row.chart.alt }}", "KH Caption"),
            ("{%p endfor %}", "Normal"),
        ],
        "No target falls to this report.",
    )


def tasks(doc: object) -> None:
    per_group(
        doc,
        'III. {{ _("Implementation of the annex tasks")|upper }}',
        [],
        "{{ loop.index }}. {{ group.title }}",
        "report.task_groups",
        "task in group.tasks",
        [
            ("No.", "task.id", 1.1),
            ("Task", "task.content", 6.0),
            ("Product (plan)", "task.product", 3.4),
            ("Timeline", "task.schedule", 2.2),
            ("Status", "task.status_label", 2.2),
            ("Reports received", 'task.reported|length ~ "/" ~ task.responsible|length', 1.6),
        ],
        [
            ("{%p for task in group.tasks %}", "Normal"),
            ("{%p for r in task.reported %}", "Normal"),
            (
                '- {{ task.id }}. {{ r.agency.name }}: {{ r.status_label }}{% if r.products %}. {{ _("Products") }}: '
                '{{ r.products|join("; ") }}{% endif %}{% if r.note %}. {{ _("Note") }}: {{ r.note|lines }}{% endif %}',
                "KH Note",
            ),
            ("{%p endfor %}", "Normal"),
            ("{%p if task.unreported %}", "Normal"),
            (
                '- {{ task.id }}. {{ _("No report from") }}: {{ task.unreported|map(attribute="name")|join(", ") }}',
                "KH Note",
            ),
            ("{%p endif %}", "Normal"),
            ("{%p endfor %}", "Normal"),
        ],
        "No annex task falls to this report.",
    )


def quotes(doc: object, number: str, heading: str, variable: str) -> None:
    para(doc, f'{number}. {{{{ _("{heading}")|upper }}}}', "Heading 1")
    para(doc, f"{{%p for quote in {variable} %}}", "Normal")
    para(doc, "“{{ quote.text|lines }}”", "KH Quote")
    para(doc, "— {{ quote.agency.name }}", "KH Quote Source")
    para(doc, "{%p else %}", "Normal")
    para(doc, '{{ _("None reported.") }}', "Normal")
    para(doc, "{%p endfor %}", "Normal")


def attention(doc: object) -> None:
    para(doc, 'VI. {{ _("Matters needing attention")|upper }}', "Heading 1")
    para(doc, "{%p for item in report.attention %}", "Normal")
    para(doc, "- {{ item.heading }}: {{ item.subject }}{% if item.detail %} — {{ item.detail }}{% endif %}", "Normal")
    para(doc, "{%p else %}", "Normal")
    para(doc, '{{ _("Nothing needs particular attention.") }}', "Normal")
    para(doc, "{%p endfor %}", "Normal")


def signature(doc: object) -> None:
    para(doc, "", "Normal")
    table = fixed_table(doc, SIGNATURE, 1, None)
    row_flags(table.rows[0])
    left, right = table.rows[0].cells
    first_para(left, '{{ _("Recipients:") }}', "KH Recipients Head")
    para(left, "{%p for line in report.letterhead.recipients %}", "KH Recipients")
    para(left, "- {{ line }}", "KH Recipients")
    para(left, "{%p endfor %}", "KH Recipients")
    first_para(right, "{%p if report.letterhead.authority %}", "KH Signer")
    para(right, "{{ report.letterhead.authority|upper }}", "KH Signer")
    para(right, "{%p endif %}", "KH Signer")
    para(right, "{{ report.letterhead.title|upper }}", "KH Signer")
    for _ in range(4):  # room to sign and seal
        para(right, "", "KH Signer")
    para(right, "{{ report.letterhead.name }}", "KH Signer")


# A `{% block name %}...{% endblock %}` of a Markdown template; its lines become Word paragraphs.
_BLOCK = r"\{%-?\s*block\s+NAME\s*-?%\}(.*?)\{%-?\s*endblock(?:\s+NAME)?\s*-?%\}"
_STATEMENT = re.compile(r"^\{%-?\s*(if|elif|else|endif|for|endfor)\b(.*?)-?%\}$")


def block_paragraphs(source: str, name: str) -> list[str]:
    """The non-blank lines of block ``name`` of a Markdown template as docxtpl paragraphs: a line that is
    only a statement (``{% if lang == "vi" %}``) becomes a paragraph tag (``{%p if lang == "vi" %}``)."""
    found = re.search(_BLOCK.replace("NAME", name), source, re.S)
    out = []
    for line in (found.group(1) if found else "").splitlines():
        line = line.strip()
        if not line:
            continue
        statement = _STATEMENT.match(line)
        out.append(f"{{%p {statement.group(1)}{statement.group(2).rstrip()} %}}" if statement else line)
    return out


# The sentence that ends the content (Nghị định 30/2020: "./." after the last paragraph, in the Vietnamese
# wording), as the packaged report.md.j2 and report.html.j2 write it in their block `closing`.
CLOSING = (
    '{{ _("The above is the report of %(author)s on the results of carrying out Plan No. %(number)s in '
    '%(year)s.", author=report.author.name, number=report.plan.number, year=report.year) }}'
)


def build(basis: Sequence[str] = (), closing: Sequence[str] = ()) -> bytes:
    """The Word template; ``basis`` and ``closing`` are paragraphs (Jinja text) after the heading and
    before the signature, the places of the Markdown template's blocks of the same names. Without
    ``closing`` the content ends with the packaged templates' closing sentence."""
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "kh113"
    props.title = "Báo cáo kết quả thực hiện Kế hoạch"
    props.comments = "Mẫu báo cáo của kh113 (Nghị định 30/2020/NĐ-CP, Phụ lục I, Mẫu 1.4); sửa được trong Word."
    styles(doc)
    for empty in doc.paragraphs:  # python-docx's blank document may start with an empty paragraph
        empty._p.getparent().remove(empty._p)
    page_setup(doc)
    letterhead(doc)
    for text in basis:
        para(doc, text, "Normal")
    reporting(doc)
    targets(doc)
    tasks(doc)
    quotes(doc, "IV", "Difficulties and obstacles", "report.difficulties")
    quotes(doc, "V", "Proposals", "report.proposals")
    attention(doc)
    for text in closing or (CLOSING,):
        para(doc, text, "Normal")
    signature(doc)
    out = io.BytesIO()
    doc.save(out)
    return stable_zip(out.getvalue())


def main(argv: list[str]) -> int:
    """``[--blocks-from TEMPLATE.md.j2] [--output FILE] [--check]``: write (or check) a Word template."""
    target, blocks = TARGET, None
    if "--output" in argv:
        target = Path(argv[argv.index("--output") + 1])
    if "--blocks-from" in argv:
        blocks = Path(argv[argv.index("--blocks-from") + 1]).read_text(encoding="utf-8")
    built = build(*(block_paragraphs(blocks, name) for name in ("basis", "closing"))) if blocks else build()
    if "--check" in argv:
        return 0 if target.read_bytes() == built else 1
    target.write_bytes(built)
    print(f"wrote {target} ({len(built)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
