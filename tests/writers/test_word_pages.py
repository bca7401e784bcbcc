"""The Word plan's pages against the PDF's, read back from both files of one build: the
contents with the PDF's page numbers (purposes too) and no prompt to update, a section per
PDF page with that page's running header, the cover and back page on the primary colour,
and the brand fonts embedded, obfuscated, with a glyph for every character they set."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from pipeline.read import load as sources
from pipeline.render.word.fonts import obfuscate

from ..conftest import ROOT
from ..pdfread import pages

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture(scope="module")
def document(built: Path) -> Any:
    return Document(str(built / "annual-plan-2021.docx"))


@pytest.fixture(scope="module")
def outline(built: Path) -> dict[str, int]:
    """Return the PDF outline's titles (chapters and purposes) with their pages."""
    reader = PdfReader(built / "annual-plan-2021.pdf")
    found: dict[str, int] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return found


def contents(document: Any) -> list[tuple[str, str, int]]:
    """Return the contents' entries: style, title and the page number printed after a tab."""
    entries = []
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("toc "):
            texts = [t.text or "" for t in paragraph._p.iter(qn("w:t"))]
            assert paragraph._p.find(f".//{qn('w:tab')}") is not None
            entries.append((paragraph.style.name, "".join(texts[:-1]), int(texts[-1])))
    return entries


def test_the_contents_print_the_pdfs_page_of_every_chapter_and_purpose(
    document: Any, outline: dict[str, int]
) -> None:
    found = contents(document)
    assert {title: page for _, title, page in found} == outline
    purposes = [title for style, title, _ in found if style == "toc 2"]
    assert len(purposes) == 4 and purposes[0].startswith("Responsive to Bali Process")


def test_the_word_plan_has_a_section_per_pdf_page_with_its_running_header(
    document: Any, built: Path
) -> None:
    pdf = pages(built / "annual-plan-2021.pdf")
    assert len(document.sections) == len(pdf)
    for section, page in zip(document.sections, pdf, strict=True):
        header = "".join(t.text or "" for t in section.header._element.iter(qn("w:t")))
        assert header.strip() == " ".join(page.text(0, 62).split()), page.number


def test_cover_and_back_lie_on_the_primary_colour(document: Any) -> None:
    primary = sources.load(ROOT).brand.colours.primary
    first, *_, before_last, last = document.sections
    body = list(document.element.body)
    back = body.index(before_last._sectPr.getparent().getparent()) + 1
    for section, index in ((first, 0), (last, back)):
        anchor = body[index].find(f".//{{{WP}}}anchor")
        assert anchor is not None and anchor.get("behindDoc") == "1"
        extent = anchor.find(f"{{{WP}}}extent")
        assert int(extent.get("cx")) >= int(section.page_width)
        assert int(extent.get("cy")) >= int(section.page_height)
        position = anchor.find(f"{{{WP}}}positionH")
        assert position.get("relativeFrom") == "page"
        rid = anchor.find(f".//{{{A}}}blip").get(f"{{{R}}}embed")
        image = Image.open(io.BytesIO(document.part.related_parts[rid].blob))
        assert image.convert("RGB").getpixel((0, 0)) == tuple(
            int(primary[i : i + 2], 16) for i in (1, 3, 5)
        )


def embedded(path: Path) -> dict[tuple[str, str], TTFont]:
    """Return each embedded face, de-obfuscated, by its family and slot."""
    with zipfile.ZipFile(path) as package:
        table = package.read("word/fontTable.xml").decode()
        rels = package.read("word/_rels/fontTable.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
        targets |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
        faces = {}
        for family, body in re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table):
            for slot, rid, key in re.findall(
                r'<w:(embed\w+) r:id="(rId\d+)" w:fontKey="\{([^}]+)\}"', body
            ):
                data = package.read(f"word/{targets[rid]}")
                font = TTFont(io.BytesIO(obfuscate(data, uuid.UUID(key))))
                faces[(family, slot)] = font
        return faces


@pytest.mark.parametrize(
    "name",
    ["annual-plan-2021.docx", "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.docx"],
)
def test_the_brand_fonts_are_embedded_with_every_character_they_set(built: Path, name: str) -> None:
    faces = embedded(built / name)
    assert {slot for family, slot in faces if family == "Noto Sans"} == {
        "embedRegular",
        "embedBold",
        "embedItalic",
        "embedBoldItalic",
    }
    for (family, _), font in faces.items():
        assert font["name"].getDebugName(1) == family
    document = Document(str(built / name))
    text = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    wanted = {c for c in text.upper() + text.lower() if c.isprintable() and c != "\u200b"}
    cmap = faces[("Noto Sans", "embedRegular")].getBestCmap()
    missing = {c for c in wanted if ord(c) not in cmap and c != "✓"}
    assert not missing
    if "✓" in text:
        assert ord("✓") in faces[("Noto Sans Symbols2", "embedRegular")].getBestCmap()
    settings = document.settings.element
    assert settings.find(qn("w:embedTrueTypeFonts")) is not None
    assert settings.find(qn("w:saveSubsetFonts")) is not None
