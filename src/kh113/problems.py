"""One problem type with a position, and the exception tree the CLI turns into exit codes.

Every problem a user can cause is a :class:`Problem` printed as ``path:line:col: code: message``
(the yamllint convention), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found in a file of the data root.

    ``file`` is relative to the data root, ``line`` and ``column`` are 1-based; a problem with the whole
    file (missing, unreadable) is placed at 1:1 so every line stays ``path:line:col:`` parseable.
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.code}: {self.message}"
        if self.severity is Severity.WARNING:
            text = f"{self.file}:{self.line}:{self.column}: {self.code}: warning: {self.message}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


@dataclass
class Problems:
    """An ordered collection of problems; the core returns these instead of raising."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: "Problems | list[Problem]") -> None:
        self.items.extend(problems.items if isinstance(problems, Problems) else problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        # Stable, deterministic order: by file, then position, then code.
        return sorted(self.items, key=lambda p: (p.file, p.line, p.column, p.code, p.message))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)


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

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class WriteRefused(Kh113Error):
    """A command would overwrite an existing file without being asked to."""

    exit_code = 1
