"""Pictures in Word documents fit their box at their own proportions, as CSS max-width and
max-height make them in the PDF."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.shared import Mm

from pipeline.render.word.blocks import picture_in

from ...conftest import png

BOX = (Mm(16), Mm(18))


@pytest.mark.parametrize(
    ("pixels", "dpi", "size"),
    [
        ((600, 600), (72, 72), (16.0, 16.0)),  # square: as wide as the box, as before
        ((120, 480), (72, 72), (4.5, 18.0)),  # tall: as high as the box
        ((400, 100), (72, 72), (16.0, 4.0)),  # wide: as wide as the box
        ((100, 100), (144, 72), (9.0, 18.0)),  # pixels twice as tall as wide, as Word sees
        ((100, 100), (0.2, 0.2), (16.0, 16.0)),  # a resolution too small to be one: 72 dpi
    ],
)
def test_a_picture_takes_the_largest_size_of_its_proportions_inside_its_box(
    pixels: tuple[int, int], dpi: tuple[float, float], size: tuple[float, float]
) -> None:
    paragraph = Document().add_paragraph()
    picture_in(paragraph, io.BytesIO(png(*pixels, dpi)), BOX, "a logo")
    [shape] = paragraph.part.document.inline_shapes
    assert (round(shape.width / 36_000, 1), round(shape.height / 36_000, 1)) == size
