"""Walk a PDF page's content as a reader would: marked content, text with its colours, images.

What the accessibility checks need of the drawing, and no more: each marked-content
sequence (tagged with an MCID, an artifact, or neither), each run of text shown with its
fill colour, its size and the colour of the last opaque fill painted under it, and where
each image or form is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
WHITE = (1.0, 1.0, 1.0)  # the paper


@dataclass(frozen=True)
class Text:
    """One text-showing operator: where, in what colour, on what, how large, inside what."""

    page: int
    colour: tuple[float, float, float]
    background: tuple[float, float, float]
    size: float
    font: str
    mcid: int | None
    artifact: bool


@dataclass
class PageContent:
    """What a page's content streams hold."""

    page: int
    mcids: list[int] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)  # marked content neither tagged nor artifact
    untagged_text: int = 0  # text shown outside any tagged sequence or artifact
    texts: list[Text] = field(default_factory=list)
    drawn: dict[int, list[Box]] = field(default_factory=dict)  # MCID -> boxes it paints


def multiply(a: Matrix, b: Matrix) -> Matrix:
    """Return the matrix product a x b of two PDF matrices."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """Return the point (x, y) transformed by `m`."""
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def box_of(m: Matrix, box: Box) -> Box:
    """Return the bounding box of `box` transformed by `m`."""
    corners = [apply(m, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def _rgb(operands: list[float]) -> tuple[float, float, float] | None:
    """Return an RGB colour from gray, RGB or CMYK operands."""
    if len(operands) == 1:
        return (operands[0],) * 3
    if len(operands) == 3:
        return (operands[0], operands[1], operands[2])
    if len(operands) == 4:
        c, m, y, k = operands
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: tuple[float, float, float] | None = (0.0, 0.0, 0.0)
    alpha: float = 1.0
    clip: Box | None = None

    def copy(self) -> _State:
        """Return a copy of this state (for `q`)."""
        return _State(self.ctm, self.fill, self.alpha, self.clip)


def _intersect(one: Box | None, other: Box) -> Box:
    """Return the intersection of two boxes (`one` None: no clip yet)."""
    if one is None:
        return other
    return (
        max(one[0], other[0]),
        max(one[1], other[1]),
        min(one[2], other[2]),
        min(one[3], other[3]),
    )


class _Walker:
    """Walk one page's content, and the forms it draws, collecting a `PageContent`."""

    def __init__(self, number: int) -> None:
        self.content = PageContent(number)
        self.fills: list[tuple[Box, tuple[float, float, float]]] = []  # opaque, in paint order
        self.marks: list[tuple[str, int | None]] = []  # open sequences: kind, MCID

    def inside(self) -> tuple[int | None, bool]:
        """Return the MCID of the innermost tagged sequence open, and whether in an artifact."""
        mcid = next((m for kind, m in reversed(self.marks) if kind == "tagged"), None)
        return mcid, any(kind == "artifact" for kind, _ in self.marks)

    def walk(self, stream: Any, resources: Any, state: _State, depth: int = 0) -> None:
        """Walk the content stream `stream` with `resources`, from the graphics `state`."""
        states: list[_State] = []
        path: list[tuple[float, float]] = []
        subpaths, clipping = 0, False
        tm, tlm, size, font, leading = IDENTITY, IDENTITY, 0.0, "", 0.0
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            numbers = [float(v) for v in operands if _num(v)]
            if op == "q":
                states.append(state.copy())
            elif op == "Q" and states:
                state = states.pop()
            elif op == "cm":
                state.ctm = multiply(tuple(numbers), state.ctm)  # type: ignore[arg-type]
            elif op in ("rg", "g", "k", "sc", "scn"):
                state.fill = _rgb(numbers)
            elif op == "gs":
                graphics = resources.get("/ExtGState", {}).get(str(operands[0]), {})
                if "/ca" in graphics:
                    state.alpha = float(graphics["/ca"])
            elif op == "re":
                x, y, w, h = numbers
                path += [apply(state.ctm, x, y), apply(state.ctm, x + w, y + h)]
                subpaths += 1
            elif op in ("m", "l", "c", "v", "y"):
                path += [
                    apply(state.ctm, numbers[i], numbers[i + 1]) for i in (0, len(numbers) - 2)
                ]
                subpaths += op == "m"
            elif op in ("W", "W*"):
                clipping = True
            elif op in ("f", "F", "f*", "B", "B*", "b", "b*", "n", "S", "s") and path:
                xs, ys = [p[0] for p in path], [p[1] for p in path]
                box = (min(xs), min(ys), max(xs), max(ys))
                ring = op.endswith("*") and subpaths > 1  # a border: paints no background
                if op not in ("n", "S", "s") and state.fill and state.alpha >= 0.99 and not ring:
                    self.fills.append((_intersect(state.clip, box), state.fill))
                if op != "n":
                    self._drawn(_intersect(state.clip, box))
                if clipping:
                    state.clip = _intersect(state.clip, box)
                path, subpaths, clipping = [], 0, False
            elif op in ("BMC", "BDC"):
                self._begin(operands, resources)
            elif op == "EMC" and self.marks:
                self.marks.pop()
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                font, size = str(operands[0]), numbers[-1]
                font = _font_name(resources, font)
            elif op == "TL":
                leading = numbers[0]
            elif op in ("Td", "TD"):
                tlm = tm = multiply((1, 0, 0, 1, numbers[0], numbers[1]), tlm)
                leading = -numbers[1] if op == "TD" else leading
            elif op == "Tm":
                tlm = tm = tuple(numbers)  # type: ignore[assignment]
            elif op in ("T*", "'", '"'):
                tlm = tm = multiply((1, 0, 0, 1, 0, -leading), tlm)
            if op in ("Tj", "TJ", "'", '"'):
                self._text(multiply(tm, state.ctm), size, font, state)
            elif op == "Do" and depth < 8:
                self._draw(str(operands[0]), resources, state, depth)

    def _begin(self, operands: Any, resources: Any) -> None:
        """Open a marked-content sequence: an artifact, tagged (with an MCID), or neither."""
        tag = str(operands[0])
        properties = operands[1] if len(operands) > 1 else None
        if isinstance(properties, pikepdf.Name):
            properties = resources.get("/Properties", {}).get(str(properties))
        mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
        if tag == "/Artifact":
            self.marks.append(("artifact", None))
        elif mcid is not None:
            self.content.mcids.append(int(mcid))
            self.marks.append(("tagged", int(mcid)))
        else:
            if not self.marks:
                self.content.unmarked.append(tag)
            self.marks.append(("other", None))

    def _text(self, matrix: Matrix, size: float, font: str, state: _State) -> None:
        """Record a run of text, with the colour of the opaque fill under its middle."""
        mcid, artifact = self.inside()
        if mcid is None and not artifact:
            self.content.untagged_text += 1
        if state.alpha < 0.01 or state.fill is None:
            return  # drawn in no colour: words for a reader only
        x, y = apply(matrix, 0.25 * size, 0.3 * size)
        under = [colour for box, colour in self.fills if _within(x, y, box)]
        scale = abs(matrix[3]) or abs(matrix[1])
        self.content.texts.append(
            Text(
                self.content.page,
                state.fill,
                under[-1] if under else WHITE,
                size * scale,
                font,
                mcid,
                artifact,
            )
        )

    def _draw(self, name: str, resources: Any, state: _State, depth: int) -> None:
        """Record where an image or form is drawn, and walk a form's content."""
        xobject = resources.get("/XObject", {}).get(name)
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Form":
            matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
            ctm = multiply(matrix, state.ctm)  # type: ignore[arg-type]
            box = box_of(ctm, tuple(float(v) for v in xobject["/BBox"]))  # type: ignore[arg-type]
            inner = _State(ctm, state.fill, state.alpha, state.clip)
            self.walk(xobject, xobject.get("/Resources", resources), inner, depth + 1)
        else:
            box = box_of(state.ctm, (0.0, 0.0, 1.0, 1.0))
        self._drawn(box)

    def _drawn(self, box: Box) -> None:
        """Record that something was painted in `box` by the tagged sequence open, if any."""
        mcid, _ = self.inside()
        if mcid is not None and box[0] <= box[2] and box[1] <= box[3]:
            self.content.drawn.setdefault(mcid, []).append(box)


def _num(value: Any) -> bool:
    """Return whether a content-stream operand is a number."""
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, pikepdf.Name | pikepdf.String | pikepdf.Array)


def _within(x: float, y: float, box: Box) -> bool:
    """Return whether the point (x, y) lies in `box`."""
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _font_name(resources: Any, name: str) -> str:
    """Return the base font name of the font resource `name`."""
    font = resources.get("/Font", {}).get(name)
    return str(font.get("/BaseFont", name)) if font is not None else name


def page_content(pdf: pikepdf.Pdf, index: int) -> PageContent:
    """Return what page `index` (from 0) of `pdf` draws, and how it is marked."""
    page = pdf.pages[index]
    walker = _Walker(index + 1)
    walker.walk(page, page.resources, _State())
    return walker.content
