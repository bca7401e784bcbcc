"""The change note: the summary of changes of a plan's document, as plain text to paste
into an e-mail. Its words are those of the plan's annex, read from the same HTML."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 72


def note(html: str) -> str:
    """Return the summary of changes of the plan's HTML as plain text ('' if it has none)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    found = root.xpath("//section[contains(concat(' ', @class, ' '), ' changes ')]")
    if not found:
        return ""
    running = root.xpath("//p[@class='running-title']")
    lines = [_text(running[0]), ""] if running else []
    for element in found[0].iter("h1", "h2", "p", "li"):
        text = _text(element)
        if element.tag == "h1":
            lines += [text, "=" * len(text), ""]
        elif element.tag == "h2":
            lines += ([] if lines[-1:] == [""] else [""]) + [text, "-" * len(text)]
        elif element.tag == "p":
            lines += [*textwrap.wrap(text, WIDTH), ""]
        else:
            lines += textwrap.wrap(text, WIDTH, initial_indent="- ", subsequent_indent="  ")
    return "\n".join(lines).strip() + "\n"


def _text(element: Any) -> str:
    """Return the text of an element with its whitespace made single spaces."""
    return " ".join(element.text_content().split())
