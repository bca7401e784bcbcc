"""The Word preflight, on documents the translator really made: each fault found, and located."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.context import Context, Options
from pipeline.errors import Mark
from pipeline.model.notices import notices
from pipeline.read.load import load
from pipeline.render.word import preflight
from pipeline.render.word.translate import Translator
from pipeline.writers import documents

ROOT = Path(__file__).parents[3]
LOGO = (ROOT / "styles" / "logo.png").read_bytes()
LOGO_AT = Mark("styles/brand.yaml", 84, 14)
EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
MM = 36_000  # EMU


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(ROOT, load(ROOT), Options())


def notice(context: Context) -> Any:
    """Return the Word document of the shipped sources' first notice, as python-docx reads it."""
    project = context.loaded.project
    first = notices(project, project.workplans[0])[0]
    data = Translator(context).notice(documents.notice(context, first))
    return Document(io.BytesIO(data))


def faults(document: Any, one_page: bool = True) -> list[str]:
    return [str(f) for f in preflight.check(document, "notices/n.docx", (LOGO, LOGO_AT), one_page)]


def header_logo(document: Any) -> Any:
    """Return the extent of the letterhead's logo, in the notice's page header."""
    [extent] = document.sections[0].header.part.element.iter(EXTENT)
    return extent


def test_the_shipped_notice_and_plan_have_no_fault(context: Context, built: Path) -> None:
    assert faults(notice(context)) == []
    assert faults(Document(built / "annual-plan-2021.docx"), one_page=False) == []


def test_a_table_wider_than_the_text_area_is_refused(built: Path) -> None:
    document = Document(built / "annual-plan-2021.docx")
    table = document.element.body.find(qn("w:tbl"))
    first = table.find(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    first.set(qn("w:w"), str(int(first.get(qn("w:w"))) + 1701))  # 30 mm more
    assert faults(document, one_page=False) == [
        "notices/n.docx: a table 198 mm wide is wider than the text area (168 mm)"
    ]


def test_a_logo_taller_than_the_room_above_the_text_is_located_at_the_brand(
    context: Context,
) -> None:
    document = notice(context)
    header_logo(document).set("cy", str(40 * MM))
    assert faults(document) == [
        "styles/brand.yaml:84:14: logo_raster: a picture of 16 × 40 mm does not fit a table "
        "cell in the page header (20 × 33 mm) in notices/n.docx"
    ]


def test_a_picture_wider_than_its_cell_is_refused(context: Context) -> None:
    document = notice(context)
    header_logo(document).set("cx", str(24 * MM))
    [fault] = faults(document)
    assert "a picture of 24 × 16 mm does not fit a table cell in the page header" in fault


def test_a_page_break_or_a_second_section_in_a_notice_is_refused(context: Context) -> None:
    document = notice(context)
    document.paragraphs[2]._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:br w:type="page"/></w:r>'))
    message = "notices/n.docx: a notice must be one page; it has 1 page break(s) and 1 section(s)"
    assert faults(document) == [message]
    assert faults(document, one_page=False) == []  # a plan may break its pages
    document.add_section()
    assert faults(document) == [message.replace("1 section(s)", "2 section(s)")]
