"""What a build did: the files written, left alone and removed, or what stopped it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SourceError


@dataclass(frozen=True)
class Written:
    """One file the build wrote; `pages` is None where the format does not fix them."""

    path: str
    pages: int | None
    bytes: int


@dataclass
class Report:
    """The outcome of one build."""

    written: list[Written] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    problems: list[SourceError] = field(default_factory=list)
    failure: str = ""
    recovered: str | None = None
    seconds: float = 0.0
    up_to_date: bool = False

    @property
    def ok(self) -> bool:
        """Return whether the build succeeded."""
        return not (self.problems or self.failure)
