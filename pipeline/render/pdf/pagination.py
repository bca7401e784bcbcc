"""Where the PDF's pages break, read from its layout, for an edition that breaks the same.

The Word plan is translated from the same HTML the PDF lays out, so the PDF's pages can be
named in terms of that HTML: the block element each page starts with (by its path in the
tree, the same in WeasyPrint's parse and in lxml's), the page each anchor lies on, and the
running header each page shows. Word then breaks its pages where the PDF does, prints the
PDF's page numbers in its contents, and sets the PDF's running header on each page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

Path = tuple[int, ...]  # child indexes (elements only) from the root element down


@dataclass(frozen=True)
class Pagination:
    """The PDF's pages: how many, what starts each, where anchors lie, what each heads with."""

    pages: int
    starts: dict[Path, int]  # the element that opens a page (not a continuation): its page
    anchors: dict[str, int]  # an element's id: the page it lies on (1-based)
    headers: tuple[str, ...]  # each page's running header ('' where it has none)

    def start(self, path: Path) -> int | None:
        """Return the page that the element at `path` opens, if it opens one."""
        return self.starts.get(path)


def path_of(element: Any) -> Path:
    """Return the path of an lxml element: its index among its parent's elements, upward."""
    indexes: list[int] = []
    while (parent := element.getparent()) is not None:
        siblings = [child for child in parent if isinstance(child.tag, str)]
        indexes.append(siblings.index(element))
        element = parent
    return tuple(reversed(indexes))


def paths(root: Any) -> dict[int, Path]:
    """Return the path of every element of an ElementTree tree, by the element's id()."""
    found: dict[int, Path] = {}

    def walk(element: Any, path: Path) -> None:
        found[id(element)] = path
        children = [child for child in element if isinstance(child.tag, str)]
        for index, child in enumerate(children):
            walk(child, (*path, index))

    walk(root, ())
    return found


def of(document: Any, where: dict[int, Path], before: Iterable[Path] = ()) -> Pagination:
    """Return the pagination of a laid-out WeasyPrint document, given the path of each of
    its elements by id() (`paths` of the tree it was laid out from) and, for the later
    part of a document, the elements on the pages `before` it."""
    return paged(document, where, set(before))


def paged(document: Any, where: dict[int, Path], seen: set[Path]) -> Pagination:
    """Return the pagination of a document as `of` does, given the elements `seen` on the
    pages before it (by path: a document laid out in chapters repeats its root), to which
    those its pages show are added."""
    starts: dict[Path, int] = {}
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        opener = _opener(page, seen, where)
        if opener is not None:
            starts[opener] = number
        seen.update(where[id(box.element)] for box in boxes(page) if id(box.element) in where)
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    return Pagination(len(document.pages), starts, anchors, headers(document.pages))


def headers(pages: list[Any]) -> tuple[str, ...]:
    """Return the running header each page shows ('' where it has none)."""
    return tuple(_margin_text(page, "@top-right") for page in pages)


def join(parts: Iterable[Pagination]) -> Pagination:
    """Return the pagination of a document made of parts, each numbered from 1."""
    pages = 0
    starts: dict[Path, int] = {}
    anchors: dict[str, int] = {}
    headers: list[str] = []
    for part in parts:
        starts.update({path: pages + page for path, page in part.starts.items()})
        for name, page in part.anchors.items():
            anchors.setdefault(name, pages + page)
        headers += part.headers
        pages += part.pages
    return Pagination(pages, starts, anchors, tuple(headers))


def _content(page: Any) -> Any:
    """Return the page's root box (what is not a margin box)."""
    return next(c for c in page._page_box.children if type(c).__name__ != "MarginBox")


def boxes(page: Any) -> Iterator[Any]:
    """Yield every box of the page's content, in document order."""
    stack = [_content(page)]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", [])))


def _opener(page: Any, seen: set[Path], where: dict[int, Path]) -> Path | None:
    """Return the path of the outermost element that begins on this page as its first
    content, or None where the page goes on with an element begun before (a paragraph
    split across pages)."""
    box = _content(page)
    while box is not None:
        path = where.get(id(getattr(box, "element", None)))
        if path is not None and path not in seen:
            return path
        children = [c for c in getattr(box, "children", []) if _has_content(c)]
        box = children[0] if children else None
    return None


def _has_content(box: Any) -> bool:
    """Return whether a box takes part in the page's flow (not a running or absent one)."""
    return getattr(box, "element", None) is not None


def _margin_text(page: Any, keyword: str) -> str:
    """Return the text the page's margin box `keyword` shows ('' for none)."""
    for box in page._page_box.children:
        if type(box).__name__ == "MarginBox" and box.at_keyword == keyword:
            stack, texts = [box], []
            while stack:
                item = stack.pop()
                if hasattr(item, "text"):
                    texts.append(item.text)
                stack.extend(reversed(getattr(item, "children", [])))
            return " ".join("".join(texts).split())
    return ""
