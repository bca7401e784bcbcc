"""Read the seed workplan: the reference every output must be faithful to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .conftest import SEED

CHAPTERS = (  # the seed's section titles, in order: the PDF outline and the Word chapters
    "Regional Support Office",
    "Guiding Principles",
    "Achieving our Strategic Purpose",
    "Quarter 1: January – March 2021",
    "Quarter 2: April – June 2021",
    "Quarter 3: July – September 2021",
    "Quarter 4: October – December 2021",
    "Responding to challenges and constraints of COVID-19",
    "Responsive to Bali Process Members, Working Groups and emerging issues",
    "Reporting and Performance",
    "Contact Us",
)
COVER_LINES = 5  # REGIONAL SUPPORT OFFICE, THE BALI PROCESS, **ANNUAL, WORKPLAN, 2021**


@dataclass(frozen=True)
class Row:
    """One activity of a quarter table and the purposes ticked for it."""

    quarter: int
    text: str
    ticks: tuple[int, ...]


def plain(text: str) -> str:
    """Return seed text without its markup, with superscript ordinals joined, spaces single."""
    text = re.sub(r"</?i>|\*", "", text)
    text = re.sub(r"\b(\d+) (st|nd|rd|th)\b", r"\1\2", text)
    return " ".join(text.split())


@cache
def rows() -> tuple[Row, ...]:
    """Return the 46 activity rows of the seed's quarter tables."""
    found, quarter = [], 0
    for line in SEED.read_text("utf-8").splitlines():
        if line.startswith("Quarter "):
            quarter += 1
        elif "\t" in line and not line.startswith(("Activity", "\t")):
            text, *cells = line.split("\t")
            ticks = tuple(i for i, cell in enumerate(cells, start=1) if "✓" in cell)
            found.append(Row(quarter, plain(text), ticks))
    return tuple(found)


@cache
def prose() -> tuple[str, ...]:
    """Return every sentence and heading of the seed outside the tables and the cover."""
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines()]
    lines = [
        line for line in lines if line and "\t" not in line and not line.startswith("Activity")
    ]
    sentences = []
    for line in lines[COVER_LINES:]:
        line = plain(line.removeprefix("- "))
        sentences += re.split(r"(?<=[.:])\s+(?=[A-Z])", line)
    return tuple(s for s in sentences if s)


def normalize(text: str) -> str:
    """Return extracted text with line-end hyphens joined and whitespace made single spaces."""
    return " ".join(text.replace("\r\n", "\n").replace("-\n", "-").split())
