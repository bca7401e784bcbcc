"""The brand as Word styles: every look of the Word documents is a named style made here.

The styles are built on python-docx's default template from the `Brand` (colours, sizes in
points, typeface), so a colleague who changes "Heading 2" in Word changes every paragraph
that uses it. The typeface is set in the document defaults and on Normal; text colour, size
and language only in the defaults, which a table style may override (a paragraph style's
colour would win over the white of the table's header rows).
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor

from ...model.brand import Brand
from ...model.language import is_rtl
from .internals import new_style
from .xml import (
    box,
    drop_theme_fonts,
    hex_colour,
    mirror_borders,
    panel,
    rule_above,
    rule_below,
    rule_beside,
    set_defaults,
    table_style_xml,
)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = Mm(24), Mm(20), Mm(22), Mm(22)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
PRINCIPLE_PADDING = (8, 14)  # points: the guiding principles' box's, as the PDF's 3 mm, 5 mm
PRINCIPLE_START = PRINCIPLE_PADDING[1] + 2.5  # points: their text, past the rule and padding
FACT_PADDING = (13, 17)  # points: a notice's facts box's, above and below, at the sides
FACT_START = 19.5  # points: where its labels start, past its 2.5 pt rule and padding
FACT_INDENT = 127  # points: where its values start, 38 mm further, as in the PDF
PURPOSE_RULE_SPACE = 11  # points (4 mm): from a purpose's rule to its text, as in the PDF
QR_GAP = 14  # points (5 mm): between a notice's facts and its QR code, as in the PDF
FACT_GAP = 17  # points (6 mm): above a notice's facts (the larger of it and the space before)
KEY_GAP, KEY_RULE_SPACE = 14, 8  # points (5 mm, 3 mm): from a table to its key's rule, to its text
COVER_SPACES = (150, 170)  # points: above the cover's title and above its foot, for a title
COVER_LINES = 3  # of three lines (a word each); a longer one takes its room from them
TITLE_PITCH = 1.45  # a line of the cover's title, in its size: Noto Sans CJK's, the tallest
_AFTER_SPACING = (  # what follows w:spacing in run properties (ISO 29500 CT_RPr)
    *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect"),
    *("w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"),
    *("w:eastAsianLayout", "w:specVanish", "w:oMath"),
)
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True)
class Look:
    """How a style looks, in points; None leaves a property as the base style has it."""

    size: float | None = None
    colour: str | None = None
    bold: bool | None = None
    caps: bool | None = None
    font: str | None = None
    align: str | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    keep_next: bool | None = None
    indent: float | None = None
    hanging: float | None = None
    tracking: float | None = None  # the space added between letters, in ems (CSS letter-spacing)


def paragraph_looks(brand: Brand) -> dict[str, tuple[str, Look]]:
    """Return each paragraph style's base style and look."""
    return {
        **_text_looks(brand),
        **_part_looks(brand),
        **_notice_looks(brand),
        **_on_primary_looks(brand),
    }


def _on_primary_looks(brand: Brand) -> dict[str, tuple[str, Look]]:
    """Return the looks of text on the primary colour: the cover's and the back page's."""
    on = brand.colours.on_primary
    return {
        "Wordmark On Primary": ("Wordmark", Look(colour=on)),
        "Back Title": ("Heading 1", Look(colour=on, before=355)),  # as the PDF, 150 mm down
        "Contact Name On Primary": ("Contact Name", Look(colour=on)),
        "Contact On Primary": ("Contact", Look(colour=on)),
    }


