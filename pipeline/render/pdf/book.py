"""A publication laid out chapter by chapter, and its chapters bound into one document.

Each chapter (`chapters.split`) is laid out alone and kept: a warm build lays out again only
the chapters whose HTML changed, and the contents chapter when a page number it lists moved.
Then every chapter is numbered in the whole (`numbering.renumber`, margins only) and their
pages make one WeasyPrint document, drawn once: one structure tree, outline and set of
fonts, exactly as one layout of the whole would give. A kept chapter's pages are not drawn
again either: each replays what drawing it gave (`replay`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
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


@dataclass
class Keeper:
    """The chapters of one book a build lays out, each taken from the shelf where it is kept."""

    shelf: Shelf
    what: str
    how: Hashable
    lay_out_alone: Layout
    used: dict[Hashable, Laid] = field(default_factory=dict)

    def __call__(self, text: str) -> Laid:
        """Return the layout of the chapter `text`, laid out now unless it is kept."""
        kept = self.shelf.books.get(self.what, {})
        key = (text, self.how)
        if key not in kept:
            self.shelf.layouts += 1
            kept[key] = Laid(*self.lay_out_alone(text))
            self.shelf.books[self.what] = kept
        self.used[key] = kept[key]
        return kept[key]

    def forget(self, laid: Iterable[Laid]) -> None:
        """Let go of chapters that will not be asked for again."""
        gone = {id(item) for item in laid}
        for held in (self.used, self.shelf.books.get(self.what, {})):
            for key in [key for key, item in held.items() if id(item) in gone]:
                del held[key]

    def shelve(self, contents_pages: int) -> None:
        """Keep the chapters this build used (those of editions gone are forgotten), and how
        many pages the contents took, the guess of the next build."""
        self.shelf.books[self.what] = self.used
        self.shelf.contents_pages[self.what] = contents_pages


def bind(
    shelf: Shelf, book: chapters.Book, what: str, lay_out_alone: Layout, how: Hashable
) -> Bound:
    """Return a book laid out chapter by chapter, numbered and bound in one document.

    `lay_out_alone` lays out one chapter; `how` is what else its layout depends on (the
    stylesheets, the PDF variant): a chapter is kept by its HTML and `how`.
    """
    lay_out = Keeper(shelf, what, how, lay_out_alone)
    first = [None if c.contents else lay_out(c.html) for c in book.chapters]
    counts = [len(item.document.pages) if item else 0 for item in first]
    names = [anchor_names(item) if item else [] for item in first]
    listed = lay_out_contents(book, counts, names, lay_out, shelf.contents_pages.get(what))
    found = [listed[index] if item is None else item for index, item in enumerate(first)]
    lay_out.shelve(sum(len(item.document.pages) for item in listed.values()))
    number(found, 1, sum(len(item.document.pages) for item in found))
    pages = [page for item in found for page in item.document.pages]
    replay.keep(pages)  # drawn once while their chapter is kept and not numbered again
    return Bound(found[0].document.copy(pages), book, tuple(found))


def anchor_names(laid: Laid) -> list[list[str]]:
    """Return the names of the anchors on each page of a chapter."""
    return [list(page.anchors) for page in laid.document.pages]


def lay_out_contents(
    book: chapters.Book,
    counts: list[int],
    names: list[list[list[str]]],
    lay_out: Callable[[str], Laid],
    guess: int | None,
) -> dict[int, Laid]:
    """Return the contents chapters laid out with the page of each entry, by index, given
    every other chapter's page count and anchors on each page; `guess` is how many pages
    the contents take."""
    listing = [i for i, c in enumerate(book.chapters) if c.contents]
    pages = [guess] if guess and len(listing) == 1 else [CONTENTS_PAGES_GUESS] * len(listing)
    done: dict[int, Laid] = {}
    for _ in range(TRIES):
        counted = [*counts]
        for index, count in zip(listing, pages, strict=True):
            counted[index] = count
        firsts = [offset + 1 for offset in chapters.offsets(counted)]
        where = chapters.anchors(names, firsts)
        for index in listing:
            done[index] = lay_out(chapters.with_pages(book.chapters[index].html, where))
        made = [len(done[index].document.pages) for index in listing]
        if made == pages:
            break
        pages = made
    return done


def number(laid: list[Laid], first: int, total: int) -> None:
    """Number chapters' pages from `first`, of `total`, where their margins show other
    numbers."""
    for item in laid:
        if item.numbered != (first, total):
            numbering.renumber(item.document, item.context, first, total)
            item.numbered = (first, total)
        first += len(item.document.pages)
