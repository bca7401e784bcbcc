"""Page numbers given to a layout after it is made: a chapter's pages, numbered in its book.

WeasyPrint makes a document's pages first, then the margin boxes of each page (the running
head and foot, where `counter(page)` and `counter(pages)` are read) from the page's state.
So a chapter laid out alone can be numbered later, and again when the chapters before it
grow or shrink: `renumber` sets the page counters in each page's state and makes its margin
boxes again, which costs a small part of the layout. The layout's context, which the
margins are made from, is kept with each document (`keep_layout_contexts`, a patch
installed by `patches.load` and checked against the versions `patches.CHECKED` names).
"""

from __future__ import annotations

from typing import Any

LAYOUT_ONLY = (  # what a layout context holds only to lay pages out (WeasyPrint 70)
    *("tables", "_excluded_shapes", "_excluded_shapes_root_boxes", "broken_out_of_flow"),
    *("footnotes", "page_footnotes", "current_page_footnotes", "reported_footnotes"),
)
_CONTEXTS: list[Any] = []  # the context of the latest layout, taken by `context_of_latest`


def keep_layout_contexts() -> None:
    """Let the latest layout's context be taken after `render` returns its document."""
    from weasyprint import document

    layout_document = document.layout_document

    def kept(html: Any, root_box: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        _CONTEXTS[:] = [context]
        return layout_document(html, root_box, context, *args, **kwargs)

    document.layout_document = kept


def carry_strings() -> None:
    """Let a layout begin with the named strings (`string-set`) another ended with: those
    a context is given as `strings_before` are in effect until its pages set their own."""
    from weasyprint.layout import LayoutContext

    resolve = LayoutContext.get_string_set_for

    def carried(self: Any, page: Any, name: str, keyword: str = "first") -> Any:
        found = resolve(self, page, name, keyword)
        before = getattr(self, "strings_before", {})
        if found or name not in before or keyword == "all-once":
            return found
        if keyword == "first-except" and self.current_page in self.string_set[name]:
            return found  # the page sets its own, and shows none
        return (before[name],)

    LayoutContext.get_string_set_for = carried


def strings_after(context: Any, pages: int) -> dict[str, str]:
    """Return the named strings in effect after the first `pages` pages of a layout."""
    found = dict(getattr(context, "strings_before", {}))
    for name, store in context.string_set.items():
        set_on = [page for page in store if page <= pages and store[page]]
        if set_on:
            found[name] = store[max(set_on)][-1]
    return found


def context_of_latest() -> Any:
    """Return (once) the layout context of the document `render` returned last."""
    return _CONTEXTS.pop()


def forget_element_styles(context: Any) -> None:
    """Let a kept layout context drop the styles it computed for the document's elements.

    WeasyPrint computes every element's style and six of its pseudo-elements' (marker,
    footnote and note calls) before it lays out, and keeps them all in its StyleFor; the
    boxes of the pages hold the styles they were given. Numbering the pages again needs
    only the pages' own styles (their margin boxes'), so the rest goes: half of what a
    kept chapter weighs.
    """
    computed = context.style_for._computed_styles
    for key in [key for key in computed if type(key[0]).__name__ != "PageType"]:
        del computed[key]


def forget_layout(context: Any) -> None:
    """Let a kept layout context drop what it held only to lay the pages out (the tables,
    floats and footnotes it met, which hold their boxes): its pages' bodies are drawn and
    let go of, and numbering needs only the pages' states."""
    for name in LAYOUT_ONLY:
        getattr(context, name).clear()


def renumber(document: Any, context: Any, first: int, total: int) -> None:
    """Number the pages of `document` from `first`, of `total`, making their margins again."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.background import layout_backgrounds, layout_box_backgrounds
    from weasyprint.layout.page import make_margin_boxes

    from . import replay

    for index, page in enumerate(document.pages):
        replay.forget(page)
        box = page._page_box
        state = context.page_maker[index + 1][3]
        state[1]["page"], state[1]["pages"] = [first + index], [total]
        context.current_page = index + 1
        kept = [child for child in box.children if not isinstance(child, boxes.MarginBox)]
        margins = list(make_margin_boxes(context, box, state))
        box.children = (*kept, *margins)
        if kept:
            layout_backgrounds(box, context.get_image_from_uri)
        else:  # its body drawn and let go of (`margins`): the margins' own backgrounds
            for margin in margins:
                layout_box_backgrounds(box, margin, context.get_image_from_uri)
