"""What a build did: the files written, left alone and removed, or what stopped it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SourceError


@dataclass(frozen=True)
class Written:
    """One file the build wrote; `pages` is None where the format does not fix them.

    `seconds` is the time its own rendering took, in the process that made it (work
    shared by several files, such as laying out all notices, counts for the first).
    """

    path: str
    pages: int | None
    bytes: int
    seconds: float = 0.0


@dataclass(frozen=True)
class Step:
    """One output finished: the `done`-th of the `total` this build renders."""

    done: int
    total: int
    path: str


@dataclass
class Report:
    """The outcome of one build; `problems` holds its warnings too."""

    written: list[Written] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    problems: list[SourceError] = field(default_factory=list)
    failure: str = ""
    recovered: str | None = None
    seconds: float = 0.0
    up_to_date: bool = False
    pdf_variant: str = ""

    @property
    def errors(self) -> list[SourceError]:
        """Return the problems that stopped the build (its warnings left out)."""
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        """Return whether the build succeeded."""
        return not (self.errors or self.failure)
