"""Explain a YAML syntax error in plain words: where the mistake is, and its likely fix.

PyYAML names what its parser expected (`mapping values are not allowed here`), often a line
or two after the mistake. Here the lines around the error are read again to recognise the
common mistakes of people who edit YAML by hand: a colon in plain text, a tab, a quote left
open, curly quotes, an item without its `- `, a line indented unlike its neighbours. Each is
located where the mistake is (an open quote at the quote, not where YAML gave up).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from ..errors import Mark, SourceError

_LINE = re.compile(
    r"(?P<indent> *)(?P<dash>(?:- +)*)(?:(?P<key>[A-Za-z_][\w-]*) *:(?= |$) *)?(?P<value>.*)"
)
_ENTRY = re.compile(r" *(- |-$|[A-Za-z_][\w-]* *:( |$))")
_CURLY = "“”‘’„«»"
_RESERVED = "@`"
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Line:
    """One source line, cut where YAML cuts it: indentation, list dashes, key and value."""

    number: int  # 0-based
    text: str
    indent: int
    key: str | None
    key_col: int
    value: str
    value_col: int

    @classmethod
    def of(cls, lines: list[str], number: int) -> Line:
        """Return line `number` of `lines` (an empty line past the end)."""
        text = lines[number] if 0 <= number < len(lines) else ""
        found = _LINE.fullmatch(text)
        assert found is not None  # the pattern matches any line
        key_col = len(found["indent"]) + len(found["dash"])
        return cls(
            number,
            text,
            len(found["indent"]),
            found["key"],
            key_col,
            found["value"],
            found.start("value"),
        )

    @property
    def what(self) -> str:
        """Return how to name this line's value: by its key ('title'), or 'text'."""
        return self.key or "text"

    @property
    def content(self) -> bool:
        """Return whether the line holds more than spaces or a comment."""
        stripped = self.text.strip()
        return bool(stripped) and not stripped.startswith("#")


@dataclass(frozen=True)
class Found:
    """A mistake recognised: where (0-based), what and how to fix it."""

    line: int
    col: int
    message: str
    hint: str


@dataclass(frozen=True)
class Failure:
    """What PyYAML reported, with the text it read."""

    lines: list[str]
    problem: str
    line: int
    col: int
    context: str
    context_line: int
    context_col: int

    @classmethod
    def of(cls, exc: yaml.MarkedYAMLError, text: str) -> Failure:
        """Return the failure PyYAML raised while reading `text`."""
        mark = exc.problem_mark or exc.context_mark
        context = exc.context_mark or mark
        return cls(
            text.split("\n"),
            exc.problem or exc.context or "invalid YAML",
            mark.line if mark else 0,
            mark.column if mark else 0,
            exc.context or "",
            context.line if context else 0,
            context.column if context else 0,
        )

    def at(self, number: int) -> Line:
        """Return line `number`, cut into its parts."""
        return Line.of(self.lines, number)

    @property
    def here(self) -> Line:
        """Return the line where PyYAML stopped."""
        return self.at(self.line)

    def above(self, number: int) -> Line | None:
        """Return the nearest line above `number` that names a key or starts an item."""
        for index in range(number - 1, -1, -1):
            line = self.at(index)
            if line.content and (line.key or line.key_col > line.indent):
                return line
        return None


def explain(exc: yaml.MarkedYAMLError, rel: str, text: str) -> SourceError:
    """Return a YAML syntax error as a located problem in plain words, with its likely fix."""
    failure = Failure.of(exc, text)
    for rule in RULES:
        found = rule(failure)
        if found is not None:
            return SourceError(
                Mark(rel, found.line + 1, found.col + 1), "", found.message, found.hint
            )
    return SourceError(
        Mark(rel, failure.line + 1, failure.col + 1),
        "",
        f"YAML cannot read this line ({failure.problem})",
        "check the quotes and the indentation of this line and the one above",
    )


def _tab(failure: Failure) -> Found | None:
    """Recognise a tab where YAML wants spaces."""
    text = failure.here.text
    lead = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in lead:
        return Found(
            failure.line,
            lead.index("\t"),
            "this line is indented with a tab",
            "indent with spaces; YAML does not allow tabs there",
        )
    if text[failure.col : failure.col + 1] == "\t":
        return Found(failure.line, failure.col, "this line has a tab", "use spaces instead")
    return None


def _open_quote(failure: Failure) -> Found | None:
    """Recognise a quote left open on its line, which YAML read on into the lines after."""
    for line in reversed(_quoted_runs(failure)):
        after = failure.at(line.number + 1)
        if not after.content or _ENTRY.match(after.text):
            return _unclosed(line, line.value_col)
    if failure.context.startswith("while scanning a quoted scalar"):
        return _unclosed(failure.at(failure.context_line), failure.context_col)
    return None


def _quoted_runs(failure: Failure) -> list[Line]:
    """Return the lines where a quoted text starts that YAML read on over more lines."""
    text = "\n".join(failure.lines)
    found = []
    try:
        for token in yaml.scan(text, Loader=_Parser):
            start, end = token.start_mark, token.end_mark
            quoted = isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
            if quoted and start.line < end.line and start.line <= failure.line:
                found.append(failure.at(start.line))
    except yaml.YAMLError:
        pass
    return found


def _unclosed(line: Line, col: int) -> Found:
    """Return the mistake of a quote opened at `col` of `line` and not closed there."""
    quote = line.text[col : col + 1]
    return Found(
        line.number,
        col,
        f"this {line.what} opens a quote ({quote}) that is not closed on its line",
        f"end the {line.what} with {quote} on the same line",
    )


