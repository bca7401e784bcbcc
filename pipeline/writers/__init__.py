"""The editions, one writer each, siblings with one lifecycle (see `base`).

Importing this package registers every writer, in the order they render.
"""

from . import (  # noqa: F401 - they register
    notice_pdf,
    notice_word,
    plan_changes,
    plan_pdf,
    plan_redline,
    plan_word,
    web,
)
from .base import REGISTRY

__all__ = ["REGISTRY"]
