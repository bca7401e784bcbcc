"""The shipped sources hold the seed workplan: every activity, tick and release."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.read import load as sources
from pipeline.read.load import Loaded

from .. import seed
from ..conftest import ROOT


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return sources.load(ROOT)


def test_46_activities_in_four_quarters_with_66_ticks(loaded: Loaded) -> None:
    (plan,) = loaded.project.workplans
    assert [len(q.activities) for q in plan.quarters] == [12, 11, 11, 12]
    assert sum(len(a.purposes) for a in plan.activities) == 66


def test_activities_and_ticks_match_the_seed(loaded: Loaded) -> None:
    (plan,) = loaded.project.workplans
    mine = [
        seed.Row(q.number, a.text.plain, a.purposes) for q in plan.quarters for a in q.activities
    ]
    assert mine == list(seed.rows())


def test_12_releases_each_referenced_once(loaded: Loaded) -> None:
    project = loaded.project
    assert len(project.all_releases) == 12
    assert sorted(project.links) == sorted(r.id for r in project.all_releases)
    releasing = [a for a in project.workplans[0].activities if a.release]
    assert len(releasing) == 12
    assert all(a.text.plain.startswith("Release of") for a in releasing)
    assert Counter(r.series for r in project.all_releases)["NEXUS / RSO Practitioner Guides"] == 6


def test_optional_release_fields_are_not_invented(loaded: Loaded) -> None:
    for release in loaded.project.all_releases:
        assert (
            release.summary,
            release.date,
            release.url,
            release.isbn,
            release.languages,
            release.audience,
        ) == (None, None, None, None, (), None)


def test_inline_markup_is_parsed_once_into_runs(loaded: Loaded) -> None:
    activities = loaded.project.workplans[0].activities
    first = activities[0].text.runs
    assert [(r.text, r.italic) for r in first] == [
        ("Release of the Regional Support Office ", False),
        ("Strategic Plan 2021-22", True),
    ]
    panel = next(a for a in activities if "Coast Guard Global" in a.text.plain)
    assert [r.text for r in panel.text.runs if r.superscript] == ["st"]


def test_principles_carry_bold_lead_phrases(loaded: Loaded) -> None:
    principles = loaded.project.strategic_plans[0].principles
    assert [[r.text for r in p.runs if r.bold] for p in principles] == [
        ["Participatory and consultative"],
        ["Inclusive, non-discriminatory, gender-sensitive", "gender equality"],
        ["international law, norms and standards"],
        ["Responsive and adaptive"],
    ]


def test_every_seed_sentence_is_in_the_sources(loaded: Loaded) -> None:
    project = loaded.project
    plan, strategic, office = project.workplans[0], project.strategic_plans[0], project.office
    texts = [
        office.description.plain,
        f"{office.name} ({office.short_name})",
        *office.contact.address,
        plan.contact_title,
        *(t.plain for t in strategic.principles),
        *(f"Purpose {p.number} {p.title} {p.description.plain}" for p in strategic.purposes),
    ]
    for section in (plan.introduction, plan.principles, plan.purposes, *plan.sections):
        texts += [
            section.title,
            *(p.plain for p in section.paragraphs),
            *(b.plain for b in section.bullets),
        ]
    texts += [f"{q.label}: {q.months}" for q in plan.quarters]
    everything = " ".join(texts)
    contact = office.contact
    everything += f" Telephone: {contact.telephone} Email: {contact.email} {contact.website}"
    missing = [s for s in seed.prose() if s not in everything and s.rstrip(".") not in everything]
    assert missing == []
