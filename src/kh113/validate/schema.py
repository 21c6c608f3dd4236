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

from ..messages import Message, msg, verbatim
from ..models import Indicator
from ..problems import Problem
from ..read.source import Document, Loc, shown

M = TypeVar("M", bound=BaseModel)
# Which indicator a value at a location (inside the validated data) is a figure of, if any: number advice
# depends on the unit (a count has no decimals) and a milestone wants true/false (review findings 1, 9, 15).
IndicatorAt = typing.Callable[[Loc], Indicator | None]

COUNT_UNITS = ("count", "people_per_year")

_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*%?\s*$")
_DOT_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}(\.\d{3})+\s*$")
_COMMA_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}(,\d{3})+\s*%?\s*$")
# Vietnamese number habits in text: 1.234,5 (dots for thousands, comma for decimals), 40 000 (spaces).
_VN_DECIMAL = re.compile(r"^\s*[-+]?\d{1,3}(\.\d{3})+,\d+\s*%?\s*$")
_SPACE_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*[-+]?\d+(\.\d+)?\s*$")
_LEADING_ZERO = re.compile(r"^\s*[-+]?0\d+\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
# Pydantic appends the union member or validator name to ``loc``; those are not YAML keys.
_TYPE_STEP = re.compile(
    r"^(float|int|bool|str|none|date|datetime|list\[.*\]|dict\[.*\]|literal\[.*\]|"
    r"function-.*|constrained-.*|tagged-union\[.*\]|json-or-python\[.*\]|is-instance\[.*\]|"
    r"[A-Z]\w*)$"
)


_NO_HINT = verbatim("")


def suggest(word: str, choices: typing.Iterable[str]) -> Message:
    """' (did you mean `x`?)' when a close match exists, else nothing: a clause to append to a message."""
    if len(word) > 200:  # nothing kh113 knows is that long; spare difflib the work
        return _NO_HINT
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg(" (did you mean `{match}`?)", match=shown(match[0])) if match else _NO_HINT


def validate(
    doc: Document, model: type[M], data: Any, loc: Loc = (), *, indicator_at: IndicatorAt | None = None
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at ``loc`` in ``doc``) as ``model``; problems instead of exceptions."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, explain(doc, model, exc, loc, indicator_at=indicator_at)


def salvage(model: type[M], data: Any, attempts: int = 3) -> M | None:
    """``data`` as ``model`` with the entries that fail validation left out, or None when what is left fails.

    An entry is a top-level key, or one item of a top-level list or mapping (one figure, one task): the
    valid rest of a file can then still be cross-checked (review finding 4). Never used for figures.
    """
    current = data
    for _ in range(attempts):
        try:
            return model.model_validate(current)
        except ValidationError as exc:
            pruned = current
            for error in exc.errors(include_url=False):
                pruned = _without(pruned, error["loc"])
            if pruned is current:
                return None  # nothing left to take out (a required key is missing or wrong)
            current = pruned
    return None


def _without(data: Any, loc: tuple[Any, ...]) -> Any:
    """A copy of ``data`` without the entry ``loc`` points into (top-level key, or an item one level down)."""
    if not isinstance(data, dict) or not loc:
        return data
    key = _data_key(data, loc[0])
    if key is None:
        return data
    value = data[key]
    if len(loc) == 1 or not isinstance(value, (dict, list)):
        return {k: v for k, v in data.items() if k != key or type(k) is not type(key)}
    inner = _data_key(value, loc[1])
    if inner is None:
        return data  # already left out (a union fails once per member)
    if isinstance(value, dict):
        kept: Any = {k: v for k, v in value.items() if k != inner or type(k) is not type(inner)}
    else:
        kept = [v for i, v in enumerate(value) if i != inner]
    return {**data, key: kept}


def _data_key(container: Any, step: Any) -> Any:
    """The key (or index) of ``container`` that Pydantic's ``loc`` step names, else None."""
    if isinstance(container, list):
        return step if isinstance(step, int) and 0 <= step < len(container) else None
    if isinstance(container, dict):
        for key in container:
            if key == step and type(key) is type(step) or str(key) == str(step):
                return key
    return None


def explain(
    doc: Document,
    model: type[BaseModel],
    exc: ValidationError,
    loc: Loc = (),
    *,
    indicator_at: IndicatorAt | None = None,
) -> list[Problem]:
    problems: dict[tuple[int | None, int | None, str], Problem] = {}
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
        indicator = indicator_at(path) if indicator_at is not None else None
        code, message, at_key = _word(doc, model, path, full, etype, error, value, is_union_member, indicator)
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
    indicator: Indicator | None = None,
) -> tuple[str, Message, bool]:
    """Code, message and whether to point at the key (not the value)."""
    name = _name(path)
    if etype == "missing":
        return "missing-key", msg("{name} is required but missing", name=name), False
    if etype == "extra_forbidden":
        key = str(path[-1]) if path else ""
        allowed = _fields_at(model, path[:-1])
        hint = _flow_comma(doc, full, indicator)
        said = msg("unknown key `{key}`{hint}{fix}", key=shown(key), hint=suggest(key, allowed), fix=hint)
        return "unknown-key", said, True
    if etype == "invalid_key" or "[key]" in error["loc"]:
        if isinstance(value, str):
            # A text key that breaks a rule (an id pattern): the same words as for a value, at the key.
            as_value = {**error, "loc": tuple(p for p in error["loc"] if p != "[key]")}
            code, message, _ = _word(doc, model, path, full, etype, as_value, value, is_union, indicator)
            return code, message, True
        return _key_problem(doc, full, value, indicator)
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        said = msg("{name} must be a mapping of `key: value` lines, not {kind}", name=name, kind=_kind(value))
        return "wrong-type", said, False
    if etype in ("list_type", "tuple_type"):
        said = msg("{name} must be a list (lines starting with `- `), not {kind}", name=name, kind=_kind(value))
        return "wrong-type", said, False
    if etype == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if "[1-9]" in pattern:
            return "invalid-id", msg('`{value}` is not an annex row number like "6.10"', value=_show(value)), False
        if "Đ" in pattern:  # a document code (plan/report.yaml, issue #12)
            said = msg('`{value}` is not a document code like "BC-SNV" (capitals, digits, hyphens)', value=_show(value))
            return "invalid-value", said, False
        said = msg("`{value}` is not a valid id (lower-case letters, digits and hyphens)", value=_show(value))
        return "invalid-id", said, False
    if etype == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        said = msg(
            "{name} must be one of {choices}; got `{value}`{hint}",
            name=name,
            choices=", ".join(choices),
            value=_show(value),
            hint=suggest(str(value), choices),
        )
        return "invalid-choice", said, False
    if etype == "value_error":
        return "invalid-value", _validator_message(error), False
    return _word_bounds(doc, full, name, etype, error, value, is_union, indicator)


