"""Our own accessibility checks of a PDF, with pikepdf: what the validators do not catch.

`findings(path, language)` returns one line per problem (empty when the file passes):
- the structure tree: /IDTree present and naming every element with an /ID, every
  /Headers entry of a cell resolving to a header cell, every header cell with a /Scope;
- the content: every marked-content sequence with an MCID reached from the structure tree
  (the ParentTree names an element the tree reaches, whose /K holds that MCID), every other
  sequence an artifact, no text outside both;
- each /Table with one header, and figures whose /BBox lies inside their page and holds
  what they draw;
- the catalog: /Lang the office's language, /PageMode /UseOutlines where there is an
  outline, a trailer /ID;
- contrast: every colour of text on the colour painted under it at least 4.5:1 (3:1 for
  large text, WCAG 1.4.3), named by the brand's colour names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from pipeline.model import colour

from .content import PageContent, Text, page_content

TOLERANCE = 1.5  # points: a box drawn on a half-pixel still lies "inside"
LARGE = 18.0  # points: large text (WCAG), 14 pt when bold


@dataclass(frozen=True)
class Element:
    """A structure element reached from the root, with its parent's type."""

    obj: Any
    tag: str
    parent: str


def elements(pdf: pikepdf.Pdf) -> list[Element]:
    """Return every structure element the tree reaches from /StructTreeRoot, top down."""
    root = pdf.Root.get("/StructTreeRoot")
    found: list[Element] = []
    seen: set[tuple[int, int]] = set()

    def walk(node: Any, parent: str) -> None:
        for kid in _kids(node):
            if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                continue
            if kid.objgen in seen:
                continue
            seen.add(kid.objgen)
            found.append(Element(kid, str(kid.S), parent))
            walk(kid, str(kid.S))

    if root is not None:
        walk(root, "")
    return found


def _kids(node: Any) -> list[Any]:
    """Return the /K of a structure node as a list."""
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _tree(node: Any, key: str) -> dict[Any, Any]:
    """Flatten a number tree (key /Nums) or name tree (key /Names)."""
    out: dict[Any, Any] = {}
    if node is None:
        return out
    pairs = node.get(key, [])
    for i in range(0, len(pairs) - 1, 2):
        out[int(pairs[i]) if key == "/Nums" else bytes(pairs[i])] = pairs[i + 1]
    for kid in node.get("/Kids", []):
        out.update(_tree(kid, key))
    return out


def _attributes(element: Any) -> dict[str, Any]:
    """Return the attributes of an element, merged over its attribute dictionaries."""
    found = element.get("/A")
    merged: dict[str, Any] = {}
    for attributes in found if isinstance(found, pikepdf.Array) else [found]:
        if isinstance(attributes, pikepdf.Dictionary):
            merged.update({str(k): v for k, v in attributes.items()})
    return merged


def structure_findings(pdf: pikepdf.Pdf, tree: list[Element]) -> Iterator[str]:
    """Yield what is wrong with the IDs, headers and scopes of the structure tree."""
    identified = {bytes(e.obj.ID): e for e in tree if "/ID" in e.obj}
    root = pdf.Root.StructTreeRoot
    names = _tree(root.get("/IDTree"), "/Names")
    if identified and "/IDTree" not in root:
        yield f"no /IDTree, though {len(identified)} elements have an /ID"
    for key, element in identified.items():
        if key not in names or names[key].objgen != element.obj.objgen:
            yield f"the /IDTree does not name element {key.decode()} ({element.tag})"
    unscoped = 0
    for element in tree:
        attributes = _attributes(element.obj)
        unscoped += element.tag == "/TH" and "/Scope" not in attributes
        for key in attributes.get("/Headers", []):
            target = names.get(bytes(key))
            if target is None or target.get("/S") != "/TH":
                yield f"a cell's /Headers entry {bytes(key).decode()} names no header cell"
    if unscoped:
        yield f"{unscoped} header cells (TH) have no /Scope"


def _text_of(element: Any) -> str:
    """Return an element's /Alt or /ActualText, or its type, to name it in a finding."""
    for key in ("/ActualText", "/Alt", "/T"):
        if key in element:
            return str(element[key])
    return str(element.get("/S"))


def content_findings(
    pdf: pikepdf.Pdf, tree: list[Element], pages: list[PageContent]
) -> Iterator[str]:
    """Yield every marked-content sequence the structure tree does not reach."""
    reached = {e.obj.objgen for e in tree}
    parents = _tree(pdf.Root.StructTreeRoot.get("/ParentTree"), "/Nums")
    for content, page in zip(pages, pdf.pages, strict=True):
        number = content.page
        if content.unmarked:
            yield f"page {number}: marked content neither tagged nor artifact: {content.unmarked}"
        if content.untagged_text:
            yield f"page {number}: {content.untagged_text} text runs neither tagged nor artifacts"
        if not content.mcids:
            continue
        slots = parents.get(int(page.obj.get("/StructParents", -1)))
        for mcid in content.mcids:
            element = slots[mcid] if slots is not None and mcid < len(slots) else None
            if not isinstance(element, pikepdf.Dictionary):
                yield f"page {number}: MCID {mcid} has no element in the /ParentTree"
            elif element.objgen not in reached:
                yield f"page {number}: MCID {mcid} belongs to a {element.S} the tree never reaches"
            elif mcid not in _mcids(element, page):
                yield f"page {number}: MCID {mcid}'s element ({element.S}) does not list it"


