"""The redline's marks, read back from the Word file it makes: words replaced, a word
restyled (w:rPrChange with the earlier properties), a paragraph restyled (w:pPrChange),
a paragraph deleted with its mark, all by one author and date with ids of their own."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from lxml import etree

from pipeline.render.word.redline import redline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx(*paragraphs: tuple[str, list[tuple[str, bool]]]) -> bytes:
    """Return a Word file of paragraphs (style, runs of (text, italic))."""
    document = Document()
    for style, runs in paragraphs:
        paragraph = document.add_paragraph(style=style)
        for text, italic in runs:
            paragraph.add_run(text).italic = italic or None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def test_words_styles_and_paragraphs_are_marked_as_word_marks_them() -> None:
    old = docx(
        ("Normal", [("The Office will deliver four workshops.", False)]),
        ("Normal", [("See the Strategic Plan.", False)]),
        ("Normal", [("A heading", False)]),
        ("Normal", [("A paragraph that goes.", False)]),
        ("Normal", [("The end.", False)]),
    )
    new = docx(
        ("Normal", [("The Office will deliver five workshops.", False)]),
        ("Normal", [("See the ", False), ("Strategic Plan.", True)]),
        ("Heading 1", [("A heading", False)]),
        ("Normal", [("The end.", False)]),
    )
    found = body(redline(old, new, "The Office", dt.date(2021, 5, 12)))
    texts = lambda tag: ["".join(e.itertext()) for e in found.iter(f"{W}{tag}")]  # noqa: E731
    assert texts("del") == ["four ", "", "A paragraph that goes."]  # a paragraph mark too
    assert texts("ins") == ["five "]
    (restyled,) = found.iter(f"{W}rPrChange")
    assert restyled.getparent().find(f"{W}i") is not None
    assert restyled.find(f"{W}rPr/{W}i") is None  # the earlier properties: not italic
    (style,) = found.iter(f"{W}pPrChange")
    assert style.find(f"{W}pPr/{W}pStyle") is None  # it was Normal
    marks = [e for e in found.iter() if e.get(f"{W}author")]
    assert {(e.get(f"{W}author"), e.get(f"{W}date")) for e in marks} == {
        ("The Office", "2021-05-12T00:00:00Z")
    }
    assert len({e.get(f"{W}id") for e in marks}) == len(marks) == 6
