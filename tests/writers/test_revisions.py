"""A revision built with --since the original: the summary of changes in the PDF and Word
plan, the Word redline, the change note and the calendar, each read back from dist/."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html
import pytest
from docx import Document
from lxml import etree
from pypdf import PdfReader

from .. import revision
from ..conftest import copy_project, run_cli, run_fresh
from ..pdfread import body_text, pages

pytestmark = pytest.mark.slow
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = "Regional Support Office of the Bali Process"
LABELS = {
    "Added:": "added",
    "Withdrawn:": "withdrawn",
    "Moved from Quarter": "moved",
    "Re-aligned:": "realigned",
    "Reworded:": "reworded",
    "Release added:": "release-added",
    "Release withdrawn:": "release-withdrawn",
    "Release re-dated:": "redated",
    "Text changed in": "prose",
}
IN_ORDER = ["withdrawn", "realigned", "added", "redated", "moved", "added", "prose"]
PLAN = "annual-plan-2021"


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project revised from the shipped one, built with --since the original."""
    place = tmp_path_factory.mktemp("revised")
    root = copy_project(place / "project")
    original = revision.keep_original(root, place / "original")
    result = run_cli("build", "--root", root, "--out", place / "before", "--only", "*.ics")
    assert result.returncode == 0, result.stderr
    revision.revise(root)
    result = run_cli("build", "--root", root, "--since", original)
    assert result.returncode == 0, result.stderr
    return root


def kinds(text: str) -> list[str]:
    """Return the kinds of change a summary's text lists, in its order."""
    pattern = "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True))
    return [LABELS[m] for m in re.findall(pattern, text)]


def test_the_pdf_summary_lists_exactly_the_seven_changes(revised: Path) -> None:
    text = body_text(revised / "dist" / f"{PLAN}.pdf")
    summary = text[text.rindex("Summary of changes") : text.rindex("Contact Us")]
    assert kinds(summary) == IN_ORDER
    assert "It makes 7 changes" in summary and revision.NOTE in summary
    assert "“and translating” put in" in summary
    assert "Release re-dated: Bali Process Sustainable Return Study, to 15 June 2021" in summary
    reader = PdfReader(revised / "dist" / f"{PLAN}.pdf")
    last = len(reader.pages) - 2  # the summary's page, before the back page
    dests = {a.get_object().get("/Dest") for a in reader.pages[last].get("/Annots", [])}
    assert dests == {
        f"activity-{revision.RETICKED}",
        f"activity-{revision.ADDED[1]}",
        f"activity-{revision.REDATED}",
        f"activity-{revision.MOVED}",
        f"activity-{revision.ADDED[0]}",
        "section-1",
    }
    assert dests <= set(reader.named_destinations)
    cover = pages(revised / "dist" / f"{PLAN}.pdf")[0].text(0, 1000)
    assert "Revision 1, 12 May 2021" in " ".join(cover.split())


def test_the_word_summary_lists_the_same_changes(revised: Path) -> None:
    document = Document(str(revised / "dist" / f"{PLAN}.docx"))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    start = texts.index(("Heading 1", "Summary of changes"))
    end = next(n for n, (_, text) in enumerate(texts) if text == "Contact Us")
    items = [text for style, text in texts[start:end] if style == "List Bullet"]
    assert [kinds(item) for item in items] == [[kind] for kind in IN_ORDER]
    assert ("Cover Edition", "Revision 1, 12 May 2021") in texts


def test_the_change_note_is_the_summary_as_text(revised: Path) -> None:
    note = (revised / "dist" / f"{PLAN}-changes.txt").read_text("utf-8")
    items = [line for line in note.splitlines() if line.startswith("- ")]
    assert [kinds(item) for item in items] == [[kind] for kind in IN_ORDER]
    assert note.startswith("RSO Annual Workplan 2021 · Revision 1\n")


def body(path: Path) -> etree._Element:
    """Return the body of the Word file at `path`."""
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def text_of(element: etree._Element) -> str:
    """Return an element's text, deleted text included."""
    return "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))


def test_the_redline_tracks_exactly_the_changes_of_the_plan(revised: Path) -> None:
    root = body(revised / "dist" / f"{PLAN}-redline.docx")
    rows = {"ins": [], "del": []}
    for row in root.iter(f"{W}tr"):
        for kind in rows:
            if row.find(f"{W}trPr/{W}{kind}") is not None:
                rows[kind].append(text_of(row.find(f"{W}tc"))[:40])
    assert sorted(rows["ins"]) == [
        "Production of two introductory videos on",
        "Regional Dialogue on Irregular Migration",
        "Webinar on the rights of victims of traf",
    ]
    assert sorted(rows["del"]) == [
        "Panelist at Break the Chain event, hoste",
        "Production of two introductory videos on",
    ]
    loose = [
        (m.tag.removeprefix(W), text_of(m))
        for m in root.iter(f"{W}ins", f"{W}del")
        if m.getparent().tag not in (f"{W}rPr", f"{W}trPr")
        and not any(a.find(f"{W}trPr/*[@{W}id]") is not None for a in m.iterancestors(f"{W}tr"))
    ]
    assert loose == [("ins", "✓"), ("ins", "and translating ")]
    marks = [m for m in root.iter(f"{W}ins", f"{W}del")]
    assert {m.get(f"{W}author") for m in marks} == {OFFICE}
    assert {m.get(f"{W}date") for m in marks} == {"2021-05-12T00:00:00Z"}
    ids = [m.get(f"{W}id") for m in root.iter() if m.tag in (f"{W}ins", f"{W}del")]
    assert len(set(ids)) == len(ids)


