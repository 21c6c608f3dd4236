"""Helpers for the hostile-input tests (issue #6): a scratch data root and the one guarantee, as code.

The guarantee: whatever a file holds, a command either succeeds or prints each problem as
``path:line:col: code: message`` and exits non-zero — never a traceback, never a silent acceptance.
"""

from __future__ import annotations

import inspect
import re
import shutil
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from kh113.cli import app
from kh113.i18n import LANGUAGES, translator

from .conftest import MINIMAL, SHARED

__all__ = ["MINIMAL", "SHARED"]  # re-exported for the hostile tests
SUBMISSION = "submissions/2025/so-b.yaml"

PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: [a-z-]+: ")
# The other lines a command may print on stderr: validate's summary (in either language), and
# `kh113: …` for commands that stop.
_SUMMARIES = (
    "{errors} error(s), {warnings} warning(s) in {files} file(s) checked",
    "valid: {files} file(s) checked, {warnings} warning(s)",
)
SUMMARY_LINE = re.compile(
    "^("
    + "|".join(
        re.sub(r"\\\{\w+\\\}", r"\\d+", re.escape(translator(lang)(msgid)))
        for msgid in _SUMMARIES
        for lang in LANGUAGES
    )
    + ")$"
)

runner = CliRunner()


def billion_laughs() -> str:
    """Nine levels of nine aliases: a billion "lol"s if anything expanded them."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
    return "\n".join(lines) + "\n"


# Values for the required arguments of commands (a new command with another one fails loudly below).
ARGUMENTS = {"agency": "so-b", "workbook": "bao-cao-so-b-2025.xlsx"}
# Required options, with their values.
OPTIONS = {"base": ["--base", "HEAD"]}


def every_invocation() -> list[list[str]]:
    """Every command of the app, in every ``--format`` it offers, with otherwise default options."""
    runs = []
    for command in app.registered_commands:
        assert command.callback is not None
        callback = inspect.unwrap(command.callback)
        name = command.name or callback.__name__.replace("_", "-")
        hints = typing.get_type_hints(callback, include_extras=True)
        required = [
            p.name
            for p in inspect.signature(callback).parameters.values()
            if p.default is inspect.Parameter.empty and p.name != "ctx"
        ]
        known = set(ARGUMENTS) | set(OPTIONS)
        assert set(required) <= known, f"no test value for the arguments {required} of `kh113 {name}`"
        base = [name, *(ARGUMENTS[r] for r in required if r in ARGUMENTS)]
        base += [value for r in required if r in OPTIONS for value in OPTIONS[r]]
        formats = _enum_values(hints["format"]) if "format" in hints else []
        runs += [[*base, "--format", f] for f in formats] or [base]
    return runs


def _enum_values(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    for arg in typing.get_args(annotation):
        found = _enum_values(arg)
        if found:
            return found
    return []


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
    # validate and check print problems on stdout; commands that stop print them on stderr.
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    return [line for line in lines if PROBLEM_LINE.match(line)]


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
