"""One font program per face in a merged PDF, where each part brought a subset of its own.

WeasyPrint subsets each face to the glyphs a document draws, keeping every glyph at its
place in the face (HarfBuzz's and fontTools' retain-gids), so the subsets of one face made
by different documents are parts of the same glyph table. Merged as they are, a bundle of
200 notices carried 200 copies of each face; here the subsets of a face are united into
one program (each glyph any of them draws), with the union of their widths and of their
text mappings, and every page draws with that one font.

Only TrueType subsets (/FontFile2 under a /CIDFontType2 with the identity glyph map, as
WeasyPrint writes them) are united; any other font is left as its part wrote it.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import pikepdf
from pikepdf import Array, Name

from . import endings

CODES = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
BLOCK = 100  # entries per bfchar block, the most a CMap block may hold
CMAP_HEAD = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo
<< /Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
"""
CMAP_TAIL = b"endcmap\nCMap name currentdict /CMap defineresource pop\nend\nend"
KEPT = 16  # united programs a process keeps: a warm rebuild of a bundle whose subsets
#            did not change (an edit that draws no new glyph) unites nothing again
_united: OrderedDict[bytes, bytes] = OrderedDict()


def share(pdf: pikepdf.Pdf) -> None:
    """Give every page of `pdf` one font per face, uniting the subsets its parts brought."""
    for fonts in _faces(pdf).values():
        if len({font.objgen for font in fonts}) > 1:
            _unite(pdf, _distinct(fonts))


def _faces(pdf: pikepdf.Pdf) -> dict[str, list[Any]]:
    """Return the uniteable fonts the pages use, by face, in the order they are met."""
    faces: dict[str, list[Any]] = {}
    for page in pdf.pages:
        for font in _fonts_of(page).values():
            if _uniteable(font):
                faces.setdefault(str(font.BaseFont), []).append(font)
    return faces


def _fonts_of(page: Any) -> Any:
    """Return the font resources of a page (an empty dictionary where it has none)."""
    return page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())


def _uniteable(font: Any) -> bool:
    """Return whether a font is a TrueType subset as WeasyPrint writes them."""
    if font.get("/Subtype") != Name.Type0 or "/ToUnicode" not in font:
        return False
    cid = font.DescendantFonts[0]
    return bool(
        cid.get("/Subtype") == Name.CIDFontType2
        and cid.get("/CIDToGIDMap") == Name.Identity
        and "/FontFile2" in cid.FontDescriptor
        and b"beginbfrange" not in font.ToUnicode.read_bytes()
    )


def _distinct(fonts: Iterable[Any]) -> list[Any]:
    """Return the fonts once each, in order."""
    seen: dict[tuple[int, int], Any] = {}
    for font in fonts:
        seen.setdefault(font.objgen, font)
    return list(seen.values())


def _unite(pdf: pikepdf.Pdf, fonts: list[Any]) -> None:
    """Make the first of `fonts` hold every glyph, width and text of them all; use it."""
    first = fonts[0]
    cid = first.DescendantFonts[0]
    drawn = [_widths([font.DescendantFonts[0].W]) for font in fonts]
    streams = [font.DescendantFonts[0].FontDescriptor.FontFile2 for font in fonts]
    program = _kept_program(
        [
            (stream.read_bytes(), sorted(widths))
            for stream, widths in zip(streams, drawn, strict=True)
        ]
    )
    program = endings.padded(program, endings.FONT, compressed=True)  # qpdf compresses it
    stream = cid.FontDescriptor.FontFile2
    stream.write(program)
    stream.Length1 = len(program)
    widths: dict[int, Any] = {}
    for part in drawn:
        widths = part | widths  # the first part's width of a glyph wins
    cid.W = _array(widths)
    cmap = _cmap([font.ToUnicode.read_bytes() for font in fonts])
    first.ToUnicode = pdf.make_stream(endings.padded(cmap, endings.CONTENT, compressed=True))
    others = {font.objgen for font in fonts[1:]}
    for page in pdf.pages:
        resources = _fonts_of(page)
        for name, font in list(resources.items()):
            if font.objgen in others:
                resources[name] = first


