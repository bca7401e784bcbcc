"""The parts of the brand's Word styles that python-docx has no words for, written as XML:
document defaults, the cover's panel, and the activities table style.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from .brand import Brand

TABLE_STYLE = "RSO Activities"
_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_BEFORE_BORDERS = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                   "widowControl", "numPr", "suppressLineNumbers")


def set_defaults(element: Any, brand: Brand, language: str) -> None:
    """Set the typeface, size, colour and language of all text, and no paragraph spacing."""
    family, size = brand.typeface.family, round(brand.sizes.body * 2)
    colour = hex_colour(brand.colours.text)
    rpr = parse_xml(
        f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{family}" w:hAnsi="{family}" '
        f'w:eastAsia="{family}" w:cs="{family}"/><w:color w:val="{colour}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        f'<w:lang w:val="{language}" w:eastAsia="{language}" w:bidi="ar-SA"/></w:rPr>')
    ppr = parse_xml(f'<w:pPr {nsdecls("w")}><w:spacing w:after="0" w:line="240" '
                    'w:lineRule="auto"/></w:pPr>')
    defaults = element.find(qn("w:docDefaults"))
    for holder, new in ((defaults.find(qn("w:rPrDefault")), rpr),
                        (defaults.find(qn("w:pPrDefault")), ppr)):
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
        f'<w:right {side} w:space="16"/></w:pBdr>')
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    index = sum(1 for child in ppr if child.tag in {qn(f"w:{n}") for n in _BEFORE_BORDERS})
    ppr.insert(index, borders)
    ppr.insert(index + 1, shading)


def rule_below(ppr: Any, colour: str) -> None:
    """Draw a rule under a paragraph, as the letterhead's under the PDF's letterhead."""
    borders = parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="16" '
                        f'w:space="10" w:color="{hex_colour(colour)}"/></w:pBdr>')
    index = sum(1 for child in ppr if child.tag in {qn(f"w:{n}") for n in _BEFORE_BORDERS})
    ppr.insert(index, borders)


def table_style_xml(brand: Brand) -> str:
    """Return the activities table style: hairline rules, navy header rows, banded rows."""
    rule = f'w:val="single" w:sz="6" w:space="0" w:color="{hex_colour(brand.colours.rule)}"'
    head = f'w:val="single" w:sz="6" w:space="0" w:color="{hex_colour(brand.colours.primary)}"'
    return (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="RSOActivities">'
        f'<w:name w:val="{TABLE_STYLE}"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
        f'<w:tblBorders><w:top {head}/><w:left w:val="nil"/><w:bottom {rule}/>'
        f'<w:right w:val="nil"/><w:insideH {rule}/><w:insideV {rule}/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="96" w:type="dxa"/><w:left w:w="130" w:type="dxa"/>'
        '<w:bottom w:w="96" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tcPr><w:vAlign w:val="center"/></w:tcPr>{_conditions(brand, head)}'
        '</w:style>')


def _conditions(brand: Brand, head: str) -> str:
    """Return the header rows (white bold on navy, white rules) and the banded rows' tint."""
    light = 'w:val="single" w:sz="6" w:space="0" w:color="FFFFFF"'
    return (
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/>'
        '</w:rPr><w:tblPr/><w:tcPr>'
        f'<w:tcBorders><w:top {head}/><w:bottom {head}/><w:insideH {light}/>'
        f'<w:insideV {light}/></w:tcBorders>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{hex_colour(brand.colours.primary)}"/>'
        '<w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="band2Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" '
        f'w:color="auto" w:fill="{hex_colour(brand.colours.tint)}"/></w:tcPr></w:tblStylePr>')


def hex_colour(colour: str) -> str:
    """Return '#0E3A5B' as Word writes it: '0E3A5B'."""
    return colour.lstrip("#").upper()
