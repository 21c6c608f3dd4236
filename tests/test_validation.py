"""Pydantic errors become positioned problems in words a clerk can act on (validation.py, issue #6)."""

from __future__ import annotations

import pytest

from kh113.i18n import translator
from kh113.models import Indicator, Submission
from kh113.read.source import parse_text
from kh113.validate.schema import suggest, validate

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
    ("percent-sign", "figures:\n  a: {value: 99.5%}\n", "wrong-type", 4, 14, "without the percent sign (%)"),
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
    assert suggest("so-bb", ["so-b", "so-y-te"]).text() == " (did you mean `so-b`?)"
    assert suggest("so-bb", ["so-b"]).text(translator("vi")) == " (có phải là `so-b`?)"
    assert suggest("zzz", ["so-b"]).text() == ""
    assert suggest("x" * 10_000, ["x"]).text() == ""  # never compares huge texts


# --------------------------------------------------------------------------------------------------
# Numbers written the Vietnamese way, advised by the indicator's unit (review findings 1, 9, 15)


def figure_problems(value: str, unit: str = "per_10000", kind: str = "numeric") -> list[tuple[str, int, int, str]]:
    """Problems of one figure `a: {value: <value>}` of an indicator with ``unit``."""
    from .builders import make_indicator

    indicator = make_indicator("a", unit=unit, kind=kind, target=True if kind == "milestone" else 40.0)
    doc = parse_text("s.yaml", HEAD + f"figures:\n  a:\n    value: {value}\n")
    assert isinstance(doc.data, dict), doc.problems
    at = lambda path: indicator if path[:2] == ("figures", "a") else None  # noqa: E731
    _, found = validate(doc, Submission, doc.data, indicator_at=at)
    return [(p.code, p.line, p.column, p.message) for p in doc.problems + found]


@pytest.mark.parametrize(
    ("value", "unit", "code", "words", "never"),
    [
        # 1.234.567 can only be thousands: never a crash (finding 1), in any unit, quoted or not.
        ("1.234.567", "people_per_year", "ambiguous-number", "write 1234567", "write 1.234"),
        ('"1.234.567"', "people_per_year", "ambiguous-number", "write 1234567", "write 1.234"),
        ("1.234.567", "per_10000", "ambiguous-number", "write 1234567", "write 1.234"),
        ("-1.234.567", None, "ambiguous-number", "write -1234567", "write 1.234"),
        ("1,234,567", "count", "ambiguous-number", "write 1234567", "write 1.234"),
        # A count has no decimals: 40,000 and "40.000" are forty thousand, and the advice says so (finding 9).
        ("40,000", "people_per_year", "ambiguous-number", "write 40000", "40.000 ("),
        ('"40.000"', "count", "ambiguous-number", "write 40000", "write 40 "),
        # A rate may mean either; a percentage cannot be 40000.
        ("40,000", "per_10000", "ambiguous-number", "if you mean 40 write 40", "write 40.000"),
        ("99,500", "percent", "decimal-comma", "write 99.5", "99500"),
        ("99,5", "percent", "decimal-comma", "write 99.5", "99.500"),
        ("1.234,5", "per_10000", "decimal-comma", "write 1234.5", "write 1.234"),
    ],
)
def test_number_advice_fits_the_unit(value: str, unit: str | None, code: str, words: str, never: str) -> None:
    found = figure_problems(value, unit or "per_10000")
    assert [(c, line, col) for c, line, col, _ in found] == [(code, 5, 12)], found
    assert words in found[0][3] and never not in found[0][3], found[0][3]


@pytest.mark.parametrize(
    ("unit", "words", "never"),
    [("people_per_year", "write 40000", "write 40.000"), ("percent", "write 40 ", "40.000")],
)
def test_comma_inside_braces_advice_fits_the_unit(unit: str, words: str, never: str) -> None:
    from .builders import make_indicator

    indicator = make_indicator("a", unit=unit)
    doc = parse_text("s.yaml", HEAD + "figures:\n  a: {value: 40,000}\n")
    _, found = validate(doc, Submission, doc.data, indicator_at=lambda path: indicator)
    messages = [p.message for p in found]
    assert any("read as two" in m and words in m for m in messages), messages
    assert not any(never in m for m in messages), messages


@pytest.mark.parametrize("value", ['"đạt"', "đạt", "[true]", '"1"'])
def test_milestone_given_other_than_true_false(value: str) -> None:
    found = figure_problems(value, unit="boolean", kind="milestone")
    assert [(c, line, col) for c, line, col, _ in found] == [("wrong-type", 5, 12)], found
    assert "write true (achieved) or false (not yet)" in found[0][3] and "must be a number" not in found[0][3]


def test_quoted_true_for_a_milestone_says_drop_the_quotes() -> None:
    found = figure_problems('"true"', unit="boolean", kind="milestone")
    assert "write true without quotes" in found[0][3]


def test_salvage_keeps_the_valid_rest() -> None:
    from kh113.validate.schema import salvage

    data = {
        "agency": "so-b",
        "year": 2025,
        "extra_field": 1,
        "submitted": "20/10/2025",
        "figures": {"a": {"value": 1.0}, "b": {"value": "x"}, "Bad Id": {"value": 2.0}},
        "difficulties": ["ok", 12],
    }
    kept = salvage(Submission, data)
    assert kept is not None
    assert set(kept.figures) == {"a"} and kept.difficulties == ["ok"] and kept.submitted is None
    assert salvage(Submission, {"year": 2025, "figures": {}}) is None  # no agency: nothing to check against