def _kept_program(subsets: list[tuple[bytes, list[int]]]) -> bytes:
    """Return `_program(subsets)`, from the programs this process united lately if it is one."""
    digest = hashlib.sha256()
    for data, gids in subsets:
        digest.update(b"%d:%s:%r;" % (len(data), hashlib.sha256(data).digest(), gids))
    key = digest.digest()
    if key in _united:
        _united.move_to_end(key)
        return _united[key]
    program = _united[key] = _program(subsets)
    while len(_united) > KEPT:
        _united.popitem(last=False)
    return program


def _program(subsets: list[tuple[bytes, list[int]]]) -> bytes:
    """Return one TrueType program holding each glyph drawn with any of the subsets, given
    as (font file, glyph ids it draws). Glyphs are matched by id, not name: each subset
    keeps the ids up to its last glyph only, and may name them differently."""
    from fontTools.ttLib import TTFont

    def opened(data: bytes) -> Any:
        return TTFont(io.BytesIO(data), recalcTimestamp=False)

    largest = max(range(len(subsets)), key=lambda i: _glyph_count(subsets[i][0]))
    united = opened(subsets[largest][0])
    has: set[int] = set()
    for index, (data, gids) in enumerate(subsets):
        if index == largest or has.issuperset(gids):
            continue  # nothing to copy: most subsets draw what one before drew
        font = opened(data)
        todo = list(gids)
        while todo:
            gid = todo.pop()
            if gid not in has:
                has.add(gid)
                todo += _copy(font, united, gid)
    out = io.BytesIO()
    united.save(out)
    return out.getvalue()


def _glyph_count(data: bytes) -> int:
    """Return the number of glyphs a TrueType program holds (its maxp table's), read from its
    table directory, without parsing the font."""
    tables = struct.unpack_from(">H", data, 4)[0]
    for record in range(12, 12 + 16 * tables, 16):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, record)
        if tag == b"maxp":
            return int(struct.unpack_from(">H", data, offset + 4)[0])
    raise ValueError("a font program without a maxp table")


def _copy(source: Any, united: Any, gid: int) -> list[int]:
    """Copy glyph `gid` of `source` into `united` where it is empty there; return the ids
    of the glyphs it is made of (for a composite glyph)."""
    import copy

    mine = united.getGlyphName(gid)
    if united["glyf"][mine].numberOfContours:
        return []  # there already: most glyphs of a face are drawn by every part
    name = source.getGlyphName(gid)
    glyph = source["glyf"][name]
    if not glyph.numberOfContours:
        return []
    glyph = copy.deepcopy(glyph)
    parts = []
    if glyph.isComposite():
        for component in glyph.components:
            part = source.getGlyphID(component.glyphName)
            component.glyphName = united.getGlyphName(part)
            parts.append(part)
    united["glyf"][mine] = glyph
    united["hmtx"][mine] = source["hmtx"][name]
    return parts


def _widths(arrays: list[Any]) -> dict[int, Any]:
    """Return the width of every glyph the /W arrays `arrays` give (the first's wins)."""
    widths: dict[int, Any] = {}
    for array in arrays:
        items = list(array)
        index = 0
        while index < len(items):
            start, given = int(items[index]), items[index + 1]
            if isinstance(given, pikepdf.Array):
                for offset, width in enumerate(given):
                    widths.setdefault(start + offset, width)
                index += 2
            else:  # c_first c_last width
                for code in range(start, int(given) + 1):
                    widths.setdefault(code, items[index + 2])
                index += 3
    return widths


def _array(widths: dict[int, Any]) -> Array:
    """Return a /W array of `widths`, consecutive glyphs in one run."""
    runs: list[Any] = []
    for code in sorted(widths):
        if runs and code == runs[-2] + len(runs[-1]):
            runs[-1].append(widths[code])
        else:
            runs += [code, [widths[code]]]
    return Array([Array(item) if isinstance(item, list) else item for item in runs])


def _cmap(texts: list[bytes]) -> bytes:
    """Return one ToUnicode CMap mapping every glyph code any of `texts` maps."""
    codes: dict[int, bytes] = {}
    for text in texts:
        for code, unicode in CODES.findall(text.split(b"beginbfchar", 1)[-1]):
            codes.setdefault(int(code, 16), unicode)
    order = sorted(codes)
    blocks = [order[start : start + BLOCK] for start in range(0, len(order), BLOCK)]
    body = b"".join(
        b"%d beginbfchar\n" % len(block)
        + b"".join(b"<%04x> <%s>\n" % (code, codes[code]) for code in block)
        + b"endbfchar\n"
        for block in blocks
    )
    return CMAP_HEAD + body + CMAP_TAIL
