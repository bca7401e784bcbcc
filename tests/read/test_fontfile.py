"""A brand font file is read as a whole font, its table directory checked, before any layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from pipeline.read.fontfile import HEAD, font_problem

from ..conftest import ROOT, copy_project, line_of, run_cli

FONTS = ROOT / "styles" / "fonts"
REGULAR = FONTS / "NotoSans-Regular.ttf"


def problem(data: bytes) -> str | None:
    return font_problem(data if data.startswith(b"ttcf") else data[:HEAD], len(data))


def saved(font: TTFont | TTCollection) -> bytes:
    stream = io.BytesIO()
    font.save(stream)
    return stream.getvalue()


@pytest.mark.parametrize("path", sorted(FONTS.glob("*.[ot]tf")), ids=lambda p: p.name)
def test_every_shipped_face_is_a_whole_font(path: Path) -> None:
    assert problem(path.read_bytes()) is None


def test_a_collection_and_a_web_font_are_whole_fonts_too() -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(REGULAR), TTFont(FONTS / "NotoSans-Bold.ttf")]
    data = saved(collection)
    assert problem(data) is None
    assert problem(data[: len(data) // 2]) == (
        "is a damaged font file (its table directory is cut short)"
    )  # its second font's directory lay in the half cut off
    web = TTFont(REGULAR)
    web.flavor = "woff2"
    assert problem(saved(web)) is None


def test_a_font_without_a_character_map_is_damaged() -> None:
    font = TTFont(REGULAR)
    del font["cmap"]
    assert problem(saved(font)) == "is a damaged font file (it has no cmap table)"


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda data: b"\x7fELF" + data[4:], "is not a font file (TrueType or OpenType)"),
        (lambda data: data[: len(data) // 2], "is a damaged font file (its '"),
    ],
    ids=["no font", "cut short"],
)
def test_a_face_that_is_no_whole_font_is_refused_where_the_brand_names_it(
    tmp_path: Path, cut: object, message: str
) -> None:
    root = copy_project(tmp_path / "project")
    face = root / "styles" / "fonts" / "NotoSans-Regular.ttf"
    face.write_bytes(cut(face.read_bytes()))  # type: ignore[operator]
    result = run_cli("validate", "--root", root)
    brand = root / "styles" / "brand.yaml"
    line = line_of(brand, "fonts/NotoSans-Regular.ttf")
    column = brand.read_text().splitlines()[line - 1].index("fonts/") + 1
    assert result.returncode == 1
    assert f"styles/brand.yaml:{line}:{column}: file: 'fonts/NotoSans-Regular.ttf' {message}" in (
        result.stderr
    )


def test_a_face_damaged_after_a_good_check_is_refused_at_the_next(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    assert run_cli("validate", "--root", root).returncode == 0  # checked, and remembered
    face = root / "styles" / "fonts" / "NotoSans-Regular.ttf"
    face.write_bytes(face.read_bytes()[:50_000])  # as a watch meets an edit
    result = run_cli("validate", "--root", root)
    assert result.returncode == 1
    assert "'fonts/NotoSans-Regular.ttf' is a damaged font file" in result.stderr
