"""Every input of the official YAML test suite, fed as each kind of kh113 file (issue #6).

Whatever the input — valid YAML of the wrong shape or YAML a conforming parser must reject — the answer
is a positioned error naming the file and exit 1: never a traceback, never a silent pass. Time and memory
are bounded by construction (documents.py: size, node and depth limits, no aliases), so no test here
needs a timer. The corpus lives in ../shared (see its README) and is read in place, never copied in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .hostile_support import SHARED, SUBMISSION, assert_rejected, make_root, validate

CORPUS = SHARED / "corpus" / "yaml-test-suite"

ROLES = {
    "submission": SUBMISSION,
    "indicator": "indicators/giuong-benh.yaml",
    "plan": "plan/plan.yaml",
    "groups": "plan/groups.yaml",
    "tasks": "plan/tasks.yaml",
    "agencies": "plan/agencies.yaml",
}


def _cases() -> list:  # type: ignore[type-arg]
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"yaml-test-suite corpus not found at {CORPUS}"))]
    files = sorted(CORPUS.glob("*.yaml"))
    return [pytest.param(f, id=f.stem) for f in files]


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One scratch root per role; each test overwrites that role's file (and the fixture restores it)."""
    return {role: make_root(tmp_path_factory.mktemp(role)) for role in ROLES}


def test_corpus_is_complete() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"yaml-test-suite corpus not found at {CORPUS}")
    errors = (CORPUS / "ERRORS.txt").read_text().split()
    assert len(list(CORPUS.glob("*.yaml"))) > 300 and errors
    assert all((CORPUS / f"{case}.yaml").is_file() for case in errors)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("case", _cases())
def test_corpus_input_is_rejected_with_a_position(case: Path, role: str, roots: dict[str, Path]) -> None:
    root, relpath = roots[role], ROLES[role]
    target = root / relpath
    original = target.read_bytes()
    target.write_bytes(case.read_bytes())
    try:
        result = validate(root)
    finally:
        target.write_bytes(original)
    assert_rejected(result, relpath)
