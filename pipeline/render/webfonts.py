"""The brand's fonts for the web: each face cut down to the characters a site shows, as WOFF2.

A page then downloads a few kilobytes per face instead of half a megabyte, from the site
itself. The subset keeps the font's own timestamp and names (its copyright and licence
among them), so the same characters give the same bytes on every machine.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)  # copyright, names, version, licence and its URL


def woff2_name(file: str) -> str:
    """Return the name of a font file's WOFF2 subset: 'fonts/NotoSans-Bold.woff2'."""
    return f"fonts/{PurePosixPath(file).stem}.woff2"


def woff2(font: bytes, characters: str) -> bytes:
    """Return the TrueType or OpenType `font` with only the glyphs of `characters`, as WOFF2."""
    return _compressed(_subset(font, frozenset(map(ord, characters))))


def _subset(font: bytes, unicodes: frozenset[int]) -> bytes:
    """Return `font` cut down to the glyphs of `unicodes`, unhinted, with its names.

    HarfBuzz's subsetter (as for the Word files' fonts) takes a millisecond where fontTools'
    takes a tenth of a second a face: it was a fifth of a cold build's time."""
    import uharfbuzz as hb

    request = hb.SubsetInput()
    for code in sorted(unicodes):
        request.unicode_set.add(code)
    for name in NAME_IDS:
        request.sets(hb.SubsetInputSets.NAME_ID).add(name)
    # screens draw unhinted outlines well (the file is half the size); a box for the missing
    request.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    found = hb.subset(hb.Face(hb.Blob(font)), request)
    if found is None:
        raise ValueError("the font cannot be cut down to the characters shown")
    return bytes(found.blob.data)


def _compressed(font: bytes) -> bytes:
    """Return a TrueType or OpenType font as WOFF2, its timestamp kept."""
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(font), recalcTimestamp=False) as ttf:
        ttf.flavor = "woff2"
        stream = io.BytesIO()
        ttf.save(stream)
    return stream.getvalue()
