"""A Word redline: the new edition's document with its differences from the earlier one as
tracked changes a reviewer accepts or rejects, in Word or LibreOffice.

The two documents come from the same template, so their bodies differ only where the
plan does. Blocks (paragraphs and tables) are aligned by style and text; in aligned
tables, rows are aligned by their first cell. What differs is marked as Word marks it:
words replaced inside a paragraph (`w:del`/`w:ins` around runs), whole paragraphs and
table rows inserted or deleted (their runs and their paragraph marks, and `w:trPr` for a
row), and ticks put in or taken out of a cell. Every mark has an id unique in the part,
the office as author and the edition's date, so the same editions give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from . import document as documents

_WORD = re.compile(r"\S+\s*|\s+")
_PLAIN = {qn("w:pPr"), qn("w:r")}  # a paragraph of only these can be diffed word by word
_RUN_PLAIN = {qn("w:rPr"), qn("w:t")}


class Marks:
    """Make revision marks: unique ids from `start`, one author, one date."""

    def __init__(self, author: str, day: dt.date, start: int) -> None:
        self.author = author
        self.date = f"{day.isoformat()}T00:00:00Z"
        self.ids = itertools.count(start)

    def make(self, kind: str) -> Any:
        """Return an empty `w:ins` or `w:del` mark."""
        from docx.oxml import OxmlElement

        element = OxmlElement(f"w:{kind}")
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element


def redline(old: bytes, new: bytes, author: str, day: dt.date) -> bytes:
    """Return the document `new` with its differences from `old` as tracked changes."""
    before = Document(io.BytesIO(old)).element.body
    document = Document(io.BytesIO(new))
    after = document.element.body
    ids = [int(v) for v in after.xpath("//@w:id") if str(v).isdigit()]
    marks = Marks(author, day, max(ids, default=0) + 1)
    _blocks(marks, _content(before), _content(after), after)
    return documents.reproducible_bytes(document, day)


def _content(body: Any) -> list[Any]:
    """Return the paragraphs and tables of a body (or a cell), in order."""
    return [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]


def _blocks(marks: Marks, old: list[Any], new: list[Any], body: Any, styled: bool = True) -> None:
    """Mark the differences between the blocks `old` and `new` (which are in `body`):
    aligned by style and text, then what is left by text alone (a paragraph restyled)."""
    keys = _key if styled else _text_key
    matcher = difflib.SequenceMatcher(
        a=[keys(b) for b in old], b=[keys(b) for b in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = old[i1:i2], new[j1:j2]
        if op == "equal":
            for before, after in zip(was, now, strict=True):
                if after.tag == qn("w:tbl"):
                    _rows(marks, before, after)
                elif _plain(before) and _plain(after) and _restyled(before, after):
                    _words(marks, before, after)
        elif op == "replace" and styled:
            _blocks(marks, was, now, body, styled=False)
        elif op == "replace" and len(was) == len(now) and all(map(_plain, was + now)):
            for before, after in zip(was, now, strict=True):
                _words(marks, before, after)
        else:
            anchor = now[0] if now else _after(new, j2, body)
            for before in was:
                anchor.addprevious(_deleted(marks, copy.deepcopy(before)))
            for after in now:
                _inserted(marks, after)


def _after(blocks: list[Any], index: int, body: Any) -> Any:
    """Return what blocks deleted before `blocks[index]` go before (the end: sectPr)."""
    if index < len(blocks):
        return blocks[index]
    following = blocks[-1].getnext() if blocks else None
    return following if following is not None else _end(body)


def _text_key(block: Any) -> tuple[str, ...]:
    """Return what aligns a block with its counterpart whatever its style: its text."""
    return ("table",) if block.tag == qn("w:tbl") else ("p", _text(block))


def _end(body: Any) -> Any:
    """Return the element that new blocks at the end of `body` go before."""
    found = body.find(qn("w:sectPr"))
    if found is None:
        raise ValueError("a redline needs the body's section properties")
    return found


def _key(block: Any) -> tuple[str, ...]:
    """Return what aligns a block with its counterpart: a paragraph's style and text."""
    if block.tag == qn("w:tbl"):
        return ("table",)
    return ("p", _style(block), _text(block))


