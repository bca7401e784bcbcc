"""Import WeasyPrint once, with every run-time patch of it (and of pydyf) in this module.

Each patch names what it works around and the library versions it was checked against
(`CHECKED`); a test fails when an installed version is not one of them, so that an upgrade
re-examines each patch, and removes it where the library has fixed the problem.

- Library search (WeasyPrint, Kozea/WeasyPrint#1125): WeasyPrint tries several names for
  each C library (gobject, pango, harfbuzz...). On Linux every name that misses makes
  ctypes' `find_library` run `ldconfig`, `gcc` and `ld`: 0.15 s of a 0.45 s import. The
  names with a file suffix in the same lists (`libpango-1.0.so.0`, `.dylib`, `.dll`) load
  directly through the system's loader, so the search is switched off for a first attempt;
  where that attempt fails, WeasyPrint is imported again with the search, exactly as it
  would be.
- Layout contexts (WeasyPrint): a document's layout context is dropped once its pages are
  made; it is kept, so that a chapter's pages can be numbered again (`numbering`), without
  the styles it computed for every element, which its pages no longer read
  (`numbering.forget_element_styles`, reading StyleFor's `_computed_styles`).
- Pages drawn once (WeasyPrint draws every page at every write): a kept chapter's page
  replays what drawing it gave, checked against what it read of the pages before; see
  `replay`.
- Links to another part (WeasyPrint drops a link to an anchor its document lacks): a long
  publication drawn in parts keeps them, by name; see `part`.
- Running strings carried (WeasyPrint starts each layout with no named string): a piece of
  a long chapter shows in its running head the string the piece before it ended with;
  see `numbering.carry_strings`.
- Page references (pydyf, no upstream issue yet): see `_memoize_page_references`.
- Compression (pydyf): a stream written again, byte for byte, is not compressed again, and
  none of content ends with a carriage return; see `_remember_compression`, `endings`.
- Colour profiles (WeasyPrint, no upstream issue yet): the archival variant opens its sRGB
  profile and never closes the file; see `_close_colour_profiles`.
- Fonts of the machine (Pango/fontconfig): WeasyPrint falls back to any installed font for a
  character the document's fonts lack, so a PDF could depend on the machine it was made on;
  the engine sees only the brand's fonts (`_only_the_brands_fonts`).
- Font folders (WeasyPrint's FontConfiguration writes faces into a folder a forked process
  shares, and `os._exit` leaves behind): a folder per process, see `fontfolders`.
- The structure tree (WeasyPrint's tagging): running heads as artifacts, a language per
  element, /ActualText for reordered scripts, one /Table and one section per table and
  section however many pages they span: see `tagging` and `wholes`.
- Archival PDFs (WeasyPrint writes one identification schema): a PDF/A file also declares
  PDF/UA-1 in the same metadata, written uncompressed (`_archival_and_accessible`).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import hashlib
import io
import os
import sys
import tempfile
import warnings
from html import escape
from typing import Any

CHECKED = {"weasyprint": ("70.0",), "pydyf": ("0.13.0",)}


def load() -> Any:
    """Return the WeasyPrint module, imported with the fast library lookup where it works,
    and every patch of this module installed (once)."""
    if "weasyprint" not in sys.modules:
        _only_the_brands_fonts()
        with warnings.catch_warnings():  # no machine font is configured: by design
            warnings.filterwarnings("ignore", "No fonts configured in FontConfig")
            _import_without_search()
            import weasyprint
    import weasyprint

    from . import numbering, part, replay, tagging

    for patch in (
        numbering.keep_layout_contexts,
        numbering.carry_strings,
        replay.install,
        part.keep_links_elsewhere,
        _memoize_page_references,
        _remember_compression,
        _close_colour_profiles,
        _archival_and_accessible,
        *tagging.PATCHES,
    ):
        if not getattr(patch, "installed", False):
            patch()
            patch.installed = True  # type: ignore[attr-defined]
    return weasyprint


FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>{folder}<cachedir>{cache}</cachedir></fontconfig>
"""
_OURS: dict[str, str] = {}  # the configuration this process wrote, while it is in use


