"""`kh113 report --format docx` (issue #12): the Word document, checked as a person would check it.

The document is opened with python-docx: page size and margins, fonts and colour, the page number in the
header from page 2, the letterhead, the signature and the recipients (Nghị định 30/2020/NĐ-CP, Phụ lục I);
its body text is compared with a golden file (regenerate with ``KH113_UPDATE_GOLDEN=1``). Where LibreOffice
and poppler are installed it is converted to PDF and its pages to PNG, and page 1 must hold the letterhead.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from docx.shared import Cm

from .conftest import DEMO, REPO
from .test_report import AS_OF, demo, run

__all__ = ["demo"]  # the fixture, shared with test_report.py

GOLDEN = REPO / "tests" / "golden" / "report" / "demo-2025-vi-docx" / "body.txt"
UPDATE = os.environ.get("KH113_UPDATE_GOLDEN") == "1"
NBSP = "\u00a0"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make(root: Path, out: Path, *args: str) -> Path:
    code, _, err = run("--root", str(root), "report", "--year", "2025", "--as-of", AS_OF, *args, "--output", str(out))
    assert code == 0, err
    assert f"đã ghi {out}" in err or f"wrote {out}" in err  # the language of the test's environment
    return out


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo root (outside git) and its 2025 report, made once for the tests that only read them."""
    folder = tmp_path_factory.mktemp("docx")
    root = folder / "demo"
    shutil.copytree(DEMO, root)
    with pytest.MonkeyPatch.context() as patch:  # as the cli_env fixture, for a module-wide fixture
        for name in ("GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "KH113_ROOT", "KH113_LANG"):
            patch.delenv(name, raising=False)
        patch.setenv("NO_COLOR", "1")
        return root, make(root, folder / "bao-cao-2025.docx")


@pytest.fixture
def docx_file(shared: tuple[Path, Path]) -> Path:
    return shared[1]


def texts(container: object) -> list[str]:
    return [p.text for p in container.paragraphs]  # type: ignore[attr-defined]


def body_text(doc: DocumentType) -> str:
    """The body as a reader reads it: paragraphs, and tables row by row with cells split by ` | `."""
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag == f"{W}p":
            lines.append("".join(t.text or "" for t in block.iter(f"{W}t")))
        elif block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                cells = ["/".join(_cell_lines(cell)) for cell in row.iter(f"{W}tc")]
                lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


def _cell_lines(cell: object) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in cell.iter(f"{W}p")]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# The page


def test_a4_with_the_margins_of_the_decree(docx_file: Path) -> None:
    section = Document(str(docx_file)).sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
    mm = Cm(0.1)  # Word keeps margins in twentieths of a point: 15 mm is 850 of them, 14.99 mm
    assert 20 * mm - 1000 <= section.top_margin <= 25 * mm and 20 * mm - 1000 <= section.bottom_margin <= 25 * mm
    assert 30 * mm - 1000 <= section.left_margin <= 35 * mm
    assert 15 * mm - 1000 <= section.right_margin <= 20 * mm


def test_times_new_roman_black_everywhere(docx_file: Path) -> None:
    with zipfile.ZipFile(docx_file) as archive:
        document = archive.read("word/document.xml").decode()
    doc = Document(str(docx_file))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    used = {p.style.name for p in doc.paragraphs} | {
        p.style.name for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
    }
    for name in used:
        style = doc.styles[name]
        rfonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        assert rfonts is not None and rfonts.get(qn("w:ascii")) == "Times New Roman", name
        assert not [a for a in rfonts.attrib if "Theme" in a], f"{name} uses a theme font"
        size = style.font.size.pt if style.font.size is not None else None
        if not name.startswith("KH Rule"):
            assert size is not None and 11 <= size <= 14, (name, size)
        if name in ("Normal", "Heading 1", "Heading 2", "KH Type", "KH Subject", "KH Signer", "KH Place Date"):
            assert 13 <= size <= 14, (name, size)  # type: ignore[operator]
    # Black: no colour but 000000 in the styles the document uses, nor in the document itself.
    colours = set(re.findall(r'w:color w:val="([0-9A-Fa-f]{6}|auto)"', document))
    assert colours <= {"000000", "auto"}
    for name in used:
        colour = doc.styles[name].font.color
        assert colour.rgb is None or str(colour.rgb) == "000000", name
    assert "w:shd" not in document  # no shaded (coloured) boxes