def _style(paragraph: Any) -> str:
    """Return a paragraph's style id, or ''."""
    found = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if found is None else str(found.get(qn("w:val")))


def _text(element: Any) -> str:
    """Return the text of an element's `w:t` and `w:delText` descendants."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _plain(block: Any) -> bool:
    """Return whether a block is a paragraph of plain text runs (no field, link, picture)."""
    if block.tag != qn("w:p") or any(child.tag not in _PLAIN for child in block):
        return False
    return all(part.tag in _RUN_PLAIN for run in block.iter(qn("w:r")) for part in run)


def _rows(marks: Marks, old: Any, new: Any) -> None:
    """Mark the rows inserted and deleted between two tables, and the cells that changed."""
    before, after = old.findall(qn("w:tr")), new.findall(qn("w:tr"))
    keys = [_first_cell(r) for r in before], [_first_cell(r) for r in after]
    matcher = difflib.SequenceMatcher(a=keys[0], b=keys[1], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for was, now in zip(before[i1:i2], after[j1:j2], strict=True):
                _cells(marks, was, now)
            continue
        anchor = after[j1] if j1 < len(after) else None
        for was in before[i1:i2]:
            row = _row_marked(marks, copy.deepcopy(was), "del")
            if anchor is None:
                new.append(row)
            else:
                anchor.addprevious(row)
        for now in after[j1:j2]:
            _row_marked(marks, now, "ins")


def _first_cell(row: Any) -> str:
    """Return the text of a row's first cell."""
    cell = row.find(qn("w:tc"))
    return "" if cell is None else _text(cell)


def _cells(marks: Marks, old: Any, new: Any) -> None:
    """Mark the words that changed in each cell of a row that stayed."""
    for was, now in zip(old.findall(qn("w:tc")), new.findall(qn("w:tc")), strict=False):
        before, after = was.findall(qn("w:p")), now.findall(qn("w:p"))
        if len(before) == len(after) and all(map(_plain, before + after)):
            for p_was, p_now in zip(before, after, strict=True):
                if list(_tokens(p_was)) != list(_tokens(p_now)):
                    _words(marks, p_was, p_now)


def _restyled(old: Any, new: Any) -> bool:
    """Return whether two paragraphs of the same words differ in style or in how they look."""
    return _style(old) != _style(new) or list(_tokens(old)) != list(_tokens(new))


def _words(marks: Marks, old: Any, new: Any) -> None:
    """Rewrite the paragraph `new` as `old` with its words deleted and inserted."""
    a, b = list(_tokens(old)), list(_tokens(new))
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    runs = [child for child in new if child.tag == qn("w:r")]
    for run in runs:
        new.remove(run)
    _style_change(marks, old, new)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            new.extend(_runs(b[j1:j2]))
            continue
        if [w for w, _ in a[i1:i2]] == [w for w, _ in b[j1:j2]]:  # the same words, restyled
            new.extend(_runs(b[j1:j2], was=a[i1:i2], marks=marks))
            continue
        if i2 > i1:
            wrapper = marks.make("del")
            wrapper.extend(_runs(a[i1:i2], deleted=True))
            new.append(wrapper)
        if j2 > j1:
            wrapper = marks.make("ins")
            wrapper.extend(_runs(b[j1:j2]))
            new.append(wrapper)


