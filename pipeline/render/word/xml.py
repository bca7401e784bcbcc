"""Every piece of raw WordprocessingML the Word package writes, in one place.

What python-docx has no words for: the document defaults, the cover's panel and rules, the
table style, runs of inline markup, fields, bookmarks, contents entries and whole tables
(written as one piece of XML: python-docx's cell-by-cell API took a third of a plan's time).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ...model.brand import Brand
from ...model.markup import Rich
from .inline import Inline, Span

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
    _set_borders(
        ppr,
        f'<w:top w:val="single" w:sz="36" w:space="18" w:color="{rule}"/>'
        f'<w:left {side} w:space="16"/><w:bottom {side} w:space="22"/>'
        f'<w:right {side} w:space="16"/>',
        fill,
    )


def box(ppr: Any, fill: str, rule: str, padding: tuple[int, int]) -> None:
    """Set a paragraph in a box of `fill` with a `rule` 2.5 pt wide down its left, its text
    inset by `padding` (points above and below, and at the sides): the paragraphs that
    share the box's borders make one box, as a release notice's facts in the PDF."""
    fill, rule = hex_colour(fill), hex_colour(rule)
    ends, sides = padding
    edge = f'w:val="single" w:sz="4" w:color="{fill}"'
    _set_borders(
        ppr,
        f'<w:top {edge} w:space="{ends}"/>'
        f'<w:left w:val="single" w:sz="20" w:space="{sides}" w:color="{rule}"/>'
        f'<w:bottom {edge} w:space="{ends}"/><w:right {edge} w:space="{sides}"/>',
        fill,
    )


def rule_beside(ppr: Any, colour: str, space: int) -> None:
    """Draw a rule 1.5 pt wide down a paragraph's left, `space` points from its text."""
    _set_borders(
        ppr, f'<w:left w:val="single" w:sz="12" w:space="{space}" w:color="{hex_colour(colour)}"/>'
    )


def mirror_borders(styles: Any) -> None:
    """Swap the left and right paragraph borders of every style in `styles` (styles.xml), so
    that a right-to-left office's rules run down its paragraphs' start, at their right: a
    paragraph border's side is the page's, whatever the paragraph's direction (ECMA-376
    17.3.1.17, and LibreOffice sets them so), while its indents are the paragraph's own."""
    order = ["top", "left", "bottom", "right", "between", "bar"]
    swapped = {qn("w:left"): qn("w:right"), qn("w:right"): qn("w:left")}
    for borders in styles.iter(qn("w:pBdr")):
        for side in borders:
            side.tag = swapped.get(side.tag, side.tag)
        for side in sorted(borders, key=lambda s: order.index(s.tag.split("}")[1])):
            borders.append(side)  # back in the schema's order


def _set_borders(ppr: Any, sides: str, fill: str | None = None) -> None:
    """Give a paragraph's properties the borders `sides` and, with a `fill`, its shading."""
    index = sum(1 for child in ppr if child.tag in {qn(f"w:{n}") for n in _BEFORE_BORDERS})
    ppr.insert(index, parse_xml(f"<w:pBdr {nsdecls('w')}>{sides}</w:pBdr>"))
    if fill is not None:
        shading = f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'
        ppr.insert(index + 1, parse_xml(shading))


_AFTER_BIDI = (
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)


def right_to_left(ppr: Any) -> None:
    """Make a paragraph run right to left (`w:bidi`), aligned to the right as the PDF sets it.

    In a right-to-left paragraph Word and LibreOffice read `w:jc` "left" and "right" as
    the paragraph's start and end, so the right edge is its start.
    """
    for old in ppr.findall(qn("w:bidi")) + ppr.findall(qn("w:jc")):
        ppr.remove(old)
    successors = {qn(f"w:{n}") for n in _AFTER_BIDI}
    follower = next((child for child in ppr if child.tag in successors), None)
    bidi = parse_xml(f"<w:bidi {nsdecls('w')}/>")
    if follower is None:
        ppr.append(bidi)
    else:
        follower.addprevious(bidi)
    jc = parse_xml(f'<w:jc {nsdecls("w")} w:val="{RTL_START}"/>')
    after_jc = {qn(f"w:{n}") for n in _AFTER_BIDI[_AFTER_BIDI.index("jc") + 1 :]}
    follower = next((child for child in ppr if child.tag in after_jc), None)
    if follower is None:
        ppr.append(jc)
    else:
        follower.addprevious(jc)


RTL_START = "left"  # the start of a right-to-left paragraph: its right edge


def rule_above(ppr: Any, colour: str, space: int) -> None:
    """Draw a hairline (0.75 pt) over a paragraph, `space` points above its text: over the
    first only of the paragraphs that share it, as the PDF's rule over a table's key."""
    _set_borders(
        ppr, f'<w:top w:val="single" w:sz="6" w:space="{space}" w:color="{hex_colour(colour)}"/>'
    )