def _text_looks(brand: Brand) -> dict[str, tuple[str, Look]]:
    """Return the looks of running text, titles and the cover."""
    c, s = brand.colours, brand.sizes
    return {
        "Normal": ("", Look(font=brand.typeface.family, after=8, line=1.45)),
        "Heading 1": (
            "Normal",
            Look(s.h1, c.primary, True, before=18, after=9, line=1.1, keep_next=True),
        ),
        "Heading 2": (
            "Normal",
            Look(s.h2, c.primary, True, before=4, after=4, line=1.15, keep_next=True),
        ),
        "Heading 3": ("Normal", Look(s.h3, c.primary, True, before=8, after=3, keep_next=True)),
        "Title": ("Normal", Look(s.title, c.primary, True, after=12, line=1.0)),
        "Cover Title": (
            "Title",
            Look(
                colour=c.on_primary,
                caps=True,
                before=COVER_SPACES[0],
                after=0,
                indent=16,
                tracking=0.01,
            ),
        ),
        "Cover Foot": (
            "Normal",
            Look(s.small + 1, c.on_primary_soft, before=COVER_SPACES[1], after=0),
        ),
        "Cover Edition": ("Normal", Look(s.body + 2, c.on_primary, True, before=6, after=0)),
        "Logo": ("Normal", Look(before=0, after=8)),
        "QR Code": ("Logo", Look(align="center", after=2, indent=QR_GAP)),  # beside the facts
        "Wordmark": (
            "Normal",
            Look(s.body + 3, c.primary, True, caps=True, line=1.15, tracking=0.09),
        ),
        "Lead": ("Normal", Look(s.body + 2, c.primary, after=10, line=1.5)),
        "List Bullet": ("Normal", Look(after=4)),
        # in one tinted box (set in `box`), its rule at the margin, as each of the PDF's
        "Principle": ("Normal", Look(after=PRINCIPLE_PADDING[0], indent=PRINCIPLE_START)),
        "Purpose Label": (
            "Normal",
            Look(
                s.small,
                c.accent,
                True,
                caps=True,
                before=14,
                after=0,
                keep_next=True,
                tracking=0.08,
            ),
        ),
        "Contact Name": ("Normal", Look(s.body + 2, c.primary, True, before=12, after=8)),
        "Contact": ("Normal", Look(after=8, line=1.4)),
    }


def _part_looks(brand: Brand) -> dict[str, tuple[str, Look]]:
    """Return the looks of the contents, tables, keys, headers and footers."""
    c, s = brand.colours, brand.sizes
    table = round(s.body * 0.95 * 2) / 2
    return {
        "TOC Heading": ("Heading 1", Look(before=0)),
        "toc 1": ("Normal", Look(s.body + 1, c.primary, before=6, after=0)),
        "toc 2": ("Normal", Look(before=2, after=0, indent=12)),
        "Table Text": ("Normal", Look(table, after=0, line=1.35)),
        "Table Heading": ("Table Text", Look(bold=True, keep_next=True)),
        "Table Heading Centred": ("Table Heading", Look(align="center")),
        "Tick": (
            "Table Text",
            Look(table + 1, c.accent, font=brand.symbols.family, align="center", line=1.0),
        ),
        "Key": (
            "Normal",
            Look(s.small, c.muted, before=2, after=0, line=1.2, indent=14, hanging=14),
        ),
        "First Key": ("Key", Look(before=KEY_GAP)),  # under its rule, the table's height away
        "Header": ("Normal", Look(s.small, c.muted, after=0, line=1.0)),
        "Footer": ("Normal", Look(s.small, c.muted, after=0, line=1.0)),
    }


def _notice_looks(brand: Brand) -> dict[str, tuple[str, Look]]:
    """Return the looks of a release notice, the same as its PDF twin's."""
    c, s = brand.colours, brand.sizes
    return {
        "Letterhead Address": ("Header", Look(align="right", line=1.3)),
        # the letterhead ends inside the room above the text, which starts at the top
        # margin as the PDF's does (more space after the rule would push the text down)
        "Letterhead Rule": ("Header", Look(size=4, after=4, line=1.0)),
        "Letterhead Wordmark": ("Wordmark", Look(s.body - 0.5, tracking=0.09)),
        "Notice Kind": ("Normal", Look(s.body, c.accent, True, caps=True, after=1, tracking=0.14)),
        "Notice Meta": ("Normal", Look(s.body - 1, c.muted, after=18)),
        "Publication Title": ("Title", Look(22, c.primary, True, after=10, line=1.15)),
        "Notice Section": (
            "Heading 2",
            Look(s.h3, c.accent, caps=True, before=16, after=4, tracking=0.08),
        ),
        "Fact": ("Normal", Look(after=6, indent=FACT_INDENT, hanging=FACT_INDENT - FACT_START)),
        # the first opens the box 6 mm below the text before it, as the PDF's margin does
        "First Fact": ("Fact", Look(before=FACT_GAP)),
        "Purpose Served": ("Normal", Look(after=7, indent=PURPOSE_RULE_SPACE + 1.5)),
        "Notice Small": ("Normal", Look(s.small, c.muted, after=4)),
        "QR Caption": ("Notice Small", Look(align="center", line=1.2, indent=QR_GAP)),
    }


