"""models.py on its own: strict schemas whose validators refuse what the data must never say."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from kh113.models import Agency, Figure, OrgChange, ReportSenders, Schedule, Submission, Target

from .builders import make_indicator

SENDER: dict[str, Any] = {
    "parent": "Ủy ban nhân dân tỉnh Cà Mau",
    "code": "BC-SNV",
    "place": "Cà Mau",
    "signer": {"authority": "KT. Giám đốc", "title": "Phó Giám đốc", "name": ""},
    "recipients": ["Lưu: VT"],
}


def _schedule(**fields: Any) -> Schedule:
    return Schedule.model_validate({"text": "lịch", **fields})


def test_unknown_keys_and_quoted_numbers_are_refused() -> None:
    with pytest.raises(ValidationError):
        Submission.model_validate({"agency": "so-b", "year": 2025, "figurs": {}})
    with pytest.raises(ValidationError):
        Submission.model_validate({"agency": "so-b", "year": "2025"})
    assert Submission.model_validate({"agency": "so-b", "year": 2025}).figures == {}


@pytest.mark.parametrize(
    ("fields", "years"),
    [
        ({"kind": "yearly"}, list(range(2024, 2031))),
        ({"kind": "year", "year": 2026}, [2026]),
        ({"kind": "range", "start": 2025, "end": 2027}, [2025, 2026, 2027]),
        ({"kind": "range", "start": 2028}, [2028, 2029, 2030]),  # open: to the end of the plan
    ],
)
def test_a_schedule_is_active_in_its_years_inside_the_plan(fields: dict[str, Any], years: list[int]) -> None:
    schedule = _schedule(**fields)
    assert [y for y in range(2020, 2035) if schedule.active_in(y, (2024, 2030))] == years


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "year"},  # needs `year`
        {"kind": "yearly", "year": 2025},  # `year` does not belong
        {"kind": "yearly_quarter"},  # needs `quarter`
        {"kind": "range", "start": 2027, "end": 2025},  # end before start
    ],
)
def test_a_schedule_has_exactly_the_fields_of_its_kind(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _schedule(**fields)


def test_a_figure_gives_a_value_or_a_reason_not_both() -> None:
    assert Figure.model_validate({"value": None}).value is None  # a draft
    assert Figure.model_validate({"unavailable": "chưa có điều tra"}).unavailable == "chưa có điều tra"
    for fields in ({}, {"value": 1.0, "unavailable": "vì"}, {"unavailable": " \u200b "}):
        with pytest.raises(ValidationError):
            Figure.model_validate(fields)


def test_an_average_target_runs_to_its_own_year() -> None:
    base = {"value": 40000.0, "comparator": ">=", "year": 2030, "text": "bình quân"}
    assert Target.model_validate({**base, "kind": "average", "average_over": [2024, 2030]}).kind == "average"
    for extra in (
        {"kind": "average"},
        {"kind": "average", "average_over": [2024, 2029]},
        {"average_over": [2024, 2030]},
    ):
        with pytest.raises(ValidationError):
            Target.model_validate({**base, **extra})


def test_an_indicator_kind_agrees_with_its_unit_and_target() -> None:
    assert make_indicator("m", kind="milestone", unit="boolean", target=True, comparator="==").kind == "milestone"
    with pytest.raises(ValidationError):
        make_indicator("m", kind="milestone", unit="percent", target=True, comparator="==")
    with pytest.raises(ValidationError):
        make_indicator("n", unit="boolean")
    with pytest.raises(ValidationError):
        make_indicator("n", notes=["một"], notes_en=["one", "two"])  # notes_en translates each note


def test_an_agency_is_dissolved_after_it_is_established() -> None:
    base = {"id": "so-x", "name": "Sở X", "short_name": "Sở X", "name_en": "Department X", "kind": "department"}
    Agency.model_validate({**base, "established": dt.date(2025, 3, 1), "dissolved": dt.date(2025, 7, 1)})
    with pytest.raises(ValidationError):
        Agency.model_validate({**base, "established": dt.date(2025, 7, 1), "dissolved": dt.date(2025, 7, 1)})


def test_a_change_has_exactly_one_default_successor() -> None:
    def change(*successors: dict[str, Any]) -> OrgChange:
        return OrgChange.model_validate(
            {
                "id": "hop-nhat",
                "date": dt.date(2025, 3, 1),
                "kind": "merger",
                "predecessors": ["so-a"],
                "successors": [{"functions": "mọi chức năng", **s} for s in successors],
                "legal_basis": "Nghị quyết",
                "source": "Công báo",
            }
        )

    assert len(change({"successor": "so-b"}, {"successor": "so-c", "domains": ["health"]}).successors) == 2
    with pytest.raises(ValidationError):
        change({"successor": "so-b"}, {"successor": "so-c"})
    with pytest.raises(ValidationError):
        change({"successor": "so-b", "domains": ["health"]})


def test_the_sender_of_a_report_is_the_latest_entry_not_after_its_year() -> None:
    def sender(agency: str, from_year: int) -> dict[str, Any]:
        return {"agency": agency, "from_year": from_year, **SENDER}

    senders = ReportSenders.model_validate({"senders": [sender("so-a", 2024), sender("so-a", 2026)]})
    assert senders.for_report("so-a", 2025).from_year == 2024  # type: ignore[union-attr]
    assert senders.for_report("so-a", 2027).from_year == 2026  # type: ignore[union-attr]
    assert senders.for_report("so-a", 2023) is None and senders.for_report("so-b", 2025) is None
    with pytest.raises(ValidationError):
        ReportSenders.model_validate({"senders": [sender("so-a", 2024), sender("so-a", 2024)]})
