"""Read YAML strictly into located nodes: no aliases, no tags, no duplicate keys, no guessing.

Scalars stay text: whether `no` is a word or a boolean, or `0123` a number, is decided
later by the model, which knows what each field expects (so YAML 1.1 surprises cannot happen).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import files
from ..errors import Mark, SourceError, SourcesInvalid
from . import yamlerrors

MAX_BYTES = 16_000_000  # a plan of some 100,000 activities; what the build can lay out
MAX_DEPTH = 24
MAX_ERRORS = 50

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Node:
    """A located YAML node."""

    mark: Mark


@dataclass(frozen=True)
class Scalar(Node):
    """A scalar as written; `plain` is False when it was quoted or a block scalar."""

    value: str
    plain: bool = True

    @property
    def is_null(self) -> bool:
        """Return whether the scalar is an unquoted empty value, `~` or `null`."""
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class Mapping(Node):
    """A mapping from text keys to nodes, in source order."""

    entries: dict[str, tuple[Scalar, Node]]


@dataclass(frozen=True)
class Sequence(Node):
    """A sequence of nodes."""

    items: tuple[Node, ...]


def read_file(root: Path, rel: str) -> Node:
    """Return the root node of the project's YAML file `rel`."""
    try:
        data = files.read_bytes(root, rel, MAX_BYTES)
    except files.Refused as exc:
        reason = exc.reason.replace("a file may have here", "a source may have")
        reason = f"file {reason}" if reason.startswith("is ") else reason
        raise SourcesInvalid([SourceError(Mark(rel), "", reason)]) from None
    return parse(data, rel)


def parse(data: bytes, rel: str) -> Node:
    """Return the root node of one YAML document given as UTF-8 bytes."""
    text = _decode(data, rel).replace("\r\n", "\n").replace("\r", "\n")
    builder = _Builder(rel)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            builder.feed(event)
            if len(builder.errors) >= MAX_ERRORS:
                break
    except yaml.MarkedYAMLError as exc:
        explained = yamlerrors.explain(exc, rel, text)
        # what the builder found on that line is an echo of the same mistake (an alias)
        builder.errors = [e for e in builder.errors if e.mark.line != explained.mark.line]
        builder.errors.append(explained)
    except yaml.reader.ReaderError as exc:
        builder.errors.append(_reader_error(exc, rel, text))
    if builder.errors:
        raise SourcesInvalid(builder.errors)
    if builder.root is None:
        raise SourcesInvalid([SourceError(Mark(rel, 1, 1), "", "file is empty")])
    return builder.root


def _decode(data: bytes, rel: str) -> str:
    """Return the text of `data`, or raise a located error where it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"file is not UTF-8 text (byte 0x{data[exc.start]:02x})"
        error = SourceError(Mark(rel, line, col), "", message, "save it as UTF-8")
        raise SourcesInvalid([error]) from None


def _reader_error(exc: yaml.reader.ReaderError, rel: str, text: str) -> SourceError:
    """Return a character the YAML reader refuses as a located source error."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    col = exc.position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    message = f"character U+{code:04X} is not allowed in a source file ({exc.reason})"
    return SourceError(Mark(rel, line, col), "", message)


_WRITE_OUT = "write the value out; if the text starts with '*' or '&', put it all in quotes"
_QUOTE_IT = "if the text starts with '{}', put it all in quotes"


class _Builder:
    """Assemble located nodes from parser events, collecting what the format forbids."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.errors: list[SourceError] = []
        self.stack: list[tuple[Mark, bool, list[Node]]] = []
        self.root: Node | None = None
        self.documents = 0

    def mark(self, event: yaml.Event) -> Mark:
        """Return the 1-based location where `event` starts."""
        start = event.start_mark
        return Mark(self.rel, start.line + 1, start.column + 1) if start else Mark(self.rel)

    def refuse(self, event: yaml.Event, message: str, hint: str) -> None:
        """Record a problem at `event`, with its likely fix."""
        self.errors.append(SourceError(self.mark(event), "", message, hint))

    def feed(self, event: yaml.Event) -> None:
        """Take one parser event."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.refuse(event, "a source file holds one YAML document only", "remove '---'")
        elif isinstance(event, yaml.AliasEvent):
            self.refuse(event, f"aliases (*{event.anchor}) are not allowed", _WRITE_OUT)
            self.add(Scalar(self.mark(event), "", plain=False))
        elif isinstance(event, yaml.NodeEvent):
            self.node_event(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.close()

    def node_event(self, event: yaml.NodeEvent) -> None:
        """Check anchors and tags, then open a collection or add a scalar."""
        if event.anchor is not None:
            self.refuse(event, f"anchors (&{event.anchor}) are not allowed", _WRITE_OUT)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            self.refuse(event, f"tags ({tag}) are not allowed", _QUOTE_IT.format("!"))
        if isinstance(event, yaml.ScalarEvent):
            self.add(Scalar(self.mark(event), event.value, plain=not event.style))
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                message = f"values are nested deeper than {MAX_DEPTH} levels"
                self.refuse(event, message, "a source needs far fewer; check the indentation")
            is_mapping = isinstance(event, yaml.MappingStartEvent)
            self.stack.append((self.mark(event), is_mapping, []))

    def close(self) -> None:
        """Close the innermost collection and add it to its parent."""
        mark, is_mapping, children = self.stack.pop()
        if is_mapping:
            self.add(self.mapping(mark, children))
        else:
            self.add(Sequence(mark, tuple(children)))

    def mapping(self, mark: Mark, children: list[Node]) -> Mapping:
        """Return a mapping from alternating key and value nodes, refusing duplicate keys.

        In an item of a list, the first key written again is taken as a new item whose
        '- ' is missing: one problem, and the keys after it (its echoes) are not reported.
        """
        entries: dict[str, tuple[Scalar, Node]] = {}
        in_list = bool(self.stack) and not self.stack[-1][1]
        for key, value in zip(children[::2], children[1::2], strict=True):
            if not isinstance(key, Scalar):
                hint = "write a name followed by ':', like 'title:'"
                self.errors.append(SourceError(key.mark, "", "a key must be a plain word", hint))
                continue
            if key.value in entries:
                first = entries[key.value][0].mark
                if in_list and key.value == next(iter(entries)):
                    message = "a new item of the list starts here without '- '"
                    hint = f"write '- {key.value}:', as on line {first.line}"
                    self.errors.append(SourceError(key.mark, key.value, message, hint))
                    break
                message = f"appears twice; first at line {first.line}:{first.col}"
                self.errors.append(SourceError(key.mark, key.value, message, "keep one of the two"))
                continue
            entries[key.value] = (key, value)
        return Mapping(mark, entries)

    def add(self, node: Node) -> None:
        """Add a finished node to the open collection, or make it the root."""
        if self.stack:
            self.stack[-1][2].append(node)
        elif self.root is None:
            self.root = node