def rule_below(ppr: Any, colour: str) -> None:
    """Draw a rule under a paragraph, as the letterhead's under the PDF's letterhead."""
    _set_borders(
        ppr, f'<w:bottom w:val="single" w:sz="16" w:space="10" w:color="{hex_colour(colour)}"/>'
    )


def table_style_xml(brand: Brand) -> str:
    """Return the activities table style: hairline rules, navy header rows."""
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
    """Return the header rows (white bold on navy, white rules).

    Banded rows are shaded cell by cell (`cell_shading`), as the PDF shades every second
    body row: Word and LibreOffice count a table's second header row into the bands."""
    on = hex_colour(brand.colours.on_primary)
    light = f'w:val="single" w:sz="6" w:space="0" w:color="{on}"'
    return (
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{on}"/>'
        "</w:rPr><w:tblPr/><w:tcPr>"
        f"<w:tcBorders><w:top {head}/><w:bottom {head}/><w:insideH {light}/>"
        f"<w:insideV {light}/></w:tcBorders>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{hex_colour(brand.colours.primary)}"/>'
        '<w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'
    )


def hex_colour(colour: str) -> str:
    """Return '#0E3A5B' as Word writes it: '0E3A5B'."""
    return colour.lstrip("#").upper()


Link = Callable[[str], str]  # the relationship id of a link's address


def runs_xml(rich: Rich | Inline | str, link: Link | None = None) -> str:
    """Return the runs of `rich` as WordprocessingML: emphasis, language, direction, fonts,
    tabs, line breaks, and links (as `w:hyperlink`s, where `link` gives their ids)."""
    if isinstance(rich, str):
        spans: tuple[Span, ...] = (Span(rich),)
    elif isinstance(rich, Rich):
        spans = tuple(Span(r.text, r.italic, r.bold, r.superscript) for r in rich.runs)
    else:
        spans = rich.spans
    out: list[str] = []
    for href, group in itertools.groupby((s for s in spans if s.text), lambda s: s.href):
        inner = "".join(_run_xml(span) for span in group)
        out.append(inner if not href or link is None else _hyperlink(link(href), inner))
    return "".join(out)


def _hyperlink(rid: str, runs: str) -> str:
    """Return `runs` inside a link to the external address of relationship `rid`."""
    return f'<w:hyperlink r:id="{rid}" w:history="1">{runs}</w:hyperlink>'


def run_properties(span: Span) -> str:
    """Return the properties of a run, in schema order: its character style, its typeface in
    every slot, bold and italic for every script, superscript, direction, complex script,
    and language."""
    family = escape(span.family, quote=True) if span.family else ""
    kind = span.kind
    hint = ' w:hint="eastAsia"' if kind == "eastAsia" else ""
    fonts = (
        f'<w:rFonts w:ascii="{family}" w:hAnsi="{family}" w:eastAsia="{family}" '
        f'w:cs="{family}"{hint}/>'
        if family
        else ""
    )
    flags = (
        (f'<w:rStyle w:val="{escape(span.style, quote=True)}"/>', bool(span.style)),
        (fonts, bool(fonts)),
        ("<w:b/><w:bCs/>", span.bold),
        ("<w:i/><w:iCs/>", span.italic),
        ('<w:vertAlign w:val="superscript"/>', span.superscript),
        ("<w:rtl/>", span.rtl),
        ("<w:cs/>", kind == "complex"),
        (_language(span.language, kind), bool(span.language)),
    )
    return "".join(tag for tag, on in flags if on)


def _language(language: str, kind: str) -> str:
    """Return the `w:lang` of a run in `language`, in the slot of its kind of script."""
    slot = {"latin": "val", "complex": "bidi", "eastAsia": "eastAsia"}[kind]
    return f'<w:lang w:{slot}="{escape(language, quote=True)}"/>'


def _run_xml(run: Span) -> str:
    """Return one run: its properties, then its text, tabs and breaks."""
    properties = run_properties(run)
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
    return parse_xml(f"<w:p {nsdecls('w', 'r')}>{runs}</w:p>")


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


TABLE_LOOK = (
    '<w:tblLook w:firstColumn="0" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="1" w:noVBand="1" w:val="0620"/>'
)  # header rows apply; the bands are the rows' own shading


