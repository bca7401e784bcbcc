"""Check what WeasyPrint laid out before a page is written, as a print shop's preflight does.

Every laid-out box stays inside its page's content area, no text is drawn over other text
or past its table cell, no page is empty, no heading ends a page apart from what it heads,
and an element marked `data-keep="with-previous"` (a table's key) starts on a page where
the element before it ends. A violation is reported at the source value whose text is in
the offending box (`sources.py`), so the officer knows what to shorten or change. A page of
its own (the cover, the back) that runs over is one fault, at its longest text (a title).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...errors import Mark, SourceError
from ..sources import SourceIndex

SLACK = 1.0  # CSS px (0.75 pt): rounding of the layout, not a visible fault
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ONE_PAGE = {"cover": "the cover", "back": "the back page"}  # data-page: a page, and no more


@dataclass(frozen=True)
class Rect:
    """A box's border area on its page, in CSS px."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


def rect(box: Any) -> Rect:
    """Return the border area of a laid-out box."""
    return Rect(box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height())


def check(pages: list[Any], output: str, index: SourceIndex) -> list[SourceError]:
    """Return every fault of the laid-out `pages` of `output`, located in the sources."""
    owns = [_own_page(page._page_box) for page in pages]
    spills = {n for n, own in enumerate(owns, 1) if own is not None and _continues(own)}
    faults: list[SourceError] = []
    for number, (page, own) in enumerate(zip(pages, owns, strict=True), 1):
        if number in spills or number + 1 in spills:  # all it shows is the one fault
            if number in spills and number - 1 not in spills:
                message = f" runs over one page (onto page {number} of {output})"
                faults.append(_crowded(own.element, index, output, number, message))
            continue
        inspector = _Page(page._page_box, number, output, index, own)
        faults += inspector.faults(last=number == len(pages))
    return list(dict.fromkeys(faults + _kept_apart(pages, output, index)))  # each once


def _own_page(page_box: Any) -> Any:
    """Return the box of the page of its own (the cover, the back) on a page, if any: one
    of the body's children, so only the top of each page's tree is looked at."""
    root = next(c for c in page_box.children if not _is_margin(c))
    for box in (child for body in root.children for child in getattr(body, "children", [])):
        element = getattr(box, "element", None)
        if (
            element is not None
            and element.get("data-page") in ONE_PAGE
            and getattr(box, "element_tag", "") == element.tag
        ):
            return box
    return None


def _crowded(element: Any, index: SourceIndex, output: str, number: int, fault: str) -> SourceError:
    """Return `fault` of a page of its own (`element`): "the cover" and `fault`, located at
    its heading or else its longest text that the sources hold: what to shorten."""
    what = ONE_PAGE[element.get("data-page")]
    texts = sorted(
        ((e.tag in HEADINGS, " ".join("".join(e.itertext()).split())) for e in element.iter()),
        reverse=True,
        key=lambda item: (item[0], len(item[1])),
    )
    found = next(filter(None, (index.find(text) for _, text in texts)), None)
    if found is None:
        return SourceError(Mark(output), f"page {number}", f"{what}{fault}")
    mark, field = found
    return SourceError(mark, field, f"{what}{fault}; shorten this text")


class _Page:
    """The checks of one page."""

    def __init__(
        self, page_box: Any, number: int, output: str, index: SourceIndex, own: Any = None
    ) -> None:
        self.box = page_box
        self.number = number
        self.output = output
        self.index = index
        self.own = own  # the page of its own (the cover, the back) it shows, if any
        self.area = Rect(
            page_box.content_box_x(), page_box.content_box_y(), page_box.width, page_box.height
        )
        self.root = next(c for c in page_box.children if not _is_margin(c))
        self.texts = list(_texts(self.root))

    def where(self, text: str, fault: str) -> SourceError:
        """Return `fault` located at the source value holding `text`; on a page of its own, a
        text the sources do not hold (its foot line) at what crowds the page; else at the page."""
        found = self.index.find(text)
        if found is None and text and self.own is not None:
            where = f": {fault} (page {self.number} of {self.output})"
            return _crowded(self.own.element, self.index, self.output, self.number, where)
        if found is None:
            return SourceError(Mark(self.output), f"page {self.number}", fault)
        mark, field = found
        return SourceError(mark, field, f"{fault} (page {self.number} of {self.output})")

    def faults(self, last: bool) -> list[SourceError]:
        """Return the faults of this page."""
        faults = [*self._outside(), *self._past_cells(), *self._overlaps(), *self._over_images()]
        if not self.texts and not any(_images(self.root)):
            faults.append(SourceError(Mark(self.output), f"page {self.number}", "page is empty"))
        if not last:
            faults += self._heading_at_foot()
        return faults

    def _outside(self) -> Iterator[SourceError]:
        """Yield each text or image that lies outside the page's content area."""
        placed = [(_text_rect(t, line), t) for t, _, line in self.texts]
        for area, box in placed + [(rect(i), i) for i in _images(self.root)]:
            side = _beyond(area, self.area)
            if side:
                text = getattr(box, "text", "") or ""
                what = f"'{_excerpt(text)}'" if text else "an image"
                yield self.where(text, f"{what} runs {side}")

    def _past_cells(self) -> Iterator[SourceError]:
        """Yield each text that runs out of its table cell."""
        for box, cell, _ in self.texts:
            if cell is not None and _beyond(rect(box), rect(cell)):
                word = max(box.text.split() or [box.text], key=len)
                yield self.where(
                    box.text,
                    f"a word of {len(word)} characters ('{_excerpt(word)}') "
                    "cannot wrap inside its column",
                )

    def _overlaps(self) -> Iterator[SourceError]:
        """Yield each text drawn over a text of another line (the later over the earlier)."""
        placed = sorted(
            ((rect(b), n, b, line) for n, (b, _, line) in enumerate(self.texts)),
            key=lambda item: item[0].y,
        )
        for i, (a, n, box, line) in enumerate(placed):
            for b, m, other, other_line in placed[i + 1 :]:
                if b.y >= a.bottom:
                    break
                if other_line is not line and _collide(a, b):
                    under, over = (box, other) if n < m else (other, box)
                    yield self.where(
                        over.text, f"'{_excerpt(over.text)}' is drawn over '{_excerpt(under.text)}'"
                    )

    def _over_images(self) -> Iterator[SourceError]:
        """Yield each text drawn over an image (a logo, a QR code)."""
        images = [rect(image) for image in _images(self.root)]
        for box, _, _ in self.texts:
            if any(_overlap(rect(box), image) for image in images):
                yield self.where(box.text, f"'{_excerpt(box.text)}' is drawn over an image")

    def _heading_at_foot(self) -> Iterator[SourceError]:
        """Yield a heading that is the last thing on a page that is not the last one."""
        blocks = [line for _, _, line in self.texts]
        if not blocks:
            return
        last = max(blocks, key=lambda line: line.position_y + line.height)
        if getattr(last, "element_tag", None) in HEADINGS:
            text = " ".join(t.text for t, _, line in self.texts if line is last)
            yield self.where(text, f"the heading '{_excerpt(text)}' would end the page alone")