def test_the_calendar_follows_the_revision(revised: Path) -> None:
    from icalendar import Calendar

    def events(path: Path) -> dict[str, dict[str, str]]:
        calendar = Calendar.from_ical(path.read_bytes())
        assert all(not c.errors for c in calendar.walk()), [c.errors for c in calendar.walk()]
        found = {}
        for event in calendar.walk("VEVENT"):
            found[str(event["UID"])] = {
                "sequence": int(event["SEQUENCE"]),
                "status": str(event["STATUS"]),
                "start": event.decoded("DTSTART").isoformat(),
            }
        return found

    before = events(revised.parent / "before" / f"{PLAN}.ics")
    after = events(revised / "dist" / f"{PLAN}.ics")

    def uid(kind: str, key: str) -> str:
        return f"2021-{kind}-{key}@www.baliprocess.net"

    changed = {
        uid("activity", revision.MOVED),
        uid("activity", revision.RETICKED),
        uid("activity", revision.WITHDRAWN),
        uid("release", revision.REDATED),
    }
    assert set(before) <= set(after)
    assert set(after) - set(before) == {uid("activity", key) for key in revision.ADDED}
    for key in set(before) - changed:
        assert after[key] == before[key], key
    for key in changed:
        assert after[key]["sequence"] > before[key]["sequence"], key
    assert after[uid("activity", revision.WITHDRAWN)]["status"] == "CANCELLED"
    assert after[uid("activity", revision.MOVED)]["start"] == "2021-07-01"
    assert after[uid("release", revision.REDATED)]["start"] == "2021-06-15"


def test_a_client_reads_the_calendar(revised: Path) -> None:
    import vobject

    data = (revised / "dist" / f"{PLAN}.ics").read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    (calendar,) = vobject.readComponents(data.decode("utf-8"), validate=True)
    summaries = [event.summary.value for event in calendar.vevent_list]
    assert "Regional Dialogue on Irregular Migration by Sea" in summaries
    assert "Release: Bali Process Sustainable Return Study" in summaries


def test_the_revision_outputs_are_reproducible(revised: Path) -> None:
    again = revised.parent / "again"
    original = revised.parent / "original"
    result = run_fresh(  # a new process: this one keeps what it rendered
        "build", "--root", revised, "--out", again, "--since", original, "--only", f"{PLAN}*"
    )
    assert result.returncode == 0, result.stderr
    for name in ("-redline.docx", "-changes.txt", ".ics", ".docx"):
        assert (again / f"{PLAN}{name}").read_bytes() == (
            revised / "dist" / f"{PLAN}{name}"
        ).read_bytes(), name


@pytest.mark.interop
def test_accepting_every_change_in_libreoffice_gives_the_new_edition(revised: Path) -> None:
    from .. import libreoffice

    if not libreoffice.available():
        pytest.skip("LibreOffice with its Python bridge (python3-uno) is not installed")
    accepted = revised.parent / "accepted.docx"
    found = libreoffice.resolve_all("accept", revised / "dist" / f"{PLAN}-redline.docx", accepted)
    assert found > 0

    def blocks(path: Path) -> list[object]:
        found: list[object] = []
        for block in Document(str(path)).iter_inner_content():
            if hasattr(block, "rows"):
                found += [tuple(c.text.replace("\u200d", "") for c in r.cells) for r in block.rows]
            elif block.text.strip() and not block.style.name.lower().startswith("toc"):
                found.append(block.text.replace("\u200d", "").strip())
        return found

    new = blocks(revised / "dist" / f"{PLAN}.docx")
    assert blocks(accepted) == new  # the contents' entries left out: LibreOffice makes
    assert len(new) > 100  # them an index python-docx does not read


def test_the_web_edition_lists_the_same_changes_linked_to_its_activities(revised: Path) -> None:
    page = lxml.html.parse(str(revised / "dist" / "web" / PLAN / "index.html")).getroot()
    heading = next(h for h in page.iter("h2", "h1") if h.text_content() == "Summary of changes")
    section = heading.getparent()
    items = section.findall(".//li")
    assert [kinds(item.text_content()) for item in items] == [[kind] for kind in IN_ORDER]
    ids = {element.get("id") for element in page.iter() if element.get("id")}
    links = {a.get("href") for item in items for a in item.iter("a")}
    assert f"#activity-{revision.MOVED}" in links
    assert links and all(link.startswith("#") and link[1:] in ids for link in links)


def test_naming_an_earlier_edition_rebuilds_the_editions_of_the_plan(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    original = revision.keep_original(root, tmp_path / "original")
    revision.revise(root)
    plan = ("--root", root, "--only", f"{PLAN}.pdf", "--only", f"web/{PLAN}/index.html")
    assert run_cli("build", *plan).returncode == 0
    assert "Summary of changes" not in body_text(root / "dist" / f"{PLAN}.pdf")
    assert run_cli("build", *plan, "--since", original).returncode == 0
    web = (root / "dist" / "web" / PLAN / "index.html").read_text("utf-8")
    assert "Summary of changes" in web
    assert "Summary of changes" in body_text(root / "dist" / f"{PLAN}.pdf")
