"""The brand's fonts embedded in each Word file, as ECMA-376 Part 1, 17.8.1 has them.

A colleague without Noto Sans (most Windows and Mac machines) would otherwise get another
font, reflowed pages and ticks from a font that has none. Every face of each brand family
the document names (the text face, the symbols face if it shows ticks, a fallback where its
text needs one) is subset to the document's characters by HarfBuzz (milliseconds a face,
where fontTools takes a second), obfuscated with a key made from its bytes (so the same
sources give the same file) and listed in the font table with its PANOSE class, so that an
application that does not read embedded fonts still picks a close substitute.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from functools import lru_cache
from html import escape
from typing import Any

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls, qn

from ...context import Context
from ...model.brand import Face, Typeface
from .blank import Blank, blank_of_document, own_elements
from .brandfiles import brand_bytes

FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
SLOTS = {
    (400, "normal"): "embedRegular",
    (700, "normal"): "embedBold",
    (400, "italic"): "embedItalic",
    (700, "italic"): "embedBoldItalic",
}
FONT_MAX_BYTES = 32_000_000
ALWAYS = "0123456789 "  # page numbers that fields print, and the space


def embed(document: Any, context: Context) -> None:
    """Embed, subset to the document's characters, every brand face the document names
    (its blank's settings tell Word that the file embeds them)."""
    brand = context.loaded.brand
    named = _families(document)
    used = [t for t in brand.typefaces if t.family in named or t is brand.typeface]
    found = _characters(document) | set(ALWAYS)
    chars = found | {c.upper() for c in found} | {c.lower() for c in found}  # styles' caps
    table = _font_table(document)
    entries = []
    for number, typeface in enumerate(used):
        slots = []
        for face in typeface.faces:
            slot = SLOTS.get((face.weight, face.style))
            if slot is None:
                continue
            key, hidden = _obfuscated(subset(_font_bytes(context, face), frozenset(chars)))
            name = PackURI(f"/word/fonts/font{number + 1}{slot.removeprefix('embed')}.odttf")
            part = Part(name, OBFUSCATED, hidden, document.part.package)
            rid = table.relate_to(part, FONT)
            slots.append((slot, rid, key))
        entries.append(_entry(typeface, _panose(context, typeface.faces[0]), slots))
    table._blob = _table_xml(entries).encode("utf-8")


def obfuscate(data: bytes, key: uuid.UUID) -> bytes:
    """Return a font obfuscated as 17.8.1 says: its first 32 bytes XORed with the key's
    16 bytes (the GUID's hex digits read from the last pair to the first), twice."""
    mask = bytes.fromhex(key.hex)[::-1]
    return bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32])) + data[32:]


def subset(data: bytes, chars: frozenset[str]) -> bytes:
    """Return the font `data` cut down to the glyphs of `chars` (and what they need).

    A character the font does not map adds nothing, so the subset is made (and kept) for
    those it maps: notices whose words differ share one subset of each face."""
    return _subset(data, chars & _mapped(data))


@lru_cache(maxsize=64)
def _mapped(data: bytes) -> frozenset[str]:
    """Return the characters the font `data` maps, or is told a variation of, to glyphs."""
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob(data))
    found = face.unicodes
    found.update(face.variation_selectors)
    return frozenset(map(chr, found))


@lru_cache(maxsize=128)
def _subset(data: bytes, chars: frozenset[str]) -> bytes:
    """Return the font `data` cut down to the glyphs of `chars` (and what they need)."""
    import uharfbuzz

    request = uharfbuzz.SubsetInput()
    for char in chars:
        request.unicode_set.add(ord(char))
    found = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob(data)), request)
    return bytes(found.blob.data) if found is not None else data


@lru_cache(maxsize=128)
def _obfuscated(data: bytes) -> tuple[uuid.UUID, bytes]:
    """Return the key made from a subset's bytes, and the subset obfuscated with it."""
    key = uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])
    return key, obfuscate(data, key)


def _font_bytes(context: Context, face: Face) -> bytes:
    """Return a brand font file's bytes, read safely (once a build)."""
    return brand_bytes(context, f"styles/{face.file}", FONT_MAX_BYTES)


def _families(document: Any) -> set[str]:
    """Return every family named in the document's runs and styles."""
    return _families_in(own_elements(document)) | _shared_text(document)[0]


def _characters(document: Any) -> set[str]:
    """Return every character of the document's text: body, headers, footers, styles."""
    return _characters_in(own_elements(document)) | _shared_text(document)[1]


def _shared_text(document: Any) -> tuple[frozenset[str], frozenset[str]]:
    """Return the families and characters of the parts `document` shares with its blank."""
    blank = blank_of_document(document)
    return _blank_text(blank) if blank is not None else (frozenset(), frozenset())


@lru_cache(maxsize=4)
def _blank_text(blank: Blank) -> tuple[frozenset[str], frozenset[str]]:
    """Return the families and characters of a blank's shared parts, found once."""
    elements = [p._element for p in blank.shared if hasattr(p, "_element")]
    return frozenset(_families_in(elements)), frozenset(_characters_in(elements))


def _families_in(elements: list[Any]) -> set[str]:
    """Return every family named in the runs and styles of `elements`."""
    found: set[str] = set()
    for element in elements:
        for fonts in element.iter(qn("w:rFonts")):
            found.update(v for k, v in fonts.attrib.items() if not k.endswith("Theme"))
    return found


def _characters_in(elements: list[Any]) -> set[str]:
    """Return every character of the text of `elements`."""
    found: set[str] = set()
    for element in elements:
        for text in element.iter(qn("w:t")):
            found.update(text.text or "")
    return found


def _font_table(document: Any) -> Any:
    """Return the document's font table part."""
    return next(r.target_part for r in document.part.rels.values() if r.reltype == FONT_TABLE)


@lru_cache(maxsize=64)
def _panose_of(data: bytes) -> tuple[str, int]:
    """Return a font's PANOSE digits (hex) and its family type, from its OS/2 table."""
    from fontTools.ttLib import TTFont

    panose = TTFont(io.BytesIO(data), lazy=True)["OS/2"].panose
    digits = [getattr(panose, name) for name in panose.__dict__]
    return "".join(f"{d:02X}" for d in digits), panose.bFamilyType


def _panose(context: Context, face: Face) -> tuple[str, int]:
    return _panose_of(_font_bytes(context, face))


def _entry(typeface: Typeface, panose: tuple[str, int], slots: list[Any]) -> str:
    """Return the font table's entry for `typeface`: its class and its embedded faces."""
    digits, kind = panose
    family = {2: "swiss", 3: "script", 4: "decorative", 5: "decorative"}.get(kind, "swiss")
    embedded = "".join(
        f'<w:{slot} r:id="{rid}" w:fontKey="{{{str(key).upper()}}}"/>'
        for slot, rid, key in sorted(slots, key=lambda s: list(SLOTS.values()).index(s[0]))
    )
    return (
        f'<w:font w:name="{escape(typeface.family, quote=True)}">'
        f'<w:panose1 w:val="{digits}"/><w:charset w:val="00"/><w:family w:val="{family}"/>'
        f'<w:pitch w:val="variable"/>{embedded}</w:font>'
    )


def _table_xml(entries: list[str]) -> str:
    """Return the font table: the brand's families, nothing of the blank's template."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:fonts {nsdecls('w', 'r')}>{''.join(entries)}</w:fonts>"
    )
