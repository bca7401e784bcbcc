"""Any office, any year, any number of purposes, long texts: built, read back, inside the page."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from .. import sourcegen
from ..conftest import line_of, png, run_cli, run_python
from ..pdfread import pages, table_rows

MM = 72 / 25.4
EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
MARGINS = {"top": 24 * MM, "right": 20 * MM, "bottom": 22 * MM, "left": 22 * MM}  # plan.css


def build(project: Path, spec: sourcegen.Spec, *only: str) -> Path:
    """Write `spec` into `project`, build it (or the outputs matching `only`); return dist."""
    sourcegen.write(project, spec)
    args = [a for pattern in only for a in ("--only", pattern)]
    result = run_cli("build", "--root", project, *args)
    assert result.returncode == 0, result.stderr
    return project / "dist"


def inside_margins(path: Path, skip: tuple[int, ...] = ()) -> None:
    """Assert every character of the body pages lies inside the text area's margins."""
    for page in pages(path):
        if page.number in skip:
            continue
        width = PdfReader(path).pages[page.number - 1].mediabox.width
        for char in page.chars:
            if not char.text.strip():
                continue
            assert char.x0 >= MARGINS["left"] - 1, (page.number, char)
            assert char.x1 <= float(width) - MARGINS["right"] + 1, (page.number, char)


@pytest.mark.parametrize("count", [1, 3, 5, 8])
def test_any_number_of_purposes_ticks_the_right_columns_inside_the_margins(
    project: Path, count: int
) -> None:
    every = list(range(1, count + 1))
    rows = [("Activity serving every purpose", every), ("Activity serving the last", [count])]
    spec = sourcegen.Spec(purposes=count, activities=[rows] * 4)
    dist = build(project, spec, "*plan*.pdf")
    pdf = dist / "annual-plan-2022.pdf"
    read = table_rows(pdf)
    assert len(read) == 8
    assert all(r.ticks == tuple(every) for r in read[::2])
    assert all(r.ticks == (count,) for r in read[1::2])
    inside_margins(pdf, skip=(1, len(PdfReader(pdf).pages)))  # the full-bleed cover and back


def test_more_purposes_than_a_page_holds_are_refused_where_written(project: Path) -> None:
    sourcegen.write(project, sourcegen.Spec(purposes=9))
    result = run_cli("build", "--root", project)
    assert result.returncode == 1
    assert "sources/strategic-plans/plan.yaml:" in result.stderr
    assert "purposes: at most 8 items" in result.stderr or "at most 8" in result.stderr


def test_long_titles_and_office_names_build_in_every_format(project: Path) -> None:
    title = ("A study of regional cooperation on the protection of migrants " * 5)[:300].strip()
    office = "Regional Coordination and Support Office of the Pacific Islands Forum " * 3
    office = office[:200].strip()
    release = {"id": "long-study", "number": 1, "title": title, "activity": "Long release"}
    spec = sourcegen.Spec(
        office=office,
        activities=[[("Long release", [1])], [("Other", [2])], [("Third", [3])], [("Last", [4])]],
        releases=[release],
    )
    dist = build(project, spec)
    notice = dist / "notices" / "PCO-REL-2022-01-notice-long-study.pdf"
    assert len(PdfReader(notice).pages) == 1
    text = "".join(c.text for page in pages(notice) for c in page.chars)
    assert "".join(title.split()) in "".join(text.replace("\ufffe", "-").split())
    word = Document(str(notice.with_suffix(".docx")))
    assert len(word.core_properties.title) <= 255 and word.core_properties.title.startswith(
        "Release notice"
    )
    assert office in " ".join(
        p.text for p in Document(str(dist / "annual-plan-2022.docx")).paragraphs
    )
    inside_margins(
        dist / "annual-plan-2022.pdf", skip=(1, len(PdfReader(dist / "annual-plan-2022.pdf").pages))
    )


def test_a_word_of_600_characters_wraps_inside_the_activity_column(project: Path) -> None:
    url = "https://example.org/" + "/".join(["segment-of-a-long-path"] * 26)
    url = url[:600]
    spec = sourcegen.Spec(activities=[[(url, [1])], [("b", [2])], [("c", [3])], [("d", [4])]])
    pdf = build(project, spec, "*plan*.pdf") / "annual-plan-2022.pdf"
    [row] = [r for r in table_rows(pdf) if r.text.startswith("https")]
    assert "".join(row.text.split()) == url
    assert row.ticks == (1,)
    inside_margins(pdf, skip=(1, len(PdfReader(pdf).pages)))


