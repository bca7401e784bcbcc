"""The web edition's fonts: each brand face cut down to the characters its pages show."""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.ttLib import TTFont

from pipeline.render.webfonts import NAME_IDS, woff2

FONTS = Path(__file__).resolve().parents[2] / "styles" / "fonts"
SHOWN = "Quarter 1: January – March 2021 ✓ «ý»"


def _font(name: str) -> bytes:
    return (FONTS / name).read_bytes()


def test_a_subset_maps_the_characters_shown_and_no_others() -> None:
    font = TTFont(io.BytesIO(woff2(_font("NotoSans-Regular.ttf"), SHOWN)))
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == {ord(c) for c in SHOWN} - {ord("✓")}  # not in this face
    assert len(font.getGlyphOrder()) < 60  # of the face's thousands


def test_a_subset_keeps_the_fonts_names_licence_and_date_and_drops_its_hinting() -> None:
    source = TTFont(io.BytesIO(_font("NotoSans-Bold.ttf")))
    font = TTFont(io.BytesIO(woff2(_font("NotoSans-Bold.ttf"), SHOWN)))
    kept = {(n.nameID, n.toUnicode()) for n in font["name"].names}
    wanted = {(n.nameID, n.toUnicode()) for n in source["name"].names if n.langID == 0x409}
    assert kept == {n for n in wanted if n[0] in NAME_IDS}
    assert {13, 14} <= {n for n, _ in kept}  # the licence and its address
    assert font["head"].modified == source["head"].modified  # the same bytes on any day
    assert not {"fpgm", "prep", "cvt "} & set(font.keys())
    glyphs = [font["glyf"][name] for name in font.getGlyphOrder()]
    assert not any(hasattr(g, "program") and g.program.getBytecode() for g in glyphs)


def test_the_same_characters_give_the_same_bytes() -> None:
    font = _font("NotoSans-Italic.ttf")
    assert woff2(font, SHOWN) == woff2(font, "".join(reversed(SHOWN)))
