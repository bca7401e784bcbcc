"""Pages drawn once: a kept chapter's page is replayed in a warm build, not drawn again.

WeasyPrint draws every page each time it writes a document. A chapter the book keeps
(`book.bind`) brings the same pages to the next build, and what drawing a page gives
depends on its page box alone: the content stream's operators, the marked-content ids
it tags, and the glyphs (their widths and text), graphics states and images it adds to
the document's fonts and resources. So a kept page (`keep`) is drawn with fonts and
resources of its own, which are then added to the document's in the order drawing met
them, as drawing into the document's would have added them; the page keeps that record,
and a later document holding the same page adds the record again instead of drawing.

Two things a page's drawing reads from the pages before it, and both are checked before a
record is used: a glyph's width, worked out once per face (at the size it is first met)
and reused at every size, and the names of what WeasyPrint names by count (transparency
groups, patterns, shadings, soft masks). A page whose widths would differ is drawn again;
a page that adds anything named by count, draws a missing glyph or a colour font's, is
never recorded.
A page numbered again (`forget`) loses its record; a record of a page drawn without its
margins (the body of a part, `margins`) is never replayed for it drawn whole, nor the reverse.

Records cost memory and pay off only in a process that builds again (`watch`, `preview`),
which turns them on (`enable`); a build that ends with its process keeps none.
"""

from __future__ import annotations

import copy
import weakref
from dataclasses import dataclass
from typing import Any

_RECORDS: weakref.WeakKeyDictionary[Any, Record | str | None] = weakref.WeakKeyDictionary()
DRAW = "draw"  # the record of a page that cannot be replayed: drawn as WeasyPrint draws
_ENABLED: list[bool] = []  # whether this process keeps records: it builds again
COUNTS = {"drawn": 0, "replayed": 0}  # kept pages this process drew and replayed: for tests
SHARED_BY_NAME = ("ExtGState", "XObject")  # resources named by what they are (a1, i3...)
BY_COUNT = ("Pattern", "Shading")  # resources named by how many came before


@dataclass
class Face:
    """What a page drew with one face: the widths it used, first-met order, and texts."""

    template: Any  # the face, with no glyph of any page: for a document that lacks it
    widths: dict[int, int]  # every width the page used, in the order it met them
    computed: set[int]  # the glyphs whose width the page worked out itself
    texts: dict[int, str]  # each glyph's text where the page first drew it


@dataclass
class Record:
    """A page's drawing: its operators, tags, faces and the resources it named."""

    key: tuple[object, ...]
    tagged: int  # the tags the page's stream held before it was drawn (its links')
    operators: list[Any]
    tags: list[tuple[Any, Any]]
    faces: dict[Any, Face]
    resources: dict[str, list[tuple[str, Any]]]
    images: dict[str, dict[str, Any]]


def enable() -> None:
    """Keep the records of kept pages from now on: this process will build again."""
    _ENABLED[:] = [True]


def enabled() -> bool:
    """Return whether this process keeps records: it will build again."""
    return bool(_ENABLED)


def keep(pages: list[Any]) -> None:
    """Let these pages be recorded when drawn, and replayed while they are not changed."""
    if not _ENABLED:
        return
    for page in pages:
        _RECORDS.setdefault(page, None)


def forget(page: Any) -> None:
    """Drop a page's record: its boxes changed (numbered again)."""
    if page in _RECORDS:
        _RECORDS[page] = None


def install() -> None:
    """Make WeasyPrint's Page.paint replay a kept page's record, or record it."""
    from weasyprint.document import Page

    paint = Page.paint

    def paint_or_replay(self: Any, stream: Any, scale: float = 1) -> None:
        record = _RECORDS.get(self, DRAW)
        key = (scale, stream._tags is not None, stream.compress, _margins_shown(self))
        if record is DRAW:
            paint(self, stream, scale)
        elif isinstance(record, Record) and record.key == key and _replay(record, stream):
            COUNTS["replayed"] += 1
        else:
            COUNTS["drawn"] += 1
            _RECORDS[self] = _record(paint, self, stream, scale, key)

    Page.paint = paint_or_replay


def _margins_shown(page: Any) -> bool:
    """Return whether a page is drawn with its margins (a part's body is drawn without)."""
    return any(type(child).__name__ == "MarginBox" for child in page._page_box.children)


