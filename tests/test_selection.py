"""--agency, --group and --indicator filters (compute/selection.py), on the minimal example root.

The root's agencies: `so-a` dissolved on 01/03/2025 and split (social protection to `so-b`, the rest to the
new `so-c`); `so-b`; `cac-so` the collective of all three. Tasks 1.1 (lead `cac-so`), 6.4 (lead `so-b`,
health), 6.10 (lead `so-a`, social protection); indicators giuong-benh (`so-b`) and xoa-nha-tam (`so-a`,
social protection).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kh113.compute.selection import (
    indicator_involves,
    require_agency,
    select_indicators,
    select_tasks,
    task_involves,
)
from kh113.problems import UsageError
from kh113.validate.loading import Dataset, load

from .conftest import MINIMAL

BEFORE_SPLIT = dt.date(2025, 1, 1)
AFTER_SPLIT = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(MINIMAL)


def test_require_agency_returns_a_known_id(data: Dataset) -> None:
    assert require_agency(data, "so-b") == "so-b"
    assert require_agency(data, "cac-so") == "cac-so"  # a collective is an agency id too
    assert require_agency(data, "so-a") == "so-a"  # dissolved, but still known


def test_require_agency_refuses_an_unknown_id_with_the_nearest_one(data: Dataset) -> None:
    with pytest.raises(UsageError) as raised:
        require_agency(data, "so-bb")
    said = raised.value.args[0]
    assert said.args["agency"] == "so-bb"
    assert said.args["hint"].args == {"match": "so-b"}
    assert "so-bb" in str(raised.value) and "so-b`" in str(raised.value)


def test_task_involves_its_lead_as_written(data: Dataset) -> None:
    registry = data.registry
    assert task_involves(registry, data.tasks["6.4"], "so-b", AFTER_SPLIT)
    assert not task_involves(registry, data.tasks["6.4"], "so-c", AFTER_SPLIT)
    # The plan names so-a: it stays involved after its dissolution (the plan's own words).
    assert task_involves(registry, data.tasks["6.10"], "so-a", AFTER_SPLIT)


def test_task_involves_a_successor_by_the_task_domain(data: Dataset) -> None:
    registry = data.registry
    task = data.tasks["6.10"]  # social protection: passed to so-b, not to so-c
    assert task_involves(registry, task, "so-b", AFTER_SPLIT)
    assert not task_involves(registry, task, "so-c", AFTER_SPLIT)
    assert not task_involves(registry, task, "so-b", BEFORE_SPLIT)


def test_task_involves_members_of_a_collective_lead(data: Dataset) -> None:
    registry = data.registry
    task = data.tasks["1.1"]  # lead: cac-so
    assert task_involves(registry, task, "so-c", AFTER_SPLIT)
    assert task_involves(registry, task, "so-b", AFTER_SPLIT)
    # so-a is no member on 01/06/2025 (dissolved), but it was on the plan's date.
    assert not task_involves(registry, task, "so-a", AFTER_SPLIT)
    assert data.plan is not None
    assert task_involves(registry, task, "so-a", AFTER_SPLIT, data.plan.date)


def test_indicator_involves_the_responsible_and_the_successor_on_the_date(data: Dataset) -> None:
    registry = data.registry
    beds, housing = data.indicators["giuong-benh"], data.indicators["xoa-nha-tam"]
    assert indicator_involves(registry, beds, "so-b", AFTER_SPLIT)
    assert not indicator_involves(registry, beds, "so-a", AFTER_SPLIT)
    assert indicator_involves(registry, housing, "so-a", AFTER_SPLIT)
    assert indicator_involves(registry, housing, "so-b", AFTER_SPLIT)  # social protection passed to so-b
    assert not indicator_involves(registry, housing, "so-b", BEFORE_SPLIT)
    assert not indicator_involves(registry, housing, "so-c", AFTER_SPLIT)


def _ids(items: list) -> list[str]:
    return [item.id for item in items]


def test_select_tasks_without_filters_is_every_task_in_plan_order(data: Dataset) -> None:
    assert _ids(select_tasks(data, agency=None, group=None, on=AFTER_SPLIT)) == ["1.1", "6.4", "6.10"]


def test_select_tasks_by_group_and_agency(data: Dataset) -> None:
    assert _ids(select_tasks(data, agency=None, group=6, on=AFTER_SPLIT)) == ["6.4", "6.10"]
    assert _ids(select_tasks(data, agency="so-b", group=None, on=AFTER_SPLIT)) == ["1.1", "6.4", "6.10"]
    assert _ids(select_tasks(data, agency="so-b", group=None, on=BEFORE_SPLIT)) == ["1.1", "6.4"]
    assert _ids(select_tasks(data, agency="so-c", group=6, on=AFTER_SPLIT)) == []
    # so-a: its own task, and 1.1 through the collective as it stood on the plan's date.
    assert _ids(select_tasks(data, agency="so-a", group=None, on=AFTER_SPLIT)) == ["1.1", "6.10"]
    assert _ids(select_tasks(data, agency=None, group=2, on=AFTER_SPLIT)) == []


def test_select_tasks_refuses_an_unknown_agency(data: Dataset) -> None:
    with pytest.raises(UsageError):
        select_tasks(data, agency="so-x", group=None, on=AFTER_SPLIT)


def test_select_indicators_filters(data: Dataset) -> None:
    every = select_indicators(data, agency=None, group=None, ids=[], on=AFTER_SPLIT)
    assert _ids(every) == ["giuong-benh", "xoa-nha-tam"]
    assert _ids(select_indicators(data, agency=None, group=6, ids=[], on=AFTER_SPLIT)) == ["giuong-benh"]
    assert _ids(select_indicators(data, agency=None, group=None, ids=["xoa-nha-tam"], on=AFTER_SPLIT)) == [
        "xoa-nha-tam"
    ]
    assert _ids(select_indicators(data, agency="so-b", group=None, ids=[], on=AFTER_SPLIT)) == [
        "giuong-benh",
        "xoa-nha-tam",
    ]
    assert _ids(select_indicators(data, agency="so-b", group=None, ids=[], on=BEFORE_SPLIT)) == ["giuong-benh"]
    assert _ids(select_indicators(data, agency="so-c", group=None, ids=[], on=AFTER_SPLIT)) == []


def test_select_indicators_refuses_an_unknown_indicator_with_the_nearest_id(data: Dataset) -> None:
    with pytest.raises(UsageError) as raised:
        select_indicators(data, agency=None, group=None, ids=["giuong-benh", "giuong-ben"], on=AFTER_SPLIT)
    said = raised.value.args[0]
    assert said.args["id"] == "giuong-ben"
    assert said.args["hint"].args == {"match": "giuong-benh"}


def test_select_indicators_refuses_an_unknown_agency(data: Dataset) -> None:
    with pytest.raises(UsageError):
        select_indicators(data, agency="so-x", group=None, ids=[], on=AFTER_SPLIT)
