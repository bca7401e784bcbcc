"""The editors' JSON Schemas refuse what the build refuses, and say what each field is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema

from ..conftest import ROOT


def validator(kind: str) -> jsonschema.Draft202012Validator:
    path = ROOT / "sources" / "schemas" / f"{kind}.schema.json"
    return jsonschema.Draft202012Validator(json.loads(path.read_text("utf-8")))


def activity(**fields: Any) -> dict[str, Any]:
    """Return the smallest workplan holding one activity with `fields`."""
    section = {"title": "T", "paragraphs": ["P"]}
    quarter = {"number": 1, "start": "2021-01-01", "end": "2021-03-31"}
    return {
        "year": 2021,
        "title": "T",
        "strategic_plan": "plan",
        "introduction": section,
        "principles": section,
        "purposes": section,
        "contact_title": "C",
        "quarters": [{**quarter, "activities": [{"text": "A", "purposes": [1], **fields}]}],
    }


def test_a_purpose_the_strategic_plan_lacks_is_refused() -> None:
    assert list(validator("workplan").iter_errors(activity(purposes=[4]))) == []
    errors = list(validator("workplan").iter_errors(activity(purposes=[5])))
    assert [e.message for e in errors] == ["5 is greater than the maximum of 4"]


def test_a_bad_date_is_refused_as_a_date_with_its_own_message() -> None:
    release = {"id": "a", "number": 1, "title": "T", "date": "31/03/2021"}
    errors = list(validator("releases").iter_errors({"workplan": 2021, "releases": [release]}))
    assert [e.validator for e in errors] == ["pattern"]  # not 'not valid under any of ...'
    assert errors[0].schema["errorMessage"] == "Write a date as YYYY-MM-DD, like 2021-03-31."


def properties(node: object) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield every property schema in `node`, by name."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield name, value
        for value in node.values():
            yield from properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from properties(value)


def test_every_field_has_a_description_where_an_editor_shows_it() -> None:
    for kind in ("office", "strategic-plan", "workplan", "releases", "brand"):
        data = json.loads((ROOT / "sources" / "schemas" / f"{kind}.schema.json").read_text())
        missing = [name for name, value in properties(data) if "description" not in value]
        assert missing == [], kind


def test_numbers_say_how_to_write_them() -> None:
    data = json.loads((ROOT / "sources" / "schemas" / "releases.schema.json").read_text())
    number = data["$defs"]["Release"]["properties"]["number"]
    assert number["description"].endswith("Write it plainly: 7, not 07.")
