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
from collections.abc import Iterable, Iterator, Sequence

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
    return _joined(_words(text), words, limit)


def _words(text: str) -> list[str]:
    """Return the significant words of `text`, in ASCII and lower case."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in MINOR]


def _joined(found: list[str], words: int = WORDS, limit: int = SHORT) -> str:
    """Return the first `words` of `found` as an id, at most `limit` characters long."""
    chosen: list[str] = []
    length = -1  # of the id so far, its hyphens counted
    for word in found[:words]:
        length += 1 + len(word)
        if chosen and length > limit:
            break
        chosen.append(word[:limit])
    result = "-".join(chosen) or "activity"
    return f"{result}-1" if result in _RESERVED else result


def propose(activities: Sequence[Activity], taken: Iterable[str] = ()) -> list[str | None]:
    """Return, per activity, a new id for it (None for those that have one already).

    Ids already in `taken` or on the activities are never proposed.
    """
    used = {*taken, *(a.id for a in activities if a.id is not None)}
    numbered: dict[str, int] = {}  # the next number to try after an id whose words are taken
    proposals: list[str | None] = []
    for activity in activities:
        if activity.id is not None:
            proposals.append(None)
            continue
        candidate = _unused(activity, used, numbered)
        used.add(candidate)
        proposals.append(candidate)
    return proposals


def _unused(activity: Activity, used: set[str], numbered: dict[str, int]) -> str:
    """Return the first id for `activity` not in `used`: its words, more words, a number
    (from the one after the number `numbered` says was given last: `used` only grows)."""
    first = None
    for candidate in _candidates(activity):
        first = first or candidate
        if candidate not in used:
            return candidate
    number = numbered.get(str(first), 2)
    while f"{first}-{number}" in used:
        number += 1
    numbered[str(first)] = number + 1
    return f"{first}-{number}"


def _candidates(activity: Activity) -> Iterator[str]:
    """Yield the ids `activity` may take, in order, each made only when the one before it
    is taken: its release's, or else its first words, then more of its words."""
    if activity.release:
        yield activity.release
        return
    words = _words(activity.text.plain)
    yield _joined(words)
    for count in range(WORDS + 1, 4 * WORDS):
        yield _joined(words, count, LONGEST)


def keyed(plan: Workplan) -> list[tuple[Quarter, Activity, str]]:
    """Return every activity of `plan` with its quarter and its id (or the one proposed)."""
    proposals = iter(propose(plan.activities))
    found = []
    for quarter in plan.quarters:
        for activity in quarter.activities:
            proposal = next(proposals)
            found.append((quarter, activity, activity.id or str(proposal)))
    return found