def character_looks(brand: Brand) -> dict[str, Look]:
    """Return each character style's look."""
    return {
        "Key Number": Look(bold=True, colour=brand.colours.accent),
        "Fact Label": Look(bold=True, colour=brand.colours.primary),
        "Lead Phrase": Look(bold=True, colour=brand.colours.primary),
    }


def apply_brand(document: Any, brand: Brand, language: str) -> None:
    """Give `document` the brand's defaults and styles."""
    styles = document.styles
    set_defaults(styles.element, brand, language)
    for font in styles.element.iter(qn("w:rFonts")):
        drop_theme_fonts(font)
    known = {(s.name, s.type): s for s in styles}
    sizes: dict[str, float] = {}
    for name, (base, look) in paragraph_looks(brand).items():
        style = _style(styles, known, name, WD_STYLE_TYPE.PARAGRAPH, base)
        sizes[name] = look.size or sizes.get(base, brand.sizes.body)
        _apply(style, look, sizes[name])
        _sync_linked(styles, style)
    for name, look in character_looks(brand).items():
        _apply(_style(styles, known, name, WD_STYLE_TYPE.CHARACTER, ""), look, brand.sizes.body)
    _finish_special(styles, brand)
    if is_rtl(language):
        mirror_borders(styles.element)
    styles.element.append(parse_xml(table_style_xml(brand)))


def _style(styles: Any, known: dict[tuple[str, Any], Any], name: str, kind: Any, base: str) -> Any:
    """Return the style `name` (from `known`, or made and added to it), based on `base`.

    `known` indexes the styles once: python-docx's lookup by name scans them all each time.
    """
    style: Any = known.get((name, kind))
    if style is None:
        builtin = name.startswith("toc ")
        style = new_style(styles, name, kind, builtin)
        style.quick_style = not builtin
        if builtin:
            style.style_id = name.replace("toc ", "TOC")
        known[(name, kind)] = style
    style.hidden = False
    if base:
        style.base_style = known[(base, WD_STYLE_TYPE.PARAGRAPH)]
    return style


def _apply(style: Any, look: Look, size: float) -> None:
    """Set the character and paragraph properties that `look` gives (its text `size` pt)."""
    font = style.font
    for attribute, value in (("bold", look.bold), ("all_caps", look.caps)):
        if value is not None:
            setattr(font, attribute, value)
    if look.bold is not None:
        _complex_bold(style.element.rPr, look.bold)
    if look.size is not None:
        font.size = Pt(look.size)
        _complex_size(style.element.rPr, round(look.size * 2))
    if look.colour is not None:
        font.color.rgb = RGBColor.from_string(hex_colour(look.colour))
    if look.font is not None:
        _set_typeface(style.element.get_or_add_rPr(), look.font)
    if look.tracking is not None:
        _set_tracking(style.element.get_or_add_rPr(), round(look.tracking * size * 20))
    if hasattr(style, "paragraph_format"):
        _apply_paragraph(style.paragraph_format, look, size)


def _apply_paragraph(form: Any, look: Look, size: float) -> None:
    """Set the paragraph properties that `look` gives; its line height, as CSS gives one
    (a multiple of the text's size), at least that many points, so lines are as the PDF's
    (Word's multiples are of the font's own line height, a third more in Noto Sans)."""
    if look.align is not None:
        form.alignment = _ALIGN[look.align]
    for attribute, value in (
        ("space_before", look.before),
        ("space_after", look.after),
        ("left_indent", look.indent),
    ):
        if value is not None:
            setattr(form, attribute, Pt(value))
    if look.hanging is not None:
        form.first_line_indent = Pt(-look.hanging)
    if look.line is not None:
        form.line_spacing = Pt(round(look.line * size * 2) / 2)
        form.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    if look.keep_next is not None:
        form.keep_with_next = look.keep_next


