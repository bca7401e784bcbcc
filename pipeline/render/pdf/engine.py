"""The WeasyPrint engine every PDF goes through: strict, bounded, reading only project assets.

One engine per process (a warm `watch` keeps it): WeasyPrint imported once, the brand's fonts
registered once, each stylesheet parsed once, and laid-out pages kept for reuse (`pages`).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, NamedTuple

from ... import files
from ...context import Context
from ...errors import BuildError, SourcesInvalid
from ...model.brand import Brand, needed_typefaces
from ..css import brand_css
from ..sources import SourceIndex
from ..timeout import time_limit
from . import fontfolders, pagination
from .book import Shelf, bind
from .chapters import split
from .pages import PageCache
from .pagination import Path, paths
from .parts import Printed, print_parts

STYLESHEET_MAX_BYTES = 1_000_000
ENGINE_START = 35  # importing WeasyPrint, in 1/100 s: what a process pays to render any PDF
LAYOUTS_KEPT = 2  # laid-out documents an engine keeps for another edition of the same


class LaidOut(NamedTuple):
    """A laid-out WeasyPrint document, the HTML tree it was laid out from, and the layout's
    context (what its margins are made from, should its pages be numbered again)."""

    document: Any
    root: Any
    context: Any

    def where(self) -> dict[int, Path]:
        """Return the path of every element of the tree, by id()."""
        return paths(self.root)


def pdf_inputs(brand: Brand, stylesheets: Iterable[str]) -> tuple[str, ...]:
    """Return the styles/ files a PDF reads: its stylesheets, the brand's fonts and logo."""
    return tuple(f"styles/{name}" for name in (*stylesheets, *brand.font_files, brand.logo))


