"""Outputs this process has rendered, by fingerprint: a warm process never renders twice.

A fingerprint covers everything an output is made from (the code and its libraries, the
options, the part of the model it shows and the content of every file it reads), so the
same fingerprint gives the same bytes wherever the project lies. A `watch` that sees an
edit undone, or a build forced over unchanged sources, takes the bytes from here.
"""

from __future__ import annotations

from collections import OrderedDict

MAX_BYTES = 128_000_000  # what the process may keep; the least recently used go first

_KEPT: OrderedDict[str, tuple[bytes, int | None]] = OrderedDict()


def recall(fingerprint: str) -> tuple[bytes, int | None] | None:
    """Return the bytes and pages rendered for `fingerprint`, if this process has them."""
    found = _KEPT.get(fingerprint)
    if found is not None:
        _KEPT.move_to_end(fingerprint)
    return found


def keep(fingerprint: str, data: bytes, pages: int | None) -> None:
    """Remember what was rendered for `fingerprint`, forgetting the oldest beyond the limit."""
    _KEPT[fingerprint] = (data, pages)
    _KEPT.move_to_end(fingerprint)
    total = sum(len(kept) for kept, _ in _KEPT.values())
    while total > MAX_BYTES and len(_KEPT) > 1:
        _, (dropped, _) = _KEPT.popitem(last=False)
        total -= len(dropped)


def forget() -> None:
    """Forget everything (for a measurement that must render)."""
    _KEPT.clear()
