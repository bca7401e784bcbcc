"""The editions, one writer each, siblings with one lifecycle (see `base`).

`editions()` imports every writer, which registers it, and returns them in the order they
render; nothing imports them before a build needs them (a no-op build never does).
"""

from __future__ import annotations

from .base import REGISTRY, Writer

__all__ = ["REGISTRY", "editions"]


def editions() -> list[type[Writer]]:
    """Return every writer's class, in the order they render, each imported once."""
    from . import (  # noqa: F401 - they register
        notice_pdf,
        notice_word,
        plan_changes,
        plan_pdf,
        plan_redline,
        plan_word,
        web,
    )

    return list(REGISTRY)
