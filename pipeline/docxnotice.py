"""A release notice as a Word document, read from the same HTML wording as its PDF.

The notice template (`layouts/notice.html.j2`) uses a handful of elements; each becomes a
named style here, so the two formats say the same words in the same order:

    header.letterhead  -> the page header (logo, wordmark lines, address)
    h1, p.notice-meta  -> Notice Kind, Notice Meta        h2.publication -> Publication Title
    h2                 -> Notice Section                   p              -> Normal (or by class)
    table (th, td)     -> one Fact paragraph per row      ul/li          -> List Bullet
    figure.qr          -> the QR code picture and its caption
    em, strong, sup, br inside them -> italic, bold, superscript runs and line breaks
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import lxml.html
from docx.shared import Mm

from . import docxkit
from .markup import Rich, Run, normalize_space
from .writers.base import Context

STYLES = {"notice-kind": "Notice Kind", "notice-meta": "Notice Meta",
          "publication": "Publication Title", "summary": "Lead", "purposes-source": "Notice Small",
          "announcement": "Normal", "enquiries": "Contact"}
INLINE = {"em": "italic", "strong": "bold", "sup": "superscript"}


def notice_docx(context: Context, notice: Any, html: str) -> bytes:
    """Return the Word notice whose wording is the notice HTML `html`."""
    document = docxkit.new_document(context)
    article = lxml.html.fragment_fromstring(html)
    for element in article:
        _block(document, context, element)
    footer = document.sections[0].footer
    docxkit.styled(footer.paragraphs[0], "Footer")
    docxkit.add_runs(footer.paragraphs[0], _meta(article))
    docxkit.set_properties(document, title=notice.title, author=notice.office.name,
                           subject=notice.subject, keywords=_keywords(notice), day=notice.issued,
                           editor=notice.office.short_name)
    return docxkit.reproducible_bytes(document, notice.issued)


def _block(document: Any, context: Context, element: Any) -> None:
    """Add one block element of the notice to the document."""
    classes = element.get("class", "").split()
    if element.tag == "header":
        _letterhead(document, context, element)
    elif element.tag == "table":
        _facts(document, element)
    elif element.tag == "ul":
        for item in element.iter("li"):
            docxkit.add_runs(docxkit.styled(document.add_paragraph(), "List Bullet"), _runs(item))
    elif element.tag == "figure":
        _qr(document, element)
    elif element.tag in ("h1", "h2", "p"):
        default = "Notice Section" if element.tag == "h2" else "Normal"
        style = next((STYLES[c] for c in classes if c in STYLES), default)
        docxkit.add_runs(docxkit.styled(document.add_paragraph(), style), _runs(element))


def _letterhead(document: Any, context: Context, header: Any) -> None:
    """Make the page header the letterhead the template's header describes."""
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    first = section.header.paragraphs[0]
    docxkit.styled(first, "Logo")
    image = header.find(".//img")
    docxkit.picture_in(first, docxkit.logo_image(context), Mm(16), image.get("alt"))
    words = [_text(span) for span in header.iterfind(".//p[@class='wordmark-name']/span")]
    docxkit.add_lines(section.header, "Wordmark", words)
    for line in header.iterfind("p[@class='letterhead-address']"):
        docxkit.add_paragraph(section.header, "Letterhead Address", _text(line))


def _facts(document: Any, facts: Any) -> None:
    """Add one Fact paragraph per row: 'Label<tab>value'."""
    for row in facts.iter("tr"):
        paragraph = docxkit.styled(document.add_paragraph(), "Fact")
        docxkit.styled(paragraph.add_run(_text(row.find("th"))), "Fact Label")
        paragraph.add_run("\t")
        docxkit.add_runs(paragraph, _runs(row.find("td")))


def _qr(document: Any, figure: Any) -> None:
    """Add the QR code of the figure's URL as a picture, then its caption."""
    import segno

    url = figure.get("data-url")
    stream = io.BytesIO()
    segno.make(url, error="m", micro=False).save(stream, kind="png", scale=8, border=2,
                                                 dark="#0E3A5B")
    stream.seek(0)
    paragraph = docxkit.styled(document.add_paragraph(), "Logo")
    docxkit.picture_in(paragraph, stream, Mm(28), f"QR code: {url}")
    docxkit.add_paragraph(document, "Notice Small", _text(figure.find("figcaption")))


def _runs(element: Any) -> Rich:
    """Return the inline content of an element as runs, styles from em, strong and sup."""
    runs = tuple(_trim(list(_inline(element, frozenset()))))
    return Rich("".join(run.text for run in runs), runs)


def _inline(element: Any, styles: frozenset[str]) -> Iterator[Run]:
    """Yield the runs of an element's text and children, in document order."""
    if element.text:
        yield _run(element.text, styles)
    for child in element:
        if child.tag == "br":
            yield Run("\n")
        else:
            yield from _inline(child, styles | {INLINE[child.tag]} if child.tag in INLINE
                               else styles)
        if child.tail:
            yield _run(child.tail, styles)


def _run(text: str, styles: frozenset[str]) -> Run:
    """Return `text` (whitespace as HTML renders it) in `styles`."""
    spaced = normalize_space(text)
    if text[:1].isspace() and spaced:
        spaced = " " + spaced
    if text[-1:].isspace() and spaced:
        spaced += " "
    return Run(spaced or (" " if text else ""), "italic" in styles, "bold" in styles,
               "superscript" in styles)


def _trim(runs: list[Run]) -> Iterator[Run]:
    """Yield the runs without empty ones and without spaces at the ends or around breaks."""
    kept = [r for r in runs if r.text]
    for index, run in enumerate(kept):
        text = run.text
        if index == 0 or kept[index - 1].text == "\n":
            text = text.lstrip(" ")
        if index == len(kept) - 1 or kept[index + 1].text == "\n":
            text = text.rstrip(" ")
        if text:
            yield Run(text, run.italic, run.bold, run.superscript)


def _text(element: Any) -> str:
    """Return an element's text with whitespace as HTML renders it."""
    return normalize_space(element.text_content())


def _meta(article: Any) -> str:
    """Return the notice's reference line, for the running footer."""
    return _text(article.find(".//p[@class='notice-meta']"))


def _keywords(notice: Any) -> list[str]:
    """Return the notice's keywords: office, kind, reference, publication."""
    return [notice.office.short_name, "release notice", notice.reference, notice.release.title]