def _validator_message(error: Any) -> Message:
    """A model validator's reason: models.py raises ``ValueError(msg(...))`` so that it can be worded."""
    reason = error.get("ctx", {}).get("error")
    said = reason.args[0] if isinstance(reason, ValueError) and reason.args else None
    if isinstance(said, Message):
        return said
    return verbatim(str(reason if reason is not None else error.get("msg", "")))


def _word_bounds(
    doc: Document,
    full: Loc,
    name: Message,
    etype: str,
    error: Any,
    value: Any,
    is_union: bool,
    indicator: Indicator | None,
) -> tuple[str, Message, bool]:
    """Lengths, bounds, dates, numbers and text (the rest of :func:`_word`)."""
    ctx = error.get("ctx", {})
    if etype == "string_too_short":
        return "invalid-length", msg("{name} is empty; write the text or delete the line", name=name), False
    if etype == "string_too_long":
        said = msg(
            "{name} is {length} characters long; at most {limit} are allowed",
            name=name,
            length=len(value),
            limit=ctx.get("max_length"),
        )
        return "invalid-length", said, False
    if etype == "too_short":
        return (
            "invalid-length",
            msg("{name} needs at least {limit} item(s)", name=name, limit=ctx.get("min_length")),
            False,
        )
    if etype == "too_long":
        return (
            "invalid-length",
            msg("{name} needs at most {limit} item(s)", name=name, limit=ctx.get("max_length")),
            False,
        )
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[etype]
        said = msg(
            "{name} must be {sign} {bound}; got {value}", name=name, sign=sign, bound=str(bound), value=_show(value)
        )
        return "out-of-range", said, False
    if etype.startswith(("date", "datetime")):
        return "invalid-date", _date_problem(name, value), False
    if etype.startswith(("float", "int", "bool", "decimal")) or (is_union and etype.startswith("string")):
        return _number_problem(doc, full, name, etype, value, indicator)
    if etype.startswith("string"):
        said = msg(
            "{name} must be text; got {kind} `{written}` (put text in quotes)",
            name=name,
            kind=_kind(value),
            written=_written(doc, full, value),
        )
        return "wrong-type", said, False
    return "invalid-value", msg("{name} is not valid here ({value})", name=name, value=_show(value)), False


