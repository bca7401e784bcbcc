"""A long quarter laid out a piece of its table at a time: the same pages, pixels, structure
and Word edition as the quarter laid out whole, one piece's layout held at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from pipeline.render.pdf import book, parts, replay, rows
from tests.conftest import copy_project, edit_plan, repeat_activities
from tests.pdftree import elements, faults, roots

from .test_chapters import _engine_layouts
from .test_parts import _build, _no_memo

PLAN = "annual-plan-2021.pdf"
SMALL_PIECES = 5_000  # a quarter of the plan ×6 is about 30,000 characters: five pieces,
#                       each first tried with a page's rows or fewer, then with twice as many


@pytest.fixture
def long_plan(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the shipped project with each quarter six times as long, built fresh by each
    build of this test (nothing taken from, or left in, the process memo)."""
    _no_memo(monkeypatch)
    monkeypatch.setattr(replay, "_ENABLED", [])
    return repeat_activities(project, 6)


@pytest.fixture
def in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lay out each quarter of the long plan in pieces of a few rows."""
    _small_pieces(monkeypatch)


def _small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lay out each quarter of the long plan in pieces of a few rows, from now on."""
    monkeypatch.setattr(rows, "PIECE_CHARS", SMALL_PIECES)
    monkeypatch.setattr(parts, "PART_CHARS", 2 * SMALL_PIECES)


@pytest.fixture
def whole_and_pieced(
    long_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """Return the long plan built with its quarters laid out whole, and in pieces."""
    _build(long_plan)
    pieced = copy_project(tmp_path / "pieced", origin=long_plan)
    _small_pieces(monkeypatch)
    _build(pieced)
    return long_plan / "dist", pieced / "dist"


def test_the_pieces_draw_the_pages_the_whole_quarter_does(
    whole_and_pieced: tuple[Path, Path],
) -> None:
    whole, pieced = whole_and_pieced
    texts = [[page.extract_text() for page in PdfReader(d / PLAN).pages] for d in (whole, pieced)]
    assert texts[0] == texts[1] and len(texts[0]) > 20
    assert _pixels(whole / PLAN) == _pixels(pieced / PLAN)  # bands, rules, running heads
    docx = "annual-plan-2021.docx"  # broken where the PDF is, headed as it is
    assert (whole / docx).read_bytes() == (pieced / docx).read_bytes()


def test_the_pieces_make_the_structure_the_whole_quarter_does(
    whole_and_pieced: tuple[Path, Path],
) -> None:
    whole, pieced = whole_and_pieced
    with pikepdf.open(whole / PLAN) as single, pikepdf.open(pieced / PLAN) as pdf:
        assert roots(pdf) == 1 and faults(pdf) == []
        assert _shape(pdf) == _shape(single)
        tables = [e for e in elements(pdf) if e.get("/S") == "/Table"]
        assert len(tables) == 4  # a table a quarter, its every row in its one body
        assert [_roles(t) for t in tables] == [["/Caption", "/THead", "/TBody"]] * 4
        rows_each = [len(_kids(_kids(t)[2])) for t in tables]
        assert rows_each == [len(_kids(_kids(t)[2])) for t in _tables(single)]


def test_a_pieced_table_whose_rows_have_headers_names_each_once(
    long_plan: Path, in_pieces: None
) -> None:
    template = long_plan / "layouts" / "plan.html.j2"
    text = template.read_text("utf-8")
    cell = '<td class="activity"'
    start = text.index(cell)
    end = text.index("</td>", start)
    row_header = '<th scope="row" class="activity"' + text[start + len(cell) : end] + "</th>"
    template.write_text(text[:start] + row_header + text[end + len("</td>") :], "utf-8")
    _build(long_plan)
    with pikepdf.open(long_plan / "dist" / PLAN) as pdf:
        assert faults(pdf) == []
        ids = [str(key) for key in pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)]
        row_ids = [key for key in ids if "-row-" in key]
        assert len(row_ids) == len(set(row_ids)) > 100  # one an activity, none twice
        ticks = [e for e in elements(pdf) if e.get("/S") == "/TD" and e.P.P.S == "/TBody"]
        assert ticks and all(any("-row-" in str(h) for h in t.A.Headers) for t in ticks)


def test_a_piece_is_let_go_of_before_the_next_is_laid_out(
    long_plan: Path, in_pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    held: list[int] = []
    laid: list[book.Laid] = []
    call = book.Keeper.__call__

    def spied(self: book.Keeper, text: str) -> book.Laid:
        if rows.CONTINUES in text or 'data-table="t"' in text:
            held.append(sum(_holds_its_tree(item) for item in laid))
            laid.append(found := call(self, text))
            return found
        return call(self, text)

    monkeypatch.setattr(book.Keeper, "__call__", spied)
    _build(long_plan, "--jobs", "1")
    assert len(held) >= 12  # several pieces a quarter
    assert held == [0] * len(held)  # each laid out with no other piece's boxes held


def test_a_pieced_plan_is_the_same_on_one_process_or_two_warm_or_cold(
    long_plan: Path, in_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _build(long_plan, "--jobs", "1")
    assert _build(long_plan, "--jobs", "2", "--force") == first
    fresh = copy_project(tmp_path / "fresh", origin=long_plan)
    assert _build(fresh, "--jobs", "2") == first
    monkeypatch.setattr(replay, "_ENABLED", [True])  # as in `watch`: layouts kept, replayed
    assert _build(long_plan, "--force") == first
    assert _build(long_plan, "--force") == first


def test_an_edit_in_a_late_row_lays_out_its_piece_alone(
    long_plan: Path, in_pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replay, "_ENABLED", [True])  # a process that builds again: `watch`
    _build(long_plan, "--jobs", "1")
    before = _engine_layouts()
    edit_plan(long_plan, "Seoul. (6)", "Seoul, Korea. (6)")  # the last row of the plan
    _build(long_plan, "--jobs", "1")
    assert _engine_layouts() - before == 1  # the last piece of its quarter, no other


def _holds_its_tree(laid: book.Laid) -> bool:
    """Return whether a layout still holds its HTML tree (itself, or by its document)."""
    return laid.root is not None or getattr(laid.document, "_html", None) is not None


def _pixels(pdf: Path) -> list[bytes]:
    """Return each page of a PDF as PDFium draws it, at a small scale."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=0.5).to_pil().tobytes() for page in document]
    finally:
        document.close()


def _kids(element: Any) -> list[Any]:
    """Return the structure elements among an element's kids."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _roles(element: Any) -> list[str]:
    """Return the roles of an element's kids."""
    return [str(kid.S) for kid in _kids(element)]


def _tables(pdf: pikepdf.Pdf) -> list[Any]:
    """Return the /Table elements of a PDF."""
    return [e for e in elements(pdf) if e.get("/S") == "/Table"]


def _shape(pdf: pikepdf.Pdf) -> list[tuple[int, str, int | None]]:
    """Return every structure element as its depth, role and page, in document order."""
    numbers = {page.objgen: n for n, page in enumerate(pdf.pages)}
    found: list[tuple[int, str, int | None]] = []

    def walk(element: Any, depth: int) -> None:
        page = element.get("/Pg")
        found.append((depth, str(element.S), None if page is None else numbers[page.objgen]))
        for kid in _kids(element):
            walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot.K[0], 0)
    return found
