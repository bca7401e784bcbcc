"""Load stage: read every source file and the brand into one checked model, or list all problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .. import files
from ..errors import Mark, SourceError, SourcesInvalid
from ..model.brand import Brand, Coverage
from ..model.office import Office
from ..model.plans import StrategicPlan, Workplan
from ..model.project import Project
from ..model.releases import Catalogue
from . import brand as brand_module
from . import checks, yamlfile
from .binding import Binder, Lost
from .gaps import Gaps

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F")

OFFICE = "sources/office.yaml"
FOLDERS = ("sources/strategic-plans", "sources/workplans", "sources/releases")


@dataclass(frozen=True)
class Loaded:
    """The checked model, the brand, and the source files they came from."""

    project: Project
    brand: Brand
    coverage: Coverage
    files: tuple[str, ...]
    warnings: tuple[SourceError, ...] = ()


def source_files(root: Path) -> list[str]:
    """Return the source files of the project at `root`, relative to it."""
    found = [OFFICE, brand_module.BRAND]
    for folder in FOLDERS:
        found += sorted(f"{folder}/{p.name}" for p in (root / folder).glob("*.yaml"))
    return found


def load(root: Path, styles_root: Path | None = None) -> Loaded:
    """Return the project at `root` as a checked model; SourcesInvalid lists every problem.

    Every rule runs on what could be read, so one round names every problem; warnings
    alone (see `doubles`) stop nothing and are kept in `Loaded.warnings`. The brand is read
    from `styles_root` when given (an earlier edition's sources are checked against the
    project's brand).
    """
    binder = Binder()
    brand_root = styles_root or root
    brand, coverage = _guarded(binder, lambda: brand_module.load(brand_root, binder), (None, None))
    if brand is not None and coverage is not None:
        binder.glyphs = coverage.checker(brand)
    reading = _Reading(root, binder)
    office = reading.one(OFFICE, Office)
    plans = reading.folder("sources/strategic-plans", StrategicPlan)
    workplans = reading.folder("sources/workplans", Workplan)
    catalogues = reading.folder("sources/releases", Catalogue)
    found = [
        *binder.errors,
        *checks.run(checks.Sources(plans, workplans, catalogues, reading.gaps)),
    ]
    if any(e.is_error for e in found) or office is None or brand is None or coverage is None:
        raise SourcesInvalid(found)
    project = Project(office, plans, workplans, catalogues)
    return Loaded(project, brand, coverage, tuple(source_files(root)), tuple(sorted(found)))


class _Reading:
    """Source files bound to the model, with what could not be read of each kind (its gaps)."""

    def __init__(self, root: Path, binder: Binder) -> None:
        self.root, self.binder = root, binder
        self.unread: set[type] = set()
        self.lost: dict[type, list[Lost]] = {}

    @property
    def gaps(self) -> Gaps:
        """Return what could not be read, per kind of file."""
        return Gaps(frozenset(self.unread), {k: tuple(v) for k, v in self.lost.items()})

    def folder(self, folder: str, cls: type[T]) -> tuple[T, ...]:
        """Return every `*.yaml` file of `folder` bound to `cls`."""
        if _read_folder(self.root, folder, self.binder) is None:
            self.unread.add(cls)
            return ()
        items = (
            self.one(f"{folder}/{p.name}", cls) for p in sorted((self.root / folder).glob("*.yaml"))
        )
        return tuple(item for item in items if item is not None)

    def one(self, rel: str, cls: type[T]) -> T | None:
        """Return the file `rel` bound to `cls`, or None after recording its problems."""
        node = _guarded(self.binder, lambda: yamlfile.read_file(self.root, rel), None)
        if node is None:
            self.unread.add(cls)
            return None
        before = len(self.binder.lost)
        bound = self.binder.bind(node, cls)
        self.lost.setdefault(cls, []).extend(self.binder.lost[before:])
        return bound


def _read_folder(root: Path, folder: str, binder: Binder) -> Path | None:
    """Return `folder` if it is one, or None after recording why not."""
    try:
        found = files.resolve(root, folder)
        if not found.is_dir():
            raise files.Refused(folder, "is not a folder")
    except files.Refused as exc:
        binder.error(Mark(folder), "", "folder is missing" if exc.missing else exc.reason)
        return None
    return found


def _guarded(binder: Binder, read: Callable[[], R], fallback: F) -> R | F:
    """Return `read()`, or `fallback` after moving its SourcesInvalid errors into `binder`."""
    try:
        return read()
    except SourcesInvalid as exc:
        binder.errors.extend(exc.errors)
        return fallback
