"""Whether a raster logo is a whole PNG or JPEG image of a logo's size: read, not decoded.

The Word files embed the brand's raster logo as it is, sized by the width and height its
header gives, and set it on a disc as large as its longest side: a file cut short or
damaged (a PNG's pixels are unpacked and counted, never held), with no pixels in one
direction, or with more than a logo needs (a few bytes can say 40,000 pixels, and the
disc would take gigabytes) is refused where the brand names it, before any document is
made of it.
"""

from __future__ import annotations

import zlib

MOST_PIXELS = 5_000  # a side: a logo needs some hundreds (the assets command makes 600); the
# Word files set it on a disc as large as its longest side, which is memory squared
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_BARE = {0x01, *range(0xD0, 0xD9)}  # markers without a length: TEM, RSTn, SOI


def raster_problem(data: bytes) -> str | None:
    """Return why `data` is not a complete PNG or JPEG image with pixels, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png_problem(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_problem(data)
    return "is not a PNG or JPEG image"


def _png_problem(data: bytes) -> str | None:
    """Return why a PNG is not whole (each chunk with its checksum, up to IEND), its header
    gives it no pixels or too many, or its pixels do not unpack to what it says, or None."""
    chunks = _png_chunks(data)
    if isinstance(chunks, str):
        return chunks
    kind, header = chunks[0]
    if kind != b"IHDR" or len(header) < 13:
        return "is a damaged PNG image (no header)"
    size = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
    if problem := _size_problem(size):
        return problem
    pixels = b"".join(body for kind, body in chunks if kind == b"IDAT")
    expected = _unpacked_size(size, header)
    if expected is None or _inflated_size(pixels, limit=expected) != expected:
        return "is a damaged PNG image (its pixels do not unpack to its size)"
    return None


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]] | str:
    """Return a PNG's chunks (kind, body) up to IEND, or why they are not whole."""
    chunks, offset = [], 8
    while offset + 12 <= len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        crc = data[offset + 8 + length : offset + 12 + length]
        if len(body) < length or len(crc) < 4:
            break
        if zlib.crc32(kind + body).to_bytes(4, "big") != crc:
            return "is a damaged PNG image (a chunk's checksum is wrong)"
        chunks.append((kind, body))
        if kind == b"IEND":
            return chunks
        offset += 12 + length
    return "is a truncated PNG image"


_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type: grey, RGB, palette, grey+alpha, RGBA
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def _unpacked_size(size: tuple[int, int], header: bytes) -> int | None:
    """Return how many bytes a PNG's pixels unpack to (rows of pixels, each after its filter
    byte; in seven passes where it is interlaced), or None for an unknown colour type."""
    depth, colour, interlaced = header[8], header[9], header[12]
    if colour not in _CHANNELS:
        return None
    bits = _CHANNELS[colour] * depth
    width, height = size
    passes = _ADAM7 if interlaced else ((0, 0, 1, 1),)
    total = 0
    for left, top, across, down in passes:
        columns, rows = -(-(width - left) // across), -(-(height - top) // down)
        if columns > 0 and rows > 0:
            total += rows * (1 + -(-columns * bits // 8))
    return total


def _inflated_size(data: bytes, limit: int) -> int | None:
    """Return how many bytes the zlib stream `data` inflates to (counting no further than
    past `limit`, in pieces, so that no more than a piece is held), or None if it is not a
    whole zlib stream."""
    inflater, total, pending = zlib.decompressobj(), 0, data
    try:
        while pending and total <= limit:
            total += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
        while total <= limit and not inflater.eof and (piece := inflater.flush()):
            total += len(piece)
    except zlib.error:
        return None
    return total if inflater.eof or total > limit else None


def _jpeg_problem(data: bytes) -> str | None:
    """Return why a JPEG is cut short or its frame header gives it no pixels, or None."""
    if not data.rstrip(b"\0").endswith(b"\xff\xd9"):
        return "is a truncated JPEG image"
    size = _jpeg_size(data)
    if size is None:
        return "is a damaged JPEG image (no frame header)"
    return _size_problem(size)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Return the width and height of a JPEG's first frame, or None if none comes before
    its image data."""
    offset = 2
    while offset + 4 <= len(data):
        if data[offset] != 0xFF:
            return None
        marker = data[offset + 1]
        if marker == 0xFF:  # a fill byte
            offset += 1
            continue
        if marker in _JPEG_BARE:
            offset += 2
            continue
        if marker in (0xD9, 0xDA):  # the end, or the scan: no frame header before it
            return None
        length = int.from_bytes(data[offset + 2 : offset + 4], "big")
        if marker in _JPEG_FRAMES and offset + 9 <= len(data):
            height = int.from_bytes(data[offset + 5 : offset + 7], "big")
            return int.from_bytes(data[offset + 7 : offset + 9], "big"), height
        offset += 2 + length
    return None


def _size_problem(size: tuple[int, int]) -> str | None:
    """Return why an image of `size` (width, height) cannot be a logo, or None."""
    shown = f"is an image of {size[0]:,} × {size[1]:,} pixels"
    if not all(size):
        return f"{shown}, with nothing to show; save it again"
    if max(size) > MOST_PIXELS:
        return f"{shown}, more than a logo needs; save it at most {MOST_PIXELS:,} a side"
    return None
