"""What every output format shares: targets that know their inputs, and a small lifecycle.

A writer lists its `targets()` (cheap: no rendering library is imported), says how its stale
targets split into independent `jobs()` and what each `cost()`s, is `prepare()`d before it
renders, `write()`s targets (returning bytes, never touching the output folder), and
`finish()`es. The build decides what is stale, deals jobs to the cores, and writes, moves
and records the files; so PDF, Word and notices are handled alike.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..sources import Loaded


@dataclass(frozen=True)
class Options:
    """How to build: PDF flavour, which outputs, what to print."""

    pdf_variant: str = "pdf/ua-1"
    force: bool = False
    quiet: bool = False
    json: bool = False
    timeout: float = 300.0
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)

    @classmethod
    def from_args(cls, args: object) -> Options:
        """Return the options given on a command line."""
        names = ("pdf_variant", "force", "quiet", "json", "timeout", "jobs")
        return cls(**{name: getattr(args, name) for name in names if hasattr(args, name)})


@dataclass(frozen=True)
class Context:
    """What every writer may read: the project, its checked model and the options."""

    root: Path
    loaded: Loaded
    options: Options = Options()

    @property
    def layouts(self) -> Path:
        """Return the templates folder."""
        return self.root / "layouts"

    @property
    def styles(self) -> Path:
        """Return the styles folder."""
        return self.root / "styles"


@dataclass(frozen=True)
class Target:
    """One output file: where it goes, what it shows, and what it is made from."""

    writer: str
    output: str
    subject: object = field(compare=False)
    model: object = field(compare=False)
    files: tuple[str, ...] = ()
    depends: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Return the target as the summary names it."""
        return self.output


@dataclass(frozen=True)
class Output:
    """A rendered file, ready to be written."""

    target: Target
    data: bytes
    pages: int


class Writer(ABC):
    """One output format."""

    name: ClassVar[str]

    def __init__(self, context: Context) -> None:
        self.context = context

    @abstractmethod
    def targets(self) -> list[Target]:
        """Return every file this writer can produce for the project."""

    def jobs(self, targets: list[Target]) -> list[list[Target]]:
        """Return `targets` in groups that can render in separate processes."""
        return [targets]

    def cost(self, targets: list[Target]) -> float:
        """Return the rough time to render `targets`, in hundredths of a second."""
        return len(targets)

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Get ready to render: import libraries, load shared resources."""

    def warm(self) -> None:
        """Do ahead what the next build would do first (a `watch` calls it once it starts)."""
        self.prepare()

    @abstractmethod
    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Render `targets`."""

    def finish(self) -> None:  # noqa: B027 - optional hook
        """Release what `prepare` took."""
