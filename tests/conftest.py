from __future__ import annotations

import pytest


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI runs that do not depend on the caller's environment (GitHub Actions, language, colour)."""
    for name in ("GITHUB_ACTIONS", "KH113_ROOT", "KH113_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
