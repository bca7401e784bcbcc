"""A long plan printed in parts, on several processes, and merged: the same file whatever the
processes, warm or cold, and as whole as one layout: one structure tree, links across
parts, page numbers in the whole, and the Word edition broken where the single layout is."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from pipeline.build import memo
from pipeline.render.pdf import chapters, part, parts, replay
from tests.conftest import (
    copy_project,
    edit_plan,
    repeat_activities,
    run_cli,
    run_python,
    snapshot,
)
from tests.pdfread import pages
from tests.pdftree import faults, outline, roots

from .test_chapters import HTML, _engine_layouts, _footers, _heading_pages, _listed_pages

PLAN = "annual-plan-2021.pdf"
SMALL_PARTS = 10_000  # the shipped plan's HTML is about 45,000 characters: five parts


def test_a_short_book_is_one_part() -> None:
    assert parts.cut(chapters.split(HTML)) == [range(0, 4)]


def test_a_long_book_is_cut_at_chapters_by_their_size_the_first_part_to_the_contents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = chapters.split(HTML)
    sizes = [len(c.html) for c in book.chapters]
    monkeypatch.setattr(parts, "PART_CHARS", sum(sizes) // 4 + 1)
    found = parts.cut(book)
    assert found[0].start == 0 and found[0].stop >= 2  # the cover and the contents together
    assert [i for run in found for i in run] == list(range(len(sizes)))
    assert len(found) == 3
    monkeypatch.setattr(parts, "PART_CHARS", 1)  # more parts than chapters: one each at most
    assert parts.cut(book) == [range(0, 2), range(2, 3), range(3, 4)]


def test_the_first_part_ends_with_the_contents_however_small(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sized = [("x" * 10, False), ("x" * 10, True), ("x" * 500, False), ("x" * 500, False)]
    book = chapters.Book(tuple(chapters.Chapter(t, i, c) for i, (t, c) in enumerate(sized)), 0)
    monkeypatch.setattr(parts, "PART_CHARS", 600)  # two parts' worth, cut at the half...
    assert parts.cut(book) == [range(0, 2), range(2, 3), range(3, 4)]  # ...and at the contents


def _build(root: Path, *options: str) -> dict[str, bytes]:
    """Build the plan's PDF and Word file at `root`; return what the output folder holds."""
    result = run_cli("build", "--root", root, "--only", "annual-plan-2021.*", *options)
    assert result.returncode == 0, result.stderr
    return snapshot(root / "dist")


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Print the shipped plan in five parts, as a process that builds once (whatever a test
    before made of this one); take nothing this process built before, and leave nothing
    for a later test to take (parts are not in a fingerprint: the same plan, in parts)."""
    monkeypatch.setattr(parts, "PART_CHARS", SMALL_PARTS)
    _no_memo(monkeypatch)
    monkeypatch.setattr(replay, "_ENABLED", [])


def _no_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let this test's builds neither take nor leave rendered outputs in the process memo."""
    monkeypatch.setattr(memo, "recall", lambda fingerprint: None)
    monkeypatch.setattr(memo, "keep", lambda fingerprint, data, pages: None)


@pytest.fixture
def whole_and_parted(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """Return the shipped plan built as one layout, and a copy of it printed in parts."""
    _no_memo(monkeypatch)
    edit_plan(project, "Webinar on", "A webinar on")  # a plan of its own
    _build(project, "--force")
    parted = copy_project(tmp_path / "parted", origin=project)
    monkeypatch.setattr(parts, "PART_CHARS", SMALL_PARTS)
    _build(parted, "--force")
    return project / "dist", parted / "dist"


def test_the_parts_make_one_structure_tree_that_resolves(
    whole_and_parted: tuple[Path, Path],
) -> None:
    whole, parted = whole_and_parted
    with pikepdf.open(parted / PLAN) as pdf, pikepdf.open(whole / PLAN) as single:
        assert roots(pdf) == 1 and faults(pdf) == []
        assert outline(pdf) == outline(single)
        assert len(pdf.pages) == len(single.pages)
        prefixes = {str(k).split("-")[0] for k in pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)}
        assert len(prefixes) > 2  # the tables' ids come from several parts, kept apart


def test_the_parts_read_as_the_single_layout_does(whole_and_parted: tuple[Path, Path]) -> None:
    whole, parted = whole_and_parted
    texts = [[page.extract_text() for page in PdfReader(d / PLAN).pages] for d in whole_and_parted]
    assert texts[0] == texts[1]
    total = len(texts[1])
    assert _footers(parted / PLAN)[1:-1] == [f"Page {n} of {total}" for n in range(2, total)]
    assert _listed_pages(parted / PLAN) == _heading_pages(parted / PLAN)
    docx = "annual-plan-2021.docx"  # broken where the PDF is, so the same file
    assert (whole / docx).read_bytes() == (parted / docx).read_bytes()


