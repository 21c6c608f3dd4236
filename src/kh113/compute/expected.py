"""Who owes a report for a year, and what must be in it: a pure function of the data and the year.

Section V of the plan asks every agency that leads an annex task ("cơ quan chủ trì") to report yearly;
kh113 also asks the agencies responsible for a 2030 target for its figure (``lead_agencies`` in
plan.yaml). Responsibility is resolved on the *due date* of the year (issue #4): a report due on
30/10/2025 is owed by whoever holds the task then — Sở Nội vụ, Sở Y tế, ... for the former Sở Lao động -
Thương binh và Xã hội (split on 1/3/2025), the commune level for the former districts (1/7/2025).

Decisions (docs/submissions.md, "Who owes a report"):
- a task is owed in the years its schedule is active (``Schedule.active_in``: "Năm 2024" only in 2024,
  "2025 - 2030" from 2025);
- every indicator is owed every year of the plan, except one defined as the sum of others (``sum_of``):
  kh113 adds the parts, so its figure is accepted but not asked for;
- collectives are expanded to their members on the due date; an *open* collective (``members: null``,
  e.g. "Ủy ban nhân dân các xã, phường", which took over the district tasks on 1/7/2025) owes **one
  report under its own id**. Dropping it would make the tasks it holds look fully reported when nobody
  has reported them; one report under the collective's id keeps the obligation visible and can be filed
  by whoever compiles for that level (``kh113 new ubnd-cap-xa``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from ..i18n import N_
from ..messages import Localized, Message, msg
from ..models import Indicator, Task
from ..problems import UsageError
from ..validate.loading import Dataset
from ..validate.registry import Registry
from ..validate.schema import suggest
from .deadlines import check_year, due_date, rule_for


# Slots (issue #17): a registry of thousands of agencies owes tens of thousands of these a year.
@dataclass(frozen=True, slots=True)
class OwedTask:
    task: Task
    via: tuple[str, ...]  # the lead ids in the plan that passed this task to the agency


@dataclass(frozen=True, slots=True)
class OwedFigure:
    indicator: Indicator
    via: tuple[str, ...]  # the responsible ids in the indicator file that passed it to the agency


@dataclass(slots=True)
class Obligation:
    """One agency's report for one year: what it must contain and when it is due."""

    agency: str
    name: str
    year: int
    due: dt.date
    open_collective: bool
    tasks: dict[str, OwedTask] = field(default_factory=dict)
    figures: dict[str, OwedFigure] = field(default_factory=dict)
    # Figures the agency may report but is not asked for (sums kh113 computes from their parts).
    optional_figures: dict[str, OwedFigure] = field(default_factory=dict)

    def via(self) -> list[str]:
        """Every plan id (lead or responsible) through which this agency owes something, in order."""
        out: list[str] = []
        items: list[OwedTask | OwedFigure] = [*self.tasks.values(), *self.figures.values()]
        for item in items:
            out.extend(i for i in item.via if i not in out)
        return out


@dataclass(frozen=True)
class Consolidation:
    """The consolidating agency's report (section V.1): information only, it is not a file in submissions/."""

    agency: str
    name: str
    due: dt.date


@dataclass
class Expectations:
    year: int
    due: dt.date
    obligations: dict[str, Obligation]
    consolidation: Consolidation


def expected_path(agency: str, year: int) -> str:
    """Where an agency's report for ``year`` lives, relative to the data root (what ``kh113 new`` writes)."""
    return f"submissions/{year}/{agency}.yaml"


