"""`kh113 new --xlsx` and `kh113 import` (issue #14): a workbook for clerks, read back into the YAML report."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from kh113.cli import app

from .gitrepo import EXAMPLES


@pytest.fixture
def root(tmp_path, cli_env, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(EXAMPLES / "valid" / "succession", target)
    monkeypatch.chdir(tmp_path)
    return target


def invoke(root, *args):
    result = CliRunner().invoke(app, ["--root", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def made(root, tmp_path, lang="vi"):
    code, out, err = invoke(root, "new", "so-y-te", "--year", "2025", "--xlsx", "--lang", lang)
    assert code == 0, err
    return tmp_path / "bao-cao-so-y-te-2025.xlsx"


def fill(path, target, figures=None, status="đang thực hiện", edit=None):
    book = openpyxl.load_workbook(path)
    info, fig, tasks, notes = (book[name] for name in book.sheetnames[:4])
    info["B7"] = dt.date(2025, 10, 20)
    for row in range(2, fig.max_row + 1):
        if fig[f"A{row}"].value:
            fig[f"F{row}"] = (figures or {}).get(fig[f"A{row}"].value, 12)
            fig[f"G{row}"] = "Thống kê ngành y tế  "
    for row in range(2, tasks.max_row + 1):
        if tasks[f"A{row}"].value:
            tasks[f"E{row}"] = status
    notes["A2"] = "Thiếu bác sĩ"
    if edit:
        edit(book)
    book.save(target)
    return target


def test_round_trip_equals_the_hand_written_report(root, tmp_path):
    filled = fill(made(root, tmp_path), tmp_path / "filled.xlsx")
    code, out, err = invoke(root, "import", str(filled))
    assert code == 0, err
    report = yaml.safe_load((root / "submissions/2025/so-y-te.yaml").read_text(encoding="utf-8"))
    assert report == {
        "agency": "so-y-te",
        "year": 2025,
        "submitted": dt.date(2025, 10, 20),
        "figures": {
            ident: {"value": 12, "source": "Thống kê ngành y tế"} for ident in ("giuong-benh", "bac-si", "duoc-si")
        },
        "tasks": {"6.2": {"status": "in_progress", "products": []}, "6.4": {"status": "in_progress", "products": []}},
        "difficulties": ["Thiếu bác sĩ"],
        "proposals": [],
    }
    assert invoke(root, "validate")[0] == 0
    # The same verdicts as for the report written by hand.
    by_hand = tmp_path / "by-hand"
    shutil.copytree(EXAMPLES / "valid" / "succession", by_hand)
    (by_hand / "submissions/2025").mkdir(parents=True, exist_ok=True)
    (by_hand / "submissions/2025/so-y-te.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    assert invoke(by_hand, "validate")[0] == 0
    verdicts = [
        invoke(r, "check", "--year", "2025", "--format", "json", "--as-of", "2025-12-01") for r in (root, by_hand)
    ]
    assert verdicts[0][0] == verdicts[1][0] and verdicts[0][1] == verdicts[1][1]
    assert json.loads(verdicts[0][1])["received"] == 1  # the check ran and counted this report
    # A second import refuses to overwrite; --update replaces.
    code, _, err = invoke(root, "import", str(filled))
    assert code == 1 and "--update" in err
    assert invoke(root, "import", str(filled), "--update")[0] == 0


def test_number_typed_as_text_gets_the_yaml_advice_at_its_cell(root, tmp_path):
    filled = fill(made(root, tmp_path), tmp_path / "f.xlsx", figures={"bac-si": "12,5"})
    code, _, err = invoke(root, "import", str(filled))
    assert code == 1
    assert "f.xlsx:Số liệu!F3: decimal-comma:" in err and "12.5" in err
    assert not (root / "submissions/2025/so-y-te.yaml").exists()


def test_edited_label_and_bad_status_are_errors(root, tmp_path):
    def edit(book):
        book[book.sheetnames[1]]["A2"] = "giuong-benh-x"

    filled = fill(made(root, tmp_path), tmp_path / "f.xlsx", status="xong", edit=edit)
    code, _, err = invoke(root, "import", str(filled))
    assert code == 1
    assert "f.xlsx:Số liệu!A2: label-changed:" in err
    assert "f.xlsx:Nhiệm vụ!E2: invalid-status:" in err


def test_formula_without_cached_value_is_an_error(root, tmp_path):
    def edit(book):
        book[book.sheetnames[1]]["F2"] = "=1+1"  # openpyxl saves no cached result

    code, _, err = invoke(root, "import", str(fill(made(root, tmp_path), tmp_path / "f.xlsx", edit=edit)))
    assert code == 1 and "Số liệu!F2: formula-without-value:" in err


def test_reordered_and_empty_rows_are_read_by_id(root, tmp_path):
    def edit(book):
        fig = book[book.sheetnames[1]]
        fig.move_range("A2:I2", rows=10)  # the first figure moved below an empty gap

    code, _, err = invoke(root, "import", str(fill(made(root, tmp_path), tmp_path / "f.xlsx", edit=edit)))
    assert code == 0, err


def test_renamed_sheet_and_other_year(root, tmp_path):
    def rename(book):
        book[book.sheetnames[2]].title = "Tasks!"

    blank = made(root, tmp_path)
    code, _, err = invoke(root, "import", str(fill(blank, tmp_path / "f.xlsx", edit=rename)))
    assert code == 1 and "sheet-missing" in err

    code, _, err = invoke(root, "import", str(fill(blank, tmp_path / "g.xlsx")), "--year", "2026")
    assert code == 1 and "g.xlsx:1:1: wrong-year:" in err

    def tampered(book):
        book["kh113"]["B3"] = 2026  # the hidden sheet edited: no longer what was owed

    code, _, err = invoke(root, "import", str(fill(blank, tmp_path / "h.xlsx", edit=tampered)))
    assert code == 1 and "h.xlsx:1:1: plan-changed:" in err


def test_workbook_for_another_agency_is_refused(root, tmp_path):
    def other(book):
        book["kh113"]["B2"] = "so-khong-co"

    code, _, err = invoke(root, "import", str(fill(made(root, tmp_path), tmp_path / "f.xlsx", edit=other)))
    assert code == 1 and "wrong-agency" in err


def _rezip(source, target, replace):
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item.filename, replace(item.filename, data))


def test_entity_expansion_is_refused(root, tmp_path):
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'

    def laughs(name, data):
        if name != "xl/workbook.xml":
            return data
        return bomb + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)

    target = tmp_path / "laughs.xlsx"
    _rezip(made(root, tmp_path), target, laughs)
    code, _, err = invoke(root, "import", str(target))
    assert code == 1 and "laughs.xlsx:1:1: unsafe-workbook:" in err


def test_zip_bomb_and_million_rows_are_refused(root, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/worksheets/sheet1.xml", b"0" * (100 * 1024 * 1024))
    code, _, err = invoke(root, "import", str(bomb))
    assert code == 1 and "bomb.xlsx:1:1: unsafe-workbook:" in err

    def tall(name, data):
        if name == "xl/worksheets/sheet2.xml":
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:I1000000"', data)
        return data

    target = tmp_path / "tall.xlsx"
    _rezip(made(root, tmp_path), target, tall)
    code, _, err = invoke(root, "import", str(target))
    assert code == 1 and "tall.xlsx:1:1: sheet-too-large:" in err


def test_not_a_workbook(root, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("hello", encoding="utf-8")
    code, _, err = invoke(root, "import", str(junk))
    assert code == 1 and "junk.xlsx:1:1: unreadable-workbook:" in err


def test_libreoffice_resave_imports(root, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the re-save test needs it")

    def formula(book):
        book[book.sheetnames[1]]["F2"] = "=10+2"  # LibreOffice computes and saves the result

    filled = fill(made(root, tmp_path), tmp_path / "filled.xlsx", edit=formula)
    out = tmp_path / "lo"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    if not (out / "filled.xlsx").exists():
        # soffice without Calc (libreoffice-writer-nogui alone) exits 0 and writes nothing.
        pytest.skip(
            "LibreOffice could not convert the workbook (is Calc installed? apt-get install libreoffice-calc-nogui)"
        )
    code, _, err = invoke(root, "import", str(out / "filled.xlsx"))
    assert code == 0, err
    assert invoke(root, "validate")[0] == 0
    report = yaml.safe_load((root / "submissions/2025/so-y-te.yaml").read_text(encoding="utf-8"))
    assert report["figures"]["giuong-benh"]["value"] == 12


def test_excel_dates_text_spaces_and_unavailable(root, tmp_path):
    def edit(book):
        book[book.sheetnames[0]]["B7"] = "20/10/2025 "  # a date typed as text, with a trailing space
        fig = book[book.sheetnames[1]]
        fig["F3"] = None
        fig["I3"] = "Chưa có điều tra năm 2025"

    code, _, err = invoke(root, "import", str(fill(made(root, tmp_path), tmp_path / "f.xlsx", edit=edit)))
    assert code == 0, err
    report = yaml.safe_load((root / "submissions/2025/so-y-te.yaml").read_text(encoding="utf-8"))
    assert report["submitted"] == dt.date(2025, 10, 20)
    assert report["figures"]["bac-si"] == {"source": "Thống kê ngành y tế", "unavailable": "Chưa có điều tra năm 2025"}


def test_serial_number_dates():
    from kh113.read.workbook import excel_date

    assert excel_date(45950) == dt.date(2025, 10, 20)
    assert excel_date("2025-10-20") == dt.date(2025, 10, 20)
    assert excel_date("hôm nay") is None


def test_edited_name_is_an_error_and_deleted_row_a_warning(root, tmp_path):
    def edit(book):
        fig = book[book.sheetnames[1]]
        fig["B2"] = "Giường bệnh"
        fig.delete_rows(4)

    code, _, err = invoke(root, "import", str(fill(made(root, tmp_path), tmp_path / "f.xlsx", edit=edit)))
    assert code == 1
    assert "f.xlsx:Số liệu!B2: label-changed:" in err
    assert "row-deleted: cảnh báo: dòng của chỉ tiêu `duoc-si` đã bị xóa" in err


def test_thousands_dots_get_the_yaml_advice(root, tmp_path):
    filled = fill(made(root, tmp_path), tmp_path / "f.xlsx", figures={"bac-si": "1.234.567"})
    code, _, err = invoke(root, "import", str(filled))
    assert code == 1 and "f.xlsx:Số liệu!F3:" in err and "1234567" in err


def test_english_workbook_reads_english_statuses(root, tmp_path):
    filled = fill(made(root, tmp_path, lang="en"), tmp_path / "f.xlsx", status="completed")
    code, _, err = invoke(root, "import", str(filled), "--lang", "en")
    assert code == 0, err
    report = yaml.safe_load((root / "submissions/2025/so-y-te.yaml").read_text(encoding="utf-8"))
    assert {t["status"] for t in report["tasks"].values()} == {"completed"}


@pytest.mark.usefixtures("english")
def test_new_xlsx_never_overwrites_and_output_needs_xlsx(root, tmp_path):
    made(root, tmp_path)
    code, _, err = invoke(root, "new", "so-y-te", "--year", "2025", "--xlsx")
    assert code == 1 and "already exists" in err
    code, _, _ = invoke(root, "new", "so-y-te", "--year", "2025", "--output", "x.xlsx")
    assert code == 2
    inside = str(root / "submissions" / "2025" / "x.xlsx")
    code, _, err = invoke(root, "new", "so-y-te", "--year", "2025", "--xlsx", "--output", inside)
    assert code == 2 and "submissions/" in err and not (root / "submissions" / "2025" / "x.xlsx").exists()


def test_workbook_has_protection_validation_and_hidden_facts(root, tmp_path):
    book = openpyxl.load_workbook(made(root, tmp_path))
    fig = book["Số liệu"]
    assert fig.protection.sheet and fig["A2"].protection.locked and not fig["F2"].protection.locked
    assert fig.freeze_panes == "A2" and int(fig.page_setup.paperSize) == 9  # A4
    rules = {str(rule.sqref): rule.type for rule in fig.data_validations.dataValidation}
    assert any(kind == "decimal" for kind in rules.values())
    assert book["kh113"].sheet_state == "hidden" and book["kh113"]["B2"].value == "so-y-te"


def test_a_million_rows_are_refused_by_size(root, tmp_path):
    def tall(name, data):
        if name != "xl/worksheets/sheet2.xml":
            return data
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 1_000_001))
        data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", data)
        return data.replace(b"</sheetData>", rows + b"</sheetData>")

    target = tmp_path / "tall.xlsx"
    _rezip(made(root, tmp_path), target, tall)
    code, _, err = invoke(root, "import", str(target))
    assert code == 1 and "tall.xlsx:1:1: unsafe-workbook:" in err


def test_the_core_decides_whether_an_import_may_write(root, tmp_path):
    """cli.py only parses (issue #13): whether a workbook may replace the report already there is decided by
    ``commands.import_workbook``, worded for either language, before the CLI writes anything."""
    from kh113.compute import commands
    from kh113.i18n import translator

    filled = fill(made(root, tmp_path), tmp_path / "f.xlsx")
    assert invoke(root, "import", str(filled))[0] == 0
    refused = commands.import_workbook(root, filled, year=None, update=False, translate_for=translator)
    assert refused.refusal is not None and not refused.replace
    assert "--update" in refused.refusal.text(translator("vi"), lang="vi")
    assert refused.refusal.text(translator("vi"), lang="vi") != refused.refusal.text(lang="en")  # worded in Vietnamese
    allowed = commands.import_workbook(root, filled, year=None, update=True, translate_for=translator)
    assert allowed.refusal is None and allowed.replace
