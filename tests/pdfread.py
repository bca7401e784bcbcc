"""Read the Annual Workplan PDF back as a reader sees it: pages, table rows, ticks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber

from .seed import normalize

HEADER_BAND = 60  # points from the top: the running header with the section title


@dataclass(frozen=True)
class TableRow:
    """One body row of a quarter table as laid out on a page."""

    page: int
    section: str
    text: str
    ticks: tuple[int, ...]


def _rules(page: Any, left: float, below: float) -> list[float]:
    """Return the y of the horizontal rules that start at the table's left edge."""
    tops = {round(line["top"], 1) for line in page.lines
            if abs(line["top"] - line["bottom"]) < 0.5 and abs(line["x0"] - left) < 3
            and line["top"] > below}
    return sorted(tops)


def page_rows(page: Any, number: int) -> list[TableRow]:
    """Return the table rows on one page (none when the page has no quarter table)."""
    words = page.extract_words()
    header = next((w for w in words if w["text"] == "Activity"), None)
    if header is None:
        return []
    numbers = [w for w in words if w["text"] in "1234" and abs(w["top"] - header["top"]) < 2]
    centres = {int(w["text"]): (w["x0"] + w["x1"]) / 2 for w in numbers}
    activity_right = min(w["x0"] for w in numbers) - 8
    section = normalize(page.crop((0, 0, page.width, HEADER_BAND)).extract_text())
    rules = _rules(page, header["x0"] - 9, header["top"])
    rows = []
    for top, bottom in itertools.pairwise(rules):
        band = page.crop((0, top, activity_right, bottom))
        text = normalize(band.extract_text())
        ticks = sorted(min(centres, key=lambda n: abs(centres[n] - (c["x0"] + c["x1"]) / 2))
                       for c in page.chars if c["text"] == "✓" and top < c["top"] < bottom)
        if text:
            rows.append(TableRow(number, section, text, tuple(ticks)))
    return rows


def table_rows(path: Path) -> list[TableRow]:
    """Return every quarter-table row of the PDF at `path`, in reading order."""
    with pdfplumber.open(path) as pdf:
        return [row for i, page in enumerate(pdf.pages, 1) for row in page_rows(page, i)]


def body_text(path: Path, top: float = 62, bottom: float = 58) -> str:
    """Return the text of every page without its running header and footer, normalized."""
    with pdfplumber.open(path) as pdf:
        return normalize("\n".join(
            page.crop((0, top, page.width, page.height - bottom)).extract_text()
            for page in pdf.pages))
