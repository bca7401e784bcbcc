"""The brand's files a Word document embeds (its fonts, its raster logo), read once a build.

Every notice of a build embeds the same faces and logo; checking and reading them for each
file was a tenth of a notice's time. They are kept for the model they were read for (a new
build loads a new one, and reads them again, so an edited font is never taken stale).
"""

from __future__ import annotations

import weakref
from typing import Any

from ... import files
from ...context import Context
from ...errors import BuildError

_KEPT: list[tuple[weakref.ref[Any], dict[tuple[str, int], bytes]]] = []


def brand_bytes(context: Context, rel: str, limit: int = files.MAX_BYTES) -> bytes:
    """Return the bytes of the project file `rel`, read safely once per build."""
    kept = _kept(context.loaded)
    if (rel, limit) not in kept:
        try:
            kept[rel, limit] = files.read_bytes(context.root, rel, limit)
        except files.Refused as exc:
            raise BuildError(str(exc)) from None
    return kept[rel, limit]


def _kept(loaded: Any) -> dict[tuple[str, int], bytes]:
    """Return the files kept for `loaded` (the model of one build), forgetting any other's."""
    if not _KEPT or _KEPT[0][0]() is not loaded:
        _KEPT[:] = [(weakref.ref(loaded), {})]
    return _KEPT[0][1]
