"""The change record: what one edition of a workplan changed against an earlier one.

Computed once from the two models and keyed on ids, so that reordering changes nothing:
activities added, withdrawn, moved between quarters, re-aligned (purposes added or
removed) and reworded; releases added, withdrawn and re-dated; prose changed. Every edition
of the record (the plan's annex, the change note, the calendar, `changes --json`) reads it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from .ids import keyed
from .markup import Rich
from .plans import Section, Workplan
from .project import Project
from .releases import Release

KINDS = (
    "added",
    "withdrawn",
    "moved",
    "realigned",
    "reworded",
    "release-added",
    "release-withdrawn",
    "redated",
    "prose",
)
_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Change:
    """One change: its kind, the id of what changed, the quarter it is listed under, and
    what it was and is now (quarters, purposes, dates or words, by kind)."""

    kind: str
    key: str
    quarter: int | None
    subject: Rich | str
    was: object = None
    now: object = None
    words: tuple[tuple[str, str], ...] = field(default=())

    @property
    def edits(self) -> tuple[tuple[str, str], ...]:
        """Return the words changed, as (words removed, words put in) pairs."""
        found: list[tuple[str, str]] = []
        for op, text in self.words:
            if op == "equal":
                found.append(("", ""))
            elif not found or found[-1] == ("", ""):
                found.append((text, "") if op == "delete" else ("", text))
            else:
                removed, inserted = found[-1]
                found[-1] = (
                    (removed + text, inserted) if op == "delete" else (removed, inserted + text)
                )
        return tuple((r.strip(), i.strip()) for r, i in found if r or i)

    @property
    def added(self) -> tuple[int, ...]:
        """Return the purposes a re-aligned activity gained."""
        return _gained(self.was, self.now)

    @property
    def removed(self) -> tuple[int, ...]:
        """Return the purposes a re-aligned activity lost."""
        return _gained(self.now, self.was)


@dataclass(frozen=True)
class Record:
    """Every change between two editions of one workplan, in the plan's order."""

    earlier: int
    edition: int
    changes: tuple[Change, ...]

    def quarter(self, number: int | None) -> tuple[Change, ...]:
        """Return the changes listed under quarter `number` (None: the plan's prose)."""
        return tuple(c for c in self.changes if c.quarter == number)

    def as_json(self) -> dict[str, object]:
        """Return the record as plain values, for `changes --json`."""
        return {
            "earlier_edition": self.earlier,
            "edition": self.edition,
            "changes": [_plain(c) for c in self.changes],
        }


def between(earlier: Project | None, project: Project, plan: Workplan) -> Record | None:
    """Return the changes to `plan` since the `earlier` project, None without an earlier edition."""
    old = next((p for p in earlier.workplans if p.year == plan.year), None) if earlier else None
    if earlier is None or old is None:
        return None
    return compare(old, plan, earlier.releases(old), project.releases(plan))


def keys(plan: Workplan) -> dict[int, list[str]]:
    """Return each quarter's activity ids in table order, by quarter number."""
    found: dict[int, list[str]] = {q.number: [] for q in plan.quarters}
    for quarter, _activity, key in keyed(plan):
        found[quarter.number].append(key)
    return found


def compare(
    old: Workplan,
    new: Workplan,
    old_releases: tuple[Release, ...],
    new_releases: tuple[Release, ...],
) -> Record:
    """Return the changes from `old` to `new` (and their releases), keyed on ids."""
    changes = [*_activities(old, new), *_releases(old_releases, new_releases, old, new)]
    changes += _prose(old, new)
    order = {q.number: i for i, q in enumerate(new.quarters)}
    changes.sort(key=lambda c: order.get(c.quarter, len(order)) if c.quarter else len(order))
    return Record(old.edition, new.edition, tuple(changes))


