"""Who owes what for a year: schedule, succession on the due date, collectives, open collectives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.compute.expected import expected, heirs
from kh113.problems import UsageError
from kh113.validate.loading import load

from .gitrepo import EXAMPLES

SUCCESSION = EXAMPLES / "valid" / "succession"
MINIMAL = EXAMPLES / "valid" / "minimal"


@pytest.fixture(scope="module")
def data():
    return load(SUCCESSION, submissions=False)


def owed(data, year):
    return {agency: (list(ob.tasks), list(ob.figures)) for agency, ob in expected(data, year).obligations.items()}


def test_2024_agencies_as_the_plan_names_them(data):
    # Due 30/8/2024: before every change, collectives expanded to the district committees.
    assert owed(data, 2024) == {
        "so-ldtbxh": (["1.1", "6.1"], ["giai-quyet-viec-lam"]),
        "so-y-te": (["6.4"], ["giuong-benh", "bac-si", "duoc-si"]),
        "so-tai-chinh": (["6.3"], []),
        "ubnd-thoi-binh": (["1.1"], []),
        "ubnd-u-minh": (["1.1"], []),
    }


def test_2025_successors_on_the_due_date(data):
    # Sở LĐ-TB&XH split on 1/3/2025: employment and the default go to Sở Nội vụ, social protection to
    # Sở Y tế; the districts ended on 1/7/2025, so before 30/10/2025 the communes hold task 1.1.
    assert owed(data, 2025) == {
        "so-noi-vu": (["1.1", "6.1"], ["giai-quyet-viec-lam"]),
        "so-y-te": (["6.2", "6.4"], ["giuong-benh", "bac-si", "duoc-si"]),
        "ubnd-cap-xa": (["1.1"], []),
    }


def test_schedule_decides_the_year(data):
    # 6.3 is "Năm 2024" only; 6.2 is "2025 - 2030".
    assert "6.3" in expected(data, 2024).obligations["so-tai-chinh"].tasks
    assert "so-tai-chinh" not in expected(data, 2025).obligations
    assert "6.2" not in expected(data, 2024).obligations["so-ldtbxh"].tasks


def test_open_collective_owes_one_report_under_its_id(data):
    ob = expected(data, 2025).obligations["ubnd-cap-xa"]
    assert ob.open_collective is True
    assert ob.name == "Ủy ban nhân dân các xã, phường"
    assert ob.tasks["1.1"].via == ("ubnd-cac-huyen",)


def test_sums_are_accepted_not_asked_for(data):
    ob = expected(data, 2025).obligations["so-y-te"]
    assert "bac-si-duoc-si" not in ob.figures
    assert list(ob.optional_figures) == ["bac-si-duoc-si"]


def test_heirs_of_a_dissolved_agency(data):
    exp = expected(data, 2025)
    assert [o.agency for o in heirs(data, exp, "so-ldtbxh")] == ["so-noi-vu", "so-y-te"]
    assert heirs(data, expected(data, 2024), "so-ldtbxh") == []


def test_consolidating_agency_follows_succession(data):
    assert expected(data, 2024).consolidation.agency == "so-ldtbxh"
    c = expected(data, 2025).consolidation
    assert (c.agency, c.due.isoformat()) == ("so-noi-vu", "2025-11-10")


def test_year_outside_the_plan(data):
    with pytest.raises(UsageError):
        expected(data, 2023)


def test_cli_json(cli_env):
    result = CliRunner().invoke(
        app, ["--root", str(SUCCESSION), "expected", "--year", "2025", "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["year"] == 2025 and payload["due"] == "2025-10-30"
    assert payload["consolidation"] == {"agency": "so-noi-vu", "name": "Sở Nội vụ", "due": "2025-11-10"}
    first = payload["agencies"][0]
    assert first["agency"] == "so-noi-vu" and first["name"] == "Sở Nội vụ"
    assert [t["id"] for t in first["tasks"]] == ["1.1", "6.1"]
    assert first["figures"][0]["id"] == "giai-quyet-viec-lam" and first["figures"][0]["unit"] == "people_per_year"
    assert [a["agency"] for a in payload["agencies"]] == ["so-noi-vu", "so-y-te", "ubnd-cap-xa"]


def test_cli_table_names_agencies(cli_env):
    result = CliRunner().invoke(
        app, ["--root", str(SUCCESSION), "expected", "-y", "2025", "--lang", "en"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert "Sở Nội vụ" in result.stdout and "so-ldtbxh" not in result.stdout


def test_cli_year_outside_plan_is_a_usage_error(cli_env):
    result = CliRunner().invoke(app, ["--root", str(MINIMAL), "expected", "--year", "2031"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "2024-2030" in result.stderr


REPO = Path(__file__).parents[1]


def test_shipped_plan_successors_of_so_ldtbxh():
    # The real registry (plan/agencies.yaml): Sở LĐ-TB&XH split on 1/3/2025 by domain.
    data = load(REPO, submissions=False)
    in_2024 = expected(data, 2024).obligations
    in_2025 = expected(data, 2025).obligations
    assert {"4.1", "4.4", "7.1"} <= set(in_2024["so-ldtbxh"].tasks)
    assert "so-ldtbxh" not in in_2025
    assert "4.1" in in_2025["so-noi-vu"].tasks  # employment
    assert "4.4" in in_2025["so-gddt"].tasks  # vocational education
    assert "7.1" in in_2025["so-y-te"].tasks  # social protection
    assert "tro-cap-xa-hoi" in in_2025["so-y-te"].figures
    assert in_2025["ubnd-cap-xa"].open_collective  # the districts' tasks, after 1/7/2025