def test_page_numbers_at_the_top_centre_from_page_2(docx_file: Path) -> None:
    section = Document(str(docx_file)).sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    fields = header._element.findall(f".//{W}fldSimple")
    assert [f.get(qn("w:instr")).strip() for f in fields] == ["PAGE"]
    assert header.paragraphs[0].style.paragraph_format.alignment == 1  # centre
    assert not section.first_page_header._element.findall(f".//{W}fldSimple")
    assert "PAGE" not in section.first_page_header._element.xml


# --------------------------------------------------------------------------------------------------
# Letterhead, signature, recipients


def test_the_letterhead(docx_file: Path) -> None:
    doc = Document(str(docx_file))
    head = doc.tables[0]
    left, right = head.rows[0].cells
    assert texts(left) == ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "SỞ NỘI VỤ", ""]
    assert texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""]
    assert left.paragraphs[1].style.font.bold and right.paragraphs[0].style.font.bold
    # The rules: a bordered paragraph under the issuing body (a third to a half of it) and under the motto.
    for cell, low, high in ((left, 0.3, 0.55), (right, 0.9, 1.05)):
        rule = cell.paragraphs[2]
        assert rule.style.name.startswith("KH Rule")
        assert rule.style.element.pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:val")) == "single"
        length = cell.width - rule.paragraph_format.left_indent - rule.paragraph_format.right_indent
        from kh113.render.docx import text_width_cm

        line = text_width_cm(cell.paragraphs[1].text, cell.paragraphs[1].style.font.size.pt)
        assert low <= (length / 360000) / line <= high, (cell.paragraphs[1].text, length / 360000, line)
    number, date = head.rows[1].cells
    assert texts(number) == [f"Số: {NBSP * 6}/BC-SNV"]
    assert texts(date) == ["Cà Mau, ngày 15 tháng 11 năm 2025"]
    assert date.paragraphs[0].style.font.italic
    body = texts(doc)
    assert body[:3] == [
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 113/KH-UBND ngày 13/05/2024 của Ủy ban nhân dân tỉnh Cà Mau năm 2025",
        "",
    ]


def test_the_signature_and_the_recipients(docx_file: Path) -> None:
    doc = Document(str(docx_file))
    left, right = doc.tables[-1].rows[0].cells
    assert texts(left) == [
        "Nơi nhận:",
        "- Ủy ban nhân dân tỉnh (để báo cáo);",
        "- Các sở, ban, ngành tỉnh;",
        "- Lưu: VT.",
    ]
    assert left.paragraphs[0].style.font.bold and left.paragraphs[0].style.font.italic
    assert texts(right) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "", "", ""]  # room to sign, no invented name
    assert right.paragraphs[0].style.font.bold


def test_number_date_and_signer_name_appear(demo: Path, tmp_path: Path) -> None:
    path = demo / "plan" / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ''", "name: Người Ký Thử"), encoding="utf-8")
    out = make(demo, tmp_path / "r.docx", "--number", "125", "--date", "2025-12-02")
    doc = Document(str(out))
    assert texts(doc.tables[0].rows[1].cells[0]) == ["Số: 125/BC-SNV"]
    assert texts(doc.tables[0].rows[1].cells[1]) == ["Cà Mau, ngày 02 tháng 12 năm 2025"]
    assert texts(doc.tables[-1].rows[0].cells[1])[-1] == "Người Ký Thử"


def test_the_english_report(demo: Path, tmp_path: Path) -> None:
    doc = Document(str(make(demo, tmp_path / "en.docx", "--lang", "en")))
    assert texts(doc.tables[0].rows[0].cells[1])[:2] == [
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
    ]
    assert texts(doc.tables[0].rows[1].cells[1]) == ["Cà Mau, 15 November 2025"]
    assert texts(doc)[0] == "REPORT" and texts(doc.tables[-1].rows[0].cells[0])[0] == "Recipients:"


# --------------------------------------------------------------------------------------------------
# The body: the same computed rows as Markdown and HTML


