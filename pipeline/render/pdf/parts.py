"""A long publication printed in parts: runs of its chapters laid out and drawn on the
machine's cores, then merged into one file.

A book whose HTML passes `PART_CHARS` is cut at chapter boundaries (`cut`), by the size of
its chapters alone, so the same sources give the same parts, and the same bytes, on any
machine and in a warm build as in a cold one. The first part runs to the contents, and is
printed in this process. Printing is a conversation (`forks.converse`): each part lays out
its chapters and reports their page counts and anchors; this process lays out the contents
with the page of every entry, and answers each part with its first page and the total;
each part numbers its pages, draws their margins over its body (`margins`) and sends back
its PDF and pagination. The PDFs are merged (`merge`) into one structure tree, outline and
tree of names, and the paginations joined, for the Word edition.

A part's body (its pages but their margins, which alone show page numbers) is drawn as
soon as the part is laid out, unless it links to an anchor of another part (then, as the
contents, once answered, when every anchor is known). A process that builds again
(`watch`) prints every part itself and keeps each chapter's layout, as for a book in one
part; any other lets go of a part's boxes once its body is drawn, so that the parts it lays
out next find the memory free: a process holds one part's layout at a time, not all of
its parts' until the last is laid out.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import accumulate, pairwise
from typing import Any

from .. import forks
from . import chapters, numbering, pagination, replay
from .book import Keeper, Laid, Layout, Shelf, anchor_names, lay_out_contents, number
from .margins import margins_only, overlaid, without_margins

PART_CHARS = 150_000  # the HTML of a part, about, once a book is long enough to have parts

Draw = Callable[[Any, str], bytes]  # a document and its structure ids' prefix -> its PDF
Report = tuple[dict[int, int], dict[int, list[list[str]]]]  # chapter: pages, anchors
Answer = tuple[int, int, frozenset[str]]  # the part's first page, the total, every anchor


@dataclass
class Printed:
    """A publication printed: its page count, and where its pages break and its PDF, each
    worked out when first asked for."""

    pages: int
    paginate: Callable[[], pagination.Pagination] = field(repr=False)
    draw: Callable[[], bytes] = field(repr=False)

    @cached_property
    def pagination(self) -> pagination.Pagination:
        """Return where the pages break, what each starts and heads with."""
        return self.paginate()

    @cached_property
    def data(self) -> bytes:
        """Return the PDF."""
        return self.draw()


def cut(book: chapters.Book) -> list[range]:
    """Return the chapters of `book` in parts of about `PART_CHARS` of HTML each, the first
    ending with the contents (it waits for every other part's pages before it is drawn, so
    it holds nothing more); a short book is one part."""
    sizes = [len(chapter.html) for chapter in book.chapters]
    ends = [0, *accumulate(sizes)]  # the HTML before each chapter, and in all
    count = -(-ends[-1] // PART_CHARS)
    head = max((i + 1 for i, c in enumerate(book.chapters) if c.contents), default=1)
    cuts = {
        min(range(len(ends)), key=lambda e: abs(ends[e] - ends[-1] * k / count))
        for k in range(1, count)
    } | ({head} if count > 1 else set())
    bounds = [0, *sorted(c for c in cuts if head <= c < len(sizes)), len(sizes)]
    return [range(start, end) for start, end in pairwise(bounds)]


@dataclass
class _Part:
    """One part as the process printing it holds it: its chapters and their layouts, then
    its body drawn (every page but its margins) and where its pages break."""

    book: chapters.Book
    chapters: range
    lay_out: Keeper
    draw: Draw
    keep: bool  # whether its layouts are kept for the next build, or let go once drawn
    laid: dict[int, Laid] = field(default_factory=dict)
    contents_pages: int = 0
    body: tuple[bytes, pagination.Pagination] | None = None

    def report(self) -> Report:
        """Lay out the part's chapters but the contents; report their pages and anchors. A
        part without the contents draws its body now, and lets go of its layouts' pages
        unless it keeps them: only its margins wait for the page numbers."""
        for index in self.chapters:
            if not self.book.chapters[index].contents:
                self.laid[index] = self.lay_out(self.book.chapters[index].html)
        pages = {index: len(laid.document.pages) for index, laid in self.laid.items()}
        anchors = {index: anchor_names(laid) for index, laid in self.laid.items()}
        if len(self.laid) == len(self.chapters) and not self._links_out():
            self._draw_body(frozenset())
        return pages, anchors

    def finish(self, answer: Answer) -> tuple[bytes, pagination.Pagination]:
        """Number the part's pages, draw what is left of them and return its PDF (the body
        with the margins laid over it) and pagination."""
        first, total, names = answer
        body, found = self.body or self._draw_body(names)  # before the margins are made
        laid = self._laid()
        number(laid, first, total)
        shells, shown = margins_only(self._pages())
        drawn = self.draw(laid[0].document.copy(shells), f"m{self.chapters.start}-")
        if not self.keep:
            self._let_go()
        return overlaid(body, drawn, shown), found

    def _draw_body(self, names: frozenset[str]) -> tuple[bytes, pagination.Pagination]:
        """Draw the part's pages without their margins; keep and return that and where
        they break. A part that is not kept then lets go of its pages' boxes."""
        laid, pages = self._laid(), self._pages()
        found = pagination.of(laid[0].document.copy(pages), self._where(laid), self._before())
        replay.keep(pages)
        with links_elsewhere(names), without_margins(pages):
            self.body = self.draw(laid[0].document.copy(pages), f"p{self.chapters.start}-"), found
        if not self.keep:
            self.lay_out.forget(laid)  # no later build may take these layouts now
            for page in pages:
                page._page_box.children = []  # its margins are made again once numbered
            for item in laid:
                item.root, item.numbered = None, (0, 0)
                numbering.forget_layout(item.context)
            gc.collect()
        return self.body

    def _links_out(self) -> bool:
        """Return whether a page of the part links to an anchor it lacks (in another part,
        whose anchors are known only once every part is laid out)."""
        pages = self._pages()
        anchors = {name for page in pages for name in page.anchors}
        links = [link for page in pages for link in page.links]
        return any(kind == "internal" and to not in anchors for kind, to, *_ in links)

    def _laid(self) -> list[Laid]:
        """Return the layouts of the part's chapters, in order."""
        return [self.laid[index] for index in self.chapters]

    def _pages(self) -> list[Any]:
        """Return the pages of the part's chapters, in order."""
        return [page for item in self._laid() for page in item.document.pages]

    def _where(self, laid: list[Laid]) -> dict[int, pagination.Path]:
        """Return the path in the whole document of each of the part's elements, by id()."""
        return {
            key: self.book.path(index, path)
            for index, item in zip(self.chapters, laid, strict=True)
            for key, path in pagination.paths(item.root).items()
        }

    def _before(self) -> set[pagination.Path]:
        """Return the elements the pages before the part showed that its pages show too."""
        if not self.chapters.start:
            return set()
        lead = [(1, index) for index in range(self.book.lead)]
        return {(), (1,), *lead}

    def _let_go(self) -> None:
        """Free the part's layouts, for the parts this process draws next."""
        self.lay_out.forget(self.laid.values())
        self.laid.clear()
        gc.collect()  # a layout's boxes hold cycles; the collector is paused while laying out


