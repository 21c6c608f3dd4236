"""Data-driven acceptance tests: valid example roots validate clean; each invalid case gives exactly the
expected problems, at the expected file:line:col (check-jsonschema's test_example_files, yamllint's style).

An invalid case is an overlay: ``tests/examples/invalid/<case>/`` holds only the files that differ from
``tests/examples/valid/minimal/`` plus ``expected.txt`` with one ``file:line:col: code`` per problem.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kh113.compute.keeping import nothing
from kh113.compute.scope import checked, streaming
from kh113.validate.loading import load

EXAMPLES = Path(__file__).parent / "examples"
VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def problems_of(root: Path, streamed: bool = False) -> list[str]:
    # Streamed (issue #17 item 1, as `kh113 validate` loads): each report checked as it is read, then let go.
    data = checked(load(root, stream=streaming(nothing) if streamed else None))
    return [f"{p.file}:{p.line}:{p.column}: {p.code}" for p in data.problems.sorted()]


STREAMED = pytest.mark.parametrize("streamed", [False, True], ids=["kept", "streamed"])


@STREAMED
@pytest.mark.parametrize("root", VALID, ids=[p.name for p in VALID])
def test_valid_example_has_no_problem(root: Path, streamed: bool) -> None:
    assert problems_of(root, streamed) == []


@STREAMED
@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_gives_expected_problems(case: Path, tmp_path: Path, streamed: bool) -> None:
    root = tmp_path / "root"
    shutil.copytree(EXAMPLES / "valid" / "minimal", root)
    for item in case.iterdir():
        if item.name == "expected.txt":
            continue
        if item.is_dir():
            shutil.copytree(item, root / item.name, dirs_exist_ok=True)
        else:
            shutil.copy(item, root / item.name)
    expected = sorted(line for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines() if line.strip())
    assert problems_of(root, streamed) == expected
