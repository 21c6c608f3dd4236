"""Numbers for people (Babel, vi/en) and for programs (plain)."""

from __future__ import annotations

import pytest

from kh113.i18n import translator
from kh113.render.numbers import localised, plain, quantity


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [
        (99.5, "percent", "vi", "99,5 %"),
        (99.5, "percent", "en", "99.5%"),
        (40000, "people_per_year", "vi", "40.000 người/năm"),
        (40000, "people_per_year", "en", "40,000 people/year"),
        (40000, "count", "vi", "40.000 người"),
        (26.2, "per_10000", "vi", "26,2/vạn dân"),
        (53717.16, "people_per_year", "vi", "53.717 người/năm"),  # people are whole
        (1234.567, "per_10000", "en", "1,234.57 per 10,000"),
    ],
)
def test_quantity(value, unit, lang, text):
    assert quantity(value, unit, lang, translator(lang)) == text


@pytest.mark.parametrize(
    ("value", "signed", "text"),
    [(6.02, True, "+6,02"), (-0.8, True, "-0,8"), (0.0, True, "0"), (-0.001, True, "0"), (1000.0, False, "1.000")],
)
def test_localised_signs(value, signed, text):
    assert localised(value, "vi", signed=signed) == text


@pytest.mark.parametrize(
    ("value", "text"), [(11.6000000001, "11.6"), (40000.0, "40000"), (-0.001, "0"), (1.694, "1.69")]
)
def test_plain(value, text):
    assert plain(value) == text


def test_localised_writes_what_babel_writes():
    """localised() spares status Babel's locale data (issue #17 item 2): it must write exactly what Babel does."""
    import random

    from babel.numbers import format_decimal

    rng = random.Random(17)
    values = [0.0, 0.005, 0.015, 0.125, 0.5, 1.5, 2.5, 2.675, 999.995, 999999.5, 1e-7, 12345678.9, 99999999999999.9]
    values += [rng.uniform(0, 10 ** rng.randint(0, 14)) for _ in range(3000)]
    values += [round(rng.uniform(0, 1000), rng.randint(0, 4)) for _ in range(1000)]
    for value in values:
        for lang in ("vi", "en"):
            for decimals in (0, 1, 2):
                pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
                babel = format_decimal(value, format=pattern, locale=lang)
                assert localised(value, lang, decimals=decimals) == babel, (value, lang, decimals)
                assert localised(-value, lang, decimals=decimals) in (babel, "-" + babel)
    assert localised(float("inf"), "vi") == format_decimal(float("inf"), locale="vi")
    assert localised(1e20, "vi") == format_decimal(1e20, format="#,##0.##", locale="vi")
