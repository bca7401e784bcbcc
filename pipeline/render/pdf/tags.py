"""Finishing touches to the PDF's structure tree, where WeasyPrint's tagging stops short.

Each finisher is a function `(document, pdf)` that WeasyPrint calls before it writes the
PDF. They rely on how WeasyPrint 70 tags tables (see `CHECKED` in `patches`): each data
cell's `/Headers` ends with the id of its column's header cell, `<table>-<row>-<column>`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Finisher = Callable[[Any, Any], None]


def cell_labels(html: str) -> Finisher:
    """Return a finisher giving each purpose cell the words its `data-label` says.

    A reader then hears "Purpose 2: yes" (or "no") for a cell, not a symbol or nothing.
    The labels are read from the document: per column, the tick's and the empty cell's.
    """
    import pydyf

    labels = _labels_by_column(html)

    def finish(document: Any, pdf: Any) -> None:
        for obj in pdf.objects:
            column = _purpose_column(obj)
            if column and column in labels:
                obj["Alt"] = pydyf.String(labels[column][bool(obj["K"])])

    return finish


def _labels_by_column(html: str) -> dict[int, dict[bool, str]]:
    """Return, per purpose column (from 1), the label of a ticked and of an empty cell."""
    import lxml.html

    labels: dict[int, dict[bool, str]] = {}
    for row in lxml.html.document_fromstring(html).iterfind(".//table/tbody/tr"):
        for column, cell in enumerate(row.iterfind("td")):
            if cell.get("data-label"):
                ticked = "tick" in cell.get("class", "").split()
                labels.setdefault(column, {})[ticked] = cell.get("data-label")
    return labels


def _purpose_column(obj: Any) -> int | None:
    """Return j when `obj` is a table cell under header row 1, column j >= 1, else None."""
    if not (isinstance(obj, dict) and obj.get("S") == "/TD"):
        return None
    headers = obj["A"].get("Headers") or []
    if not headers:
        return None
    _table, row, column = headers[-1].string.rsplit("-", 2)
    return int(column) if row == "1" and int(column) >= 1 else None
