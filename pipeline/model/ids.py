"""Propose stable ids for activities that have none, from the words of their text.

An activity that releases a publication is proposed its release's id; any other the first
significant words of its text (`training-workshop-enhancing-information-sharing`). A
proposal never repeats an id already taken in the workplan: a repeat takes more of its
words, and if that is not enough, `-2`, `-3`...
The same activities always get the same proposals, so the calendar can use them until the
ids are written into the sources (`python -m pipeline ids`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from .plans import Activity, Quarter, Workplan

WORDS = 5  # significant words an id is made of
SHORT, LONGEST = 48, 56  # characters of an id, and of one that takes more words to differ
MINOR = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "via",
        "will",
        "with",
    ]
)
_RESERVED = frozenset({"null"})  # a plain scalar the reader takes for "no value"


def slug(text: str, words: int = WORDS, limit: int = SHORT) -> str:
    """Return the first significant words of `text` as an id, or 'activity' if it has none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    found = [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in MINOR]
    chosen: list[str] = []
    for word in found[:words]:
        if chosen and len("-".join([*chosen, word])) > limit:
            break
        chosen.append(word[:limit])
    result = "-".join(chosen) or "activity"
    return f"{result}-1" if result in _RESERVED else result


def propose(activities: Sequence[Activity], taken: Iterable[str] = ()) -> list[str | None]:
    """Return, per activity, a new id for it (None for those that have one already).

    Ids already in `taken` or on the activities are never proposed.
    """
    used = {*taken, *(a.id for a in activities if a.id is not None)}
    proposals: list[str | None] = []
    for activity in activities:
        if activity.id is not None:
            proposals.append(None)
            continue
        candidate = _unused(activity, used)
        used.add(candidate)
        proposals.append(candidate)
    return proposals


def _unused(activity: Activity, used: set[str]) -> str:
    """Return the first id for `activity` not in `used`: its words, more words, a number."""
    if activity.release:
        candidates = [activity.release]
    else:
        text = activity.text.plain
        candidates = [slug(text)] + [slug(text, n, LONGEST) for n in range(WORDS + 1, 4 * WORDS)]
    for candidate in candidates:
        if candidate not in used:
            return candidate
    number = 2
    while f"{candidates[0]}-{number}" in used:
        number += 1
    return f"{candidates[0]}-{number}"


def keyed(plan: Workplan) -> list[tuple[Quarter, Activity, str]]:
    """Return every activity of `plan` with its quarter and its id (or the one proposed)."""
    proposals = iter(propose(plan.activities))
    found = []
    for quarter in plan.quarters:
        for activity in quarter.activities:
            proposal = next(proposals)
            found.append((quarter, activity, activity.id or str(proposal)))
    return found