def _set_tracking(rpr: Any, twips: int) -> None:
    """Space the letters of a style's text by `twips` (1/20 pt), as CSS letter-spacing."""
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    spacing = parse_xml(f'<w:spacing {nsdecls("w")} w:val="{twips}"/>')
    rpr.insert_element_before(spacing, *_AFTER_SPACING)


def _complex_size(rpr: Any, half_points: int) -> None:
    """Give complex scripts (Arabic, Thai...) the same size as the rest of the text."""
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    rpr.find(qn("w:sz")).addnext(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{half_points}"/>'))


def _complex_bold(rpr: Any, bold: bool) -> None:
    """Give complex scripts (Arabic, Khmer...) the bold of the rest of the text: `w:bCs`."""
    for old in rpr.findall(qn("w:bCs")):
        rpr.remove(old)
    value = "" if bold else ' w:val="0"'
    rpr.find(qn("w:b")).addnext(parse_xml(f"<w:bCs {nsdecls('w')}{value}/>"))


def _set_typeface(rpr: Any, family: str) -> None:
    """Set `family` for every script of a run-properties element."""
    fonts = rpr.get_or_add_rFonts()
    for name in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{name}"), family)


def _sync_linked(styles: Any, style: Any) -> None:
    """Give the character style linked to `style` the same character properties."""
    link = style.element.find(qn("w:link"))
    rpr = style.element.rPr
    if link is None:
        return
    linked = next((s for s in styles if s.style_id == link.get(qn("w:val"))), None)
    if linked is None:
        return
    old = linked.element.rPr
    if old is not None:
        linked.element.remove(old)
    if rpr is not None:
        linked.element.append(deepcopy(rpr))


def _finish_special(styles: Any, brand: Brand) -> None:
    """Set what a look cannot say: widow control, rules, panels, list spacing, tab stops."""
    styles["Normal"].paragraph_format.widow_control = True
    title = styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)
    panel(styles["Cover Title"].element.get_or_add_pPr(), brand)
    rule_below(styles["Letterhead Rule"].element.get_or_add_pPr(), brand.colours.accent)
    rule_above(styles["Key"].element.get_or_add_pPr(), brand.colours.rule, KEY_RULE_SPACE)
    _notice_rules(styles, brand)
    _principles_box(styles, brand)
    bullets = styles["List Bullet"].element.get_or_add_pPr()
    for spacing in bullets.findall(qn("w:contextualSpacing")):
        bullets.remove(spacing)
    _tab_stops(styles)


def _notice_rules(styles: Any, brand: Brand) -> None:
    """Set a notice's facts in a tinted box ruled down its left, and rule each purpose it
    serves down its left, as the PDF does."""
    colours = brand.colours
    _boxed(styles["Fact"], brand, FACT_PADDING)
    purpose = styles["Purpose Served"].element.get_or_add_pPr()
    rule_beside(purpose, colours.rule, PURPOSE_RULE_SPACE)


def _principles_box(styles: Any, brand: Brand) -> None:
    """Set the guiding principles in a tinted box ruled down its left, as the PDF does."""
    _boxed(styles["Principle"], brand, PRINCIPLE_PADDING)


def _boxed(style: Any, brand: Brand, padding: tuple[int, int]) -> None:
    """Set a style's paragraphs in the brand's tinted box, ruled in the accent (`box`)."""
    box(style.element.get_or_add_pPr(), brand.colours.tint, brand.colours.accent, padding)
    # the box's right edge is its invisible right border, that far past the text
    style.paragraph_format.right_indent = Pt(padding[1] + 0.5)


def _tab_stops(styles: Any) -> None:
    """Put the right tab of headers, footers and contents at the right margin; the key's."""
    for name, leader in (
        ("Header", WD_TAB_LEADER.SPACES),
        ("Footer", WD_TAB_LEADER.SPACES),
        ("toc 1", WD_TAB_LEADER.DOTS),
        ("toc 2", WD_TAB_LEADER.DOTS),
    ):
        stops = styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, leader)
    styles["Key"].paragraph_format.tab_stops.add_tab_stop(Pt(14))
    styles["Fact"].paragraph_format.tab_stops.add_tab_stop(Pt(FACT_INDENT))
