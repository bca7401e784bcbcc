"""The accessibility gate: every PDF passes page-validation and our own checks (`checks`).

The shipped build is checked in every run of the suite; with --gate (the `accessibility`
nox session) the archival variant and the fixtures' builds are made and checked too. The
checks themselves are shown to catch what they look for, on copies of a good PDF broken
in one place each.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pikepdf
import pytest

from pipeline.model import colour
from pipeline.read import load as sources

from ..conftest import ROOT
from .builds import BUILDS, build, pdfs
from .checks import findings, tables
from .validators import declared, page_findings

PLAN = "annual-plan-2021.pdf"


@dataclasses.dataclass(frozen=True)
class Built:
    """One gate build: its name, its output folder, and what the checks compare against."""

    name: str
    out: Path
    language: str
    names: dict[str, str]  # brand colour (#RRGGBB) -> its name, for the findings
    quarters: int  # quarters with activities: one table each


def _expected(root: Path) -> tuple[str, dict[str, str], int]:
    """Return the office language, the brand's colour names and the quarter count of a project."""
    loaded = sources.load(root)
    colours = loaded.brand.colours
    names = {
        getattr(colours, f.name).upper(): f.name
        for f in dataclasses.fields(colours)
        if isinstance(getattr(colours, f.name), str)
    }
    names |= {value.upper(): key for key, value in colours.derived().items()}
    names.setdefault(colour.WHITE.upper(), "white")
    plan = loaded.project.workplans[0]
    quarters = sum(bool(q.activities) for q in plan.quarters)
    return loaded.project.office.language, names, quarters


@pytest.fixture(scope="session", params=list(BUILDS))
def gate(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, built: Path
) -> Built:
    """Return each gate build: the shipped one always, the others with --gate."""
    name = request.param
    if name == "shipped":
        out, root = built, ROOT
    elif not request.config.getoption("--gate"):
        pytest.skip("the archival and fixture builds are checked with --gate")
    else:
        out = build(name, tmp_path_factory.mktemp(f"gate-{name}") / "project")
        root = out.parent
    return Built(name, out, *_expected(root))


def _report(found: dict[str, list[str]]) -> str:
    """Return the findings of each file, one per line, to show when a test fails."""
    return "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)


def test_every_pdf_passes_page_validation(gate: Built) -> None:
    found = {p.relative_to(gate.out).as_posix(): page_findings(p) for p in pdfs(gate.out)}
    assert found and not any(found.values()), _report(found)


def test_every_pdf_passes_our_own_checks(gate: Built) -> None:
    found = {
        p.relative_to(gate.out).as_posix(): findings(p, gate.language, gate.names)
        for p in pdfs(gate.out)
    }
    assert found and not any(found.values()), _report(found)


def test_the_office_language_is_british_english(gate: Built) -> None:
    assert gate.language == "en-GB"  # what /Lang is checked against: the office's


def test_each_quarter_is_one_table_whatever_the_pages_it_spans(gate: Built) -> None:
    with pikepdf.open(gate.out / PLAN) as pdf:
        spans = tables(pdf)
    assert len(spans) == gate.quarters
    assert all(pages == set(range(min(pages), max(pages) + 1)) for pages in spans)
    if gate.name == "crossing":  # the fixture for tables that continue on the next page
        assert [len(pages) > 1 for pages in spans] == [True, True]


def test_the_archival_variant_declares_pdf_a_and_pdf_ua(gate: Built) -> None:
    expected = ["3u", "ua1"] if gate.name.endswith("archival") else ["ua1"]
    assert {declared(p) == expected for p in pdfs(gate.out)} == {True}


# The checks catch what they look for: a good PDF, broken in one place each.


@pytest.fixture
def plan(built: Path, tmp_path: Path) -> tuple[pikepdf.Pdf, Path]:
    """Return the shipped plan opened for editing, and where to save the broken copy."""
    return pikepdf.open(built / PLAN), tmp_path / "broken.pdf"


def _found(pdf: pikepdf.Pdf, path: Path) -> list[str]:
    """Save `pdf` to `path` and return what our checks find there."""
    pdf.save(path)
    pdf.close()
    return findings(path, "en-GB")


def _elements(pdf: pikepdf.Pdf, tag: str) -> list[pikepdf.Dictionary]:
    """Return the structure elements of type `tag`."""
    from .checks import elements

    return [e.obj for e in elements(pdf) if e.tag == tag]


