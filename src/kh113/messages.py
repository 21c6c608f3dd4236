"""One message type for everything kh113 says to a person: an English message id plus its arguments.

A :class:`Message` is created once, where the fact is found (a problem in a file, a note on a figure, a
finding of ``check``), and worded once, when it is shown, in the reader's language (issue #13: one message
type; issue #11: every message in Vietnamese by default). The id is the gettext ``msgid``: English text
with ``{name}`` placeholders; the Vietnamese catalogue (``locale/vi/LC_MESSAGES/kh113.po``) gives the
wording a provincial office would use.

Arguments are plain values (text the user wrote, ids, numbers, dates), other messages (a clause worded
in the same language) or :class:`Localized` text the data gives in both languages. The core never formats
numbers for people: the renderer passes ``number``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Translate = Callable[[str], str]
Number = Callable[[float], str]


def _identity(text: str) -> str:
    return text


def plain_number(value: float) -> str:
    rounded = round(value, 2)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    return str(int(rounded)) if float(rounded).is_integer() else repr(rounded)


@dataclass(frozen=True)
class Localized:
    """An argument the data gives in both languages (``note`` / ``note_en``): the reader's is shown.

    Without an English text (an agency's own note), the Vietnamese one is shown in both languages.
    """

    vi: str
    en: str | None = None

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.vi


@dataclass(frozen=True)
class Message:
    """What to say, not yet worded: ``Message("unknown agency `{id}`", {"id": "so-bb"})``."""

    id: str
    args: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=True)

    def text(self, translate: Translate = _identity, number: Number = plain_number, lang: str = "en") -> str:
        """The message in the reader's language ``lang`` (``translate`` is its gettext, ``number`` formats
        figures); ``lang`` picks the side of a :class:`Localized` argument."""
        wording = translate(self.id)
        if not self.args:
            return wording
        values = {key: _argument(value, translate, number, lang) for key, value in self.args.items()}
        try:
            return wording.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation that names an argument the id does not have is a catalogue bug: fall back to the
            # English id rather than lose the message (a test checks every translation's placeholders).
            return self.id.format(**values)

    def __str__(self) -> str:
        return self.text()


def msg(message_id: str, /, **args: Any) -> Message:
    """Shorthand: ``msg("`{value}` uses a decimal comma; write {fixed}", value="99,5", fixed="99.5")``."""
    return Message(message_id, args)


def verbatim(text: str) -> Message:
    """Text that is already worded and must not be translated (a name from the plan, a quote)."""
    return Message("{text}", {"text": text})


def _argument(value: Any, translate: Translate, number: Number, lang: str) -> Any:
    if isinstance(value, Message):
        return value.text(translate, number, lang)
    if isinstance(value, Localized):
        return value.pick(lang)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return number(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_argument(item, translate, number, lang)) for item in value)
    return value
