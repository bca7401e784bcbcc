"""The brand, defined once in `styles/brand.yaml`: colours, type, logo; and what CSS needs of it.

Fonts are files under `styles/fonts/`, so every machine sets the same type. Their character
coverage is recorded in `styles/fonts/coverage.json` (regenerate with `python -m pipeline assets`),
which lets validation refuse a character no brand font can print, and lets a document load a
fallback face (Thai, Khmer, CJK...) only when its text needs one.
"""

from __future__ import annotations

import bisect
import json
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from . import files
from .binding import Binder, Located, spec
from .errors import Mark, SourceError, shown
from .text import Glyphs

COLOUR = r"#[0-9A-Fa-f]{6}"
PATH = r"[A-Za-z0-9_./-]+"
PATH_HINT = "is not a file path (letters, digits, '_', '-', '.' and '/')"
ASSET_MAX_BYTES = 16_000_000
COVERAGE_MAX_BYTES = 4_000_000


def _colour(doc: str) -> str:
    return spec(doc, pattern=COLOUR, pattern_hint="is not a colour written as #RRGGBB")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Colours(Located):
    """The brand's colours."""

    primary: str = _colour("Headings, cover and table headers.")
    accent: str = _colour("Rules, ticks and the purpose key.")
    highlight: str = _colour("A warm note on the cover and the letterhead.")
    text: str = _colour("Body text.")
    muted: str = _colour("Footers, captions and labels.")
    rule: str = _colour("Table rules and hairlines.")
    tint: str = _colour("Banded table rows and panels.")


@dataclass(frozen=True)
class Sizes(Located):
    """Type sizes in points."""

    body: float = spec("Body text.", min=6, max=16)
    small: float = spec("Footers, captions, table notes.", min=5, max=12)
    h1: float = spec("Section titles.", min=10, max=48)
    h2: float = spec("Sub-section titles.", min=8, max=36)
    h3: float = spec("Minor titles.", min=7, max=24)
    title: float = spec("The cover title.", min=12, max=96)


@dataclass(frozen=True)
class Face(Located):
    """One font file of a typeface."""

    file: str = spec("Path of the font file, relative to styles/.", max_length=200,
                     pattern=PATH, pattern_hint=PATH_HINT)
    weight: int = spec("400 for regular, 700 for bold.", min=100, max=900)
    style: str = spec("'normal' or 'italic'.", pattern="normal|italic",
                      pattern_hint="is not 'normal' or 'italic'")


@dataclass(frozen=True)
class Typeface(Located):
    """A family of font files under one name."""

    family: str = spec("Family name, as Word knows it.", pattern=r"[A-Za-z0-9 ]{1,60}",
                       pattern_hint="is not a font family name (letters, digits, spaces)")
    faces: tuple[Face, ...] = spec("Its font files.", min_items=1)

    @property
    def css_family(self) -> str:
        """Return the name the CSS gives this family, distinct from any installed font."""
        return f"Brand {self.family}"


@dataclass(frozen=True)
class Brand(Located):
    """The house style shared by the CSS and the Word styles."""

    colours: Colours = spec("Colours.")
    sizes: Sizes = spec("Type sizes in points.")
    typeface: Typeface = spec("The text typeface.")
    symbols: Typeface = spec("The typeface of the tick and other symbols.")
    logo: str = spec("The logo as SVG, relative to styles/.", max_length=200, pattern=PATH,
                     pattern_hint=PATH_HINT)
    logo_raster: str = spec("The logo as PNG for Word, relative to styles/.", max_length=200,
                            pattern=PATH, pattern_hint=PATH_HINT)
    fallbacks: tuple[Typeface, ...] = spec("Typefaces for scripts the text face lacks.", default=())

    @property
    def typefaces(self) -> tuple[Typeface, ...]:
        """Return the text face, the symbols face and the fallbacks, in priority order."""
        return (self.typeface, self.symbols, *self.fallbacks)

    @property
    def font_files(self) -> tuple[str, ...]:
        """Return every font file of the brand, relative to styles/."""
        return tuple(face.file for typeface in self.typefaces for face in typeface.faces)

    @property
    def files(self) -> tuple[str, ...]:
        """Return every asset the brand names, relative to styles/."""
        return (*self.font_files, self.logo, self.logo_raster)


