"""A publication cut into chapters: the parts of it that start on a new page.

Every element of the body with `data-page` (the cover, each section that starts a page, the
back page) opens a chapter, which runs until the next one; the elements before the first
chapter (the running head and foot) belong to every chapter. Each chapter is a document of
its own, with the whole document's head, so it can be laid out alone: the engine keeps the
layout of each, and a warm build lays out again only the chapter an edit changed.

A chapter's pages do not depend on the pages before it, except in what the margins show
(the page number and count) and what the contents list (the page of each entry): the
margins are made again once the page numbers are known (`patches.renumber`), and the
contents chapter is given the page of each entry (`with_pages`) and laid out last.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .pagination import Path

CONTENTS = "contents"  # the class of the element that lists the document's entries


@dataclass(frozen=True)
class Chapter:
    """One chapter: its HTML, where its first element is among the body's, and its kind."""

    html: str
    start: int  # index of its first element among the body's elements
    contents: bool = False  # whether it lists the other chapters' pages


@dataclass(frozen=True)
class Book:
    """A document as chapters, with the number of body elements every chapter repeats."""

    chapters: tuple[Chapter, ...]
    lead: int

    def path(self, chapter: int, path: Path) -> Path:
        """Return the path in the whole document of the element at `path` in a chapter."""
        if len(path) < 2 or path[0] != 1 or path[1] < self.lead:
            return path  # the head, the body, or the elements every chapter repeats
        return (1, self.chapters[chapter].start + path[1] - self.lead, *path[2:])


def split(html: str) -> Book:
    """Return `html` cut into chapters; a document without `data-page` is one chapter."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    body = root.body
    elements = [child for child in body if isinstance(child.tag, str)]
    opens = [i for i, element in enumerate(elements) if element.get("data-page")]
    if not opens:
        return Book((Chapter(html, 0),), 0)
    lead = elements[: opens[0]]
    for child in list(body):
        body.remove(child)
    chapters = []
    for first, end in zip(opens, [*opens[1:], len(elements)], strict=True):
        part = elements[first:end]
        body.extend([*lead, *part])
        listing = any(element.find_class(CONTENTS) or _is_contents(element) for element in part)
        chapters.append(Chapter(_serialise(root), first, listing))
        for child in list(body):
            body.remove(child)
    return Book(tuple(chapters), len(lead))


def with_pages(html: str, pages: Mapping[str, int]) -> str:
    """Return a contents chapter whose every entry names the page its target lies on."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for listing in _listings(root):
        for link in listing.iter("a"):
            target = (link.get("href") or "").removeprefix("#")
            if target in pages:
                link.set("data-page", str(pages[target]))
    return _serialise(root)


def offsets(counts: Sequence[int]) -> list[int]:
    """Return the number of the page before each chapter, given each chapter's page count."""
    found, total = [], 0
    for count in counts:
        found.append(total)
        total += count
    return found


def anchors(pages: Sequence[Sequence[Sequence[str]]], firsts: Sequence[int]) -> dict[str, int]:
    """Return the page of each anchor, given each chapter's pages' anchors and first page."""
    found: dict[str, int] = {}
    for chapter, first in zip(pages, firsts, strict=True):
        for index, names in enumerate(chapter):
            for name in names:
                found.setdefault(name, first + index)
    return found


def _is_contents(element: Any) -> bool:
    """Return whether an element is itself the contents list."""
    return CONTENTS in (element.get("class") or "").split()


def _listings(root: Any) -> Iterator[Any]:
    """Yield every contents list of a document."""
    yield from root.find_class(CONTENTS)


def _serialise(root: Any) -> str:
    """Return an lxml HTML document as text, with its doctype."""
    import lxml.html

    text: str = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return text
