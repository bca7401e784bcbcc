"""Inline runs as HTML: every character escaped, styles as em, strong and sup, each stretch
in another script marked with its language and direction, and lines allowed to break where
a reader would break them.

- Khmer, Lao and Burmese are written without spaces between words: a zero-width space
  marks each word boundary ICU's dictionaries find (Pango finds Thai's itself, not these).
- A long unbroken string (an address, a path) may break after `/`, `-`, `.` and the like;
  the stylesheets let any other string break anywhere as a last resort.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from ..model import language as lang
from ..model.markup import Rich, Run

ZWSP = "\u200b"  # a break opportunity inside the text itself, which Pango and Word both take
LONG = 30  # characters without a space, beyond which a string gets break opportunities
_BREAK_AFTER = re.compile(r"(?<=[/\-.?&=_\\])(?=[^/\-.?&=_\\])")
_WORD = re.compile(r"\S+")
_DICTIONARY_BREAKS = {"Khmr": "km", "Laoo": "lo", "Mymr": "my"}


@lru_cache(maxsize=4096)
def attributes(text: Rich | str, declared: str | None, document: str) -> Markup:
    """Return ` lang="…" dir="…"` for an element holding `text`, where it is not the
    document's language (nothing for text in the document's language)."""
    plain = text.plain if isinstance(text, Rich) else text
    found = lang.language_of(plain, declared, document)
    if lang.same_language(found, document):
        return Markup("")
    direction = ' dir="rtl"' if lang.is_rtl(found, plain) else ""
    return Markup(f' lang="{escape(found)}"{direction}')


@lru_cache(maxsize=4096)
def runs(text: Rich | str, declared: str | None, document: str) -> Markup:
    """Return the runs of `text` as HTML, in an element whose language is `declared` (or
    found from the text); made once per process and text, as every edition asks again."""
    plain = text.plain if isinstance(text, Rich) else text
    container = lang.main_script(plain) if not declared else _script_of_tag(declared, plain)
    found = text.runs if isinstance(text, Rich) else (Run(text),)
    return Markup("").join(_run(run, container, document) for run in found)


def _script_of_tag(tag: str, text: str) -> str:
    """Return the script a language tag names, or the text's own main script."""
    explicit = re.search(r"-([A-Z][a-z]{3})\b", tag)
    return explicit.group(1) if explicit else lang.main_script(text)


def _run(run: Run, container: str, document: str) -> Markup:
    """Return one run: its segments (foreign ones in a span), inside its style's tags."""
    html = Markup("").join(_segment(s, container, document) for s in lang.segments(run.text))
    for on, tag in ((run.superscript, "sup"), (run.italic, "em"), (run.bold, "strong")):
        if on:
            html = Markup(f"<{tag}>") + html + Markup(f"</{tag}>")
    return html


def _segment(segment: lang.Segment, container: str, document: str) -> Markup:
    """Return a stretch in one script, marked when its script is not the container's."""
    html = _breakable(segment.text, segment.script)
    if segment.script in (container, *lang.NEUTRAL) or not segment.text.strip():
        return html
    language = (
        document
        if segment.script == "Latn"
        else lang.SCRIPT_LANGUAGE.get(segment.script, f"und-{segment.script}")
    )
    direction = (
        ' dir="rtl"'
        if segment.script in lang.RIGHT_TO_LEFT
        else ' dir="ltr"'
        if (container in lang.RIGHT_TO_LEFT)
        else ""
    )
    text = segment.text  # spaces around a foreign stretch stay outside it, with the container's
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    html = _breakable(text.strip(), segment.script)
    return (
        escape(lead)
        + Markup(f'<span lang="{language}"{direction}>')
        + html
        + Markup("</span>")
        + escape(trail)
    )


def _breakable(text: str, script: str) -> Markup:
    """Return `text` escaped, with a zero-width space wherever a line may break that the
    text's own spaces and hyphens would not allow (a `<wbr>` element would be a box of its
    own, across which WeasyPrint's line breaking does not look back)."""
    if script in _DICTIONARY_BREAKS:
        return Markup(ZWSP).join(map(escape, word_breaks(text, _DICTIONARY_BREAKS[script])))
    pieces: list[str] = []
    last = 0
    for word in _WORD.finditer(text):
        if len(word.group()) > LONG:
            pieces.append(text[last : word.start()])
            parts = _BREAK_AFTER.split(word.group())
            pieces.append("\0".join(parts))
            last = word.end()
    pieces.append(text[last:])
    return Markup(ZWSP).join(escape(p) for p in "".join(pieces).split("\0"))


@lru_cache(maxsize=4096)
def word_breaks(text: str, language: str) -> tuple[str, ...]:
    """Return `text` cut at the word boundaries ICU's dictionary for `language` finds."""
    from icu4py.breakers import LineBreaker
    from icu4py.locale import Locale

    return tuple(text[start:end] for start, end in LineBreaker(text, Locale(language)).segments())
