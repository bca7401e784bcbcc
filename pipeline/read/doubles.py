"""Warn of what looks pasted twice: an activity repeated in its quarter, a release twice over.

These are warnings, not errors: the build goes on, since a plan may mean to list an activity
twice, but an officer who pasted a block twice by mistake sees it before the plan is printed.
"""

from __future__ import annotations

import difflib
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
    """Yield a warning for each release whose title is nearly that of one before it.

    difflib's cheap upper bounds of the ratio (by length, then by letters) rule out most
    pairs before the ratio itself is worked out, which is what makes many releases fast.
    """
    earlier: list[tuple[str, Release]] = []
    matcher = difflib.SequenceMatcher(None)
    for release in releases:
        title = _folded(release.title)
        matcher.set_seq2(title)  # what difflib works out of the second sequence is kept
        for other_title, other in earlier:
            matcher.set_seq1(other_title)
            if _alike(matcher):
                first = other.where["title"]
                yield SourceError(
                    release.where["title"],
                    "title",
                    f"this release looks like '{other.id}' (line {first.line})",
                    "delete one of the two if it was pasted twice, or make the titles differ",
                    WARNING,
                )
                break
        earlier.append((title, release))


def _alike(matcher: difflib.SequenceMatcher[str]) -> bool:
    """Return whether the matcher's two titles are alike, trying the cheap bounds first."""
    return (
        matcher.real_quick_ratio() >= SIMILAR
        and matcher.quick_ratio() >= SIMILAR
        and matcher.ratio() >= SIMILAR
    )


def _folded(text: str) -> str:
    """Return `text` as compared for likeness: spaces made one, case ignored."""
    return normalize_space(text).casefold()
