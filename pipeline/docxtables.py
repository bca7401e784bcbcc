"""The quarter tables of the Annual Workplan as real Word tables in the 'RSO Activities' style.

Two header rows repeat on every page ('Activity' spans both, 'Strategic Purpose' spans the
purpose columns), no row splits across pages, and every column and cell has its width with
a fixed layout, so that Word and LibreOffice draw the same table.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from .docxkit import runs_xml, style_id, styled
from .docxstyles import TABLE_STYLE, TEXT_WIDTH
from .model import Activity, Purpose, Quarter

TICK = "\u2713"
ACTIVITY_SHARE = 0.66
STYLES = ("Table Heading", "Table Heading Centred", "Table Text", "Tick")
LOOK = ('<w:tblLook w:firstColumn="0" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        'w:noHBand="0" w:noVBand="1" w:val="0420"/>')  # header row and row bands apply


def column_widths(purposes: int) -> list[int]:
    """Return the widths in twips: the activity column, then equal purpose columns."""
    total = int(TEXT_WIDTH.twips)
    purpose = round(total * (1 - ACTIVITY_SHARE) / purposes)
    return [total - purpose * purposes, *[purpose] * purposes]


def add_activities_table(document: Any, quarter: Quarter, purposes: tuple[Purpose, ...]) -> Any:
    """Add the table of a quarter's activities and the purposes each serves; return it.

    The table is written as one piece of WordprocessingML: python-docx's cell-by-cell API
    took a third of the time of writing the plan.
    """
    numbers = [purpose.number for purpose in purposes]
    widths = column_widths(len(numbers))
    ids = {name: style_id(document, name) or "" for name in (TABLE_STYLE, *STYLES)}
    rows = [*_header(numbers, widths, ids),
            *(_activity_row(activity, numbers, widths, ids) for activity in quarter.activities)]
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    table = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{ids[TABLE_STYLE]}"/>'
        f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLayout w:type="fixed"/>{LOOK}'
        f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
    document.element.body.sectPr.addprevious(table)  # before the last section's properties
    return table


def _header(numbers: list[int], widths: list[int], ids: dict[str, str]) -> list[str]:
    """Return the two header rows: 'Activity' over both, 'Strategic Purpose' over the numbers."""
    heading, centred = ids["Table Heading"], ids["Table Heading Centred"]
    top = (_cell(widths[0], heading, runs_xml("Activity"), '<w:vMerge w:val="restart"/>')
           + _cell(sum(widths[1:]), centred, runs_xml("Strategic Purpose"),
                   f'<w:gridSpan w:val="{len(numbers)}"/>'))
    bottom = _cell(widths[0], None, "", "<w:vMerge/>") + "".join(
        _cell(width, centred, runs_xml(str(number)))
        for width, number in zip(widths[1:], numbers, strict=True))
    return [_row(top, header=True), _row(bottom, header=True)]


def _activity_row(activity: Activity, numbers: list[int], widths: list[int],
                  ids: dict[str, str]) -> str:
    """Return a row: the activity's text, then a tick under each purpose it serves."""
    cells = _cell(widths[0], ids["Table Text"], runs_xml(activity.text)) + "".join(
        _cell(width, ids["Tick"], runs_xml(TICK) if number in activity.purposes else "")
        for width, number in zip(widths[1:], numbers, strict=True))
    return _row(cells, header=False)


def _row(cells: str, header: bool) -> str:
    """Return a row that stays on one page and, as a header row, repeats on every page."""
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"


def _cell(width: int, style: str | None, runs: str, properties: str = "") -> str:
    """Return a cell of `width` twips holding one paragraph in the style with id `style`."""
    paragraph = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}' if style else runs
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{properties}</w:tcPr>'
            f'<w:p>{paragraph}</w:p></w:tc>')


def add_purpose_key(document: Any, purposes: tuple[Purpose, ...]) -> None:
    """Add the key under a table: each purpose's number and title."""
    for purpose in purposes:
        paragraph = styled(document.add_paragraph(), "Key")
        styled(paragraph.add_run(str(purpose.number)), "Key Number")
        paragraph.add_run(f"\t{purpose.title}")
