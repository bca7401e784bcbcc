"""Every Word document starts here: a copy of the branded blank A4 document, page sections,
the document properties, and bytes that are the same for the same sources.

Only the render stage imports this package (it imports python-docx).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any

from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.section import Section

from ...context import Context
from . import archive, internals
from .blank import blank_of, fixed_blobs, new_copy
from .blocks import share_style_ids

LANGUAGE = "en-GB"  # where an office names none (the model's default too)
CORE_PROPERTY_LIMIT = 255  # characters: python-docx and Office hold no more per property
_ZIP_EPOCH = dt.date(1980, 1, 1)


def new_document(context: Context, language: str | None = None) -> Any:
    """Return a blank A4 document with the brand's styles and nothing left of its template,
    its text in `language` (the office's, unless another is given)."""
    language = language or context.loaded.project.office.language or LANGUAGE
    made = blank_of(context.loaded.brand, language)
    document = new_copy(made)
    share_style_ids(document, made.style_ids)
    return document


def new_page_section(document: Any) -> Section:
    """End the current section at the last paragraph; return the new one, on a new page.

    The new section shares the previous one's header and footer, has no separate first
    page, and adds no empty paragraph (as python-docx's `add_section` would).
    """
    body = document.element.body
    sentinel = body.get_or_add_sectPr()
    last = sentinel.getprevious()
    if last is None or last.tag != qn("w:p"):
        last = body.add_p()
    last.set_sectPr(sentinel.clone())
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)
    section = Section(sentinel, document.part)
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = False
    return section


def set_properties(
    document: Any,
    *,
    title: str,
    author: str,
    subject: str,
    keywords: Iterable[str],
    day: dt.date,
    editor: str,
    language: str = LANGUAGE,
) -> None:
    """Set the core and application properties, dated `day` and never by the clock."""
    core = document.core_properties
    moment = dt.datetime(day.year, day.month, day.day)
    core.title, core.author, core.subject = _fit(title), _fit(author), _fit(subject)
    core.keywords, core.language = _fit(", ".join(keywords)), language
    core.last_modified_by = _fit(editor)
    core.created = core.modified = moment
    core.revision = 1
    core.comments = core.category = core.content_status = ""
    internals.replace_part(document, "/docProps/app.xml", _app_xml(author).encode("utf-8"))


def _fit(value: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """Return `value` cut to what a core property holds, at a word, with an ellipsis."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"


def _app_xml(company: str) -> str:
    """Return extended properties that name no application version nor any count."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>0</TotalTime>'
        "<Application>Publications pipeline</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{escape(company, quote=False)}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    )


def reproducible_bytes(document: Any, day: dt.date) -> bytes:
    """Return `document` as DOCX bytes that depend on nothing but its content and `day`;
    the parts it shares with its blank are not serialised again."""
    entries = internals.members(document, fixed_blobs(document))
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n))
    return archive.zipped({name: entries[name] for name in names}, max(day, _ZIP_EPOCH))
