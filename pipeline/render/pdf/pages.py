"""Laid-out pages kept for reuse: a warm process lays out only what an edit changed."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

Page = tuple[Any, Any]  # a laid-out WeasyPrint document and one of its pages


class PageCache:
    """One-page documents laid out together, kept by what each page depends on."""

    def __init__(self) -> None:
        self.groups: dict[Hashable, dict[Hashable, Page]] = {}

    def pages(
        self, group: Hashable, keys: list[Hashable], layout: Callable[[list[int]], Any]
    ) -> list[Page]:
        """Return (document, page) per key, laying out together those not laid out yet.

        `layout(indexes)` lays out the items at those indexes of `keys`, one page each.
        """
        cache = self.groups.setdefault(group, {})
        missing = [index for index, key in enumerate(keys) if key not in cache]
        if missing:
            document = layout(missing)
            for index, page in zip(missing, document.pages, strict=True):
                cache[keys[index]] = (document, page)
        return [cache[key] for key in keys]

    def keep(self, group: Hashable, keys: list[Hashable]) -> None:
        """Forget every page of `group` but those of `keys` (the items that still exist)."""
        cache = self.groups.get(group, {})
        self.groups[group] = {key: cache[key] for key in keys if key in cache}
