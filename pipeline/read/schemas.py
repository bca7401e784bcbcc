"""JSON Schemas for editors, generated from the model so they never disagree with validation.

Each shipped YAML file names its schema in a `# yaml-language-server: $schema=...` comment;
editors with YAML support then check fields, types and ranges while the officer types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from pathlib import Path
from typing import Any

from .. import files
from ..errors import PipelineError
from ..model.brand import Brand
from ..model.markup import Rich
from ..model.office import Office
from ..model.plans import MAX_PURPOSES, StrategicPlan, Workplan
from ..model.releases import Catalogue
from .binding import unwrap_optional

KINDS: dict[str, type] = {
    "office": Office,
    "strategic-plan": StrategicPlan,
    "workplan": Workplan,
    "releases": Catalogue,
    "brand": Brand,
}
MARKUP = " Inline markup: *italic*, **bold**, 1^st^ for superscript."
NUMBER = " Write it plainly: 7, not 07."
DATE = "Write a date as YYYY-MM-DD, like 2021-03-31."


def write_all(root: Path) -> list[Path]:
    """Write one schema per kind of source file into sources/schemas/; return the paths."""
    files.resolve(root, "sources").joinpath("schemas").mkdir(exist_ok=True)
    purposes = plan_purposes(root)
    return [
        files.write_text(
            root, f"sources/schemas/{kind}.schema.json", dumps(schema(kind, cls, purposes))
        )
        for kind, cls in KINDS.items()
    ]


def plan_purposes(root: Path) -> int:
    """Return how many purposes the project's strategic plans have (the most, if several)."""
    from .load import load

    try:
        plans = load(root).project.strategic_plans
    except PipelineError:
        return MAX_PURPOSES
    return max((len(p.purposes) for p in plans), default=MAX_PURPOSES)


def dumps(value: dict[str, Any]) -> str:
    """Return a schema as stable, reviewable JSON."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def schema(kind: str, cls: type, purposes: int = MAX_PURPOSES) -> dict[str, Any]:
    """Return the JSON Schema of a source file whose root is the dataclass `cls`.

    An activity's purposes are limited to the `purposes` numbers the strategic plan has.
    """
    definitions: dict[str, Any] = {}
    root = _object(cls, definitions)
    if "Activity" in definitions:
        ticks = definitions["Activity"]["properties"]["purposes"]
        ticks["items"]["maximum"] = purposes
        ticks["description"] += f" The strategic plan has {purposes}: 1 to {purposes}."
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind}.schema.json",
        "title": f"The {kind.replace('-', ' ')} source of a publications project",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of a dataclass: its properties, which are required, nothing else."""
    hints = typing.get_type_hints(cls)
    properties, required = {}, []
    for field in dataclasses.fields(cls):
        if field.name == "where":
            continue
        properties[field.name] = _value(hints[field.name], field.metadata, definitions)
        if field.default is dataclasses.MISSING:
            required.append(field.name)
    return {
        "description": (cls.__doc__ or "").strip(),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _value(hint: Any, meta: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of one field value, its description first (where editors show it)."""
    optional, hint = unwrap_optional(hint)
    if typing.get_origin(hint) is tuple:
        item = _value(typing.get_args(hint)[0], meta, definitions)
        item.pop("description", None)
        result = {"type": "array", "items": item, "minItems": meta.get("min_items", 0)}
        if "max_items" in meta:
            result["maxItems"] = meta["max_items"]
    elif dataclasses.is_dataclass(hint) and hint is not Rich:
        name = typing.cast(type, hint).__name__
        if name not in definitions:
            definitions[name] = {}
            definitions[name] = _object(hint, definitions)  # type: ignore[arg-type]
        result = {"$ref": f"#/$defs/{name}"}
    else:
        result = _scalar(hint, meta)
    if optional and isinstance(result.get("type"), str):
        result["type"] = [result["type"], "null"]  # one schema: its own message, not anyOf's
    elif optional:
        result = {"anyOf": [result, {"type": "null"}]}
    if "doc" in meta:
        note = MARKUP if hint is Rich else NUMBER if hint is int else ""
        result = {"description": meta["doc"] + note, **result}
    return result


def _scalar(hint: Any, meta: Any) -> dict[str, Any]:
    """Return the schema of a scalar: number, date or text with its constraints."""
    if hint in (int, float):
        kind = "integer" if hint is int else "number"
        return {"type": kind, "minimum": meta.get("min", 0), "maximum": meta.get("max", 10**9)}
    if hint is dt.date:
        return {
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "errorMessage": DATE,
        }
    result: dict[str, Any] = {
        "type": "string",
        "minLength": 1,
        "maxLength": meta.get("max_length", 2000),
    }
    if "pattern" in meta:
        result["pattern"] = f"^(?:{meta['pattern']})$"
    return result
