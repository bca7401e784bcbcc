"""Show where a problem is: the line before it, its own line, and a caret under its column.

The source is read again, the one safe way, when the problem is shown; what it holds is
escaped like any value from the sources (no terminal escape sequence gets through), tabs
are drawn as '→', and a long line is cut around the caret so that it fits a terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from .. import files
from ..errors import Mark, printable

MAX_BYTES = 1_000_000
WIDTH = 96  # characters of a source line shown around the caret
BEFORE = 60  # of which, at most, before it

Paint = Callable[[str, str], str]  # (text, style name) -> text as the terminal shows it


class Sources:
    """The lines of the project's files that problems point at, each file read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        """Return the lines of project file `path`, or None when it cannot be read."""
        if path not in self.cache:
            try:
                data = files.read_bytes(self.root, path, MAX_BYTES)
            except files.Refused:
                self.cache[path] = None
            else:
                text = data.decode("utf-8-sig", errors="replace")
                self.cache[path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return self.cache[path]

    def excerpt(self, mark: Mark, paint: Paint, caret: str = "error") -> list[str]:
        """Return the lines above and at `mark`, and a caret under its column."""
        lines = self.lines(mark.path) if mark.line else None
        if lines is None or mark.line > len(lines):
            return []
        width = len(str(mark.line))
        here = lines[mark.line - 1]
        index = max(0, min(mark.col - 1, len(here)))
        start = max(0, index - BEFORE) if len(here) > WIDTH else 0
        shown = [
            (n, _cut(lines[n - 1], start if len(lines[n - 1]) > start else 0))
            for n in (mark.line - 1, mark.line)
            if n >= 1
        ]
        offset = _width(_cut(here[:index], start))
        return [
            *(paint(f"  {n:>{width}} | ", "gutter") + text for n, text in shown),
            paint(f"  {'':>{width}} | ", "gutter") + " " * offset + paint("^", caret),
        ]


def _cut(line: str, start: int) -> str:
    """Return `line` as shown from character `start`, WIDTH characters at most."""
    head = "…" if start else ""
    tail = "…" if start + WIDTH < len(line) else ""
    return head + _display(line[start : start + WIDTH]) + tail


def _display(text: str) -> str:
    """Return source text as the terminal may show it: escaped, tabs drawn as arrows."""
    return printable(text.replace("\t", "→"))


def _width(text: str) -> int:
    """Return how many terminal columns `text` takes (wide characters two, marks none)."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total
