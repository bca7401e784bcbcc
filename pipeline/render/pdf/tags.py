"""Finishing touches to each PDF's structure tree and catalog, where WeasyPrint stops short.

`finish(document, pdf)` is the finisher WeasyPrint calls before it writes a PDF:
- an /IDTree for the structure elements that have an /ID (ISO 32000-1 table 322), so that
  a table cell's /Headers can be resolved by a reader following the standard;
- each /Figure's /BBox in PDF points from the bottom left (WeasyPrint 70 leaves CSS pixels
  from the top left);
- the outline shown when the file opens (/PageMode /UseOutlines), where there is one;
- links printable (annotation flag 4), as PDF/UA and PDF/A ask;
- the ids of the structure elements (and the /Headers naming them) prefixed with `ids`,
  where given, so that they stay unique when the PDF is merged with others (`merge`).
"""

from __future__ import annotations

from typing import Any

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels: 96 to the inch, 72 points


def finish(document: Any, pdf: Any, ids: str = "") -> None:
    """Complete the structure tree and catalog of `pdf` (the PDF of `document`)."""
    import pydyf

    if "Outlines" in pdf.catalog:
        pdf.catalog["PageMode"] = "/UseOutlines"
    elements = [obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)]
    for obj in elements:
        if obj.get("Type") == "/Annot" and "F" not in obj:
            obj["F"] = 4
    if "StructTreeRoot" not in pdf.catalog:
        return
    pages = {reference: index for index, reference in enumerate(pdf.page_references)}
    for obj in elements:
        if obj.get("S") == "/Figure" and "BBox" in obj.get("A", {}):
            height = document.pages[pages[obj["Pg"]]].height
            x1, y1, x2, y2 = (float(value) for value in obj["A"]["BBox"])
            obj["A"]["BBox"] = pydyf.Array(
                [x1 * PX_TO_PT, (height - y2) * PX_TO_PT, x2 * PX_TO_PT, (height - y1) * PX_TO_PT]
            )
    structure = [obj for obj in elements if obj.get("Type") == "/StructElem"]
    if ids:
        _prefix_ids(structure, ids)
    _id_tree(pdf, [obj for obj in structure if "ID" in obj])


def _prefix_ids(structure: list[Any], prefix: str) -> None:
    """Put `prefix` before each element's /ID and each id its /Headers name."""
    import pydyf

    for element in structure:
        if "ID" in element:
            element["ID"] = pydyf.String(prefix + element["ID"].string)
        attributes = element.get("A")
        for owner in attributes if isinstance(attributes, list) else [attributes]:
            if isinstance(owner, dict) and "Headers" in owner:
                names = (pydyf.String(prefix + name.string) for name in owner["Headers"])
                owner["Headers"] = pydyf.Array(names)


def _id_tree(pdf: Any, identified: list[Any]) -> None:
    """Add the name tree of every identified structure element to the structure root."""
    import pydyf

    if not identified:
        return
    names = pydyf.Array()
    for element in sorted(identified, key=lambda e: e["ID"].string.encode("utf-8")):
        names.extend([element["ID"], element.reference])
    tree = pydyf.Dictionary({"Names": names})
    pdf.add_object(tree)
    root = pdf.objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
    root["IDTree"] = tree.reference