def test_the_checks_pass_the_good_plan(plan: tuple[pikepdf.Pdf, Path]) -> None:
    assert _found(*plan) == []


def test_the_checks_find_a_missing_id_tree(plan: tuple[pikepdf.Pdf, Path]) -> None:
    pdf, path = plan
    del pdf.Root.StructTreeRoot["/IDTree"]
    found = _found(pdf, path)
    assert any(f.startswith("no /IDTree") for f in found), found
    assert any("names no header cell" in f for f in found), found


def test_the_checks_find_a_header_without_scope(plan: tuple[pikepdf.Pdf, Path]) -> None:
    pdf, path = plan
    del _elements(pdf, "/TH")[0].A["/Scope"]
    assert "1 header cells (TH) have no /Scope" in _found(pdf, path)


def test_the_checks_find_content_the_tree_never_reaches(plan: tuple[pikepdf.Pdf, Path]) -> None:
    pdf, path = plan
    paragraph = _elements(pdf, "/P")[0]
    parent = paragraph.P
    kids = parent.K if isinstance(parent.K, pikepdf.Array) else pikepdf.Array([parent.K])
    parent.K = pikepdf.Array([k for k in kids if k.objgen != paragraph.objgen])
    assert any("the tree never reaches" in f for f in _found(pdf, path))


def test_the_checks_find_a_figure_box_in_css_pixels(plan: tuple[pikepdf.Pdf, Path]) -> None:
    pdf, path = plan
    _elements(pdf, "/Figure")[0].A.BBox = pikepdf.Array([87.7, 102.8, 201.1, 216.2])
    assert any("does not hold what it draws" in f for f in _found(pdf, path))


def test_the_checks_find_a_figure_off_its_page(plan: tuple[pikepdf.Pdf, Path]) -> None:
    pdf, path = plan
    _elements(pdf, "/Figure")[0].A.BBox = pikepdf.Array([62, 677, 153, 900])
    assert any("is not inside the page" in f for f in _found(pdf, path))


def test_the_checks_find_the_wrong_language_and_no_outline_view(
    plan: tuple[pikepdf.Pdf, Path],
) -> None:
    pdf, path = plan
    pdf.Root.Lang = pikepdf.String("en")
    del pdf.Root["/PageMode"]
    found = _found(pdf, path)
    assert "/Lang is en, not en-GB" in found
    assert "an outline, but no /PageMode /UseOutlines to show it on opening" in found


def test_the_checks_find_a_table_split_in_two(plan: tuple[pikepdf.Pdf, Path]) -> None:
    pdf, path = plan
    table = _elements(pdf, "/Table")[0]
    table.K.append(pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.THead, P=table, K=[])))
    assert any("one table made of several" in f for f in _found(pdf, path))


def test_the_checks_find_text_too_pale_for_its_background(
    plan: tuple[pikepdf.Pdf, Path],
) -> None:
    pdf, path = plan
    page = pdf.pages[1]
    data = page.Contents.read_bytes()
    text = b"0.109804 0.14902 0.188235 rg"  # the brand's text colour, #1C2630
    assert text in data
    page.Contents.write(data.replace(text, b"0.8 0.8 0.8 rg"))
    found = [f for f in _found(pdf, path) if "text" in f]
    assert any(re.search(r"#CCCCCC on #FFFFFF is 1\.\d\d:1, below 4\.5:1", f) for f in found), found


def test_the_checks_find_text_neither_tagged_nor_an_artifact(
    plan: tuple[pikepdf.Pdf, Path],
) -> None:
    pdf, path = plan
    page = pdf.pages[1]
    instructions = list(pikepdf.parse_content_stream(page))
    first = next(
        i
        for i, (operands, operator) in enumerate(instructions)
        if str(operator) == "BDC" and "/MCID" in operands[1]
    )
    instructions[first] = pikepdf.ContentStreamInstruction(
        [pikepdf.Name.Span], pikepdf.Operator("BMC")
    )
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    found = _found(pdf, path)
    assert "page 2: marked content neither tagged nor artifact: ['/Span']" in found, found
    assert any(
        re.fullmatch(r"page 2: \d+ text runs neither tagged nor artifacts", f) for f in found
    )
