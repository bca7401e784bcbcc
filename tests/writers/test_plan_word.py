"""The Annual Workplan DOCX, read back with python-docx: every activity and tick, every
sentence, the named styles, fields, properties, and the same bytes from the same sources."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from pipeline.context import Context, Options
from pipeline.read import load as sources
from pipeline.render.word import internals
from pipeline.render.word.xml import runs_xml
from pipeline.writers.plan_word import PlanWordWriter

from .. import seed
from ..conftest import ROOT, SEED

PLAN = "annual-plan-2021.docx"
TICK = "\u2713"
CHAPTERS = list(seed.CHAPTERS)
LOGO_ALT = "Regional Support Office of the Bali Process logo"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def render() -> bytes:
    """Build the workplan DOCX through its writer, as the build's render stage does."""
    context = Context(ROOT, sources.load(ROOT), Options())
    writer = PlanWordWriter(context)
    writer.prepare()
    outputs = list(writer.write(writer.targets()))
    assert [o.target.output for o in outputs] == [PLAN]
    return outputs[0].data  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def data() -> bytes:
    return render()


@pytest.fixture(scope="module")
def document(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def words(text: str) -> str:
    """Return `text` with every run of whitespace made one space."""
    return " ".join(text.split())


def body_rows(document: Any) -> list[tuple[int, Any]]:
    """Return (quarter, row) for every body row of the four quarter tables."""
    return [
        (quarter, row)
        for quarter, table in enumerate(document.tables, start=1)
        for row in table.rows[2:]
    ]


def seed_lines() -> list[str]:
    """Return the seed's table rows as written, with their <i> markup and '1 st' ordinals."""
    lines = SEED.read_text("utf-8").splitlines()
    return [
        line.split("\t")[0]
        for line in lines
        if "\t" in line and not line.startswith(("Activity", "\t"))
    ]


def styles_of(paragraphs: Any, name: str) -> list[str]:
    """Return the text of the paragraphs in style `name`."""
    return [words(p.text) for p in paragraphs if p.style.name == name]


def test_the_writer_has_one_target_per_workplan_made_from_its_document_and_the_brand() -> None:
    context = Context(ROOT, sources.load(ROOT), Options())
    [target] = PlanWordWriter(context).targets()
    project = context.loaded.project
    plan = project.workplans[0]
    assert (target.writer, target.output) == ("plan-word", PLAN)
    assert target.shows == (project.office, plan, project.strategic_plan(plan), None)  # no --since
    assert {
        "layouts/plan.html.j2",
        "layouts/_blocks.html.j2",
        "styles/brand.yaml",
        "styles/logo.png",
    } <= set(target.files)


def test_every_activity_is_a_row_of_its_quarter_with_the_seeds_ticks(document: Any) -> None:
    found = []
    for quarter, row in body_rows(document):
        cells = row.cells
        ticks = tuple(n for n, cell in enumerate(cells[1:], start=1) if cell.text == TICK)
        assert all(cell.text in ("", TICK) for cell in cells[1:])
        found.append((quarter, words(cells[0].text), ticks))
    assert len(document.tables) == 4 and len(found) == 46
    assert found == [(r.quarter, r.text, r.ticks) for r in seed.rows()]
    assert sum(len(ticks) for *_, ticks in found) == 66


def test_tick_cells_are_centred_by_their_style(document: Any) -> None:
    for _, row in body_rows(document):
        assert row.cells[0].paragraphs[0].style.name == "Table Text"
        assert {cell.paragraphs[0].style.name for cell in row.cells[1:]} == {"Tick"}
    assert document.styles["Tick"].paragraph_format.alignment == 1  # centre


def test_italics_and_superscripts_of_the_seed_are_runs_of_the_table(document: Any) -> None:
    for (_, row), line in zip(body_rows(document), seed_lines(), strict=True):
        runs = row.cells[0].paragraphs[0].runs
        assert [r.text for r in runs if r.italic] == re.findall(r"<i>(.*?)</i>", line)
        ordinals = re.findall(r"\b\d+ (st|nd|rd|th)\b", line)
        assert [r.text for r in runs if r.font.superscript] == ordinals


def test_header_rows_repeat_and_no_row_splits(document: Any) -> None:
    for table in document.tables:
        rows = table._tbl.tr_lst
        for index, tr in enumerate(rows):
            assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
            assert (tr.trPr.find(qn("w:tblHeader")) is not None) == (index < 2)
        first, second = (words(" ".join(c.text for c in row.cells)) for row in table.rows[:2])
        assert (
            first == "Activity Strategic Purpose Strategic Purpose Strategic Purpose "
            "Strategic Purpose"
        )
        assert second == "Activity 1 2 3 4"
        head = rows[0].tc_lst
        assert head[0].vMerge == "restart" and head[1].grid_span == 4
        assert rows[1].tc_lst[0].vMerge == "continue"


def test_columns_and_cells_have_fixed_widths(document: Any) -> None:
    for table in document.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.gridCol_lst]
        assert len(grid) == 5 and len(set(grid[1:])) == 1
        assert 0.64 < grid[0] / sum(grid) < 0.68
        assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
        for tr in tbl.tr_lst:
            column = 0
            for tc in tr.tc_lst:
                width = tc.tcPr.find(qn("w:tcW"))
                assert width.get(qn("w:type")) == "dxa"
                assert int(width.get(qn("w:w"))) == sum(grid[column : column + tc.grid_span])
                column += tc.grid_span


