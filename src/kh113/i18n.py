"""User-facing language: gettext catalogues (message ids in English, Vietnamese the default language).

Catalogues live in ``kh113/locale/<lang>/LC_MESSAGES/kh113.po`` with the compiled ``.mo`` beside them
(stdlib gettext reads ``.mo``; a test checks the ``.mo`` is compiled from the current ``.po``).
Recompile after editing a ``.po``::

    pybabel compile -D kh113 -d src/kh113/locale

Names from the plan are never translated: they stay in Vietnamese as the plan writes them.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()  # message ids are English
    return gettext.translation("kh113", localedir=LOCALE_DIR, languages=[lang], fallback=True)


def translator(lang: str) -> Callable[[str], str]:
    """The ``_`` function for ``lang``."""
    return translations(lang).gettext


def N_(message: str) -> str:
    """Mark an English message id for the catalogue where it is defined; it is translated where shown.

    The pure core (``series.py``, ``progress.py``) builds notes without knowing the reader's language.
    """
    return message


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        from .messages import msg
        from .problems import UsageError

        raise UsageError(
            msg("unknown language `{lang}`: use one of {choices}", lang=lang, choices=", ".join(LANGUAGES))
        )
    return lang
