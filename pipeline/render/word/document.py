"""Every Word document starts here: a branded blank A4 document, page sections, fields
updated on open, the document properties, and bytes that are the same for the same sources.

Only the render stage imports this package (it imports python-docx).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from collections.abc import Iterable
from html import escape
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm

from ...context import Context
from ...model.brand import Brand
from . import internals, xml
from .blocks import share_style_ids
from .styles import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    apply_brand,
)

LANGUAGE = "en-GB"  # where an office names none (the model's default too)
CORE_PROPERTY_LIMIT = 255  # characters: python-docx and Office hold no more per property
_DROPPED = ("/thumbnail", "/stylesWithEffects", "/customXml")
_ZIP_EPOCH = dt.date(1980, 1, 1)


def new_document(context: Context, language: str | None = None) -> Any:
    """Return a blank A4 document with the brand's styles and nothing left of its template,
    its text in `language` (the office's, unless another is given)."""
    brand = context.loaded.brand
    language = language or context.loaded.project.office.language or LANGUAGE
    document = docx.Document(io.BytesIO(_branded(brand, language)))
    share_style_ids(document, _style_ids(brand, language))
    return document


@functools.lru_cache(maxsize=4)
def _style_ids(brand: Brand, language: str) -> dict[str, str | None]:
    """Return the style ids of the branded blank, filled as styles are first used."""
    return {}


@functools.lru_cache(maxsize=4)
def _branded(brand: Brand, language: str) -> bytes:
    """Return the branded blank document as bytes, made once per brand and process."""
    document = docx.Document()
    for owner in (document.part.package, document.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.endswith(_DROPPED):
                del owner.rels[rid]
    apply_brand(document, brand, language)
    _set_settings(document.settings.element, language)
    _page_setup(document.sections[0])
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _set_settings(settings: Any, language: str) -> None:
    """Set Word 2013+ layout rules and `language`; drop the template's ids and preview."""
    for tag in (qn("w:savePreviewPicture"), qn("w:rsids"), qn("w14:docId")):
        for child in settings.findall(tag):
            settings.remove(child)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), language)


def _page_setup(section: Section) -> None:
    """Make `section` an A4 page with the brand's margins."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(12), Mm(11)


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


def update_fields_on_open(document: Any) -> None:
    """Ask Word to update every field (the table of contents, page counts) when opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = xml.update_fields()
    later = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")
    follower = next((c for c in settings if c.tag in {qn(f"w:{n}") for n in later}), None)
    if follower is None:
        settings.append(element)
    else:
        follower.addprevious(element)


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
    """Return `document` as DOCX bytes that depend on nothing but its content and `day`."""
    entries = internals.members(document)
    stamp = max(day, _ZIP_EPOCH)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(entries, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, (stamp.year, stamp.month, stamp.day, 0, 0, 0))
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()
