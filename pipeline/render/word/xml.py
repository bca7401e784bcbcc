"""Every piece of raw WordprocessingML the Word package writes, in one place.

What python-docx has no words for: the document defaults, the cover's panel and rules, the
table style, runs of inline markup, fields, bookmarks, contents entries and whole tables
(written as one piece of XML: python-docx's cell-by-cell API took a third of a plan's time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ...model.brand import Brand
from ...model.markup import Rich, Run

TABLE_STYLE = "Activity Table"
_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_BEFORE_BORDERS = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
)


def set_defaults(element: Any, brand: Brand, language: str) -> None:
    """Set the typeface, size, colour and language of all text, and no paragraph spacing."""
    family, size = brand.typeface.family, round(brand.sizes.body * 2)
    colour = hex_colour(brand.colours.text)
    rpr = parse_xml(
        f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{family}" w:hAnsi="{family}" '
        f'w:eastAsia="{family}" w:cs="{family}"/><w:color w:val="{colour}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        f'<w:lang w:val="{language}" w:eastAsia="{language}" w:bidi="ar-SA"/></w:rPr>'
    )
    ppr = parse_xml(
        f'<w:pPr {nsdecls("w")}><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    )
    defaults = element.find(qn("w:docDefaults"))
    for holder, new in (
        (defaults.find(qn("w:rPrDefault")), rpr),
        (defaults.find(qn("w:pPrDefault")), ppr),
    ):
        holder.clear()
        holder.append(new)


def drop_theme_fonts(font: Any) -> None:
    """Remove a style's theme fonts, so that it uses the brand typeface of the defaults."""
    for name in _THEME_FONTS:
        font.attrib.pop(qn(f"w:{name}"), None)
    if not font.attrib:
        font.getparent().remove(font)


def panel(ppr: Any, brand: Brand) -> None:
    """Set a paragraph in a navy panel under a gold rule, its text inset by the padding."""
    fill, rule = hex_colour(brand.colours.primary), hex_colour(brand.colours.highlight)
    side = f'w:val="single" w:sz="4" w:color="{fill}"'
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="36" w:space="18" w:color="{rule}"/>'
        f'<w:left {side} w:space="16"/><w:bottom {side} w:space="22"/>'
        f'<w:right {side} w:space="16"/></w:pBdr>'
    )
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    index = sum(1 for child in ppr if child.tag in {qn(f"w:{n}") for n in _BEFORE_BORDERS})
    ppr.insert(index, borders)
    ppr.insert(index + 1, shading)


def rule_below(ppr: Any, colour: str) -> None:
    """Draw a rule under a paragraph, as the letterhead's under the PDF's letterhead."""
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="16" '
        f'w:space="10" w:color="{hex_colour(colour)}"/></w:pBdr>'
    )
    index = sum(1 for child in ppr if child.tag in {qn(f"w:{n}") for n in _BEFORE_BORDERS})
    ppr.insert(index, borders)


def table_style_xml(brand: Brand) -> str:
    """Return the activities table style: hairline rules, navy header rows, banded rows."""
    rule = f'w:val="single" w:sz="6" w:space="0" w:color="{hex_colour(brand.colours.rule)}"'
    head = f'w:val="single" w:sz="6" w:space="0" w:color="{hex_colour(brand.colours.primary)}"'
    return (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="ActivityTable">'
        f'<w:name w:val="{TABLE_STYLE}"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
        f'<w:tblBorders><w:top {head}/><w:left w:val="nil"/><w:bottom {rule}/>'
        f'<w:right w:val="nil"/><w:insideH {rule}/><w:insideV {rule}/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="96" w:type="dxa"/><w:left w:w="130" w:type="dxa"/>'
        '<w:bottom w:w="96" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tcPr><w:vAlign w:val="center"/></w:tcPr>{_conditions(brand, head)}'
        "</w:style>"
    )


