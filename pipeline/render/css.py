"""Write the brand as CSS: custom properties for colours and sizes, @font-face for its fonts."""

from __future__ import annotations

import dataclasses

from ..model.brand import Brand, Typeface


def brand_css(brand: Brand, typefaces: list[Typeface]) -> str:
    """Return the CSS that the layout stylesheets build on, for a text needing `typefaces`."""
    return "\n".join([_properties(brand, typefaces), *map(_font_faces, typefaces)])


def _properties(brand: Brand, typefaces: list[Typeface]) -> str:
    """Return `:root` custom properties: --colour-*, --size-* and --font."""
    lines = [f"  --colour-{name}: {value};" for name, value in _values(brand.colours)]
    lines += [f"  --colour-{name}: {value};" for name, value in brand.colours.derived().items()]
    lines += [f"  --size-{name}: {value:g}pt;" for name, value in _values(brand.sizes)]
    stack = ", ".join(f'"{t.css_family}"' for t in typefaces)
    lines.append(f"  --font: {stack};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def _font_faces(typeface: Typeface) -> str:
    """Return one @font-face rule per font file of `typeface`, and its bold where it has none.

    A bold request of a family without a bold face is otherwise left to fontconfig, which
    may or may not embolden it depending on what the process loaded before: the same
    sources would not give the same bytes. The regular face serves for bold, as drawn.
    """
    faces = [(face.file, face.weight, face.style) for face in typeface.faces]
    for file, weight, style in list(faces):
        if weight < 600 and not any(w >= 600 and s == style for _, w, s in faces):
            faces.append((file, 700, style))
    return "".join(
        f'@font-face {{ font-family: "{typeface.css_family}"; src: url("{file}"); '
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