def table(style: str, widths: Sequence[int], rows: Sequence[str], rtl: bool = False) -> Any:
    """Return a fixed-layout table in the style with id `style`, its columns `widths` twips,
    its first column at the right where it runs right to left (`rtl`)."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    mirrored = "<w:bidiVisual/>" if rtl else ""
    return parse_xml(
        f'<w:tbl {nsdecls("w", "r")}><w:tblPr><w:tblStyle w:val="{style}"/>{mirrored}'
        f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLayout w:type="fixed"/>{TABLE_LOOK}'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def row(cells: str, header: bool) -> str:
    """Return a row that stays on one page and, as a header row, repeats on every page."""
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{cells}</w:tr>"


def cell(width: int, style: str | None, runs: str, properties: str = "", rtl: bool = False) -> str:
    """Return a cell of `width` twips holding one paragraph in the style with id `style`
    (right to left and aligned right if `rtl`)."""
    named = f'<w:pStyle w:val="{style}"/>' if style else ""
    bidi = f'<w:bidi/><w:jc w:val="{RTL_START}"/>' if rtl else ""
    paragraph = f"<w:pPr>{named}{bidi}</w:pPr>{runs}" if named or bidi else runs
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


DECORATIVE = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative"'
    ' val="1"/></a:ext></a:extLst>'
)


def page_background(rid: str, number: int, width: int, height: int) -> Any:
    """Return a run with the picture `rid` laid behind the text over the whole page (EMU),
    marked decorative, as the PDF's page background: its cover and back in a colour."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    size = f'cx="{width}" cy="{height}"'
    return parse_xml(
        f"<w:r {nsdecls('w', 'wp', 'r')}><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0"'
        ' behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent {size}/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{number}" name="Page background" descr="" xmlns:a="{a}">'
        f"{DECORATIVE}</wp:docPr><wp:cNvGraphicFramePr/>"
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
        '<pic:nvPicPr><pic:cNvPr id="0" name="background.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {size}/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def contents_entry(title: Inline | str, anchor: str, page: int) -> str:
    """Return a contents line's runs: the title linked to its heading's bookmark, a tab
    (the style's dotted leader) and the PDF's page number, known when the file is made."""
    runs = runs_xml(title)
    return (
        f'<w:hyperlink w:anchor="{anchor}" w:history="1">{runs}'
        f"<w:r><w:tab/><w:t>{page}</w:t></w:r></w:hyperlink>"
    )


def page_break_before(ppr: Any) -> None:
    """Start a paragraph on a new page (`w:pageBreakBefore`), where the PDF starts one."""
    if ppr.find(qn("w:pageBreakBefore")) is not None:
        return
    before = {qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines")}
    insert_in_order(ppr, parse_xml(f"<w:pageBreakBefore {nsdecls('w')}/>"), before)


def insert_in_order(parent: Any, element: Any, before: set[str]) -> None:
    """Put `element` into `parent` after its children whose tags are in `before` (the
    schema's order), ahead of the others."""
    follower = next((c for c in parent if c.tag not in before), None)
    if follower is None:
        parent.append(element)
    else:
        follower.addprevious(element)


def cell_shading(colour: str) -> str:
    """Return the cell property that shades a cell in `colour` (a banded row's tint)."""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{hex_colour(colour)}"/>'


W_P = qn("w:p")


def lockup_table(widths: Sequence[int], rtl: bool = False) -> Any:
    """Return a borderless fixed table of one row, its cells `widths` twips wide, each with
    an empty paragraph, centred on the row's middle: a logo beside a name, as a flex row
    (the first cell at the right where it runs right to left, `rtl`)."""
    cells = [(width, '<w:vAlign w:val="center"/>', "<w:p/>") for width in widths]
    return layout_table(cells, rtl=rtl)


def beside_table(widths: Sequence[int], top: int = 0, rtl: bool = False) -> Any:
    """Return a borderless fixed table of one row whose empty cells, `widths` twips wide,
    set their content side by side from `top` twips down: a notice's facts and the QR code
    beside them, as the PDF's (the gap between them is the styles' indent)."""
    return layout_table([(width, "", "") for width in widths], top, rtl)


def layout_table(cells: Sequence[tuple[int, str, str]], top: int = 0, rtl: bool = False) -> Any:
    """Return a borderless fixed table of one row, for layout: each cell given as its
    width in twips, its properties after the width, and its content; `top` twips above
    every cell's content; its first cell at the right where it runs right to left."""
    row = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{properties}</w:tcPr>{content}</w:tc>'
        for width, properties, content in cells
    )
    widths = [width for width, _, _ in cells]
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    none = "".join(
        f'<w:{side} w:val="nil"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    above = f'<w:top w:w="{top}" w:type="dxa"/>' if top else ""
    return parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>{'<w:bidiVisual/>' if rtl else ''}"
        f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/>'
        f'<w:tblBorders>{none}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar>{above}<w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid><w:tr>{row}</w:tr></w:tbl>"
    )
