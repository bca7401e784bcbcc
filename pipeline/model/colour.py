"""Colours as WCAG sees them: relative luminance, contrast ratio, and mixing two colours."""

from __future__ import annotations

WHITE = "#FFFFFF"
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA, 1.4.3: text and images of text
GRAPHIC_CONTRAST = 3.0  # WCAG 2.2 AA, 1.4.11: rules and other parts of graphics


def channels(colour: str) -> tuple[int, int, int]:
    """Return the red, green and blue of '#RRGGBB' (0-255)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """Return the relative luminance of a colour (WCAG 2.2, from sRGB)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    """Return the contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(one: str, other: str, share: float) -> str:
    """Return `one` mixed with `share` (0-1) of `other`, as '#RRGGBB'."""
    mixed = (
        round(a + (b - a) * share) for a, b in zip(channels(one), channels(other), strict=True)
    )
    return "#" + "".join(f"{c:02X}" for c in mixed)


def readable_on(background: str, *candidates: str) -> str:
    """Return the candidate with the most contrast on `background`."""
    return max(candidates, key=lambda c: contrast(c, background))
