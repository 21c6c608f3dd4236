"""Linear cost (issue #7): every command reads each data file exactly once per run.

An audit hook in a fresh interpreter counts the ``open`` events for YAML files under the data root, so the
check holds whatever reads them (the loader, a view, a template); nothing is timed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DEMO

COUNT_OPENS = """
import collections, json, os, sys
out, root, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
opened = collections.Counter()

def hook(event, payload):
    if event == "open" and isinstance(payload[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(payload[0])
        if path.startswith(root + os.sep) and path.endswith(".yaml"):
            opened[os.path.relpath(path, root)] += 1

sys.addaudithook(hook)
from kh113.cli import app
try:
    app(["--root", root, *args], prog_name="kh113")
except SystemExit:
    pass
with open(out, "w") as handle:
    json.dump(opened, handle)
"""

YEAR = ["--year", "2025"]
AS_OF = ["--as-of", "2025-12-31"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["status", *YEAR],
        ["export"],
        ["check", *YEAR, *AS_OF],
        ["report", *YEAR, *AS_OF],
    ],
    ids=lambda args: args[0],
)
def test_each_data_file_is_read_once(tmp_path: Path, args: list[str]) -> None:
    listing = tmp_path / "opened.json"
    subprocess.run(
        [sys.executable, "-c", COUNT_OPENS, str(listing), str(DEMO.resolve()), json.dumps(args)],
        check=True,
        capture_output=True,
    )
    opened = json.loads(listing.read_text())
    every_file = {str(p.relative_to(DEMO)) for p in DEMO.rglob("*.yaml")}
    assert set(opened) == every_file
    assert {path: count for path, count in opened.items() if count != 1} == {}
