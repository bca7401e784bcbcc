"""Bind located YAML nodes to the typed model, collecting every problem with its location.

The model's dataclasses are the schema (see `model.fields`): their type hints say what each
field holds, and their `spec` the constraints. The same declarations produce the JSON
Schemas for editors (see `schemas`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import Mark, SourceError, shown
from ..model import markup
from ..model.brand import Glyphs
from ..model.fields import Where
from . import charset
from .yamlfile import Mapping as MapNode
from .yamlfile import Node, Scalar, Sequence

T = TypeVar("T")


@dataclass(frozen=True)
class Lost:
    """An object that could not be read: its class, the fields that could, those that failed."""

    cls: type
    values: Mapping[str, Any]
    failed: frozenset[str]
    mark: Mark


_INT_DIGITS = 9
_INT = re.compile(r"(0|[1-9][0-9]{0,8})")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"(0|[1-9][0-9]{0,8})(\.[0-9]{1,3})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@functools.cache
def _schema(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """Return a model class's type hints and its fields but `where`, worked out once (a
    plan of thousands of activities would otherwise evaluate them for every activity)."""
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "where"}
    return typing.get_type_hints(cls), fields


class Binder:
    """Turn nodes into model objects; problems go to `errors`, never raised."""

    def __init__(self, glyphs: Glyphs | None = None) -> None:
        self.errors: list[SourceError] = []
        self.glyphs = glyphs
        self.lost: list[Lost] = []
        self._dropping: list[set[str]] = []

    def error(self, mark: Mark, name: str, message: str, hint: str = "") -> None:
        """Record one problem, with its likely fix."""
        self.errors.append(SourceError(mark, name, message, hint))

    def bind(self, node: Node, cls: type[T], name: str = "") -> T | None:
        """Return `node` as an instance of the dataclass `cls`, or None after recording why not.

        An item of a list that cannot be read is left out of it (and the list named in
        `where.dropped`), so that the rest can still be checked.
        """
        hints, fields = _schema(typing.cast(type, cls))
        if not isinstance(node, MapNode):
            self.error(node.mark, name, f"expected a mapping of fields, found {_kind(node)}")
            self.lost.append(Lost(cls, {}, frozenset(fields), node.mark))
            return None
        failed = self._unknown_keys(node, fields)
        values: dict[str, Any] = {}
        marks: dict[str, Mark] = {}
        self._dropping.append(set())
        for fname, fdef in fields.items():
            if fname not in node.entries:
                if not self._missing(node, fname, fdef, failed):
                    failed.add(fname)
                continue
            _key, value = node.entries[fname]
            marks[fname] = value.mark
            result = self.value(value, hints[fname], fdef.metadata, fname, marks)
            if result is _BAD:
                failed.add(fname)
            else:
                values[fname] = result
        dropped = frozenset(self._dropping.pop())
        if failed:
            self.lost.append(Lost(cls, values, frozenset(failed), node.mark))
            return None
        where = Where(node.mark, marks, dropped)
        return typing.cast(Any, cls)(**values, where=where)  # type: ignore[no-any-return]

    def _unknown_keys(self, node: MapNode, fields: Mapping[str, Any]) -> set[str]:
        """Record keys the model does not know, with the nearest known name; return those
        names (a misspelt field's value is not read), or '' for a key like no field."""
        meant = set()
        for key, (key_node, _value) in node.entries.items():
            if key in fields:
                continue
            close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
            if close and close[0] not in node.entries:
                meant.add(close[0])
                hint = f"did you mean '{close[0]}'?"
            else:
                meant.add("")
                hint = f"the fields here: {', '.join(fields)}"
            self.error(key_node.mark, key, "unknown field", hint)
        return meant

    def _missing(self, node: MapNode, name: str, fdef: Any, meant: set[str]) -> bool:
        """Return whether an absent field may be left out; record it when not (unless a
        misspelt key already stands for it)."""
        missing = dataclasses.MISSING
        if fdef.default is not missing or fdef.default_factory is not missing:
            return True
        if name not in meant:
            self.error(node.mark, name, f"missing required field '{name}'", f"add '{name}:' here")
        return False

    def value(
        self, node: Node, hint: Any, meta: Mapping[str, Any], name: str, marks: dict[str, Mark]
    ) -> Any:
        """Return `node` converted to `hint`, or _BAD after recording why not."""
        optional, hint = unwrap_optional(hint)
        if isinstance(node, Scalar) and node.is_null:
            if optional:
                return None
            self.error(node.mark, name, "must not be empty")
            return _BAD
        origin = typing.get_origin(hint)
        if origin is tuple:
            return self.sequence(node, typing.get_args(hint)[0], meta, name, marks)
        if dataclasses.is_dataclass(hint) and hint is not markup.Rich:
            result = self.bind(node, hint, name)  # type: ignore[arg-type]
            return _BAD if result is None else result
        if not isinstance(node, Scalar):
            self.error(node.mark, name, f"expected {_describe(hint)}, found {_kind(node)}")
            return _BAD
        return self.scalar(node, hint, meta, name)

    def sequence(
        self, node: Node, item: Any, meta: Mapping[str, Any], name: str, marks: dict[str, Mark]
    ) -> Any:
        """Return a sequence node as a tuple of converted items."""
        if not isinstance(node, Sequence):
            self.error(node.mark, name, f"expected a list, found {_kind(node)}")
            return _BAD
        if len(node.items) < meta.get("min_items", 0):
            self.error(node.mark, name, f"needs at least {meta['min_items']} item(s)")
            return _BAD
        if "max_items" in meta and len(node.items) > meta["max_items"]:
            why = f"; {meta['max_items_hint']}" if "max_items_hint" in meta else ""
            self.error(
                node.mark,
                name,
                f"has {len(node.items)} items; at most {meta['max_items']} fit{why}",
            )
            return _BAD
        items: list[Any] = []
        for child in node.items:
            result = self.value(child, item, meta, name, marks)
            if result is _BAD:
                self._dropping[-1].add(name)
                continue
            marks[f"{name}[{len(items)}]"] = child.mark
            items.append(result)
        return tuple(items)

    def scalar(self, node: Scalar, hint: Any, meta: Mapping[str, Any], name: str) -> Any:
        """Return a scalar converted to int, date, Rich or str, checking its constraints."""
        convert = {
            int: self._int,
            float: self._float,
            dt.date: self._date,
            markup.Rich: self._rich,
            str: self._str,
        }
        result = convert[hint](node, meta, name)
        return _BAD if result is None else result

    def _int(self, node: Scalar, meta: Mapping[str, Any], name: str) -> int | None:
        what, hint = _whole(node.value)
        number = self._number(node, meta, name, _INT, what, hint)
        return None if number is None else int(number)

    def _float(self, node: Scalar, meta: Mapping[str, Any], name: str) -> float | None:
        return self._number(node, meta, name, _DECIMAL, "a number", "write it like 10.5")

    def _number(
        self,
        node: Scalar,
        meta: Mapping[str, Any],
        name: str,
        form: re.Pattern[str],
        what: str,
        hint: str,
    ) -> float | None:
        """Return a plain scalar of the given form as a number within the field's range."""
        if not (node.plain and form.fullmatch(node.value)):
            self.error(node.mark, name, f"'{shown(node.value)}' is not {what}", hint)
            return None
        number = float(node.value)
        low, high = meta.get("min", 0), meta.get("max", 10**9)
        if not low <= number <= high:
            self.error(node.mark, name, f"{node.value} is outside {low}-{high}")
            return None
        return number

    def _date(self, node: Scalar, meta: Mapping[str, Any], name: str) -> dt.date | None:
        try:
            if _DATE.fullmatch(node.value):
                return dt.date.fromisoformat(node.value)
        except ValueError:
            pass
        self.error(node.mark, name, f"'{shown(node.value)}' is not a date written as YYYY-MM-DD")
        return None

    def _str(self, node: Scalar, meta: Mapping[str, Any], name: str) -> str | None:
        value = self._checked_text(node, meta, name)
        if value is None:
            return None
        pattern = meta.get("pattern")
        if pattern and not re.fullmatch(pattern, value):
            self.error(
                node.mark, name, f"'{shown(value)}' {meta.get('pattern_hint', 'is not valid')}"
            )
            return None
        check = meta.get("check")
        problem = check(value) if check else None
        if problem:
            self.error(node.mark, name, problem)
            return None
        return value

    def _rich(self, node: Scalar, meta: Mapping[str, Any], name: str) -> markup.Rich | None:
        value = self._checked_text(node, meta, name, normalize=False)
        if value is None:
            return None
        try:
            return markup.parse(value)
        except markup.MarkupError as exc:
            self.error(_offset(node, exc.offset), name, str(exc))
            return None

    def _checked_text(
        self, node: Scalar, meta: Mapping[str, Any], name: str, normalize: bool = True
    ) -> str | None:
        """Return the scalar's text when every character can be printed and it fits."""
        problem = charset.problem(node.value, self.glyphs)
        if problem:
            offset, message = problem
            self.error(_offset(node, offset), name, message)
            return None
        value = markup.normalize_space(node.value)
        if not value:
            self.error(node.mark, name, "must not be empty")
            return None
        limit = meta.get("max_length", 2000)
        if len(value) > limit:
            message = f"is {len(value):,} characters long; at most {limit:,} fit here"
            self.error(node.mark, name, message)
            return None
        return value if normalize else node.value


class _Bad:
    """Marker for a value that failed to bind."""


_BAD: Any = _Bad()


def _whole(value: str) -> tuple[str, str]:
    """Return what a whole number is, and how to write one YAML would read by surprise."""
    digits = _ASCII_DIGITS.fullmatch(value.replace("_", ""))
    if digits and "_" in value:
        return "a whole number", f"write {shown(value.replace('_', ''))}, without '_'"
    if digits and value.startswith("0") and value != "0":
        return "a whole number", f"write {shown(value.lstrip('0') or '0')}, not {shown(value)}"
    if digits:
        return f"a whole number of at most {_INT_DIGITS} digits", ""
    return "a whole number", ""


def _offset(node: Scalar, offset: int) -> Mark:
    """Return the mark of character `offset` in a one-line plain scalar, else its start."""
    if node.plain and "\n" not in node.value[:offset]:
        return Mark(node.mark.path, node.mark.line, node.mark.col + offset)
    return node.mark


def unwrap_optional(hint: Any) -> tuple[bool, Any]:
    """Return whether `hint` admits None, and the type without None."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return True, args[0]
    return False, hint


def _kind(node: Node) -> str:
    """Return a reader's word for what a node is."""
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value if isinstance(node, Scalar) else ""
    return f"'{shown(value, 40)}'"


def _describe(hint: Any) -> str:
    """Return a reader's word for what a type expects."""
    names = {int: "a whole number", float: "a number", dt.date: "a date (YYYY-MM-DD)"}
    return names.get(hint, "text")