def expected(data: Dataset, year: int) -> Expectations:
    """Every report owed for ``year``, by agency in registry order; ``data.plan`` must be loaded."""
    plan = data.plan
    assert plan is not None, "expected() needs a loaded plan"
    check_year(plan, year)
    registry = data.registry
    due = due_date(rule_for(plan, "lead_agencies"), year)
    owed: dict[str, Obligation] = {}

    def obligation(agency: str) -> Obligation:
        if agency not in owed:
            owed[agency] = Obligation(
                agency=agency,
                name=registry.name(agency),
                year=year,
                due=due,
                open_collective=registry.open_collective(agency),
            )
        return owed[agency]

    for task in data.tasks.values():
        if not task.schedule.active_in(year, plan.period):
            continue
        for agency, via in _holders(registry, task.lead, due, task.domain):
            entry = obligation(agency)
            entry.tasks[task.id] = OwedTask(task, _merge(entry.tasks.get(task.id), via))
    for indicator in data.indicators_in_order():
        for agency, via in _holders(registry, indicator.responsible, due, indicator.domain):
            entry = obligation(agency)
            bucket = entry.optional_figures if indicator.sum_of else entry.figures
            bucket[indicator.id] = OwedFigure(indicator, _merge(bucket.get(indicator.id), via))

    # Optional figures alone do not make a report owed.
    owed = {k: v for k, v in owed.items() if v.tasks or v.figures}
    order = {ident: i for i, ident in enumerate(registry.ids())}
    obligations = dict(sorted(owed.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    consolidated_rule = rule_for(plan, "consolidating_agency")
    consolidated_due = due_date(consolidated_rule, year)
    consolidator = registry.resolve(plan.reporting.consolidating_agency, consolidated_due)
    return Expectations(
        year=year,
        due=due,
        obligations=obligations,
        consolidation=Consolidation(consolidator, registry.name(consolidator), consolidated_due),
    )


def heirs(data: Dataset, exp: Expectations, ident: str) -> list[Obligation]:
    """The owing agencies that hold (part of) ``ident``'s responsibilities on the due date, by succession."""
    registry = data.registry
    domains = {t.domain for t in data.tasks.values()} | {i.domain for i in data.indicators.values()} | {None}
    successors = {registry.resolve(ident, exp.due, domain) for domain in domains} - {ident}
    return [o for o in exp.obligations.values() if o.agency in successors]


def _holders(registry: Registry, idents: list[str], on: dt.date, domain: str | None) -> list[tuple[str, str]]:
    """(current agency, plan id it came from) for each id, collectives expanded, on ``on``."""
    return [(agency, ident) for ident in idents for agency in registry.expand([ident], on, domain)]


def _merge(previous: OwedTask | OwedFigure | None, via: str) -> tuple[str, ...]:
    before = previous.via if previous is not None else ()
    return before if via in before else (*before, via)


def obligation_of(data: Dataset, exp: Expectations, ident: str, what: str = "") -> Obligation:
    """``ident``'s obligation, or a usage error that says why it owes nothing (and who does instead), with the
    agency's name and the registry's reason, as an office would write it (issue #11, fresh-clone review)."""
    if ident in exp.obligations:
        return exp.obligations[ident]
    registry = data.registry
    if not registry.known(ident):
        prefix = f"{what} {ident}" if what else ident
        raise UsageError(msg("{who}: unknown agency{hint}", who=prefix, hint=suggest(ident, exp.obligations)))
    entry = registry.entry(ident)
    who = Localized(registry.name(ident), getattr(entry, "name_en", None))
    prefix = f"{what} {ident}: " if what else ""
    successors = heirs(data, exp, ident)
    if successors:
        names = [Localized(f"{o.name} ({o.agency})", _english_name(registry, o.agency)) for o in successors]
        dissolved = getattr(entry, "dissolved", None)
        reason = (
            N_("{prefix}{who} owes no report for {year} (dissolved on {date}; its tasks passed to {names})")
            if dissolved is not None and dissolved <= exp.due
            else N_("{prefix}{who} owes no report for {year} (its tasks passed to {names})")
        )
        raise UsageError(
            Message(reason, {"prefix": prefix, "who": who, "year": str(exp.year), "date": dissolved, "names": names})
        )
    raise UsageError(
        msg(
            "{prefix}{who} owes no report for {year} (it leads no task due that year and answers for no target; "
            "see `kh113 expected --year {year}`)",
            prefix=prefix,
            who=who,
            year=str(exp.year),
        )
    )


def _english_name(registry: Registry, ident: str) -> str:
    return f"{getattr(registry.entry(ident), 'name_en', None) or registry.name(ident)} ({ident})"


def fingerprint(ob: Obligation, plan_number: str) -> str:
    """A short digest of what ``ob`` asks for (ids, names, units, targets, task texts) and of the plan number.

    A workbook made by ``kh113 new --xlsx`` carries it (issue #14): ``kh113 import`` refuses a workbook
    made from another version of what was owed, whose label cells no longer say what the plan says.
    """
    owed: list[object] = [plan_number, ob.agency, ob.year]
    for item in ob.figures.values():
        ind = item.indicator
        owed.append(["figure", ind.id, ind.name, ind.unit, ind.kind, ind.target.model_dump(mode="json")])
    for owed_task in ob.tasks.values():
        task = owed_task.task
        owed.append(["task", task.id, task.content, task.product, task.schedule.text])
    text = json.dumps(owed, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
