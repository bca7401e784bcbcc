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

import yaml

from ..errors import Mark, SourceError
from . import yamlquotes as quotes
from .yamllines import Failure, Found

_CURLY = "“”‘’„«»"


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


RULES: tuple[Callable[[Failure], Found | None], ...] = (
    _tab,
    quotes.escape,
    quotes.open_quote,
    quotes.reserved_start,
    quotes.after_quote,
    _colon,
    _flow,
    _dash,
    _indentation,
)
