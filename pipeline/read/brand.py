"""Read the brand: `styles/brand.yaml`, the assets it names, and the fonts' coverage table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .. import files
from ..errors import Mark, SourceError, shown
from ..model import colour
from ..model.brand import TEXT_ON, Brand, Coverage
from . import yamlfile
from .binding import Binder
from .fontfile import HEAD, font_problem
from .raster import raster_problem

BRAND = "styles/brand.yaml"
COVERAGE = "styles/fonts/coverage.json"
ASSET_MAX_BYTES = 16_000_000
COVERAGE_MAX_BYTES = 4_000_000


def load(root: Path, binder: Binder) -> tuple[Brand | None, Coverage | None]:
    """Return the brand of the project at `root` with its coverage, recording problems.

    The brand is returned even when an asset it names is missing or unsafe (that problem is
    recorded), so that the asset can be regenerated from the rest.
    """
    brand = binder.bind(yamlfile.read_file(root, BRAND), Brand)
    if brand is None:
        return None, None
    safe = [name for name in brand.files if check_asset(root, brand, name, binder)]
    _check_contents(root, brand, safe, binder)
    _check_contrast(brand, binder)
    return brand, _coverage(root, binder)


def _check_contrast(brand: Brand, binder: Binder) -> None:
    """Record every pair of brand colours that text is set in and cannot be read in (WCAG AA)."""
    colours = brand.colours
    for name, backgrounds in TEXT_ON.items():
        for background in backgrounds:
            fg, bg = (
                getattr(colours, name),
                colour.WHITE if background == "white" else (getattr(colours, background)),
            )
            ratio = colour.contrast(fg, bg)
            if ratio < colour.TEXT_CONTRAST:
                binder.error(
                    colours.where[name],
                    name,
                    f"{fg} on {background} {bg} is "
                    f"{ratio:.2f}:1; text needs 4.5:1 (WCAG 1.4.3): darken one of them",
                )
    on = colours.on_primary
    if colour.contrast(on, colours.primary) < colour.TEXT_CONTRAST:
        binder.error(
            colours.where["primary"],
            "primary",
            f"neither white nor the text colour "
            f"reaches 4.5:1 on {colours.primary}: choose a darker or a lighter primary",
        )
    if colour.contrast(colours.highlight, colours.primary) < colour.GRAPHIC_CONTRAST:
        binder.error(
            colours.where["highlight"],
            "highlight",
            f"{colours.highlight} on the "
            f"primary {colours.primary} is below 3:1 (WCAG 1.4.11): it would not show",
        )


def check_asset(root: Path, brand: Brand, name: str, binder: Binder) -> bool:
    """Return whether the asset `name` is a regular file inside styles/; record it when not."""
    mark = _mark_of(brand, name)
    try:
        path = files.relative(name)
        styles = files.resolve(root, "styles")
        real = files.check_file(root, f"styles/{path}", ASSET_MAX_BYTES)
    except files.Refused as exc:
        if exc.rel == name:
            binder.error(mark, "file", f"'{name}' must be a path inside styles/, without '..'")
        elif exc.rel == "styles":
            binder.error(Mark("styles"), "", exc.reason)
        elif exc.missing or "not a regular file" in exc.reason:
            binder.error(mark, "file", f"'{name}' is not a file under styles/")
        else:
            binder.error(mark, "file", f"'{name}' {exc.reason}")
        return False
    if not real.is_relative_to(styles):
        binder.error(mark, "file", f"'{name}' leads outside styles/ (a link?); copy the file in")
        return False
    return True


def _check_contents(root: Path, brand: Brand, safe: list[str], binder: Binder) -> None:
    """Record each font file of `safe` (the assets that may be read) that is no whole
    TrueType or OpenType font, and a raster logo that is no whole image of a logo's size."""
    checks = [(name, "file", _font_file_problem) for name in brand.font_files if name in safe]
    if brand.logo_raster in safe:
        checks.append((brand.logo_raster, "logo_raster", _raster_file_problem))
    for name, field, find in checks:
        problem = _problem_of(root, f"styles/{name}", find)
        if problem:
            binder.error(_mark_of(brand, name), field, f"'{name}' {problem}")


_CHECKED: dict[tuple[object, ...], str | None] = {}  # a file's problem, by what identifies it
CHECKED_MAX = 256


def _problem_of(root: Path, rel: str, find: Callable[[Path, str], str | None]) -> str | None:
    """Return what `find` says of the project file `rel`, worked out again only when the
    file is another or changed (its inode, size or time): `watch` loads the brand at every
    edit, and reading its fonts and unpacking its logo each time was a third of the load."""
    info = files.check_file(root, rel, ASSET_MAX_BYTES).stat()
    key = (str(root.resolve()), rel, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    if key not in _CHECKED:
        if len(_CHECKED) >= CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = find(root, rel)
    return _CHECKED[key]


def _font_file_problem(root: Path, rel: str) -> str | None:
    """Return why the font file `rel` is no whole font, reading its table directory."""
    head, size = files.read_head(root, rel, HEAD, ASSET_MAX_BYTES)
    if head.startswith(b"ttcf"):  # a collection: its fonts' directories lie anywhere
        head = files.read_bytes(root, rel, ASSET_MAX_BYTES)
    return font_problem(head, size)


def _raster_file_problem(root: Path, rel: str) -> str | None:
    """Return why the raster logo `rel` is no whole PNG or JPEG image of a logo's size."""
    return raster_problem(files.read_bytes(root, rel, ASSET_MAX_BYTES))


def _mark_of(brand: Brand, name: str) -> Mark:
    """Return where the brand names the asset `name`."""
    for typeface in brand.typefaces:
        for face in typeface.faces:
            if face.file == name:
                return face.where["file"]
    return brand.where["logo" if name == brand.logo else "logo_raster"]


def _coverage(root: Path, binder: Binder) -> Coverage | None:
    """Return the recorded coverage of the brand fonts."""
    rel = COVERAGE
    try:
        return Coverage(json.loads(files.read_text(root, rel, COVERAGE_MAX_BYTES)))
    except files.Refused as exc:
        problem = exc.reason
    except (ValueError, TypeError, AttributeError) as exc:
        problem = f"is not a coverage table ({shown(str(exc))})"
    binder.errors.append(
        SourceError(Mark(rel), "", f"{problem}; run 'python -m pipeline assets' to make it again")
    )
    return None
