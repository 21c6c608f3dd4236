"""YAML syntax errors in plain words, positioned where the fix goes (syntax.py, review finding 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.read.source import parse_text

# (id, text, line, column, words the message must contain)
CASES = [
    (
        "brace-missing-comma",
        "agency: a\nfigures:\n  x: {value: 5 source: y}\n",
        3,
        22,
        "a comma is missing on this line",
    ),
    (
        "brace-never-closed",
        "agency: a\nfigures:\n  x: {value: 5, source: y\nyear: 2025\n",
        3,
        6,
        "this `{` is never closed",
    ),
    (
        "bracket-never-closed",
        "agency: a\nproducts: [a, b\nyear: 2025\n",
        2,
        11,
        "this `[` is never closed: end the entry with `]`",
    ),
    (
        "indented-deeper",
        "agency: a\nyear: 2025\n  submitted: 2025-01-01\n",
        3,
        3,
        "start it in column 1, like the key on line 2",
    ),
    (
        "between-levels",
        "agency: a\nfigures:\n    x:\n      value: 5\n   y:\n      value: 6\n",
        5,
        4,
        "column(s) 1, 5, 7",
    ),
    ("item-between-levels", "difficulties:\n  - a\n - b\n", 3, 2, "starts in column 2"),
    ("no-space-after-colon", "agency:a\nyear: 2025\n", 1, 7, "write a space after the colon: `agency: a`"),
    ("no-space-after-colon-mid", "agency: a\nyear:2025\nsubmitted: 2025-01-01\n", 2, 5, "`year: 2025`"),
    ("no-colon", "agency: a\nyear 2025\n", 2, 1, "write a colon and a space after the key"),
    ("quote-never-closed", 'agency: "a\nyear: 2025\n', 1, 9, 'this quote (") is never closed'),
    ("text-after-quote", 'note: "abc" def\n', 1, 13, "text after the closing quote"),
    ("colon-in-value", "note: Ghi chú: abc\n", 1, 14, "must be put in quotes"),
    ("item-on-key-line", "difficulties: - a\n", 1, 15, "cannot be on the same line as its key"),
    ("item-at-key-column", "a: b\n- c\n", 2, 1, "a list goes under its key"),
    ("not-an-item", "difficulties:\n  - a\n  b: c\n", 3, 3, "does not start with `- `"),
    ("tab", "agency: a\n\tyear: 2025\n", 2, 1, "indent with spaces, not tabs"),
    ("at-sign", "note: @abc\n", 1, 7, "text that starts with @ must be put in quotes"),
    ("backslash", 'note: "C:\\dir"\n', 1, 10, "a backslash starts an escape"),
    ("closing-brace", "a: }\n", 1, 4, "`}` does not start a value"),
    ("directive", "%FOO\na: 1\n", 1, 1, "YAML directive"),
]

# libyaml's own phrases: none may reach a user.
RAW = re.compile(
    r"while (parsing|scanning)|did not find expected|not allowed in this context|cannot start any token|"
    r"end of stream|block (mapping|collection|node)|flow (mapping|sequence)|simple key"
)


@pytest.mark.parametrize(("text", "line", "column", "words"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_syntax_error_is_worded_and_placed_where_the_fix_goes(text: str, line: int, column: int, words: str) -> None:
    doc = parse_text("f.yaml", text)
    assert [(p.code, p.line, p.column) for p in doc.problems] == [("yaml-syntax", line, column)], doc.problems
    message = doc.problems[0].message
    assert words in message and not RAW.search(message), message


def test_other_reading_problems_keep_their_own_code() -> None:
    doc = parse_text("f.yaml", "a: 1\n---\nb: 2\n")
    assert [(p.code, p.line) for p in doc.problems] == [("multiple-documents", 2)]


def test_validate_words_syntax_errors(minimal_root: Path) -> None:
    (minimal_root / "submissions" / "2025" / "so-b.yaml").write_text(
        "agency: so-b\nyear: 2025\nfigures:\n  giuong-benh: {value: 30.5 source: x}\n", encoding="utf-8"
    )
    for lang, words in (("vi", "dòng này thiếu dấu phẩy"), ("en", "a comma is missing on this line")):
        args = ["--root", str(minimal_root), "validate", "--lang", lang]
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 1
        first = result.stdout.splitlines()[0]
        assert first.startswith("submissions/2025/so-b.yaml:4:")
        assert words in first and not RAW.search(first), first


def test_no_libyaml_phrase_for_any_input_of_the_yaml_test_suite() -> None:
    from kh113.read.syntax import syntax_problem

    from .conftest import SHARED

    corpus = SHARED / "corpus" / "yaml-test-suite"
    if not corpus.is_dir():
        pytest.skip(f"yaml-test-suite corpus not found at {corpus}")
    worded = 0
    for case in sorted(corpus.glob("*.yaml")):
        problem = syntax_problem(case.name, case.read_bytes().decode("utf-8", errors="replace"))
        if problem is not None:
            worded += 1
            assert not RAW.search(problem.message), problem
    assert worded > 50  # the suite's invalid inputs
