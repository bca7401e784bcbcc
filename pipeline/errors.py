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


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in the sources, located at the value that causes it."""

    mark: Mark
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {shown(self.field, 40)}:" if self.field else ""
        return printable(f"{self.mark}:{field} {self.message}")


class SourcesInvalid(PipelineError):
    """The sources hold one or more problems; all of them are listed."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[SourcesInvalid], tuple[list[SourceError]]]:
        return (SourcesInvalid, (self.errors,))  # from a rendering process, as it was raised


class BuildError(PipelineError):
    """An output could not be produced; earlier outputs are left as they were."""


class UsageError(PipelineError):
    """The command line asks for something that does not exist."""