def _record(paint: Any, page: Any, stream: Any, scale: float, key: tuple[object, ...]) -> Any:
    """Draw `page` into `stream` on fonts and resources of its own, add them to the
    document's, and return the record (DRAW where the page cannot be replayed)."""
    shared = stream._fonts, stream._resources, stream._images
    start, tagged = len(stream.stream), len(stream._tags or ())
    faces = _Faces(stream._fonts)
    resources = {name: type(shared[1][name])() for name in (*SHARED_BY_NAME, *BY_COUNT)}
    own = copy.copy(shared[1])
    own.update(resources)
    stream._fonts, stream._resources, stream._images = faces, own, {}
    try:
        paint(page, stream, scale)
        images = stream._images
    finally:
        stream._fonts, stream._resources, stream._images = shared
    if any(resources[name] for name in BY_COUNT) or _counted(resources) or faces.unsafe():
        del stream.stream[start:]  # drawn again, as WeasyPrint would, on the document's
        for box in list(stream._tags or ())[tagged:]:
            del stream._tags[box]
        paint(page, stream, scale)
        return DRAW
    record = Record(
        key,
        tagged,
        stream.stream[start:],
        [(box, dict(tag)) for box, tag in list((stream._tags or {}).items())[tagged:]],
        faces.recorded(),
        {name: list(resources[name].items()) for name in SHARED_BY_NAME},
        images,
    )
    _add(record, stream)
    return record


def _replay(record: Record, stream: Any) -> bool:
    """Add a record to the stream and the document, where drawing would give it; or
    return False (nothing added) where a width met on an earlier page differs."""
    if len(stream._tags or ()) != record.tagged:
        return False
    fonts = stream._fonts
    for face_key, face in record.faces.items():
        known = fonts[face_key].widths if face_key in fonts else {}
        for glyph, width in face.widths.items():
            if glyph in known:
                if known[glyph] != width:
                    return False
            elif glyph not in face.computed:
                return False
    stream.stream.extend(record.operators)
    if stream._tags is not None:
        stream._tags.update((box, dict(tag)) for box, tag in record.tags)
    _add(record, stream)
    return True


def _add(record: Record, stream: Any) -> None:
    """Add the faces, glyphs, resources and images of a record to the document's."""
    for face_key, face in record.faces.items():
        if face_key not in stream._fonts:
            stream._fonts[face_key] = _blank(face.template)
        font = stream._fonts[face_key]
        for glyph, width in face.widths.items():
            font.widths.setdefault(glyph, width)
        for glyph, text in face.texts.items():
            font.to_unicode.setdefault(glyph, text)
    for name, items in record.resources.items():
        for key, value in items:
            stream._resources[name].setdefault(key, value)
    for name, image in record.images.items():
        if name in stream._images:
            stream._images[name]["dpi_ratios"] |= image["dpi_ratios"]
        else:
            stream._images[name] = {**image, "dpi_ratios": set(image["dpi_ratios"])}


def _counted(resources: dict[str, Any]) -> bool:
    """Return whether a page added an ExtGState or XObject named by count (s0, x0...)."""
    states = any(str(key)[:1] == "s" for key in resources["ExtGState"])
    return states or any(str(key)[:1] == "x" for key in resources["XObject"])


def _blank(font: Any) -> Any:
    """Return a copy of a face with no glyph drawn yet."""
    blank = copy.copy(font)
    blank.widths, blank.to_unicode, blank.missing = {}, {}, {}
    blank.variations = dict(font.variations)
    return blank


class _Faces(dict):  # type: ignore[type-arg]
    """A page's own faces: a view of each document face, with the widths it meets."""

    def __init__(self, shared: dict[Any, Any]) -> None:
        super().__init__()
        self.shared = shared
        self.views: dict[Any, _Widths] = {}
        self.made: dict[Any, Any] = {}  # faces the document did not have yet, as they were

    def __contains__(self, key: object) -> bool:
        if not super().__contains__(key) and key in self.shared:
            view = _blank(self.shared[key])
            view.widths = self.views[key] = _Widths(self.shared[key].widths)
            self[key] = view
        return super().__contains__(key)

    def __setitem__(self, key: Any, font: Any) -> None:
        if key not in self.views:  # a face no page before drew: WeasyPrint made it
            self.made[key] = _blank(font)
            font.widths = self.views[key] = _Widths({})
        super().__setitem__(key, font)

    def unsafe(self) -> bool:
        """Return whether any face drew a glyph it lacks (.notdef) or is a colour font,
        whose glyphs are drawn from its HarfBuzz font (which only the drawing holds)."""
        return any(font.missing or font.png or font.svg or font.colr for font in self.values())

    def recorded(self) -> dict[Any, Face]:
        """Return what the page drew with each face, in the order it met them."""
        return {
            key: Face(
                self.made.get(key) or _blank(self.shared[key]),
                dict(self.views[key]),
                set(self.views[key].computed),
                dict(font.to_unicode),
            )
            for key, font in self.items()
        }


class _Widths(dict):  # type: ignore[type-arg]
    """A page's widths of one face: those known before it, read as met, and its own."""

    def __init__(self, known: dict[int, int]) -> None:
        super().__init__()
        self.known = known
        self.computed: set[int] = set()

    def __contains__(self, glyph: object) -> bool:
        if not super().__contains__(glyph) and glyph in self.known:
            super().__setitem__(glyph, self.known[glyph])
        return super().__contains__(glyph)

    def __setitem__(self, glyph: Any, width: Any) -> None:
        self.computed.add(glyph)
        super().__setitem__(glyph, width)