def _mcids(element: Any, page: Any) -> set[int]:
    """Return the MCIDs an element's /K lists on `page`."""
    found = set()
    for kid in _kids(element):
        if isinstance(kid, int):
            found.add(int(kid))
        elif (
            isinstance(kid, pikepdf.Dictionary)
            and kid.get("/Type") == "/MCR"
            and kid.get("/Pg", element.get("/Pg")) == page.obj
        ):
            found.add(int(kid.MCID))
    return found


def table_findings(tree: list[Element]) -> Iterator[str]:
    """Yield each /Table with more than one header: a table split where a page breaks."""
    for element in tree:
        if element.tag == "/Table":
            heads = [k for k in _kids(element.obj) if isinstance(k, pikepdf.Dictionary)]
            count = sum(k.get("/S") == "/THead" for k in heads)
            if count > 1:
                yield f"a /Table has {count} header groups (/THead): one table made of several"


def tables(pdf: pikepdf.Pdf) -> list[set[int]]:
    """Return, for each /Table of `pdf`, the numbers of the pages its rows are drawn on."""
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
    found = []
    for element in elements(pdf):
        if element.tag == "/Table":
            found.append(_pages_of(element.obj, pages))
    return found


def _pages_of(element: Any, pages: dict[tuple[int, int], int]) -> set[int]:
    """Return the pages the content of an element and its descendants lies on."""
    found = set()
    if "/Pg" in element and any(isinstance(k, int) for k in _kids(element)):
        found.add(pages[element.Pg.objgen])
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found |= _pages_of(kid, pages)
    return found


def figure_findings(
    pdf: pikepdf.Pdf, tree: list[Element], pages: list[PageContent]
) -> Iterator[str]:
    """Yield each figure whose /BBox is not inside its page or misses what it draws."""
    numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    for element in tree:
        if element.tag != "/Figure":
            continue
        box = _attributes(element.obj).get("/BBox")
        if box is None or "/Pg" not in element.obj:
            yield f"a figure ({_text_of(element.obj)}) has no /BBox or no page"
            continue
        x1, y1, x2, y2 = (float(v) for v in box)
        index = numbers[element.obj.Pg.objgen]
        mx1, my1, mx2, my2 = (float(v) for v in pdf.pages[index].mediabox)
        name = f"page {index + 1}: figure {_text_of(element.obj)!r} /BBox {[x1, y1, x2, y2]}"
        if not (mx1 <= x1 < x2 <= mx2 and my1 <= y1 < y2 <= my2):
            yield f"{name} is not inside the page {[mx1, my1, mx2, my2]}"
            continue
        drawn = [
            b
            for mcid in _mcids(element.obj, pdf.pages[index])
            for b in pages[index].drawn.get(mcid, [])
        ]
        for dx1, dy1, dx2, dy2 in drawn:
            if not (
                x1 - TOLERANCE <= dx1
                and y1 - TOLERANCE <= dy1
                and dx2 <= x2 + TOLERANCE
                and dy2 <= y2 + TOLERANCE
            ):
                yield f"{name} does not hold what it draws at {[dx1, dy1, dx2, dy2]}"


def catalog_findings(pdf: pikepdf.Pdf, language: str) -> Iterator[str]:
    """Yield what the catalog and trailer lack: tagging, language, outline view, /ID."""
    root = pdf.Root
    if "/StructTreeRoot" not in root or not root.get("/MarkInfo", {}).get("/Marked"):
        yield "not tagged: no /StructTreeRoot or /MarkInfo /Marked"
    if str(root.get("/Lang", "")) != language:
        yield f"/Lang is {str(root.get('/Lang', '')) or 'missing'}, not {language}"
    if "/Outlines" in root and root.get("/PageMode") != "/UseOutlines":
        yield "an outline, but no /PageMode /UseOutlines to show it on opening"
    if "/ID" not in pdf.trailer:
        yield "no trailer /ID"


def hex_of(rgb: tuple[float, float, float]) -> str:
    """Return an RGB colour of 0-1 channels as #RRGGBB."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def contrast_findings(pages: list[PageContent], names: dict[str, str]) -> Iterator[str]:
    """Yield each text colour on a background with too little contrast, once per pair."""
    seen = set()
    for text in (t for content in pages for t in content.texts):
        fg, bg = hex_of(text.colour), hex_of(text.background)
        need = _needed(text)
        ratio = colour.contrast(fg, bg)
        if ratio < need - 0.005 and (fg, bg, need) not in seen:
            seen.add((fg, bg, need))
            yield (
                f"page {text.page}: text {names.get(fg, fg)} on {names.get(bg, bg)} is "
                f"{ratio:.2f}:1, below {need}:1 ({text.size:.1f} pt)"
            )


def _needed(text: Text) -> float:
    """Return the contrast WCAG 1.4.3 asks of text of that size and weight."""
    bold = "Bold" in text.font
    large = text.size >= LARGE - 0.05 or (bold and text.size >= 14 - 0.05)
    return colour.GRAPHIC_CONTRAST if large else colour.TEXT_CONTRAST


def contents(pdf: pikepdf.Pdf) -> list[PageContent]:
    """Return what every page of `pdf` draws."""
    return [page_content(pdf, i) for i in range(len(pdf.pages))]


def findings(path: Path, language: str, names: dict[str, str] | None = None) -> list[str]:
    """Return every problem our checks find in the PDF at `path` (none when it passes)."""
    with pikepdf.open(path) as pdf:
        found = list(catalog_findings(pdf, language))
        if "/StructTreeRoot" not in pdf.Root:
            return found
        tree, pages = elements(pdf), contents(pdf)
        found += structure_findings(pdf, tree)
        found += content_findings(pdf, tree, pages)
        found += table_findings(tree)
        found += figure_findings(pdf, tree, pages)
        found += contrast_findings(pages, names or {})
    return found
