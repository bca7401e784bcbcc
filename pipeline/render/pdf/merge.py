"""Merge tagged PDFs made by the engine into one, keeping everything a single document has.

The first part gives the document its catalog and metadata (language, /MarkInfo, viewer
preferences, XMP with the PDF/UA and PDF/A identifiers, output intents, /Info); the
properties given override its title, subject, keywords and dates. Every part gives its pages,
in order, and what points at them, renumbered where numbers are shared by the whole file:

- one /StructTreeRoot whose /Document holds each part's top-level elements, in order;
- one /ParentTree, each later part's keys (its pages' /StructParents and annotations'
  /StructParent) moved past those before; marked-content ids are per page and stay;
- one /IDTree, one /RoleMap and /ClassMap, one outline, one tree of named destinations,
  page labels where a part has them. A name or id two parts share is an error: it would
  point at one of them only.

pikepdf (qpdf) copies each part's objects with one map per source file, so that pages and
the structure elements and outline items that point at them stay linked. The file is saved
with fixed settings and a trailer /ID made from its content: the same parts give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from . import fontshare

AMBIGUOUS = b"\r\nendstream"  # a stream whose bytes end with a carriage return, written


class MergeError(ValueError):
    """The parts cannot be merged without losing what points at one of them."""


@dataclass(frozen=True)
class Properties:
    """What the merged document says of itself, where it is not what the first part says."""

    title: str | None = None
    subject: str | None = None
    keywords: str | None = None
    date: str | None = None  # ISO 8601: when it was created and last modified


def merge(
    parts: Sequence[bytes], properties: Properties = Properties(), going_on: Sequence[int] = ()
) -> bytes:
    """Return the PDF of `parts` (tagged PDFs) merged into one, with `properties`; each part
    `going_on` (by index) goes on with the last element of the part before (`_go_on`)."""
    if not parts:
        raise MergeError("there is nothing to merge")
    sources = [pikepdf.open(io.BytesIO(data)) for data in parts]
    merged = _Merged(sources[0])
    for number, source in enumerate(sources, start=1):
        merged.add(source, number, number - 1 in going_on)
    merged.finish()
    fontshare.share(merged.pdf)
    _properties(merged.pdf, properties)
    return saved(merged.pdf)


@dataclass
class _Merged:
    """The merged file as it is built: the first part, and what each part adds to it."""

    pdf: pikepdf.Pdf
    nums: dict[int, Any] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    dests: dict[str, Any] = field(default_factory=dict)
    labels: dict[int, Any] = field(default_factory=dict)
    outline: list[Any] = field(default_factory=list)
    kids: list[Any] = field(default_factory=list)
    roles: dict[str, Any] = field(default_factory=dict)
    classes: dict[str, Any] = field(default_factory=dict)
    next_key: int = 0
    labelled: bool = False

    def add(self, source: pikepdf.Pdf, number: int, going_on: bool = False) -> None:
        """Add the pages of `source` (part `number`) and everything that points at them;
        its first element `going_on` with the last of the parts before, or not."""
        first = source is self.pdf
        start = len(self.pdf.pages) if not first else 0
        items = _items(source.Root.get("/Outlines"))
        if not first:
            _detach(source, items)
            for page in source.pages:
                self.pdf.pages.append(page)  # one copy map per part: its links stay
        local = (lambda obj: obj) if first else _copier(self.pdf)
        pages = list(self.pdf.pages)[start:]
        offset, self.next_key = self.next_key, self.next_key + _next_key(source)
        if not first:
            _renumber(pages, offset)
        self._structure(source, number, local, offset, going_on)
        self.outline += [local(item) for item in items]
        self._names(source, number, local)
        self._labels(source, start)

    def _structure(
        self, source: pikepdf.Pdf, number: int, local: Any, offset: int, going_on: bool
    ) -> None:
        """Take the part's top-level structure elements and its trees, renumbered."""
        root = source.Root.get("/StructTreeRoot")
        if root is None:
            raise MergeError(f"part {number} has no structure tree: it is not tagged")
        kids = [local(kid) for kid in _top_level(root)]
        language = source.Root.get("/Lang")
        if language is not None and language != self.pdf.Root.get("/Lang"):
            for kid in kids:
                if "/Lang" not in kid:
                    kid.Lang = language  # the part's language, where it is not the first's
        if going_on and self.kids and kids and _go_on(self.kids[-1], kids[0]):
            kids = kids[1:]
        self.kids += kids
        if "/ParentTree" in root:
            tree = local(root.ParentTree)  # in one copy: each page's elements are many
            for key, value in pikepdf.NumberTree(tree).items():
                self.nums[key + offset] = value
        if "/IDTree" in root:
            _unique(self.ids, pikepdf.NameTree(root.IDTree).items(), local, number, "structure id")
        for mine, theirs in (("/RoleMap", self.roles), ("/ClassMap", self.classes)):
            entries = ((str(key), value) for key, value in root.get(mine, Dictionary()).items())
            _same(theirs, entries, local, number, mine[1:])

    def _names(self, source: pikepdf.Pdf, number: int, local: Any) -> None:
        """Take the part's named destinations."""
        names = source.Root.get("/Names", Dictionary())
        if "/Dests" in names:
            entries = pikepdf.NameTree(names.Dests).items()
            _unique(self.dests, entries, local, number, "named destination")
        if "/Dests" in source.Root:
            raise MergeError(f"part {number} names destinations the PDF 1.1 way (/Dests)")

    def _labels(self, source: pikepdf.Pdf, start: int) -> None:
        """Take the part's page labels, or number its pages from where they fall."""
        if "/PageLabels" in source.Root:
            self.labelled = True
            for key, value in pikepdf.NumberTree(source.Root.PageLabels).items():
                self.labels[key + start] = value if start == 0 else self.pdf.copy_foreign(value)
        else:
            self.labels[start] = Dictionary(S=Name.D, St=start + 1)

    def finish(self) -> None:
        """Write the merged trees, outline and names into the catalog of the first part."""
        pdf, root = self.pdf, self.pdf.Root.StructTreeRoot
        document = _document(pdf, root, self.kids)
        for kid in self.kids:
            kid.P = document
        root.K = Array([document])
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=_flat(self.nums, int)))
        root.ParentTreeNextKey = self.next_key
        if self.roles:
            root.RoleMap = Dictionary(self.roles)  # keys are names: "/Title"
        if self.classes:
            root.ClassMap = Dictionary(self.classes)
        if self.ids:
            root.IDTree = pdf.make_indirect(Dictionary(Names=_flat(self.ids, _text)))
        if self.dests:
            names = pdf.Root.get("/Names", Dictionary())
            names.Dests = pdf.make_indirect(Dictionary(Names=_flat(self.dests, _text)))
            pdf.Root.Names = names
        if self.labelled:
            pdf.Root.PageLabels = Dictionary(Nums=_flat(self.labels, int))
        _outline(pdf, self.outline)


