"""Shared fixtures: the repository's own data root, the minimal example root, a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MINIMAL = REPO / "tests" / "examples" / "valid" / "minimal"
DEMO = REPO / "examples" / "demo"  # the real plan with synthetic submissions (issue #3)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def minimal_root(tmp_path: Path) -> Path:
    """A writable copy of the minimal example root."""
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    return root


@pytest.fixture
def shared_source() -> Path:
    source = SHARED / "source"
    if not source.is_dir():
        pytest.skip("../shared/source is not beside the repository (it exists only for developers and CI)")
    return source


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI runs that do not depend on the caller's environment (GitHub Actions, language, colour)."""
    for name in ("GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "KH113_ROOT", "KH113_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def english(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (`KH113_LANG=en`), for tests that read a message's English wording; the Vietnamese
    default is tested in tests/test_messages_vi.py."""
    monkeypatch.setenv("KH113_LANG", "en")
