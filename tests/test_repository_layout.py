"""The repository's own submissions/ folder, as the project's layout promises (issue #18)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app

from .conftest import REPO

README = REPO / "submissions" / "README.md"


def test_submissions_readme_says_where_how_when_and_how_checked_in_vietnamese_then_english() -> None:
    text = README.read_text(encoding="utf-8")
    vietnamese, _, english = text.partition("\n---\n")
    for words in (
        "submissions/<năm>/<mã cơ quan>.yaml",
        "kh113 new",
        "--xlsx",
        "kh113 import",
        "trước ngày 30/10",
        "trước ngày 10/11",
        "kh113 validate",
        "kh113 check",
    ):
        assert words in vietnamese, words
    for words in ("submissions/<year>/<agency>.yaml", "before 30/10", "before 10/11", "kh113 check"):
        assert words in english, words


def test_validate_ignores_the_readme_and_still_reports_other_strays(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for part in ("plan", "indicators", "submissions"):
        shutil.copytree(REPO / part, root / part)
    runner = CliRunner()
    clean = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"])
    assert clean.exit_code == 0 and "submissions/" not in clean.output, clean.output
    (root / "submissions" / "notes.txt").write_text("draft\n", encoding="utf-8")
    stray = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en", "--strict"])
    assert stray.exit_code == 1
    problems = [line for line in stray.stdout.splitlines() if line.startswith("submissions/")]
    assert problems == ["submissions/notes.txt:1:1: stray-file: warning: is not a YAML file; ignored"]


# --------------------------------------------------------------------------------------------------
# templates/: this repository's own report templates (issue #18 item 2)

TEMPLATES = REPO / "templates"
BASIS = "Căn cứ Kế hoạch số 113/KH-UBND ngày 13/05/2024 của Ủy ban nhân dân tỉnh Cà Mau triển khai thực hiện"
CLOSING = (
    "Trên đây là báo cáo kết quả thực hiện Kế hoạch số 113/KH-UBND năm 2025 của Sở Nội vụ, kính báo cáo Ủy ban "
    "nhân dân tỉnh xem xét, chỉ đạo./."
)


def data_root(tmp_path: Path, *, templates: bool) -> Path:
    """A copy of this repository's data, with or without its templates/ folder."""
    root = tmp_path / ("with" if templates else "without")
    for part in ("plan", "indicators", "submissions", *(("templates",) if templates else ())):
        shutil.copytree(REPO / part, root / part)
    return root


