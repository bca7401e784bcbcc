"""The Word elements of a block a document repeats, made once and copied after; the same for
a page header that shows only pictures and words (a notice's letterhead).

Most blocks of a release notice are the same in every notice of a brand (its headings, the
announcement, the purposes it serves, the enquiries line), yet python-docx built each anew,
run by run. A block is remembered, in its blank (so a new brand or language starts afresh),
by everything its translation reads: its HTML (tags, attributes and words), the language and
direction it inherits, the page it is on, how the runs are set, and the relationships the
document holds before it. Only a block that adds nothing but body elements and links to
external addresses is remembered; the next block with the same key gets copies of its
elements and the same links, which is what translating it again would give, byte for byte.
A header is remembered with its pictures (the same image part, read-only, in every document),
under a key that holds every part the document has, so that it is made under the same names.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from .blank import blank_of_document
from .blocks import DRAWING

KEPT_MAX = 4096  # remembered blocks per blank, at most: a long `watch` starts afresh past it
_SECTION = qn("w:sectPr")


@dataclass(frozen=True)
class Repeat:
    """What a block added: its body elements, and the external links they point to."""

    elements: tuple[Any, ...]
    links: tuple[tuple[str, str, str], ...]  # (id, kind, address) of each new relationship


def key_of(document: Any, element: Any, *state: Hashable) -> tuple[Hashable, ...] | None:
    """Return what the translation of `element` into `document` depends on, given the
    translator's `state`; None where the document was not made from a blank."""
    from lxml import etree

    if blank_of_document(document) is None:
        return None
    parent = element.getparent()
    inherited = _inherited(parent, "lang"), _inherited(parent, "dir")
    html = etree.tostring(element, encoding="unicode", with_tail=False)
    return html, inherited, _relationships(document), *state


def replay(document: Any, key: tuple[Hashable, ...]) -> bool:
    """Add the remembered elements and links of the block with `key`; return whether any were."""
    blank = blank_of_document(document)
    found = blank.repeats.get(key) if blank is not None else None
    if found is None:
        return False
    part = document.part
    for rid, kind, address in found.links:
        if part.relate_to(address, kind, is_external=True) != rid:
            raise RuntimeError(f"a repeated block's link {address} took another id than {rid}")
    end = _end(document)
    for item in found.elements:
        end.addprevious(copy.deepcopy(item))
    return True


@contextmanager
def recording(document: Any, key: tuple[Hashable, ...] | None) -> Iterator[None]:
    """Remember what the block translated inside is made of, under `key`, if it only adds
    body elements and external links (a header, a picture or a new section is not kept)."""
    blank = blank_of_document(document)
    if key is None or blank is None:
        yield
        return
    body, end = document.element.body, _end(document)
    start, before, section = len(body), dict(document.part.rels), _xml(end)
    yield
    added = list(body)[start - 1 : len(body) - 1]
    links = [(rid, rel) for rid, rel in document.part.rels.items() if rid not in before]
    if (
        _end(document) is not end
        or _xml(end) != section
        or any(not rel.is_external for _, rel in links)
        or any(next(item.iter(DRAWING, _SECTION), None) is not None for item in added)
    ):
        return
    if len(blank.repeats) >= KEPT_MAX:
        blank.repeats.clear()
    elements = tuple(copy.deepcopy(item) for item in added)
    blank.repeats[key] = Repeat(elements, tuple((r, x.reltype, x.target_ref) for r, x in links))


@dataclass(frozen=True)
class Header:
    """What a page header was made of: its root element and the pictures it shows."""

    element: Any
    images: tuple[tuple[str, Any], ...]  # (id, image part) of each, in order


def header_key(document: Any, element: Any, *state: Hashable) -> tuple[Hashable, ...] | None:
    """Return what a page header made from `element` depends on (see `key_of`), with the
    names of every part the document has."""
    key = key_of(document, element, *state)
    if key is None:
        return None
    return "header", key, tuple(str(p.partname) for p in document.part.package.iter_parts())


def replay_header(document: Any, section: Any, key: tuple[Hashable, ...] | None) -> bool:
    """Give `section` a copy of the header remembered under `key`; return whether there was one."""
    from docx.enum.section import WD_HEADER_FOOTER
    from docx.opc.constants import RELATIONSHIP_TYPE

    blank = blank_of_document(document)
    found = blank.repeats.get(key) if blank is not None and key is not None else None
    if found is None:
        return False
    part, rid = document.part.add_header_part()
    part._element = copy.deepcopy(found.element)
    for image_rid, image in found.images:
        if part.relate_to(image, RELATIONSHIP_TYPE.IMAGE) != image_rid:
            raise RuntimeError(f"a repeated header's picture took another id than {image_rid}")
    section._sectPr.add_headerReference(WD_HEADER_FOOTER.PRIMARY, rid)
    return True


def remember_header(document: Any, section: Any, key: tuple[Hashable, ...] | None) -> None:
    """Remember the header `section` was just given, under `key`, if it shows only words and
    pictures (a header relating to anything else is made anew each time)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    blank = blank_of_document(document)
    if key is None or blank is None:
        return
    part = section.header.part
    rels = list(part.rels.items())
    if any(rel.is_external or rel.reltype != RELATIONSHIP_TYPE.IMAGE for _, rel in rels):
        return
    images = tuple((rid, rel.target_part) for rid, rel in rels)
    blank.repeats[key] = Header(copy.deepcopy(part.element), images)


def _relationships(document: Any) -> tuple[tuple[str, str, str], ...]:
    """Return the main part's relationships as they stand, in order: id, kind, target."""
    return tuple(
        (rid, rel.reltype, rel.target_ref if rel.is_external else str(rel.target_part.partname))
        for rid, rel in document.part.rels.items()
    )


def _inherited(element: Any, name: str) -> str:
    """Return the attribute `name` of `element` or of its nearest ancestor that has it."""
    while element is not None:
        found = element.get(name) if isinstance(element.tag, str) else None
        if found:
            return str(found)
        element = element.getparent()
    return ""


def _end(document: Any) -> Any:
    """Return the body's last child: its closing section properties."""
    return document.element.body[-1]


def _xml(element: Any) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(element))
