"""The brand as data, defined once in `styles/brand.yaml`: colours, type sizes, fonts, logo.

Fonts are files under `styles/fonts/`, so every machine sets the same type. Their character
coverage (`Coverage`, from `styles/fonts/coverage.json`) lets validation refuse a character
no brand font can print, and lets a document load a fallback face (Thai, Khmer, CJK...) only
when its text needs one. Both the CSS and the Word styles are made from this one definition.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from . import colour
from .fields import Located, spec

COLOUR = r"#[0-9A-Fa-f]{6}"
PATH = r"[A-Za-z0-9_./-]+"
PATH_HINT = "is not a file path (letters, digits, '_', '-', '.' and '/')"
Glyphs = Callable[[str], str | None]  # why a character has no glyph, or None when it has one


def _colour(doc: str) -> str:
    return spec(doc, pattern=COLOUR, pattern_hint="is not a colour written as #RRGGBB")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Colours(Located):
    """The brand's colours; the text on the primary colour is derived, for contrast."""

    primary: str = _colour("Headings, cover and table headers.")
    accent: str = _colour("Rules, ticks and the purpose key.")
    highlight: str = _colour("A warm note on the cover and the letterhead.")
    text: str = _colour("Body text.")
    muted: str = _colour("Footers, captions and labels.")
    rule: str = _colour("Table rules and hairlines.")
    tint: str = _colour("Banded table rows and panels.")

    @property
    def on_primary(self) -> str:
        """Return the text colour on the primary colour: white or the text colour, the clearer."""
        return colour.readable_on(self.primary, colour.WHITE, self.text)

    @property
    def on_primary_soft(self) -> str:
        """Return a quieter text colour on the primary colour (the cover's foot line)."""
        soft = colour.mix(self.on_primary, self.primary, 0.22)
        return (
            soft
            if colour.contrast(soft, self.primary) >= colour.TEXT_CONTRAST
            else (self.on_primary)
        )

    @property
    def primary_line(self) -> str:
        """Return a hairline that shows on the primary colour (inside table headers)."""
        return colour.mix(self.primary, self.on_primary, 0.18)

    def derived(self) -> dict[str, str]:
        """Return the derived colours by CSS name."""
        return {
            "on-primary": self.on_primary,
            "on-primary-soft": self.on_primary_soft,
            "primary-line": self.primary_line,
        }


# Which text colour is read on which background: every pair must reach WCAG AA.
TEXT_ON = {
    "primary": ("white", "tint"),
    "accent": ("white", "tint"),
    "text": ("white", "tint"),
    "muted": ("white", "tint"),
}


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

    file: str = spec(
        "Path of the font file, relative to styles/.",
        max_length=200,
        pattern=PATH,
        pattern_hint=PATH_HINT,
    )
    weight: int = spec("400 for regular, 700 for bold.", min=100, max=900)
    style: str = spec(
        "'normal' or 'italic'.", pattern="normal|italic", pattern_hint="is not 'normal' or 'italic'"
    )


@dataclass(frozen=True)
class Typeface(Located):
    """A family of font files under one name."""

    family: str = spec(
        "Family name, as Word knows it.",
        pattern=r"[A-Za-z0-9 ]{1,60}",
        pattern_hint="is not a font family name (letters, digits, spaces)",
    )
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
    logo: str = spec(
        "The logo as SVG, relative to styles/.",
        max_length=200,
        pattern=PATH,
        pattern_hint=PATH_HINT,
    )
    logo_raster: str = spec(
        "The logo as PNG for Word, relative to styles/.",
        max_length=200,
        pattern=PATH,
        pattern_hint=PATH_HINT,
    )
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
