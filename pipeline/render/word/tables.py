"""HTML tables as native Word tables: header rows that repeat, rows that never split.

Every column and cell has its width (the shares the HTML's `<col style="width: N%">` give,
as the PDF uses them) and the layout is fixed, so that Word and LibreOffice draw the same
table. An empty header cell above another header cell is merged with it (the HTML's corner
above "Activity"), as the PDF draws them: one cell.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import xml
from .blocks import external_link, style_id
from .inline import Setting, direction_of, runs, text

FIRST_SHARE = 0.66  # of the text width, for a table's first column, if the HTML gives none
_SHARE = re.compile(r"width:\s*([0-9.]+)%")

Styles = Callable[[Any], str | None]  # a cell's paragraph style


@dataclass
class _Cell:
    """A cell on its way to Word: its element, columns spanned, and merge with its neighbour."""

    element: Any
    columns: int
    merge: str = ""
    content: Any = None


def column_widths(columns: int, total: int, shares: list[float] | None = None) -> list[int]:
    """Return the widths in twips: by the given percentage shares, or else the first column
    at FIRST_SHARE and equal columns for the rest. The first column takes the rounding."""
    if columns == 1:
        return [total]
    if shares and len(shares) == columns:
        rest = [round(total * share / 100) for share in shares[1:]]
    else:
        rest = [round(total * (1 - FIRST_SHARE) / (columns - 1))] * (columns - 1)
    return [total - sum(rest), *rest]


def _shares(table: Any) -> list[float]:
    """Return the percentage widths the table's columns declare."""
    found = [_SHARE.search(col.get("style", "")) for col in table.iterfind("colgroup/col")]
    return [float(match.group(1)) for match in found if match]


def add_table(
    document: Any,
    table: Any,
    table_style: str,
    styles: Styles,
    total: int,
    setting: Setting,
    band: str,
) -> Any:
    """Add the HTML `table` to `document` in `table_style`, each cell styled by `styles`,
    every second body row shaded in `band` (as the PDF's `nth-child(even)`)."""
    head = [_cells(row) for row in table.iterfind("thead/tr")]
    _merge_empty_corners(head)
    body = [_cells(row) for row in table.iterfind("tbody/tr")]
    widths = column_widths(sum(c.columns for c in (head or body)[0]), total, _shares(table))
    rows = [_row(document, cells, widths, (styles, setting), "") for cells in head] + [
        _row(document, cells, widths, (styles, setting), band if index % 2 else None)
        for index, cells in enumerate(body)
    ]
    rtl = direction_of(table) == "rtl"  # as the PDF's: the Activity column at the right
    element = xml.table(style_id(document, table_style) or "", widths, rows, rtl)
    document.element.body.sectPr.addprevious(element)  # before the last section's properties
    return element


def _cells(row: Any) -> list[_Cell]:
    """Return the cells of an HTML row."""
    return [
        _Cell(cell, int(cell.get("colspan", "1")), content=cell)
        for cell in row
        if cell.tag in ("td", "th")
    ]


def _merge_empty_corners(rows: list[list[_Cell]]) -> None:
    """Merge each empty one-column header cell with the one-column cell below it."""
    for upper, lower in itertools.pairwise(rows):
        below = dict(_starts(lower))
        for start, cell in _starts(upper):
            under = below.get(start)
            if cell.columns == 1 and not text(cell.element) and under and under.columns == 1:
                cell.merge, cell.content = "restart", under.element
                under.merge, under.content = "continue", None


def _starts(cells: list[_Cell]) -> list[tuple[int, _Cell]]:
    """Return each cell with the grid column it starts at."""
    found, column = [], 0
    for cell in cells:
        found.append((column, cell))
        column += cell.columns
    return found


def _row(
    document: Any,
    cells: list[_Cell],
    widths: list[int],
    setting: tuple[Styles, Setting],
    band: str | None,
) -> str:
    """Return one row of cells as WordprocessingML: a header row where `band` is '', else
    a body row, shaded in `band` if one is given."""
    styles, typesetting = setting
    link = partial(external_link, document.part)
    parts = []
    for start, cell in _starts(cells):
        width = sum(widths[start : start + cell.columns])
        properties = (
            xml.span(cell.columns)
            + (xml.merge(cell.merge == "restart") if cell.merge else "")
            + (xml.cell_shading(band) if band else "")
        )
        if cell.content is None:
            parts.append(xml.cell(width, None, "", properties))
            continue
        style = styles(cell.content)
        ids = style_id(document, style) if style else None
        found = runs(cell.content, typesetting)
        content = xml.runs_xml(found, link)
        parts.append(xml.cell(width, ids, content, properties, rtl=found.rtl))
    return xml.row("".join(parts), band == "")
