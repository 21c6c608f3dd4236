"""YAML syntax errors in words a clerk can act on: what is wrong on which line, and what to type.

libyaml names its parser states ("did not find expected key (while parsing a block mapping at line
1)"); nobody filling in a yearly report can act on that (review finding 13). The error's marks, the
last token read and the text around them say what happened: a `{` never closed, a line indented one
space too far, a colon without a space after it, text after a closing quote. Those are said in words,
positioned where the fix goes.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..messages import Message, msg
from ..problems import Problem, shown

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the parser source.py reads files with
_BACKSLASH = msg("inside \"double quotes\" a backslash starts an escape: write \\\\ or use 'single quotes'")
_TAB = msg("a tab character: indent with spaces, not tabs")
_CLOSERS = {"{": "}", "[": "]"}
# `key: "text" more` - a quoted value with text after its closing quote.
_QUOTED_THEN_TEXT = re.compile(r"""^\s*(?:-\s+)?[^\s:'"][^:]*:\s+(["'])(?:(?!\1).)*\1\s*\S""")
_COLON_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"{}\[\],][^\s:]*):(\S.*)$")


def syntax_problem(path: str, text: str) -> Problem | None:
    """The first syntax error in ``text``, worded and positioned; None when libyaml reads the text."""
    last: Any = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            last = token
        for _event in yaml.parse(text, Loader=_Loader):
            pass
    except yaml.MarkedYAMLError as exc:
        if exc.problem_mark is None:
            return None
        line, column, message = _explain(text, exc, last)
        return Problem(path, line, column, "yaml-syntax", msg("invalid YAML: {what}", what=message))  # type: ignore[arg-type]
    except yaml.YAMLError:
        return None
    return None


Explained = tuple[int, int, Message]  # 1-based line and column where the fix goes, and what to do


def _explain(text: str, exc: yaml.MarkedYAMLError, last: Any) -> Explained:
    """1-based line and column where the fix goes, and what to do."""
    problem = exc.problem or ""
    mark, context = exc.problem_mark, exc.context_mark
    assert mark is not None  # callers pass only errors that carry a position
    lines = text.splitlines()
    here = (mark.line + 1, mark.column + 1)
    opened = (context.line + 1, context.column + 1) if context is not None else here
    return (
        _unclosed(problem, exc, lines, here, opened)
        or _misplaced(problem, exc, lines, here, opened, last)
        or _bad_character(problem, lines, mark, here)
    )


def _unclosed(
    problem: str, exc: yaml.MarkedYAMLError, lines: list[str], here: tuple[int, int], opened: tuple[int, int]
) -> Explained | None:
    """A bracket or a quote that is never closed (or a comma missing inside brackets)."""
    mark, context = exc.problem_mark, exc.context_mark
    assert mark is not None
    if "expected ',' or" in problem and context is not None:
        opener = _char(lines, context.line, context.column) or "{"
        closer = _CLOSERS.get(opener, "}")
        if mark.line == context.line:
            return (
                *here,
                msg(
                    "inside `{opener}…{closer}` entries are separated by `, `: a comma is missing on this line, or "
                    "the closing `{closer}`",
                    opener=opener,
                    closer=closer,
                ),
            )
        return (
            *opened,
            msg(
                "this `{opener}` is never closed: end the entry with `{closer}` on this line",
                opener=opener,
                closer=closer,
            ),
        )
    if "end of stream" in problem and "quoted scalar" in (exc.context or ""):
        quote = _char(lines, context.line, context.column) if context is not None else '"'
        return (
            *opened,
            msg("this quote ({quote}) is never closed: add the closing {quote} at the end of the text", quote=quote),
        )
    return None


def _misplaced(
    problem: str,
    exc: yaml.MarkedYAMLError,
    lines: list[str],
    here: tuple[int, int],
    opened: tuple[int, int],
    last: Any,
) -> Explained | None:
    """A line in the wrong place: its indentation, a missing `- ` or `: `, a list item beside its key."""
    mark = exc.problem_mark
    assert mark is not None
    if "did not find expected key" in problem:
        return (*here, _unexpected_line(lines, mark.line, mark.column, last))
    if "expected '-' indicator" in problem:
        return (
            *here,
            msg(
                "this line is inside the list that starts on line {line} but does not start with `- `: add `- ` if "
                "it is another item, or move it left to the column of the key it belongs to",
                line=opened[0],
            ),
        )
    if "mapping values are not allowed" in problem:
        return _colon_problem(lines, mark, last)
    if "could not find expected ':'" in problem:
        glued = _COLON_NO_SPACE.match(lines[opened[0] - 1]) if opened[0] <= len(lines) else None
        if glued is not None:
            return (opened[0], len(glued[1]) + len(glued[2]) + 1, _space_after_colon(glued))
        return (*opened, msg("this line is not `key: value`: write a colon and a space after the key"))
    if "block sequence entries are not allowed" in problem:
        return (
            *here,
            msg(
                "a list item (`- `) cannot be on the same line as its key: put each item on a line of its own below "
                "it, indented"
            ),
        )
    return None


def _bad_character(problem: str, lines: list[str], mark: Any, here: tuple[int, int]) -> Explained:
    """A character YAML cannot read here (a tab, a backslash, `%`, `@`, a stray bracket), or the general advice."""
    if "tab" in problem:
        return (*here, _TAB)
    if "escape" in problem or "hexdecimal" in problem:
        return (*here, _BACKSLASH)
    if "cannot start any token" in problem:
        return (*here, _token_hint(_char(lines, mark.line, mark.column)))
    if "directive" in problem or "incompatible YAML document" in problem:
        return (
            1,
            1,
            msg(
                "a line starting with `%` is a YAML directive: remove it, or put text starting with the percent "
                "sign in quotes"
            ),
        )
    char = _char(lines, mark.line, mark.column)
    if char and char in "]},":
        return (
            *here,
            msg("`{char}` does not start a value: put the text in quotes, or remove the `{char}`", char=char),
        )
    return (
        *here,
        msg("YAML cannot read on from here: check the quotes, brackets and indentation of this line and the one above"),
    )


def _unexpected_line(lines: list[str], line: int, column: int, last: Any) -> Message:
    """What "did not find expected key" means at ``line``: wrong indentation, or text after a quote."""
    text = lines[line] if line < len(lines) else ""
    indent = len(text) - len(text.lstrip(" "))
    if column > indent:
        if _after_quote(text, column) or getattr(last, "style", None) in ("'", '"'):
            return msg("text after the closing quote: put the whole value in quotes, or remove what follows the quote")
        return msg("unexpected text here: if it belongs to the value, put the whole value in quotes")
    columns = _columns_above(lines, line)
    if indent + 1 not in columns:
        return msg(
            "this line starts in column {column}, but the keys above start in column(s) {columns}: indent it with "
            "as many spaces as the keys it belongs with",
            column=indent + 1,
            columns=", ".join(map(str, columns)),
        )
    if text.lstrip().startswith("- "):
        return msg(
            "a list item (`- `) at the column of the keys: a list goes under its key, e.g. `key:` and then "
            "`  - item` on the lines below"
        )
    return msg("this line does not fit the lines above: check its indentation against the key it belongs to")


def _colon_problem(lines: list[str], mark: Any, last: Any) -> tuple[int, int, Message]:
    """A `: ` YAML cannot place: a colon without a space earlier, a deeper indent, or `: ` in a value."""
    start = getattr(last, "start_mark", None)
    if start is not None and start.line < mark.line and getattr(last, "plain", False):
        # A plain text that began on an earlier line ran on into this one.
        first = lines[start.line]
        glued = _COLON_NO_SPACE.match(first)
        if glued is not None:
            return (start.line + 1, len(glued[1]) + len(glued[2]) + 1, _space_after_colon(glued))
        key_column = len(first) - len(first.lstrip(" ")) + 1
        return (
            mark.line + 1,
            _indent(lines, mark.line) + 1,
            msg(
                "this line is indented deeper than line {line}, so YAML reads it as more of that line's value: "
                "start it in column {column}, like the key on line {line}",
                line=start.line + 1,
                column=key_column,
            ),
        )
    text = lines[mark.line] if mark.line < len(lines) else ""
    if getattr(last, "style", None) in ("'", '"') or _QUOTED_THEN_TEXT.match(text[: mark.column]):
        return (mark.line + 1, mark.column + 1, msg("text after the closing quote: put the whole value in quotes"))
    return (mark.line + 1, mark.column + 1, msg("a value that contains `: ` must be put in quotes"))


def _space_after_colon(glued: re.Match[str]) -> Message:
    return msg("write a space after the colon: `{fixed}`", fixed=shown(glued[2] + ": " + glued[3]))


def _columns_above(lines: list[str], line: int) -> list[int]:
    """1-based columns where keys or items start on the lines before ``line`` (blank lines and comments aside)."""
    columns: set[int] = set()
    for text in lines[:line]:
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(stripped)
        columns.add(indent + 1)
        item = re.match(r"(-\s+)+", stripped)
        if item is not None:
            columns.add(indent + len(item.group()) + 1)
    return sorted(columns)


def _after_quote(text: str, column: int) -> bool:
    before = text[:column].rstrip()
    return before.endswith(("'", '"'))


def _indent(lines: list[str], line: int) -> int:
    text = lines[line] if line < len(lines) else ""
    return len(text) - len(text.lstrip(" "))


def _char(lines: list[str], line: int, column: int) -> str:
    text = lines[line] if line < len(lines) else ""
    return text[column : column + 1]


def _token_hint(char: str) -> Message:
    """What to do about a character no YAML token starts with."""
    if char == "\t":
        return _TAB
    if char in ("@", "`", "%"):
        return msg("text that starts with {char} must be put in quotes", char=char)
    return msg("this character cannot start a value: put the text in quotes")
