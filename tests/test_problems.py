"""problems.py: one problem type, `path:line:col: code: message`, worded in the reader's language."""

from __future__ import annotations

import pytest

from kh113.i18n import translator
from kh113.messages import msg
from kh113.problems import Problem, Problems, Severity, printable, shown


def test_line_and_json_fields():
    p = Problem("submissions/2025/so-b.yaml", 3, 5, "unknown-agency", msg("unknown agency `{id}`", id="so-bb"))
    assert str(p) == "submissions/2025/so-b.yaml:3:5: unknown-agency: unknown agency `so-bb`"
    assert p.message == "unknown agency `so-bb`" and p.template == "unknown agency `{id}`"
    assert p.params == {"id": "so-bb"}
    assert p.as_dict() == {
        "file": "submissions/2025/so-b.yaml",
        "line": 3,
        "column": 5,
        "code": "unknown-agency",
        "severity": "error",
        "message": "unknown agency `so-bb`",
    }


def test_worded_in_vietnamese_from_its_message():
    p = Problem("plan.yaml", 1, 1, "missing", msg("missing"), Severity.WARNING)
    vi = translator("vi")
    assert p.worded(vi) == vi("missing") != "missing"
    assert p.line_text(vi) == f"plan.yaml:1:1: missing: {vi('warning')}: {vi('missing')}"  # the word too
    assert p.as_dict(vi)["message"] == vi("missing")


def test_plain_text_is_shown_as_written_in_every_language():
    p = Problem("templates/x.md.j2", 2, 1, "template-error", "unexpected '}'")
    assert p.worded(translator("vi")) == "unexpected '}'" == p.message


def test_a_problem_about_no_file_has_no_position():
    p = Problem(None, None, None, "not-in-git", msg("not yet"), Severity.WARNING)
    assert p.line_text() == "not-in-git: warning: not yet"
    assert p.as_dict()["file"] is None and p.as_dict()["line"] is None


def test_half_a_position_is_refused():
    with pytest.raises(ValueError):
        Problem("plan.yaml", None, None, "x", "y")
    with pytest.raises(ValueError):
        Problem(None, 1, 1, "x", "y")


def test_control_characters_stay_on_one_line():
    p = Problem("submissions/2025/a\nb.yaml", 1, 1, "x", msg("`{v}` is odd", v="a\x1b[31mb"))
    assert "\n" not in str(p) and "\x1b" not in str(p)
    assert p.file == "submissions/2025/a\\nb.yaml" and "\\x1b" in p.worded(translator("en"))
    assert printable("ok") == "ok" and shown("x" * 100).endswith("…") and len(shown("x" * 100)) == 60


def test_problems_sort_by_place_then_code_and_split_by_severity():
    a = Problem("b.yaml", 1, 1, "z", "z")
    b = Problem("a.yaml", 2, 1, "y", "y", Severity.WARNING)
    c = Problem("a.yaml", 1, 3, "x", "x")
    note = Problem(None, None, None, "n", "n", Severity.NOTE)
    found = Problems([a, b, c, note])
    assert found.sorted() == [note, c, b, a]
    assert found.errors == [a, c] and found.warnings == [b] and len(found) == 4
