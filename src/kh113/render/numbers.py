"""Numbers for people (Vietnamese or English conventions, via Babel) and for programs (plain).

Only the table and Markdown renderers call the localised functions, so Babel is imported there and
``--format json`` never pays for it (issue #3: keep ``kh113 status`` fast to start).
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import N_

BABEL_LOCALES = {"vi": "vi", "en": "en"}
WHOLE_UNITS = ("count", "people_per_year")  # people: shown without decimals

# How a figure reads with its unit; the Vietnamese catalogue gives "99,5 %", "40.000 người/năm".
UNIT_TEMPLATES = {
    "percent": N_("{value}%"),
    "per_10000": N_("{value} per 10,000"),
    "people_per_year": N_("{value} people/year"),
    "count": N_("{value} people"),
}


def plain(value: float) -> str:
    """A number for JSON-adjacent text (notes in JSON/CSV): no grouping, a point, at most 2 decimals."""
    rounded = round(value, 2)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    return str(int(rounded)) if rounded.is_integer() else repr(rounded)


def localised(value: float, lang: str, *, signed: bool = False, decimals: int = 2) -> str:
    """``1234.5`` as "1.234,5" (vi) or "1,234.5" (en); ``signed`` adds "+" to positive numbers."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    text = format_decimal(abs(value), format=pattern, locale=BABEL_LOCALES[lang])
    if text.strip("0.,") == "":
        return text  # rounds to zero: no sign
    if value < 0:
        return "-" + text
    return ("+" + text) if signed else text


def quantity(value: float, unit: str, lang: str, translate: Callable[[str], str]) -> str:
    """A figure with its unit, for people: "99,5 %", "26,2/vạn dân", "40.000 người/năm"."""
    number = localised(value, lang, decimals=0 if unit in WHOLE_UNITS else 2)
    template = UNIT_TEMPLATES.get(unit)
    return translate(template).format(value=number) if template else number
