"""Recognise the quoting mistakes of hand-edited YAML: a quote left open, text after one,
text starting with a character YAML reserves, a backslash it cannot read.
"""

from __future__ import annotations

import re

import yaml

from .yamllines import ENTRY, Failure, Found, Line

_RESERVED = "@`"
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def open_quote(failure: Failure) -> Found | None:
    """Recognise a quote left open on its line, which YAML read on into the lines after."""
    for line in reversed(_quoted_runs(failure)):
        after = failure.at(line.number + 1)
        if not after.content or ENTRY.match(after.text):
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


def reserved_start(failure: Failure) -> Found | None:
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


def after_quote(failure: Failure) -> Found | None:
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


def escape(failure: Failure) -> Found | None:
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