def print_parts(
    shelf: Shelf,
    book: chapters.Book,
    what: str,
    lay_out: Layout,
    how: Hashable,
    draw: Draw,
    workers: int,
) -> Printed | None:
    """Return a book printed in parts on up to `workers` cores (this process only, where it
    builds again and keeps what it laid out), or None where it is one part."""
    runs = cut(book)
    if len(runs) < 2:
        return None
    keep = replay.enabled()  # this process builds again: it prints and keeps every part
    keeper = Keeper(shelf, what, how, lay_out)
    parts = [_Part(book, run, keeper, draw, keep) for run in runs]
    tasks = [
        forks.Task(part.report, part.finish, _size(book, part.chapters), here=part is parts[0])
        for part in parts
    ]
    answer = partial(_answer, parts[0], runs, shelf.contents_pages.get(what))
    printed = forks.converse(tasks, answer, 1 if keep else workers)
    keeper.shelve(parts[0].contents_pages)
    joined = pagination.join(found for _, found in printed)
    return Printed(joined.pages, lambda: joined, partial(_merged, [data for data, _ in printed]))


def _merged(drawn: list[bytes]) -> bytes:
    """Return the parts' PDFs merged into one (where the PDF is wanted: not for Word)."""
    from .merge import merge  # pikepdf: only where there are parts to merge

    return merge(drawn)


def _size(book: chapters.Book, run: range) -> int:
    """Return the HTML of a run of chapters, in characters: what laying it out costs."""
    return sum(len(book.chapters[index].html) for index in run)


def _answer(
    first: _Part, runs: list[range], guess: int | None, reports: list[Report]
) -> list[Answer]:
    """Lay out the contents (the first part's, printed here) and answer each part with its
    first page, the total and the name of every anchor."""
    book = first.book
    counts = [0] * len(book.chapters)
    names: list[list[list[str]]] = [[] for _ in book.chapters]
    for pages, anchors in reports:
        for index, count in pages.items():
            counts[index], names[index] = count, anchors[index]
    listed = lay_out_contents(book, counts, names, first.lay_out, guess)
    first.laid.update(listed)
    first.contents_pages = sum(len(laid.document.pages) for laid in listed.values())
    for index, laid in listed.items():
        counts[index], names[index] = len(laid.document.pages), anchor_names(laid)
    starts = [offset + 1 for offset in chapters.offsets(counts)]
    every = frozenset(name for chapter in names for page in chapter for name in page)
    return [(starts[run.start], sum(counts), every) for run in runs]


_ELSEWHERE: list[frozenset[str]] = []  # the anchors of the whole, while a part is drawn


@contextmanager
def links_elsewhere(names: frozenset[str]) -> Iterator[None]:
    """Keep, while a part is drawn, its internal links to anchors `names` it lacks."""
    _ELSEWHERE[:] = [names]
    try:
        yield
    finally:
        _ELSEWHERE.clear()


def keep_links_elsewhere() -> None:
    """Let WeasyPrint keep a link to an anchor of another part (by name, `/Dest`, which the
    merged file's names resolve), rather than drop it as pointing nowhere."""
    from weasyprint import pdf

    resolve = pdf.resolve_links

    def resolved(pages: list[Any]) -> Iterator[tuple[list[Any], list[Any]]]:
        names = (
            _ELSEWHERE[0] - {name for page in pages for name in page.anchors}
            if _ELSEWHERE
            else frozenset()
        )
        held = [page.links for page in pages]
        away = {
            id(link)
            for links in held
            for link in links
            if link[0] == "internal" and link[1] in names
        }
        for page in pages:
            page.links = [link for link in page.links if id(link) not in away]
        try:
            for links, (kept, anchors) in zip(held, resolve(pages), strict=True):
                ids = {id(link) for link in kept} | away
                yield [link for link in links if id(link) in ids], anchors
        finally:
            for page, links in zip(pages, held, strict=True):
                page.links = links

    pdf.resolve_links = resolved
