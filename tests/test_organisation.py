"""Succession on a date: who holds an agency's responsibility after the 2025 reorganisation."""

from __future__ import annotations

import datetime as dt

import pytest

from kh113.validate.loading import load
from kh113.validate.registry import Registry

from .conftest import MINIMAL, REPO

BEFORE = dt.date(2025, 2, 28)
SPLIT = dt.date(2025, 3, 1)
AFTER_MERGER = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load(REPO, submissions=False).registry


@pytest.fixture(scope="module")
def minimal() -> Registry:
    return load(MINIMAL, submissions=False).registry


def test_agency_is_itself_before_the_change(minimal: Registry) -> None:
    assert minimal.resolve("so-a", BEFORE) == "so-a"
    assert minimal.chain("so-a", BEFORE) == []


def test_change_takes_effect_on_its_date(minimal: Registry) -> None:
    assert minimal.resolve("so-a", SPLIT) == "so-c"  # default successor


def test_split_follows_the_domain(minimal: Registry) -> None:
    assert minimal.resolve("so-a", SPLIT, "social-protection") == "so-b"
    assert minimal.resolve("so-a", SPLIT, "health") == "so-c"


def test_collective_expands_to_members_existing_on_the_date(minimal: Registry) -> None:
    # so-c is established on 1/3/2025: before that it is not a member in its own right.
    assert minimal.expand(["cac-so"], BEFORE) == ["so-a", "so-b"]
    # After: so-a's duties passed to so-c, which is also a member; no duplicates.
    assert minimal.expand(["cac-so"], SPLIT) == ["so-c", "so-b"]


def test_exists_on_respects_established_and_dissolved(minimal: Registry) -> None:
    assert minimal.exists_on("so-a", BEFORE) and not minimal.exists_on("so-a", SPLIT)
    assert not minimal.exists_on("so-c", BEFORE) and minimal.exists_on("so-c", SPLIT)


@pytest.mark.parametrize(
    ("domain", "successor"),
    [
        (None, "so-noi-vu"),
        ("people-with-merit", "so-noi-vu"),
        ("social-protection", "so-y-te"),
        ("children", "so-y-te"),
        ("vocational-education", "so-gddt"),
        ("poverty-reduction", "so-dan-toc-ton-giao"),
    ],
)
def test_ldtbxh_split_of_2025(shipped: Registry, domain: str | None, successor: str) -> None:
    assert shipped.resolve("so-ldtbxh", BEFORE, domain) == "so-ldtbxh"
    assert shipped.resolve("so-ldtbxh", SPLIT, domain) == successor


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("so-tttt", "so-khcn"),
        ("so-khdt", "so-tai-chinh"),
        ("so-nnptnt", "so-nnmt"),
        ("so-tnmt", "so-nnmt"),
        ("so-gtvt", "so-xay-dung"),
    ],
)
def test_department_mergers_of_1_march_2025(shipped: Registry, old: str, new: str) -> None:
    assert shipped.resolve(old, SPLIT) == new


def test_district_level_ends_on_1_july_2025(shipped: Registry) -> None:
    assert shipped.resolve("ubnd-cai-nuoc", dt.date(2025, 6, 30)) == "ubnd-cai-nuoc"
    assert shipped.resolve("ubnd-cai-nuoc", AFTER_MERGER) == "ubnd-cap-xa"
    assert shipped.expand(["ubnd-cac-huyen"], dt.date(2024, 6, 1))[0] == "ubnd-tp-ca-mau"
    assert len(shipped.expand(["ubnd-cac-huyen"], dt.date(2024, 6, 1))) == 9
    assert shipped.expand(["ubnd-cac-huyen"], AFTER_MERGER) == ["ubnd-cap-xa"]


def test_ubnd_cap_xa_exists_only_from_the_merger(shipped: Registry) -> None:
    assert not shipped.exists_on("ubnd-cap-xa", dt.date(2025, 6, 30))
    assert shipped.exists_on("ubnd-cap-xa", AFTER_MERGER)