def _closing(value: str) -> int | None:
    """Return the index of the quote that closes the quoted `value`, or None if none does."""
    quote, index = value[0], 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _reserved_start(failure: Failure) -> Found | None:
    """Recognise text that starts with a character YAML reserves: '*', '&', '@' or '`'."""
    for line in (failure.here, failure.at(failure.context_line)):
        first = line.value[:1]
        if first in ("*", "&"):
            return Found(
                line.number,
                line.value_col,
                f"this {line.what} starts with '{first}', which YAML reads as a reference",
                f"put the whole {line.what} in quotes: {_quoted(line.value)}",
            )
        if first and first in _RESERVED:
            return Found(
                line.number,
                line.value_col,
                f"this {line.what} starts with '{first}', which YAML does not allow there",
                f"put the whole {line.what} in quotes: {_quoted(line.value)}",
            )
    return None


def _after_quote(failure: Failure) -> Found | None:
    """Recognise text that goes on after the quote that closes it."""
    line = failure.here
    if line.value[:1] not in ("'", '"'):
        return None
    end = _closing(line.value)
    rest = line.value[end + 1 :].strip() if end is not None else ""
    if not rest or rest.startswith("#"):
        return None
    return Found(
        line.number,
        line.value_col + end + 1 if end is not None else line.value_col,
        f"this {line.what} goes on after its closing quote ({line.value[0]})",
        f"put the whole {line.what} in quotes: {_quoted(line.value)}",
    )


def _colon(failure: Failure) -> Found | None:
    """Recognise ': ' in plain text, curly quotes, or a key indented under a value."""
    if "mapping values are not allowed" not in failure.problem:
        return None
    line = failure.here
    if line.key is not None and failure.col < line.value_col and line.key_col > 0:
        above = failure.above(line.number)
        if above is not None and above.key_col < line.key_col:
            return Found(
                line.number,
                line.key_col,
                f"this line is indented more than '{above.what}' above it",
                f"line '{line.what}' up with '{above.what}' (line {above.number + 1}), "
                f"or give '{above.what}' no value on its line",
            )
    if line.value[:1] in _CURLY:
        return Found(
            line.number,
            line.value_col,
            f"this {line.what} starts with a curly quote ({line.value[0]}), "
            "which YAML does not read as a quote",
            f'put the whole {line.what} in straight quotes (")',
        )
    ending = "ends with ':'" if failure.col + 1 >= len(line.text.rstrip()) else "contains ': '"
    return Found(
        line.number,
        failure.col,
        f"this {line.what} {ending}",
        f"put the whole {line.what} in quotes",
    )


def _flow(failure: Failure) -> Found | None:
    """Recognise a list in brackets, or a mapping in braces, that is not closed."""
    kinds = {"flow sequence": ("list", "]"), "flow mapping": ("mapping", "}")}
    for name, (kind, closer) in kinds.items():
        if name not in failure.context:
            continue
        opener = failure.at(failure.context_line)
        if failure.line == failure.context_line and closer in opener.text[failure.col :]:
            return Found(
                failure.line,
                failure.col,
                f"the items of this {kind} are not separated by commas",
                "write a comma between each two items",
            )
        return Found(
            opener.number,
            failure.context_col,
            f"this {kind} is not closed",
            f"end it with '{closer}'",
        )
    return None


def _dash(failure: Failure) -> Found | None:
    """Recognise a list item without its '- ', or with no space after the '-'."""
    for number in range(failure.context_line, failure.line + 1):
        text = failure.at(number).text
        found = re.match(r" *-(?=[^\s-])", text)
        if found:
            return Found(
                number,
                found.end() - 1,
                "a '-' that starts an item of a list must be followed by a space",
                f"write '- {text[found.end() :].strip()}'",
            )
    line = failure.here
    in_list = "block collection" in failure.context
    if in_list and line.indent == failure.context_col and not line.key_col > line.indent:
        return Found(
            line.number,
            line.indent,
            "this line starts a new item of the list without '- '",
            f"write '- ' before '{line.what}', as the item on line {failure.context_line + 1} does",
        )
    return None


def _indentation(failure: Failure) -> Found | None:
    """Recognise a line whose indentation lines it up with nothing above it."""
    if "block" not in failure.context:
        return None
    line = failure.here
    above = failure.above(line.number)
    if above is None or above.key_col == line.indent:
        return None
    spaces = "space" if line.indent == 1 else "spaces"
    return Found(
        line.number,
        line.indent,
        f"this line is indented by {line.indent} {spaces}, unlike the lines above it",
        f"line it up with '{above.what}' on line {above.number + 1} "
        f"({above.key_col} {'space' if above.key_col == 1 else 'spaces'})",
    )


def _escape(failure: Failure) -> Found | None:
    """Recognise a backslash in double quotes that YAML cannot read as an escape."""
    if "escape" not in failure.problem:
        return None
    line = failure.here
    start = line.text.rfind("\\", 0, failure.col + 1)
    return Found(
        line.number,
        max(start, 0),
        f"this {line.what} has a backslash that YAML cannot read as an escape in double quotes",
        f"write the character itself, or put the whole {line.what} in single quotes (')",
    )


def _quoted(value: str) -> str:
    """Return `value` (without a trailing comment) as YAML text in single quotes."""
    text = re.sub(r"\s+#.*$", "", value).strip()
    return "'" + text.replace("'", "''") + "'"


RULES: tuple[Callable[[Failure], Found | None], ...] = (
    _tab,
    _escape,
    _open_quote,
    _reserved_start,
    _after_quote,
    _colon,
    _flow,
    _dash,
    _indentation,
)