def _date_problem(name: Message, value: Any) -> Message:
    if isinstance(value, str) and re.match(r"^\s*\d{4}-\d{2}-\d{2}\s*$", value):
        return msg("{name}: write the date without quotes: {fixed}", name=name, fixed=value.strip())
    day_first = _DMY.match(value) if isinstance(value, str) else None
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
        return msg(
            "{name}: write the date as YYYY-MM-DD: {fixed}", name=name, fixed=f"{year:04d}-{month:02d}-{day:02d}"
        )
    return msg(
        "{name} must be a date written YYYY-MM-DD; got {kind} `{value}`",
        name=name,
        kind=_kind(value),
        value=_show(value),
    )


def _key_problem(doc: Document, full: Loc, value: Any, indicator: Indicator | None) -> tuple[str, Message, bool]:
    """A key YAML did not read as text: a number (6.10 → 6.1), true/false (on, no), empty (~, null)."""
    raw = _key_text(doc, full)
    if not raw and value is None:
        return "invalid-key", msg("a key is empty; write a name before the colon"), True
    display = shown(raw) if raw is not None else _show(value)
    hint = _flow_comma(doc, full, indicator)
    if hint is _NO_HINT and raw:
        hint = msg('; write it in quotes: "{key}"', key=display)
    return "invalid-key", msg("key `{key}` is not valid here{hint}", key=display, hint=hint), True


def _name(path: Loc) -> Message:
    """How a message names the place: `year`, item 2 of `difficulties`, the document."""
    if not path:
        return msg("the document")
    if isinstance(path[-1], int) and len(path) > 1:
        return msg("item {number} of `{key}`", number=path[-1] + 1, key=shown(path[-2]))
    return verbatim(f"`{shown(path[-1])}`")


def _number_problem(
    doc: Document, full: Loc, name: Message, etype: str, value: Any, indicator: Indicator | None
) -> tuple[str, Message, bool]:
    raw = doc.raw_text(full)
    text = raw if raw is not None else (value if isinstance(value, str) else None)
    # A milestone's `value` wants true/false; its breakdowns (disaggregation) are numbers all the same.
    milestone = indicator is not None and indicator.kind == "milestone" and bool(full) and full[-1] == "value"
    if isinstance(text, str) and isinstance(value, str):
        if milestone and text.strip() in ("true", "false"):
            words = text.strip()
            return (
                "wrong-type",
                msg("`{written}` is in quotes, so it is text; write {written} without quotes", written=words),
                False,
            )
        if not milestone:
            advice = number_advice(text, indicator.unit if indicator is not None else None)
            if advice is not None:
                return advice.code, advice.message(shown(text.strip())), False
    if milestone:
        assert indicator is not None
        written = _written(doc, full, value)
        said = msg(
            "`{id}` is a milestone: write true (achieved) or false (not yet); got {kind} `{written}`",
            id=indicator.id,
            kind=_kind(value),
            written=written,
        )
        return "wrong-type", said, False
    if etype.startswith("int"):
        expected = msg("a whole number")
    elif etype.startswith("bool") and "float" not in etype:
        expected = msg("true or false")
    else:
        expected = msg("a number")
    said = msg(
        "{name} must be {expected}; got {kind} `{written}`",
        name=name,
        expected=expected,
        kind=_kind(value),
        written=_written(doc, full, value),
    )
    return "wrong-type", said, False


class Advice(typing.NamedTuple):
    """What is wrong with a number written as text, and what to write instead (both worded per language)."""

    code: str
    reason: Message | None  # "uses a decimal comma"; None when the fix says it all
    fix: Message  # "write 99.5 (a point, no quotes)"

    def message(self, written: str) -> Message:
        if self.reason is not None:
            return msg("`{written}` {reason}; {fix}", written=written, reason=self.reason, fix=self.fix)
        return msg("`{written}`: {fix}", written=written, fix=self.fix)


