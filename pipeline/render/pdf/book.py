"""A publication laid out chapter by chapter, and its chapters bound into one document.

Each chapter (`chapters.split`) is laid out alone and kept: a warm build lays out again only
the chapters whose HTML changed, and the contents chapter when a page number it lists moved.
Then every chapter is numbered in the whole (`numbering.renumber`, margins only) and their
pages make one WeasyPrint document, drawn once: one structure tree, outline and set of
fonts, exactly as one layout of the whole would give. A kept chapter's pages are not drawn
again either: each replays what drawing it gave (`replay`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from . import chapters, numbering, pagination, replay

CONTENTS_PAGES_GUESS = 1  # the contents' pages, before a first layout says how many
TRIES = 4  # layouts of the contents, at most, until its page count settles


@dataclass
class Laid:
    """A chapter's layout, its layout context, and the numbering its margins show."""

    document: Any
    root: Any
    context: Any
    numbered: tuple[int, int] = (1, 0)


@dataclass(frozen=True)
class Bound:
    """The chapters of a book bound in one document, with where each element came from."""

    document: Any
    book: chapters.Book
    laid: tuple[Laid, ...] = field(repr=False)

    def where(self) -> dict[int, pagination.Path]:
        """Return the path in the whole document of every chapter's element, by id()."""
        found: dict[int, pagination.Path] = {}
        for index, laid in enumerate(self.laid):
            for key, path in pagination.paths(laid.root).items():
                found[key] = self.book.path(index, path)
        return found


class Shelf:
    """The chapters an engine laid out, per book (an output): those of its latest edition."""

    def __init__(self) -> None:
        self.books: dict[str, dict[Hashable, Laid]] = {}
        self.contents_pages: dict[str, int] = {}
        self.layouts = 0  # chapters laid out by this process: what a test can count


Layout = Callable[[str], tuple[Any, Any, Any]]  # HTML -> its document, tree and context


def bind(shelf: Shelf, html: str, what: str, lay_out_alone: Layout, how: Hashable) -> Bound:
    """Return `html` laid out chapter by chapter, numbered and bound in one document.

    `lay_out_alone` lays out one chapter; `how` is what else its layout depends on (the
    stylesheets, the PDF variant): a chapter is kept by its HTML and `how`.
    """
    book = chapters.split(html)
    kept = shelf.books.get(what, {})
    used: dict[Hashable, Laid] = {}

    def lay_out(text: str) -> Laid:
        key = (text, how)
        if key not in kept:
            shelf.layouts += 1
            kept[key] = Laid(*lay_out_alone(text))
        used[key] = kept[key]
        return kept[key]

    first = [None if c.contents else lay_out(c.html) for c in book.chapters]
    found = _with_contents(book, first, lay_out, shelf.contents_pages.get(what))
    shelf.books[what] = used  # the chapters of editions gone are forgotten
    shelf.contents_pages[what] = sum(
        len(item.document.pages) for c, item in zip(book.chapters, found, strict=True) if c.contents
    )
    _number(found)
    pages = [page for item in found for page in item.document.pages]
    replay.keep(pages)  # drawn once while their chapter is kept and not numbered again
    return Bound(found[0].document.copy(pages), book, tuple(found))


def _with_contents(
    book: chapters.Book, laid: list[Laid | None], lay_out: Callable[[str], Laid], guess: int | None
) -> list[Laid]:
    """Return the chapters' layouts, the contents (the chapters left out of `laid`) laid out
    with the page of each entry; `guess` is how many pages the contents take."""
    listing = [i for i, c in enumerate(book.chapters) if c.contents]
    pages = [guess] if guess and len(listing) == 1 else [CONTENTS_PAGES_GUESS] * len(listing)
    for _ in range(TRIES):
        counts = [len(item.document.pages) if item else 0 for item in laid]
        for index, count in zip(listing, pages, strict=True):
            counts[index] = count
        firsts = [offset + 1 for offset in chapters.offsets(counts)]
        names = [[page.anchors for page in item.document.pages] if item else [] for item in laid]
        where = chapters.anchors(names, firsts)
        done = [*laid]
        for index in listing:
            done[index] = lay_out(chapters.with_pages(book.chapters[index].html, where))
        made = [len(done[index].document.pages) for index in listing]  # type: ignore[union-attr]
        if made == pages:
            break
        pages = made
    return done  # type: ignore[return-value]


def _number(laid: list[Laid]) -> None:
    """Number every chapter's pages in the whole, where its margins show other numbers."""
    total = sum(len(item.document.pages) for item in laid)
    first = 1
    for item in laid:
        if item.numbered != (first, total):
            numbering.renumber(item.document, item.context, first, total)
            item.numbered = (first, total)
        first += len(item.document.pages)