class Engine:
    """Render HTML to PDF with the project's fonts, reading nothing but its own assets."""

    def __init__(self, context: Context) -> None:
        from .patches import fonts_of, load

        weasyprint = load()  # before the fetcher, which imports WeasyPrint's URL helpers
        from .fetcher import SafeFetcher

        self.context = context
        self.weasyprint = weasyprint
        self.fetcher = SafeFetcher([context.styles], context.root)
        fonts_of(str((context.styles / "fonts").resolve()))  # the brand's, not the machine's
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "No fonts configured in FontConfig")
            self.fonts = weasyprint.text.fonts.FontConfiguration()
        fontfolders.give_folder(self.fonts)  # this process's, not shared with its children
        self.sheets: dict[str, Any] = {}
        self.texts: dict[str, tuple[int | None, str]] = {}
        self.pages = PageCache()
        self.index: tuple[object, SourceIndex] | None = None
        self.layouts: dict[tuple[object, ...], LaidOut] = {}
        self.shelf = Shelf()
        gc.freeze()  # WeasyPrint, the fonts: kept for good, never scanned again by the collector

    def stylesheet(self, css: str, what: str = "the brand's stylesheet") -> Any:
        """Return `css` parsed with the project's fonts; each text is parsed once per process."""
        if css not in self.sheets:
            try:
                with self.strict(what), _font_reasons(self.context.root.as_uri() + "/"):
                    sheet = self.weasyprint.CSS(
                        string=css,
                        base_url=self.context.styles.as_uri() + "/",
                        url_fetcher=self.fetcher,
                        font_config=self.fonts,
                    )
            except BuildError:
                # the font configuration keeps a face it could not load as added: a new
                # engine tries again rather than this one passing over it next time
                _ENGINES.clear()
                raise
            self.sheets[css] = sheet
        return self.sheets[css]

    def stylesheets(self, names: Iterable[str], text: str) -> list[Any]:
        """Return the brand CSS for a document with characters `text`, then `styles/` files."""
        loaded = self.context.loaded
        faces = needed_typefaces(loaded.brand, loaded.coverage, set(text))
        sheets = [self.stylesheet(brand_css(loaded.brand, faces))]
        return sheets + [self.stylesheet(self._read(name), f"styles/{name}") for name in names]

    def _read(self, name: str) -> str:
        """Return the text of a stylesheet in styles/, read again only when it changed."""
        rel = f"styles/{name}"
        try:
            info = files.check_file(self.context.root, rel, STYLESHEET_MAX_BYTES).stat()
            stamp = files.settled_time(info)  # None: saved too recently to tell
            if stamp is None or self.texts.get(name, (None, ""))[0] != stamp:
                text = files.read_text(self.context.root, rel, STYLESHEET_MAX_BYTES)
                self.texts[name] = (stamp, text)
        except files.Refused as exc:
            raise BuildError(str(exc)) from None
        return self.texts[name][1]

    def render(self, html: str, sheets: list[Any], what: str) -> Any:
        """Return the laid-out document of `html` (its parsing bounded in time too)."""
        return self.layout(html, sheets, what).document

    def layout(self, html: str, sheets: list[Any], what: str) -> LaidOut:
        """Return `html` laid out with its parsed tree; the latest few are kept, so that
        the editions that share a layout (the PDF and the Word plan) lay it out once."""
        key = (html, tuple(map(id, sheets)), self.context.options.pdf_variant)
        if key not in self.layouts:
            laid_out = self.lay_out(html, sheets, what)
            while len(self.layouts) >= LAYOUTS_KEPT:
                self.layouts.pop(next(iter(self.layouts)))
            self.layouts[key] = laid_out
        return self.layouts[key]

    def lay_out(self, html: str, sheets: list[Any], what: str) -> LaidOut:
        """Return `html` laid out now, checked by the preflight."""
        from .numbering import context_of_latest, forget_element_styles

        with self.strict(what), collector_paused():
            source = self.weasyprint.HTML(
                string=html,
                base_url=self.context.styles.as_uri() + "/",
                url_fetcher=self.fetcher,
            )
            rendered = source.render(
                stylesheets=sheets,
                font_config=self.fonts,
                pdf_variant=self.context.options.pdf_variant,
                pdf_tags=True,
            )
        _refuse_attachments(rendered, what)
        self.preflight(rendered, what)
        context = context_of_latest()
        forget_element_styles(context)
        return LaidOut(rendered, source.etree_element, context)

    def print_book(self, html: str, sheets: list[Any], what: str) -> Printed:
        """Return `html` laid out chapter by chapter (each kept for the next edition): in
        parts on the machine's cores where it is long (`parts`), else bound in one document
        (`book`) and drawn when its PDF is asked for."""
        how = (tuple(map(id, sheets)), self.context.options.pdf_variant)
        lay_out = partial(self.lay_out, sheets=sheets, what=what)
        draw = partial(self._draw, what=what)
        book = split(html)
        if printed := print_parts(
            self.shelf, book, what, lay_out, how, draw, self.context.options.jobs
        ):
            return printed
        bound = bind(self.shelf, book, what, lay_out, how)
        paginate = partial(pagination.of, bound.document, bound.where())
        return Printed(len(bound.document.pages), paginate, partial(self.pdf, bound.document, what))

    def _draw(self, document: Any, ids: str, what: str) -> bytes:
        """Return a part of `what` as PDF bytes, its structure ids prefixed with `ids`."""
        return self.pdf(document, what, ids)

    def preflight(self, document: Any, what: str) -> None:
        """Refuse a layout with a broken page, naming the source values at fault."""
        from .preflight import check

        if self.index is None or self.index[0] is not self.context.loaded:
            self.index = (self.context.loaded, SourceIndex(self.context.loaded.project))
        faults = check(document.pages, what, self.index[1])
        if faults:
            raise SourcesInvalid(faults)

    def pdf(self, document: Any, what: str, ids: str = "") -> bytes:
        """Return `document` as PDF bytes in the chosen variant: tagged whatever the variant,
        with a trailer /ID made from its content, and its structure tree finished (`tags`);
        `ids` prefixes its structure ids, to keep them unique in a merge with other PDFs."""
        from functools import partial

        from . import tags

        with self.strict(what), _font_timestamp(document.metadata.created), collector_paused():
            data: bytes = document.write_pdf(
                pdf_variant=self.context.options.pdf_variant,
                pdf_tags=True,
                pdf_identifier=True,
                finisher=partial(tags.finish, ids=ids),
            )
        return data

    @contextmanager
    def strict(self, what: str) -> Iterator[None]:
        """Turn WeasyPrint warnings, refused fetches and overlong renders into BuildErrors."""
        from .fetcher import Refused

        handler = _Collect()
        self.fetcher.imports.clear()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(handler)
        try:
            with time_limit(self.context.options.timeout, what):
                yield
        except Refused as exc:
            raise BuildError(f"{what}: {exc}") from None
        finally:
            logger.removeHandler(handler)
        if handler.messages:
            raise BuildError(f"{what}: " + "; ".join(handler.messages))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is laid out or drawn.

    A layout makes hundreds of thousands of objects that live as long as it does, and
    the collector, which runs each time enough are made, would scan them again and again
    (a quarter of a long plan's time); what they leave is collected once it resumes.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def _font_timestamp(created: str | None) -> Iterator[None]:
    """Give font subsets the document's date (fontTools reads SOURCE_DATE_EPOCH), not now.

    HarfBuzz's subsetter keeps the font's own timestamp; fontTools, WeasyPrint's fallback when
    HarfBuzz lacks one, stamps the current time unless SOURCE_DATE_EPOCH is set.
    """
    if "SOURCE_DATE_EPOCH" in os.environ or not created:
        yield
        return
    day = dt.datetime.fromisoformat(created[:10]).replace(tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(day.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _refuse_attachments(document: Any, what: str) -> None:
    """Fail when a layout asks to embed files in the PDF: a PDF carries no attachments."""
    links = [link for page in document.pages for link in page.links if link[0] == "attachment"]
    if links or document.metadata.attachments:
        raise BuildError(f"{what}: refused to attach files to the PDF")


_ENGINES: dict[tuple[object, ...], Engine] = {}


def shared_engine(context: Context) -> Engine:
    """Return this process's engine for the project, started once (a warm `watch` reuses it).

    A new engine is started when the PDF variant or any brand font file changes, since the
    font configuration keeps the fonts it has registered.
    """
    brand = context.loaded.brand
    fonts = tuple((name, (context.styles / name).stat().st_mtime_ns) for name in brand.files)
    key = (context.root, context.options.pdf_variant, fonts)
    if key not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[key] = Engine(context)
    engine = _ENGINES[key]
    engine.context = context
    return engine


@contextmanager
def _font_reasons(project: str) -> Iterator[None]:
    """Log why WeasyPrint could not load a font face, which it says at debug level only;
    `project` is the project's URL, left out of the files named."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect(logging.DEBUG)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.removeHandler(handler)
    if any(message.endswith("cannot be loaded") for message in handler.messages):
        reasons = [
            message.replace(project, "")
            for message in handler.messages
            if message.startswith("Failed to ")
        ]
        logger.warning("; ".join(dict.fromkeys(reasons)) or "no reason given")


class _Collect(logging.Handler):
    """Keep the messages of warnings and errors."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
