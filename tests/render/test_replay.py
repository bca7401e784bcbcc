"""A kept chapter's pages are replayed in a warm build, not drawn again, with the bytes
drawing gives; a page whose drawing read something that changed is drawn again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from pipeline.render.pdf import replay
from tests.conftest import ROOT, copy_project, edit_plan, run_cli

PDF = "dist/annual-plan-2021.pdf"
DRAWING_ALWAYS = """
import sys
from pipeline.render.pdf import replay
replay.install = lambda: None  # WeasyPrint's own drawing, every page every time
from pipeline.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _drawn_as_weasyprint_draws(root: Path, tmp_path: Path) -> bytes:
    """Return the plan PDF a new process writes from a copy of `root`, without replays."""
    copy = copy_project(tmp_path / "copy", origin=root)
    command = [
        sys.executable,
        "-c",
        DRAWING_ALWAYS,
        "build",
        "-q",
        "--only",
        "annual-plan-2021.pdf",
    ]
    done = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return (copy / PDF).read_bytes()


def test_an_edit_draws_its_chapter_and_replays_every_other_page(
    project: Path, tmp_path: Path
) -> None:
    from pipeline.build.stages import warm
    from pipeline.context import Options

    plan = ("--root", project, "--jobs", "1", "--only", "annual-plan-2021.pdf")
    edit_plan(project, "Webinar on", "An online webinar on")  # a plan of its own: none recalled
    warm(project, Options())  # as `watch` does: this process will build again
    assert run_cli("build", *plan).returncode == 0
    before = dict(replay.COUNTS)
    edit_plan(
        project, "Consultation Dialogue on the NEXUS", "Consultation Dialogue about the NEXUS"
    )
    assert run_cli("build", *plan).returncode == 0
    drawn = replay.COUNTS["drawn"] - before["drawn"]
    replayed = replay.COUNTS["replayed"] - before["replayed"]
    pages = len(PdfReader(project / PDF).pages)
    assert drawn + replayed == pages
    assert 1 <= drawn <= 2 and replayed == pages - drawn  # the edited quarter's pages alone
    assert (project / PDF).read_bytes() == _drawn_as_weasyprint_draws(project, tmp_path)


def _face(widths: dict[int, int]) -> SimpleNamespace:
    return SimpleNamespace(widths=widths, to_unicode={}, missing={}, variations={})


def _stream(widths: dict[int, int]) -> SimpleNamespace:
    return SimpleNamespace(
        stream=[b"q"],
        _tags={},
        _fonts={"face": _face(widths)},
        _resources={"ExtGState": {}, "XObject": {}},
        _images={},
    )


def _record(widths: dict[int, int], computed: set[int]) -> replay.Record:
    face = replay.Face(_face({}), widths, computed, {7: "a"})
    return replay.Record((1,), 0, [b"BT", b"ET"], [], {"face": face}, {"ExtGState": []}, {})


def test_a_width_the_pages_before_give_otherwise_makes_the_page_drawn_again() -> None:
    record = _record({7: 500}, computed={7})
    same, other = _stream({7: 500}), _stream({7: 501})  # 501: met first at another size
    assert replay._replay(record, same)
    assert same.stream == [b"q", b"BT", b"ET"] and same._fonts["face"].to_unicode == {7: "a"}
    assert not replay._replay(record, other)
    assert other.stream == [b"q"] and other._fonts["face"].to_unicode == {}


def test_a_width_read_from_a_page_before_that_is_gone_makes_the_page_drawn_again() -> None:
    read = _record({7: 500}, computed=set())  # the page before it worked the width out
    assert not replay._replay(read, _stream({}))
    mine = _record({7: 500}, computed={7})  # the page worked it out: it would again
    fresh = _stream({})
    assert replay._replay(mine, fresh) and fresh._fonts["face"].widths == {7: 500}


class _Page:
    """A stand-in for a page WeasyPrint laid out."""


def test_a_page_numbered_again_loses_its_record() -> None:
    page = _Page()
    replay.enable()
    replay.keep([page])
    replay._RECORDS[page] = _record({7: 500}, computed={7})
    replay.forget(page)
    assert replay._RECORDS[page] is None


def test_a_process_that_builds_once_keeps_no_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay, "_ENABLED", [])
    page = _Page()
    replay.keep([page])
    assert page not in replay._RECORDS


PAGES = """<html lang="en"><body style="font-family: 'Noto Sans'">
<p style="page-break-after: always">Plain text, drawn once and replayed.</p>
<p style="opacity: 0.5">Half-seen text, in a transparency group named by count.</p>
</body></html>"""


def test_a_page_that_names_by_count_is_drawn_as_weasyprint_draws_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.render.pdf.patches import fonts_of, load

    weasyprint = load()
    fonts_of(str(ROOT / "styles" / "fonts"))
    document = weasyprint.HTML(string=PAGES).render()
    plain = document.write_pdf(pdf_tags=True)
    monkeypatch.setattr(replay, "_ENABLED", [True])
    replay.keep(document.pages)
    before = dict(replay.COUNTS)
    recorded, replayed = (document.write_pdf(pdf_tags=True) for _ in range(2))
    counted = {name: replay.COUNTS[name] - before[name] for name in before}
    assert counted == {"drawn": 2, "replayed": 1}  # each page tried once; the first replayed
    assert isinstance(replay._RECORDS[document.pages[0]], replay.Record)
    assert replay._RECORDS[document.pages[1]] == replay.DRAW  # its group: x0
    assert recorded == plain and replayed == plain
