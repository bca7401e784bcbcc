"""What every edition shares: targets that know their inputs, and one small lifecycle.

A writer lists its `targets()` (cheap: no rendering library is imported), says how its stale
targets split into independent `jobs()` and what each `cost()`s, is `prepare()`d before it
renders and `write()`s targets (returning bytes, never touching the output folder); `warm()`
does ahead what the next build would do first. The build decides what is stale, deals the
jobs to the cores, and commits and records the files, so every edition is handled alike.
Writers register themselves with `@register`; `order` places them in the summary.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import ClassVar, TypeVar

from ..context import Context

W = TypeVar("W", bound="type[Writer]")
REGISTRY: list[type[Writer]] = []


def register(cls: W) -> W:
    """Add a writer class to the registry the build makes its writers from."""
    REGISTRY.append(cls)
    REGISTRY.sort(key=lambda writer: writer.order)
    return cls


def even_groups(targets: list[Target], most: int, lanes: int = 1) -> list[list[Target]]:
    """Return `targets` in groups of at most `most`, their sizes a target apart at most: as
    few groups as can be, but where there are several, as many as give each of `lanes`
    cores an even share."""
    if not targets:
        return []
    count = -(-len(targets) // most)
    if count > 1:
        count = min(len(targets), -(-count // lanes) * lanes)
    size, more = divmod(len(targets), count)
    starts = [index * size + min(index, more) for index in range(count + 1)]
    return [targets[start:end] for start, end in pairwise(starts)]


Fact = tuple[str, int, int | None]  # an output listed by another: its name, bytes and pages


@dataclass(frozen=True)
class Target:
    """One output file: where it goes, what it is of, what it shows, and which files make it.

    `shows` is every part of the model the file shows: its fingerprint decides whether the
    file is stale, so it must hold everything the writer reads to make it. A file made
    from other outputs (an index of downloads, a bundle of notices) names them in `lists`;
    the build renders it after them and gives it their facts in `listed`, and, where it
    is `made_of_listed`, their bytes in `given` (made in this build, or read back from the
    output folder where they are as written).
    """

    writer: str
    output: str
    of: object = field(compare=False)
    shows: object = field(compare=False)
    files: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    listed: tuple[Fact, ...] = field(default=(), compare=False)
    made_of_listed: bool = False  # whether it is made of the bytes of what it lists
    given: tuple[bytes, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Output:
    """A rendered file, ready to be committed; `pages` is None where it is not known."""

    target: Target
    data: bytes
    pages: int | None
    seconds: float = 0.0  # how long its own rendering took


@dataclass(frozen=True)
class Pending:
    """A file whose shared work is done (its page laid out) and whose bytes `make()` makes.

    The build may make many pending files at once on several cores, in processes forked
    after the shared work, so that none of it is done twice.
    """

    target: Target
    cost: float
    make: Callable[[], Output]


class Writer(ABC):
    """One edition (a format of a kind of publication)."""

    name: ClassVar[str]
    order: ClassVar[int]
    shares_layout_of: ClassVar[str] = ""  # a writer whose layout this one reads: run after it

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
    def write(self, targets: list[Target]) -> Iterable[Output | Pending]:
        """Render `targets`, each as an output or as one pending its last step."""
