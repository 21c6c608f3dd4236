"""Due dates of section V and the on-time rule ("trước ngày 30/10": 29/10 is the last day on time)."""

from __future__ import annotations

import datetime as dt

import pytest

from kh113.compute import deadlines
from kh113.models import DueDate, ReportingRule
from kh113.problems import DataError, UsageError
from kh113.validate.loading import load

from .gitrepo import EXAMPLES

D = dt.date


@pytest.fixture(scope="module")
def plan():
    data = load(EXAMPLES / "valid" / "minimal", submissions=False)
    assert data.plan is not None
    return data.plan


@pytest.mark.parametrize(
    "who, year, due",
    [
        ("lead_agencies", 2024, D(2024, 8, 30)),  # the one-off 2024 date
        ("lead_agencies", 2025, D(2025, 10, 30)),
        ("lead_agencies", 2030, D(2030, 10, 30)),
        ("consolidating_agency", 2024, D(2024, 9, 10)),
        ("consolidating_agency", 2026, D(2026, 11, 10)),
    ],
)
def test_due_dates_come_from_the_plan(plan, who, year, due):
    assert deadlines.due_date(deadlines.rule_for(plan, who), year) == due


@pytest.mark.parametrize(
    "received, on_time, late_by",
    [
        (D(2025, 10, 1), True, 0),
        (D(2025, 10, 29), True, 0),  # the last day "before 30/10"
        (D(2025, 10, 30), False, 1),  # on the named day: already late
        (D(2025, 11, 5), False, 7),
    ],
)
def test_before_the_named_day(received, on_time, late_by):
    due = D(2025, 10, 30)
    assert deadlines.on_time(received, due) is on_time
    assert deadlines.days_late(received, due) == late_by


@pytest.mark.parametrize(
    "as_of, overdue, soon",
    [
        (D(2025, 10, 15), False, False),  # 15 days ahead
        (D(2025, 10, 16), False, True),  # 14 days ahead
        (D(2025, 10, 29), False, True),
        (D(2025, 10, 30), True, False),
    ],
)
def test_overdue_and_due_soon(as_of, overdue, soon):
    due = D(2025, 10, 30)
    assert deadlines.overdue(as_of, due) is overdue
    assert deadlines.due_soon(as_of, due) is soon


def test_a_due_day_that_is_not_a_date_is_a_data_error():
    rule = ReportingRule(id="r", who="lead_agencies", to="x", due=DueDate(month=2, day=30), text="x")
    with pytest.raises(DataError, match="not a date in 2025"):
        deadlines.due_date(rule, 2025)


def test_years_outside_the_plan_are_refused(plan):
    assert deadlines.check_year(plan, 2024) == 2024
    with pytest.raises(UsageError, match="2024-2030"):
        deadlines.check_year(plan, 2031)
