"""A long chapter printed in pieces: each laid out, drawn and let go of before the next, so
that the memory a chapter takes stays that of a piece however many rows its table has.

A piece (`rows.Rows.piece`) is a run of the table's rows, laid out as a document of its
own. Its last page is left out, unless it is the chapter's last: the next piece begins with
the first row that page began with, so every page breaks where the chapter laid out whole
breaks it (the table's columns are fixed, and each page repeats its header). Where a piece
would leave nothing out (its rows fill one page), it takes twice the rows. A piece's body is
drawn as soon as it is laid out (unless it links to an anchor it lacks), the pieces' bodies
are merged into the chapter's, their structure joined into one section and one table
(`merge`, `going_on`), and the chapter's margins, numbered, are laid over them.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from itertools import pairwise

from . import numbering, pagination, rows
from .book import Laid, anchor_names
from .margins import overlaid
from .part import Answer, Part, Report, links_out


@dataclass
class _Piece:
    """One piece of a chapter: as laid out, the pages it keeps, where they break (named
    as the whole document's elements), and its body once drawn."""

    laid: Laid  # as the keeper holds it: every page it laid out
    kept: Laid  # the pages it keeps (the last, which the next piece begins, left out)
    found: pagination.Pagination
    body: bytes | None = None


@dataclass
class LongPart(Part):
    """A part that is one long chapter, printed in pieces."""

    pieces: list[_Piece] = field(default_factory=list)

    def report(self) -> Report:
        """Lay out the chapter a piece at a time, drawing each piece's body at once where
        it can be; report the chapter's pages and anchors."""
        index = self.chapters.start
        cut = rows.Rows(self.book.chapters[index].html, self.book.lead)
        seen = self._before()
        first = 0
        while first < len(cut.rows):
            piece, first = self._piece(cut, first, seen)
            self.pieces.append(piece)
            if not links_out(piece.kept.document.pages):
                self._draw(piece, frozenset())
        pages = sum(len(piece.kept.document.pages) for piece in self.pieces)
        anchors = [page for piece in self.pieces for page in anchor_names(piece.kept)]
        return {index: pages}, {index: anchors}

    def finish(self, answer: Answer) -> tuple[bytes, pagination.Pagination]:
        """Number the chapter's pages, draw what is left of them and return its PDF (the
        pieces' bodies merged, the margins laid over them) and pagination."""
        from .merge import merge  # pikepdf: only where there are pieces to merge

        first, total, names = answer
        for piece in self.pieces:
            if piece.body is None:
                self._draw(piece, names)
        kept = [piece.kept for piece in self.pieces]
        for before, after in pairwise(kept):
            pages = len(before.document.pages)
            after.context.strings_before = numbering.strings_after(before.context, pages)
        drawn, shown = self._margins(kept, first, total)
        bodies = [piece.body or b"" for piece in self.pieces]
        body = merge(bodies, going_on=range(1, len(bodies)))
        found = pagination.join(
            replace(piece.found, headers=pagination.headers(piece.kept.document.pages))
            for piece in self.pieces  # their margins made again, with the strings carried
        )
        if not self.keep:
            self.pieces.clear()
            gc.collect()
        return overlaid(body, drawn, shown), found

    def _piece(self, cut: rows.Rows, first: int, seen: set[pagination.Path]) -> tuple[_Piece, int]:
        """Lay out the piece of the chapter that begins with row `first`; return it and the
        row the next piece begins with."""
        chars = rows.PIECE_CHARS
        while True:
            end = _end(cut.sizes, first, chars)
            html, where = cut.piece(first, end, len(self.pieces))
            laid = self.lay_out(html)
            pages = laid.document.pages
            following = (len(pages), end) if end >= len(cut.rows) else self._next(laid, where, cut)
            if following[1] > first:
                break
            self._let_go_of([laid])  # kept where a warm build will try the same rows first
            chars *= 2
        kept = Laid(laid.document.copy(pages[: following[0]]), laid.root, laid.context)
        found = pagination.paged(kept.document, self._where_piece(laid, where), seen)
        return _Piece(laid, kept, found), following[1]

    def _next(self, laid: Laid, where: rows.Map, cut: rows.Rows) -> tuple[int, int]:
        """Return the pages a piece keeps and the row the next begins with: the first of
        those its last page that begins a row begins (the chapter's first, where none)."""
        paths = pagination.paths(laid.root)
        seen: set[int] = set()
        found = (0, 0)
        for index, page in enumerate(laid.document.pages):
            begun = set()
            for box in pagination.boxes(page):
                path = where(paths.get(id(getattr(box, "element", None)), ()))
                if path and len(path) == len(cut.chain) + 1 and path[:-1] == cut.chain:
                    begun.add(path[-1])
            if index and (begun - seen):
                found = (index, min(begun - seen))
            seen |= begun
        return found

    def _where_piece(self, laid: Laid, where: rows.Map) -> dict[int, pagination.Path]:
        """Return the path in the whole document of each of a piece's elements, by id()."""
        index = self.chapters.start
        return {
            key: self.book.path(index, path)
            for key, local in pagination.paths(laid.root).items()
            if (path := where(local)) is not None
        }

    def _draw(self, piece: _Piece, names: frozenset[str]) -> None:
        """Draw a piece's pages without their margins; let go of its boxes, unless kept."""
        piece.body = self._drawn(piece.kept.document, piece.kept.document.pages, names)
        self._let_go_of([piece.laid])
        if not self.keep:
            piece.kept.root = None


def _end(sizes: list[int], first: int, chars: int) -> int:
    """Return the row after a run of rows from `first` of about `chars` of HTML (one at
    least)."""
    total, end = 0, first
    while end < len(sizes) and (total < chars or end == first):
        total += sizes[end]
        end += 1
    return end
