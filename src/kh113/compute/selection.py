"""Filters shared by commands (--agency, --group): which tasks and indicators an agency answers for."""

from __future__ import annotations

import datetime as dt

from ..messages import msg
from ..models import Indicator, Task
from ..problems import UsageError
from ..validate.loading import Dataset
from ..validate.registry import Registry
from ..validate.schema import suggest


def require_agency(data: Dataset, agency: str) -> str:
    """``agency`` when the registry knows it, else a usage error with the nearest id."""
    if not data.registry.known(agency):
        known = data.registry.ids()
        raise UsageError(
            msg(
                "--agency {agency}: unknown agency{hint}; see `kh113 agencies --all`",
                agency=agency,
                hint=suggest(agency, known),
            )
        )
    return agency


def task_involves(registry: Registry, task: Task, agency: str, on: dt.date, plan_date: dt.date | None = None) -> bool:
    """Whether ``agency`` leads ``task``: as the plan words it, as a member of a collective lead on the
    plan's date, or on ``on`` by succession."""
    if agency in task.lead or agency in registry.expand(task.lead, on, task.domain):
        return True
    return plan_date is not None and agency in registry.expand(task.lead, plan_date, task.domain)


def indicator_involves(registry: Registry, indicator: Indicator, agency: str, on: dt.date) -> bool:
    if agency in indicator.responsible:
        return True
    return agency in registry.expand(indicator.responsible, on, indicator.domain)


def select_tasks(data: Dataset, *, agency: str | None, group: int | None, on: dt.date) -> list[Task]:
    """Tasks in plan order, filtered by --agency (as lead, as a member of a collective lead, by succession
    on ``on``) and --group."""
    registry = data.registry
    if agency is not None:
        require_agency(data, agency)
    return [
        t
        for t in data.tasks.values()
        if (group is None or t.group == group)
        and (agency is None or task_involves(registry, t, agency, on, data.plan.date if data.plan else None))
    ]


def select_indicators(
    data: Dataset, *, agency: str | None, group: int | None, ids: list[str], on: dt.date
) -> list[Indicator]:
    """Indicators in plan order, filtered by --agency (by succession on ``on``), --group and --indicator."""
    registry = data.registry
    if agency is not None:
        require_agency(data, agency)
    for ident in ids:
        if ident not in data.indicators:
            hint = suggest(ident, data.indicators)
            raise UsageError(
                msg("--indicator {id}: unknown indicator{hint}; see `kh113 indicators`", id=ident, hint=hint)
            )
    return [
        i
        for i in data.indicators_in_order()
        if (group is None or i.group == group)
        and (not ids or i.id in ids)
        and (agency is None or indicator_involves(registry, i, agency, on))
    ]