def test_the_body_matches_the_golden_text(docx_file: Path) -> None:
    text = body_text(Document(str(docx_file)))
    if UPDATE:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.is_file(), "no golden body: run with KH113_UPDATE_GOLDEN=1 once and review it"
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_tables_hold_the_rows_of_the_report(shared: tuple[Path, Path], docx_file: Path) -> None:
    from .test_report import report_of

    report = report_of(shared[0])
    doc = Document(str(docx_file))
    data = doc.tables[1:-1]  # between the letterhead and the signature
    groups = [len(g.rows) for g in report.target_groups] + [len(g.tasks) for g in report.task_groups]
    assert [len(t.rows) - 1 for t in data] == [len(report.overview.rows), *groups]
    first = [row.cells[0].text for t in data[1 : 1 + len(report.target_groups)] for row in t.rows[1:]]
    assert first == [str(row.order) for g in report.target_groups for row in g.rows]
    last = [row.cells[-1].text for t in data[1 : 1 + len(report.target_groups)] for row in t.rows[1:]]
    assert last == [row.status_label for g in report.target_groups for row in g.rows]
    notes = [n for g in report.target_groups for row in g.rows for n in row.notes]
    body = "\n".join(texts(doc))
    assert notes and all(note in body for note in notes)  # every caveat the Markdown shows is here too
    assert "kh113" not in body


def test_the_same_data_gives_the_same_bytes(demo: Path, tmp_path: Path) -> None:
    first = make(demo, tmp_path / "a.docx").read_bytes()
    second = make(demo, tmp_path / "b.docx").read_bytes()
    assert first == second


# --------------------------------------------------------------------------------------------------
# Writing


def test_an_existing_file_is_replaced_only_with_force(demo: Path, tmp_path: Path) -> None:
    docx_file = make(demo, tmp_path / "bao-cao-2025.docx")
    base = ["--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--output", str(docx_file)]
    before = docx_file.read_bytes()
    code, _, err = run(*base, "--number", "7")
    assert code == 1 and "--force" in err and docx_file.read_bytes() == before
    code, _, err = run(*base, "--number", "7", "--force")
    assert code == 0 and docx_file.read_bytes() != before
    assert not [p for p in docx_file.parent.iterdir() if p.name.endswith(".tmp")]


