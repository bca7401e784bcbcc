"""The branded blank every Word document starts from, made once per process, brand and language.

Its styles (some 350 KB of XML), numbering, settings, theme and web settings are the same in
every document of a brand. Each document is a copy of the blank that shares those parts
read-only, parsed, serialised (and, by `archive`, compressed) once, and copies only the parts
it fills: its body, its properties and its font table. A brand or language that changes
makes another blank (`blank_of` is cached by them); nothing a document writes reaches it.
"""

from __future__ import annotations

import copy
import functools
import io
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm

from ...model.brand import Brand
from .styles import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    apply_brand,
)
from .xml import insert_in_order

NOTICE_TOP, NOTICE_BOTTOM = Mm(58), Mm(40)  # as the PDF notice's page
NOTICE_HEADER, NOTICE_FOOTER = Mm(25), Mm(30)  # inside US Letter's printed area, either way

SHARED = frozenset(
    {
        "/word/styles.xml",
        "/word/numbering.xml",
        "/word/settings.xml",
        "/word/theme/theme1.xml",
        "/word/webSettings.xml",
    }
)  # the parts no document changes
_SETTINGS_BEFORE = {
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
}
_DROPPED = ("/thumbnail", "/stylesWithEffects", "/customXml")
_BLANKS: weakref.WeakKeyDictionary[Any, Blank] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, eq=False)
class Blank:
    """The branded blank of one brand and language: a document never written to, its
    shared parts and their bytes, and the ids of its styles (filled as they are used)."""

    prototype: Any
    shared: tuple[Any, ...]
    blobs: Mapping[str, bytes]  # part name -> the shared part's serialised XML
    style_ids: dict[str, str | None]
    repeats: dict[Any, Any] = field(default_factory=dict)  # see `repeats`: blocks made once


@functools.lru_cache(maxsize=4)
def blank_of(brand: Brand, language: str) -> Blank:
    """Return the blank of `brand` in `language`, made once per process (`cache_info`
    counts how often it was made)."""
    prototype = docx.Document(io.BytesIO(_branded(brand, language)))
    shared = tuple(p for p in prototype.part.package.iter_parts() if p.partname in SHARED)
    blobs = {str(p.partname): p.blob for p in shared}
    return Blank(prototype, shared, blobs, {})


def new_copy(blank: Blank) -> Any:
    """Return a new document made from `blank`: its own parts copied, the shared ones not."""
    memo: dict[int, Any] = {id(part): part for part in blank.shared}
    document = copy.deepcopy(blank.prototype, memo)
    _BLANKS[document.part] = blank
    return document


def blank_of_document(document: Any) -> Blank | None:
    """Return the blank `document` was copied from (None if it was opened from a file)."""
    return _BLANKS.get(document.part)


def fixed_blobs(document: Any) -> Mapping[str, bytes]:
    """Return the serialised XML of the parts `document` shares with its blank, by name."""
    blank = blank_of_document(document)
    return blank.blobs if blank is not None else {}


def own_elements(document: Any) -> list[Any]:
    """Return the root elements of the document's XML parts that it does not share: its
    body, headers, footers and properties."""
    shared = fixed_blobs(document)
    return [
        p._element
        for p in document.part.package.iter_parts()
        if hasattr(p, "_element") and p.partname not in shared
    ]


@functools.lru_cache(maxsize=4)
def _branded(brand: Brand, language: str) -> bytes:
    """Return the branded blank document as bytes: python-docx's template, its extras
    dropped, the brand's styles, A4 pages and settings that embed the fonts."""
    document = docx.Document()
    for owner in (document.part.package, document.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.endswith(_DROPPED):
                del owner.rels[rid]
    apply_brand(document, brand, language)
    _set_settings(document.settings.element, language)
    _embed_fonts(document.settings.element)
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


def _embed_fonts(settings: Any) -> None:
    """Tell Word the file embeds its fonts, as subsets (so that it keeps them so)."""
    for name in ("embedTrueTypeFonts", "saveSubsetFonts"):
        for old in settings.findall(qn(f"w:{name}")):
            settings.remove(old)
    before = {qn(f"w:{name}") for name in _SETTINGS_BEFORE}
    for name in ("embedTrueTypeFonts", "saveSubsetFonts"):
        insert_in_order(settings, parse_xml(f"<w:{name} {nsdecls('w')}/>"), before)
        before.add(qn(f"w:{name}"))


def notice_page(section: Section) -> None:
    """Set a notice's page as the PDF notice's: its letterhead and footer lie where US
    Letter, 18 mm shorter than A4, prints them at 100% from the top or from the foot."""
    section.top_margin, section.bottom_margin = NOTICE_TOP, NOTICE_BOTTOM
    section.header_distance, section.footer_distance = NOTICE_HEADER, NOTICE_FOOTER


def _page_setup(section: Section) -> None:
    """Make `section` an A4 page with the brand's margins."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(12), Mm(11)
