"""Regenerate the brand assets derived from others: font coverage, and the logo as PNG."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import files
from ..errors import BuildError, SourcesInvalid
from ..model.brand import Brand, Typeface
from ..read import brand as brand_module
from ..read.binding import Binder

LOGO_PIXELS = 600


def regenerate(root: Path) -> list[Path]:
    """Rewrite `styles/fonts/coverage.json` and the logo PNG; return the files written."""
    brand = _brand(root)
    coverage = files.write_text(root, brand_module.COVERAGE, coverage_json(root, brand))
    logo = files.write_bytes(root, f"styles/{brand.logo_raster}", logo_png(root, brand))
    return [coverage, logo]


def coverage_json(root: Path, brand: Brand) -> str:
    """Return the coverage of every typeface of `brand` as JSON: family -> code point ranges."""
    table = {t.family: _ranges(_codepoints(root, t)) for t in brand.typefaces}
    lines = [f"  {json.dumps(family)}: {json.dumps(spans)}" for family, spans in table.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _brand(root: Path) -> Brand:
    """Return the brand, whatever state its coverage file is in."""
    binder = Binder()
    found, _ = brand_module.load(root, binder)
    if found is None:
        raise SourcesInvalid(binder.errors)
    errors = [
        e
        for e in binder.errors  # the files this command makes may be missing or stale
        if e.mark.path != brand_module.COVERAGE and f"'{found.logo_raster}'" not in e.message
    ]
    if errors:
        raise SourcesInvalid(errors)
    return found


def _codepoints(root: Path, typeface: Typeface) -> set[int]:
    """Return every code point a face of `typeface` maps to a glyph."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for face in typeface.faces:
        data = files.read_bytes(root, f"styles/{face.file}")
        with TTFont(io.BytesIO(data), lazy=True) as font:
            points |= set(font.getBestCmap())
    return points


def _ranges(points: set[int]) -> list[list[int]]:
    """Return sorted code points as [first, last] runs."""
    spans: list[list[int]] = []
    for point in sorted(points):
        if spans and spans[-1][1] == point - 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return spans


def logo_png(root: Path, brand: Brand) -> bytes:
    """Return the SVG logo rendered as a square PNG for Word documents."""
    from .pdf.fetcher import SafeFetcher
    from .pdf.patches import load

    weasyprint = load()
    pdftocairo = shutil.which("pdftocairo")
    if pdftocairo is None:
        raise BuildError("making the logo PNG needs pdftocairo (Debian package poppler-utils)")
    html = (
        "<style>@page{size:1in 1in;margin:0}body{margin:0}"
        "img{width:1in;height:1in;display:block}</style>"
        f'<img src="{brand.logo}" alt="">'
    )
    fetcher = SafeFetcher([root / "styles"], root)
    pdf = weasyprint.HTML(
        string=html, base_url=(root / "styles").as_uri() + "/", url_fetcher=fetcher
    ).write_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "logo.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                pdftocairo,
                "-png",
                "-transp",
                "-r",
                str(LOGO_PIXELS),
                "-singlefile",
                str(source),
                str(Path(tmp) / "logo"),
            ],
            check=True,
        )
        return (Path(tmp) / "logo.png").read_bytes()