def report_text(root: Path, fmt: str, out: Path, lang: str = "vi") -> str:
    args = ["--root", str(root), "report", "--year", "2025", "--as-of", "2025-11-15", "--lang", lang]
    result = CliRunner().invoke(app, [*args, "--format", fmt, "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    if fmt == "docx":
        from docx import Document

        return "\n".join(p.text for p in Document(str(out)).paragraphs)
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_the_report_uses_the_repository_templates_and_the_packaged_ones_without_them(
    tmp_path: Path, fmt: str, cli_env: None
) -> None:
    suffix = {"markdown": "md", "html": "html", "docx": "docx"}[fmt]
    own = report_text(data_root(tmp_path, templates=True), fmt, tmp_path / f"own.{suffix}")
    packaged = report_text(data_root(tmp_path, templates=False), fmt, tmp_path / f"packaged.{suffix}")
    # Only Cà Mau's templates state the basis of the report and close it with the province's formula;
    # the names in them are the data's (plan/plan.yaml, plan/agencies.yaml), the rest of the report is alike.
    for text in (BASIS, CLOSING):
        assert text in own, text
        assert text not in packaged, text
    assert own.index(BASIS) < own.index("I. ") and own.index(CLOSING) > own.index("VI. ")
    for shared in ("BÁO CÁO", "Kính gửi: Ủy ban nhân dân tỉnh", "Thực hiện Kế hoạch số 113/KH-UBND, Sở Nội vụ"):
        assert shared in own and shared in packaged, shared


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_the_basis_gives_the_consolidating_agency_its_own_deadline(tmp_path: Path, fmt: str, cli_env: None) -> None:
    # Issue #12 item 4.1: section V gives the consolidating agency until 10/11; the agencies' 30/10 is the
    # deadline of an agency's own report, not of the consolidation the basis speaks of.
    root = data_root(tmp_path, templates=True)
    suffix = {"markdown": "md", "html": "html", "docx": "docx"}[fmt]
    args = ["--root", str(root), "report", "--year", "2025", "--as-of", "2025-11-15", "--agency", "so-y-te"]
    out = tmp_path / f"so-y-te.{suffix}"
    result = CliRunner().invoke(app, [*args, "--format", fmt, "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    basis = next(line for line in text.splitlines() if "Căn cứ Kế hoạch số" in line)
    assert "Sở Nội vụ tổng hợp, báo cáo kết quả thực hiện định kỳ hàng năm (trước ngày 10/11/2025)" in basis
    assert "30/10" not in basis


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_the_packaged_templates_end_the_content_with_the_closing_mark(tmp_path: Path, fmt: str, cli_env: None) -> None:
    # Nghị định 30/2020: the content of a báo cáo ends with "./."; without templates/ (examples/demo) the
    # packaged closing sentence does, in generic words, just before the signature block.
    suffix = {"markdown": "md", "html": "html", "docx": "docx"}[fmt]
    text = report_text(data_root(tmp_path, templates=False), fmt, tmp_path / f"packaged.{suffix}")
    closing = "Trên đây là báo cáo kết quả thực hiện Kế hoạch số 113/KH-UBND năm 2025 của Sở Nội vụ./."
    assert closing in text
    assert text.index(closing) > text.index("VI. ") and text.count("./.") == 1
    english = report_text(data_root(tmp_path / "en", templates=False), fmt, tmp_path / f"en.{suffix}", lang="en")
    assert (
        "The above is the report of Sở Nội vụ on the results of carrying out Plan No. 113/KH-UBND in 2025." in english
    )


def test_the_repository_templates_speak_english_with_lang_en(tmp_path: Path, cli_env: None) -> None:
    text = report_text(data_root(tmp_path, templates=True), "markdown", tmp_path / "en.md", lang="en")
    assert "Pursuant to Plan No. 113/KH-UBND dated 13/05/2024" in text
    assert "submitted to the Provincial People's Committee for consideration and direction." in text
    assert "Căn cứ" not in text and "Trên đây" not in text


def test_the_repository_templates_take_names_from_the_data(tmp_path: Path, cli_env: None) -> None:
    root = data_root(tmp_path, templates=True)
    agencies = root / "plan" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("name: Sở Nội vụ\n", "name: Sở Nội vụ mới\n"))
    text = report_text(root, "markdown", tmp_path / "renamed.md")
    assert "của Sở Nội vụ mới, kính báo cáo" in text


def test_the_repository_word_template_is_built_from_its_markdown_blocks() -> None:
    from kh113.render.docx_template import block_paragraphs, build

    source = (TEMPLATES / "report.md.j2").read_text(encoding="utf-8")
    basis, closing = block_paragraphs(source, "basis"), block_paragraphs(source, "closing")
    assert basis[0] == '{%p if lang == "vi" %}' and basis[-1] == "{%p endif %}"
    assert any(line.startswith("Trên đây là báo cáo") for line in closing)
    # Rebuild: python -m kh113.render.docx_template --blocks-from templates/report.md.j2 --output templates/report.docx
    assert build(basis, closing) == (TEMPLATES / "report.docx").read_bytes()


def test_the_packaged_templates_hold_no_province_of_their_own() -> None:
    import zipfile

    packaged = REPO / "src" / "kh113" / "templates"
    for path in sorted(packaged.iterdir()):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                text = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
        else:
            text = path.read_text(encoding="utf-8")
        for word in ("Cà Mau", "CÀ MAU", "Ca Mau", "Sở Nội vụ", "113/KH-UBND", "BC-SNV"):
            assert word not in text, f"{path.name} names {word}"


def test_validate_checks_the_repository_templates(tmp_path: Path, cli_env: None) -> None:
    root = data_root(tmp_path, templates=True)
    runner = CliRunner()
    clean = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"])
    assert clean.exit_code == 0 and "templates/" not in clean.output, clean.output
    broken = root / "templates" / "report.md.j2"
    broken.write_text(broken.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}", 1))
    failed = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"])
    assert failed.exit_code == 1
    assert any(
        line.startswith("templates/report.md.j2:") and "template-error" in line for line in failed.stdout.splitlines()
    )


def test_codeowners_covers_the_repository_templates(cli_env: None) -> None:
    result = CliRunner().invoke(app, ["--root", str(REPO), "codeowners", "--default-owner", "@ca-mau/so-noi-vu"])
    assert result.exit_code == 0, result.output
    assert any(line.split()[:1] == ["/templates/"] for line in result.stdout.splitlines()), result.stdout
