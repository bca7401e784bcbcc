"""Parse the sources' small inline markup into runs that every writer renders.

    *Title*      italic          **lead**    bold          1^st^   superscript
    \\*  \\^  \\\\   a literal asterisk, caret or backslash; any other backslash is printed
                 as typed (`C:\\Shared\\web`, `UNODC\\UNHCR`)

As in Markdown, an asterisk opens only before a word and closes only after one, so `7*7` and
`2 * 3` stay literal; a superscript holds no spaces. Nothing else is markup: `<`, `&`, `{{`
and the like are plain characters, and each writer escapes them for its own format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\\[*^\\]|\^([^\s^\\*]+)\^|\*\*|\*", re.DOTALL)
_SPACE = re.compile(r"\s+")
_NAMES = {"**": "bold", "*": "italic"}


class MarkupError(ValueError):
    """Markup that cannot be read; `offset` is where in the text it starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Run:
    """A stretch of text in one combination of styles."""

    text: str
    italic: bool = False
    bold: bool = False
    superscript: bool = False


@dataclass(frozen=True)
class Rich:
    """Text with inline markup: the source as written and the runs it means."""

    source: str
    runs: tuple[Run, ...]

    @property
    def plain(self) -> str:
        """Return the text without any styling."""
        return "".join(run.text for run in self.runs)

    def __str__(self) -> str:
        return self.plain


def normalize_space(text: str) -> str:
    """Return `text` with every run of whitespace made one space, and trimmed."""
    return _SPACE.sub(" ", text).strip()


def parse(source: str) -> Rich:
    """Return the runs of `source`, or raise MarkupError where its markup does not close."""
    text = normalize_space(source)
    runs: list[Run] = []
    opened: dict[str, int] = {}
    start = 0
    buffer: list[str] = []
    for match in _TOKEN.finditer(text):
        buffer.append(text[start : match.start()])
        start = match.end()
        token = match.group()
        if token.startswith("\\"):
            buffer.append(token[1])
            continue
        if match.group(1):
            _flush(runs, buffer, opened)
            buffer.append(match.group(1))
            _flush(runs, buffer, {**opened, "superscript": match.start()})
        elif (action := _emphasis(text, match, opened)) is None:
            buffer.append(token)
        else:
            _flush(runs, buffer, opened)
            _toggle(opened, action, match.start())
    buffer.append(text[start:])
    _flush(runs, buffer, opened)
    if opened:
        name, offset = min(opened.items(), key=lambda item: item[1])
        raise MarkupError(f"{name} markup opened at character {offset + 1} is not closed", offset)
    return Rich(source, tuple(runs))


def _emphasis(text: str, match: re.Match[str], opened: dict[str, int]) -> str | None:
    """Return the style an asterisk token opens or closes, or None when it is literal."""
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    name = _NAMES[match.group()]
    closes = name in opened and not before.isspace() and not after.isalnum()
    opens = name not in opened and not after.isspace() and not before.isalnum()
    return name if closes or opens else None


def _toggle(opened: dict[str, int], name: str, offset: int) -> None:
    """Open the style `name` at `offset`, or close it when it is open."""
    if name in opened:
        del opened[name]
    else:
        opened[name] = offset


def _flush(runs: list[Run], buffer: list[str], opened: dict[str, int]) -> None:
    """Append the buffered text as a run in the open styles, merging with a like neighbour."""
    text = "".join(buffer)
    buffer.clear()
    if not text:
        return
    run = Run(text, "italic" in opened, "bold" in opened, "superscript" in opened)
    if runs and _same_style(runs[-1], run):
        runs[-1] = Run(runs[-1].text + text, run.italic, run.bold, run.superscript)
    else:
        runs.append(run)


def _same_style(a: Run, b: Run) -> bool:
    """Return whether two runs share every style."""
    return (a.italic, a.bold, a.superscript) == (b.italic, b.bold, b.superscript)
