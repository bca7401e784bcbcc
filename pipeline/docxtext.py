"""Content of the Word documents: styled paragraphs of inline runs, line breaks, fields,
pictures described for screen readers, the logo and wordmark (on a page or as a letterhead),
bookmarks and the running footer. Every look comes from a named style (see `docxstyles`).
"""

from __future__ import annotations

import io
import re
import weakref
from collections.abc import Iterable
from html import escape
from typing import Any, BinaryIO

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.section import Section
from docx.shared import Length

from . import files
from .errors import BuildError
from .markup import Rich, Run
from .model import Office
from .writers.base import Context

DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_STYLE_IDS: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()


def share_style_ids(document: Any, ids: dict[str, str | None]) -> None:
    """Let `document` use (and fill) `ids`, the style ids of documents with the same styles."""
    _STYLE_IDS[document.part] = ids


def style_id(document: Any, name: str) -> str | None:
    """Return the id of the named style (None for the default style, left unnamed).

    Ids are looked up once per set of styles: python-docx's lookup by name scans every
    style on each call, which was a third of the time of writing the plan.
    """
    part = document.part.package.main_document_part
    ids = _STYLE_IDS.setdefault(part, {})
    if name not in ids:
        style = part.styles[name]
        ids[name] = None if style.element.default else style.style_id
    return ids[name]


def styled(item: Any, name: str) -> Any:
    """Give a paragraph or a run the named style; return it."""
    element = item._p if hasattr(item, "_p") else item._r
    element.style = style_id(item, name)
    return item


def add_runs(paragraph: Any, rich: Rich | str) -> Any:
    """Append the inline runs of `rich` to `paragraph`, with their emphasis; return it."""
    runs = runs_xml(rich)
    if runs:
        paragraph._p.extend(parse_xml(f'<w:p {nsdecls("w")}>{runs}</w:p>'))
    return paragraph


def runs_xml(rich: Rich | str) -> str:
    """Return the runs of `rich` as WordprocessingML: emphasis, tabs and line breaks."""
    runs = [Run(rich)] if isinstance(rich, str) else rich.runs
    return "".join(_run_xml(run) for run in runs if run.text)


def _run_xml(run: Run) -> str:
    """Return one run: its properties in schema order, then its text, tabs and breaks."""
    flags = (("<w:b/>", run.bold), ("<w:i/>", run.italic),
             ('<w:vertAlign w:val="superscript"/>', run.superscript))
    properties = "".join(tag for tag, on in flags if on)
    content = [f"<w:rPr>{properties}</w:rPr>"] if properties else []
    for piece in re.split(r"(\t|\r\n|\n|\r)", run.text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            content.append(f"<w:t{space}>{escape(piece, quote=False)}</w:t>")
    return f"<w:r>{''.join(content)}</w:r>"


def add_paragraph(container: Any, style: str, rich: Rich | str = "") -> Any:
    """Add a paragraph in `style` holding `rich` to a document or cell; return it."""
    return add_runs(styled(container.add_paragraph(), style), rich)


def add_lines(container: Any, style: str, lines: Iterable[str]) -> Any:
    """Add one paragraph in `style` with `lines` separated by line breaks; return it."""
    paragraph = styled(container.add_paragraph(), style)
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line)
    return paragraph


def add_field(paragraph: Any, instruction: str, result: str = "") -> None:
    """Append a field (`PAGE`, `NUMPAGES`...) showing `result` until it is updated."""
    paragraph._p.append(field_char("begin"))
    paragraph._p.append(instruction_run(instruction))
    paragraph._p.append(field_char("separate"))
    paragraph.add_run(result)
    paragraph._p.append(field_char("end"))


def field_char(kind: str, dirty: bool = False) -> Any:
    """Return a run with a field character: 'begin', 'separate' or 'end'; dirty: update me."""
    flag = ' w:dirty="true"' if dirty else ""
    return parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="{kind}"{flag}/></w:r>')


def instruction_run(instruction: str) -> Any:
    """Return a run with a field's instruction, such as 'PAGE'."""
    return parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> '
                     f'{escape(instruction, quote=False)} </w:instrText></w:r>')


def add_picture(container: Any, image: BinaryIO, width: Length, alt: str,
                style: str = "Logo") -> Any:
    """Add a paragraph in `style` with the picture `image`, described by `alt`; return it."""
    paragraph = styled(container.add_paragraph(), style)
    picture_in(paragraph, image, width, alt)
    return paragraph


def picture_in(paragraph: Any, image: BinaryIO, width: Length, alt: str) -> None:
    """Append the picture (a stream) to `paragraph`, described by `alt` for readers."""
    shape = paragraph.add_run().add_picture(image, width=width)
    properties = shape._inline.docPr
    properties.set("id", str(_next_drawing_id(paragraph.part)))
    properties.set("name", alt)
    properties.set("descr", alt)


def _next_drawing_id(part: Any) -> int:
    """Return a drawing id no body, header or footer of the document uses yet."""
    used = [int(d.get("id", "0")) for p in part.package.iter_parts()
            if hasattr(p, "_element") for d in p._element.iter(DRAWING)]
    return max(used, default=0) + 1


def add_wordmark(container: Any, context: Context, office: Office, width: Length) -> None:
    """Add the logo, described for screen readers, and the office's wordmark lines."""
    add_picture(container, logo_image(context), width, logo_alt(office))
    add_lines(container, "Wordmark", office.wordmark)


def add_letterhead(section: Section, context: Context, office: Office, width: Length,
                   lines: Iterable[str] = ()) -> None:
    """Make the section's header a letterhead: logo, wordmark, then `lines` (an address)."""
    header = section.header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    styled(first, "Logo")
    picture_in(first, logo_image(context), width, logo_alt(office))
    add_lines(header, "Wordmark", office.wordmark)
    for line in lines:
        add_paragraph(header, "Header", line)


def logo_image(context: Context) -> BinaryIO:
    """Return the brand's raster logo, the one Word documents embed, read safely."""
    rel = f"styles/{context.loaded.brand.logo_raster}"
    try:
        return io.BytesIO(files.read_bytes(context.root, rel))
    except files.Refused as exc:
        raise BuildError(str(exc)) from None


def logo_alt(office: Office) -> str:
    """Return the logo's description for screen readers: '<office name> logo'."""
    return f"{office.name} logo"


def add_bookmark(paragraph: Any, name: str, number: int) -> None:
    """Wrap the content of `paragraph` in the bookmark `name` with id `number`."""
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
    ppr = paragraph._p.pPr
    paragraph._p.insert(0 if ppr is None else 1, start)
    paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))


def add_page_footer(section: Section, title: str, first_page_blank: bool = False) -> None:
    """Give `section` the footer 'title  <tab>  Page N of M', and an empty first page."""
    section.different_first_page_header_footer = first_page_blank
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    styled(paragraph, "Footer")
    paragraph.add_run(f"{title}\tPage ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")
    if first_page_blank:
        first = section.first_page_footer
        first.is_linked_to_previous = False
        styled(first.paragraphs[0], "Footer")
