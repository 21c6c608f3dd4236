"""Helpers for the hostile-input tests (issue #6): a scratch data root and the one guarantee, as code.

The guarantee: whatever a file holds, a command either succeeds or prints each problem as
``path:line:col: code: message`` and exits non-zero — never a traceback, never a silent acceptance.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from kh113.cli import app

TESTS = Path(__file__).parent
MINIMAL = TESTS / "examples" / "valid" / "minimal"
SHARED = Path(__file__).parents[1].parent / "shared"  # ../shared beside the repository
SUBMISSION = "submissions/2025/so-b.yaml"

PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: [a-z-]+: ")
# The other lines a command may print on stderr: validate's summary, and `kh113: …` for stopped commands.
SUMMARY_LINE = re.compile(
    r"^(\d+ error\(s\), \d+ warning\(s\) in \d+ file\(s\) checked|valid: \d+ file\(s\) checked, \d+ warning\(s\))$"
)

runner = CliRunner()


def make_root(where: Path) -> Path:
    """A fresh copy of the minimal valid root under ``where``."""
    root = where / "root"
    shutil.copytree(MINIMAL, root, symlinks=True)
    return root


def invoke(root: Path, *args: str) -> Result:
    """Run ``kh113 --root ROOT ARGS`` the way a user would; exceptions are caught, not raised."""
    return runner.invoke(app, ["--root", str(root), *args])


def validate(root: Path, *extra: str) -> Result:
    return invoke(root, "validate", "--lang", "en", *extra)


def problem_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if PROBLEM_LINE.match(line)]


def codes_for(result: Result, relpath: str) -> list[str]:
    """The problem codes reported for ``relpath``, in output order."""
    return [line.split(": ", 2)[1] for line in problem_lines(result) if line.startswith(relpath + ":")]


def assert_guarantee(result: Result) -> None:
    """No traceback, a documented exit code, and every diagnostic line is a positioned problem."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unexpected {type(result.exception).__name__}: {result.exception}\n{result.output}"
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output, result.output
    for line in result.stderr.splitlines():
        assert PROBLEM_LINE.match(line) or SUMMARY_LINE.match(line) or line.startswith("kh113: "), repr(line)
    if result.exit_code != 0:  # said why: as problem lines, a `kh113:` message, or a machine format on stdout
        assert problem_lines(result) or result.stderr.startswith("kh113: ") or result.stdout.strip(), result.output


def assert_rejected(result: Result, relpath: str) -> list[str]:
    """The guarantee, plus: the run failed and at least one error names ``relpath``. Returns its codes."""
    assert_guarantee(result)
    assert result.exit_code == 1, result.output
    errors = [line for line in problem_lines(result) if line.startswith(relpath + ":") and ": warning: " not in line]
    assert errors, f"no error reported for {relpath}:\n{result.output}"
    return codes_for(result, relpath)
