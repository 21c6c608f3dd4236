"""Numbers for people (Vietnamese or English conventions, as Babel writes them) and for programs (plain).

kh113 writes numbers with one pattern only, "#,##0" with optional decimals, in vi and en: the two marks of
each language are below, so the table of ``kh113 status`` does not import Babel and unpickle its CLDR locale
data (about 20 ms of a 0.25 s start, issue #17 item 2). A test checks the result against Babel's
``format_decimal``; numbers outside the range where that is exact still go to Babel.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal

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


# CLDR's decimal and grouping marks of the languages kh113 speaks (Babel: Locale(lang).number_symbols).
MARKS = {"vi": (",", "."), "en": (".", ",")}
EXACT_BELOW = 1e15  # a float's repr has every digit Decimal needs, and quantize stays within its precision


def localised(value: float, lang: str, *, signed: bool = False, decimals: int = 2) -> str:
    """``1234.5`` as "1.234,5" (vi) or "1,234.5" (en); ``signed`` adds "+" to positive numbers."""
    text = _grouped(abs(value), lang, decimals)
    if text.strip("0.,") == "":
        return text  # rounds to zero: no sign
    if value < 0:
        return "-" + text
    return ("+" + text) if signed else text


def _grouped(number: float, lang: str, decimals: int) -> str:
    """``number`` (not negative) as Babel's ``format_decimal(number, "#,##0.##…", locale=lang)`` writes it:
    Babel reads a float by its ``str``, rounds half to even and drops trailing zeros of the decimals."""
    if not math.isfinite(number) or number >= EXACT_BELOW or lang not in MARKS:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        return format_decimal(number, format=pattern, locale=BABEL_LOCALES[lang])
    rounded = Decimal(str(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    whole, _, fraction = f"{rounded:f}".partition(".")
    point, group = MARKS[lang]
    fraction = fraction.rstrip("0")
    return f"{int(whole):,}".replace(",", group) + (point + fraction if fraction else "")


def quantity(value: float, unit: str, lang: str, translate: Callable[[str], str]) -> str:
    """A figure with its unit, for people: "99,5 %", "26,2/vạn dân", "40.000 người/năm"."""
    number = localised(value, lang, decimals=0 if unit in WHOLE_UNITS else 2)
    template = UNIT_TEMPLATES.get(unit)
    return translate(template).format(value=number) if template else number
