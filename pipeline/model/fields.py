"""How model fields are declared: located dataclasses whose fields carry their constraints.

The model's dataclasses are the schema of the sources: their type hints say what each field
holds, and `spec(...)` adds the documentation and constraints (`min`, `max`, `pattern`,
`max_length`, `check`) that the reader enforces and the JSON Schemas publish.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Mark

ID = r"[a-z0-9]+(-[a-z0-9]+)*"
ID_HINT = "is not an id: use lower-case letters, digits and single hyphens (like 'guide-access')"


@dataclass(frozen=True)
class Where:
    """Where a model object and each of its fields (and items, as `name[i]`) were written.

    `dropped` names the fields of which some items could not be read (their problems are
    reported), so that a rule about the whole list (its order, say) waits for them.
    """

    node: Mark = Mark("")
    fields: Mapping[str, Mark] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()

    def __getitem__(self, name: str) -> Mark:
        return self.fields.get(name, self.node)


@dataclass(frozen=True)
class Located:
    """Base of model objects: remembers where in the sources each value came from."""

    where: Where = field(default=Where(), kw_only=True, compare=False, repr=False)


def spec(doc: str, default: Any = dataclasses.MISSING, **constraints: Any) -> Any:
    """Return a dataclass field carrying its documentation and constraints."""
    metadata = {"doc": doc, **constraints}
    if isinstance(default, tuple | list):
        return field(default=tuple(default), metadata=metadata)
    return field(default=default, metadata=metadata)
