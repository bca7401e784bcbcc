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
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = list(NAME_IDS)
    options.hinting = False  # screens draw unhinted outlines well; the file is half the size
    options.notdef_outline = True
    with TTFont(io.BytesIO(font), lazy=True, recalcTimestamp=False) as ttf:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes={ord(c) for c in characters})
        subsetter.subset(ttf)
        ttf.flavor = "woff2"
        stream = io.BytesIO()
        ttf.save(stream)
    return stream.getvalue()
