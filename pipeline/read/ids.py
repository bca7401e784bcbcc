"""Write the proposed ids of activities into the workplans, as lines of their own.

The reader knows where each activity was written (line and column); an `id:` line is
inserted there, at the activity's indentation, and nothing else of the file is touched:
comments, order, quoting and line ends stay as they were. The edited file is read again
and must hold exactly what it held before plus the ids, or nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import files
from ..errors import BuildError, Mark
from ..model.ids import propose
from ..model.plans import Workplan
from ..model.project import Project
from . import yamlfile

_LINE_END = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Proposal:
    """An id for the activity written at `mark`: the `index`th of quarter `quarter` (from 0)."""

    mark: Mark
    quarter: int
    index: int
    id: str


def proposals(project: Project) -> list[Proposal]:
    """Return an id for every activity of every workplan that has none, in file order."""
    found = []
    for plan in project.workplans:
        found += list(_of_plan(plan))
    return found


def _of_plan(plan: Workplan) -> Iterator[Proposal]:
    places = [
        (qi, ai, a) for qi, q in enumerate(plan.quarters) for ai, a in enumerate(q.activities)
    ]
    for (qi, ai, activity), new in zip(places, propose(plan.activities), strict=True):
        if new is not None:
            yield Proposal(activity.where.node, qi, ai, new)


def write(root: Path, found: list[Proposal]) -> list[str]:
    """Write the ids into their files; return the files changed."""
    by_file: dict[str, list[Proposal]] = {}
    for proposal in found:
        by_file.setdefault(proposal.mark.path, []).append(proposal)
    edited = {rel: edit(files.read_bytes(root, rel), rel, items) for rel, items in by_file.items()}
    for rel, data in edited.items():
        files.write_bytes(root, rel, data)
    return sorted(edited)


def edit(data: bytes, rel: str, items: list[Proposal]) -> bytes:
    """Return the file `data` with an `id:` for each proposal, checked by reading it again."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = _LINE_END.split(text)
    ends = _LINE_END.findall(text)
    end = ends[0] if ends else "\n"
    for item in sorted(items, key=lambda p: (p.mark.line, p.mark.col), reverse=True):
        line, col = lines[item.mark.line - 1], item.mark.col - 1
        if line[col : col + 1] == "{":
            lines[item.mark.line - 1] = f"{line[: col + 1]}id: {item.id}, {line[col + 1 :]}"
        else:
            lines[item.mark.line - 1] = f"{line[:col]}id: {item.id}{end}{' ' * col}{line[col:]}"
    result = "".join(a + b for a, b in zip(lines, [*ends, ""], strict=True))
    out = (b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8")
    _check(data, out, rel, items)
    return out


def _check(before: bytes, after: bytes, rel: str, items: list[Proposal]) -> None:
    """Raise BuildError unless `after` reads as `before` with the ids added, nothing else."""
    expected = _plain(yamlfile.parse(before, rel))
    for item in items:
        activity = expected["quarters"][item.quarter]["activities"][item.index]
        activity["id"] = item.id
    if _plain(yamlfile.parse(after, rel)) != expected:
        raise BuildError(f"{rel}: the ids could not be placed safely; add them by hand")


def _plain(node: yamlfile.Node) -> Any:
    """Return a node as plain values: dicts, lists and text."""
    if isinstance(node, yamlfile.Mapping):
        return {key: _plain(value) for key, (_key, value) in node.entries.items()}
    if isinstance(node, yamlfile.Sequence):
        return [_plain(item) for item in node.items]
    return node.value if isinstance(node, yamlfile.Scalar) else None
