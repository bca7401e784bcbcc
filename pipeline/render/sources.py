"""Find the source value a piece of laid-out text came from, to locate a layout fault."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..errors import Mark
from ..model.fields import Located
from ..model.markup import Rich

MEANINGFUL = 4  # characters: a shorter text (a digit, a tick) could be in any value
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060]")  # breaks and joins added for layout


def _normal(text: str) -> str:
    """Return `text` as compared: without layout breaks, spaces collapsed, case folded (a
    stylesheet may set it in capitals)."""
    return " ".join(_INVISIBLE.sub("", text).split()).casefold()


class SourceIndex:
    """Every text value of the model, with where it was written and what field it is."""

    def __init__(self, *roots: object) -> None:
        self.values: list[tuple[str, Mark, str]] = []
        seen: set[int] = set()
        for root in roots:
            self._walk(root, seen)

    def find(self, text: str) -> tuple[Mark, str] | None:
        """Return the place and field name of the first source value containing `text`."""
        wanted = _normal(text)
        if len(wanted) < MEANINGFUL:
            return None
        for value, mark, field in self.values:
            if wanted in value:
                return mark, field
        return None

    def _walk(self, obj: Any, seen: set[int]) -> None:
        """Index the text fields of `obj` and of the model objects it holds."""
        if id(obj) in seen or not dataclasses.is_dataclass(obj):
            return
        seen.add(id(obj))
        kind = type(obj).__name__.lower()
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            items = value if isinstance(value, tuple) else (value,)
            for i, item in enumerate(items):
                key = f"{field.name}[{i}]" if isinstance(value, tuple) else field.name
                self._value(item, obj, kind, key, seen)

    def _value(self, item: Any, owner: Any, kind: str, key: str, seen: set[int]) -> None:
        """Index one value: a text where it is written, or a model object to walk."""
        if isinstance(item, str | Rich) and isinstance(owner, Located):
            text = _normal(item.plain if isinstance(item, Rich) else item)
            if text:
                mark = (
                    owner.where[key]
                    if key in owner.where.fields
                    else owner.where[key.split("[")[0]]
                )
                self.values.append((text, mark, f"{kind} {key.split('[')[0]}"))
        elif dataclasses.is_dataclass(item):
            self._walk(item, seen)
