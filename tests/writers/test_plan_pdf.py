"""The Annual Workplan PDF, read back: tables, ticks, prose, metadata, outline, fonts, safety."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from .. import seed
from ..accessibility.checks import findings
from ..accessibility.validators import declared, page_findings
from ..conftest import repeat_activities, run_cli, snapshot
from ..pdfread import body_text, table_rows
from ..pdftree import elements

PLAN = "annual-plan-2021.pdf"


@pytest.fixture(scope="module")
def reader(built: Path) -> PdfReader:
    return PdfReader(built / PLAN)


def test_every_activity_is_a_row_of_its_quarter_with_its_ticks(built: Path) -> None:
    rows = table_rows(built / PLAN)
    found = [(int(r.section.split()[1].rstrip(":")), r.text, r.ticks) for r in rows]
    assert found == [(r.quarter, r.text, r.ticks) for r in seed.rows()]
    assert sum(len(r.ticks) for r in rows) == 66


def test_every_sentence_of_the_seed_is_in_the_pdf(built: Path) -> None:
    text = body_text(built / PLAN)
    assert [s for s in seed.prose() if s not in text] == []


def test_the_cover_carries_the_wordmark_and_title(reader: PdfReader) -> None:
    cover = " ".join(reader.pages[0].extract_text().split())
    for words in ("REGIONAL SUPPORT OFFICE", "THE BALI PROCESS", "ANNUAL WORKPLAN 2021"):
        assert words in cover


def test_every_page_with_table_rows_repeats_the_header(built: Path, reader: PdfReader) -> None:
    pages_with_rows = {r.page for r in table_rows(built / PLAN)}
    ticks = {i for i, page in enumerate(reader.pages, 1) if "✓" in page.extract_text()}
    assert ticks <= pages_with_rows
    assert all(row.headed for row in table_rows(built / PLAN))


def test_footer_numbers_every_page_but_the_cover(reader: PdfReader) -> None:
    total = len(reader.pages)
    texts = [page.extract_text() for page in reader.pages]
    assert "Page 1 of" not in texts[0]
    for number, text in enumerate(texts[1:-1], start=2):
        assert f"Page {number} of {total}" in text
        assert "RSO Annual Workplan 2021" in text


def test_metadata_comes_from_the_sources(reader: PdfReader) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == "RSO Annual Workplan 2021"
    assert info.author == "Regional Support Office of the Bali Process"
    assert "Annual Workplan 2021" in (info.subject or "")
    assert "annual workplan" in (info.get("/Keywords") or "")
    assert info.get("/CreationDate", "").startswith("D:20210101")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"  # as in the Word edition


def test_outline_has_a_bookmark_per_section_and_quarter(reader: PdfReader) -> None:
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == list(seed.CHAPTERS)


def fonts(reader: PdfReader) -> list[Any]:
    found = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            found[font["/BaseFont"]] = font
    return list(found.values())


def test_every_font_is_embedded_and_subset(reader: PdfReader) -> None:
    assert fonts(reader)
    for font in fonts(reader):
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
        assert font["/BaseFont"][7] == "+", font["/BaseFont"]  # ABCDEF+Name: a subset


def test_it_is_tagged_with_purpose_cells_named(reader: PdfReader) -> None:
    """Each tick cell says which purpose and yes or no, as text a screen reader speaks."""
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    cells: list[Any] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/TD":
            cells.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert len(cells) >= 46 * 5 and all("/Alt" not in cell for cell in cells)
    text = "".join(page.extract_text() for page in reader.pages)
    spoken = re.findall(r"Purpose (\d): (yes|no)", text)
    assert len(spoken) == 46 * 4
    assert sum(answer == "yes" for _, answer in spoken) == 66
    assert spoken[:4] == [("1", "yes"), ("2", "no"), ("3", "no"), ("4", "no")]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
def test_qpdf_finds_the_file_sound(built: Path) -> None:
    result = subprocess.run(
        ["qpdf", "--check", str(built / PLAN)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_archival_variant_on_request(tmp_path: Path, project: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "build", "--root", project, "--out", out, "--pdf-variant", "pdf/a-3u", "--only", PLAN
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out / PLAN)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    # Tagged as the PDF/UA edition is, with its language, outline view and trailer /ID
    assert declared(out / PLAN) == ["3u", "ua1"]
    assert findings(out / PLAN, "en-GB") == []
    assert page_findings(out / PLAN) == []


def build_fails(project: Path, message: str) -> None:
    """Build `project` twice, breaking it in between: the error names it, dist stays as it was."""
    before = snapshot(project / "dist")
    result = run_cli("build", "--root", project)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "dist") == before


@pytest.fixture
def broken(built_project: Path) -> Path:
    return built_project


def test_a_template_referencing_a_missing_value_fails_clearly(broken: Path) -> None:
    layout = broken / "layouts" / "plan.html.j2"
    text = layout.read_text()
    assert "{{ plan.title|runs }}" in text
    layout.write_text(text.replace("{{ plan.title|runs }}", "{{ plan.subtitle|runs }}", 1))
    build_fails(broken, "layouts/plan.html.j2:")
    build_fails(broken, "has no attribute 'subtitle'")


def test_css_pointing_at_a_missing_font_fails(broken: Path) -> None:
    css = broken / "styles" / "plan.css"
    css.write_text(
        '@font-face { font-family: X; src: url("fonts/missing.ttf"); }\n' + css.read_text()
    )
    build_fails(broken, "styles/fonts/missing.ttf: file is missing")


def test_css_pointing_outside_the_project_fails_and_reads_nothing(broken: Path) -> None:
    css = broken / "styles" / "plan.css"
    css.write_text('.cover { background: url("file:///etc/passwd"); }\n' + css.read_text())
    build_fails(broken, "refused to read /etc/passwd: it is outside styles/")


def test_every_section_is_one_element_whatever_the_pages_it_spans(project: Path) -> None:
    import pikepdf

    repeat_activities(project, 3)  # each quarter over pages
    result = run_cli("build", "--root", project, "--only", PLAN)
    assert result.returncode == 0, result.stderr

    def roles(element: Any) -> list[str]:
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        return [str(k.S) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]

    with pikepdf.open(project / "dist" / PLAN) as pdf:
        assert len(pdf.pages) > 14
        sections = [e for e in elements(pdf) if e.get("/S") == "/Sect"]
        quarters = [roles(s) for s in sections if "/Table" in roles(s)]
        assert quarters == [["/H1", "/Table", "/L"]] * 4  # the key in its quarter's section
        assert all(roles(s) for s in sections)  # none left empty by a page break
        bodies = [e for e in elements(pdf) if e.get("/S") == "/TBody"]
        assert len(bodies) == 4  # a quarter's rows in one body, whatever its pages
