"""Read the inline content of an HTML element back as Word runs, whitespace as HTML renders it.

Each run carries what Word needs to set it as the PDF does: its language (the `lang` of the
nearest element that has one, or the document's), its direction, the brand typeface that
has its glyphs, and the address of a link around it. A `<wbr>` (a word boundary ICU found in
Khmer, Lao or Burmese, or a break point of a long address) becomes U+200B ZERO WIDTH SPACE,
and Thai, which the HTML leaves to Pango, is cut at ICU's word boundaries the same way: the
zero width space is Unicode's own word-boundary mark, Word and LibreOffice break lines at it
and print nothing there, and it survives copying, where a Word field or layout hint would not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ...model import language as lang
from ...model.brand import Brand, Coverage
from ...model.markup import normalize_space

INLINE = {"em": "italic", "strong": "bold", "sup": "superscript"}
BREAK = "\u200b"  # ZERO WIDTH SPACE: a line may break here
EAST_ASIAN = frozenset({"Hang", "Hani", "Hira", "Kana", "Bopo", "Kore", "Jpan", "Hans", "Hant"})
_ICU_ONLY = {"Thai": "th"}  # scripts the HTML leaves to the PDF's shaper to break
Faces = Callable[[str], str | None]  # the brand family for a run's text (None: the default)


@dataclass(frozen=True)
class Setting:
    """What runs are set against: the document's language and the brand's typefaces."""

    language: str
    faces: Faces


@dataclass(frozen=True)
class Span:
    """A run as Word sets it: text, emphasis, language, direction, typeface and link."""

    text: str
    italic: bool = False
    bold: bool = False
    superscript: bool = False
    language: str = ""
    rtl: bool = False
    family: str | None = None
    href: str = ""
    style: str = ""  # the id of its character style, if it has one

    @property
    def script(self) -> str:
        """Return the main script of the run's text (Latn for digits and punctuation)."""
        return lang.main_script(self.text)

    @property
    def kind(self) -> str:
        """Return which of Word's font slots sets the run: 'latin', 'complex' or 'eastAsia'."""
        script = self.script
        if script in EAST_ASIAN:
            return "eastAsia"
        return "latin" if script in ("Latn", "Grek", "Cyrl") and not self.rtl else "complex"


@dataclass(frozen=True)
class Inline:
    """The runs of one element and whether its text, as a whole, runs right to left."""

    spans: tuple[Span, ...]
    rtl: bool = False

    @property
    def plain(self) -> str:
        """Return the text without any styling."""
        return "".join(span.text for span in self.spans)


@lru_cache(maxsize=4)
def faces_of(brand: Brand, coverage: Coverage) -> Faces:
    """Return what names the brand typeface with the glyphs of a text: None for the text
    face (the documents' default), else the first of the symbols and fallbacks that has
    every letter (or, failing that, the most of them); made once per brand and coverage."""
    families = [t.family for t in brand.typefaces]

    @lru_cache(maxsize=4096)
    def family(content: str) -> str | None:
        letters = {c for c in content if lang.script_of(c) not in lang.NEUTRAL}
        if all(coverage.has(families[0], c) for c in letters):
            return None
        best = max(
            families, key=lambda f: (sum(coverage.has(f, c) for c in letters), -families.index(f))
        )
        return None if best == families[0] else best

    return family


def runs(element: Any, setting: Setting | None = None) -> Inline:
    """Return the inline content of an element as runs, styles from em, strong and sup."""
    base = Span("", language=language_of(element), rtl=direction_of(element) == "rtl")
    found = [_dressed(s, setting) for s in _trim(list(_inline(element, base)))]
    return Inline(_joined([s for part in found for s in part]), base.rtl)


def plain(content: str, setting: Setting | None) -> Inline:
    """Return plain text (a running header's, say) as runs: each script in the brand
    typeface that has its letters, in the document's language, right-to-left where it is."""
    return Inline(_joined(_dressed(Span(content), setting)))


def lead_phrases(found: Inline, style: str | None) -> Inline:
    """Return `found` with its bold runs in the character style of id `style` (if any)."""
    if not style:
        return found
    spans = tuple(replace(s, style=style) if s.bold else s for s in found.spans)
    return replace(found, spans=spans)


