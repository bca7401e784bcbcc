"""The plan laid out chapter by chapter: cut where pages start, numbered in the whole, and
laid out again only where an edit changed it, with the bytes of a layout from nothing."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from pypdf import PdfReader

from pipeline.render.pdf import chapters
from tests.conftest import copy_project, edit_plan, run_cli, run_fresh

HTML = """<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>
<p class="running">head</p>
<section data-page="cover"><h1>Cover</h1></section>
<nav class="contents" data-page="new"><a href="#a">A</a><a href="#b">B</a></nav>
<section data-page="new"><h1 id="a">A</h1></section>
<section><h1 id="b">B</h1></section>
<section data-page="back"><p>Back</p></section>
</body></html>"""


def test_a_document_is_cut_where_its_pages_start_and_each_chapter_repeats_the_lead() -> None:
    book = chapters.split(HTML)
    bodies = [lxml.html.document_fromstring(c.html).body for c in book.chapters]
    assert [c.start for c in book.chapters] == [1, 2, 3, 5]
    assert [c.contents for c in book.chapters] == [False, True, False, False]
    assert all(body[0].get("class") == "running" for body in bodies)
    assert [len(body) for body in bodies] == [2, 2, 3, 2]  # a section without data-page joins
    assert all(
        lxml.html.document_fromstring(c.html).head.findtext("title") == "T" for c in book.chapters
    )


def test_an_element_of_a_chapter_has_its_path_in_the_whole_document() -> None:
    book = chapters.split(HTML)
    assert book.path(2, (1, 2, 0)) == (1, 4, 0)  # the second section of the third chapter
    assert book.path(2, (1, 0)) == (1, 0)  # the running head, in every chapter
    assert book.path(3, (0, 0)) == (0, 0)  # the head


def test_the_contents_is_given_the_page_of_each_entry() -> None:
    contents = chapters.split(HTML).chapters[1].html
    given = lxml.html.document_fromstring(chapters.with_pages(contents, {"a": 3, "b": 5}))
    assert [a.get("data-page") for a in given.iter("a")] == ["3", "5"]


def test_numbers_follow_the_pages_of_the_chapters_before() -> None:
    assert chapters.offsets([1, 1, 3, 2]) == [0, 1, 2, 5]
    pages = [[["cover"]], [[]], [["a"], [], ["b", "a"]]]
    assert chapters.anchors(pages, [1, 2, 3]) == {"cover": 1, "a": 3, "b": 5}


def _engine_layouts() -> int:
    """Return how many chapters this process's PDF engine has laid out."""
    from pipeline.render.pdf.engine import _ENGINES

    return sum(engine.shelf.layouts for engine in _ENGINES.values())


def _same_as_from_nothing(root: Path, tmp_path: Path) -> None:
    """Assert that a new process building a copy of `root` writes the same plan PDF."""
    copy = copy_project(tmp_path / "copy", origin=root)
    made = run_fresh("build", "--only", "annual-plan-2021.pdf", cwd=copy)
    assert made.returncode == 0, made.stderr
    pdf = "dist/annual-plan-2021.pdf"
    assert (copy / pdf).read_bytes() == (root / pdf).read_bytes()


def test_an_edit_in_one_quarter_lays_out_that_quarter_alone(project: Path, tmp_path: Path) -> None:
    plan = ("--root", project, "--jobs", "1", "--only", "annual-plan-2021.*")
    edit_plan(project, "Webinar on", "A chapter's webinar on")  # a plan no other test makes
    assert run_cli("build", *plan).returncode == 0
    before = _engine_layouts()
    edit_plan(
        project, "Consultation Dialogue on the NEXUS", "Consultation and Dialogue on the NEXUS"
    )
    assert run_cli("build", *plan).returncode == 0
    assert _engine_layouts() - before == 1
    _same_as_from_nothing(project, tmp_path)


def _footers(pdf: Path) -> list[str]:
    """Return the "Page N of M" each page of a PDF shows ('' where it shows none)."""
    found = []
    for page in PdfReader(pdf).pages:
        match = re.search(r"Page (\d+) of (\d+)", page.extract_text())
        found.append(match.group(0) if match else "")
    return found


def _listed_pages(pdf: Path) -> dict[str, int]:
    """Return the page the contents lists for each quarter."""
    text = PdfReader(pdf).pages[1].extract_text()
    return {q: int(n) for q, n in re.findall(r"(Quarter \d):[^\n]*?(\d+)\s*$", text, re.M)}


def _heading_pages(pdf: Path) -> dict[str, int]:
    """Return the page each quarter's heading is on, the contents page left out."""
    found: dict[str, int] = {}
    for number, page in enumerate(PdfReader(pdf).pages[2:], start=3):
        for quarter in re.findall(r"^(Quarter \d):", page.extract_text(), re.M):
            found.setdefault(quarter, number)
    return found


def test_a_chapter_that_grows_renumbers_the_pages_after_it(project: Path, tmp_path: Path) -> None:
    plan = ("--root", project, "--jobs", "1", "--only", "annual-plan-2021.pdf")
    edit_plan(project, "Panelist at", "Speaker at")  # a plan of its own: no earlier output recalled
    assert run_cli("build", *plan).returncode == 0
    pages = len(PdfReader(project / "dist/annual-plan-2021.pdf").pages)
    before = _engine_layouts()
    more = "".join(
        f"      - text: Added activity number {n} of the first quarter\n        purposes: [1]\n"
        for n in range(40)
    )
    edit_plan(project, "  - number: 2\n", more + "  - number: 2\n")
    assert run_cli("build", *plan).returncode == 0
    pdf = project / "dist/annual-plan-2021.pdf"
    footers = _footers(pdf)
    assert len(footers) > pages
    total = len(footers)
    assert footers[1:-1] == [f"Page {n} of {total}" for n in range(2, total)]  # not the cover, back
    assert _engine_layouts() - before == 2  # the first quarter, and the contents it moves
    assert _listed_pages(pdf) == _heading_pages(pdf)
    _same_as_from_nothing(project, tmp_path)


def test_a_kept_chapter_keeps_no_style_of_an_element(project: Path) -> None:
    from pipeline.render.pdf.engine import _ENGINES

    edit_plan(project, "Webinar on", "A seminar on")  # laid out here, not recalled
    assert run_cli("build", "--root", project, "--only", "annual-plan-2021.pdf").returncode == 0
    books = [book for engine in _ENGINES.values() for book in engine.shelf.books.values()]
    contexts = [laid.context for book in books for laid in book.values()]
    assert contexts
    kinds = {type(key[0]).__name__ for c in contexts for key in c.style_for._computed_styles}
    assert kinds == {"PageType"}  # the pages' own, which numbering them again reads
