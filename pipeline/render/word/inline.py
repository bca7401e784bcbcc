"""Read the inline content of an HTML element back as runs, whitespace as HTML renders it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model.markup import Rich, Run, normalize_space

INLINE = {"em": "italic", "strong": "bold", "sup": "superscript"}


def runs(element: Any) -> Rich:
    """Return the inline content of an element as runs, styles from em, strong and sup."""
    found = tuple(_trim(list(_inline(element, frozenset()))))
    return Rich("".join(run.text for run in found), found)


def text(element: Any) -> str:
    """Return an element's text with whitespace as HTML renders it."""
    return normalize_space(element.text_content())


def _inline(element: Any, styles: frozenset[str]) -> Iterator[Run]:
    """Yield the runs of an element's text and children, in document order."""
    if element.text:
        yield _run(element.text, styles)
    for child in element:
        if child.tag == "br":
            yield Run("\n")
        elif "spoken" in child.get("class", "").split():
            pass  # words for a screen reader of the PDF or the web: a Word table says "✓"
        else:
            inner = styles | {INLINE[child.tag]} if child.tag in INLINE else styles
            yield from _inline(child, inner)
        if child.tail:
            yield _run(child.tail, styles)


# The zero-width spaces the HTML carries as break opportunities in long Latin strings (URLs,
# paths): Word breaks such a string itself, and a copied URL must not carry them. Those
# between Khmer, Lao or Burmese words stay: they are how Word finds those words.
_LATIN_BREAKS = re.compile("(?<=[\x21-\u024f])\u200b(?=[\x21-\u024f])")


def _run(content: str, styles: frozenset[str]) -> Run:
    """Return `content` (whitespace as HTML renders it) in `styles`."""
    spaced = normalize_space(_LATIN_BREAKS.sub("", content))
    if content[:1].isspace() and spaced:
        spaced = " " + spaced
    if content[-1:].isspace() and spaced:
        spaced += " "
    return Run(
        spaced or (" " if content else ""),
        "italic" in styles,
        "bold" in styles,
        "superscript" in styles,
    )


def _trim(found: list[Run]) -> Iterator[Run]:
    """Yield the runs without empty ones and without spaces at the ends or around breaks."""
    kept = [r for r in found if r.text]
    for index, run in enumerate(kept):
        content = run.text
        if index == 0 or kept[index - 1].text == "\n":
            content = content.lstrip(" ")
        if index == len(kept) - 1 or kept[index + 1].text == "\n":
            content = content.rstrip(" ")
        if content:
            yield Run(content, run.italic, run.bold, run.superscript)