GROUPS = frozenset({Name.Sect, Name.Div, Name.Part, Name.Art, Name.Table, Name.TBody})


def _go_on(before: Any, later: Any) -> bool:
    """Move the kids of `later` into `before`, the element it goes on with (a section, a
    table, its body: a grouping of the same role), the first of them into the last of
    `before`'s where they go on in turn; return whether `later` went into `before`."""
    if later.get("/S") != before.get("/S") or later.get("/S") not in GROUPS:
        return False
    mine, theirs = _kids(before), _kids(later)
    if not all(_is_element(kid) for kid in [*mine, *theirs]):
        return False  # content of its own, on its own pages: not moved
    if mine and theirs and _go_on(mine[-1], theirs[0]):
        theirs = theirs[1:]
    for kid in theirs:
        kid.P = before
    before.K = Array([*mine, *theirs])
    return True


def _is_element(kid: Any) -> bool:
    """Return whether a kid of a structure element is an element (not marked content)."""
    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in (Name.MCR, Name.OBJR)


def _kids(element: Any) -> list[Any]:
    """Return the kids of a structure element, as a list."""
    kids = element.get("/K", Array())
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _copier(pdf: pikepdf.Pdf) -> Any:
    """Return a function copying an object of another file into `pdf`, with its references."""

    def local(obj: Any) -> Any:
        if isinstance(obj, pikepdf.Array) and not obj.is_indirect:
            return Array([local(item) for item in obj])
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and obj.is_indirect:
            return pdf.copy_foreign(obj)
        if isinstance(obj, pikepdf.Dictionary):
            return Dictionary({key: local(value) for key, value in obj.items()})
        return obj

    return local


def _detach(source: pikepdf.Pdf, items: list[Any]) -> None:
    """Cut the links from a part's top-level elements and outline `items` to their roots and
    to each other, so that copying one copies neither the roots (and all they hold) nor the
    others."""
    for kid in _top_level(source.Root.get("/StructTreeRoot", Dictionary())):
        if "/P" in kid:
            del kid.P
    for item in items:
        for key in ("/Parent", "/Prev", "/Next"):
            if key in item:
                del item[key]


def _top_level(root: Any) -> list[Any]:
    """Return the top-level elements of a structure tree: the kids of its /Document."""
    kids = root.get("/K", Array())
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    if len(kids) == 1 and kids[0].get("/S") == Name.Document:
        inner = kids[0].get("/K", Array())
        return list(inner) if isinstance(inner, pikepdf.Array) else [inner]
    return kids


def _document(pdf: pikepdf.Pdf, root: Any, kids: list[Any]) -> Any:
    """Return the first part's /Document element, holding `kids`, or a new one."""
    found = root.get("/K", Array())
    found = found[0] if isinstance(found, pikepdf.Array) and len(found) == 1 else found
    if not isinstance(found, pikepdf.Dictionary) or found.get("/S") != Name.Document:
        found = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    found.P = root
    found.K = Array(kids)
    return found


