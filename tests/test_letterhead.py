"""Who signs and receives the yearly report (issue #12): plan/report.yaml, `--number`, `--date`, and the
Nghị định 30/2020 elements in the Markdown and HTML reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kh113.render.templating import long_date

from .conftest import REPO
from .test_report import demo, run

__all__ = ["demo"]  # the fixture, shared with test_report.py

NBSP = "\u00a0"


def report(root: Path, *args: str) -> str:
    code, out, err = run("--root", str(root), "report", "--year", "2025", "--as-of", "2025-11-15", *args)
    assert code == 0, err
    return out


@pytest.mark.parametrize(
    ("day", "vi", "en"),
    [
        (dt.date(2026, 12, 2), "ngày 02 tháng 12 năm 2026", "2 December 2026"),
        (dt.date(2025, 3, 5), "ngày 05 tháng 3 năm 2025", "5 March 2025"),
        (dt.date(2025, 2, 14), "ngày 14 tháng 02 năm 2025", "14 February 2025"),
        (dt.date(2025, 1, 31), "ngày 31 tháng 01 năm 2025", "31 January 2025"),
    ],
)
def test_the_date_a_report_bears_is_written_as_the_decree_writes_it(day: dt.date, vi: str, en: str) -> None:
    # Phụ lục I, mục 5: days below 10 and the months 1 and 2 with a leading zero.
    assert long_date("vi")(day) == vi
    assert long_date("en")(day) == en


def test_the_2025_report_is_sent_by_so_noi_vu_with_a_blank_number(demo: Path) -> None:
    out = report(demo)
    head = out.split("# BÁO CÁO")[0]
    assert "ỦY BAN NHÂN DÂN TỈNH CÀ MAU<br>**SỞ NỘI VỤ**" in head
    assert "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc**" in head
    assert f"Số:{NBSP * 6}/BC-SNV" in head
    assert "*Cà Mau, ngày 15 tháng 11 năm 2025*" in head
    tail = out.split("VI. ")[-1]
    assert "**Nơi nhận:**<br>- Ủy ban nhân dân tỉnh (để báo cáo);<br>- Các sở, ban, ngành tỉnh;<br>- Lưu: VT." in tail
    assert "**KT. GIÁM ĐỐC**<br>**PHÓ GIÁM ĐỐC**<br><br><br><br> |" in tail  # no name: room to sign
    assert "kh113" not in out  # no credit line for the tool in a document that is signed and sent


def test_the_2024_report_is_sent_by_so_ldtbxh(demo: Path) -> None:
    code, out, err = run("--root", str(demo), "report", "--year", "2024", "--as-of", "2024-09-01")
    assert code == 0, err
    assert "**SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI**" in out and f"Số:{NBSP * 6}/BC-SLĐTBXH" in out
    assert "Ủy ban nhân dân các huyện, thành phố Cà Mau;" in out


def test_number_and_date_are_given_for_one_run(demo: Path) -> None:
    out = report(demo, "--number", "125", "--date", "02/12/2025")
    assert "| Số: 125/BC-SNV | *Cà Mau, ngày 02 tháng 12 năm 2025* |" in out
    html = report(demo, "--number", "125", "--date", "2025-12-02", "--format", "html")
    assert "Số: 125/BC-SNV" in html and "Cà Mau, ngày 02 tháng 12 năm 2025" in html
    code, _, err = run("--root", str(demo), "report", "--year", "2025", "--date", "2/30/2025", "--lang", "en")
    assert code == 2 and "--date 2/30/2025: not a date" in err


def test_the_html_report_carries_the_same_elements(demo: Path) -> None:
    html = report(demo, "--format", "html")
    for text in (
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {NBSP * 6}/BC-SNV",
        "Cà Mau, ngày 15 tháng 11 năm 2025",
        "Nơi nhận:",
        "<li>Lưu: VT.</li>",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ):
        assert text in html, text
    assert "kh113" not in html.split("<body")[1]


def test_the_signer_named_in_the_file_is_printed(demo: Path) -> None:
    path = demo / "plan" / "report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ''", "name: Người Ký Thử"), encoding="utf-8")
    assert "<br><br><br><br>**Người Ký Thử** |" in report(demo)


def test_an_agency_report_carries_the_agency_code(demo: Path) -> None:
    # Issue #12 item 4.2: "Số: /BC" without the issuing body's abbreviation is not a number a văn thư
    # can register; every department that owes a report has its code in plan/report.yaml.
    out = report(demo, "--agency", "so-y-te")
    assert "**SỞ Y TẾ**" in out and f"Số:{NBSP * 6}/BC-SYT |" in out
    assert "**Nơi nhận:**<br>- Như trên;<br>- Lưu: VT." in out
    assert "**KT. GIÁM ĐỐC**<br>**PHÓ GIÁM ĐỐC**" in out


@pytest.mark.parametrize(
    ("code", "name"),
    [("so-y-te", "Sở Y tế"), ("so-gddt", "Sở Giáo dục và Đào tạo"), ("so-noi-vu", "Sở Nội vụ")],
)
def test_the_department_codes_are_the_initials_of_their_names(code: str, name: str) -> None:
    from kh113.validate.loading import load

    data = load(REPO)
    assert data.senders is not None and data.agencies[code].name == name
    sender = data.senders.for_report(code, 2025)
    assert sender is not None
    initials = "".join(word[0].upper() for word in name.replace(" và ", " ").split())
    assert sender.code == f"BC-{initials}"


@pytest.mark.usefixtures("english")
def test_a_sender_without_an_entry_is_refused_not_numbered_bc_alone(demo: Path) -> None:
    # Tỉnh đoàn owes a report but has no entry: fail closed rather than print "Số: /BC".
    code, out, err = run(
        "--root", str(demo), "report", "--year", "2025", "--as-of", "2025-11-15", "--agency", "tinh-doan"
    )
    assert code == 1 and out == ""
    assert "plan/report.yaml:6:1: no-sender: no entry of Tỉnh đoàn (`tinh-doan`) from 2025 or earlier" in err
    assert "Traceback" not in err


def test_without_a_report_file_the_letterhead_is_a_form_to_fill_in(demo: Path) -> None:
    # plan/report.yaml is optional: without it every element kh113 was not given is a blank, the code too.
    (demo / "plan" / "report.yaml").unlink()
    out = report(demo, "--agency", "so-y-te")
    assert f"Số:{NBSP * 6}/BC-{NBSP * 6} |" in out and "/BC |" not in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("code: BC-SNV", "code: bc snv"), "plan/report.yaml:31:11: invalid-value: `bc snv` is not a document code"),
        (
            ("    place: Cà Mau\n    signer", "    plac: Cà Mau\n    signer"),
            "plan/report.yaml:11:5: unknown-key: unknown key `plac`",
        ),
        (("agency: so-noi-vu", "agency: so-noi-vu-x"), "plan/report.yaml:28:13: unknown-agency"),
        (
            (
                "recipients:\n      - Ủy ban nhân dân tỉnh (để báo cáo)\n      - Các sở, ban, ngành tỉnh\n"
                "      - 'Lưu: VT'\n    recipients_en:",
                "recipients: []\n    recipients_en:",
            ),
            "plan/report.yaml:39:",
        ),
        (
            ("      - 'Filed: Office'\n  # An agency's own report", "  # An agency's own report"),
            "plan/report.yaml:28:5: invalid-value: `recipients_en` has 2 line(s) and `recipients` 3",
        ),
        (("agency: so-noi-vu\n    from_year: 2025", "agency: so-ldtbxh\n    from_year: 2024"), "two entries from 2024"),
    ],
)
@pytest.mark.usefixtures("english")
def test_a_wrong_report_file_is_a_positioned_problem(demo: Path, change: tuple[str, str], expected: str) -> None:
    path = demo / "plan" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    code, out, err = run("--root", str(demo), "validate")
    assert code == 1
    assert expected in out, out
    assert "Traceback" not in out + err
    code, _, err = run("--root", str(demo), "report", "--year", "2025")
    assert code == 1 and expected in err  # a report is never built from a wrong letterhead


def test_the_report_file_is_in_the_schemas() -> None:
    from kh113.validate.jsonschemas import schema_text

    shipped = (REPO / "src" / "kh113" / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text("report")
    assert "Cơ quan chủ quản" in shipped


def test_the_english_report_signs_and_sends_in_english(demo: Path) -> None:
    # Issue #12 item 4: no Vietnamese left in the English report but proper names; the signature and the
    # recipients come from plan/report.yaml's `_en` fields.
    tail = report(demo, "--lang", "en").split("VI. ")[-1]
    assert "**Recipients:**<br>- Provincial People's Committee (for reporting);<br>" in tail
    assert "- Filed: Office." in tail and "Lưu: VT" not in tail
    assert "**FOR THE DIRECTOR**<br>**DEPUTY DIRECTOR**" in tail
    own = report(demo, "--lang", "en", "--agency", "so-y-te").split("VI. ")[-1]
    assert "<br>- As above;<br>- Filed: Office." in own