class Coverage:
    """Which characters each typeface of the brand can print."""

    def __init__(self, ranges: dict[str, list[tuple[int, int]]]) -> None:
        self.ranges = {family: sorted(map(tuple, spans)) for family, spans in ranges.items()}
        self.starts = {family: [s for s, _ in spans] for family, spans in self.ranges.items()}

    def has(self, family: str, char: str) -> bool:
        """Return whether `family` has a glyph for `char`."""
        spans, code = self.ranges.get(family, []), ord(char)
        index = bisect.bisect_right(self.starts.get(family, []), code) - 1
        return index >= 0 and spans[index][0] <= code <= spans[index][1]

    def checker(self, brand: Brand) -> Glyphs:
        """Return a function that says why a character has no glyph, or None when it has."""
        families = [t.family for t in brand.typefaces]

        def missing(char: str) -> str | None:
            if unicodedata.category(char).startswith(("M", "Z", "C")):
                return None  # marks, spaces and format characters need no glyph of their own
            if any(self.has(family, char) for family in families):
                return None
            name = unicodedata.name(char, "?")
            return f"U+{ord(char):04X} ({name}) has no glyph in the brand's fonts"

        return missing


def needed_typefaces(brand: Brand, coverage: Coverage, chars: set[str]) -> list[Typeface]:
    """Return the typefaces a text of `chars` needs: text and symbols, plus fallbacks in use."""
    needed = [brand.typeface, brand.symbols]
    rest = {c for c in chars if not c.isascii() and not coverage.has(brand.typeface.family, c)}
    for fallback in brand.fallbacks:
        if any(coverage.has(fallback.family, c) for c in rest):
            needed.append(fallback)
    return needed


def load(root: Path, binder: Binder) -> tuple[Brand | None, Coverage | None]:
    """Return the brand of the project at `root` with its coverage, recording problems.

    The brand is returned even when an asset it names is missing or unsafe (that problem is
    recorded), so that the asset can be regenerated from the rest.
    """
    from . import yamlsource

    rel = "styles/brand.yaml"
    node = yamlsource.read_file(root, rel)
    brand = binder.bind(node, Brand)
    if brand is None:
        return None, None
    for name in brand.files:
        check_asset(root, brand, name, binder)
    _check_raster(root, brand, binder)
    return brand, _coverage(root, binder)


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


def _check_raster(root: Path, brand: Brand, binder: Binder) -> None:
    """Record a problem when the raster logo is not a whole PNG or JPEG image."""
    try:
        data = files.read_bytes(root, f"styles/{brand.logo_raster}", ASSET_MAX_BYTES)
    except files.Refused:
        return  # check_asset has said why
    problem = raster_problem(data)
    if problem:
        binder.error(brand.where["logo_raster"], "logo_raster", f"'{brand.logo_raster}' {problem}")


def raster_problem(data: bytes) -> str | None:
    """Return why `data` is not a complete PNG or JPEG image, or None when it is one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png_problem(data)
    if data.startswith(b"\xff\xd8\xff"):
        return None if data.rstrip(b"\0").endswith(b"\xff\xd9") else "is a truncated JPEG image"
    return "is not a PNG or JPEG image"


def _png_problem(data: bytes) -> str | None:
    """Return why a PNG's chunks are not whole (each with its checksum, up to IEND), or None."""
    offset, first = 8, True
    while offset + 12 <= len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        crc = data[offset + 8 + length : offset + 12 + length]
        if len(body) < length or len(crc) < 4:
            break
        if zlib.crc32(kind + body).to_bytes(4, "big") != crc:
            return "is a damaged PNG image (a chunk's checksum is wrong)"
        if first and kind != b"IHDR":
            return "is a damaged PNG image (no header)"
        if kind == b"IEND":
            return None
        offset, first = offset + 12 + length, False
    return "is a truncated PNG image"


def _mark_of(brand: Brand, name: str) -> Mark:
    """Return where the brand names the asset `name`."""
    for typeface in brand.typefaces:
        for face in typeface.faces:
            if face.file == name:
                return face.where["file"]
    return brand.where["logo" if name == brand.logo else "logo_raster"]


def _coverage(root: Path, binder: Binder) -> Coverage | None:
    """Return the recorded coverage of the brand fonts."""
    rel = "styles/fonts/coverage.json"
    try:
        return Coverage(json.loads(files.read_text(root, rel, COVERAGE_MAX_BYTES)))
    except files.Refused as exc:
        problem = exc.reason
    except (ValueError, TypeError, AttributeError) as exc:
        problem = f"is not a coverage table ({shown(str(exc))})"
    binder.errors.append(SourceError(Mark(rel), "", f"{problem}; run 'python -m pipeline assets' "
                                     "to make it again"))
    return None
