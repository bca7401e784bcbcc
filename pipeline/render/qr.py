"""QR codes of a release's address, drawn in the brand's colour: SVG for HTML, PNG for Word."""

from __future__ import annotations

import io
from functools import lru_cache

from markupsafe import Markup

ERROR_CORRECTION = "m"  # 15% of the code may be damaged, as a printed page may be


@lru_cache(maxsize=256)
def svg(url: str, colour: str) -> Markup:
    """Return the QR code of `url` as inline SVG drawn with vector paths (made once)."""
    import segno

    code = segno.make(url, error=ERROR_CORRECTION, micro=False)
    return Markup(
        code.svg_inline(scale=4, border=2, dark=colour, title=f"QR code: {url}", omitsize=True)
    )


def png(url: str, colour: str) -> io.BytesIO:
    """Return the QR code of `url` as a PNG picture."""
    import segno

    stream = io.BytesIO()
    segno.make(url, error=ERROR_CORRECTION, micro=False).save(
        stream, kind="png", scale=8, border=2, dark=colour
    )
    stream.seek(0)
    return stream
