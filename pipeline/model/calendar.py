"""The calendar of a workplan: its activities over their quarters and its releases on
their dates, each an event that keeps its identity from edition to edition.

An event's `key` comes from its id, so a subscribed calendar updates in place. Its
`sequence` counts the revisions up to the one that last changed it, as far as the change
record knows: 0 in the first edition; in edition N, N-1 if this revision changed it, else
N-2. So it never goes down from one edition to the next and goes up whenever the item
changes. A withdrawn item stays in the calendar, cancelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .changes import Record
from .ids import keyed
from .markup import Rich
from .plans import Workplan
from .project import Project

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Event:
    """One all-day event: what it is, its days (`end` exclusive) and its revision."""

    kind: str  # "activity" or "release"
    key: str
    summary: Rich | str
    start: dt.date
    end: dt.date
    sequence: int
    cancelled: bool = False


def events(
    project: Project, plan: Workplan, record: Record | None, earlier: Project | None
) -> list[Event]:
    """Return the calendar of `plan`: activities, then releases, then what was withdrawn."""
    changed = {(_kind(c.kind), c.key) for c in record.changes} if record else set()
    edition = plan.edition

    def sequence(kind: str, key: str) -> int:
        return max(edition - 1 if (kind, key) in changed else edition - 2, 0)

    found = [
        Event("activity", key, a.text, q.start, q.end + ONE_DAY, sequence("activity", key))
        for q, a, key in keyed(plan)
    ]
    for release in project.releases(plan):
        day = _release_day(project, release.id) or plan.date
        found.append(
            Event(
                "release",
                release.id,
                release.title,
                day,
                day + ONE_DAY,
                sequence("release", release.id),
            )
        )
    if record is not None and earlier is not None:
        found += _withdrawn(record, earlier, plan, edition)
    return found


def _withdrawn(record: Record, earlier: Project, plan: Workplan, edition: int) -> list[Event]:
    """Return the events of the items `record` withdraws, as they were, cancelled."""
    old = next(p for p in earlier.workplans if p.year == plan.year)
    activities = {key: (q, a) for q, a, key in keyed(old)}
    found = []
    for change in record.changes:
        if change.kind == "withdrawn":
            quarter, activity = activities[change.key]
            found.append(
                Event(
                    "activity",
                    change.key,
                    activity.text,
                    quarter.start,
                    quarter.end + ONE_DAY,
                    edition - 1,
                    True,
                )
            )
        elif change.kind == "release-withdrawn":
            day = _release_day(earlier, change.key) or old.date
            found.append(
                Event("release", change.key, change.subject, day, day + ONE_DAY, edition - 1, True)
            )
    return found


def _release_day(project: Project, release: str) -> dt.date | None:
    """Return the day of a release: its date, or the first day of its activity's quarter."""
    found = next((r for r in project.all_releases if r.id == release), None)
    if found is None:
        return None
    if found.date is not None:
        return found.date
    link = project.links.get(release)
    return link[1].start if link else None


def _kind(change: str) -> str:
    """Return which kind of event a kind of change is about."""
    return "release" if change.startswith("release") or change == "redated" else "activity"
