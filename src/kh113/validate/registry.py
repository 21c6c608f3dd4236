"""The agency registry: one object answers every agency question (issue #13 item 3).

Name, kind (agency or collective), members of a collective, and who is responsible on a given date:
succession through the 2025 reorganisation, collectives expanded. Pure functions of the registry and a
date; built once by the loader and carried by the loaded ``Dataset`` (``data.registry``).

The plan names agencies as they were on 13/5/2024; on 1/3/2025 departments were merged or split and on
1/7/2025 the district level ended (../shared/source/published-figures.md). A split is resolved by the
task's or indicator's ``domain``: the successor that received that domain, else the change's default
successor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..models import Agency, Collective, OrgChange


@dataclass(frozen=True)
class Step:
    """One link of a succession chain: ``agency`` passed to ``successor`` on ``date`` by ``change``."""

    agency: str
    successor: str
    date: dt.date
    change: str


class Registry:
    """The agency registry with its changes, indexed for lookups by id and by predecessor."""

    def __init__(
        self, agencies: Mapping[str, Agency], collectives: Mapping[str, Collective], changes: Iterable[OrgChange]
    ) -> None:
        self.agencies = agencies
        self.collectives = collectives
        # Sorted once: succession applies changes in date order.
        self.changes = tuple(sorted(changes, key=lambda c: (c.date, c.id)))
        self._by_predecessor: dict[str, list[OrgChange]] = {}
        for change in self.changes:
            for pred in change.predecessors:
                self._by_predecessor.setdefault(pred, []).append(change)

    def entry(self, ident: str) -> Agency | Collective | None:
        """The agency or collective ``ident`` (they share one id space), or None when the plan has none."""
        return self.agencies.get(ident) or self.collectives.get(ident)

    def known(self, ident: str) -> bool:
        return ident in self.agencies or ident in self.collectives

    def ids(self) -> list[str]:
        """Every agency id, then every collective id, in the order of plan/agencies.yaml."""
        return [*self.agencies, *self.collectives]

    def kind(self, ident: str) -> str | None:
        """``agency``, ``collective``, or None for an id the registry does not know."""
        if ident in self.agencies:
            return "agency"
        return "collective" if ident in self.collectives else None

    def name(self, ident: str) -> str:
        entry = self.entry(ident)
        return entry.name if entry else ident

    def short_name(self, ident: str) -> str:
        entry = self.entry(ident)
        return entry.short_name if entry else ident

    def members(self, ident: str) -> list[str] | None:
        """The members of collective ``ident`` as the plan lists them; None for an open collective or an agency."""
        collective = self.collectives.get(ident)
        return None if collective is None or collective.members is None else list(collective.members)

    def open_collective(self, ident: str) -> bool:
        """A collective whose members the plan leaves open (``members: null``): it reports as itself."""
        collective = self.collectives.get(ident)
        return collective is not None and collective.members is None

    def exists_on(self, ident: str, on: dt.date) -> bool:
        entry = self.entry(ident)
        if entry is None:
            return False
        established = getattr(entry, "established", None)
        if established is not None and on < established:
            return False
        return entry.dissolved is None or on < entry.dissolved

    def successors(self, ident: str, on: dt.date) -> list[str]:
        """Every successor named by the changes that ended ``ident`` on or before ``on`` (all domains)."""
        named: list[str] = []
        for change in self._by_predecessor.get(ident, []):
            if change.date <= on:
                named += [s.successor for s in change.successors if s.successor not in named]
        return named

    def chain(self, ident: str, on: dt.date, domain: str | None = None) -> list[Step]:
        """The succession steps from ``ident`` up to ``on`` (empty when it still exists)."""
        steps: list[Step] = []
        current = ident
        seen = {ident}
        while True:
            change = next(
                (
                    c
                    for c in self._by_predecessor.get(current, [])
                    if c.date <= on and (not steps or c.date >= steps[-1].date)
                ),
                None,
            )
            if change is None:
                return steps
            successor = pick_successor(change, domain)
            steps.append(Step(current, successor, change.date, change.id))
            if successor in seen:  # a cycle in the data; the cross-reference check reports it
                return steps
            seen.add(successor)
            current = successor

    def resolve(self, ident: str, on: dt.date, domain: str | None = None) -> str:
        """The agency that holds ``ident``'s responsibility (for ``domain``) on ``on``."""
        steps = self.chain(ident, on, domain)
        return steps[-1].successor if steps else ident

    def expand(self, idents: list[str], on: dt.date, domain: str | None = None) -> list[str]:
        """Concrete responsible parties on ``on``: collectives become their members, each resolved.

        A collective whose members the plan leaves open (``members: null``) stays as itself.
        Order follows the input; duplicates (two predecessors with one successor) are dropped.
        """
        out: list[str] = []
        for ident in idents:
            for member in self._expand_one(ident, on, domain, set()):
                if member not in out:
                    out.append(member)
        return out

    def _expand_one(self, ident: str, on: dt.date, domain: str | None, visiting: set[str]) -> list[str]:
        current = self.resolve(ident, on, domain)
        collective = self.collectives.get(current)
        if collective is None or collective.members is None or current in visiting:
            return [current]
        out: list[str] = []
        for member in collective.members:
            # Members that did not exist yet on that date (established later) are reached by succession
            # from the old ones, so they are skipped here rather than counted twice.
            entry = self.agencies.get(member)
            if entry is not None and entry.established is not None and on < entry.established:
                continue
            out.extend(self._expand_one(member, on, domain, visiting | {current}))
        return out


def pick_successor(change: OrgChange, domain: str | None) -> str:
    if domain is not None:
        for succession in change.successors:
            if domain in succession.domains:
                return succession.successor
    return next(s.successor for s in change.successors if not s.domains)
