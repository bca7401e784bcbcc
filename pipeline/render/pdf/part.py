"""One part of a long publication as the process printing it holds it: its chapters laid
out, its body drawn as soon as it can be, its margins once its pages are numbered (`parts`
tells the whole story), and the links it keeps to anchors of the other parts.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import chapters, numbering, pagination, replay
from .book import Keeper, Laid, anchor_names, number
from .margins import margins_only, overlaid, without_margins

Draw = Callable[[Any, str], bytes]  # a document and its structure ids' prefix -> its PDF
Report = tuple[dict[int, int], dict[int, list[list[str]]]]  # chapter: pages, anchors
Answer = tuple[int, int, frozenset[str]]  # the part's first page, the total, every anchor


@dataclass
class Part:
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
        drawn, shown = self._margins(self._laid(), first, total)
        if not self.keep:
            self._let_go()
        return overlaid(body, drawn, shown), found

    def _draw_body(self, names: frozenset[str]) -> tuple[bytes, pagination.Pagination]:
        """Draw the part's pages without their margins; keep and return that and where
        they break. A part that is not kept then lets go of its pages' boxes."""
        laid, pages = self._laid(), self._pages()
        found = pagination.of(laid[0].document.copy(pages), self._where(laid), self._before())
        self.body = self._drawn(laid[0].document, pages, names), found
        self._let_go_of(laid)  # no later build may take these layouts now
        return self.body

    def _drawn(self, document: Any, pages: list[Any], names: frozenset[str]) -> bytes:
        """Return `pages` drawn (as `document` is) without their margins, keeping their
        links to the anchors `names` of other parts."""
        replay.keep(pages)
        with links_elsewhere(names), without_margins(pages):
            return self.draw(document.copy(pages), f"p{self.chapters.start}-")

    def _margins(self, laid: list[Laid], first: int, total: int) -> tuple[bytes, list[bool]]:
        """Number the pages of `laid` from `first`, of `total`; return their margins drawn
        alone, and whether each page has any."""
        number(laid, first, total)
        shells, shown = margins_only([page for item in laid for page in item.document.pages])
        return self.draw(laid[0].document.copy(shells), f"m{self.chapters.start}-"), shown

    def _let_go_of(self, laid: list[Laid]) -> None:
        """Free drawn layouts (their pages' shells stay, for the margins), unless kept."""
        if self.keep:
            return
        self.lay_out.forget(laid)
        for item in laid:
            for page in item.document.pages:
                page._page_box.children = []  # its margins are made again once numbered
            item.root, item.numbered = None, (0, 0)
            item.document._html = None  # WeasyPrint keeps its source, which nothing reads
            numbering.forget_layout(item.context)
        gc.collect()

    def _links_out(self) -> bool:
        """Return whether a page of the part links to an anchor it lacks (in another part,
        whose anchors are known only once every part is laid out)."""
        return links_out(self._pages())

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


def links_out(pages: list[Any]) -> bool:
    """Return whether one of `pages` links to an anchor none of them holds."""
    anchors = {name for page in pages for name in page.anchors}
    links = [link for page in pages for link in page.links]
    return any(kind == "internal" and to not in anchors for kind, to, *_ in links)


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
