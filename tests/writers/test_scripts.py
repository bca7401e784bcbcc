"""Activities in the scripts of Bali Process members: wrapped, in order, right-to-left at right."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from .. import sourcegen
from ..conftest import copy_project, run_cli
from ..pdfread import header_columns, pages

SAMPLES = {
    "km": "ការពារជនរងគ្រោះពីការជួញដូរមនុស្ស" * 3,
    "lo": "ການປົກປ້ອງຜູ້ເຄາະຮ້າຍຈາກການຄ້າມະນຸດ" * 3,
    "my": "လူကုန်ကူးမှုမှကာကွယ်ရေး" * 5,
    "th": "การคุ้มครองผู้เสียหายจากการค้ามนุษย์" * 3,
    "ko": "인신매매 피해자 보호를 위한 지역 협력 회의 " * 3,
    "vi": "Hội thảo khu vực về bảo vệ nạn nhân mua bán người " * 2,
    "si": "මිනිස් ජාවාරමෙන් වින්දිතයින් ආරක්ෂා කිරීම " * 3,
    "prs": "حمایت از قربانیان قاچاق انسان در منطقه " * 3,
    "ur-en": "انسانی سمگلنگ کے خلاف UNODC کی علاقائی ورکشاپ",
}
RIGHT_TO_LEFT = ("prs", "ur-en")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Return the plan PDF of a 2022 plan whose first quarter has one activity per sample."""
    root = copy_project(tmp_path_factory.mktemp("scripts") / "project")
    rows = [(" ".join(text.split()), [n % 4 + 1]) for n, text in enumerate(SAMPLES.values())]
    spec = sourcegen.Spec(activities=[rows, [("b", [2])], [("c", [3])], [("d", [4])]])
    sourcegen.write(root, spec)
    result = run_cli("build", "--root", root, "--only", "*plan*.pdf")
    assert result.returncode == 0, result.stderr
    yield root / "dist" / "annual-plan-2022.pdf"


def first_quarter(pdf: Path) -> int:
    """Return the number of the page that begins the first quarter's table."""
    return next(
        p.number
        for p in pages(pdf)
        if header_columns(p) is not None and "Quarter 1:" in "".join(c.text for c in p.chars)
    )


def letters(text: str) -> str:
    """Return `text` without spaces, line breaks and the zero-width break opportunities."""
    return "".join(re.sub("[\u200b\u202a-\u202e]", "", text).split())


LAM_ALEF = pytest.mark.xfail(
    strict=True,
    reason="a lam-alef ligature maps to two letters that readers reverse with the line "
    "(README: Languages and scripts)",
)


@pytest.mark.parametrize(
    "key",
    [pytest.param(k, marks=LAM_ALEF) if "\u0644\u0627" in v else k for k, v in SAMPLES.items()],
)
def test_copied_text_equals_the_source(built: Path, key: str) -> None:
    text = subprocess.run(
        ["pdftotext", "-f", str(first_quarter(built)), "-l", str(first_quarter(built)), built, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert letters(SAMPLES[key]) in letters(text)


def test_every_sample_wraps_inside_the_activity_column(built: Path) -> None:
    page = pages(built)[first_quarter(built) - 1]
    columns = header_columns(page)
    assert columns is not None
    scripts = [
        c for c in page.chars if ord(c.text) > 0x2FF and unicodedata.category(c.text)[0] in "LM"
    ]
    assert len(scripts) > 500
    for char in scripts:
        assert columns.left - 1 <= char.x0 and char.x1 <= columns.activity_right + 1, char


@pytest.mark.parametrize("key", RIGHT_TO_LEFT)
def test_right_to_left_text_is_set_from_the_right(built: Path, key: str) -> None:
    page = pages(built)[first_quarter(built) - 1]
    columns = header_columns(page)
    assert columns is not None
    words = set(SAMPLES[key].split()[-1])  # letters of its last word, found on its last line
    lines: dict[int, list[tuple[float, float]]] = {}
    for char in page.chars:
        if "\u0600" <= char.text <= "\u06ff":
            lines.setdefault(round(char.top), []).append((char.x0, char.x1))
    last = [
        lines[top]
        for top in sorted(lines)
        if words & {c.text for c in page.chars if round(c.top) == top}
    ][-1]
    width = columns.activity_right - columns.left
    assert min(x0 for x0, _ in last) - columns.left > width / 5  # a short line, at the right
    assert columns.activity_right - max(x1 for _, x1 in last) < 30
