"""The quarter tables of the Annual Workplan as real Word tables in the 'RSO Activities' style.

Two header rows repeat on every page ('Activity' spans both, 'Strategic Purpose' spans the
purpose columns), no row splits across pages, and every column and cell has its width with
a fixed layout, so that Word and LibreOffice draw the same table.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from .docxkit import add_runs, styled
from .docxstyles import TABLE_STYLE, TEXT_WIDTH
from .model import Activity, Purpose, Quarter

TICK = "\u2713"
ACTIVITY_SHARE = 0.66
HEADER_ROWS = 2
STYLES = ("Table Heading", "Table Heading Centred", "Table Text", "Tick")


def column_widths(purposes: int) -> list[int]:
    """Return the widths in twips: the activity column, then equal purpose columns."""
    total = int(TEXT_WIDTH.twips)
    purpose = round(total * (1 - ACTIVITY_SHARE) / purposes)
    return [total - purpose * purposes, *[purpose] * purposes]


def add_activities_table(document: Any, quarter: Quarter, purposes: tuple[Purpose, ...]) -> Any:
    """Add the table of a quarter's activities and the purposes each serves; return it."""
    numbers = [purpose.number for purpose in purposes]
    widths = column_widths(len(numbers))
    table = document.add_table(rows=HEADER_ROWS + len(quarter.activities), cols=len(widths))
    table.style = document.styles[TABLE_STYLE]
    table.autofit = False
    _table_properties(table._tbl, sum(widths))
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Twips(width)
    ids = {name: document.styles[name].style_id for name in STYLES}
    _header(table, numbers, ids)
    for row, activity in zip(table.rows[HEADER_ROWS:], quarter.activities, strict=True):
        _activity_row(row, activity, numbers, ids)
    for index, tr in enumerate(table._tbl.tr_lst):
        _row_properties(tr, header=index < HEADER_ROWS)
        _cell_widths(tr, widths)
    return table


def _table_properties(tbl: Any, width: int) -> None:
    """Set the table's full width and which parts of its style apply (header, row bands)."""
    tbl_w = tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(width))
    look = tbl.tblPr.find(qn("w:tblLook"))
    flags = {"firstRow": "1", "lastRow": "0", "firstColumn": "0", "lastColumn": "0",
             "noHBand": "0", "noVBand": "1", "val": "0420"}
    for name, value in flags.items():
        look.set(qn(f"w:{name}"), value)


def _header(table: Any, numbers: list[int], ids: dict[str, str]) -> None:
    """Fill the two header rows: 'Activity' over both, 'Strategic Purpose' over the numbers."""
    top, bottom = table.rows[0].cells, table.rows[1].cells  # Table.cell re-reads the grid
    top[0].merge(bottom[0])
    top[1].merge(top[len(numbers)])
    _text(top[0], ids["Table Heading"], "Activity")
    _text(top[1], ids["Table Heading Centred"], "Strategic Purpose")
    for column, number in enumerate(numbers, start=1):
        _text(bottom[column], ids["Table Heading Centred"], str(number))


def _activity_row(row: Any, activity: Activity, numbers: list[int], ids: dict[str, str]) -> None:
    """Fill a row: the activity's text, then a tick under each purpose it serves."""
    cells = row.cells
    add_runs(_text(cells[0], ids["Table Text"], ""), activity.text)
    for cell, number in zip(cells[1:], numbers, strict=True):
        _text(cell, ids["Tick"], TICK if number in activity.purposes else "")


def _text(cell: Any, style_id: str, text: str) -> Any:
    """Give the cell's only paragraph the style `style_id` and `text`; return the paragraph.

    The style is set by id: python-docx's lookup by name scans every style, per cell.
    """
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id
    if text:
        paragraph.add_run(text)
    return paragraph


def _row_properties(tr: Any, header: bool) -> None:
    """Keep the row on one page; repeat it on every page when it is a header row."""
    properties = tr.get_or_add_trPr()
    properties.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if header:
        properties.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _cell_widths(tr: Any, widths: list[int]) -> None:
    """Set each cell's width: the sum of the grid columns it spans."""
    column = 0
    for tc in tr.tc_lst:
        span = tc.grid_span
        tc.width = Twips(sum(widths[column : column + span]))
        column += span


def add_purpose_key(document: Any, purposes: tuple[Purpose, ...]) -> None:
    """Add the key under a table: each purpose's number and title."""
    for purpose in purposes:
        paragraph = styled(document.add_paragraph(), "Key")
        styled(paragraph.add_run(str(purpose.number)), "Key Number")
        paragraph.add_run(f"\t{purpose.title}")
