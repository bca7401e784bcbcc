"""Write the brand as CSS: custom properties for colours and sizes, @font-face for its fonts.

For print the sizes are the brand's points and the fonts its files; for screens the sizes
are in rem, relative to the body's (which is the reader's own size), and the fonts WOFF2.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..model.brand import Brand, Typeface


def brand_css(brand: Brand, typefaces: list[Typeface]) -> str:
    """Return the CSS that the layout stylesheets build on, for a text needing `typefaces`."""
    return "\n".join([_properties(brand, typefaces), *map(_font_faces, typefaces)])


def screen_css(brand: Brand, typefaces: list[Typeface], url: Callable[[str], str]) -> str:
    """Return the brand CSS for screens, each font file's WOFF2 at `url(file)`."""
    body = float(brand.sizes.body)
    sizes = {name: f"{float(str(value)) / body:.4g}rem" for name, value in _values(brand.sizes)}
    faces = [_font_faces(t, url, ' format("woff2"); font-display: swap') for t in typefaces]
    return "\n".join([_properties(brand, typefaces, sizes), *faces])


def _properties(
    brand: Brand, typefaces: list[Typeface], sizes: dict[str, str] | None = None
) -> str:
    """Return `:root` custom properties: --colour-*, --size-* (points unless `sizes`), --font."""
    lines = [f"  --colour-{name}: {value};" for name, value in _values(brand.colours)]
    lines += [f"  --colour-{name}: {value};" for name, value in brand.colours.derived().items()]
    points = {name: f"{value:g}pt" for name, value in _values(brand.sizes)}
    lines += [f"  --size-{name}: {value};" for name, value in (sizes or points).items()]
    stack = ", ".join(f'"{t.css_family}"' for t in typefaces)
    lines.append(f"  --font: {stack};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def _font_faces(typeface: Typeface, url: Callable[[str], str] = str, extra: str = "") -> str:
    """Return one @font-face rule per font file of `typeface` (its source at `url(file)`),
    and its bold where it has none.

    A bold request of a family without a bold face is otherwise left to fontconfig, which
    may or may not embolden it depending on what the process loaded before: the same
    sources would not give the same bytes. The regular face serves for bold, as drawn.
    """
    faces = [(face.file, face.weight, face.style) for face in typeface.faces]
    for file, weight, style in list(faces):
        if weight < 600 and not any(w >= 600 and s == style for _, w, s in faces):
            faces.append((file, 700, style))
    return "".join(
        f'@font-face {{ font-family: "{typeface.css_family}"; src: url("{url(file)}"){extra}; '
        f"font-weight: {weight}; font-style: {style}; }}\n"
        for file, weight, style in faces
    )


def _values(obj: object) -> list[tuple[str, object]]:
    """Return the (name, value) pairs of a brand dataclass, without its location."""
    return [
        (f.name, getattr(obj, f.name))
        for f in dataclasses.fields(obj)  # type: ignore[arg-type]
        if f.name != "where"
    ]
