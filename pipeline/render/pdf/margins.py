"""A part's pages drawn in two passes: the body as soon as it is laid out, the margins
once the page numbers are known, and the margins laid over the body.

Only the margins show the page number and count (`counter(page)`, `counter(pages)`), and a
part of a long book learns them only when every part is laid out. Drawn at once, a part's
body lets go of its boxes (most of its memory) while the other parts are still laid out;
its margins are made again from each page's state when it is numbered (`numbering`) and
drawn on pages of their own, each laid over its body page as a form (`overlaid`). Both
passes run whenever a book is printed in parts, so a warm build that keeps its chapters
makes the same file as a cold one.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

FORM = "/PageMargins"  # the name of a page's margins, drawn as a form


def _is_margin(box: Any) -> bool:
    """Return whether a child of a page box is one of its margin boxes."""
    return type(box).__name__ == "MarginBox"


@contextmanager
def without_margins(pages: list[Any]) -> Iterator[None]:
    """Set the pages' margin boxes aside while the block draws them."""
    held = [page._page_box.children for page in pages]
    for page in pages:
        page._page_box.children = [c for c in page._page_box.children if not _is_margin(c)]
    try:
        yield
    finally:
        for page, children in zip(pages, held, strict=True):
            page._page_box.children = children


def margins_only(pages: list[Any]) -> tuple[list[Any], list[bool]]:
    """Return pages that show the margins of `pages` alone (no background, no body, no
    link, anchor or bookmark: the body's drawing has them), and whether each has any."""
    found = []
    for page in pages:
        shell = copy.copy(page)
        box = shell._page_box = page._page_box.copy()
        box.children = [c for c in page._page_box.children if _is_margin(c)]
        box.background = box.canvas_background = None
        shell.links, shell.anchors, shell.bookmarks, shell.forms = [], {}, [], {None: []}
        found.append(shell)
    return found, [bool(shell._page_box.children) for shell in found]


def overlaid(body: bytes, margins: bytes, shown: list[bool]) -> bytes:
    """Return the PDF `body` with each page of the PDF `margins` that is `shown` (it has
    margins) laid over its page, as a form of the same size drawn after the body."""
    import pikepdf

    from .merge import saved

    with pikepdf.open(io.BytesIO(body)) as pdf, pikepdf.open(io.BytesIO(margins)) as over:
        for page, top, show in zip(pdf.pages, over.pages, shown, strict=True):
            if show:
                form = pdf.copy_foreign(top.as_form_xobject())
                page.obj.Resources = _with_form(page.obj.get("/Resources"), form)
                # the body's stream untouched, in q ... Q: it leaves its transformation set
                page.contents_add(b"q\n", prepend=True)
                page.contents_add(f"Q\n{FORM} Do\n".encode())
        return saved(pdf)


def _with_form(resources: Any, form: Any) -> Any:
    """Return a page's own copy of `resources` (which its pages may share) naming `form`."""
    import pikepdf

    own = pikepdf.Dictionary({str(key): value for key, value in (resources or {}).items()})
    forms = own.get("/XObject", pikepdf.Dictionary())
    own["/XObject"] = pikepdf.Dictionary({**{str(k): v for k, v in forms.items()}, FORM: form})
    return own
