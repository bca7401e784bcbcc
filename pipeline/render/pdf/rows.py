"""A chapter too long to lay out at once, cut into pieces at the rows of its longest table.

A quarter of a long plan is one table of thousands of rows: laid out whole, its boxes fill
gigabytes. `Rows` writes the chapter a run of rows at a time (`piece`): the first piece
with what comes before the table (the heading, the caption), the last with what comes after
it (the key), each between the table's columns and header, which every page repeats. A
piece that goes on from another says so (`data-continues`): its header is drawn as the
repeat it is, and its rows keep their banding (a hidden row where the count needs one).
The table's `data-table` names its structure ids in every piece alike, so that the rows of
a later piece name the header cells of the first (`wholes`).

Where a piece's rows lie in the chapter is its `Map`: a piece's element, by its path in
the piece, is found in the chapter, so its pages are named as the chapter's (`pagination`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .pagination import Path

if TYPE_CHECKING:
    from .chapters import Chapter

CONTINUES = "data-continues"  # on a piece's table: the piece's number, from 1
TABLE = "data-table"  # on a piece's table: the stem of its structure ids
REPEATED = ("colgroup", "col", "thead", "tfoot")  # what every piece of the table holds
PIECE_CHARS = 150_000  # the HTML of a piece's rows, about
LONG = 2  # a chapter longer than this many pieces' HTML is laid out in pieces


def is_long(chapter: Chapter) -> bool:
    """Return whether a chapter is laid out in pieces: a long one with a table."""
    return (
        not chapter.contents and len(chapter.html) > LONG * PIECE_CHARS and "<tbody" in chapter.html
    )


@dataclass(frozen=True)
class Map:
    """Where the elements of a piece lie in its chapter: the chapter's indexes each level of
    the way to the table's rows keeps, by the piece's."""

    chain: Path  # the chapter's path to the cut row group
    kept: tuple[tuple[int | None, ...], ...]  # per level: the piece's children, as the chapter's

    def __call__(self, path: Path) -> Path | None:
        """Return the path in the chapter of the piece's element at `path` (None for a row
        that only keeps the banding)."""
        found: list[int] = []
        for depth, index in enumerate(path):
            along = depth < len(self.kept) and tuple(found) == self.chain[:depth]
            where = self.kept[depth][index] if along else index
            if where is None:
                return None
            found.append(where)
        return tuple(found)


class Rows:
    """A chapter's HTML with its longest table's rows set aside, to be written in pieces."""

    def __init__(self, html: str, lead: int) -> None:
        import lxml.html

        self.root = lxml.html.document_fromstring(html)
        self.group = _longest_group(self.root)
        self.rows = [row for row in self.group if isinstance(row.tag, str)]
        for row in self.rows:
            self.group.remove(row)
        self.sizes = [len(lxml.html.tostring(row)) for row in self.rows]
        self.lead = lead
        self.chain = _path(self.group)

    def piece(self, first: int, end: int, number: int) -> tuple[str, Map]:
        """Return the HTML of the piece `number` (from 0) holding rows `first` to `end`,
        and where its elements lie in the chapter."""
        table = self.group.getparent()
        table.set(TABLE, "t")
        if number:
            table.set(CONTINUES, str(number))
        kept, taken = self._take_out(first, end >= len(self.rows))
        rows = [*(_hidden_row() for _ in range(first % 2)), *self.rows[first:end]]
        self.group.extend(rows)
        try:
            html = _serialise(self.root)
        finally:
            for row in rows:
                self.group.remove(row)
            for parent, child, index in taken:
                parent.insert(index, child)
            for name in (TABLE, CONTINUES):
                table.attrib.pop(name, None)
        shown = (*[None] * (first % 2), *range(first, min(end, len(self.rows))))
        return html, Map(self.chain, (*kept, shown))

    def _take_out(self, first: int, final: bool) -> tuple[list[tuple[int, ...]], list[Any]]:
        """Take out of the tree what the piece lacks (before the rows, unless they are the
        first; after them, unless they are the last); return the chapter's index of each
        child the piece keeps, each level of the way to the rows, and what was taken out
        (each with its parent and index, to be put back in order)."""
        kept: list[tuple[int, ...]] = []
        taken: list[tuple[Any, Any, int]] = []
        node = self.root
        for depth, on in enumerate(self.chain):
            children = [child for child in node if isinstance(child.tag, str)]
            keep = [i for i, c in enumerate(children) if self._keeps(depth, i, on, c, first, final)]
            taken += [
                (node, c, list(node).index(c)) for i, c in enumerate(children) if i not in keep
            ]
            kept.append(tuple(keep))
            node = children[on]
        for parent, child, _ in reversed(taken):
            parent.remove(child)
        return kept, taken

    def _keeps(self, depth: int, i: int, on: int, child: Any, first: int, final: bool) -> bool:
        """Return whether a piece keeps the `i`th child of a level on the way to the rows."""
        if depth == 0 or i == on or (depth == 1 and i < self.lead):
            return True  # head and body, the way itself, the elements every chapter repeats
        if depth == len(self.chain) - 1 and child.tag in REPEATED:
            return True  # the table's columns and header, which every page shows
        return first == 0 if i < on else final


def _hidden_row() -> Any:
    """Return a row that takes no room and no part in the structure, only in the count (a
    `hidden` one would: HTML's table rows are only collapsed)."""
    import lxml.html

    return lxml.html.fragment_fromstring('<tr style="display: none"></tr>', create_parent=False)


def _longest_group(root: Any) -> Any:
    """Return the row group (tbody) of the chapter with the most rows."""
    groups = list(root.iter("tbody"))
    if not groups:
        raise ValueError("the chapter has no table body to cut")
    return max(groups, key=lambda group: sum(1 for row in group if isinstance(row.tag, str)))


def _path(element: Any) -> Path:
    """Return the path of an lxml element from its root."""
    from .pagination import path_of

    return path_of(element)


def _serialise(root: Any) -> str:
    """Return an lxml HTML document as text, with its doctype."""
    import lxml.html

    text: str = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return text
