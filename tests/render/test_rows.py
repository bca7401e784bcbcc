"""A chapter's longest table written a run of rows at a time: what each piece holds, and
where each of its elements lies in the chapter."""

from __future__ import annotations

import lxml.html

from pipeline.render.pdf import rows
from pipeline.render.pdf.pagination import path_of

CHAPTER = """<!DOCTYPE html><html><head><title>t</title></head><body>
<div class="running">RSO</div>
<section data-page="new"><h1 id="q1">Quarter 1</h1>
<table><caption>Activities</caption><colgroup><col><col></colgroup>
<thead><tr><th>Activity</th><th>1</th></tr></thead>
<tbody>{rows}</tbody></table>
<dl class="key"><dt>1</dt><dd>Purpose</dd></dl></section></body></html>""".format(
    rows="".join(f"<tr><td>Row {n}</td><td>✓</td></tr>" for n in range(6))
)


def _piece(first: int, end: int, number: int) -> tuple[lxml.html.HtmlElement, rows.Map]:
    """Return a piece of the chapter, parsed, and its map."""
    html, where = rows.Rows(CHAPTER, lead=1).piece(first, end, number)
    return lxml.html.document_fromstring(html), where


def _texts(root: lxml.html.HtmlElement, path: str) -> list[str]:
    """Return the text of each element at an XPath."""
    return [element.text_content() for element in root.xpath(path)]


def test_the_first_piece_holds_what_comes_before_the_rows_and_not_after() -> None:
    root, _ = _piece(0, 2, 0)
    assert _texts(root, "//h1") == ["Quarter 1"] and _texts(root, "//caption") == ["Activities"]
    assert _texts(root, "//tbody/tr/td[1]") == ["Row 0", "Row 1"]
    assert not root.xpath("//dl") and _texts(root, "//div") == ["RSO"]  # the lead stays
    assert root.xpath("//table/@data-table") == ["t"] and not root.xpath("//@data-continues")


def test_a_later_piece_goes_on_with_the_header_and_keeps_the_banding() -> None:
    root, _ = _piece(3, 5, 2)
    assert not root.xpath("//h1") and not root.xpath("//caption") and not root.xpath("//dl")
    assert _texts(root, "//thead//th") == ["Activity", "1"] and root.xpath("//colgroup")
    assert root.xpath("//table/@data-continues") == ["2"]
    body = root.xpath("//tbody/tr")
    assert body[0].get("style") == "display: none"  # row 3 is the fourth: even, as it was
    assert [tr.text_content() for tr in body[1:]] == ["Row 3✓", "Row 4✓"]
    even, _ = _piece(2, 4, 1)
    assert even.xpath("//tbody/tr[1]")[0].text_content() == "Row 2✓"  # no hidden row needed


def test_the_last_piece_holds_what_comes_after_the_rows() -> None:
    root, _ = _piece(4, 6, 2)
    assert _texts(root, "//dd") == ["Purpose"] and _texts(root, "//tbody/tr/td[1]")[-1] == "Row 5"


def test_a_pieces_elements_are_found_where_they_lie_in_the_chapter() -> None:
    chapter = lxml.html.document_fromstring(CHAPTER)
    root, where = _piece(3, 5, 2)
    for cell in root.xpath("//tbody/tr/td[1]"):
        same = chapter.xpath(f"//td[text()='{cell.text}']")[0]
        assert where(path_of(cell)) == path_of(same)
    header = root.xpath("//thead//th")[0]
    assert where(path_of(header)) == path_of(chapter.xpath("//thead//th")[0])  # after the caption
    assert where(path_of(root.xpath("//tbody/tr")[0])) is None  # the hidden row, none there
    assert where(path_of(root.xpath("//div")[0])) == path_of(chapter.xpath("//div")[0])