def test_a_key_to_the_purposes_follows_each_table_under_a_rule_as_in_the_pdf(
    document: Any,
) -> None:
    firsts = styles_of(document.paragraphs, "First Key")
    keys = [k for p in document.paragraphs if "Key" in p.style.name for k in [words(p.text)]]
    titles = [
        "Responsive to Bali Process Members and Working Groups",
        "Operational Capacity Building",
        "Policy Development and Promotion of Best Practice",
        "Outreach, Engagement and Advocacy",
    ]
    assert keys == [f"{n} {title}" for n, title in enumerate(titles, start=1)] * 4
    assert firsts == [keys[0]] * 4  # each key opens under its rule, 5 mm below the table
    first, key = document.styles["First Key"], document.styles["Key"]
    assert first.base_style.name == "Key"
    assert first.paragraph_format.space_before.mm == pytest.approx(5, abs=0.1)
    [top] = key.element.pPr.iter(qn("w:top"))  # shared: drawn over the first line only
    assert top.get(qn("w:color")) == sources.load(ROOT).brand.colours.rule[1:].upper()
    assert first.element.pPr.find(qn("w:pBdr")) is None


def test_every_sentence_of_the_seed_is_in_the_document(document: Any) -> None:
    text = words(
        " ".join(p.text for p in document.paragraphs if not p.style.name.startswith("toc"))
    )
    assert [s for s in seed.prose() if s not in text] == []


def test_the_cover_carries_logo_wordmark_and_title(document: Any) -> None:
    cover = document.paragraphs[:4]
    assert cover[0].style.name == "Logo" and cover[0]._p.xpath(".//wp:docPr")
    assert words(cover[1].text).upper() == "REGIONAL SUPPORT OFFICE THE BALI PROCESS"
    assert cover[2].style.name == "Cover Title" and words(cover[2].text) == "Annual Workplan 2021"
    assert document.styles["Wordmark"].font.all_caps
    assert document.styles["Cover Title"].font.all_caps


def test_chapters_are_heading_1_in_the_pdfs_order(document: Any) -> None:
    chapters = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Back Title")]
    assert [p.text for p in chapters] == CHAPTERS
    assert document.styles["Back Title"].base_style.name == "Heading 1"  # a chapter too
    assert styles_of(document.paragraphs, "Purpose Label") == [f"Purpose {n}" for n in range(1, 5)]
    assert len(styles_of(document.paragraphs, "Heading 2")) == 4


def test_principles_are_boxed_with_bold_lead_phrases_as_in_the_pdf(document: Any) -> None:
    principles = [p for p in document.paragraphs if p.style.name == "Principle"]
    assert len(principles) == 4
    assert len([p for p in document.paragraphs if p.style.name == "List Bullet"]) == 7
    assert [r.text for r in principles[0].runs if r.bold] == ["Participatory and consultative"]
    assert [r.text for r in principles[1].runs if r.bold] == [
        "Inclusive, non-discriminatory, gender-sensitive",
        "gender equality",
    ]
    style = document.styles["Principle"]
    colours = sources.load(ROOT).brand.colours
    leads = {r.style.name for p in principles for r in p.runs if r.bold}
    assert leads == {"Lead Phrase"}  # in the primary colour, as the PDF's
    assert str(document.styles["Lead Phrase"].font.color.rgb) == colours.primary[1:].upper()
    assert style.element.pPr.numPr is None  # boxes, not bullets, as the PDF's
    assert style.element.pPr.find(qn("w:shd")).get(qn("w:fill")) == colours.tint[1:].upper()
    [left] = style.element.pPr.iter(qn("w:left"))
    assert left.get(qn("w:color")) == colours.accent[1:].upper()
    rule = Pt(int(left.get(qn("w:space")))) + Pt(int(left.get(qn("w:sz"))) / 8)
    assert style.paragraph_format.left_indent == rule  # the box's rule lies on the margin
    assert style.paragraph_format.left_indent.mm == pytest.approx(2.5 * 25.4 / 72 + 5, abs=0.1)


