"""Fast start (issue #7): each command imports only what it uses. Checks modules, never times anything.

Each case runs kh113 in a fresh interpreter (an import made by an earlier test would hide one here) and
looks at ``sys.modules`` when the command has finished.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

RUN_AND_LIST_MODULES = """
import json, sys
out, args = sys.argv[1], json.loads(sys.argv[2])
from kh113.cli import app
try:
    app(args, prog_name="kh113")
except SystemExit:
    pass
with open(out, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""


def imported(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages imported by ``kh113 ARGS`` run in a fresh interpreter."""
    listing = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, str(listing), json.dumps(list(args))],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    return {name.split(".")[0] for name in json.loads(listing.read_text())}


def test_the_check_sees_imports(tmp_path: Path) -> None:
    # The table format is for people: Rich draws it (Vietnamese numbers need no Babel since issue #17 item 2).
    modules = imported(tmp_path, "--root", str(REPO), "status", "--year", "2025")
    assert {"rich", "pydantic", "yaml"} <= modules


@pytest.mark.parametrize(
    ("args", "not_imported"),
    [
        (("--help",), {"jinja2", "babel", "rich", "pydantic", "yaml"}),
        # Typer itself checks option values with Pydantic once a command is chosen, so only --help is free of it.
        (("status", "--help"), {"jinja2", "babel", "rich", "yaml"}),
        # The repository keeps its own templates/ (issue #18), and validate parses them: Jinja (and Babel, for
        # the environment's filters) are then needed; a data root without templates/ starts without them.
        (("--root", str(REPO), "validate", "--format", "json"), {"rich"}),
        (("--root", str(REPO), "validate"), {"rich"}),
        (("--root", str(REPO / "examples" / "demo"), "validate"), {"jinja2", "babel", "rich"}),
        (("--root", str(REPO), "status", "--year", "2025", "--format", "json"), {"jinja2", "babel", "rich"}),
        (("--root", str(REPO), "status", "--year", "2025", "--format", "csv"), {"jinja2", "babel", "rich"}),
        (("--root", str(REPO), "status", "--year", "2025"), {"jinja2"}),
        # check's text summary gives rates in the reader's conventions ("85,7 %"): Babel, but no Rich.
        (("--root", str(REPO), "check", "--year", "2025", "--as-of", "2025-12-31"), {"jinja2", "rich"}),
        (("--root", str(REPO), "check", "--year", "2025", "--format", "json"), {"jinja2", "babel", "rich"}),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_command_imports_only_what_it_uses(tmp_path: Path, args: tuple[str, ...], not_imported: set[str]) -> None:
    assert imported(tmp_path, *args) & not_imported == set()
