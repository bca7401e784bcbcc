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
import re
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from . import document as documents
from . import marks as marks_module
from .marks import Marks, style

_WORD = re.compile(r"\S+\s*|\s+")
_PLAIN = {qn("w:pPr"), qn("w:r")}  # a paragraph of only these can be diffed word by word
_RUN_PLAIN = {qn("w:rPr"), qn("w:t")}


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
                anchor.addprevious(marks_module.deleted(marks, copy.deepcopy(before)))
            for after in now:
                marks_module.inserted(marks, after)


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
    return ("p", style(block), _text(block))


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
            row = marks_module.row_marked(marks, copy.deepcopy(was), "del")
            if anchor is None:
                new.append(row)
            else:
                anchor.addprevious(row)
        for now in after[j1:j2]:
            marks_module.row_marked(marks, now, "ins")


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
    return style(old) != style(new) or list(_tokens(old)) != list(_tokens(new))


def _words(marks: Marks, old: Any, new: Any) -> None:
    """Rewrite the paragraph `new` as `old` with its words deleted and inserted."""
    a, b = list(_tokens(old)), list(_tokens(new))
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    runs = [child for child in new if child.tag == qn("w:r")]
    for run in runs:
        new.remove(run)
    marks_module.style_change(marks, old, new)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            new.extend(marks_module.runs(b[j1:j2]))
            continue
        if [w for w, _ in a[i1:i2]] == [w for w, _ in b[j1:j2]]:  # the same words, restyled
            new.extend(marks_module.runs(b[j1:j2], was=a[i1:i2], marks=marks))
            continue
        if i2 > i1:
            wrapper = marks.make("del")
            wrapper.extend(marks_module.runs(a[i1:i2], deleted=True))
            new.append(wrapper)
        if j2 > j1:
            wrapper = marks.make("ins")
            wrapper.extend(marks_module.runs(b[j1:j2]))
            new.append(wrapper)


def _tokens(paragraph: Any) -> Iterator[tuple[str, bytes]]:
    """Return a paragraph's words, each with the run properties it is in."""
    from lxml import etree

    for run in paragraph.findall(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        shape = b"" if properties is None else etree.tostring(properties)
        for word in _WORD.findall(_text(run)):
            yield word, shape
