"""Check a Word document's geometry before it is saved, where it can be computed here.

Word and LibreOffice lay the pages out themselves, so what the PDF's preflight measures on
laid-out boxes is computed here from the document's own numbers: every table fits the
width it is set in (its section's text width, or its cell's), every picture in the text
fits that width and the height it has (a page's text area; in a page header or footer, the
room between the page's edge and its text; a page's background picture lies behind the
page, not in it), and a notice is one section with no page break in it. A fault names the
output and what is wrong; one with the brand's logo in it is located at `logo_raster` in
styles/brand.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Emu

from ...errors import Mark, SourceError

SLACK = 20  # twips (0.35 mm): rounding of widths shared out among columns
TWIPS_PER_MM = 1440 / 25.4
_INLINE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = qn("r:embed")
_SECTION = qn("w:sectPr")
_ENDS_SECTION = f"{qn('w:pPr')}/{qn('w:sectPr')}"
_MARGINS = ("top", "right", "bottom", "left", "header", "footer")
_TABLE, _PARAGRAPH = qn("w:tbl"), qn("w:p")


@dataclass(frozen=True)
class Room:
    """The width and height that content has, in twips, and where it is."""

    width: int
    height: int
    where: str


@dataclass(frozen=True)
class Fault:
    """What is wrong, and the picture in it (its bytes), if any."""

    message: str
    picture: bytes | None = None


def check(
    document: Any, output: str, logo: tuple[bytes, Mark], one_page: bool
) -> list[SourceError]:
    """Return every fault of `document` (the Word file `output`): `logo` is the brand's
    raster logo and where the brand names it; `one_page` asks for a page of its own."""
    part, body = document.part, document.element.body
    sections = list(_sections(body))
    faults: list[Fault] = []
    for number, (blocks, properties) in enumerate(sections, 1):
        width, height, rooms = _page(properties)
        faults += _blocks(part, blocks, Room(width, height, "the text area"))
        of = f" of section {number}" if len(sections) > 1 else ""
        for kind, rid in _furniture(properties):
            room = Room(width, rooms[kind], f"the page {kind}{of}")
            furniture = part.related_parts[rid]
            faults += _blocks(furniture, list(furniture.element), room)
    if one_page:
        faults += _breaks(body)
    found = (_located(fault, output, logo) for fault in faults)
    return list(dict.fromkeys(found))


def _located(fault: Fault, output: str, logo: tuple[bytes, Mark]) -> SourceError:
    """Return `fault` as an error at the brand's logo (when it is the logo) or at `output`."""
    data, mark = logo
    if fault.picture == data:
        return SourceError(mark, "logo_raster", f"{fault.message} in {output}")
    return SourceError(Mark(output), "", fault.message)


def _sections(body: Any) -> Iterator[tuple[list[Any], Any]]:
    """Yield each section's blocks (paragraphs and tables) and its properties, in order."""
    blocks: list[Any] = []
    for element in body:
        if element.tag == _SECTION:
            yield blocks, element
            return
        blocks.append(element)
        properties = element.find(_ENDS_SECTION)
        if properties is not None:
            yield blocks, properties
            blocks = []


def _page(properties: Any) -> tuple[int, int, dict[str, int]]:
    """Return a section's text width and height, and the height of the room its page
    header and footer have between the page's edge and the text, in twips."""
    size, margins = properties.find(qn("w:pgSz")), properties.find(qn("w:pgMar"))
    side = {name: abs(int(margins.get(qn(f"w:{name}"), "0"))) for name in _MARGINS}
    width = int(size.get(qn("w:w"))) - side["left"] - side["right"]
    height = int(size.get(qn("w:h"))) - side["top"] - side["bottom"]
    rooms = {"header": side["top"] - side["header"], "footer": side["bottom"] - side["footer"]}
    return width, height, rooms


def _furniture(properties: Any) -> Iterator[tuple[str, str]]:
    """Yield the kind ("header", "footer") and relationship id of a section's own page
    headers and footers (one a section does not name is its previous section's)."""
    for kind in ("header", "footer"):
        for reference in properties.iterfind(qn(f"w:{kind}Reference")):
            yield kind, reference.get(qn("r:id"))


def _blocks(part: Any, blocks: list[Any], room: Room) -> Iterator[Fault]:
    """Yield the faults of `blocks` (paragraphs and tables) set in `room`."""
    for block in blocks:
        if block.tag == _TABLE:
            yield from _table(part, block, room)
        elif block.tag == _PARAGRAPH:
            yield from _pictures(part, block, room)


def _table(part: Any, table: Any, room: Room) -> Iterator[Fault]:
    """Yield the faults of `table` set in `room`: its width, then each cell's content."""
    grid = [
        int(column.get(qn("w:w")))
        for column in table.iterfind(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    ]
    if sum(grid) > room.width + SLACK:
        yield Fault(f"a table {_mm(sum(grid))} wide is wider than {room.where} ({_mm(room.width)})")
    for row in table.iterfind(qn("w:tr")):
        column = 0
        for cell in row.iterfind(qn("w:tc")):
            span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            columns = int(span.get(qn("w:val"))) if span is not None else 1
            width = sum(grid[column : column + columns])
            column += columns
            inside = Room(width, room.height, f"a table cell in {room.where}")
            yield from _blocks(part, list(cell), inside)


def _pictures(part: Any, paragraph: Any, room: Room) -> Iterator[Fault]:
    """Yield a fault for each picture of `paragraph` that does not fit `room`."""
    for drawing in paragraph.iter(_INLINE):
        extent = drawing.find(_EXTENT)
        width, height = (Emu(int(extent.get(side))).twips for side in ("cx", "cy"))
        if width > room.width + SLACK or height > room.height + SLACK:
            yield Fault(
                f"a picture of {_size(width, height)} does not fit {room.where} "
                f"({_size(room.width, room.height)})",
                _bytes(part, drawing),
            )


def _bytes(part: Any, drawing: Any) -> bytes | None:
    """Return the bytes of the picture `drawing` shows."""
    blip = drawing.find(f".//{_BLIP}")
    rid = blip.get(_EMBED) if blip is not None else None
    return part.related_parts[rid].blob if rid in part.rels else None


def _breaks(body: Any) -> Iterator[Fault]:
    """Yield a fault if `body` breaks a page or starts a section: a notice is one page."""
    breaks = [b for b in body.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
    before = [
        p
        for p in body.iter(qn("w:pageBreakBefore"))
        if p.get(qn("w:val"), "true") not in ("0", "false")
    ]
    sections = len(list(body.iter(qn("w:sectPr"))))
    if breaks or before or sections > 1:
        yield Fault(
            f"a notice must be one page; it has {len(breaks) + len(before)} page break(s) "
            f"and {sections} section(s)"
        )


def _mm(twips: int) -> str:
    return f"{twips / TWIPS_PER_MM:.0f} mm"


def _size(width: int, height: int) -> str:
    return f"{width / TWIPS_PER_MM:.0f} × {height / TWIPS_PER_MM:.0f} mm"
