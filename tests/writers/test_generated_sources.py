"""Generated sources: every build passes the preflight or fails at a located value, never
writes a page with content outside it."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from .. import sourcegen
from ..conftest import copy_project, run_cli
from ..pdfread import pages

WORDS = {
    "Latn": "regional workshop on protection of migrants and victims of trafficking",
    "Khmr": "ការពារ ជនរងគ្រោះ ពីការជួញដូរ មនុស្ស",
    "Thai": "การคุ้มครอง ผู้เสียหาย จากการค้า มนุษย์",
    "Arab": "حمایت از قربانیان قاچاق انسان در منطقه",
    "Hang": "인신매매 피해자 보호를 위한 지역 협력 회의",
    "Sinh": "මිනිස් ජාවාරමෙන් වින්දිතයින් ආරක්ෂා කිරීම",
    "Vietnamese": "hội thảo khu vực về bảo vệ nạn nhân",
}
LOCATED = re.compile(r"^(sources|styles)/[^:]+:\d+:\d+: ")


@st.composite
def texts(draw: st.DrawFn, longest: int) -> str:
    """Return a text of random length in a random script, sometimes one very long word."""
    words = WORDS[draw(st.sampled_from(sorted(WORDS)))].split()
    count = draw(st.integers(1, max(1, longest // 8)))
    text = " ".join(draw(st.sampled_from(words)) for _ in range(count))
    if draw(st.booleans()) and longest > 100:
        text += " " + "x" * draw(st.integers(40, longest - 60))
    return text[:longest].strip() or "x"


@st.composite
def specs(draw: st.DrawFn) -> sourcegen.Spec:
    """Return generated sources: purposes, activities per quarter, releases."""
    purposes = draw(st.integers(1, 8))
    activity = st.tuples(
        texts(590), st.lists(st.integers(1, purposes), min_size=1, max_size=purposes, unique=True)
    )
    quarters = draw(st.lists(st.lists(activity, min_size=1, max_size=6), min_size=1, max_size=4))
    titles = draw(st.lists(texts(120), min_size=purposes, max_size=purposes))
    releases = [
        {"id": f"release-{n}", "number": n, "title": draw(texts(300)), "activity": text}
        for n, (text, _) in enumerate((a for q in quarters for a in q), 1)
        if n <= 3
    ]
    unique = [
        [(f"{n}.{i} {text}", ticks) for i, (text, ticks) in enumerate(q)]
        for n, q in enumerate(quarters)
    ]
    for release, (text, _) in zip(releases, (a for q in unique for a in q), strict=False):
        release["activity"] = text
    office = draw(texts(200))
    return sourcegen.Spec(
        office=office,
        purposes=purposes,
        purpose_titles=titles,
        activities=unique,
        releases=releases,
    )


@pytest.mark.slow
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=specs())
def test_a_build_is_whole_or_refused_at_a_located_value(
    tmp_path_factory: pytest.TempPathFactory, spec: sourcegen.Spec
) -> None:
    root = tmp_path_factory.getbasetemp() / "generated"
    shutil.rmtree(root, ignore_errors=True)
    copy_project(root)
    sourcegen.write(root, spec)
    result = run_cli("build", "--root", root)
    if result.returncode:
        problems = [  # each problem's first line; the excerpts under it are indented
            line for line in result.stderr.splitlines() if line[:1].strip() and ": " in line
        ]
        assert problems and all(LOCATED.match(line) for line in problems), result.stderr
        assert not (root / "dist").exists() or not any((root / "dist").rglob("*.pdf"))
        return
    for pdf in (root / "dist").rglob("*.pdf"):
        boxes = PdfReader(pdf).pages
        for page in pages(pdf):
            width = float(boxes[page.number - 1].mediabox.width)
            for char in page.chars:
                if char.text.strip():
                    assert char.x0 >= -1 and char.x1 <= width + 1, (pdf.name, page.number, char)
                    assert char.top >= -1 and char.bottom <= page.height + 1, (pdf.name, char)
