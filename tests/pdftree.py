"""Read a tagged PDF's structure back with pikepdf, as a reader following ISO 32000 does.

`faults(pdf)` lists what does not resolve: a page's /StructParents or an annotation's
/StructParent missing from the /ParentTree or naming elements of another page, an
element whose /P is not its parent, a /Headers id the /IDTree does not know.
"""

from __future__ import annotations

from typing import Any

import pikepdf


def roots(pdf: pikepdf.Pdf) -> int:
    """Return how many structure tree roots the file holds (a reader uses the catalog's)."""
    return sum(
        1
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructTreeRoot"
    )


def elements(pdf: pikepdf.Pdf) -> list[Any]:
    """Return every structure element reached from the root, in document order."""
    found: list[Any] = []

    def walk(element: Any) -> None:
        found.append(element)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    walk(pdf.Root.StructTreeRoot.K[0])
    return found


def faults(pdf: pikepdf.Pdf) -> list[str]:
    """Return each key, parent or id of the structure tree that does not resolve."""
    root = pdf.Root.StructTreeRoot
    tree = pikepdf.NumberTree(root.ParentTree)
    ids = pikepdf.NameTree(root.IDTree) if "/IDTree" in root else {}
    found = []
    for number, page in enumerate(pdf.pages, start=1):
        key = int(page.obj.StructParents)
        marked = tree.get(key)
        if marked is None or any(e.Pg.objgen != page.obj.objgen for e in marked if e is not None):
            found.append(f"page {number}: /StructParents {key} is not its elements")
        for annotation in page.obj.get("/Annots", []):
            key = int(annotation.StructParent)
            element = tree.get(key)
            kids = element.K if element is not None else []
            objects = [
                k.Obj.objgen for k in kids if isinstance(k, pikepdf.Dictionary) and "/Obj" in k
            ]
            if annotation.objgen not in objects or element.Pg.objgen != page.obj.objgen:
                found.append(f"page {number}: /StructParent {key} is not its link")
    if len(tree) and int(root.ParentTreeNextKey) <= max(tree.keys()):
        found.append("/ParentTreeNextKey is not past every key")
    for element in elements(pdf):
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if (
                isinstance(kid, pikepdf.Dictionary)
                and "/S" in kid
                and kid.P.objgen != element.objgen
            ):
                found.append(f"{kid.S} does not name its parent {element.S}")
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary):
            for name in attributes.get("/Headers", []):
                target = ids.get(str(name))
                if target is None or str(target.ID) != str(name):
                    found.append(f"/Headers names {name}, which the /IDTree does not resolve")
    keys = list(ids.keys())
    if keys != sorted(keys, key=lambda k: k.encode()):
        found.append("the /IDTree is not sorted")
    return found


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """Return each bookmark as (depth, title, index of the page it goes to)."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[tuple[int, str, int]] = []

    def walk(items: Any, depth: int) -> None:
        for item in items:
            found.append((depth, item.title, pages[item.destination[0].objgen]))
            walk(item.children, depth + 1)

    walk(pdf.open_outline().root, 0)  # read only: never saved back
    return found
