"""The errors the pipeline shows to its user, always without a traceback.

Values from the sources are shown through `shown`: control and bidirectional characters
escaped (a source can hold no terminal escape sequence that reaches the terminal) and long
values elided, so that a message stays one readable line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]"
)


def printable(text: str) -> str:
    """Return `text` with control and direction characters written as escapes (\\x1b)."""
    return _UNPRINTABLE.sub(_escape, text)


def shown(value: str, limit: int = 60) -> str:
    """Return a source value for a message: escaped, and elided in the middle when long."""
    value = printable(value)
    if len(value) <= limit:
        return value
    half = (limit - 1) // 2
    return f"{value[:half]}…{value[-half:]}"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class PipelineError(Exception):
    """Base of every error that is the user's to act on, not a bug."""


@dataclass(frozen=True, order=True)
class Mark:
    """A position in a source file: path relative to the project root, 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in the sources, located at the value that causes it.

    `message` says what is wrong in plain words, `hint` the likely fix. A warning is shown
    but fails nothing (a pasted duplicate, say); an error stops the build.
    """

    mark: Mark
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        label = " warning:" if self.severity == WARNING else ""
        field = f" {shown(self.field, 40)}:" if self.field else ""
        hint = f" — {self.hint}" if self.hint else ""
        return printable(f"{self.mark}:{label}{field} {self.message}{hint}")

    @property
    def is_error(self) -> bool:
        """Return whether this problem stops the build."""
        return self.severity != WARNING


class SourcesInvalid(PipelineError):
    """The sources hold one or more errors; every problem found is listed, warnings too."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[SourcesInvalid], tuple[list[SourceError]]]:
        return (SourcesInvalid, (self.errors,))  # from a rendering process, as it was raised


class BuildError(PipelineError):
    """An output could not be produced; earlier outputs are left as they were."""


class UsageError(PipelineError):
    """The command line asks for something that does not exist."""