def number_advice(text: str, unit: str | None = None) -> Advice | None:
    """What to write instead of a number written as text the Vietnamese way (``40.000``, ``99,5``, ``1.234,5``).

    ``unit`` (the indicator's, when known) settles what the other reading cannot be: a count has no
    decimals, a percentage is at most 100. Never advises a form that would itself be refused.
    """
    bare = text.strip().rstrip("%").strip()
    if _VN_DECIMAL.match(text):
        fixed = bare.replace(".", "").replace(",", ".")
        fix = msg("write {fixed} (no thousands dots, a decimal point)", fixed=fixed)
        return Advice("decimal-comma", msg("uses Vietnamese separators"), fix)
    if _SPACE_THOUSANDS.match(text):
        fixed = re.sub(r"[ \u00a0\u202f]", "", bare).replace(",", ".")
        return Advice("ambiguous-number", msg("has spaces between the digits"), msg("write {fixed}", fixed=fixed))
    for pattern, separator in ((_COMMA_THOUSANDS, ","), (_DOT_THOUSANDS, ".")):
        if pattern.match(text):
            return _grouped(bare, separator, unit)
    if _DECIMAL_COMMA.match(text):
        fix = msg("write {fixed} (a point, no quotes)", fixed=bare.replace(",", "."))
        return Advice("decimal-comma", msg("uses a decimal comma"), fix)
    if _LEADING_ZERO.match(text):
        # `08`, `09`: no YAML reads them as numbers (not octal, not decimal), quoted or not (issue #11 item 4).
        reason = msg("has a leading zero, so it is read as text")
        return Advice("ambiguous-number", reason, msg("write {fixed}", fixed=str(int(bare))))
    if _PLAIN_NUMBER.match(text):
        return Advice("wrong-type", msg("is in quotes, so it is text"), msg("write {fixed} without quotes", fixed=bare))
    if text.strip().endswith("%") and _PLAIN_NUMBER.match(bare):
        return Advice(
            "wrong-type", None, msg("write the number without the percent sign (%), e.g. {fixed}", fixed=bare)
        )
    return None


def _grouped(bare: str, separator: str, unit: str | None) -> Advice:
    """``40.000``, ``40,000``, ``1.234.567``: thousands, or (one group only) a decimal fraction?"""
    whole = bare.replace(separator, "")
    if bare.count(separator) > 1 or unit in COUNT_UNITS:
        # 1.234.567 cannot be a decimal; a count has no decimals: only the thousands reading is left.
        if separator == ".":
            return Advice(
                "ambiguous-number", None, msg("write {fixed} (no dots for thousands, no quotes)", fixed=whole)
            )
        return Advice("ambiguous-number", None, msg("write {fixed} (no commas for thousands, no quotes)", fixed=whole))
    decimal = f"{float(bare.replace(separator, '.')):g}"
    if unit == "percent" and float(whole) > 100:
        # 99,500 % cannot be 99500: the only reading is a decimal.
        fix = msg("write {fixed} (a decimal point, no thousands separator, no quotes)", fixed=decimal)
        return Advice("decimal-comma", None, fix)
    fix = msg(
        "if you mean {whole} write {whole}, if you mean {decimal} write {decimal} "
        "(a decimal point, no separator for thousands, no quotes)",
        whole=whole,
        decimal=decimal,
    )
    return Advice("ambiguous-number", None, fix)


def _written(doc: Document, full: Loc, value: Any) -> str:
    """The value as the user wrote it (``yes``, not ``True``) when it is a scalar, else a short form."""
    raw = doc.raw_text(full) if not isinstance(value, (dict, list)) else None
    return shown(raw) if raw is not None else _show(value)


def _flow_comma(doc: Document, full: Loc, indicator: Indicator | None = None) -> Message:
    """A hint when a comma inside ``{…}`` split a number in two (``{value: 99,5}``, ``{value: 40,000}``)."""
    node, steps = doc.node_at(full, key=True)
    parent, _ = doc.node_at(full[:-1])
    if steps != len(full) or not isinstance(parent, MappingNode) or not parent.flow_style:
        return _NO_HINT
    if not isinstance(node, ScalarNode):
        return _NO_HINT
    pairs = parent.value
    at = next((i for i, (k, _) in enumerate(pairs) if k is node), 0)
    before = pairs[at - 1][1] if at > 0 else None
    if not re.fullmatch(r"\d+\s*%?", node.value) or not isinstance(before, ScalarNode):
        return _NO_HINT
    if not re.fullmatch(r"[-+]?[\d.]+", before.value):
        return _NO_HINT
    written = f"{before.value},{node.value}"
    advice = number_advice(written, indicator.unit if indicator is not None else None)
    joined = f"{before.value.replace('.', '')}.{node.value.rstrip('%').strip()}"
    fix = advice.fix if advice is not None else msg("write {fixed}", fixed=joined)
    return msg(
        "; inside {{…}} a comma separates entries, so `{written}` was read as two: {fix}", written=written, fix=fix
    )


def _key_text(doc: Document, full: Loc) -> str | None:
    node, steps = doc.node_at(full, key=True)
    if steps == len(full) and full and node is not None and hasattr(node, "value") and isinstance(node.value, str):
        return str(node.value)
    return None


def _kind(value: Any) -> Message:
    if value is None:
        return msg("nothing (empty)")
    if isinstance(value, bool):
        return msg("true/false")
    if isinstance(value, (int, float)):
        return msg("a number")
    if isinstance(value, str):
        return msg("text")
    if isinstance(value, dt.datetime):
        return msg("a date and time")
    if isinstance(value, dt.date):
        return msg("a date")
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a mapping")
    return verbatim(type(value).__name__)


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
