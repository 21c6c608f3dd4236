"""One problem type with a position, and the exception tree the CLI turns into exit codes.

Every problem a user can cause is a :class:`Problem` printed as ``path:line:col: code: message``
(the yamllint convention), never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .messages import Message, Number, Translate, plain_number, verbatim

# Characters that must never reach a terminal or a CI log raw (issue #6): line breaks would split one
# problem over several lines (and could forge GitHub `::` workflow commands), escapes could rewrite the
# screen, bidi controls could reorder what a reviewer reads, lone surrogates (undecodable file names)
# cannot even be printed.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` on one line, with control, bidi and undecodable characters shown as escapes."""
    if text.isprintable():
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


SHOWN_CHARS = 60  # user text quoted in a message is cut here: messages stay one readable line


def shown(value: Any, limit: int = SHOWN_CHARS) -> str:
    """``value`` as text fit to quote in a message: one line, control characters escaped, cut at ``limit``."""
    text = printable(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # something a reader must know about a result (a status note); never fails a command


@dataclass(frozen=True)
class Problem:
    """Something kh113 says about the data: where (optional), a stable code, a severity and a :class:`Message`.

    ``file`` is relative to the data root, ``line`` and ``column`` are 1-based; a problem with the whole
    file (missing, unreadable) is placed at 1:1 so every line stays ``path:line:col:`` parseable. A problem
    about no file (a report an agency has not sent, a note on a computed status) has no location at all.
    ``said`` is the message, worded in the reader's language on output; ``message`` is its English wording
    (plain text passed as ``message`` is already worded, a Jinja or OS error: shown as written in every
    language).
    """

    file: str | None
    line: int | None
    column: int | None
    code: str
    message: str
    severity: Severity = Severity.ERROR
    said: Message = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if (self.file is None) != (self.line is None) or (self.line is None) != (self.column is None):
            raise ValueError(f"a problem has a file, line and column, or none of them: {self!r}")
        message: object = self.message
        said = message if isinstance(message, Message) else verbatim(str(message))
        object.__setattr__(self, "said", said)
        # File names and messages quote what users wrote; one problem must stay one printable line.
        object.__setattr__(self, "message", printable(said.text()))
        if self.file is not None:
            object.__setattr__(self, "file", printable(self.file))

    @property
    def template(self) -> str:
        """The message id (English, with ``{name}`` placeholders)."""
        return self.said.id

    @property
    def params(self) -> Mapping[str, Any]:
        """The message's arguments, unworded (the facts a test or a caller compares)."""
        return self.said.args

    def worded(self, translate: Translate, number: Number | None = None, lang: str = "vi") -> str:
        """The message on one line in the reader's language ``lang`` (``translate`` is its gettext; ``lang``
        only picks the side of text the data gives in both languages, which status notes quote)."""
        return printable(self.said.text(translate, number or plain_number, lang))

    def line_text(self, translate: Translate | None = None) -> str:
        """``path:line:col: code: message`` (``warning:`` before a warning's message), in the reader's language;
        ``code: message`` for a problem about no file."""
        message = self.message if translate is None else self.worded(translate)
        word = "warning" if translate is None else translate("warning")
        warning = f"{word}: " if self.severity is Severity.WARNING else ""
        if self.file is None:
            return f"{self.code}: {warning}{message}"
        return f"{self.file}:{self.line}:{self.column}: {self.code}: {warning}{message}"

    def __str__(self) -> str:
        return self.line_text()

    def as_dict(self, translate: Translate | None = None) -> dict[str, object]:
        """The JSON contract's fields; ``message`` in the reader's language (``code`` stays the stable key)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message if translate is None else self.worded(translate),
        }


@dataclass
class Problems:
    """An ordered collection of problems; the core returns these instead of raising."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Problems | list[Problem]) -> None:
        self.items.extend(problems.items if isinstance(problems, Problems) else problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        # Stable, deterministic order: by file, then position, then code.
        return sorted(self.items, key=lambda p: (p.file or "", p.line or 0, p.column or 0, p.code, p.message))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)


class ReadOnlyProblems(Problems):
    """The problems of a loaded dataset (issue #13: loaded data is immutable): read, never added to. A step
    that finds more returns a new dataset with them (``scope.checked``)."""

    def add(self, problem: Problem) -> None:
        raise TypeError("a loaded dataset's problems are read-only: return a new value (scope.checked)")

    def extend(self, problems: Problems | list[Problem]) -> None:
        raise TypeError("a loaded dataset's problems are read-only: return a new value (scope.checked)")


class Kh113Error(Exception):
    """Base of every error the CLI reports as a message (exit 2 unless stated otherwise)."""

    exit_code = 2


class UsageError(Kh113Error):
    """A bad option value or a missing data root: the user must change the command line."""

    exit_code = 2


class RootNotFound(UsageError):
    """No data root could be found from --root, KH113_ROOT or the current directory."""


class DataError(Kh113Error):
    """The data root has problems that stop the command (exit 1); carries the problems."""

    exit_code = 1

    def __init__(self, message: str | Message, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class WriteRefused(Kh113Error):
    """A command would overwrite an existing file without being asked to."""

    exit_code = 1
