"""Content of the Word documents: styled paragraphs of inline runs, line breaks, fields,
pictures described for screen readers, bookmarks and the running footer. Every look comes
from a named style (see `styles`); every piece of raw XML from `xml`.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.section import Section
from docx.shared import Length, Pt

from ...model.markup import Rich
from . import xml
from .blank import own_elements
from .inline import Inline

Box = tuple[Length, Length]  # the most width and height a picture may take

DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_PLAIN = {qn("w:t"), qn("w:tab"), qn("w:br")}  # what a new run holds: its style goes first
_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()


def share_style_ids(document: Any, ids: dict[str, str | None]) -> None:
    """Let `document` use (and fill) `ids`, the style ids of documents with the same styles."""
    _STYLE_IDS[document.part] = ids


def style_id(document: Any, name: str) -> str | None:
    """Return the id of the named style (None for the default style, left unnamed).

    Ids are looked up once per set of styles: python-docx's lookup by name scans every
    style on each call, which was a third of the time of writing the plan.
    """
    part = document.part.package.main_document_part
    ids = _STYLE_IDS.setdefault(part, {})
    if name not in ids:
        style = part.styles[name]
        ids[name] = None if style.element.default else style.style_id
    return ids[name]


def styled(item: Any, name: str) -> Any:
    """Give a paragraph or a run the named style; return it.

    A new paragraph or run gets its properties in one step, as python-docx would give
    them (its steps find each new child's place among all the others a schema allows)."""
    paragraph = hasattr(item, "_p")
    element = item._p if paragraph else item._r
    value = style_id(item, name)
    holder, tag = ("w:pPr", "w:pStyle") if paragraph else ("w:rPr", "w:rStyle")
    if value is not None and all(child.tag in _PLAIN for child in element):
        properties = OxmlElement(holder)
        properties.append(OxmlElement(tag, {qn("w:val"): value}))
        element.insert(0, properties)
    else:
        element.style = value
    return item


def add_runs(paragraph: Any, rich: Rich | Inline | str) -> Any:
    """Append the inline runs of `rich` to `paragraph`, with their emphasis and links;
    a paragraph whose text runs right to left is set so, aligned right; return it."""
    runs = xml.runs_xml(rich, partial(external_link, paragraph.part))
    if runs:
        paragraph._p.extend(xml.paragraph_of(runs))
    if isinstance(rich, Inline) and rich.rtl:
        xml.right_to_left(paragraph._p.get_or_add_pPr())
    return paragraph


def external_link(part: Any, address: str) -> str:
    """Return the id of `part`'s relationship to the external `address` (made once)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    return str(part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))


def add_paragraph(container: Any, style: str, rich: Rich | Inline | str = "") -> Any:
    """Add a paragraph in `style` holding `rich` to a document or cell; return it."""
    return add_runs(styled(container.add_paragraph(), style), rich)


def add_lines(container: Any, style: str, lines: Iterable[Inline]) -> Any:
    """Add one paragraph in `style` with `lines` separated by line breaks; return it."""
    return lines_in(styled(container.add_paragraph(), style), lines)


def lines_in(paragraph: Any, lines: Iterable[Inline]) -> Any:
    """Append `lines` to `paragraph`, separated by line breaks; return it."""
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        add_runs(paragraph, line)
    return paragraph


def lockup(
    header: Any, sides: tuple[Length, Length], total: int, rtl: bool = False
) -> tuple[Any, Any, Any]:
    """Put a borderless one-row table of three cells (a logo, a wordmark taking what is
    left, an address; from the right where they run right to left) before `header`'s
    paragraph; return the cells' paragraphs."""
    first, last = (round(side.twips) for side in sides)
    widths = (first, total - first - last, last)
    table = xml.lockup_table(widths, rtl)
    header.paragraphs[0]._p.addprevious(table)
    from docx.text.paragraph import Paragraph

    cells = table.iter(xml.W_P)
    return tuple(Paragraph(p, header) for p in cells)  # type: ignore[return-value]


def side_by_side(
    document: Any, widths: Sequence[Length], above: Length | None = None, rtl: bool = False
) -> list[Any]:
    """Add a borderless one-row table whose cells (`widths` wide) set what is added to them
    side by side (the first at the right, `rtl`), `above` below the text before it; return
    the cells, to add to."""
    from docx.table import _Cell

    top = round(above.twips) if above else 0
    table = xml.beside_table([round(w.twips) for w in widths], top, rtl)
    document.element.body.sectPr.addprevious(table)  # before the last section's properties
    return [_Cell(cell, document._body) for cell in table.iter(qn("w:tc"))]


def space_after(style: Any) -> Length:
    """Return the space after a paragraph style's paragraphs, as it or its bases give it."""
    while style is not None:
        if (after := style.paragraph_format.space_after) is not None:
            return after  # type: ignore[no-any-return]
        style = style.base_style
    return Pt(0)


def add_field(paragraph: Any, instruction: str, result: str = "") -> None:
    """Append a field (`PAGE`, `NUMPAGES`...) showing `result` until it is updated."""
    paragraph._p.append(xml.field_char("begin"))
    paragraph._p.append(xml.instruction_run(instruction))
    paragraph._p.append(xml.field_char("separate"))
    paragraph.add_run(result)
    paragraph._p.append(xml.field_char("end"))


def add_picture(container: Any, image: io.BytesIO, box: Box, alt: str, style: str = "Logo") -> Any:
    """Add a paragraph in `style` with the picture `image` fitted in `box`, described by
    `alt`; return it."""
    paragraph = styled(container.add_paragraph(), style)
    picture_in(paragraph, image, box, alt)
    return paragraph


def picture_in(paragraph: Any, image: io.BytesIO, box: Box, alt: str) -> None:
    """Append the picture (a stream) to `paragraph` at the largest size of its proportions
    that fits `box` (as CSS `max-width` and `max-height`), described by `alt` for readers."""
    width, height = fitted_size(image, box)
    shape = paragraph.add_run().add_picture(image, width=width, height=height)
    properties = shape._inline.docPr
    properties.set("id", str(next_drawing_id(paragraph.part)))
    properties.set("name", alt)
    properties.set("descr", alt)


def fitted_size(image: io.BytesIO, box: Box) -> tuple[Length, Length]:
    """Return the size at which the picture `image` fills `box` (width, height) the most
    without leaving it: a tall picture is as high as the box, a wide one as wide."""
    width, height = box
    ratio = proportions(image)
    fitted = min(width, round(height * ratio))
    return Length(fitted), Length(round(fitted / ratio))


def proportions(image: io.BytesIO) -> float:
    """Return the picture's width over its height as Word shows it: its pixels, each side
    at its own resolution (72 dpi where the file gives none, or one too small to be one)."""
    from docx.image.image import Image

    found = Image.from_blob(image.getvalue())
    across, down = (found.horz_dpi or 72), (found.vert_dpi or 72)
    return (found.px_width / across) / (found.px_height / down)


def next_drawing_id(part: Any) -> int:
    """Return a drawing id no body, header or footer of the document uses yet (the parts
    it shares with its blank, styles and the like, hold no drawings)."""
    document = part.package.main_document_part.document
    used = [int(d.get("id", "0")) for e in own_elements(document) for d in e.iter(DRAWING)]
    return max(used, default=0) + 1


def add_bookmark(paragraph: Any, name: str, number: int) -> None:
    """Wrap the content of `paragraph` in the bookmark `name` with id `number`."""
    start, end = xml.bookmark(name, number)
    ppr = paragraph._p.pPr
    paragraph._p.insert(0 if ppr is None else 1, start)
    paragraph._p.append(end)


def page_footer(section: Section, first_page_blank: bool = False) -> Any:
    """Return the paragraph of `section`'s own footer (styled Footer); blank its first page."""
    section.different_first_page_header_footer = first_page_blank
    footer = section.footer
    footer.is_linked_to_previous = False
    if first_page_blank:
        first = section.first_page_footer
        first.is_linked_to_previous = False
        styled(first.paragraphs[0], "Footer")
    return styled(footer.paragraphs[0], "Footer")


def page_header(section: Section, words: Inline) -> Any:
    """Give `section` its own header: `words` at the right margin (the style's right tab)."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = styled(header.paragraphs[0], "Header")
    if words.spans:
        paragraph.add_run("\t")
        add_runs(paragraph, words)
    return paragraph


def blank_footer(section: Section) -> None:
    """Give `section` a footer of its own with nothing in it (a page in the brand's colour)."""
    section.footer.is_linked_to_previous = False
    styled(section.footer.paragraphs[0], "Footer")
