"""Which language and script a text is in, and which way it runs.

A text may carry its language (a BCP 47 tag) in the sources; otherwise it is found from its
script (Unicode's script property, through fontTools), as `und-Xxxx` where a script does not
tell the language. Mixed texts (English words in Urdu, a Khmer name in English) are split
into runs of one script each, so that every edition can mark and set each run on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

TAG = r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?"
TAG_HINT = "is not a language tag such as 'en', 'km', 'ur-PK' or 'zh-Hant'"
RIGHT_TO_LEFT = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"})
NEUTRAL = frozenset({"Zyyy", "Zinh", "Zzzz"})  # common, inherited, unknown: take a neighbour's
# Where a script tells the language, and the language Word is told of a complex script.
SCRIPT_LANGUAGE = {
    "Thai": "th",
    "Khmr": "km",
    "Laoo": "lo",
    "Mymr": "my",
    "Hang": "ko",
    "Sinh": "si",
    "Taml": "ta",
    "Beng": "bn",
    "Thaa": "dv",
    "Kore": "ko",
    "Hira": "ja",
    "Kana": "ja",
    "Grek": "el",
}
WITHOUT_SPACES = frozenset({"Khmr", "Laoo", "Mymr", "Thai"})  # words run together in these


@dataclass(frozen=True)
class Segment:
    """A stretch of a text in one script."""

    text: str
    script: str


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """Return the ISO 15924 code of the script of `char` (Zyyy for digits and punctuation)."""
    from fontTools import unicodedata

    return str(unicodedata.script(char))


@lru_cache(maxsize=4096)
def segments(text: str) -> tuple[Segment, ...]:
    """Return `text` in runs of one script; neutral characters join the run they are in
    (found once per process and text: every edition asks of the same texts)."""
    pieces: list[list[str]] = []
    scripts: list[str] = []
    for char in text:
        script = script_of(char)
        if pieces and (script in NEUTRAL or scripts[-1] in NEUTRAL):
            pieces[-1].append(char)
            if script not in NEUTRAL:
                scripts[-1] = script
        elif pieces and scripts[-1] == script:
            pieces[-1].append(char)
        else:
            pieces.append([char])
            scripts.append(script)
    return tuple(
        Segment("".join(piece), script) for piece, script in zip(pieces, scripts, strict=True)
    )


@lru_cache(maxsize=4096)
def main_script(text: str) -> str:
    """Return the script most letters of `text` are in (Latn for a text with none)."""
    counts = Counter(s for char in text if (s := script_of(char)) not in NEUTRAL)
    return counts.most_common(1)[0][0] if counts else "Latn"


def language_of(text: str, declared: str | None, default: str) -> str:
    """Return the language of `text`: as declared, or else told by its script."""
    if declared:
        return declared
    script = main_script(text)
    if script == "Latn":
        return default
    return SCRIPT_LANGUAGE.get(script, f"und-{script}")


def is_rtl(language: str, text: str = "") -> bool:
    """Return whether a text in `language` runs right to left."""
    explicit = re.search(r"-([A-Z][a-z]{3})\b", language)
    if explicit:
        return explicit.group(1) in RIGHT_TO_LEFT
    if language.split("-")[0] in {"ar", "fa", "ur", "ps", "prs", "dv", "he", "ug", "ckb", "sd"}:
        return True
    return bool(text) and main_script(text) in RIGHT_TO_LEFT


def same_language(one: str, other: str) -> bool:
    """Return whether two tags name the same language (ignoring region): 'en' and 'en-GB'."""
    return one.split("-")[0].lower() == other.split("-")[0].lower()
