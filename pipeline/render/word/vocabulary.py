"""What each element of a publication's HTML becomes in Word: its style, by its class or
else by what element it is, and the sizes the stylesheets give its pictures and columns."""

from __future__ import annotations

from typing import Any

from docx.shared import Mm

STYLES = {
    "cover-title": "Cover Title",
    "cover-foot": "Cover Foot",
    "cover-edition": "Cover Edition",
    "lead": "Lead",
    "wordmark-name": "Wordmark",
    "purpose-number": "Purpose Label",
    "principle-list": "Principle",  # each item of the list
    "contact-name": "Contact Name",
    "contact-address": "Contact",
    "contact-means": "Contact",
    "notice-kind": "Notice Kind",
    "notice-meta": "Notice Meta",
    "publication": "Publication Title",
    "summary": "Lead",
    "purposes-source": "Notice Small",
    "announcement": "Normal",
    "enquiries": "Contact",
    "purposes-title": "Notice Section",
    "purposes-served": "Purpose Served",  # each item of the list
    "enquiries-title": "Notice Section",
    "activity-head": "Table Heading",
    "purpose-head": "Table Heading Centred",
    "purpose-number-head": "Table Heading Centred",
    "activity": "Table Text",
    "tick": "Tick",
    "no-tick": "Tick",
}
ELEMENTS = {
    "h1": "Heading 1",
    "h2": "Heading 2",
    "h3": "Heading 3",
    "p": "Normal",
    "li": "List Bullet",
}
LEAD_PHRASES = {  # a paragraph style, and the character style its bold (strong) text takes,
    "Principle": "Lead Phrase",  # as the PDF's `.principle-list strong`
    "Purpose Served": "Lead Phrase",  # and `.purposes-served strong`: in the primary colour
}
LINES = {"cover-title", "wordmark-name"}  # each child span is a line of its own
LOGO_BOXES = {  # the most a logo takes (width, height), as the PDF's `max-width`, `max-height`
    "cover": (Mm(90), Mm(30)),
    "back": (Mm(90), Mm(22)),
    "letterhead": (Mm(16), Mm(18)),  # in its 20 mm column, as tall as the PDF's at most
}
LOCKUP_WIDTHS = (Mm(20), Mm(62))  # the letterhead's logo and address columns (as the PDF's)
QR_BOX = (Mm(28), Mm(28))
QR_COLUMN = Mm(35)  # beside a notice's facts, as the PDF's: 30 mm, after a 5 mm gap
TOC = 'TOC \\o "1-2" \\h \\z \\u'
DARK_PAGES = {"cover", "back"}  # pages in the brand's primary colour
ON_PRIMARY = {  # a style and its twin for text on the primary colour
    "Wordmark": "Wordmark On Primary",
    "Cover Foot": "Cover Foot",
    "Heading 1": "Back Title",
    "Contact Name": "Contact Name On Primary",
    "Contact": "Contact On Primary",
}


def style_of(element: Any) -> str | None:
    """Return the Word style of an element: by its class, else by what element it is."""
    return style_by_class(element) or ELEMENTS.get(element.tag)


def style_by_class(element: Any) -> str | None:
    """Return the Word style that the element's class gives it, if one does."""
    return next((STYLES[c] for c in classes(element) if c in STYLES), None)


def classes(element: Any) -> set[str]:
    """Return the element's classes."""
    return set(element.get("class", "").split())