def _conditions(brand: Brand, head: str) -> str:
    """Return the header rows (white bold on navy, white rules) and the banded rows' tint."""
    on = hex_colour(brand.colours.on_primary)
    light = f'w:val="single" w:sz="6" w:space="0" w:color="{on}"'
    return (
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{on}"/>'
        "</w:rPr><w:tblPr/><w:tcPr>"
        f"<w:tcBorders><w:top {head}/><w:bottom {head}/><w:insideH {light}/>"
        f"<w:insideV {light}/></w:tcBorders>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{hex_colour(brand.colours.primary)}"/>'
        '<w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="band2Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" '
        f'w:color="auto" w:fill="{hex_colour(brand.colours.tint)}"/></w:tcPr></w:tblStylePr>'
    )


def hex_colour(colour: str) -> str:
    """Return '#0E3A5B' as Word writes it: '0E3A5B'."""
    return colour.lstrip("#").upper()


def runs_xml(rich: Rich | str) -> str:
    """Return the runs of `rich` as WordprocessingML: emphasis, tabs and line breaks."""
    runs = [Run(rich)] if isinstance(rich, str) else rich.runs
    return "".join(_run_xml(run) for run in runs if run.text)


def _run_xml(run: Run) -> str:
    """Return one run: its properties in schema order, then its text, tabs and breaks."""
    flags = (
        ("<w:b/>", run.bold),
        ("<w:i/>", run.italic),
        ('<w:vertAlign w:val="superscript"/>', run.superscript),
    )
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


def paragraph_of(runs: str) -> Any:
    """Return a paragraph element holding `runs` (XML), to take its children from."""
    return parse_xml(f"<w:p {nsdecls('w')}>{runs}</w:p>")


def field_char(kind: str, dirty: bool = False) -> Any:
    """Return a run with a field character: 'begin', 'separate' or 'end'; dirty: update me."""
    flag = ' w:dirty="true"' if dirty else ""
    return parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="{kind}"{flag}/></w:r>')


def instruction_run(instruction: str) -> Any:
    """Return a run with a field's instruction, such as 'PAGE'."""
    return parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> '
        f"{escape(instruction, quote=False)} </w:instrText></w:r>"
    )


def bookmark(name: str, number: int) -> tuple[Any, Any]:
    """Return the start and end elements of the bookmark `name` with id `number`."""
    return (
        parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>'),
        parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'),
    )


def internal_link(title: str, anchor: str) -> Any:
    """Return a hyperlink to the bookmark `anchor`, showing `title` (a contents line)."""
    return parse_xml(
        f'<w:hyperlink {nsdecls("w")} w:anchor="{anchor}" w:history="1">'
        f'<w:r><w:t xml:space="preserve">{escape(title, quote=False)}</w:t></w:r>'
        "</w:hyperlink>"
    )


def update_fields() -> Any:
    """Return the setting that asks Word to update every field when it opens the document."""
    return parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')


TABLE_LOOK = (
    '<w:tblLook w:firstColumn="0" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="0420"/>'
)  # header rows and row bands apply


def table(style: str, widths: Sequence[int], rows: Sequence[str]) -> Any:
    """Return a fixed-layout table in the style with id `style`, its columns `widths` twips."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{style}"/>'
        f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLayout w:type="fixed"/>{TABLE_LOOK}'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def row(cells: str, header: bool) -> str:
    """Return a row that stays on one page and, as a header row, repeats on every page."""
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"


def cell(width: int, style: str | None, runs: str, properties: str = "") -> str:
    """Return a cell of `width` twips holding one paragraph in the style with id `style`."""
    paragraph = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}' if style else runs
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{properties}</w:tcPr>'
        f"<w:p>{paragraph}</w:p></w:tc>"
    )


def span(columns: int) -> str:
    """Return the cell property of a cell that spans `columns` grid columns."""
    return f'<w:gridSpan w:val="{columns}"/>' if columns > 1 else ""


def merge(restart: bool) -> str:
    """Return the cell property of a cell merged with the one below (restart) or above."""
    return '<w:vMerge w:val="restart"/>' if restart else "<w:vMerge/>"
