"""Tracked-change marks in WordprocessingML, as Word writes them: insertions and deletions
around runs, paragraph marks and table rows marked too, formatting changes holding the
earlier properties, every mark with an id of its own, one author and one date."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

from docx.oxml.ns import qn


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


def runs(
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


def style_change(marks: Marks, old: Any, new: Any) -> None:
    """Record a change of paragraph style as a formatting change of the paragraph."""
    from docx.oxml import OxmlElement

    if style(old) == style(new):
        return
    properties = new.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        new.insert(0, properties)
    earlier = OxmlElement("w:pPr")
    named = old.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if named is not None:
        earlier.append(copy.deepcopy(named))
    change = marks.make("pPrChange")
    change.append(earlier)
    properties.append(change)  # last, holding the earlier style


def deleted(marks: Marks, block: Any) -> Any:
    """Return a copy of an earlier block marked deleted, throughout, without the bookmarks
    and section breaks the new edition has once already."""
    for tag in ("w:bookmarkStart", "w:bookmarkEnd", "w:sectPr"):
        for element in list(block.iter(qn(tag))):
            element.getparent().remove(element)
    if block.tag == qn("w:tbl"):
        for row in block.findall(qn("w:tr")):
            row_marked(marks, row, "del")
        return block
    paragraph_marked(marks, block, "del")
    return block


def inserted(marks: Marks, block: Any) -> None:
    """Mark a new block inserted, throughout."""
    if block.tag == qn("w:tbl"):
        for row in block.findall(qn("w:tr")):
            row_marked(marks, row, "ins")
    else:
        paragraph_marked(marks, block, "ins")


def row_marked(marks: Marks, row: Any, kind: str) -> Any:
    """Mark a table row, its cells' runs and their paragraph marks, inserted or deleted."""
    from docx.oxml import OxmlElement

    properties = row.find(qn("w:trPr"))
    if properties is None:
        properties = OxmlElement("w:trPr")
        row.insert(0, properties)
    properties.append(marks.make(kind))  # after cantSplit and tblHeader, as the schema orders
    for paragraph in row.iter(qn("w:p")):
        paragraph_marked(marks, paragraph, kind)
    return row


def paragraph_marked(marks: Marks, paragraph: Any, kind: str) -> None:
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


def style(paragraph: Any) -> str:
    """Return a paragraph's style id, or ''."""
    found = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if found is None else str(found.get(qn("w:val")))
