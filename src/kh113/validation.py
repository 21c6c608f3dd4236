"""Validate plain YAML data into Pydantic models, turning each error into a positioned, worded problem.

Raw Pydantic messages never reach a user: each error's ``loc`` is mapped back to the YAML node it came
from (as dagster's ``pydantic_yaml`` does) and said in words a clerk can act on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, ScalarNode

from .documents import Document, Loc, shown
from .problems import Problem

M = TypeVar("M", bound=BaseModel)

_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*%?\s*$")
_DOT_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}(\.\d{3})+\s*$")
# Vietnamese number habits in text: 1.234,5 (dots for thousands, comma for decimals), 40 000 (spaces).
_VN_DECIMAL = re.compile(r"^\s*[-+]?\d{1,3}(\.\d{3})+,\d+\s*%?\s*$")
_SPACE_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*[-+]?\d+(\.\d+)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
# Pydantic appends the union member or validator name to ``loc``; those are not YAML keys.
_TYPE_STEP = re.compile(r"^(float|int|bool|str|none|date|datetime|list\[.*\]|dict\[.*\]|literal\[.*\]|"
                        r"function-.*|constrained-.*|tagged-union\[.*\]|json-or-python\[.*\]|is-instance\[.*\]|"
                        r"[A-Z]\w*)$")


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """' (did you mean `x`?)' when a close match exists, else ''."""
    if len(word) > 200:  # nothing kh113 knows is that long; spare difflib the work
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{shown(match[0])}`?)" if match else ""


def validate(doc: Document, model: type[M], data: Any, loc: Loc = ()) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at ``loc`` in ``doc``) as ``model``; problems instead of exceptions."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, explain(doc, model, exc, loc)


def explain(doc: Document, model: type[BaseModel], exc: ValidationError, loc: Loc = ()) -> list[Problem]:
    problems: dict[tuple[int, int, str], Problem] = {}
    union_seen: set[Loc] = set()
    for error in exc.errors(include_url=False):
        path = _yaml_path(doc, loc, error["loc"])
        full = loc + path
        etype = error["type"]
        value = error.get("input")
        is_union_member = len(path) < len(error["loc"])
        if is_union_member:
            # A union (e.g. number | true/false | empty) fails once per member: say it once.
            if full in union_seen:
                continue
            union_seen.add(full)
        code, message, at_key = _word(doc, model, path, full, etype, error, value, is_union_member)
        problem = doc.problem(full, code, message, key=at_key)
        problems.setdefault((problem.line, problem.column, problem.message), problem)
    return list(problems.values())


def _yaml_path(doc: Document, base: Loc, loc: tuple[Any, ...]) -> Loc:
    """Pydantic's ``loc`` without the steps it adds (union members, ``[key]``), checked against the file:
    a part that is a key in the YAML stays even if it looks like a type name (``Agency``, ``date``)."""
    node, steps = doc.node_at(base)
    current: Any = node if steps == len(base) else None
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if part == "[key]":
            continue
        child = doc.child(current, part) if current is not None else None
        names_a_key = i + 1 < len(loc) and loc[i + 1] == "[key]"
        if child is None and not names_a_key and isinstance(part, str) and _TYPE_STEP.match(part):
            continue
        out.append(part)
        current = child
    return tuple(out)


def _word(
    doc: Document,
    model: type[BaseModel],
    path: Loc,
    full: Loc,
    etype: str,
    error: Any,
    value: Any,
    is_union: bool,
) -> tuple[str, str, bool]:
    """Code, message and whether to point at the key (not the value)."""
    name = _name(path)
    if etype == "missing":
        return "missing-key", f"{name} is required but missing", False
    if etype == "extra_forbidden":
        key = str(path[-1]) if path else ""
        allowed = _fields_at(model, path[:-1])
        return "unknown-key", f"unknown key `{shown(key)}`{suggest(key, allowed)}{_flow_comma(doc, full)}", True
    if etype == "invalid_key" or "[key]" in error["loc"]:
        if isinstance(value, str):
            # A text key that breaks a rule (an id pattern): the same words as for a value, at the key.
            as_value = {**error, "loc": tuple(p for p in error["loc"] if p != "[key]")}
            code, message, _ = _word(doc, model, path, full, etype, as_value, value, is_union)
            return code, message, True
        return _key_problem(doc, full, value)
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return "wrong-type", f"{name} must be a mapping of `key: value` lines, not {_kind(value)}", False
    if etype in ("list_type", "tuple_type"):
        return "wrong-type", f"{name} must be a list (lines starting with `- `), not {_kind(value)}", False
    if etype == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if "[1-9]" in pattern:
            return "invalid-id", f"`{_show(value)}` is not an annex row number like \"6.10\"", False
        return "invalid-id", f"`{_show(value)}` is not a valid id (lower-case letters, digits and hyphens)", False
    if etype == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        return (
            "invalid-choice",
            f"{name} must be one of {', '.join(choices)}; got `{_show(value)}`{suggest(str(value), choices)}",
            False,
        )
    if etype == "value_error":
        message = str(error.get("ctx", {}).get("error", error.get("msg", "")))
        return "invalid-value", message, False
    if etype == "string_too_short":
        return "invalid-length", f"{name} is empty; write the text or delete the line", False
    if etype == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return "invalid-length", f"{name} is {len(value)} characters long; at most {limit} are allowed", False
    if etype in ("too_short", "too_long"):
        ctx = error.get("ctx", {})
        limit = ctx.get("min_length") if etype == "too_short" else ctx.get("max_length")
        words = "at least" if etype == "too_short" else "at most"
        unit = "item(s)" if isinstance(value, (list, dict)) else "character(s)"
        return "invalid-length", f"{name} needs {words} {limit} {unit}", False
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = error.get("ctx", {})
        bound = next(iter(ctx.values()), "")
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[etype]
        return "out-of-range", f"{name} must be {sign} {bound}; got {_show(value)}", False
    if etype.startswith(("date", "datetime")):
        if isinstance(value, str) and re.match(r"^\s*\d{4}-\d{2}-\d{2}\s*$", value):
            return "invalid-date", f"{name}: write the date without quotes: {value.strip()}", False
        day_first = _DMY.match(value) if isinstance(value, str) else None
        if day_first:
            day, month, year = (int(g) for g in day_first.groups())
            return "invalid-date", f"{name}: write the date as YYYY-MM-DD: {year:04d}-{month:02d}-{day:02d}", False
        return "invalid-date", f"{name} must be a date written YYYY-MM-DD; got {_kind(value)} `{_show(value)}`", False
    if etype.startswith(("float", "int", "bool", "decimal")) or (is_union and etype.startswith("string")):
        return _number_problem(doc, full, name, etype, value)
    if etype.startswith("string"):
        written = _written(doc, full, value)
        return "wrong-type", f"{name} must be text; got {_kind(value)} `{written}` (put text in quotes)", False
    return "invalid-value", f"{name} is not valid here ({_show(value)})", False


def _key_problem(doc: Document, full: Loc, value: Any) -> tuple[str, str, bool]:
    """A key YAML did not read as text: a number (6.10 → 6.1), true/false (on, no), empty (~, null)."""
    raw = _key_text(doc, full)
    if not raw and value is None:
        return "invalid-key", "a key is empty; write a name before the colon", True
    display = shown(raw) if raw is not None else _show(value)
    hint = _flow_comma(doc, full) or (f'; write it in quotes: "{display}"' if raw else "")
    return "invalid-key", f"key `{display}` is not valid here{hint}", True


def _name(path: Loc) -> str:
    """How a message names the place: `year`, item 2 of `difficulties`, the document."""
    if not path:
        return "the document"
    if isinstance(path[-1], int) and len(path) > 1:
        return f"item {path[-1] + 1} of `{shown(path[-2])}`"
    return f"`{shown(path[-1])}`"


def _number_problem(doc: Document, full: Loc, name: str, etype: str, value: Any) -> tuple[str, str, bool]:
    raw = doc.raw_text(full)
    text = raw if raw is not None else (value if isinstance(value, str) else None)
    if isinstance(text, str) and isinstance(value, str):
        if _VN_DECIMAL.match(text):
            fixed = text.strip().rstrip("%").strip().replace(".", "").replace(",", ".")
            message = f"`{text}` uses Vietnamese separators; write {fixed} (no thousands dots, a decimal point)"
            return "decimal-comma", message, False
        if _SPACE_THOUSANDS.match(text):
            fixed = re.sub(r"[ \u00a0\u202f]", "", text.strip()).replace(",", ".")
            return "ambiguous-number", f"`{shown(text)}` has spaces between the digits; write {fixed}", False
        if _DECIMAL_COMMA.match(text):
            fixed = text.strip().rstrip("%").strip().replace(",", ".")
            return "decimal-comma", f"`{text}` uses a decimal comma; write {fixed} (a point, no quotes)", False
        if _DOT_THOUSANDS.match(text):
            fixed = text.strip().replace(".", "")
            return (
                "ambiguous-number",
                f"`{text.strip()}`: if you mean {fixed} write {fixed}, if you mean {float(text.strip()):g} write "
                f"{float(text.strip()):g} (no dots for thousands, no quotes)",
                False,
            )
        if _PLAIN_NUMBER.match(text):
            number = text.strip()
            return "wrong-type", f"`{number}` is in quotes, so it is text; write {number} without quotes", False
        if text.strip().endswith("%"):
            fixed = text.strip().rstrip("%").strip()
            return "wrong-type", f"`{shown(text)}`: write the number without the % sign, e.g. {shown(fixed)}", False
    expected = "true or false" if etype.startswith("bool") and "float" not in etype else "a number"
    if etype.startswith("int"):
        expected = "a whole number"
    return "wrong-type", f"{name} must be {expected}; got {_kind(value)} `{_written(doc, full, value)}`", False


def _written(doc: Document, full: Loc, value: Any) -> str:
    """The value as the user wrote it (``yes``, not ``True``) when it is a scalar, else a short form."""
    raw = doc.raw_text(full) if not isinstance(value, (dict, list)) else None
    return shown(raw) if raw is not None else _show(value)


def _flow_comma(doc: Document, full: Loc) -> str:
    """A hint when a decimal comma inside ``{…}`` split a number in two (``{value: 99,5}``)."""
    node, steps = doc.node_at(full, key=True)
    parent, _ = doc.node_at(full[:-1])
    if steps != len(full) or not isinstance(parent, MappingNode) or not parent.flow_style:
        return ""
    if not isinstance(node, ScalarNode):
        return ""
    pairs = parent.value
    at = next((i for i, (k, _) in enumerate(pairs) if k is node), 0)
    before = pairs[at - 1][1] if at > 0 else None
    if not re.fullmatch(r"\d+\s*%?", node.value) or not isinstance(before, ScalarNode):
        return ""
    if not re.fullmatch(r"[-+]?[\d.]+", before.value):
        return ""
    written = f"{before.value},{node.value}"
    fixed = f"{before.value.replace('.', '')}.{node.value.rstrip('%').strip()}"
    return f"; inside {{…}} a comma separates entries, so `{written}` was read as two: write {fixed}"


def _key_text(doc: Document, full: Loc) -> str | None:
    node, steps = doc.node_at(full, key=True)
    if steps == len(full) and full and node is not None and hasattr(node, "value") and isinstance(node.value, str):
        return str(node.value)
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    return shown(value)


def _fields_at(model: type[BaseModel], path: Loc) -> list[str]:
    """The field names allowed at ``path`` below ``model`` (for "did you mean")."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap_model(current)
    return list(current.model_fields) if current is not None else []


def _step(annotation: Any, part: str | int) -> Any:
    model = _unwrap_model(annotation)
    if model is not None and isinstance(part, str) and part in model.model_fields:
        return model.model_fields[part].annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _step(arg, part)
            if found is not None:
                return found
    if origin is typing.Annotated and args:
        return _step(args[0], part)
    return None


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None
