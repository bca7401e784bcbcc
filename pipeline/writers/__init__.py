"""The editions, one writer each, siblings with one lifecycle (see `base`).

Importing this package registers every writer, in the order they render.
"""

from . import notice_pdf, notice_word, plan_pdf, plan_word, web  # noqa: F401 - they register
from .base import REGISTRY

__all__ = ["REGISTRY"]