def _activities(old: Workplan, new: Workplan) -> list[Change]:
    """Return the activities added, withdrawn, moved, re-aligned and reworded."""
    before = {key: (q, a) for q, a, key in keyed(old)}
    found = []
    for quarter, activity, key in keyed(new):
        if key not in before:
            found.append(Change("added", key, quarter.number, activity.text))
            continue
        was_quarter, was = before[key]
        if was_quarter.number != quarter.number:
            found.append(
                Change(
                    "moved", key, quarter.number, activity.text, was_quarter.number, quarter.number
                )
            )
        if set(was.purposes) != set(activity.purposes):
            found.append(
                Change(
                    "realigned",
                    key,
                    quarter.number,
                    activity.text,
                    tuple(sorted(was.purposes)),
                    tuple(sorted(activity.purposes)),
                )
            )
        if was.text.source != activity.text.source:
            found.append(
                Change(
                    "reworded",
                    key,
                    quarter.number,
                    activity.text,
                    words=words(was.text.plain, activity.text.plain),
                )
            )
    now = {key for _q, _a, key in keyed(new)}
    for key, (quarter, activity) in before.items():
        if key not in now:
            found.append(Change("withdrawn", key, quarter.number, activity.text))
    return found


def _releases(
    old: tuple[Release, ...], new: tuple[Release, ...], old_plan: Workplan, new_plan: Workplan
) -> list[Change]:
    """Return the releases added, withdrawn and re-dated, under their activity's quarter."""
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}
    found = []
    for release in new:
        quarter = _quarter_releasing(new_plan, release.id)
        if release.id not in before:
            found.append(Change("release-added", release.id, quarter, release.title))
        elif before[release.id].date != release.date:
            was = before[release.id].date
            found.append(Change("redated", release.id, quarter, release.title, was, release.date))
    for release in old:
        if release.id not in after:
            quarter = _quarter_releasing(old_plan, release.id)
            found.append(Change("release-withdrawn", release.id, quarter, release.title))
    return found


def _quarter_releasing(plan: Workplan, release: str) -> int | None:
    """Return the number of the quarter whose activity releases `release`, if one does."""
    return next(
        (q.number for q in plan.quarters for a in q.activities if a.release == release), None
    )


def _prose(old: Workplan, new: Workplan) -> list[Change]:
    """Return each paragraph or bullet of the plan's prose that changed, added or removed."""
    found = []
    for anchor, was, now in _sections(old, new):
        before = [p.plain for p in (*was.paragraphs, *was.bullets)] if was else []
        after = [p.plain for p in (*now.paragraphs, *now.bullets)] if now else []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                old_text, new_text = " ".join(before[i1:i2]), " ".join(after[j1:j2])
                section = now or was
                title = section.title if section else ""
                found.append(Change("prose", anchor, None, title, words=words(old_text, new_text)))
    return found


def _sections(old: Workplan, new: Workplan) -> list[tuple[str, Section | None, Section | None]]:
    """Return the plan's sections paired by place, with the anchor each has in the plan."""
    fixed = ["introduction", "principles", "purposes"]
    pairs: list[tuple[str, Section | None, Section | None]] = [
        (name, getattr(old, name), getattr(new, name)) for name in fixed
    ]
    for n in range(max(len(old.sections), len(new.sections))):
        was = old.sections[n] if n < len(old.sections) else None
        now = new.sections[n] if n < len(new.sections) else None
        pairs.append((f"section-{n + 1}", was, now))
    return pairs


def words(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Return `old` turned into `new` as (operation, text) pieces: 'equal', 'delete', 'insert'."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            pieces.append(("equal" if op == "equal" else "delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(b[j1:j2])))
    return tuple(p for p in pieces if p[1])


def _gained(before: object, after: object) -> tuple[int, ...]:
    """Return the numbers in `after` that are not in `before`."""
    if not isinstance(before, tuple) or not isinstance(after, tuple):
        return ()
    return tuple(n for n in after if n not in before)


def _plain(change: Change) -> dict[str, object]:
    """Return one change as plain values."""
    found: dict[str, object] = {"kind": change.kind, "id": change.key, "quarter": change.quarter}
    found["subject"] = str(change.subject)
    for name in ("was", "now"):
        value = getattr(change, name)
        found[name] = value.isoformat() if isinstance(value, dt.date) else value
    if change.words:
        found["words"] = [list(piece) for piece in change.words]
    return found
