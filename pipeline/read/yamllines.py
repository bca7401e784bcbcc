"""Source lines as YAML cuts them, and what PyYAML reported while reading them.

The rules that explain a syntax error (`yamlerrors`, `yamlquotes`) read the lines around it
again through these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_LINE = re.compile(
    r"(?P<indent> *)(?P<dash>(?:- +)*)(?:(?P<key>[A-Za-z_][\w-]*) *:(?= |$) *)?(?P<value>.*)"
)
ENTRY = re.compile(r" *(- |-$|[A-Za-z_][\w-]* *:( |$))")


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