def _only_the_brands_fonts() -> None:
    """Give fontconfig, before WeasyPrint starts it, a configuration with no font folder.

    The brand's fonts reach WeasyPrint through @font-face, and each engine adds the brand's
    font folder (`fonts_of`); with the machine's fonts out of sight, a character the brand
    lacks can never be drawn in some other font by chance. A FONTCONFIG_FILE the user set
    is kept as it is.
    """
    if "FONTCONFIG_FILE" not in os.environ:
        fonts_of(None)


def fonts_of(folder: str | None) -> None:
    """Point fontconfig at a configuration whose only fonts are those of `folder`.

    The configuration and fontconfig's cache of the folder live in the user's cache folder,
    named by what they describe (the folder, and each font file's name, size and date), so
    the next process reads the cache instead of scanning every font again, a changed font
    gets a cache of its own, and nothing is left behind per run.
    """
    if "FONTCONFIG_FILE" in os.environ and os.environ["FONTCONFIG_FILE"] != _OURS.get("file"):
        return  # the user's own configuration
    place = _OURS.get("place") or _cache_folder()
    state = hashlib.sha256(repr((folder, _font_files(folder))).encode()).hexdigest()[:16]
    dirs = f"<dir>{escape(folder)}</dir>" if folder else ""
    text = FONTCONFIG.format(folder=dirs, cache=os.path.join(place, f"cache-{state}"))
    path = os.path.join(place, f"fonts-{state}.conf")
    if not os.path.isfile(path):
        new = f"{path}.{os.getpid()}"  # processes may share the file: none reads it half-written
        with open(new, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(new, path)
    _OURS.update(place=place, file=path)
    os.environ["FONTCONFIG_FILE"] = path


def _cache_folder() -> str:
    """Return the user's folder for fontconfig's files, or a new temporary one."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    place = os.path.join(base, "pipeline-fontconfig")
    try:
        os.makedirs(place, mode=0o700, exist_ok=True)
        if os.access(place, os.W_OK):
            return place
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="pipeline-fontconfig-")


def _font_files(folder: str | None) -> list[tuple[str, int, int]]:
    """Return the name, size and modification time of each file in `folder`."""
    if folder is None:
        return []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        return [(e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file()]
    except OSError:
        return []


def _import_without_search() -> None:
    """Import WeasyPrint with `find_library` finding nothing; undo a failed attempt."""
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its "could not import" advice
            import weasyprint  # noqa: F401
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search


def _memoize_page_references() -> None:
    """Make pydyf's `PDF.page_references` remember its tuple until a page is added.

    pydyf 0.13 rebuilds the tuple of every page's reference on each access, and WeasyPrint's
    tagging reads it once per structure element: quadratic in pages (a 300-page plan spent
    most of its writing time there). The tuple only changes when a page is added.
    """
    import pydyf

    if getattr(pydyf.PDF, "_references_memoized", False):
        return
    compute = pydyf.PDF.page_references.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_page_references")
        if cached is None or cached[0] != kids:
            cached = pdf.__dict__["_page_references"] = (kids, compute(pdf))
        return cached[1]  # type: ignore[no-any-return]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._references_memoized = True


KEPT_COMPRESSED = 32 << 20  # bytes of streams (before and after) a process remembers
_COMPRESSED: dict[bytes, bytes] = {}  # oldest first
_KEPT = [0]  # the bytes _COMPRESSED holds


def _remember_compression() -> None:
    """Make pydyf compress the same stream bytes once per process.

    pydyf 0.13 compresses every stream at zlib's level 9 each time it writes a file; a warm
    rebuild writes the pages it replayed (`replay`) and the fonts no edit changed byte for
    byte again. The latest results are kept by their uncompressed bytes; the property is
    pydyf's own otherwise, but that a stream of content or a font program never ends with a
    carriage return (`endings`).
    """
    import zlib

    import pydyf

    def compressed(raw: bytes) -> bytes:
        done = _COMPRESSED.get(raw)
        if done is None:
            compressor = zlib.compressobj(level=9)
            done = compressor.compress(raw) + compressor.flush()
            size = len(raw) + len(done)
            if size <= KEPT_COMPRESSED // 8:
                _COMPRESSED[raw], _KEPT[0] = done, _KEPT[0] + size
            while _KEPT[0] > KEPT_COMPRESSED:
                oldest = next(iter(_COMPRESSED))
                _KEPT[0] -= len(oldest) + len(_COMPRESSED.pop(oldest))
        return done

    def data(stream: Any) -> bytes:
        raw = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
        extra = pydyf.Dictionary(stream.extra.copy())
        raw = _ending_well(raw, extra, stream.compress)
        if stream.compress:
            extra["Filter"] = "/FlateDecode"
            raw = compressed(raw)
        extra["Length"] = len(raw)
        return b"\n".join((extra.data, b"stream", raw, b"endstream"))

    pydyf.Stream.data = property(data)


CONTENT_TYPES = (None, "/ObjStm", "/XObject")  # a page's content, an object stream, a form


def _ending_well(raw: bytes, extra: Any, compressed: bool) -> bytes:
    """Return the bytes of a pydyf stream padded not to end with a carriage return, where
    its kind (content, a form, an object stream, a font program) allows; update `extra`."""
    from . import endings

    if "Length1" in extra and extra["Length1"] == len(raw):  # a font program
        raw = endings.padded(raw, endings.FONT, compressed)
        extra["Length1"] = len(raw)
    elif _is_content(extra):
        raw = endings.padded(raw, endings.CONTENT, compressed)
    return raw


def _is_content(extra: Any) -> bool:
    """Return whether a pydyf stream holds content (a page's, a form's) or objects."""
    kind, subtype = extra.get("Type"), extra.get("Subtype")
    return kind in CONTENT_TYPES and subtype in (None, "/Form") and "N" not in extra  # no ICC


def _close_colour_profiles() -> None:
    """Make WeasyPrint's `ColorProfile` close the file it reads its profile from.

    WeasyPrint 70 passes `open(sRGB2014.icc)` to `ColorProfile`, which reads it through
    Pillow and keeps no reference to close it: one file left open per archival PDF.
    """
    from weasyprint.css import ColorProfile

    if getattr(ColorProfile, "_closes_its_file", False):
        return
    initialise = ColorProfile.__init__

    def closing(profile: Any, file_object: Any, *args: Any, **kwargs: Any) -> None:
        try:
            initialise(profile, file_object, *args, **kwargs)
        finally:
            if hasattr(file_object, "close"):
                file_object.close()

    ColorProfile.__init__ = closing
    ColorProfile._closes_its_file = True


UA_EXTENSION = """<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def _archival_and_accessible() -> None:
    """Make a PDF/A file's metadata declare PDF/UA-1 too, and leave it uncompressed.

    WeasyPrint writes one identification schema per variant; an archival file that is also
    tagged for PDF/UA declares both, with the extension schema PDF/A asks for. PDF/A-2 and
    -3 allow compressed metadata but checkers stumble on it, so it is written plain.
    """
    from xml.etree import ElementTree

    from weasyprint.pdf.metadata import NS, DocumentMetadata

    for prefix, uri in (
        ("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
        ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
        ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"),
    ):
        ElementTree.register_namespace(prefix, uri)
    generate, include = DocumentMetadata.generate_rdf_metadata, DocumentMetadata.include_in_pdf

    def generate_with_ua(self: Any, variant: Any, version: Any, conformance: Any) -> Any:
        data = generate(self, variant, version, conformance)
        if variant != "a":
            return data
        rdf = ElementTree.fromstring(data)
        description = ElementTree.SubElement(rdf, f"{{{NS['rdf']}}}Description")
        description.attrib[f"{{{NS['rdf']}}}about"] = ""
        description.attrib[f"{{{NS['pdfuaid']}}}part"] = "1"
        rdf.append(ElementTree.fromstring(UA_EXTENSION))
        return ElementTree.tostring(rdf, encoding="utf-8")

    def include_uncompressed(
        self: Any, pdf: Any, variant: Any, version: Any, conformance: Any, compress: Any
    ) -> Any:
        return include(self, pdf, variant, version, conformance, compress and variant != "a")

    DocumentMetadata.generate_rdf_metadata = generate_with_ua
    DocumentMetadata.include_in_pdf = include_uncompressed