def _joined(spans: list[Span]) -> tuple[Span, ...]:
    """Return the runs with each break joined to the run before it, and neighbours that
    differ only in their text made one."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if last is not None and (
            span.text == BREAK or replace(span, text="") == replace(last, text="")
        ):
            out[-1] = replace(last, text=last.text + span.text)
        else:
            out.append(span)
    return tuple(out)


def text(element: Any) -> str:
    """Return an element's text with whitespace as HTML renders it."""
    return normalize_space(element.text_content())


def language_of(element: Any) -> str:
    """Return the language of an element: its own `lang`, or its nearest ancestor's."""
    while element is not None:
        found = element.get("lang") if isinstance(element.tag, str) else None
        if found:
            return str(found)
        element = element.getparent()
    return ""


def direction_of(element: Any) -> str:
    """Return 'rtl' or 'ltr': the `dir` of an element or its nearest ancestor with one."""
    while element is not None:
        found = element.get("dir") if isinstance(element.tag, str) else None
        if found in ("rtl", "ltr"):
            return str(found)
        element = element.getparent()
    return "ltr"


def _inline(element: Any, style: Span) -> Iterator[Span]:
    """Yield the runs of an element's text and children, in document order."""
    if element.text:
        yield _run(element.text, style)
    for child in element:
        if not isinstance(child.tag, str):
            pass
        elif child.tag == "br":
            yield replace(style, text="\n")
        elif child.tag == "wbr":  # lxml's HTML parser may put what follows inside it
            yield replace(style, text=BREAK)
            yield from _inline(child, style)
        elif "spoken" in child.get("class", "").split():
            pass  # words for a screen reader of the PDF or the web: a Word table says "✓"
        else:
            yield from _inline(child, _styled(child, style))
        if child.tail:
            yield _run(child.tail, style)


# The zero-width spaces the HTML carries as break opportunities in long Latin strings (URLs,
# paths): Word breaks such a string itself, and a copied URL must not carry them. Those
# between Khmer, Lao or Burmese words stay: they are how Word finds those words.
_LATIN_BREAKS = re.compile("(?<=[\x21-\u024f])\u200b(?=[\x21-\u024f])")


def _styled(child: Any, style: Span) -> Span:
    """Return the style of a child's runs: its emphasis, language, direction and link."""
    changes: dict[str, Any] = {}
    if child.tag in INLINE:
        changes[INLINE[child.tag]] = True
    if child.get("lang"):
        changes["language"] = child.get("lang")
    if child.get("dir") in ("rtl", "ltr"):
        changes["rtl"] = child.get("dir") == "rtl"
    href = child.get("href", "") if child.tag == "a" else ""
    if href and not href.startswith("#"):
        changes["href"] = href
    return replace(style, **changes)


def _run(content: str, style: Span) -> Span:
    """Return `content` (whitespace as HTML renders it) in `style`."""
    spaced = normalize_space(_LATIN_BREAKS.sub("", content))
    if content[:1].isspace() and spaced:
        spaced = " " + spaced
    if content[-1:].isspace() and spaced:
        spaced += " "
    return replace(style, text=spaced or (" " if content else ""))


def _trim(found: list[Span]) -> Iterator[Span]:
    """Yield the runs without empty ones and without spaces at the ends or around breaks."""
    kept = [r for r in found if r.text]
    for index, run in enumerate(kept):
        content = run.text
        if index == 0 or kept[index - 1].text == "\n":
            content = content.lstrip(" ")
        if index == len(kept) - 1 or kept[index + 1].text == "\n":
            content = content.rstrip(" ")
        if content:
            yield replace(run, text=content)


def _dressed(span: Span, setting: Setting | None) -> list[Span]:
    """Return `span` cut where its script changes, each piece with its typeface, language
    (none where it is the document's) and line breaks."""
    if span.text in ("\n", BREAK):
        return [replace(span, language="")]
    pieces = []
    for segment in lang.segments(span.text):
        content = segment.text
        if segment.script in _ICU_ONLY:
            from ..inline import word_breaks

            content = BREAK.join(word_breaks(content, _ICU_ONLY[segment.script]))
        language = span.language
        if setting is None or lang.same_language(language or setting.language, setting.language):
            language = ""
        rtl = segment.script in lang.RIGHT_TO_LEFT or (span.rtl and segment.script in lang.NEUTRAL)
        family = setting.faces(content) if setting else None
        pieces.append(replace(span, text=content, language=language, rtl=rtl, family=family))
    return pieces
