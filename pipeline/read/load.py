"""Load stage: read every source file and the brand into one checked model, or list all problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .. import files
from ..errors import Mark, SourcesInvalid
from ..model.brand import Brand, Coverage
from ..model.office import Office
from ..model.plans import StrategicPlan, Workplan
from ..model.project import Project
from ..model.releases import Catalogue
from . import brand as brand_module
from . import checks, yamlfile
from .binding import Binder

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


def source_files(root: Path) -> list[str]:
    """Return the source files of the project at `root`, relative to it."""
    found = [OFFICE, brand_module.BRAND]
    for folder in FOLDERS:
        found += sorted(f"{folder}/{p.name}" for p in (root / folder).glob("*.yaml"))
    return found


def load(root: Path, styles_root: Path | None = None) -> Loaded:
    """Return the project at `root` as a checked model; SourcesInvalid lists every problem.

    The brand is read from `styles_root` when given (an earlier edition's sources are
    checked against the project's brand).
    """
    binder = Binder()
    brand_root = styles_root or root
    brand, coverage = _guarded(binder, lambda: brand_module.load(brand_root, binder), (None, None))
    if brand is not None and coverage is not None:
        binder.glyphs = coverage.checker(brand)
    office = _read(root, OFFICE, Office, binder)
    plans = _read_folder(root, "sources/strategic-plans", StrategicPlan, binder)
    workplans = _read_folder(root, "sources/workplans", Workplan, binder)
    catalogues = _read_folder(root, "sources/releases", Catalogue, binder)
    if binder.errors or office is None or brand is None or coverage is None:
        raise SourcesInvalid(binder.errors)
    project = Project(office, plans, workplans, catalogues)
    errors = checks.run(project)
    if errors:
        raise SourcesInvalid(errors)
    return Loaded(project, brand, coverage, tuple(source_files(root)))


def _read_folder(root: Path, folder: str, cls: type[T], binder: Binder) -> tuple[T, ...]:
    """Return every `*.yaml` file of `folder` bound to `cls`."""
    try:
        if not files.resolve(root, folder).is_dir():
            raise files.Refused(folder, "is not a folder")
    except files.Refused as exc:
        binder.error(Mark(folder), "", "folder is missing" if exc.missing else exc.reason)
        return ()
    items = (
        _read(root, f"{folder}/{p.name}", cls, binder)
        for p in sorted((root / folder).glob("*.yaml"))
    )
    return tuple(item for item in items if item is not None)


def _read(root: Path, rel: str, cls: type[T], binder: Binder) -> T | None:
    """Return the file `rel` bound to `cls`, or None after recording its problems."""
    node = _guarded(binder, lambda: yamlfile.read_file(root, rel), None)
    return None if node is None else binder.bind(node, cls)


def _guarded(binder: Binder, read: Callable[[], R], fallback: F) -> R | F:
    """Return `read()`, or `fallback` after moving its SourcesInvalid errors into `binder`."""
    try:
        return read()
    except SourcesInvalid as exc:
        binder.errors.extend(exc.errors)
        return fallback
