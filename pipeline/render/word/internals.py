"""The python-docx internals the Word package relies on, each in one place, with its check.

python-docx 1.2 has no public way to do these; each is guarded, and `CHECKED` names the
versions they were verified against (a test fails on any other, so an upgrade re-examines
them):

- `PackageWriter._write_*`: serialise the package's members without zipping twice (with a
  fallback to saving and reading the zip back, should the steps be renamed); a part whose
  bytes are known (one shared with the branded blank) is handed over as a stand-in with
  the `partname`, `blob` and `rels` that `_write_parts` reads;
- `Part._blob`: replace the extended properties (`app.xml`), which python-docx copies from
  its template with an application version and counts;
- `StyleFactory` and `CT_Styles.add_style_of_type`: make a style python-docx knows by name.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any, cast

from docx.opc.pkgwriter import PackageWriter
from docx.styles.style import StyleFactory

CHECKED = {"python-docx": ("1.2.0",)}
WRITER_STEPS = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")


class _Members(dict[str, bytes]):
    """Stand in for python-docx's zip writer: keep each member's bytes by name, unzipped."""

    def write(self, uri: Any, blob: bytes) -> None:
        self[uri.membername] = blob


class _Fixed:
    """Stand in for a part whose serialised bytes are known: python-docx writes `blob`."""

    def __init__(self, part: Any, blob: bytes) -> None:
        self.partname, self.rels, self.blob = part.partname, part.rels, blob


def members(document: Any, fixed: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Return the package's members as python-docx serialises them, without zipping twice;
    the parts named in `fixed` have the bytes it gives, and are not serialised again."""
    fixed = fixed or {}
    package = document.part.package
    parts = list(package.parts)
    writer = cast(Any, PackageWriter)
    if not all(hasattr(writer, step) for step in WRITER_STEPS):
        return saved_members(document)
    for part in parts:
        if part.partname not in fixed:
            part.before_marshal()
    found = _Members()
    writer._write_content_types_stream(found, parts)
    writer._write_pkg_rels(found, package.rels)
    known = [_Fixed(p, fixed[p.partname]) if p.partname in fixed else p for p in parts]
    writer._write_parts(found, known)
    return found


def saved_members(document: Any) -> dict[str, bytes]:
    """Return the package's members by saving the document and reading its zip back."""
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as source:
        return {name: source.read(name) for name in source.namelist()}


def replace_part(document: Any, partname: str, blob: bytes) -> None:
    """Give the package's part `partname` (such as /docProps/app.xml) the bytes `blob`."""
    for part in document.part.package.iter_parts():
        if part.partname == partname:
            part._blob = blob


def new_style(styles: Any, name: str, kind: Any, builtin: bool) -> Any:
    """Return a new style `name` of `kind` added to the document's styles."""
    return StyleFactory(styles.element.add_style_of_type(name, kind, builtin))