def _kept_apart(pages: list[Any], output: str, index: SourceIndex) -> list[SourceError]:
    """Return a fault for each element kept with the previous one that a page break parted."""
    faults = []
    for number, page in enumerate(pages, 1):
        root = page._page_box.children[0]
        for box, previous in _kept(root):
            if previous is None or not _has_text(previous):
                text = " ".join(t.text for t, _, _ in _texts(box))
                name = box.element.get("aria-label") or f"'{_excerpt(text)}'"
                where = index.find(text) or (Mark(output), f"page {number}")
                message = f"{name} would start page {number} of {output}, apart from its table"
                faults.append(SourceError(where[0], where[1], message))
    return faults


def _kept(box: Any, previous: Any = None) -> Iterator[tuple[Any, Any]]:
    """Yield (box, the box before it on the page) for boxes marked data-keep=with-previous."""
    children = list(getattr(box, "children", []))
    for i, child in enumerate(children):
        element = getattr(child, "element", None)
        if (
            element is not None
            and element.get("data-keep") == "with-previous"
            and getattr(child, "element_tag", None) == element.tag
            and not _continues(child)
        ):
            yield child, children[i - 1] if i else None
        yield from _kept(child)


def _texts(box: Any, cell: Any = None, line: Any = None) -> Iterator[tuple[Any, Any, Any]]:
    """Yield (text box, its table cell or None, its line) for each visible text of `box`."""
    name = type(box).__name__
    if name == "TableCellBox":
        cell = box
    elif name == "LineBox":
        line = box
    if name == "TextBox":
        if box.text.strip() and box.style["color"].alpha > 0 and box.width > 0:
            yield box, cell, line
        return
    for child in getattr(box, "children", []):
        yield from _texts(child, cell, line)


def _text_rect(box: Any, line: Any) -> Rect:
    """Return a text's extent: its own width, its line's height (the glyphs' ascent above
    the line, the font's internal leading, is no fault)."""
    across, down = rect(box), rect(line) if line is not None else rect(box)
    return Rect(across.x, down.y, across.width, down.height)


def _images(box: Any) -> Iterator[Any]:
    """Yield each replaced box (image, SVG) below `box`."""
    if "Replaced" in type(box).__name__:
        yield box
    for child in getattr(box, "children", []):
        yield from _images(child)


def _has_text(box: Any) -> bool:
    return any(True for _ in _texts(box))


def _continues(box: Any) -> bool:
    """Return whether `box` is the rest of an element begun on an earlier page."""
    return "top" in getattr(box, "remove_decoration_sides", ())


def _is_margin(box: Any) -> bool:
    return type(box).__name__ == "MarginBox"


def _beyond(inner: Rect, outer: Rect) -> str:
    """Return how far and past which side `inner` lies beyond `outer` ('' when inside)."""
    sides = {
        "right": inner.right - outer.right,
        "left": outer.x - inner.x,
        "bottom": inner.bottom - outer.bottom,
        "top": outer.y - inner.y,
    }
    side, excess = max(sides.items(), key=lambda item: item[1])
    if excess <= SLACK:
        return ""
    return f"{excess * 0.75 / 72 * 25.4:.0f} mm past the {side} edge of its area"


def _collide(a: Rect, b: Rect) -> bool:
    """Return whether two text boxes share more than a sliver: a real collision."""
    width = min(a.right, b.right) - max(a.x, b.x)
    height = min(a.bottom, b.bottom) - max(a.y, b.y)
    return width > SLACK and height > 0.5 * min(a.height, b.height)


def _overlap(a: Rect, b: Rect) -> bool:
    """Return whether two areas share more than a sliver."""
    return min(a.right, b.right) - max(a.x, b.x) > SLACK and (
        min(a.bottom, b.bottom) - max(a.y, b.y) > SLACK
    )


def _excerpt(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
