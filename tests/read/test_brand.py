"""The brand: one definition for CSS and Word, fonts that cover the region, derived files fresh."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from pipeline.model.brand import needed_typefaces
from pipeline.read import load as sources
from pipeline.read.schemas import KINDS, dumps, plan_purposes, schema
from pipeline.render import assets
from pipeline.render.css import brand_css

from ..conftest import ROOT


def test_font_coverage_record_matches_the_font_files() -> None:
    loaded = sources.load(ROOT)
    recorded = (ROOT / "styles" / "fonts" / "coverage.json").read_text("utf-8")
    assert recorded == assets.coverage_json(ROOT, loaded.brand), "run: python -m pipeline assets"


def test_the_text_face_covers_the_regions_latin_diacritics() -> None:
    loaded = sources.load(ROOT)
    vietnamese = "Việt Nam Đà Nẵng ả ạ ằ ẵ ể ỗ ự ỹ"
    tagalog_bahasa = "Pilipinas ñ Ñ é"
    for char in set(vietnamese + tagalog_bahasa) - {" "}:
        assert loaded.coverage.has("Noto Sans", char), char


def test_every_member_script_has_a_face_and_only_needed_ones_load() -> None:
    loaded = sources.load(ROOT)
    samples = {
        "Noto Sans Thai": "กรุงเทพ",
        "Noto Sans Khmer": "កម្ពុជា",
        "Noto Sans Lao": "ລາວ",
        "Noto Sans Myanmar": "မြန်မာ",
        "Noto Sans Bengali": "বাংলা",
        "Noto Sans Devanagari": "नेपाल",
        "Noto Sans Sinhala": "ශ්‍රී ලංකා",
        "Noto Sans Tamil": "தமிழ்",
        "Noto Sans Arabic": "افغانستان",
        "Noto Sans Thaana": "ދިވެހި",
        "Noto Sans CJK KR": "대한민국",
        "Droid Sans Fallback": "中国 日本",
    }
    for family, text in samples.items():
        needed = [t.family for t in needed_typefaces(loaded.brand, loaded.coverage, set(text))]
        assert needed == ["Noto Sans", "Noto Sans Symbols2", family], text
    assert loaded.coverage.has("Noto Sans Symbols2", "✓")
    plain = needed_typefaces(loaded.brand, loaded.coverage, set("Annual Workplan ✓"))
    assert [t.family for t in plain] == ["Noto Sans", "Noto Sans Symbols2"]


def test_css_is_made_from_the_brand() -> None:
    loaded = sources.load(ROOT)
    css = brand_css(loaded.brand, [loaded.brand.typeface])
    assert "--colour-primary: #0E3A5B;" in css and "--size-body: 10pt;" in css
    assert '--font: "Brand Noto Sans";' in css
    assert css.count("@font-face") == 4


def test_the_logo_png_is_the_svg_emblem() -> None:
    with Image.open(ROOT / "styles" / "logo.png") as image:
        assert image.size == (assets.LOGO_PIXELS, assets.LOGO_PIXELS)
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0  # transparent corner
        centre = image.getpixel((assets.LOGO_PIXELS // 2, assets.LOGO_PIXELS // 3))
        assert centre[:3] == (0xE3, 0xA3, 0x3A)  # the sun, in the highlight colour


def test_committed_schemas_are_generated_from_the_model() -> None:
    for kind, cls in KINDS.items():
        path = ROOT / "sources" / "schemas" / f"{kind}.schema.json"
        expected = dumps(schema(kind, cls, plan_purposes(ROOT)))
        assert path.read_text("utf-8") == expected, "run: nox -s schema"


def test_shipped_sources_validate_against_their_schemas() -> None:
    import datetime as dt

    import jsonschema
    import yaml

    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    files = {
        "office": ["sources/office.yaml"],
        "brand": ["styles/brand.yaml"],
        "strategic-plan": sorted(Path(ROOT).glob("sources/strategic-plans/*.yaml")),
        "workplan": sorted(Path(ROOT).glob("sources/workplans/*.yaml")),
        "releases": sorted(Path(ROOT).glob("sources/releases/*.yaml")),
    }
    for kind, paths in files.items():
        validator = jsonschema.Draft202012Validator(
            json.loads((ROOT / "sources" / "schemas" / f"{kind}.schema.json").read_text())
        )
        for path in paths:
            text = (ROOT / path).read_text("utf-8")
            assert "$schema=" in text.splitlines()[0]
            assert list(validator.iter_errors(plain(yaml.safe_load(text)))) == []
