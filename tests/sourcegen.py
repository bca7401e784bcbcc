"""Write a project's sources from a few parameters: any office, year, purposes and texts.

The generality tests and the property-based test use it to make sources the shipped ones
are not: more or fewer purposes, long titles, other scripts, another office and brand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

QUARTERS = ((1, 1, 3, 31), (2, 4, 6, 30), (3, 7, 9, 30), (4, 10, 12, 31))


@dataclass
class Spec:
    """What the generated sources hold."""

    year: int = 2022
    office: str = "Pacific Coordination Office"
    short: str = "PCO"
    purposes: int = 4
    purpose_titles: list[str] = field(default_factory=list)
    activities: list[list[tuple[str, list[int]]]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)
    language: str | None = None


def activity_rows(spec: Spec) -> list[list[tuple[str, list[int]]]]:
    """Return the activities per quarter: the spec's, or one plain activity per quarter."""
    if spec.activities:
        return spec.activities
    return [[(f"Regional workshop {n}", [1 + n % spec.purposes])] for n in range(1, 5)]


def write(root: Path, spec: Spec) -> Path:
    """Write the sources of `spec` into the project at `root` (replacing its sources)."""
    sources = root / "sources"
    for folder in ("workplans", "releases", "strategic-plans"):
        for old in (sources / folder).glob("*.yaml"):
            old.unlink()
    _dump(sources / "office.yaml", _office(spec))
    _dump(sources / "strategic-plans" / "plan.yaml", _strategic(spec))
    _dump(sources / "workplans" / f"{spec.year}.yaml", _workplan(spec))
    if spec.releases:
        _dump(sources / "releases" / f"{spec.year}.yaml", _releases(spec))
    return root


class _Dumper(yaml.SafeDumper):
    """Write every value out: the sources allow no anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")


def _office(spec: Spec) -> dict[str, Any]:
    office: dict[str, Any] = {
        "name": spec.office,
        "short_name": spec.short,
        "wordmark": [spec.office],
        "description": f"The {spec.office} brings partners together.",
        "contact": {
            "address": ["12 Harbour Street", "Suva", "Fiji"],
            "telephone": "+679 330 0000",
            "email": "office@example.org",
            "website": "www.example.org",
        },
    }
    if spec.language:
        office["language"] = spec.language
    return office


def _strategic(spec: Spec) -> dict[str, Any]:
    titles = spec.purpose_titles or [f"Purpose title {n}" for n in range(1, spec.purposes + 1)]
    return {
        "id": "plan",
        "title": f"{spec.short} Strategic Plan",
        "principles": ["**Participatory** engagement"],
        "purposes": [
            {"number": n, "title": title, "description": f"We pursue {title.lower()}."}
            for n, title in enumerate(titles, 1)
        ],
    }


def _workplan(spec: Spec) -> dict[str, Any]:
    quarters = []
    for (number, first, last, day), rows in zip(QUARTERS, activity_rows(spec), strict=False):
        quarters.append(
            {
                "number": number,
                "start": dt.date(spec.year, first, 1),
                "end": dt.date(spec.year, last, day),
                "activities": [
                    {"text": text, "purposes": purposes, **_release_of(spec, text)}
                    for text, purposes in rows
                ],
            }
        )
    return {
        "year": spec.year,
        "title": f"Annual Workplan {spec.year}",
        "strategic_plan": "plan",
        "introduction": {"title": spec.office, "paragraphs": ["The plan sets out our work."]},
        "principles": {"title": "Guiding Principles", "paragraphs": ["Principles guide us."]},
        "purposes": {"title": "Our Purposes", "paragraphs": ["Purposes guide the plan."]},
        "quarters": quarters,
        "contact_title": "Contact Us",
        "sections": [{"title": "Reporting", "paragraphs": ["We report every year."]}],
    }


def _release_of(spec: Spec, text: str) -> dict[str, str]:
    for release in spec.releases:
        if release.get("activity") == text:
            return {"release": release["id"]}
    return {}


def _releases(spec: Spec) -> dict[str, Any]:
    return {
        "workplan": spec.year,
        "releases": [{k: v for k, v in r.items() if k != "activity"} for r in spec.releases],
    }