RSO = ("RSO", "Regional Support Office", "Bali", "baliprocess", "Rajanakarn")
RSO_COLOURS = ("0E3A5B", "0D7679", "E3A33A", "1C2630", "5A6877", "C6D2DC", "EDF3F6", "0F7F82")
OTHER_COLOURS = {
    "primary": "#5B1E3A",
    "accent": "#2F5D1E",
    "highlight": "#E8B04A",
    "text": "#222222",
    "muted": "#555555",
    "rule": "#CCCCCC",
    "tint": "#F4F1EC",
}


def test_a_rebranded_office_shows_nothing_of_the_rso(project: Path) -> None:
    brand = project / "styles" / "brand.yaml"
    text = brand.read_text(encoding="utf-8")
    for name, value in OTHER_COLOURS.items():
        text = re.sub(rf'(?m)^  {name}: "#[0-9A-F]+"', f'  {name}: "{value}"', text)
    brand.write_text(text, encoding="utf-8")
    release = {"id": "a-guide", "number": 3, "title": "A Guide", "activity": "Regional workshop 1"}
    dist = build(project, sourcegen.Spec(releases=[release]))
    outputs = sorted(p for p in dist.rglob("*") if p.is_file() and p.suffix in (".pdf", ".docx"))
    assert len(outputs) == 5
    for path in outputs:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                words = " ".join(
                    archive.read(n).decode("utf-8")
                    for n in archive.namelist()
                    if n.endswith((".xml", ".rels"))
                )
        else:
            reader = PdfReader(path)
            words = " ".join(page.extract_text() for page in reader.pages)
            words += " ".join(str(v) for v in (reader.metadata or {}).values())
            words += reader.xmp_metadata.stream.get_data().decode() if reader.xmp_metadata else ""
        assert ("Pacific Coordination Office" in words and "5B1E3A" in words.upper()) or (
            path.suffix == ".pdf" and "Pacific Coordination Office" in words
        ), path.name  # what is read back holds the new office: the absence below means something
        found = [w for w in (*RSO, *RSO_COLOURS) if w.casefold() in words.casefold()]
        assert found == [], path.name


def test_the_key_to_the_purposes_stays_with_its_table(project: Path) -> None:
    rows = [
        (f"Activity number {i} of a quarter with an ordinary description", [1 + i % 4])
        for i in range(19)
    ]  # the table ends where the key would go over to the next page
    spec = sourcegen.Spec(activities=[rows, [("b", [2])], [("c", [3])], [("d", [4])]])
    pdf = build(project, spec, "*plan*.pdf") / "annual-plan-2022.pdf"
    texts = ["".join(c.text for c in page.chars) for page in pages(pdf)]
    [last_row] = [text for text in texts if "Activity number 18" in text]
    assert "Activity number 17" not in last_row  # the table does run onto a second page,
    assert "4 Purpose title 4" in last_row  # and its key stays beside its last row
    css = project / "styles" / "plan.css"
    css.write_text(css.read_text().replace("break-before: avoid;  /*", "/*"))
    result = run_cli("build", "--root", project, "--only", "*plan*.pdf")
    assert result.returncode == 1
    assert "Key to the strategic purposes would start page" in result.stderr


WIDE_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">'
    '<rect width="400" height="100" rx="12" fill="#5B1E3A"/></svg>'
)


