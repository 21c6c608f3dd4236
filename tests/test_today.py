"""One "today" for every command: the date in Cà Mau (UTC+7), read in one place in cli.py (review finding 24).

Near midnight a machine on another clock (a CI runner on UTC) would otherwise give `status` and `check`
different days, and the plan's deadlines are Cà Mau days.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from typer.testing import CliRunner

from kh113 import cli
from kh113.cli import app

from .conftest import DEMO, REPO

# A day no test machine will have as its own date while this suite is maintained (and inside the plan).
FROZEN = dt.date(2029, 2, 28)


@pytest.fixture
def frozen(monkeypatch, cli_env):
    monkeypatch.setattr(cli, "_today_in_ca_mau", lambda: FROZEN)


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["--root", str(DEMO), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_every_command_defaults_to_the_same_today(frozen):
    assert json.loads(run("status", "--format", "json"))["as_of"] == FROZEN.year
    assert json.loads(run("agencies", "--format", "json"))["on"] == FROZEN.isoformat()
    tasks = json.loads(run("tasks", "--format", "json"))["tasks"]
    assert {t["responsible_on"]["date"] for t in tasks} == {FROZEN.isoformat()}
    assert json.loads(run("expected", "--format", "json"))["year"] == FROZEN.year
    check = json.loads(run("check", "--format", "json"))
    assert (check["year"], check["as_of"]) == (FROZEN.year, FROZEN.isoformat())
    assert f"{FROZEN:%d/%m/%Y}" in run("report")  # the date the report is made


def test_today_is_read_in_one_place():
    # The core takes the date as an argument; in cli.py only `_today_in_ca_mau` reads the clock.
    clock = re.compile(r"\bdate\.today\(|\bdatetime\.now\(|\btime\.time\(|\bdatetime\.utcnow\(")
    readers = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "src" / "kh113").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if clock.search(line)
    ]
    assert len(readers) == 1 and readers[0].startswith("src/kh113/cli.py:"), readers


def test_ca_mau_midnight(monkeypatch):
    # 20:00 UTC on 31/12/2028 is already 1/1/2029 in Cà Mau: receipts are Cà Mau days, so "today" must be
    # one too, or a report committed that evening would look received "tomorrow" (and `status` use 2028).
    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2028, 12, 31, 20, 0, tzinfo=dt.UTC).astimezone(tz)

    monkeypatch.setattr(cli.dt, "datetime", Frozen)
    assert cli._today_in_ca_mau() == dt.date(2029, 1, 1)
    assert cli.parse_date(None) == dt.date(2029, 1, 1)