def test_no_binary_output_to_a_terminal(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import click.testing
    import typer.testing

    args = ["--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--format", "docx"]
    code, out, _ = run(*args)  # a pipe: the document's bytes
    assert code == 0
    wrapper = getattr(typer.testing, "_NamedTextIOWrapper", click.testing._NamedTextIOWrapper)  # the runner's stdout
    monkeypatch.setattr(wrapper, "isatty", lambda self: True)
    code, out, err = run(*args)
    assert code == 2 and "--output" in err and out == ""


def test_the_docx_suffix_chooses_the_format(demo: Path, tmp_path: Path) -> None:
    out = make(demo, tmp_path / "x.docx")
    assert zipfile.is_zipfile(out) and Document(str(out)).tables


# --------------------------------------------------------------------------------------------------
# The template: reproducible, overridable, confined


def test_the_shipped_template_is_what_the_script_builds() -> None:
    from kh113.render.docx_template import build

    assert build() == (REPO / "src" / "kh113" / "templates" / "report.docx").read_bytes()


def overriding(root: Path, edit: object) -> Path:
    """templates/report.docx in ``root``: the packaged template changed by ``edit(document)``."""
    doc = Document(str(REPO / "src" / "kh113" / "templates" / "report.docx"))
    edit(doc)  # type: ignore[operator]
    (root / "templates").mkdir(exist_ok=True)
    target = root / "templates" / "report.docx"
    doc.save(str(target))
    return target


def test_a_data_root_overrides_the_template(demo: Path, tmp_path: Path) -> None:
    overriding(demo, lambda d: d.add_paragraph("Mẫu của tỉnh {{ report.year }}"))
    doc = Document(str(make(demo, tmp_path / "o.docx")))
    assert "Mẫu của tỉnh 2025" in texts(doc)
    code, out, _ = run("--root", str(demo), "validate")
    assert code == 0, out


@pytest.mark.parametrize(
    ("make_template", "message"),
    [
        (lambda root: overriding(root, lambda d: d.add_paragraph("{{ report.nope }}")), "has no attribute 'nope'"),
        (lambda root: overriding(root, lambda d: d.add_paragraph("{% for x in %}")), "Expected an expression"),
        (lambda root: (root / "templates" / "report.docx").write_bytes(b"not a zip"), "not a Word document"),
        (lambda root: _zip_bomb(root / "templates" / "report.docx"), "unpacks to more than"),
        (lambda root: (root / "templates" / "report.docx").symlink_to("/etc/passwd"), "is a link"),
        (
            lambda root: overriding(root, lambda d: d.add_paragraph("{{ ''.__class__.__mro__ }}")),
            "unsafe",
        ),
    ],
)
@pytest.mark.usefixtures("english")
def test_a_bad_template_is_a_positioned_problem(
    demo: Path, tmp_path: Path, make_template: object, message: str
) -> None:
    (demo / "templates").mkdir(exist_ok=True)
    make_template(demo)  # type: ignore[operator]
    out = tmp_path / "bad.docx"
    code, _, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--output", str(out))
    assert code == 1, err
    assert "templates/report.docx:1:1: template-error:" in err and message in err, err
    assert "Traceback" not in err and not out.exists()


def test_validate_checks_the_word_template(demo: Path) -> None:
    overriding(demo, lambda d: d.add_paragraph("{% if %}"))
    code, out, _ = run("--root", str(demo), "validate")
    assert code == 1 and "templates/report.docx:1:1: template-error:" in out


def _zip_bomb(path: Path) -> None:
    shutil.copy(REPO / "src" / "kh113" / "templates" / "report.docx", path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/filler.bin", b"\0" * 110_000_000)


# --------------------------------------------------------------------------------------------------
# As printed: LibreOffice converts it to PDF, poppler renders the pages


def test_libreoffice_prints_it_with_the_letterhead_on_page_1(docx_file: Path, tmp_path: Path) -> None:
    soffice, pdftoppm, pdftotext = shutil.which("soffice"), shutil.which("pdftoppm"), shutil.which("pdftotext")
    if not (soffice and pdftoppm and pdftotext):
        pytest.skip("LibreOffice or poppler is not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
    profile = tmp_path / "profile"  # a private profile: runs in parallel do not share LibreOffice's lock
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), str(docx_file)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "bao-cao-2025.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 5 <= pages <= 30
    assert "595.3" in info and "841.8" in info  # A4 in points
    first = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = [" ".join(line.split()) for line in first.splitlines() if line.strip()]
    # Each title on one line, side by side as the letterhead sets them.
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH CÀ MAU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == "SỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc"
    assert "Số: /BC-SNV Cà Mau, ngày 15 tháng 11 năm 2025" in lines
    assert "BÁO CÁO" in lines
    second = subprocess.run(
        [pdftotext, "-f", "2", "-l", "2", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert second.split()[0] == "2"  # the page number, at the top
    assert first.split()[0] != "1"
    subprocess.run([pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 2 and all(p.stat().st_size > 10_000 for p in images)
    if os.environ.get("KH113_DOCS_IMAGES") == "1":  # refresh the page images of docs/report.md
        subprocess.run(
            [pdftoppm, "-r", "80", "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "docs")], check=True
        )
        for i, image in enumerate(sorted(tmp_path.glob("docs-*.png")), start=1):
            shutil.copy(image, REPO / "docs" / f"report-docx-page{i}.png")


def test_body_text_helper_reads_tables() -> None:
    doc = Document()
    doc.add_paragraph("a")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "x", "y"
    buffer = io.BytesIO()
    doc.save(buffer)
    assert body_text(Document(io.BytesIO(buffer.getvalue()))) == "a\nx | y\n"


# --------------------------------------------------------------------------------------------------
# Charts (issue #12 item 3): PNG drawn by matplotlib from the same chart data as the SVG


def test_every_chart_of_the_report_is_a_picture_in_the_document(shared: tuple[Path, Path], docx_file: Path) -> None:
    from .test_report import report_of

    report = report_of(shared[0])
    charted = [row for g in report.target_groups for row in g.rows if row.chart is not None]
    assert charted
    with zipfile.ZipFile(docx_file) as archive:
        media = sorted(n for n in archive.namelist() if n.startswith("word/media/"))
        pngs = [archive.read(n) for n in media]
    assert len(media) == len(charted) and all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pngs)
    assert b"Software" not in b"".join(pngs) and b"matplotlib" not in b"".join(pngs)  # no stamp that varies
    captions = [p.text for p in Document(str(docx_file)).paragraphs if p.style.name == "KH Caption"]
    assert captions == [row.chart.alt for row in charted]  # type: ignore[union-attr]


def test_a_chart_is_the_same_bytes_every_time_and_wraps_its_title() -> None:
    from kh113.render import charts
    from kh113.render.chart_png import render_png, serif, wrapped

    title = "Tỷ lệ người tham gia bảo hiểm y tế trên tổng dân số, đối với đối tượng bảo trợ xã hội " * 2
    chart = charts.Chart(
        indicator="x",
        title=title,
        unit="%",
        first_year=2020,
        last_year=2030,
        points=(charts.Point(2020, 88.98, "88,98 %", 0.0, 0, False), charts.Point(2025, 95.0, "95 %", 0.5, 1, True)),
        target_value=95.0,
        target_year=2030,
        breaks=(charts.SeriesBreak(__import__("datetime").date(2025, 7, 1), "01/07/2025"),),
        labels=charts.Labels("Cơ quan báo cáo", "Đã công bố", "Mục tiêu 2030: ≥ 95 %", "Gián đoạn 01/07/2025"),
        ceiling=100.0,
    )
    first = render_png(chart, str)
    assert first == render_png(chart, str)
    lines = wrapped(title, lambda line: len(line) <= 78).splitlines()
    assert len(lines) > 1 and all(len(line) <= 78 for line in lines)
    assert " ".join(lines).split() == title.split()  # nothing cut
    # A serif that has the Vietnamese letters (older Liberation fonts lack ố, ộ, ư...): never a tofu box.
    from kh113.render.chart_png import _charmap

    assert {ord(c) for c in "ốộưễ"} <= _charmap(serif((title,)))


def _chart(title: str, unit: str, points: tuple[tuple[int, float, str], ...], target: float) -> object:
    from kh113.render import charts

    return charts.Chart(
        indicator="x",
        title=title,
        unit=unit,
        first_year=2020,
        last_year=2030,
        points=tuple(charts.Point(y, v, label, 0.5, 0, False) for y, v, label in points),
        target_value=target,
        target_year=2030,
        breaks=(charts.SeriesBreak(__import__("datetime").date(2025, 7, 1), "01/07/2025"),),
        labels=charts.Labels("Cơ quan báo cáo", "Đã công bố", "Mục tiêu 2030", "Gián đoạn 01/07/2025"),
        ceiling=None,
    )


def _pixels(png: bytes) -> object:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("L")


def test_a_chart_title_is_wrapped_at_its_measured_width_never_cut() -> None:
    # Issue #12 item 4.5: a fixed 78 characters let a wide title ("…đối tượng bả|") run off the edge.
    from kh113.render.chart_png import render_png

    title = "ĐỐI TƯỢNG ĐỦ ĐIỀU KIỆN HƯỞNG TRỢ CẤP XÃ HỘI HÀNG THÁNG ĐỐI VỚI ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI MMMM"
    image = _pixels(render_png(_chart(title, "%", ((2020, 88.0, "88 %"),), 95.0), str))
    width, height = image.size
    band = image.crop((0, 0, width, height // 5))  # the title's lines
    dark = [x for x in range(width) if any(band.getpixel((x, y)) < 128 for y in range(band.size[1]))]
    assert dark and max(dark) < width - 3, (max(dark), width)


def test_the_y_axis_title_is_inside_the_figure_and_labels_cover_no_marker() -> None:
    # Issue #12 item 4.5, "Giải quyết việc làm bình quân": the unit clipped at the left edge, and the 40.982
    # (2020) label on the 38.000 one, hiding the 2020 marker.
    from matplotlib import rc_context

    from kh113.render.chart_png import _style, figure_of, render_png

    chart = _chart(
        "Giải quyết việc làm bình quân",
        "người/năm",
        ((2020, 40982.0, "40.982 người/năm"), (2021, 38000.0, "~ 38.000 người/năm"), (2024, 41000.0, "41.000")),
        40000.0,
    )
    number = lambda v: f"{v:,.0f}".replace(",", ".")  # noqa: E731
    image = _pixels(render_png(chart, number))
    left_edge = [image.getpixel((x, y)) for x in range(3) for y in range(image.size[1])]
    assert min(left_edge) > 200  # nothing drawn on the left edge: the unit fits
    with rc_context(_style(chart, number)):
        figure = figure_of(chart, number)
        renderer = figure.canvas.get_renderer()
        axes = figure.axes[0]
        unit = axes.yaxis.label.get_window_extent(renderer)
        assert unit.x0 >= 0 and axes.yaxis.label.get_text() == "người/năm"
        labels = [t for t in axes.texts if t.get_text() in {p.label for p in chart.points}]
        markers = [line for line in axes.lines if line.get_marker() == "o"]
        assert len(labels) == len(markers) == 3
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i, box in enumerate(boxes):
            for other in boxes[i + 1 :]:
                assert not box.overlaps(other), (box, other)
            for marker in markers:
                assert not box.overlaps(marker.get_window_extent(renderer))