def test_a_wide_logo_keeps_its_proportions_beside_the_wordmark(project: Path) -> None:
    (project / "styles" / "logo.svg").write_text(WIDE_LOGO, encoding="utf-8")
    release = {"id": "a-guide", "number": 1, "title": "A Guide", "activity": "Regional workshop 1"}
    pdf = (
        build(project, sourcegen.Spec(releases=[release]), "notices/*.pdf")
        / "notices/PCO-REL-2022-01-notice-a-guide.pdf"
    )
    document = pdfium.PdfDocument(pdf)
    height = document[0].get_height()
    shapes = [
        o.get_bounds()
        for o in document[0].get_objects(max_depth=3)
        if o.type == pdfium_c.FPDF_PAGEOBJ_PATH
        and height - o.get_bounds()[3] < 40 * MM
        and o.get_bounds()[3] - o.get_bounds()[1] > 5 * MM  # not the letterhead's rule
        and o.get_bounds()[2] - o.get_bounds()[0] < 100 * MM  # nor its whole box
    ]
    left, bottom, right, top = max(shapes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    assert 3.8 < (right - left) / (top - bottom) < 4.2  # its own 4:1, not squeezed
    page = pages(pdf)[0]
    name = [c for c in page.chars if c.top < 40 * MM and c.text.isalpha() and c.x0 < 300]
    assert min(c.x0 for c in name) > right  # the name set beside it, clear of it
    assert "COORDINATION" in page.text(0, 40 * MM).replace(" ", "")  # no word cut in two


UNFITTED = """
import sys
from pipeline.render.word import blocks
blocks.fitted_size = lambda image, box: (  # every picture as wide as its box, as before
    box[0], round(box[0] / blocks.proportions(image))
)
from pipeline.cli.main import main
sys.exit(main(["build", "--root", sys.argv[1], "--only", "notices/*.docx"]))
"""


def test_a_tall_logo_keeps_its_proportions_inside_the_word_letterhead(project: Path) -> None:
    (project / "styles" / "logo.png").write_bytes(png(120, 480))  # four times as tall as wide
    release = {"id": "a-guide", "number": 1, "title": "A Guide", "activity": "Regional workshop 1"}
    sourcegen.write(project, sourcegen.Spec(releases=[release]))
    unfitted = run_python(UNFITTED.replace("sys.argv[1]", repr(str(project))))
    at = f"styles/brand.yaml:{line_of(project / 'styles' / 'brand.yaml', 'logo_raster:')}:14"
    assert unfitted.returncode == 1, unfitted.stderr
    assert f"{at}: logo_raster: a picture of 16 × 64 mm does not fit a table cell in the page " in (
        unfitted.stderr
    )  # the Word preflight refuses the letterhead that would push the text down
    assert not list((project / "dist").rglob("*.docx"))
    dist = build(project, sourcegen.Spec(releases=[release]), "notices/*.docx")
    document = Document(dist / "notices" / "PCO-REL-2022-01-notice-a-guide.docx")
    [extent] = document.sections[0].header.part.element.iter(EXTENT)
    width, height = (int(extent.get(side)) / 36_000 for side in ("cx", "cy"))
    assert (round(width, 1), round(height, 1)) == (4.5, 18.0)  # as tall as the PDF's, at most


def test_a_right_to_left_office_has_its_logo_at_the_start_of_its_cover_wordmark(
    project: Path,
) -> None:
    """The cover's wordmark runs right to left: the logo at the right, the name to its left,
    all on the page (WeasyPrint set the logo, a flex item sized by its max-height, outside)."""
    titles = ["حمایت از قربانیان", "ظرفیت‌سازی عملیاتی", "همکاری منطقه‌ای", "اطلاع‌رسانی"]
    spec = sourcegen.Spec(office="دفتر هماهنگی منطقه‌ای", language="prs", purpose_titles=titles)
    pdf = build(project, spec, "*plan*.pdf") / "annual-plan-2022.pdf"
    document = pdfium.PdfDocument(pdf)
    cover, width = document[0], document[0].get_width()
    height = cover.get_height()
    shapes = [
        o.get_bounds()
        for o in cover.get_objects(max_depth=3)
        if o.type == pdfium_c.FPDF_PAGEOBJ_PATH
        and height - o.get_bounds()[3] < 70 * MM  # the wordmark's, not the title's rule
        and o.get_bounds()[2] - o.get_bounds()[0] < 100 * MM  # nor the page's colour
    ]
    assert shapes, "the cover shows no logo"
    left = min(b[0] for b in shapes)
    assert width / 2 < left and max(b[2] for b in shapes) <= width - 20 * MM
    name = [c for c in pages(pdf)[0].chars if c.top < 70 * MM and c.text.strip()]
    assert name and max(c.x1 for c in name) < left  # the name beside it, at its left
    foot = pages(pdf)[2].text(height - 22 * MM, height)
    assert f"Page 3 of {len(document)}" in foot  # the layout's English, in its order
    title = [c for c in pages(pdf)[2].chars if c.top > height - 22 * MM and c.x1 < width / 2]
    assert title and min(c.x0 for c in title) < 23 * MM  # at the left, as the margin's box


def test_a_right_to_left_offices_word_files_are_mirrored_as_its_pdfs(project: Path) -> None:
    """Its tables' first column (the Activity, a notice's logo) at the right, its contents
    and facts set from the right, their rules at the right; a left-to-right office's tables
    are not mirrored."""
    release = {"id": "a-guide", "number": 1, "title": "A Guide", "activity": "Regional workshop 1"}
    spec = sourcegen.Spec(office="دفتر هماهنگی منطقه‌ای", language="prs", releases=[release])
    dist = build(project, spec, "*plan*.docx", "notices/*.docx")
    notice = Document(str(dist / "notices" / "PCO-REL-2022-01-notice-a-guide.docx"))
    [letterhead] = notice.sections[0].header.tables
    assert _mirrored(letterhead)
    facts = [p for p in notice.paragraphs if "Fact" in p.style.name]
    assert facts and all(p._p.pPr.find(qn("w:bidi")) is not None for p in facts)
    rules = {
        side: notice.styles["Fact"].element.pPr.find(f"{qn('w:pBdr')}/{qn(f'w:{side}')}")
        for side in ("left", "right")
    }
    assert rules["right"].get(qn("w:sz")) == "20" and rules["left"].get(qn("w:sz")) == "4"
    plan = Document(str(dist / "annual-plan-2022.docx"))
    [logo, *_] = [p for p in plan.paragraphs if p.style.name == "Logo"]  # the cover's
    assert logo._p.pPr.find(qn("w:bidi")) is not None  # at the start: the right
    assert plan.tables and all(_mirrored(t) for t in plan.tables)
    contents = [p for p in plan.paragraphs if p.style.name.startswith(("toc ", "TOC Heading"))]
    assert contents and all(p._p.pPr.find(qn("w:bidi")) is not None for p in contents)
    [footer] = plan.sections[0].footer.paragraphs  # as the PDF's margins: title left, page right
    assert footer.text.endswith("\tPage 1 of 1") and footer._p.pPr.find(qn("w:bidi")) is None
    english = Document(
        str(build(project, sourcegen.Spec(), "*plan*.docx") / "annual-plan-2022.docx")
    )
    assert english.tables and not any(_mirrored(t) for t in english.tables)


def _mirrored(table: Any) -> bool:
    """Return whether a Word table runs right to left (its first column at the right)."""
    return table._tbl.tblPr.find(qn("w:bidiVisual")) is not None


def test_a_right_to_left_key_reads_each_number_right_of_its_title(project: Path) -> None:
    """Right to left, the key under a table reads from the right: a number, then its title
    at its left (WeasyPrint's grid lays out left to right, so the stylesheet places them)."""
    titles = ["حمایت از قربانیان", "ظرفیت‌سازی عملیاتی", "همکاری منطقه‌ای", "اطلاع‌رسانی"]
    spec = sourcegen.Spec(office="دفتر هماهنگی منطقه‌ای", language="prs", purpose_titles=titles)
    pdf = build(project, spec, "*plan*.pdf") / "annual-plan-2022.pdf"
    page = next(p for p in pages(pdf) if "✓" in {c.text for c in p.chars})  # a quarter
    below = max(c.bottom for c in page.chars if c.text == "✓")  # the key is under the table
    key = [c for c in page.chars if below < c.top < below + 30 * MM]  # not the page's foot
    digits = {c.text: c for c in key if c.text in "1234"}
    assert sorted(digits) == ["1", "2", "3", "4"]
    assert digits["1"].x0 > digits["2"].x1 and digits["3"].x0 > digits["4"].x1  # from the right
    for digit in digits.values():
        row = [c for c in key if abs(c.top - digit.top) < 2 and c.text.strip()]
        left = [c for c in row if c.x1 <= digit.x0 and c.text not in "1234"]
        assert left and digit.x0 - max(c.x1 for c in left) < 8 * MM, digit.text  # its title


def test_a_right_to_left_notice_rules_its_facts_and_purposes_at_the_right(project: Path) -> None:
    """The rules down the facts box and each purpose served stand at the text's start. The
    two builds share this process, as `watch` does: the left-to-right one must not take the
    right-to-left notice's layout for its own (the same article in another direction)."""
    release = {"id": "a-guide", "number": 1, "title": "A Guide", "activity": "Regional workshop 1"}
    rules = {}
    for language in ("prs", None):
        spec = sourcegen.Spec(office="دفتر هماهنگی", language=language, releases=[release])
        dist = build(project, spec, "notices/*.pdf")
        page = pdfium.PdfDocument(dist / "notices" / "PCO-REL-2022-01-notice-a-guide.pdf")[0]
        rules[language] = [
            (left + right) / 2
            for left, bottom, right, top in (
                o.get_bounds()
                for o in page.get_objects(max_depth=3)
                if o.type == pdfium_c.FPDF_PAGEOBJ_PATH
            )
            if right - left < 6 and top - bottom > 4 * MM  # a rule down a block's side
        ]
    width = 210 * MM
    assert len(rules["prs"]) >= 2 and all(x > width / 2 for x in rules["prs"])
    assert len(rules[None]) >= 2 and all(x < width / 2 for x in rules[None])