def test_the_contact_page_prints_the_office_as_the_pdf_does(document: Any) -> None:
    lines = [words(p.text) for p in document.paragraphs if p.style.name.startswith("Contact")]
    assert lines == [
        "Regional Support Office of the Bali Process (RSO)",
        "Level 27, Rajanakarn Building 3 South Sathorn Road, Sathorn Bangkok 10120, Thailand",
        "Telephone: +66 (0) 2343 9477 Email: info@rso.baliprocess.net www.baliprocess.net",
    ]


def test_the_contents_field_is_filled_and_never_asks_to_be_updated(document: Any) -> None:
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    entries = styles_of(document.paragraphs, "toc 1")
    assert [re.sub(r"\s+\d+$", "", t) for t in entries] == CHAPTERS
    assert document.settings.element.find(qn("w:updateFields")) is None
    chars = list(body.iter(qn("w:fldChar")))
    assert [c.get(qn("w:fldCharType")) for c in chars] == ["begin", "separate", "end"]
    assert all(c.get(qn("w:dirty")) is None for c in chars)


def test_footer_numbers_pages_and_the_cover_has_none(document: Any) -> None:
    first, *rest = document.sections
    footer = first.footer._element
    assert [words(t.text) for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert first.footer.paragraphs[0].text.startswith("RSO Annual Workplan 2021\tPage ")
    assert first.different_first_page_header_footer
    assert first.first_page_footer.paragraphs[0].text == ""
    assert all(not s.different_first_page_header_footer for s in rest)
    *inside, back = rest
    assert all(s.footer.is_linked_to_previous for s in inside)
    assert not back.footer.is_linked_to_previous and back.footer.paragraphs[0].text == ""
    assert first.footer.paragraphs[0].style.name == "Footer"


def test_styles_carry_the_brand(document: Any) -> None:
    brand = sources.load(ROOT).brand
    styles = document.styles
    for name, size in (
        ("Heading 1", brand.sizes.h1),
        ("Heading 2", brand.sizes.h2),
        ("Heading 3", brand.sizes.h3),
        ("Title", brand.sizes.title),
    ):
        assert styles[name].font.size == Pt(size)
        assert styles[name].font.color.rgb == RGBColor.from_string(brand.colours.primary[1:])
    defaults = styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    for fonts in (defaults, styles["Normal"].element.rPr.rFonts):
        assert {fonts.get(qn(f"w:{n}")) for n in ("ascii", "hAnsi", "cs", "eastAsia")} == {
            brand.typeface.family
        }
    assert not any(
        k.endswith("Theme") or k.endswith("theme")
        for f in styles.element.iter(qn("w:rFonts"))
        for k in f.attrib
    )
    names = {style.name for style in styles}
    assert {
        "Normal",
        "List Bullet",
        "Header",
        "Footer",
        "Tick",
        "Cover Title",
        "Lead",
        "Purpose Label",
        "Contact",
        "Activity Table",
        "Key Number",
    } <= names


def test_the_table_style_shades_the_header_in_the_primary_colour(document: Any) -> None:
    brand = sources.load(ROOT).brand
    style = document.styles["Activity Table"].element
    header = next(p for p in style.iter(qn("w:tblStylePr")) if p.get(qn("w:type")) == "firstRow")
    assert header.find(f".//{qn('w:shd')}").get(qn("w:fill")) == brand.colours.primary[1:]
    assert header.find(f".//{qn('w:color')}").get(qn("w:val")) == "FFFFFF"
    assert header.find(f".//{qn('w:b')}") is not None
    assert all(t.style.name == "Activity Table" for t in document.tables)


def test_every_second_body_row_is_tinted_as_in_the_pdf(document: Any) -> None:
    tint = sources.load(ROOT).brand.colours.tint[1:]
    for table in document.tables:
        for index, row in enumerate(table.rows[2:], start=1):
            fills = {c._tc.tcPr.find(qn("w:shd")) for c in row.cells}
            shaded = {f.get(qn("w:fill")) if f is not None else None for f in fills}
            assert shaded == ({tint} if index % 2 == 0 else {None}), index
    look = document.tables[0]._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:noHBand")) == "1"  # no style band to count the header rows in


def test_the_text_has_no_direct_formatting_but_emphasis(document: Any) -> None:
    body = document.element.body
    allowed = {
        "rPr": {"rStyle", "b", "bCs", "i", "iCs", "vertAlign", "rFonts", "rtl", "cs", "lang"},
        "pPr": {"pStyle", "sectPr", "pageBreakBefore"},
        "tcPr": {"tcW", "gridSpan", "vMerge", "shd"},
        "trPr": {"cantSplit", "tblHeader"},
        "tblPr": {"tblStyle", "tblW", "tblLayout", "tblLook"},
    }
    for tag, names in allowed.items():
        for element in body.iter(qn(f"w:{tag}")):
            if tag == "rPr" and element.getparent().tag == qn("w:pPr"):
                continue
            assert {child.tag.split("}")[1] for child in element} <= names, tag


def test_properties_come_from_the_sources(document: Any, data: bytes) -> None:
    core = document.core_properties
    plan = sources.load(ROOT).project.workplans[0]
    day = dt.datetime(plan.date.year, plan.date.month, plan.date.day)
    assert core.title == "RSO Annual Workplan 2021"
    assert core.author == "Regional Support Office of the Bali Process"
    assert "Annual Workplan 2021" in core.subject and "annual workplan" in core.keywords
    assert core.created.replace(tzinfo=None) == day == core.modified.replace(tzinfo=None)
    assert (core.last_modified_by, core.revision, core.language) == ("RSO", 1, "en-GB")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
    assert not any("thumbnail" in n or "stylesWithEffects" in n for n in names)
    assert "Microsoft" not in app and "python-docx" not in app


def test_the_logo_is_described_for_screen_readers(document: Any) -> None:
    pictures = list(document.element.body.iter(f"{{{WP}}}docPr"))
    described = [d.get("descr") for d in pictures if d.get("name") != "Page background"]
    assert described == [LOGO_ALT, LOGO_ALT]
    backgrounds = [d for d in pictures if d.get("name") == "Page background"]
    assert len(backgrounds) == 2 and all(
        "decorative" in etree.tostring(d).decode() for d in backgrounds
    )


def test_two_builds_give_the_same_bytes_dated_by_the_sources(data: bytes) -> None:
    assert render() == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(2021, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}


def test_without_python_docx_writer_steps_the_bytes_are_the_same(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(internals, "WRITER_STEPS", ("_renamed_by_a_release",))
    assert render() == data  # saved and read back: the same members, the same bytes


def test_listing_targets_does_not_import_python_docx() -> None:
    code = (
        "import sys; from pathlib import Path; from pipeline.read.load import load;"
        "from pipeline.context import Context;"
        "from pipeline.writers.plan_word import PlanWordWriter;"
        f"PlanWordWriter(Context(Path({str(ROOT)!r}), load(Path({str(ROOT)!r}))))"
        ".targets(); print('docx' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"


def test_pictures_of_a_header_and_a_body_have_distinct_ids() -> None:
    from pipeline.render.word.translate import Translator

    context = Context(ROOT, sources.load(ROOT), Options())
    article = (
        '<article data-title="T" data-subject="S" data-keywords="K" data-date="2021-03-01">'
        '<header class="letterhead"><div class="wordmark"><img alt="A logo">'
        '<p class="wordmark-name"><span>One</span><span>Two</span></p></div>'
        '<p class="letterhead-address">Bangkok</p></header>'
        '<div class="wordmark"><img alt="A logo"><p class="wordmark-name"><span>One</span>'
        '</p></div><p class="notice-meta">Reference X</p></article>'
    )
    read = Document(io.BytesIO(Translator(context).notice(article)))
    header = read.sections[0].header
    [lockup] = header.tables  # the logo beside the wordmark, the address at the right
    cells = [c.paragraphs[0] for c in lockup.rows[0].cells]
    assert [words(p.text) for p in cells] == ["", "One Two", "Bangkok"]
    assert [p.style.name for p in cells] == ["Logo", "Letterhead Wordmark", "Letterhead Address"]
    assert cells[0]._p.find(f".//{{{WP}}}inline") is not None
    drawings = [
        d for part in (header._element, read.element.body) for d in part.iter(f"{{{WP}}}docPr")
    ]
    assert [d.get("descr") for d in drawings] == ["A logo", "A logo"]
    assert len({d.get("id") for d in drawings}) == 2


def test_runs_are_serialised_with_their_emphasis_spaces_and_breaks() -> None:
    from pipeline.model.markup import Rich, Run

    rich = Rich(
        "",
        (
            Run(" the "),
            Run("20", bold=True),
            Run("th", superscript=True, bold=True),
            Run("a\tb\nc <d> & e", italic=True),
        ),
    )
    assert runs_xml(rich) == (
        '<w:r><w:t xml:space="preserve"> the </w:t></w:r>'
        "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>20</w:t></w:r>"
        '<w:r><w:rPr><w:b/><w:bCs/><w:vertAlign w:val="superscript"/></w:rPr><w:t>th</w:t></w:r>'
        "<w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/>"
        "<w:t>c &lt;d&gt; &amp; e</w:t></w:r>"
    )
    assert runs_xml("") == "" and runs_xml(Rich("", ())) == ""
