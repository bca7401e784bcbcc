"""A brand font that cannot be loaded stops every build that needs it, and says which file."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_project, run_cli

PLAN = ("--only", "annual-plan-2021.pdf")


def unloadable(font: bytes) -> bytes:
    """Return `font` with its table directory whole (the brand's check passes it) but its
    header, character map and glyph index zeroed, so that no font library can load it."""
    data = bytearray(font)
    for index in range(int.from_bytes(data[4:6], "big")):
        record = data[12 + 16 * index : 28 + 16 * index]
        offset, length = (int.from_bytes(record[at : at + 4], "big") for at in (8, 12))
        if bytes(record[:4]) in (b"head", b"maxp", b"cmap", b"hhea", b"loca"):
            data[offset : offset + length] = bytes(length)
    return bytes(data)


def test_a_font_that_cannot_be_loaded_is_named_and_refused_again(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    face = root / "styles" / "fonts" / "NotoSans-Italic.ttf"
    face.write_bytes(unloadable(face.read_bytes()))
    first = run_cli("build", "--root", root, *PLAN)
    again = run_cli("build", "--root", root, *PLAN)  # same process: the engine is kept warm
    for result in first, again:
        assert result.returncode == 1, result.stderr
        assert "Font-face 'Brand Noto Sans' cannot be loaded" in result.stderr
        assert "'styles/fonts/NotoSans-Italic.ttf'" in result.stderr
    assert not (root / "dist" / "annual-plan-2021.pdf").exists()
