"""The plan's contents and running footer in Word, as the PDF prints them.

The contents are a TOC field whose entries link to their headings' bookmarks and show the
page the PDF prints each heading on (`Pagination`), so Word need not update the field (it
may; nothing asks it to). The running footer is the publication's title, a tab, and the
page numbers as PAGE and NUMPAGES fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..pdf.pagination import Pagination
from . import blocks, inline, xml
from .vocabulary import TOC


def add_contents(document: Any, nav: Any, pages: Pagination | None, setting: Any) -> None:
    """Add the contents of `nav`: each entry linked to its heading's bookmark, with the page
    the PDF prints it on, inside a TOC field that Word may update but need not (no prompt)."""
    blocks.add_paragraph(document, "TOC Heading", inline.runs(nav.find("h1"), setting))
    for number, link in enumerate(nav.iter("a"), start=1):
        level = sum(1 for a in link.iterancestors("li"))
        paragraph = blocks.styled(document.add_paragraph(), f"toc {min(level, 2)}")
        if number == 1:
            for run in (
                xml.field_char("begin"),
                xml.instruction_run(TOC),
                xml.field_char("separate"),
            ):
                paragraph._p.append(run)
        page = pages.anchors.get(link.get("href", "").removeprefix("#"), 0) if pages else 0
        title = inline.runs(link, setting)
        paragraph._p.extend(xml.paragraph_of(xml.contents_entry(title, anchor(number), page)))
        if title.rtl:  # as the PDF's: from the right, its page number at the left
            xml.right_to_left(paragraph._p.get_or_add_pPr())
    blocks.styled(document.add_paragraph(), "Normal")._p.append(xml.field_char("end"))


def anchors(body: Any) -> dict[str, str]:
    """Return the bookmark of each heading the contents of `body` link to, by its id."""
    links = body.iterfind(".//nav[@class='contents']//a")
    return {link.get("href").removeprefix("#"): anchor(n) for n, link in enumerate(links, 1)}


def anchor(number: int) -> str:
    """Return the name of the bookmark of the contents' entry `number`."""
    return f"_Toc{number:04d}"


def add_footer(document: Any, body: Any, setting: inline.Setting) -> None:
    """Make the running footer: the title, a tab, then the page numbers as fields."""
    title = body.find("p[@class='running-title']")
    numbers = body.find("p[@class='running-page']")
    if title is None or numbers is None:
        return
    first = next((e for e in body if e.get("data-page")), None)
    paragraph = blocks.page_footer(
        document.sections[0],
        first_page_blank=(first is not None and first.get("data-page") == "cover"),
    )
    # left to right, as the PDF's margins are: the title at the left, the page at the right
    blocks.add_runs(paragraph, replace(inline.runs(title, setting), rtl=False))
    paragraph.add_run("\t")
    for kind, piece in _pieces(numbers):
        if kind == "text":
            paragraph.add_run(piece)
        else:
            blocks.add_field(paragraph, piece, "1")


def _pieces(numbers: Any) -> Iterator[tuple[str, str]]:
    """Yield the running page line as ('text', words) and ('field', PAGE or NUMPAGES)."""
    fields = {"page-number": "PAGE", "page-count": "NUMPAGES"}
    if numbers.text:
        yield "text", numbers.text
    for child in numbers:
        yield "field", fields[child.get("class")]
        if child.tail:
            yield "text", child.tail