def test_the_parts_margins_lie_where_the_single_layouts_do(
    whole_and_parted: tuple[Path, Path],
) -> None:
    def margins(pdf: Path) -> list[tuple[str, str]]:
        return [(page.text(0, 62), page.text(780, 842)) for page in pages(pdf)]  # head, foot

    whole, parted = whole_and_parted
    assert margins(parted / PLAN) == margins(whole / PLAN)  # as PDFium (Chromium) reads them


def test_the_contents_links_to_the_quarters_in_other_parts(
    whole_and_parted: tuple[Path, Path],
) -> None:
    _, parted = whole_and_parted
    with pikepdf.open(parted / PLAN) as pdf:
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        numbers = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        links = {
            str(link.Dest): numbers[names[str(link.Dest)][0].objgen]
            for link in pdf.pages[1].obj.get("/Annots", [])
            if "/Dest" in link
        }
    quarters = {f"quarter-{q[-1]}": page for q, page in _heading_pages(parted / PLAN).items()}
    assert quarters and {k: links.get(k) for k in quarters} == quarters


def test_a_parted_plan_is_the_same_cold_on_one_process_or_two_and_warm(
    project: Path, tmp_path: Path, in_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_plan(project, "Webinar on", "Webinars on")  # a plan of its own
    first = _build(project, "--jobs", "1")
    assert _build(project, "--jobs", "2", "--force") == first
    fresh = copy_project(tmp_path / "fresh", origin=project)
    assert _build(fresh, "--jobs", "2") == first
    monkeypatch.setattr(replay, "_ENABLED", [True])  # as in `watch`: layouts kept, replayed
    assert _build(project, "--force") == first
    assert _build(project, "--force") == first


@pytest.fixture
def warm(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build as a process that builds again does (`watch`): keeping what it laid out."""
    monkeypatch.setattr(replay, "_ENABLED", [True])


def test_an_edit_in_one_quarter_of_a_parted_plan_lays_out_that_quarter_alone(
    project: Path, in_parts: None, warm: None
) -> None:
    edit_plan(project, "Webinar on", "The webinar on")
    _build(project, "--jobs", "1")
    before = _engine_layouts()
    edit_plan(project, "Consultation Dialogue on the NEXUS", "Consultation, Dialogue on the NEXUS")
    _build(project, "--jobs", "1")
    assert _engine_layouts() - before == 1


def test_a_long_plan_forks_its_parts_and_writes_what_one_process_writes(tmp_path: Path) -> None:
    root = repeat_activities(copy_project(tmp_path / "long"), 10)
    script = textwrap.dedent(f"""
        import sys
        from pipeline.render import forks
        started = []
        child = forks.Child.__init__
        def counted(self, work):
            started.append(1)
            child(self, work)
        forks.Child.__init__ = counted
        from pipeline.cli.main import main
        status = main(["build", "--root", {str(root)!r}, "--only", "{PLAN}", "--jobs", "2",
                       "--out", {str(tmp_path / "two")!r}, "--quiet"])
        print(status, len(started))
    """)
    ran = run_python(script)
    assert ran.stdout.split() == ["0", "1"], ran.stderr  # two parts, the second forked
    one = run_cli("build", "--root", root, "--only", PLAN, "--jobs", "1", "--out", tmp_path / "one")
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "two" / PLAN).read_bytes() == (tmp_path / "one" / PLAN).read_bytes()


def test_a_part_refused_in_its_own_process_fails_the_build_and_writes_nothing(
    tmp_path: Path,
) -> None:
    root = repeat_activities(copy_project(tmp_path / "long"), 10)
    script = textwrap.dedent(f"""
        import os
        from pipeline.errors import BuildError
        from pipeline.render.pdf.engine import Engine
        checked, parent = Engine.preflight, os.getpid()
        def refused(self, document, what):
            quarters = [a for page in document.pages for a in page.anchors if "quarter-" in a]
            if quarters and os.getpid() != parent:
                raise BuildError(f"{{quarters[0]}} refused in process {{os.getpid()}}")
            checked(self, document, what)
        Engine.preflight = refused
        from pipeline.cli.main import main
        print(os.getpid(), main(["build", "--root", {str(root)!r}, "--only", "{PLAN}",
                                 "--jobs", "2", "--quiet"]))
    """)
    ran = run_python(script)
    pid, status = ran.stdout.split()
    assert status == "1", ran.stderr
    refusal = next(line for line in ran.stderr.splitlines() if " refused in process" in line)
    assert not refusal.endswith(f"process {pid}")  # in the second part's process
    assert "Traceback" not in ran.stderr and not (root / "dist" / PLAN).exists()


def _kept_chapters() -> int:
    """Return how many chapters this process's PDF engine keeps for the next build."""
    from pipeline.render.pdf.engine import _ENGINES

    return sum(len(book) for e in _ENGINES.values() for book in e.shelf.books.values())


def test_a_cold_build_lets_go_of_each_part_once_drawn(project: Path, in_parts: None) -> None:
    _build(project, "--jobs", "1")
    assert _kept_chapters() == 0  # a build that ends with its process keeps nothing


def test_a_warm_build_keeps_every_chapter(project: Path, in_parts: None, warm: None) -> None:
    _build(project, "--jobs", "1")
    assert _kept_chapters() == 10  # the shipped plan's chapters, the contents included


def test_a_watch_keeps_the_parts_of_its_first_build(project: Path, in_parts: None) -> None:
    import threading
    import time

    from pipeline.cli.watch import watch
    from pipeline.context import Options

    stop, seen, layouts = threading.Event(), [], []

    def shown(what: str, report: object) -> None:
        seen.append(what)
        layouts.append(_engine_layouts())

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 120
        while len(seen) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(seen) == count, seen

    edit_plan(project, "Webinar on", "A webinar, on")  # a plan of its own
    args = (project, project / "dist", Options(), stop, shown)
    thread = threading.Thread(target=watch, args=args)
    thread.start()
    try:
        wait_for(1)
        time.sleep(0.3)
        edit_plan(project, "Consultation Dialogue on the NEXUS", "Consultation on the NEXUS")
        wait_for(2)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert layouts[1] - layouts[0] == 1  # the edited quarter alone, not every part again


def _held_after_report(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, list[int]]]:
    """Record, as each part has reported its pages (before any part is numbered), whether
    it has drawn its body, and how many boxes beside its margins each of its pages holds
    (one more where its layout still holds its HTML tree)."""
    seen: list[tuple[bool, list[int]]] = []
    report = part.Part.report

    def spied(self: part.Part) -> part.Report:
        found = report(self)
        held = [(page, laid) for laid in self.laid.values() for page in laid.document.pages]
        boxes = [_body_boxes(page) + _holds_tree(laid) for page, laid in held]
        seen.append((self.body is not None, boxes))
        return found

    monkeypatch.setattr(part.Part, "report", spied)
    return seen


def _holds_tree(laid: Any) -> int:
    """Return 1 where a layout still holds its HTML tree (by its document), else 0."""
    return int(getattr(laid.document, "_html", None) is not None)


def _body_boxes(page: Any) -> int:
    """Return how many children of a page's box are not its margin boxes."""
    return sum(type(child).__name__ != "MarginBox" for child in page._page_box.children)


def test_a_cold_build_draws_each_parts_body_and_lets_go_of_it_before_numbering(
    project: Path, in_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _held_after_report(monkeypatch)
    _build(project, "--jobs", "1")
    (contents_drawn, _), *others = seen
    assert not contents_drawn  # the part with the contents waits for every page number
    assert len(others) >= 4 and all(drawn for drawn, _ in others)
    assert all(boxes == [0] * len(boxes) and boxes for _, boxes in others)  # bodies let go


def test_a_warm_build_draws_each_parts_body_early_and_keeps_it(
    project: Path, in_parts: None, warm: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _held_after_report(monkeypatch)
    _build(project, "--jobs", "1")
    assert [drawn for drawn, _ in seen] == [False] + [True] * (len(seen) - 1)
    assert len(seen) >= 5
    assert all(min(boxes) == 2 for _, boxes in seen[1:])  # kept, with its tree, to build again


def test_a_part_that_links_to_another_draws_its_body_once_every_anchor_is_known(
    project: Path, in_parts: None
) -> None:
    template = project / "layouts" / "plan.html.j2"
    back = '<section class="back" data-page="back">\n'
    link = '<p><a href="#quarter-1">The first quarter</a></p>\n'
    template.write_text(template.read_text("utf-8").replace(back, back + link), "utf-8")
    _build(project, "--jobs", "1")
    with pikepdf.open(project / "dist" / PLAN) as pdf:
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        numbers = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        [dest] = [str(a.Dest) for a in pdf.pages[-1].obj.get("/Annots", []) if "/Dest" in a]
        assert (
            numbers[names[dest][0].objgen] == _heading_pages(project / "dist" / PLAN)["Quarter 1"]
        )
