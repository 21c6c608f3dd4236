"""Validate plain YAML data into Pydantic models, turning each error into a positioned, worded problem.

Raw Pydantic messages never reach a user: each error's ``loc`` is mapped back to the YAML node it came
from (as dagster's ``pydantic_yaml`` does) and said in words a clerk can act on.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .documents import Document, Loc
from .problems import Problem

M = TypeVar("M", bound=BaseModel)

_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*%?\s*$")
_DOT_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}(\.\d{3})+\s*$")
# Pydantic appends the union member or validator name to ``loc``; those are not YAML keys.
_TYPE_STEP = re.compile(r"^(float|int|bool|str|none|date|datetime|list\[.*\]|dict\[.*\]|literal\[.*\]|"
                        r"function-.*|constrained-.*|tagged-union\[.*\]|json-or-python\[.*\]|is-instance\[.*\]|"
                        r"[A-Z]\w*)$")


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """' (did you mean `x`?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean `{match[0]}`?)" if match else ""


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
        path = _yaml_path(error["loc"])
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


def _yaml_path(loc: tuple[Any, ...]) -> Loc:
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (part == "[key]" or _TYPE_STEP.match(part)):
            continue
        out.append(part)
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
    name = f"`{path[-1]}`" if path else "the document"
    if etype == "missing":
        return "missing-key", f"{name} is required but missing", False
    if etype == "extra_forbidden":
        key = str(path[-1]) if path else ""
        allowed = _fields_at(model, path[:-1])
        return "unknown-key", f"unknown key `{key}`{suggest(key, allowed)}", True
    if "[key]" in [str(p) for p in error["loc"]]:
        raw = doc.raw_text(full)
        shown = raw if raw is not None else _show(value)
        hint = f'; write it in quotes: "{raw}"' if raw is not None and not isinstance(value, str) else ""
        return "invalid-key", f"key `{shown}` is not valid here{hint}", True
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
        return "invalid-date", f"{name} must be a date written YYYY-MM-DD; got `{_show(value)}`", False
    if etype.startswith(("float", "int", "bool", "decimal")) or (is_union and etype.startswith("string")):
        return _number_problem(doc, full, name, etype, value)
    if etype.startswith("string"):
        return "wrong-type", f"{name} must be text; got {_kind(value)} `{_show(value)}` (put text in quotes)", False
    return "invalid-value", f"{name} is not valid here ({_show(value)})", False


def _number_problem(doc: Document, full: Loc, name: str, etype: str, value: Any) -> tuple[str, str, bool]:
    raw = doc.raw_text(full)
    text = raw if raw is not None else (value if isinstance(value, str) else None)
    if isinstance(text, str):
        if _DECIMAL_COMMA.match(text):
            fixed = text.strip().rstrip("%").strip().replace(",", ".")
            return "decimal-comma", f"`{text}` uses a decimal comma; write {fixed} (a point, no quotes)", False
        if _DOT_THOUSANDS.match(text):
            fixed = text.strip().replace(".", "")
            return "ambiguous-number", f"`{text}` uses dots for thousands; write {fixed} (no dots, no quotes)", False
        if text.strip().endswith("%"):
            fixed = text.strip().rstrip("%").strip()
            return "wrong-type", f"`{text}`: write the number without the % sign, e.g. {fixed}", False
    expected = "true or false" if etype.startswith("bool") and "float" not in etype else "a number"
    if etype.startswith("int"):
        expected = "a whole number"
    return "wrong-type", f"{name} must be {expected}; got {_kind(value)} `{_show(value)}`", False


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
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
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


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
