"""Due dates of section V and the one rule that decides whether a report was on time.

Section V of the plan: lead agencies report "định kỳ hàng năm (trước ngày 30/10)" — 2024: "trước ngày
30/8/2024" — and the consolidating agency "trước ngày 10/11" — 2024: "trước ngày 10/9/2024". Both are in
``plan.yaml`` as data (``reporting.rules``); nothing here hard-codes a date.

The rule (docs/submissions.md, "Due dates"): "trước ngày 30/10" means *before* 30 October, so the last
day on time is 29 October and a report received on 30 October is one day late. This is the plain
reading of "trước" and the one the schema already states (``DueDate``: "due *before* this day").
Every comparison with a due date goes through :func:`on_time`, :func:`days_late` or :func:`overdue`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ..messages import msg
from ..models import Plan, ReportingRule
from ..problems import DataError, UsageError

Who = Literal["lead_agencies", "consolidating_agency"]

# Issue #4: a report is "due soon" when its due date is at most this many days ahead.
DUE_SOON_DAYS = 14


def rule_for(plan: Plan, who: Who) -> ReportingRule:
    """The reporting rule of section V that applies to ``who``."""
    for rule in plan.reporting.rules:
        if rule.who == who:
            return rule
    raise DataError(
        msg(
            "plan/plan.yaml: `reporting.rules` has no rule with `who: {who}`; kh113 cannot tell when reports are due",
            who=who,
        )
    )


def check_year(plan: Plan, year: int) -> int:
    """``year`` when the plan covers it, else a usage error naming the period."""
    first, last = plan.period
    if not first <= year <= last:
        raise UsageError(
            msg(
                "--year {year}: the plan covers {first}-{last}; no report is due for {year}",
                year=year,
                first=first,
                last=last,
            )
        )
    return year


def due_date(rule: ReportingRule, year: int) -> dt.date:
    """The day named in the plan for ``year``: the report must arrive *before* it."""
    if year in rule.exceptions:
        return rule.exceptions[year]
    try:
        return dt.date(year, rule.due.month, rule.due.day)
    except ValueError:
        raise DataError(
            msg(
                "plan/plan.yaml: rule `{id}` is due on {day}/{month}, which is not a date in {year}",
                id=rule.id,
                day=rule.due.day,
                month=rule.due.month,
                year=year,
            )
        ) from None


def last_day_on_time(due: dt.date) -> dt.date:
    """The last day a report counts as on time ("trước ngày 30/10": 29/10)."""
    return due - dt.timedelta(days=1)


def on_time(received: dt.date, due: dt.date) -> bool:
    """Whether a report received on ``received`` was on time for ``due``."""
    return received <= last_day_on_time(due)


def days_late(received: dt.date, due: dt.date) -> int:
    """How many days after the last day on time (0 when on time)."""
    return max(0, (received - last_day_on_time(due)).days)


def overdue(as_of: dt.date, due: dt.date) -> bool:
    """Whether, on ``as_of``, a report not yet received can no longer be on time."""
    return as_of > last_day_on_time(due)


def due_soon(as_of: dt.date, due: dt.date, days: int = DUE_SOON_DAYS) -> bool:
    """Whether ``due`` is still ahead of ``as_of`` by at most ``days`` days."""
    return not overdue(as_of, due) and (due - as_of).days <= days
