"""What could not be read, so that the rules check the rest without reporting echoes.

A release whose `number` is misspelt cannot be read, but its id can: an activity naming
that id must not be told that no release has it. A file that YAML cannot read at all
hides everything in it: no rule says that something in it is missing. Each problem is then
reported once, under its own name, and every other rule still runs on what could be read.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.markup import Rich
from .binding import Lost, unwrap_optional


@dataclass(frozen=True)
class Gaps:
    """Per kind of source file (its root class): files not read at all, objects lost in them."""

    unread: frozenset[type] = frozenset()
    lost: Mapping[type, tuple[Lost, ...]] = field(default_factory=dict)

    def known(self, root: type, cls: type, name: str) -> set[Any]:
        """Return the values of field `name` of the `cls` objects lost in `root` files."""
        found = set()
        for lost in self.lost.get(root, ()):
            if lost.cls is cls and name in lost.values:
                found.add(lost.values[name])
            for obj in _within(lost.values):
                if isinstance(obj, cls):
                    found.add(getattr(obj, name))
        return found

    def doubtful(self, root: type, cls: type, name: str) -> bool:
        """Return whether a value of `name` of a `cls` in `root` files may be lost unseen."""
        if root in self.unread:
            return True
        for lost in self.lost.get(root, ()):
            if lost.cls is cls and name in lost.failed:
                return True
            if any(_holds_objects(lost.cls, failed) for failed in lost.failed):
                return True
        return False


def _within(values: Mapping[str, Any]) -> Iterator[object]:
    """Yield every model object held in `values`, at any depth."""
    stack = list(values.values())
    while stack:
        value = stack.pop()
        if isinstance(value, tuple):
            stack += value
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            yield value
            stack += [
                getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "where"
            ]


def _holds_objects(cls: type, name: str) -> bool:
    """Return whether field `name` of `cls` holds model objects (a list of them, or one)."""
    hint = typing.get_type_hints(cls).get(name)
    if hint is None:
        return True  # a misspelt key: it may have held anything
    _optional, hint = unwrap_optional(hint)
    if typing.get_origin(hint) is tuple:
        hint = typing.get_args(hint)[0]
    return dataclasses.is_dataclass(hint) and hint is not Rich
