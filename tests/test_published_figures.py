"""Issue 15: every published figure shipped in indicators/ is pinned to its citation, and the status of
beds and health insurance on the shipped data is recomputed by hand (docs/status.md, section 4)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.validate.loading import load

from .conftest import REPO

BAO_CA_MAU = "https://baocamau.vn/pho-chu-tich-ubnd-tinh-ngo-vu-thang-nganh-y-te-can-chu-trong-cong-tac-dao-tao-doi-ngu-thay-thuoc--a119966.html"
KHDT_2020 = "https://sokhdt.camau.gov.vn/tin-hoat-dong/ket-qua-thuc-hien-ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2020-tinh-ca-mau-183111"
THANH_NIEN = "https://thanhnien.vn/ca-mau-hoan-thanh-chuong-trinh-xoa-nha-tam-nha-dot-nat-185250723170157346.htm"
PHAP_LUAT = "https://phapluatplus.baophapluat.vn/tiep-tuc-day-manh-thuc-hien-xoa-nha-tam-nha-dot-nat-tren-toan-tinh-ca-mau-220637.html"
SGGP = "https://sggp.org.vn/ca-mau-phan-dau-dat-muc-tang-truong-hai-con-so-trong-nam-2026-post827103.html"
VRVIET = "https://vrviet.vn/en/ca-mau-huy-dong-nguon-luc-dau-tu-co-so-vat-chat-nang-cao-chat-luong-giao-duc"
THONGTIN = "https://thongtin.vietnam.vn/en/ca-mau-huy-dong-nguon-luc-xay-dung-truong-chuan-quoc-gia"

# (indicator, year, value, qualifier, territory, url): observations of the "second search".
OBSERVATIONS = [
    ("giuong-benh", 2024, 30.16, "exact", "ca-mau-pre-2025", BAO_CA_MAU),
    ("bac-si", 2024, 12.7, "exact", "ca-mau-pre-2025", BAO_CA_MAU),  # doctors only: not bac-si-duoc-si
    ("bhyt-tham-gia", 2024, 94, "estimate", "ca-mau-pre-2025", BAO_CA_MAU),  # "ước đạt 94%"
    ("bhyt-tham-gia", 2020, 92.1, "exact", "ca-mau-pre-2025", KHDT_2020),
    ("lao-dong-qua-dao-tao", 2020, 50, "exact", "ca-mau-pre-2025", KHDT_2020),  # "không kể truyền nghề"
    ("giai-quyet-viec-lam", 2020, 40982, "exact", "ca-mau-pre-2025", KHDT_2020),
]
# (indicator, year, value, territory, url): figures kept as context, never observations.
CONTEXT = [
    ("suy-dinh-duong-thap-coi", 2020, 11, "ca-mau-pre-2025", KHDT_2020),  # type of malnutrition not stated
    ("lao-dong-co-bang-cap", 2024, 28.95, "bac-lieu-pre-2025", "https://dantri.com.vn"),
    ("xoa-nha-tam", 2025, True, "ca-mau-pre-2025", THANH_NIEN),
    ("xoa-nha-tam", 2025, True, "bac-lieu-pre-2025", PHAP_LUAT),
    ("xoa-nha-tam", 2025, True, "ca-mau-2025", SGGP),
    ("pho-cap-mam-non", 2024, None, "ca-mau-2025", VRVIET),  # 5-year-olds only, not 3-5
    ("truong-chuan-quoc-gia", 2025, None, "ca-mau-2025", THONGTIN),  # breakdown by level
]
QUOTES = {
    BAO_CA_MAU: "Phó Chủ tịch UBND tỉnh - Ngô Vũ Thăng: Ngành Y tế cần chú trọng công tác đào tạo đội ngũ thầy thuốc "
    "có tay nghề cao, y đức tốt",
    KHDT_2020: "Kết quả thực hiện Kế hoạch phát triển kinh tế - xã hội năm 2020 tỉnh Cà Mau",
}


@pytest.fixture(scope="module")
def indicators():
    return load(REPO).indicators


@pytest.mark.parametrize(("ident", "year", "value", "qualifier", "territory", "url"), OBSERVATIONS)
def test_each_added_figure_keeps_its_citation(indicators, ident, year, value, qualifier, territory, url):
    [obs] = [o for o in indicators[ident].observations if o.year == year and o.source.url == url]
    assert (obs.value, obs.qualifier, obs.territory) == (value, qualifier, territory)
    if url in QUOTES:
        assert obs.source.title == QUOTES[url]
    if url == BAO_CA_MAU:
        assert obs.source.event is not None and obs.source.event.isoformat() == "2025-01-03"
    assert obs.note and obs.note_en  # every caveat in Vietnamese and English


@pytest.mark.parametrize(("ident", "year", "value", "territory", "url"), CONTEXT)
def test_context_figures_are_not_observations(indicators, ident, year, value, territory, url):
    ind = indicators[ident]
    [ctx] = [c for c in ind.context if c.source.url == url and c.territory == territory]
    assert (ctx.year, ctx.value) == (year, value)
    assert ctx.note and ctx.note_en
    assert all((o.year, o.value) != (year, value) for o in ind.observations)


def test_no_figure_is_recorded_for_the_old_bac_lieu_or_unstated_malnutrition(indicators):
    assert indicators["suy-dinh-duong-thap-coi"].observations == []
    assert indicators["pho-cap-mam-non"].observations == []
    assert indicators["xoa-nha-tam"].observations == []  # not shown achieved for the plan's wording
    assert indicators["bac-si-duoc-si"].observations[-1].year == 2016  # doctors-only 2024 is not here
    note = indicators["xoa-nha-tam"].notes[-1]
    assert "thiên tai, biến đổi khí hậu" in note and "natural disasters" in indicators["xoa-nha-tam"].notes_en[-1]


def test_no_data_file_cites_a_file_outside_the_repository():
    for folder in ("plan", "indicators"):
        for path in (REPO / folder).glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            assert "published-figures.md" not in text and "shared/source" not in text, path


def status(*args: str) -> dict:
    result = CliRunner().invoke(
        app, ["--root", str(REPO), "status", "--year", "2026", "-f", "json", *args], catch_exceptions=False
    )
    return {e["id"]: e for e in json.loads(result.stdout)["indicators"]}


def test_beds_pace_2016_to_2024_by_hand():
    entry = status()["giuong-benh"]
    # baseline 26.2 (2016), latest 30.16 (2024), target 35 by 2030
    actual = (30.16 / 26.2) ** (1 / (2024 - 2016)) - 1  # 1.775 % a year
    required = (35 / 26.2) ** (1 / (2030 - 2016)) - 1  # 2.090 % a year
    ratio = actual / required  # 0.849: 0.5 <= CR < 0.95
    assert ratio == pytest.approx(0.849286, abs=1e-6)
    assert entry["status"] == "acceleration_needed"
    assert entry["baseline"]["year"] == 2016 and entry["latest"]["value"] == 30.16
    assert entry["gap"] == pytest.approx(35 - 30.16)
    assert entry["projected_value"] == pytest.approx(30.16 * (1 + actual) ** (2030 - 2024), abs=1e-5)


def test_health_insurance_pace_by_hand():
    entry = status()["bhyt-tham-gia"]
    # figures 81.5 (2016), 92.1 (2020), 88.98 (2022), ≈94 (2024, estimate): the baseline is the last figure
    # before the latest up to the plan's first year 2024, i.e. 2022
    actual = (94 / 88.98) ** (1 / (2024 - 2022)) - 1  # 2.782 % a year
    required = (95 / 88.98) ** (1 / (2030 - 2022)) - 1  # 0.822 % a year
    ratio = actual / required  # 3.386 >= 0.95
    assert ratio == pytest.approx(3.385965, abs=1e-6)
    assert entry["status"] == "on_track"
    assert entry["baseline"]["year"] == 2022 and entry["latest"]["qualifier"] == "estimate"
    notes = " ".join(entry["notes"])
    assert "ước đạt" in notes and "105.096" in notes  # the estimate and the 2022 baseline's caveat


def test_estimate_is_marked_in_the_table_and_english_notes():
    result = CliRunner().invoke(
        app, ["--root", str(REPO), "status", "--year", "2026", "--indicator", "bhyt-tham-gia"], catch_exceptions=False
    )
    assert "≈ 94" in result.stdout
    english = status("--lang", "en")["bhyt-tham-gia"]["notes"]
    assert any("estimate" in n for n in english) and not any("Số ước đạt" in n for n in english)
