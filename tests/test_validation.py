"""Pydantic errors become positioned problems in words a clerk can act on (validation.py, issue #6)."""

from __future__ import annotations

import pytest

from kh113.documents import parse_text
from kh113.models import Indicator, Submission
from kh113.validation import suggest, validate

HEAD = "agency: so-b\nyear: 2025\n"


def submission_problems(body: str) -> list[tuple[str, int, int, str]]:
    doc = parse_text("s.yaml", HEAD + body)
    assert isinstance(doc.data, dict), doc.problems
    _, found = validate(doc, Submission, doc.data)
    return [(p.code, p.line, p.column, p.message) for p in doc.problems + found]


# (id, body after `agency`/`year`, code, line, column, the words the message must contain)
CASES = [
    ("decimal-comma", "figures:\n  a:\n    value: 99,5\n", "decimal-comma", 5, 12, "write 99.5"),
    ("decimal-comma-quoted", 'figures:\n  a:\n    value: "99,5"\n', "decimal-comma", 5, 12, "write 99.5"),
    ("decimal-comma-percent", "figures:\n  a:\n    value: 99,5%\n", "decimal-comma", 5, 12, "write 99.5"),
    ("vietnamese-format", "figures:\n  a:\n    value: 1.234,5\n", "decimal-comma", 5, 12, "write 1234.5"),
    ("comma-in-flow", "figures:\n  a: {value: 99,5}\n", "invalid-key", 4, 17, "was read as two: write 99.5"),
    ("quoted-thousands", 'figures:\n  a: {value: "40.000"}\n', "ambiguous-number", 4, 14, "write 40000"),
    ("space-thousands", "figures:\n  a: {value: 40 000}\n", "ambiguous-number", 4, 14, "write 40000"),
    ("percent-sign", "figures:\n  a: {value: 99.5%}\n", "wrong-type", 4, 14, "without the % sign"),
    ("quoted-number", 'figures:\n  a: {value: "30.5"}\n', "wrong-type", 4, 14, "write 30.5 without quotes"),
    (
        "text-for-number",
        "figures:\n  a: {value: ba mươi}\n",
        "wrong-type",
        4,
        14,
        "must be a number; got text `ba mươi`",
    ),
    ("list-for-number", "figures:\n  a: {value: [1, 2]}\n", "wrong-type", 4, 14, "got a list"),
    ("date-for-text", "difficulties: [2025-10-20]\n", "wrong-type", 3, 16, "got a date `2025-10-20`"),
    ("number-for-text", "difficulties: [12]\n", "wrong-type", 3, 16, "item 1 of `difficulties` must be text"),
    ("yes-for-text", "difficulties:\n  - yes\n", "wrong-type", 4, 5, "got true/false `yes`"),
    ("empty-text", "difficulties: ['']\n", "invalid-length", 3, 16, "is empty"),
    ("day-first-date", "submitted: 20/10/2025\n", "invalid-date", 3, 12, "2025-10-20"),
    ("quoted-date", "submitted: '2025-10-20'\n", "invalid-date", 3, 12, "without quotes"),
    ("date-time", "submitted: 2025-10-20 10:00:00\n", "invalid-date", 3, 12, "got a date and time"),
    ("unknown-key", "figure: {}\n", "unknown-key", 3, 1, "did you mean `figures`?"),
    ("bad-indicator-id", "figures:\n  Giường bệnh: {value: 1}\n", "invalid-id", 4, 3, "not a valid id"),
    (
        "unquoted-task-number",
        "tasks:\n  6.10: {status: in_progress}\n",
        "invalid-key",
        4,
        3,
        'write it in quotes: "6.10"',
    ),
    ("number-key", "figures:\n  7: {value: 1}\n", "invalid-key", 4, 3, 'in quotes: "7"'),
    ("empty-key", "figures: {? : {value: 1}}\n", "invalid-key", 3, 13, "a key is empty"),
    ("boolean-key", "tasks:\n  no: {status: x}\n", "invalid-key", 4, 3, "`no`"),
    ("bad-choice", "tasks:\n  '6.4': {status: done}\n", "invalid-choice", 4, 19, "must be one of"),
    ("mapping-for-list", "difficulties: {a: 1}\n", "wrong-type", 3, 15, "must be a list"),
    ("null-for-mapping", "figures:\n", "wrong-type", 3, 9, "not nothing (empty)"),
]


def _case(name: str, body: str, code: str, line: int, column: int, words: str):  # type: ignore[no-untyped-def]
    return pytest.param(body, code, line, column, words, id=name)


@pytest.mark.parametrize(("body", "code", "line", "column", "words"), [_case(*c) for c in CASES])
def test_submission_problem_is_worded_and_positioned(body: str, code: str, line: int, column: int, words: str) -> None:
    found = submission_problems(body)
    matching = [f for f in found if f[0] == code]
    assert matching, found
    assert (line, column) in [f[1:3] for f in matching], found
    assert any(words in f[3] for f in matching), found


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"),
    [
        ("agency: so-b\nyear: '2025'\n", "wrong-type", 2, 7, "write 2025 without quotes"),
        ("agency: so-b\nyear: 2025.0\n", "wrong-type", 2, 7, "must be a whole number"),
        ("agency: so-b\nyear: 1999\n", "out-of-range", 2, 7, "≥ 2000"),
        ("agency: Sở Y tế\nyear: 2025\n", "invalid-id", 1, 9, "not a valid id"),
        ("agency: so-b\n", "missing-key", 1, 1, "`year` is required"),
    ],
    ids=["quoted-year", "float-year", "year-range", "name-for-id", "missing-year"],
)
def test_top_level_values(text: str, code: str, line: int, column: int, words: str) -> None:
    doc = parse_text("s.yaml", text)
    _, found = validate(doc, Submission, doc.data)
    assert [(p.code, p.line, p.column) for p in found] == [(code, line, column)]
    assert words in found[0].message


def test_every_message_is_one_short_line() -> None:
    body = "difficulties:\n  - " + "x" * 30_000 + "\n" + '"bad\\nkey\\u001b[31m": 1\n'
    found = submission_problems(body)
    assert {f[0] for f in found} == {"invalid-length", "unknown-key"}
    for _, _, _, message in found:
        assert "\n" not in message and "\x1b" not in message and len(message) < 200


def test_indicator_wrong_shape_in_nested_model() -> None:
    text = (
        "id: a\nname: A\nname_en: A\nunit: percent\nkind: numeric\n"
        "target: {value: 99,5, comparator: '>=', year: 2030, text: t}\n"
        "responsible: [so-b]\nresponsible_basis: annex\nsection: II.2.1\norder: 1\n"
    )
    doc = parse_text("i.yaml", text)
    _, found = validate(doc, Indicator, doc.data)
    assert [(p.code, p.line) for p in found] == [("invalid-key", 6)]
    assert "write 99.5" in found[0].message


def test_suggest() -> None:
    assert suggest("so-bb", ["so-b", "so-y-te"]) == " (did you mean `so-b`?)"
    assert suggest("zzz", ["so-b"]) == ""
    assert suggest("x" * 10_000, ["x"]) == ""  # never compares huge texts
