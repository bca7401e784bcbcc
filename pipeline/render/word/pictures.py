"""Pictures the Word documents make from the brand: a page's colour and a logo's backing.

The PDF draws its cover and back page on the primary colour and sets the emblem on a light
disc there; Word has no page colour per section, so a picture of the colour lies behind the
text over the whole page (as Word's own cover pages do), and the emblem gets its disc.
Both are made with Pillow (which WeasyPrint already brings), byte for byte the same each time,
and once per process.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from docx.oxml.ns import qn

from . import xml
from .blocks import next_drawing_id
from .styles import PAGE_HEIGHT, PAGE_WIDTH

TWIP = 635  # EMU: the page's size is kept in twips, so the picture is rounded up to them
DISC_MARGIN = 0.04  # of the logo's width: the backing's margin around the emblem, as in the PDF


@lru_cache(maxsize=8)  # the same few colours in every document of a process
def solid(colour: str) -> bytes:
    """Return a PNG of one pixel in `colour` (#RRGGBB), to stretch over a page."""
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (1, 1), colour).save(stream, format="PNG")
    return stream.getvalue()


@lru_cache(maxsize=8)  # the cover's and back page's, the same logo: worked out once
def on_disc(png: bytes, colour: str) -> bytes:
    """Return the picture `png` set on a disc of `colour` a little larger than it."""
    from PIL import Image, ImageDraw

    logo = Image.open(io.BytesIO(png)).convert("RGBA")
    margin = round(max(logo.size) * DISC_MARGIN)
    side = max(logo.size) + 2 * margin
    backing = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    ImageDraw.Draw(backing).ellipse((0, 0, side - 1, side - 1), fill=colour)
    backing.alpha_composite(logo, ((side - logo.width) // 2, (side - logo.height) // 2))
    stream = io.BytesIO()
    backing.save(stream, format="PNG")
    return stream.getvalue()


def page_background(document: Any, paragraph: Any, colour: str) -> None:
    """Lay a picture of `colour` behind the text of the page that `paragraph` is on."""
    part = document.part
    rid, _ = part.get_or_add_image(io.BytesIO(solid(colour)))
    width, height = (-(-int(side) // TWIP) * TWIP for side in (PAGE_WIDTH, PAGE_HEIGHT))
    run = xml.page_background(rid, next_drawing_id(part), width, height)
    ppr = paragraph.find(qn("w:pPr"))
    paragraph.insert(0 if ppr is None else 1, run)
