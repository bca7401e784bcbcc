"""A publication's HTML (what its templates make) translated into a Word document.

The PDF is this same HTML laid out by WeasyPrint; here each element becomes the Word
construct that says the same: a named style, a native table, a field, a section. The
templates use a small set of elements, and the classes below say what they are:

    section[data-page]     a new page (and Word section); "cover" and "back" pages too, on
                           the primary colour; with the PDF's `Pagination`, a new section
                           wherever a PDF page starts, headed as that page is
    nav.contents           the table of contents (a TOC field, entries linked to headings,
                           with the PDF's page numbers)
    p.running-title/-page  the running footer, page numbers as PAGE and NUMPAGES fields
    header.letterhead      the page header of a notice: logo beside wordmark, address
    h1, h2, p, li          a paragraph style: by class (`STYLES`), else by element
    div.wordmark, img      the logo, described for screen readers, and the wordmark lines
    h1.cover-title         the cover's title, a word a line; with p.cover-foot, the spaces
                           that a title longer than three lines takes its room from
    table.activities       a native table; table.facts: one "Label<tab>value" line per row
    div.facts-block        the facts, and the QR code beside them in a borderless table
    ul, ol                 a paragraph per item, in the list's style (by class) or bulleted;
                           its strong text in the style's lead phrase (`LEAD_PHRASES`)
    dl.purpose-key         a key line per purpose; figure.qr: a QR code and its caption
    em, strong, sup, br    italic, bold, superscript runs and line breaks
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from ...context import Context
from ...errors import SourcesInvalid
from ...model.language import is_rtl
from .. import qr
from ..pdf.pagination import Pagination, path_of
from . import blank, blocks, contents, document, fonts, inline, pictures, preflight, repeats, tables
from .brandfiles import brand_bytes
from .styles import COVER_LINES, COVER_SPACES, FACT_GAP, TEXT_WIDTH, TITLE_PITCH
from .vocabulary import (
    DARK_PAGES,
    LEAD_PHRASES,
    LINES,
    LOCKUP_WIDTHS,
    LOGO_BOXES,
    ON_PRIMARY,
    QR_BOX,
    QR_COLUMN,
    classes,
    style_by_class,
    style_of,
)
from .xml import TABLE_STYLE, right_to_left


class Translator:
    """Translate one publication's HTML into a Word document."""

    def __init__(
        self, context: Context, pages: Pagination | None = None, output: str = "the Word file"
    ) -> None:
        self.context = context
        self.output = output  # the file it becomes, for the preflight's messages
        self.pages = pages
        self.page_number = 1
        self.dark: list[int] = []
        self.document = document.new_document(context)
        loaded = context.loaded
        self.setting = inline.Setting(
            loaded.project.office.language, inline.faces_of(loaded.brand, loaded.coverage)
        )
        self.anchors: dict[str, str] = {}
        self.cover_spaces: tuple[float, float] = COVER_SPACES  # above the cover's title, its foot
        self.started = False
        self.page = ""

    def publication(self, html: str) -> bytes:
        """Return the Word document of an HTML publication (a plan, with its head)."""
        import lxml.html

        root = lxml.html.document_fromstring(html)
        body = root.find("body")
        self.anchors = contents.anchors(body)
        contents.add_footer(self.document, body, self.setting)
        for element in body:
            self.block(element)
        self._paint_dark_pages()
        head = root.find("head")
        meta = {m.get("name"): m.get("content") for m in head.iterfind("meta")}
        return self._finish(
            title=inline.text(head.find("title")),
            author=meta["author"],
            subject=meta["description"],
            keywords=meta["keywords"],
            day=meta["dcterms.created"],
        )

    def notice(self, html: str) -> bytes:
        """Return the Word document of a release notice (an article of `notice.html.j2`)."""
        import lxml.html

        article = lxml.html.fragment_fromstring(html)
        if is_rtl(self.context.loaded.project.office.language):
            article.set("dir", article.get("dir", "rtl"))  # as the page the PDF sets it in
        blank.notice_page(self.document.sections[0])
        for element in article:
            self.block(element)
        footer = blocks.page_footer(self.document.sections[0])
        blocks.add_runs(footer, self._runs(article.find(".//p[@class='notice-meta']")))
        return self._finish(
            title=article.get("data-title"),
            author=self._office.name,
            subject=article.get("data-subject"),
            keywords=article.get("data-keywords"),
            day=article.get("data-date"),
            one_page=True,
        )

    @property
    def _office(self) -> Any:
        return self.context.loaded.project.office

    def _finish(
        self,
        *,
        title: str,
        author: str,
        subject: str,
        keywords: str,
        day: str,
        one_page: bool = False,
    ) -> bytes:
        """Check the document's geometry, set the properties the publication gives itself;
        return the document's bytes."""
        import datetime as dt

        self._preflight(one_page)
        date = dt.date.fromisoformat(day)
        fonts.embed(self.document, self.context)
        document.set_properties(
            self.document,
            title=title,
            author=author,
            subject=subject,
            keywords=[keywords],
            day=date,
            editor=self._office.short_name,
            language=self._office.language,
        )
        return document.reproducible_bytes(self.document, date)

    def _preflight(self, one_page: bool) -> None:
        """Refuse a document whose tables or pictures do not fit their pages (`preflight`)."""
        brand = self.context.loaded.brand
        logo = (self._logo().getvalue(), brand.where["logo_raster"])
        faults = preflight.check(self.document, self.output, logo, one_page)
        if faults:
            raise SourcesInvalid(faults)

    def block(self, element: Any) -> None:
        """Add one block element (and what it holds) to the document."""
        if (
            not isinstance(element.tag, str)
            or "running-title" in classes(element)
            or ("running-page" in classes(element))
        ):
            return
        key = self._repeat_key(element)
        if key is not None and repeats.replay(self.document, key):
            self.started = True
            return
        with repeats.recording(self.document, key):
            self._block(element)

    def _repeat_key(self, element: Any) -> Any:
        """Return the key under which the element's Word elements are remembered (None
        where they are not: a document paged as its PDF, with contents, or a new page)."""
        if self.pages is not None or self.anchors or element.get("data-page"):
            return None
        return repeats.key_of(self.document, element, self.page, self.started, self.setting)

    def _block(self, element: Any) -> None:
        """Translate one block element into the document, as the first time it is met."""
        page = element.get("data-page")
        opens = self.pages.start(path_of(element)) if self.pages else None
        if (page or opens) and self.started:
            document.new_page_section(self.document)
        self.page = page or self.page
        if opens:
            self.page_number = opens
            self._header(self.pages.headers[opens - 1] if self.pages else "")
        if page in DARK_PAGES:
            self._dark_page()
        handler: Handler = HANDLERS.get(element.tag, Translator._paragraph)
        for name in classes(element):
            handler = CLASS_HANDLERS.get(name, handler)
        handler(self, element)
        self.started = True

    def _runs(self, element: Any) -> inline.Inline:
        """Return the inline content of an element as runs, set against the document's."""
        return inline.runs(element, self.setting)

    def _header(self, words: str) -> None:
        """Give the current section the PDF's running header of its first page."""
        blocks.page_header(self.document.sections[-1], inline.plain(words, self.setting))

    def _dark_page(self) -> None:
        """Mark the page that starts here as one in the brand's colour (the cover, the back),
        as in the PDF: without a footer after the cover, its colour laid behind it at the end."""
        body = self.document.element.body
        self.dark.append(len(body) - 1)  # before the body's last child, its section
        if self.started:
            blocks.blank_footer(self.document.sections[-1])

    def _paint_dark_pages(self) -> None:
        """Lay the primary colour behind each dark page, from its first paragraph."""
        body = self.document.element.body
        for index in self.dark:
            first = next(c for c in list(body)[index:] if c.tag == qn("w:p"))
            pictures.page_background(
                self.document, first, self.context.loaded.brand.colours.primary
            )

    def _children(self, element: Any) -> None:
        for child in element:
            self.block(child)

    def _paragraph(self, element: Any) -> Any:
        """Add a paragraph in the element's style (a heading with an anchor is bookmarked);
        return it, or None where the element has no style of its own (its children added)."""
        style = self._on_page(style_of(element))
        if style is None:
            self._children(element)
            return None
        if classes(element) & LINES:
            return blocks.add_lines(self.document, style, [self._runs(s) for s in element])
        paragraph = blocks.add_paragraph(self.document, style, self._runs(element))
        anchor = self.anchors.get(element.get("id", ""))
        if anchor:
            blocks.add_bookmark(paragraph, anchor, int(anchor.removeprefix("_Toc")))
        return paragraph

    def _on_page(self, style: str | None) -> str | None:
        """Return the style of a paragraph on the current page: its light twin on a page in
        the brand's colour (the cover and back), as the PDF sets them."""
        if style is None or self.page not in DARK_PAGES:
            return style
        return ON_PRIMARY.get(style, style)

    def _list(self, element: Any) -> None:
        """Add a paragraph per item, in its style or its list's (by their classes), else
        bulleted."""
        style = style_by_class(element) or "List Bullet"
        for item in element.iter("li"):
            own = style_by_class(item) or style
            lead = LEAD_PHRASES.get(own)
            found = self._runs(item)
            found = inline.lead_phrases(
                found, blocks.style_id(self.document, lead) if lead else None
            )
            blocks.add_paragraph(self.document, own, found)

    def _cover_title(self, element: Any) -> None:
        """Add the cover's title, a word a line. A title of more lines than `COVER_LINES`
        takes their room from the space above it, then from that above the cover's foot:
        Word's lines of it are taller than the PDF's, and the foot must stay on the cover."""
        title = self._paragraph(element)
        lines = sum(1 for line in element if isinstance(line.tag, str))
        size = self.context.loaded.brand.sizes.title
        extra = max(0, lines - COVER_LINES) * TITLE_PITCH * size
        above, below = COVER_SPACES
        self.cover_spaces = (max(0, above - extra), max(0, below - max(0, extra - above)))
        if extra:
            title.paragraph_format.space_before = Pt(self.cover_spaces[0])

    def _cover_foot(self, element: Any) -> None:
        """Add the cover's foot line, as far below the title as the title leaves room for."""
        foot = self._paragraph(element)
        if self.cover_spaces != COVER_SPACES:
            foot.paragraph_format.space_before = Pt(self.cover_spaces[1])

    def _wordmark(self, element: Any) -> None:
        """Add the logo, described for screen readers, and the wordmark's lines."""
        self._picture(element.find(".//img"))
        self._paragraph(element.find(".//p[@class='wordmark-name']"))

    def _picture(self, image: Any) -> None:
        box = LOGO_BOXES.get(self.page, LOGO_BOXES["back"])
        logo = self._logo()
        if self.page in DARK_PAGES:  # a light backing sets the emblem off, as in the PDF
            colours = self.context.loaded.brand.colours
            logo = io.BytesIO(pictures.on_disc(logo.getvalue(), colours.on_primary))
        paragraph = blocks.add_picture(self.document, logo, box, image.get("alt"))
        if inline.direction_of(image) == "rtl":  # at the start: the right, as the PDF's
            right_to_left(paragraph._p.get_or_add_pPr())

    def _logo(self) -> io.BytesIO:
        """Return the brand's raster logo, the one Word documents embed, read safely."""
        return io.BytesIO(
            brand_bytes(self.context, f"styles/{self.context.loaded.brand.logo_raster}")
        )

    def _contents(self, nav: Any) -> None:
        contents.add_contents(self.document, nav, self.pages, self.setting)

    def _table(self, table: Any) -> None:
        if "facts" in classes(table):
            self._facts(table)
        else:
            tables.add_table(
                self.document,
                table,
                TABLE_STYLE,
                style_of,
                int(TEXT_WIDTH.twips),
                self.setting,
                self.context.loaded.brand.colours.tint,
            )

    def _facts_block(self, element: Any) -> None:
        """Add a notice's facts, and the QR code of its address beside them, if it has one."""
        facts, figure = element.find(".//table[@class='facts']"), element.find("figure")
        if figure is None:
            self._facts(facts)
            return
        widths = (Emu(TEXT_WIDTH - QR_COLUMN), QR_COLUMN)
        text = self.document.paragraphs  # the space after the last adds to the table's
        above = Pt(max(0, FACT_GAP - blocks.space_after(text[-1].style if text else None).pt))
        rtl = inline.direction_of(element) == "rtl"
        left, right = blocks.side_by_side(self.document, widths, above, rtl)
        self._facts(facts, left, first="Fact")
        self._qr(figure, right)

    def _facts(self, table: Any, container: Any = None, first: str = "First Fact") -> None:
        """Add one Fact paragraph per row: 'Label<tab>value' (to `container`, or the body);
        the first in the style `first` (the First Fact opens the box below the text)."""
        container = container or self.document
        for index, row in enumerate(table.iter("tr")):
            style = "Fact" if index else first
            paragraph = blocks.styled(container.add_paragraph(), style)
            blocks.styled(paragraph.add_run(inline.text(row.find("th"))), "Fact Label")
            paragraph.add_run("\t")
            blocks.add_runs(paragraph, self._runs(row.find("td")))

    def _key(self, key: Any) -> None:
        """Add a key line per term: the number in its style, a tab, its meaning; the first
        under the key's rule (its First Key style's)."""
        for index, term in enumerate(key.iterfind("dt")):
            style = "Key" if index else "First Key"
            paragraph = blocks.styled(self.document.add_paragraph(), style)
            blocks.styled(paragraph.add_run(inline.text(term)), "Key Number")
            paragraph.add_run("\t")
            blocks.add_runs(paragraph, self._runs(term.getnext()))

    def _qr(self, figure: Any, container: Any = None) -> None:
        """Add the QR code of the figure's address as a picture, then its caption (to
        `container`, or the body)."""
        container = container or self.document
        url = figure.get("data-url")
        paragraph = blocks.styled(container.add_paragraph(), "QR Code")
        blocks.picture_in(
            paragraph,
            qr.png(url, self.context.loaded.brand.colours.primary),
            QR_BOX,
            f"QR code: {url}",
        )
        blocks.add_paragraph(container, "QR Caption", inline.text(figure.find("figcaption")))

    def _letterhead(self, header: Any) -> None:
        """Make the page header the letterhead the template's header describes: the logo
        beside the wordmark, the address at the right, a rule below, as the PDF sets them."""
        section = self.document.sections[0]
        key = None
        if self._repeat_key(header) is not None:
            drawn = blocks.next_drawing_id(self.document.part)
            logo = self._logo().getvalue()
            key = repeats.header_key(self.document, header, self.page, drawn, self.setting, logo)
        if repeats.replay_header(self.document, section, key):
            return
        self._new_letterhead(section, header)
        repeats.remember_header(self.document, section, key)

    def _new_letterhead(self, section: Any, header: Any) -> None:
        """Make the letterhead of `header` in the section's new page header."""
        section.header.is_linked_to_previous = False
        image = header.find(".//img")
        words = [self._runs(s) for s in header.iterfind(".//p[@class='wordmark-name']/span")]
        address = [self._runs(line) for line in header.iterfind("p[@class='letterhead-address']")]
        rtl = inline.direction_of(header) == "rtl"
        logo, mark, place = blocks.lockup(section.header, LOCKUP_WIDTHS, int(TEXT_WIDTH.twips), rtl)
        blocks.picture_in(
            blocks.styled(logo, "Logo"), self._logo(), LOGO_BOXES["letterhead"], image.get("alt")
        )
        blocks.lines_in(blocks.styled(mark, "Letterhead Wordmark"), words)
        blocks.lines_in(blocks.styled(place, "Letterhead Address"), address)
        blocks.styled(section.header.paragraphs[0], "Letterhead Rule")


Handler = Callable[[Translator, Any], object]  # what an element becomes, added to the document
HANDLERS: dict[str, Handler] = {
    "section": Translator._children,
    "div": Translator._children,
    "nav": Translator._contents,
    "ul": Translator._list,
    "ol": Translator._list,
    "table": Translator._table,
    "dl": Translator._key,
    "figure": Translator._qr,
    "header": Translator._letterhead,
    "img": Translator._picture,
}
CLASS_HANDLERS: dict[str, Handler] = {
    "wordmark": Translator._wordmark,
    "facts-block": Translator._facts_block,
    "cover-title": Translator._cover_title,
    "cover-foot": Translator._cover_foot,
}
