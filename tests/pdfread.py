"""Read the Annual Workplan PDF back as a reader sees it: pages, table rows, ticks.

PDFium (pypdfium2) reads each page once: its characters with their boxes, and the thin
horizontal rules that separate a table's rows. Rows are found by those rules whether or not
their page repeats the table's header, so that a missing header can be seen.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .seed import normalize

HEADER_BAND = 60  # points from the top: the running header with the section title
TICK = "✓"


@dataclass(frozen=True)
class Char:
    """One character of a page, as drawn, in points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Page:
    """What a page draws: its characters in reading order and its horizontal rules."""

    number: int
    height: float
    chars: tuple[Char, ...]
    rules: tuple[tuple[float, float], ...]  # (left x, top) of each rule

    def text(self, top: float, bottom: float, right: float = 1e9) -> str:
        """Return the text drawn between `top` and `bottom`, left of `right`, in order.

        PDFium marks a hyphen that ends a line as U+FFFE, and puts a space between letters
        set apart by letter-spacing (so compare such text without its spaces).
        """
        inside = [
            c.text
            for c in self.chars
            if top <= (c.top + c.bottom) / 2 <= bottom and (c.x0 <= right or not c.text.strip())
        ]
        return "".join(inside).replace("\ufffe", "-")


@dataclass(frozen=True)
class TableRow:
    """One body row of a quarter table as laid out on a page."""

    page: int
    section: str
    text: str
    ticks: tuple[int, ...]
    headed: bool  # whether its page repeats the table's header


@dataclass(frozen=True)
class Columns:
    """Where a quarter table's columns are: read from its header, the same on every page."""

    left: float
    top: float
    bottom: float
    activity_right: float
    centres: dict[int, float]


def pages(path: Path) -> tuple[Page, ...]:
    """Return every page of the PDF at `path` (read once per content of the file)."""
    info = path.stat()
    return _pages(path, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=32)
def _pages(path: Path, mtime: int, size: int) -> tuple[Page, ...]:
    document = pdfium.PdfDocument(path)
    try:
        return tuple(_page(document[i], i + 1) for i in range(len(document)))
    finally:
        document.close()


def _page(page: pdfium.PdfPage, number: int) -> Page:
    height = page.get_height()
    text = page.get_textpage()
    content = text.get_text_range()
    chars = []
    for index, char in enumerate(content):
        left, bottom, right, top = text.get_charbox(index)
        chars.append(Char(char, left, height - top, right, height - bottom))
    rules = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=5):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 2 and right - left > 20:
            rules.append((round(left, 1), round(height - top, 1)))
    return Page(number, height, tuple(chars), tuple(sorted(rules, key=lambda r: r[1])))


def header_columns(page: Page) -> Columns | None:
    """Return the columns of the table whose header is on `page`, if there is one."""
    content = "".join(c.text for c in page.chars)
    start = content.find("Activity")
    if start < 0:
        return None
    word = page.chars[start]
    numbers = [
        c for c in page.chars if c.text.isdigit() and abs(c.top - word.top) < 2 and c.x0 > word.x1
    ]
    if not numbers:
        return None
    centres = {int(c.text): (c.x0 + c.x1) / 2 for c in numbers}
    return Columns(word.x0 - 9, word.top, word.bottom, min(c.x0 for c in numbers) - 8, centres)


def page_rows(page: Page, known: Columns | None = None) -> list[TableRow]:
    """Return the table rows on one page, found by their rules whether or not the page
    repeats the header (whose columns are then those `known` from an earlier page)."""
    headed = header_columns(page)
    columns = headed or known
    if columns is None:
        return []
    start = columns.bottom if headed else HEADER_BAND
    tops = [top for left, top in page.rules if abs(left - columns.left) < 3 and top > start]
    section = normalize(page.text(0, HEADER_BAND))
    rows = []
    for top, bottom in itertools.pairwise([start, *tops]):
        text = normalize(page.text(top, bottom, columns.activity_right))
        ticks = sorted(
            min(columns.centres, key=lambda n: abs(columns.centres[n] - (c.x0 + c.x1) / 2))
            for c in page.chars
            if c.text == TICK and top < (c.top + c.bottom) / 2 < bottom
        )
        if text:
            rows.append(TableRow(page.number, section, text, tuple(ticks), headed is not None))
    return rows


def table_rows(path: Path) -> list[TableRow]:
    """Return every quarter-table row of the PDF at `path`, in reading order."""
    rows: list[TableRow] = []
    known = None
    for page in pages(path):
        known = header_columns(page) or known
        rows += page_rows(page, known)
    return rows


def body_text(path: Path, top: float = 62, bottom: float = 58) -> str:
    """Return the text of every page without its running header and footer, normalized."""
    return normalize("\n".join(page.text(top, page.height - bottom) for page in pages(path)))
