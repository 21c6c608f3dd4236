"""messages.py: a message is an id plus arguments, worded once, when shown, in the reader's language."""

from __future__ import annotations

import datetime as dt

from kh113.i18n import translator
from kh113.messages import Localized, Message, msg, verbatim


def test_english_is_the_id_with_its_arguments():
    assert msg("unknown agency `{id}`", id="so-bb").text() == "unknown agency `so-bb`"
    assert str(msg("missing")) == "missing"


def test_vietnamese_from_the_catalogue():
    vi = translator("vi")
    said = msg("the report for {year} (due before {due}) is owed by {heirs}", year=2025, due="30/10/2025", heirs="x")
    assert said.text(vi) != said.text() and "2025" in said.text(vi) and "30/10/2025" in said.text(vi)


def test_a_nested_message_is_worded_in_the_same_language():
    vi = translator("vi")
    advice = msg("Create it with `kh113 new {agency} --year {year}` ({path})", agency="so-b", year=2025, path="p")
    said = msg(
        "{name} ({agency}) has not reported for {year}; the report was due before {due}. {advice}",
        name="Sở B",
        agency="so-b",
        year=2025,
        due="30/10/2025",
        advice=advice,
    )
    assert said.text().endswith(". Create it with `kh113 new so-b --year 2025` (p)")
    assert said.text(vi).endswith(". " + advice.text(vi)) and advice.text(vi) != advice.text()


def test_numbers_dates_and_lists():
    said = Message("{value} on {day}: {ids}", {"value": 28.5, "day": dt.date(2025, 10, 29), "ids": ["a", "b"]})
    assert said.text() == "28.5 on 29/10/2025: a, b"
    assert said.text(number=lambda v: f"<{v}>") == "<28.5> on 29/10/2025: a, b"
    assert Message("{v}", {"v": -0.001}).text() == "0"  # never "-0"
    assert Message("{v}", {"v": 12.0}).text() == "12"


def test_localized_text_picks_the_reader_language():
    note = Localized("ghi chú", "a note")
    assert Message("{n}", {"n": note}).text(lang="en") == "a note"
    assert Message("{n}", {"n": note}).text(lang="vi") == "ghi chú"
    # an agency's own note has no English: shown as written in both languages
    assert Message("{n}", {"n": Localized("ghi chú")}).text(lang="en") == "ghi chú"


def test_verbatim_text_is_never_translated_nor_formatted():
    assert verbatim("missing {braces}").text(translator("vi")) == "missing {braces}"


def test_a_translation_naming_an_unknown_argument_falls_back_to_english():
    said = msg("{a} and {b}", a=1, b=2)
    assert said.text(lambda _: "{a} {c}") == "1 and 2"


def test_messages_compare_by_id_and_arguments():
    assert msg("x {a}", a=1) == msg("x {a}", a=1) != msg("x {a}", a=2)
