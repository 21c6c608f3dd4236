"""Models from a few keyword arguments, for the tests of series.py and progress.py."""

from __future__ import annotations

from typing import Any

from kh113.compute.series import Point, Series
from kh113.models import Indicator, Submission
from kh113.read.source import parse_text
from kh113.validate.loading import LoadedSubmission


def make_indicator(
    ident: str = "x",
    *,
    comparator: str = ">=",
    target: float | bool = 40.0,
    year: int = 2030,
    unit: str = "per_10000",
    kind: str = "numeric",
    target_kind: str = "level",
    **extra: Any,
) -> Indicator:
    target_block: dict[str, Any] = {"value": target, "comparator": comparator, "year": year, "text": "mục tiêu"}
    if target_kind == "average":  # over the plan's period, as the jobs target (issue #16)
        target_block |= {"kind": "average", "average_over": [2024, year]}
    data = {
        "id": ident,
        "name": f"Chỉ tiêu {ident}",
        "name_en": f"Indicator {ident}",
        "unit": unit,
        "kind": kind,
        "target": target_block,
        "responsible": ["so-b"],
        "responsible_basis": "annex",
        "section": "II.2.1",
        "order": 1,
        **extra,
    }
    return Indicator.model_validate(data)


def make_series(indicator: Indicator, *points: tuple, target_segment: int = 0) -> Series:
    """Points as (year, value), (year, value, qualifier) or (year, value, qualifier, segment)."""
    made = []
    for spec in points:
        year, value, *rest = spec
        qualifier = rest[0] if rest else "exact"
        segment = rest[1] if len(rest) > 1 else 0
        made.append(
            Point(year=year, value=value, qualifier=qualifier, origin="submission", cited="test", segment=segment)
        )
    return Series(indicator=indicator, points=made, notes=[], breaks=[], target_segment=target_segment)


def make_submission(
    agency: str, year: int, figures: dict[str, Any], submitted: str | None = None, synthetic: bool = False
) -> LoadedSubmission:
    lines = [f"agency: {agency}", f"year: {year}"]
    if submitted:
        lines.append(f"submitted: {submitted}")
    if synthetic:
        lines.append("synthetic: true")
    lines.append("figures:")
    for ident, value in figures.items():
        text = "null" if value is None else ("true" if value is True else "false" if value is False else repr(value))
        lines.append(f"  {ident}: {{value: {text}}}")
    doc = parse_text(f"submissions/{year}/{agency}.yaml", "\n".join(lines) + "\n")
    return LoadedSubmission(Submission.model_validate(doc.data), doc, year, agency)