def _next_key(source: pikepdf.Pdf) -> int:
    """Return the first /ParentTree key a part does not use (so the next part's first)."""
    root = source.Root.get("/StructTreeRoot", Dictionary())
    used = [int(root.get("/ParentTreeNextKey", 0))]
    if "/ParentTree" in root:
        used += [key + 1 for key in pikepdf.NumberTree(root.ParentTree)]
    for page in source.pages:
        used.append(int(page.obj.get("/StructParents", -1)) + 1)
        used += [int(a.get("/StructParent", -1)) + 1 for a in page.obj.get("/Annots", Array())]
    return max(used)


def _renumber(pages: list[Any], offset: int) -> None:
    """Move the /ParentTree keys of a later part's pages and annotations by `offset`."""
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


def _unique(into: dict[str, Any], entries: Any, local: Any, number: int, what: str) -> None:
    """Add name-tree `entries` to `into`, failing on a name already there."""
    for key, value in entries:
        if key in into:
            raise MergeError(f"part {number} has the {what} {key!r} of an earlier part")
        into[key] = local(value)


def _same(into: dict[str, Any], entries: Any, local: Any, number: int, what: str) -> None:
    """Add dictionary `entries` to `into`, failing where a key already means something else."""
    for key, value in entries:
        value = local(value)
        if key in into and repr(into[key]) != repr(value):
            raise MergeError(f"part {number} maps {key} in its /{what} otherwise")
        into[key] = value


def _items(outlines: Any) -> list[Any]:
    """Return the top-level items of an outline, in order."""
    items: list[Any] = []
    item = outlines.get("/First") if outlines is not None else None
    while item is not None and len(items) < 100_000:
        items.append(item)
        item = item.get("/Next")
    return items


def _outline(pdf: pikepdf.Pdf, items: list[Any]) -> None:
    """Chain the top-level `items` under one outline root, shown when the file opens."""
    if not items:
        return
    root = pdf.make_indirect(Dictionary(Type=Name.Outlines))
    for before, item in zip([None, *items], items, strict=False):
        item.Parent = root
        for key in ("/Prev", "/Next"):
            if key in item:
                del item[key]
        if before is not None:
            item.Prev, before.Next = before, item
    root.First, root.Last = items[0], items[-1]
    root.Count = sum(1 + max(0, int(item.get("/Count", 0))) for item in items)
    pdf.Root.Outlines = root
    pdf.Root.PageMode = Name.UseOutlines


def _flat(entries: dict[Any, Any], kind: Any) -> Array:
    """Return a tree's entries as the flat, sorted array of one /Nums or /Names node."""
    keys = sorted(entries, key=(lambda k: k.encode("utf-8")) if kind is _text else int)
    return Array([item for key in keys for item in (kind(key), entries[key])])  # one copy


def _text(key: str) -> String:
    """Return a name-tree key as a PDF string."""
    return String(key)


def _properties(pdf: pikepdf.Pdf, properties: Properties) -> None:
    """Set the given title, subject, keywords and dates in /Info and in the XMP metadata."""
    info = {
        "/Title": ("dc:title", properties.title),
        "/Subject": ("dc:description", properties.subject),
        "/Keywords": ("pdf:Keywords", properties.keywords),
        "/CreationDate": ("xmp:CreateDate", properties.date),
        "/ModDate": ("xmp:ModifyDate", properties.date),
    }
    given = {key: (name, value) for key, (name, value) in info.items() if value is not None}
    if not given:
        return
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for key, (name, value) in given.items():
            xmp[name] = value
            pdf.docinfo[Name(key)] = String(_pdf_date(value) if "Date" in key else value)


def _pdf_date(iso: str) -> str:
    """Return an ISO 8601 date (and time) as a PDF date, as WeasyPrint writes it."""
    return "D:" + "".join(ch for ch in iso[:19] if ch.isdigit())


def saved(pdf: pikepdf.Pdf) -> bytes:
    """Return `pdf` saved with fixed settings: the same objects give the same bytes.

    qpdf makes the object streams itself: where one would end with a carriage return
    (`endings`) in a file that declares PDF/A, it is saved again without object streams.
    """
    data = _saved(pdf, pikepdf.ObjectStreamMode.generate)
    if AMBIGUOUS in data and _archival(pdf):
        data = _saved(pdf, pikepdf.ObjectStreamMode.disable)
    return data


def _archival(pdf: pikepdf.Pdf) -> bool:
    """Return whether a PDF declares a PDF/A part in its metadata."""
    metadata = pdf.Root.get("/Metadata")
    return metadata is not None and b"pdfaid:part" in metadata.read_bytes()


def _saved(pdf: pikepdf.Pdf, objects: pikepdf.ObjectStreamMode) -> bytes:
    """Return `pdf` saved with fixed settings, its objects in streams or not."""
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        recompress_flate=False,
        object_stream_mode=objects,
        normalize_content=False,
        linearize=False,
        qdf=False,
        fix_metadata_version=False,
    )
    return out.getvalue()