def _tokens(paragraph: Any) -> Iterator[tuple[str, bytes]]:
    """Return a paragraph's words, each with the run properties it is in."""
    from lxml import etree

    for run in paragraph.findall(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        shape = b"" if properties is None else etree.tostring(properties)
        for word in _WORD.findall(_text(run)):
            yield word, shape


def _runs(
    tokens: list[tuple[str, bytes]],
    deleted: bool = False,
    was: list[tuple[str, bytes]] | None = None,
    marks: Marks | None = None,
) -> list[Any]:
    """Return runs holding `tokens`, one per stretch in the same properties; where `was`
    gives the words' earlier properties, each run records them as a formatting change."""
    from docx.oxml import OxmlElement, parse_xml

    found = []
    shapes = [
        (shape, old[1] if was else shape)
        for (_w, shape), old in zip(tokens, was or tokens, strict=True)
    ]
    for (shape, before), group in itertools.groupby(
        zip(tokens, shapes, strict=True), key=lambda t: t[1]
    ):
        run = OxmlElement("w:r")
        properties = parse_xml(shape) if shape else OxmlElement("w:rPr")
        if marks is not None and shape != before:
            change = marks.make("rPrChange")
            change.append(parse_xml(before) if before else OxmlElement("w:rPr"))
            properties.append(change)  # last, holding the whole earlier w:rPr
        if len(properties):
            run.append(properties)
        text = OxmlElement("w:delText" if deleted else "w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = "".join(token[0] for token, _shapes in group)
        run.append(text)
        found.append(run)
    return found


def _style_change(marks: Marks, old: Any, new: Any) -> None:
    """Record a change of paragraph style as a formatting change of the paragraph."""
    from docx.oxml import OxmlElement

    if _style(old) == _style(new):
        return
    properties = new.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        new.insert(0, properties)
    earlier = OxmlElement("w:pPr")
    style = old.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is not None:
        earlier.append(copy.deepcopy(style))
    change = marks.make("pPrChange")
    change.append(earlier)
    properties.append(change)  # last, holding the earlier style


def _deleted(marks: Marks, block: Any) -> Any:
    """Return a copy of an earlier block marked deleted, throughout, without the bookmarks
    and section breaks the new edition has once already."""
    for tag in ("w:bookmarkStart", "w:bookmarkEnd", "w:sectPr"):
        for element in list(block.iter(qn(tag))):
            element.getparent().remove(element)
    if block.tag == qn("w:tbl"):
        for row in block.findall(qn("w:tr")):
            _row_marked(marks, row, "del")
        return block
    _paragraph_marked(marks, block, "del")
    return block


def _inserted(marks: Marks, block: Any) -> None:
    """Mark a new block inserted, throughout."""
    if block.tag == qn("w:tbl"):
        for row in block.findall(qn("w:tr")):
            _row_marked(marks, row, "ins")
    else:
        _paragraph_marked(marks, block, "ins")


def _row_marked(marks: Marks, row: Any, kind: str) -> Any:
    """Mark a table row, its cells' runs and their paragraph marks, inserted or deleted."""
    from docx.oxml import OxmlElement

    properties = row.find(qn("w:trPr"))
    if properties is None:
        properties = OxmlElement("w:trPr")
        row.insert(0, properties)
    properties.append(marks.make(kind))  # after cantSplit and tblHeader, as the schema orders
    for paragraph in row.iter(qn("w:p")):
        _paragraph_marked(marks, paragraph, kind)
    return row


def _paragraph_marked(marks: Marks, paragraph: Any, kind: str) -> None:
    """Wrap a paragraph's runs in one mark and mark its paragraph mark the same."""
    from docx.oxml import OxmlElement

    runs = [child for child in paragraph if child.tag == qn("w:r")]
    if runs:
        wrapper = marks.make(kind)
        runs[0].addprevious(wrapper)
        for run in runs:
            if kind == "del":
                for text in run.findall(qn("w:t")):
                    text.tag = qn("w:delText")
            wrapper.append(run)
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    mark_properties = properties.find(qn("w:rPr"))
    if mark_properties is None:
        mark_properties = OxmlElement("w:rPr")
        following = [properties.find(qn(t)) for t in ("w:sectPr", "w:pPrChange")]
        after = next((f for f in following if f is not None), None)
        if after is None:
            properties.append(mark_properties)
        else:
            after.addprevious(mark_properties)
    mark_properties.insert(0, marks.make(kind))
