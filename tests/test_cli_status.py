"""`kh113 status`: the JSON contract, the demo's hand-computed numbers, filters, formats, languages, exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.compute.progress import STATUSES

from .conftest import DEMO, REPO

runner = CliRunner()


def invoke(*args: str, root: Path = DEMO, env: dict[str, str] | None = None):
    return runner.invoke(app, ["--root", str(root), *args], env=env, catch_exceptions=False)


def status_json(*args: str, root: Path = DEMO) -> dict:
    result = invoke("status", "--year", "2026", "--format", "json", *args, root=root)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def demo() -> dict[str, dict]:
    data = json.loads(runner.invoke(app, ["--root", str(DEMO), "status", "--year", "2026", "-f", "json"]).stdout)
    return {entry["id"]: entry for entry in data["indicators"]}


# --------------------------------------------------------------------------------------------------
# the JSON contract (issue #3)

ENTRY_KEYS = [
    "id",
    "name",
    "unit",
    "target",
    "baseline",
    "latest",
    "gap",
    "required_annual_change",
    "actual_annual_change",
    "projected_value",
    "status",
    "notes",
]


def test_json_contract_shape():
    data = status_json()
    assert list(data) == ["as_of", "method", "indicators"] and data["as_of"] == 2026
    assert data["method"] == "unsd-2022"  # the default, named (issue #16)
    assert len(data["indicators"]) == 29
    for entry in data["indicators"]:
        # Issue #3's keys, in order, then issue #16's: the figures behind the class.
        assert list(entry) == [*ENTRY_KEYS, "method", "progress_ratio", "projection"]
        assert entry["method"] == "unsd-2022"
        assert entry["progress_ratio"] is None or isinstance(entry["progress_ratio"], float)
        assert list(entry["target"]) == ["value", "comparator", "year"]
        for key in ("baseline", "latest"):
            assert entry[key] is None or list(entry[key]) == ["year", "value", "qualifier", "source"]
        for key in ("gap", "required_annual_change", "actual_annual_change", "projected_value"):
            assert entry[key] is None or isinstance(entry[key], float)
        assert entry["status"] in STATUSES
        assert all(isinstance(note, str) for note in entry["notes"])


def test_json_statuses_by_kind():
    for entry in status_json()["indicators"]:
        if entry["unit"] == "boolean":
            assert entry["status"] in ("achieved", "not_achieved", "no_data")
        else:
            assert entry["status"] != "not_achieved"


def test_demo_shows_every_status_class(demo):
    seen = {entry["status"] for entry in demo.values()}
    assert seen == set(STATUSES)


# --------------------------------------------------------------------------------------------------
# the demo's numbers, computed by hand from examples/demo/submissions (as of 2026, target year 2030).
# Post-merger figures (2025, 2026) form the trend; the baseline is 2025 (nothing up to 2024 after the
# break), so the observed span is 1 year and the horizon 5 years.


# id, status, baseline (year, value), latest (year, value), gap, required a year, actual a year, projected
DEMO_CASES = [
    # BHYT, >= 95: 92 -> 93. CR = (93/92 - 1) / ((95/92)^(1/5) - 1) = 1.087 % / 0.644 % = 1.69
    ("bhyt-tham-gia", "on_track", (2025, 92.0), (2026, 93.0), 2.0, 2.0 / 4, 1.0, 93.0 * (93 / 92) ** 4),
    # beds, >= 35: 30 -> 30.6: +2 % a year against (35/30)^(1/5) - 1 = 3.13 %: CR 0.64
    ("giuong-benh", "acceleration_needed", (2025, 30.0), (2026, 30.6), 4.4, 1.1, 0.6, 30.6 * 1.02**4),
    # social insurance, >= 55: 20 -> 20.4: 2 % against (55/20)^(1/5) - 1 = 22.4 %: CR 0.089
    ("bhxh-tham-gia", "limited_progress", (2025, 20.0), (2026, 20.4), 34.6, 34.6 / 4, 0.4, 20.4 * 1.02**4),
    # social allowance, >= 100: 98 -> 98: CR 0
    ("tro-cap-xa-hoi", "limited_progress", (2025, 98.0), (2026, 98.0), 2.0, 0.5, 0.0, 98.0),
    # urban unemployment, < 4: 4.5 -> 4.8 rises: CR (4.8/4.5 - 1) / ((4/4.5)^(1/5) - 1) = -2.86
    ("that-nghiep-thanh-thi", "deterioration", (2025, 4.5), (2026, 4.8), -0.8, -0.8 / 4, 0.3, 4.8 * (4.8 / 4.5) ** 4),
    # upper secondary, >= 75: 70 -> 69
    ("di-hoc-thpt", "deterioration", (2025, 70.0), (2026, 69.0), 6.0, 1.5, -1.0, 69.0 * (69 / 70) ** 4),
    # stunting, < 15: 17 -> 16.5 (Sở Y tế's later report wins over Sở GD&ĐT's 16.8): CR 1.19
    ("suy-dinh-duong-thap-coi", "on_track", (2025, 17.0), (2026, 16.5), -1.5, -1.5 / 4, -0.5, 16.5 * (16.5 / 17) ** 4),
    # doctors + pharmacists, >= 18: 2025 derived 9 + 2 = 11; 2026 reported 11.8 (its parts say 11.6)
    ("bac-si-duoc-si", "acceleration_needed", (2025, 11.0), (2026, 11.8), 6.2, 6.2 / 4, 0.8, 11.8 * (11.8 / 11) ** 4),
]


@pytest.mark.parametrize(
    ("ident", "status", "baseline", "latest", "gap", "required", "actual", "projected"),
    DEMO_CASES,
    ids=[case[0] for case in DEMO_CASES],
)
def test_demo_numbers(demo, ident, status, baseline, latest, gap, required, actual, projected):
    entry = demo[ident]
    assert entry["status"] == status
    assert [entry["baseline"]["year"], entry["baseline"]["value"]] == list(baseline)
    assert [entry["latest"]["year"], entry["latest"]["value"]] == list(latest)
    assert entry["gap"] == pytest.approx(gap)
    assert entry["required_annual_change"] == pytest.approx(required)
    assert entry["actual_annual_change"] == pytest.approx(actual)
    assert entry["projected_value"] == pytest.approx(projected, abs=1e-5)


def test_demo_average_target(demo):
    # Jobs, "bình quân khoảng 40.000 người/năm" over 2024-2030 (issue #16): 41000, 36000, 39000 so far.
    jobs = demo["giai-quyet-viec-lam"]
    mean = (41000 + 36000 + 39000) / 3  # 38666.67
    needed = (40000 * 7 - 116000) / 4  # 41000 a year in 2027-2030
    assert jobs["gap"] == pytest.approx(40000 - mean, abs=1e-5)
    assert jobs["required_annual_change"] is None and jobs["actual_annual_change"] is None
    assert jobs["progress_ratio"] == pytest.approx(mean / needed, abs=1e-6)  # 0.943
    assert jobs["status"] == "acceleration_needed"
    assert jobs["projection"] == {
        "kind": "average",
        "years": [2024, 2026],
        "average": pytest.approx(mean, abs=1e-5),
        "required_average": 41000.0,
        "target_year": 2030,
    }
    later = json.loads(invoke("status", "--year", "2026", "-f", "json", "--method", "unsd-2023").stdout)
    jobs_2023 = next(e for e in later["indicators"] if e["id"] == "giai-quyet-viec-lam")
    assert later["method"] == jobs_2023["method"] == "unsd-2023"
    assert jobs_2023["progress_ratio"] == pytest.approx(mean / 40000, abs=1e-6)  # 0.967: on track
    assert jobs_2023["status"] == "on_track"


def test_demo_notes(demo):
    bhyt = demo["bhyt-tham-gia"]
    assert next(n for n in bhyt["notes"] if n.startswith("Tỷ số tiến độ")).startswith("Tỷ số tiến độ 1.69 (unsd-2022):")
    assert bhyt["baseline"]["source"] == "submissions/2025/so-y-te.yaml: Số liệu giả định"
    assert "4 số liệu ở phía bên kia thời điểm gián đoạn chuỗi số liệu không được ghép vào xu hướng" in bhyt["notes"]
    stunting = demo["suy-dinh-duong-thap-coi"]["notes"]
    assert "2026: so-y-te báo cáo 16.5, so-gddt báo cáo 16.8; dùng báo cáo nhận sau" in stunting
    total = demo["bac-si-duoc-si"]
    assert total["baseline"]["source"] == "bac-si + duoc-si"
    assert (
        "2026: số tổng được báo cáo 11.8 khác với tổng các thành phần bac-si + duoc-si (11.6); "
        "dùng số tổng được báo cáo"
    ) in total["notes"]


def test_achieved_including_a_strict_target(demo):
    assert demo["tiem-chung-mo-rong"]["status"] == "achieved"
    unemployment = demo["that-nghiep-chung"]  # "dưới 3 %": 2.8 in 2026
    assert unemployment["status"] == "achieved" and unemployment["gap"] == 0.0
    schools = demo["truong-chuan-quoc-gia"]  # submitted 86.2 replaces the published 85.9 for 2025
    assert schools["status"] == "achieved" and schools["latest"]["value"] == 86.2
    assert "2025: dùng số liệu do so-gddt báo cáo (86.2) thay cho số liệu công bố 85.9" in schools["notes"]


def test_insufficient_data_cases(demo):
    bound = demo["lao-dong-qua-dao-tao"]  # "over 50 %" published, nothing else
    assert bound["status"] == "insufficient_data" and bound["latest"]["value"] == 50.0
    assert bound["gap"] is None and bound["required_annual_change"] is None  # unknown, not 0 (issue #16)
    broken = demo["nuoc-sach-nong-thon"]  # 60 in 2024 and 62 in 2026: different territories
    assert broken["status"] == "insufficient_data" and broken["baseline"] is None and broken["gap"] == 8.0
    assert broken["actual_annual_change"] is None and broken["required_annual_change"] == 2.0


def test_milestones(demo):
    assert demo["pho-cap-mam-non"]["status"] == "achieved"
    assert demo["pho-cap-mam-non"]["latest"] == {
        "year": 2026,
        "value": True,
        "qualifier": "exact",
        "source": "submissions/2026/so-gddt.yaml: Số liệu giả định",
    }
    assert demo["xoa-nha-tam"]["status"] == "not_achieved"
    assert demo["nha-o-xa-hoi"]["status"] == "no_data"


def test_as_of_year_limits_the_figures():
    data = {e["id"]: e for e in json.loads(invoke("status", "--year", "2025", "-f", "json").stdout)["indicators"]}
    assert (
        data["that-nghiep-chung"]["latest"]["value"] == 3.2
        and data["that-nghiep-chung"]["status"] == "insufficient_data"
    )


def test_default_year_is_the_current_year():
    result = invoke("status", "-f", "json")
    assert json.loads(result.stdout)["as_of"] == dt.date.today().year


# --------------------------------------------------------------------------------------------------
# the shipped data (issue #3, "done when")


BAO_CA_MAU_2025 = (
    "Phó Chủ tịch UBND tỉnh - Ngô Vũ Thăng: Ngành Y tế cần chú trọng công tác đào tạo đội ngũ thầy thuốc có tay nghề "
    "cao, y đức tốt — https://baocamau.vn/pho-chu-tich-ubnd-tinh-ngo-vu-thang-nganh-y-te-can-chu-trong-cong-tac-dao-"
    "tao-doi-ngu-thay-thuoc--a119966.html"
)


def test_shipped_root_shows_every_target():
    data = status_json(root=REPO)
    entries = {e["id"]: e for e in data["indicators"]}
    assert len(entries) == 29
    for entry in entries.values():
        assert (entry["latest"] is None) == (entry["status"] == "no_data")
        if entry["latest"] is not None and entry["unit"] != "boolean" and entry["status"] != "insufficient_data":
            assert entry["gap"] is not None
    assert entries["truong-chuan-quoc-gia"]["status"] == "achieved"  # 85.9 % of public schools, 2025
    assert entries["bhyt-tham-gia"]["latest"] == {
        "year": 2024,
        "value": 94.0,
        "qualifier": "estimate",
        "source": BAO_CA_MAU_2025,
    }
    # The trends of beds and health insurance: tests/test_published_figures.py recomputes them by hand.
    assert entries["giuong-benh"]["status"] == "acceleration_needed"
    assert entries["bhyt-tham-gia"]["status"] == "on_track"


def test_shipped_table_is_vietnamese_by_default():
    result = invoke("status", "--year", "2026", root=REPO, env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Tiến độ thực hiện các chỉ tiêu" in result.stdout and "Chưa có số liệu" in result.stdout
    assert "≥ 99,5 %" in result.stdout  # di-hoc-tieu-hoc, Vietnamese decimal comma
    assert "40.000 người/năm" in result.stdout  # giai-quyet-viec-lam, Vietnamese thousands


def test_english_with_lang_and_environment():
    for extra, env in ((["--lang", "en"], None), ([], {"KH113_LANG": "en"})):
        result = invoke("status", "--year", "2026", *extra, root=REPO, env={"COLUMNS": "200", **(env or {})})
        assert "Progress towards the targets" in result.stdout and "No data" in result.stdout
        assert "≥ 99.5%" in result.stdout and "40,000 people/year" in result.stdout


def test_json_is_plain_numbers_whatever_the_language():
    vi = status_json()
    en = json.loads(invoke("status", "--year", "2026", "-f", "json", "--lang", "en").stdout)
    strip = lambda d: [{k: v for k, v in e.items() if k != "notes"} for e in d["indicators"]]  # noqa: E731
    assert strip(vi) == strip(en)
    text = invoke("status", "--year", "2026", "-f", "json").stdout
    assert '"value": 99.5,' in text and "99,5" not in text and "40.000" not in text


# --------------------------------------------------------------------------------------------------
# table rendering: grouping, colour, narrow terminals


def test_table_is_grouped_by_task_group():
    out = invoke("status", "--year", "2026", env={"COLUMNS": "200"}).stdout
    groups = [out.index(f"{n}. ") for n in (3, 4, 5, 6)]
    assert groups == sorted(groups)
    assert out.index("Tham gia BHYT") < out.index("6. ")  # BHYT belongs with group 5, after its II.2.1 neighbours


def test_table_colour_and_no_colour(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")  # Rich gives a "dumb" terminal no colour at all
    monkeypatch.delenv("NO_COLOR", raising=False)
    from kh113.compute.progress import assess_dataset
    from kh113.render import Options, render
    from kh113.render.views import status_view
    from kh113.validate.loading import load

    data = load(DEMO)
    view = status_view(data, assess_dataset(data, 2026, list(data.indicators)), 2026, "vi")
    coloured, plain = io.StringIO(), io.StringIO()
    render(view, "table", coloured, Options(color=True, width=200))
    render(view, "table", plain, Options(color=False, width=200))
    assert "\x1b[" in coloured.getvalue() and "\x1b[" not in plain.getvalue()
    assert "██" in plain.getvalue()  # the progress bar is text, so it survives NO_COLOR


@pytest.mark.parametrize(
    ("width", "shown", "hidden"),
    [
        (60, ["Chỉ tiêu", "Tình trạng"], ["Khoảng cách", "Tiến độ", "Ghi chú"]),
        (100, ["Khoảng cách", "Tiến độ"], ["Dự báo", "Ghi chú"]),
        (200, ["Dự báo", "Tỷ số tiến độ", "Ghi chú"], []),
    ],
)
def test_narrow_terminals_drop_columns(width, shown, hidden):
    out = invoke("status", "--year", "2026", env={"COLUMNS": str(width)}).stdout
    header = out[out.index("┏") : out.index("┡")]
    assert all(word.split()[0] in header for word in shown)
    for word in hidden:
        assert word not in header


def test_no_color_environment():
    result = invoke("status", "--year", "2026", env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout


# --------------------------------------------------------------------------------------------------
# csv and markdown


def test_csv_plain_numbers_and_bom():
    result = invoke("status", "--year", "2026", "-f", "csv", "--bom", "--indicator", "bhyt-tham-gia")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["latest_value"] == "93" and row["target"] == "95" and row["gap"] == "2"
    assert row["status"] == "on_track" and row["method"] == "unsd-2022" and row["growth"] == "compound"
    assert float(row["progress_ratio"]) == pytest.approx((93 / 92 - 1) / ((95 / 92) ** 0.2 - 1), abs=1e-6)


def test_csv_without_bom():
    assert not invoke("status", "--year", "2026", "-f", "csv").stdout.startswith("\ufeff")


@pytest.mark.usefixtures("english")
def test_bom_only_with_csv():
    result = invoke("status", "-f", "json", "--bom")
    assert result.exit_code == 2 and "--bom applies to --format csv only" in result.stderr


def test_markdown():
    out = invoke("status", "--year", "2026", "-f", "markdown", "--group", "6").stdout
    assert out.startswith("## Tiến độ thực hiện")
    assert "| **6. Nâng cao phúc lợi xã hội…** |" in out
    assert "| 16 | Giường bệnh/vạn dân | ≥ 35/vạn dân | 30,6/vạn dân (2026) \\*† | +4,4 |" in out
    assert "\x1b[" not in out


# --------------------------------------------------------------------------------------------------
# filters and exit codes


def ids(*args: str) -> list[str]:
    return [e["id"] for e in status_json(*args)["indicators"]]


def test_only_filter():
    assert ids("--only", "deterioration") == ["that-nghiep-thanh-thi", "di-hoc-thpt"]
    assert ids("--only", "not_achieved,on_track") == [
        "bhyt-tham-gia",
        "suy-dinh-duong-thap-coi",
        "xoa-nha-tam",
    ]


def test_group_and_indicator_filters():
    assert ids("--group", "3") == ["nguoi-co-cong-muc-song"]
    assert ids("--indicator", "bac-si", "--indicator", "duoc-si") == ["bac-si", "duoc-si"]


def test_agency_filter_follows_succession():
    # Sở LĐ-TB&XH was split on 1/3/2025: social protection went to Sở Y tế, vocational education to Sở GD&ĐT.
    noi_vu = ids("--agency", "so-noi-vu")
    assert "bhxh-tham-gia" in noi_vu and "tro-cap-xa-hoi" not in noi_vu and "lao-dong-qua-dao-tao" not in noi_vu
    assert "tro-cap-xa-hoi" in ids("--agency", "so-y-te")
    assert "lao-dong-qua-dao-tao" in ids("--agency", "so-gddt")
    assert "tro-cap-xa-hoi" in ids("--agency", "so-ldtbxh")  # as the plan names it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "so-yte"], "unknown agency (did you mean `so-y-te`?)"),
        (["--indicator", "giuong-benhh"], "unknown indicator (did you mean `giuong-benh`?)"),
        (["--only", "deteroration"], "unknown status (did you mean `deterioration`?)"),
        (["--fail-on", "on-track"], "unknown status (did you mean `on_track`?)"),
        (["--year", "1999"], "--year"),
    ],
)
@pytest.mark.usefixtures("english")
def test_usage_errors(args, message):
    result = invoke("status", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("english")
def test_fail_on():
    clean = invoke("status", "--year", "2026", "-f", "json", "--fail-on", "deterioration", "--only", "achieved")
    assert clean.exit_code == 0
    failing = invoke("status", "--year", "2026", "-f", "json", "--fail-on", "no_data,deterioration")
    assert failing.exit_code == 1
    assert "kh113: 12 indicator(s) with status deterioration, no_data (--fail-on)" in failing.stderr
    assert json.loads(failing.stdout)["as_of"] == 2026  # the report is still written


def test_exit_zero_whatever_the_statuses():
    assert invoke("status", "--year", "2026").exit_code == 0


def test_help_lists_every_status():
    from kh113.cli import STATUS_HELP

    assert STATUS_HELP == ", ".join(STATUSES)


@pytest.mark.usefixtures("english")
def test_help_explains_options():
    out = runner.invoke(app, ["status", "--help"], env={"COLUMNS": "200"}).stdout
    for option in (
        "--year",
        "--agency",
        "--group",
        "--indicator",
        "--only",
        "--format",
        "--lang",
        "--fail-on",
        "--bom",
    ):
        assert option in out
    assert "current calendar year" in out


def test_json_path_imports_neither_rich_nor_babel():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from kh113.cli import app\n"
        f"r = CliRunner().invoke(app, ['--root', {str(DEMO)!r}, 'status', '-f', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'babel'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert out.stdout.strip() == "[]"


def test_plan_errors_stop_status_with_positions(minimal_root: Path):
    (minimal_root / "indicators" / "giuong-benh.yaml").write_text("id: giuong-benh\nname: [1\n", encoding="utf-8")
    result = invoke("status", root=minimal_root)
    assert result.exit_code == 1
    assert "indicators/giuong-benh.yaml:2:7: yaml-syntax:" in result.stderr and "Traceback" not in result.output


@pytest.mark.usefixtures("english")
def test_broken_submission_is_left_out_of_status_and_named(minimal_root: Path):
    # Review finding 21: one agency's broken file does not keep the analyst from the status.
    (minimal_root / "submissions" / "2025" / "so-b.yaml").write_text(
        "agency: so-b\nyear: 2025\nfigures:\n  giuong-benh: {value: [1]}\n", encoding="utf-8"
    )
    result = invoke("status", "--year", "2025", "--format", "json", root=minimal_root)
    # The status is still printed, but a file was left out: exit 1, so that CI notices (issue #11).
    assert result.exit_code == 1
    assert json.loads(result.stdout)["indicators"]
    lines = result.stderr.splitlines()
    assert lines[0].startswith("submissions/2025/so-b.yaml:4:24: wrong-type: ")
    assert "1 submission file(s) with errors were left out" in result.stderr and "Traceback" not in result.output


def test_minimal_root_without_group_titles(minimal_root: Path):
    out = invoke("status", "--year", "2025", "--lang", "en", root=minimal_root, env={"COLUMNS": "120"}).stdout
    assert "6. Group six" in out and "Other targets" in out  # xoa-nha-tam has no task group


def test_readme_quick_start_runs_status():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- quickstart:run -->", 1)[1].split("```", 2)[1]
    assert block.strip().endswith("kh113 status")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_caption_markers_sit_on_the_rows_they_explain(lang):
    # Review finding 16: the caption's "*" (target set before the series break) and "†" (synthetic figures)
    # footnotes must point at rows that carry the same mark, in the latest-figure column.
    from kh113.validate.loading import load

    order = {ident: ind.order for ident, ind in load(DEMO).indicators.items()}
    entries = {e["id"]: e for e in status_json("--lang", "en")["indicators"]}  # the notes say why, in English
    before_break = {
        order[i] for i, e in entries.items() if any(n.startswith("The target was set before") for n in e["notes"])
    }
    synthetic = {order[i] for i, e in entries.items() if any("synthetic" in n for n in e["notes"])}
    assert before_break and synthetic and len(before_break) < len(entries)
    out = invoke("status", "--year", "2026", "-f", "markdown", "--lang", lang).stdout
    latest = {}
    for line in out.splitlines():
        cells = line.strip("|").split(" | ")
        if line.startswith("| ") and cells[0].strip().isdigit():
            latest[int(cells[0])] = cells[3]
    assert {n for n, cell in latest.items() if "\\*" in cell} == before_break
    assert {n for n, cell in latest.items() if "†" in cell} == synthetic
    caption = out.split("\n\n")[-1]
    assert "\\* " in caption and "† " in caption


def test_json_keeps_the_qualifier_of_a_bound(demo):
    """ "Over 50 %" is `≥ 50 %` in the table and `"qualifier": "at_least"` in JSON, never a bare 50 (issue #11)."""
    bounds = [
        point
        for entry in demo.values()
        for point in (entry["baseline"], entry["latest"])
        if point is not None and point["qualifier"] != "exact"
    ]
    assert any(point["qualifier"] == "at_least" for point in bounds), bounds
