"""Near-duplicate release titles: found as comparing every pair with difflib finds them."""

from __future__ import annotations

import difflib
import random

from pipeline.read import doubles


def _every_pair(titles: list[str]) -> list[tuple[int, int]]:
    """Return (i, j) for each title i alike to an earlier one, j the first: every pair."""
    found = []
    for index, title in enumerate(titles):
        for other in range(index):
            matcher = difflib.SequenceMatcher(None, titles[other], title)
            if (
                matcher.real_quick_ratio() >= doubles.SIMILAR
                and matcher.quick_ratio() >= doubles.SIMILAR
                and matcher.ratio() >= doubles.SIMILAR
            ):
                found.append((index, other))
                break
    return found


def _variant(text: str, rng: random.Random) -> str:
    """Return `text` with a few letters changed, dropped or added."""
    letters = list(text)
    for _ in range(rng.randint(0, 4)):
        at = rng.randrange(len(letters) + 1)
        kind = rng.choice("cda")
        if kind == "c" and at < len(letters):
            letters[at] = rng.choice("aeiouxyz ")
        elif kind == "d" and at < len(letters):
            del letters[at]
        else:
            letters.insert(at, rng.choice("aeiouxyz "))
    return "".join(letters)


def test_near_duplicates_are_those_every_pair_finds() -> None:
    rng = random.Random(2021)
    words = ["guide", "on", "the", "protection", "of", "victims", "trafficking", "in", "persons"]
    titles: list[str] = ["", ""]  # two empty titles are alike, as difflib says
    for _ in range(400):
        if titles and rng.random() < 0.3:
            titles.append(_variant(rng.choice(titles), rng))
        else:
            titles.append(" ".join(rng.choices(words, k=rng.randint(1, 7))))
    expected = _every_pair(titles)
    assert len(expected) > 50  # the near duplicates the check is for, and many others
    assert list(doubles._first_alike(titles)) == expected
