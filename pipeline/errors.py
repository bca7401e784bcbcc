"""The errors the pipeline shows to its user, always without a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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
        field = f" {self.field}:" if self.field else ""
        return f"{self.mark}:{field} {self.message}"


class SourcesInvalid(PipelineError):
    """The sources hold one or more problems; all of them are listed."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class BuildError(PipelineError):
    """An output could not be produced; earlier outputs are left as they were."""


class UsageError(PipelineError):
    """The command line asks for something that does not exist."""
