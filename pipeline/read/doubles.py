"""Warn of what looks pasted twice: an activity repeated in its quarter, a release twice over.

These are warnings, not errors: the build goes on, since a plan may mean to list an activity
twice, but an officer who pasted a block twice by mistake sees it before the plan is printed.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator

from ..errors import WARNING, SourceError
from ..model.markup import normalize_space
from ..model.plans import Workplan
from ..model.releases import Catalogue, Release

SIMILAR = 0.9  # two release titles this alike (difflib's ratio) are taken as one written twice


def run(
    workplans: tuple[Workplan, ...], catalogues: tuple[Catalogue, ...]
) -> Iterator[SourceError]:
    """Yield a warning for each activity repeated in its quarter and each near-duplicate release."""
    for workplan in workplans:
        for quarter in workplan.quarters:
            seen: dict[str, int] = {}
            for activity in quarter.activities:
                text = _folded(activity.text.plain)
                if text in seen:
                    yield SourceError(
                        activity.where["text"],
                        "text",
                        f"this activity is already in {quarter.label}, at line {seen[text]}",
                        "delete one of the two if it was pasted twice",
                        WARNING,
                    )
                else:
                    seen[text] = activity.where["text"].line
    for catalogue in catalogues:
        yield from _releases(catalogue.releases)


def _releases(releases: tuple[Release, ...]) -> Iterator[SourceError]:
    """Yield a warning for each release whose title is nearly that of one before it."""
    titles = [_folded(release.title) for release in releases]
    for later, earlier in _first_alike(titles):
        first = releases[earlier].where["title"]
        yield SourceError(
            releases[later].where["title"],
            "title",
            f"this release looks like '{releases[earlier].id}' (line {first.line})",
            "delete one of the two if it was pasted twice, or make the titles differ",
            WARNING,
        )


def _first_alike(titles: list[str]) -> Iterator[tuple[int, int]]:
    """Yield (i, j) for each title i alike to an earlier one, j the first such.

    The ratio is worked out only for pairs whose cheap upper bounds reach SIMILAR: by
    length, then by the letters they share (difflib's quick ratio, here the size of the
    intersection of their letters, each numbered by its occurrence, which sets intersect
    in C), which rule out most pairs of many releases.
    """
    letters = [_numbered_letters(title) for title in titles]
    matcher = difflib.SequenceMatcher(None)
    for index, title in enumerate(titles):
        matcher.set_seq2(title)  # what difflib works out of the second sequence is kept
        mine = letters[index]
        for other in range(index):
            lengths = len(title) + len(titles[other])
            if _ratio(min(len(title), len(titles[other])), lengths) < SIMILAR:
                continue
            if _ratio(len(mine & letters[other]), lengths) < SIMILAR:
                continue
            matcher.set_seq1(titles[other])
            if matcher.ratio() >= SIMILAR:
                yield index, other
                break


def _ratio(matches: int, lengths: int) -> float:
    """Return a ratio as difflib works it out, to the last bit: 1.0 for two empty texts."""
    return 2.0 * matches / lengths if lengths else 1.0


def _numbered_letters(text: str) -> frozenset[tuple[str, int]]:
    """Return the characters of `text`, each with how many times it came before."""
    counts: Counter[str] = Counter()
    found = []
    for character in text:
        found.append((character, counts[character]))
        counts[character] += 1
    return frozenset(found)


def _folded(text: str) -> str:
    """Return `text` as compared for likeness: spaces made one, case ignored."""
    return normalize_space(text).casefold()
