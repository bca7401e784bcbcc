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
- Page references (pydyf, no upstream issue yet): see `_memoize_page_references`.
- Colour profiles (WeasyPrint, no upstream issue yet): the archival variant opens its sRGB
  profile and never closes the file; see `_close_colour_profiles`.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys
from typing import Any

CHECKED = {"weasyprint": ("70.0",), "pydyf": ("0.13.0",)}


def load() -> Any:
    """Return the WeasyPrint module, imported with the fast library lookup where it works."""
    if "weasyprint" not in sys.modules:
        _import_without_search()
    import weasyprint

    _memoize_page_references()
    _close_colour_profiles()
    return weasyprint


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
