"""A count of people larger than the whole province is a warning (issue #10 item 8): a typo, not a fact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app

from .conftest import REPO


def _root(tmp_path: Path, value: str) -> Path:
    root = tmp_path / "root"
    shutil.copytree(REPO / "plan", root / "plan")
    shutil.copytree(REPO / "indicators", root / "indicators")
    (root / "submissions" / "2025").mkdir(parents=True)
    (root / "submissions" / "2025" / "so-noi-vu.yaml").write_text(
        f"agency: so-noi-vu\nyear: 2025\nfigures:\n  giai-quyet-viec-lam: {{value: {value}, source: Báo cáo của Sở}}\n",
        encoding="utf-8",
    )
    return root


def _problems(tmp_path: Path, value: str, lang: str = "en") -> list[dict[str, object]]:
    root = _root(tmp_path, value)
    result = CliRunner().invoke(
        app, ["--root", str(root), "validate", "--format", "json"], env={"KH113_LANG": lang}, catch_exceptions=False
    )
    return [p for p in json.loads(result.stdout)["problems"] if p["file"] == "submissions/2025/so-noi-vu.yaml"]


def test_the_plan_cites_the_population_it_uses() -> None:
    text = (REPO / "plan" / "plan.yaml").read_text(encoding="utf-8")
    assert "population:\n  value: 2600000\n" in text
    assert "source: Nghị quyết 202/2025/QH15" in text


@pytest.mark.parametrize("value", ["40000000", "2600001"])
def test_more_people_than_the_province_is_a_warning(tmp_path: Path, value: str) -> None:
    found = [p for p in _problems(tmp_path, value) if p["code"] == "implausible-count"]
    assert len(found) == 1, found
    assert found[0]["severity"] == "warning"
    assert (found[0]["line"], found[0]["column"]) == (4, 32)
    assert f"{value} people is more than the province's whole population (2600000 people" in str(found[0]["message"])


@pytest.mark.parametrize("value", ["40982", "2600000"])
def test_a_count_within_the_population_is_no_question(tmp_path: Path, value: str) -> None:
    assert not [p for p in _problems(tmp_path, value) if p["code"] == "implausible-count"]
