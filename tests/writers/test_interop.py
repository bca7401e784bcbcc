"""The Word outputs opened in LibreOffice: every activity and every tick survives, in place.

LibreOffice converts the DOCX to PDF with the project's fonts; the PDF's text, in the order it
is drawn (row by row, cell by cell), must hold each activity of the seed in turn, followed by
its ticks, each in the column of its purpose. Run with `pytest -m interop` (nox -s interop);
these tests fail, rather than skip, where LibreOffice is missing.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from .. import seed
from ..conftest import ROOT
from .test_notices import assert_prints_on_letter
from .test_plan_word import PLAN, TICK, render

pytestmark = pytest.mark.interop

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


@dataclass(frozen=True)
class Drawn:
    """The PDF's characters in drawing order, without spaces, and where each one sits."""

    text: str
    x_centres: list[float]


def soffice() -> str:
    """Return LibreOffice's command, or fail: these checks are the point of the session."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice (soffice) is not installed; the interop tests need it")
    return found


def convert(docx: Path, folder: Path) -> Path:
    """Return the PDF LibreOffice makes of `docx`, set in the project's fonts."""
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=ROOT / "styles" / "fonts", cache=folder / "cache"))
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    profile = (folder / "profile").as_uri()
    command = [
        soffice(),
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(docx),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    pdf = folder / f"{docx.stem}.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr or result.stdout
    return pdf


def drawn(pdf: Path) -> Drawn:
    """Return every character of the PDF in the order LibreOffice drew them."""
    chars: list[Any] = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            chars += [c for c in page.chars if c["text"].strip()]
    return Drawn(
        "".join(c["text"] for c in chars),
        [x for c in chars for x in [(c["x0"] + c["x1"]) / 2] * len(c["text"])],
    )


def tick_centres(data: bytes) -> dict[int, float]:
    """Return the x of the middle of each purpose column, in points, as the DOCX sets them."""
    document = Document(io.BytesIO(data))
    left = document.sections[-1].left_margin.pt
    grid = [int(c.get(qn("w:w"))) / 20 for c in document.tables[0]._tbl.tblGrid.gridCol_lst]
    edges = [left + sum(grid[:i]) for i in range(len(grid) + 1)]
    return {n: (edges[n] + edges[n + 1]) / 2 for n in range(1, len(grid))}


def activity_spans(pdf: Drawn) -> list[tuple[int, int]]:
    """Return where each activity of the seed starts and ends in the drawn text, in order."""
    spans, position = [], 0
    for row in seed.rows():
        key = "".join(row.text.split())
        found = pdf.text.find(key, position)
        assert found >= 0, f"not in LibreOffice's rendering (in order): {row.text}"
        position = found + len(key)
        spans.append((found, position))
    return spans


def ticks_by_row(pdf: Drawn, centres: dict[int, float]) -> list[tuple[int, ...]]:
    """Return, per activity, the purpose columns of the ticks drawn before the next one."""
    spans = activity_spans(pdf)
    rows = []
    for (_, end), (start, _) in zip(spans, [*spans[1:], (len(pdf.text), 0)], strict=True):
        xs = [pdf.x_centres[i] for i in range(end, start) if pdf.text[i] == TICK]
        assert all(min(abs(c - x) for c in centres.values()) < 6 for x in xs), "off-centre"
        rows.append(tuple(min(centres, key=lambda n: abs(centres[n] - x)) for x in xs))
    return rows


def test_libreoffice_shows_every_activity_with_its_ticks_in_their_columns(tmp_path: Path) -> None:
    data = render()
    docx = tmp_path / PLAN
    docx.write_bytes(data)
    pdf = drawn(convert(docx, tmp_path))
    assert ticks_by_row(pdf, tick_centres(data)) == [row.ticks for row in seed.rows()]
    assert pdf.text.count(TICK) == 66


def convert_all(files: list[Path], folder: Path, brand_fonts: bool = True) -> list[Path]:
    """Return the PDFs LibreOffice makes of `files` in one run, with the brand fonts
    installed or (`brand_fonts` False) with the machine's fonts and the files' own only."""
    conf = folder / "fonts.conf"
    fonts = ROOT / "styles" / "fonts" if brand_fonts else folder / "no-fonts"
    fonts.mkdir(exist_ok=True)
    conf.write_text(FONTS_CONF.format(fonts=fonts, cache=folder / "cache"))
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    command = [
        soffice(),
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        *map(str, files),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=600, check=False
    )
    pdfs = [folder / f"{path.stem}.pdf" for path in files]
    assert result.returncode == 0 and all(p.is_file() for p in pdfs), result.stderr
    return pdfs


def fonts_of(pdf: Path) -> set[str]:
    """Return the names of the fonts a PDF sets its text in (without subset prefixes)."""
    names = set()
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def page_texts(pdf: Path) -> list[str]:
    """Return each page's text, its words one space apart."""
    with pdfplumber.open(pdf) as document:
        return [" ".join((page.extract_text() or "").split()) for page in document.pages]


@pytest.mark.parametrize("brand_fonts", [True, False], ids=["brand-fonts", "embedded-only"])
def test_libreoffice_sets_the_word_plan_on_the_pdfs_pages_with_its_contents(
    built: Path, tmp_path: Path, brand_fonts: bool
) -> None:
    docx = tmp_path / PLAN
    docx.write_bytes((built / PLAN).read_bytes())
    [pdf] = convert_all([docx], tmp_path, brand_fonts)
    word = page_texts(pdf)
    assert len(word) == len(PdfReader(built / "annual-plan-2021.pdf").pages)
    assert {"NotoSans-Regular", "NotoSans-Bold", "NotoSansSymbols2-Regular"} <= fonts_of(pdf)
    document = Document(str(docx))
    assert sum(p.style.name.startswith("toc ") for p in document.paragraphs) == 15
    contents = word[1]
    for paragraph in (p for p in document.paragraphs if p.style.name.startswith("toc ")):
        texts = [t.text or "" for t in paragraph._p.iter(qn("w:t"))]
        title, page = " ".join("".join(texts[:-1]).split()), int(texts[-1])
        assert re.search(re.escape(title) + r"[ .…]*" + str(page) + r"\b", contents), title
        assert title in word[page - 1], f"{title} is not on LibreOffice's page {page}"


def test_libreoffice_keeps_every_word_notice_to_one_page_printable_on_us_letter(
    built: Path, tmp_path: Path
) -> None:
    from ..conftest import FIXTURES, copy_project, run_cli

    root = copy_project(tmp_path / "project", FIXTURES / "notices" / "sources")
    assert run_cli("build", "--root", root).returncode == 0
    notices = sorted((built / "notices").glob("*.docx")) + sorted(
        (root / "dist" / "notices").glob("*.docx")
    )
    named = {f"{index:02d}-{notice.stem}": notice for index, notice in enumerate(notices)}
    for pdf in convert_copies(named, tmp_path):
        assert len(PdfReader(pdf).pages) == 1, pdf.name
        assert_prints_on_letter(pdf)


def convert_copies(files: dict[str, Path], tmp_path: Path) -> list[Path]:
    """Return the PDFs LibreOffice makes of copies of the Word `files`, each copy named by
    its key (two outputs of one name, from two builds, stay apart), in one run."""
    folder = tmp_path / "converted"
    folder.mkdir()
    for name, path in files.items():
        (folder / f"{name}.docx").write_bytes(path.read_bytes())
    return convert_all([folder / f"{name}.docx" for name in files], folder)


def test_libreoffice_starts_the_word_notice_text_where_the_pdf_does_whatever_the_logo(
    built: Path, tmp_path: Path
) -> None:
    from ..conftest import copy_project, png, run_cli

    root = copy_project(tmp_path / "project")
    (root / "styles" / "logo.png").write_bytes(png(120, 480))  # four times as tall as wide
    assert run_cli("build", "--root", root, "--only", "notices/*.docx").returncode == 0
    name = sorted((built / "notices").glob("*.docx"))[0].name
    named = {"shipped": built / "notices" / name, "tall": root / "dist" / "notices" / name}
    pdf = built / "notices" / name.replace(".docx", ".pdf")
    starts = [_top_of(pdf, "RELEASE")]
    for converted in convert_copies(named, tmp_path):
        assert len(PdfReader(converted).pages) == 1, converted.name
        starts.append(_top_of(converted, "RELEASE"))
    assert max(starts) - min(starts) < 2, starts  # the letterhead never pushes the text down


def _top_of(pdf: Path, word: str) -> float:
    """Return the top of the first `word` (in capitals) on the first page of `pdf`, in pt."""
    with pdfplumber.open(pdf) as read:
        words = read.pages[0].extract_words()
    return float(next(w["top"] for w in words if w["text"].upper() == word))


def test_libreoffice_sets_the_qr_code_beside_the_notice_facts_as_the_pdf(tmp_path: Path) -> None:
    from ..conftest import FIXTURES, copy_project, run_cli

    root = copy_project(tmp_path / "project", FIXTURES / "notices" / "sources")
    assert run_cli("build", "--root", root, "--only", "notices/*").returncode == 0
    name = "ESO-REL-2021-07-notice-example-guide"
    [converted] = convert_copies({name: root / "dist" / "notices" / f"{name}.docx"}, tmp_path)
    places = []  # of the QR code's caption, from the first fact's label
    for pdf in (root / "dist" / "notices" / f"{name}.pdf", converted):
        with pdfplumber.open(pdf) as read:
            words = {w["text"]: w for w in read.pages[0].extract_words()}
        series, scan = words["Series"], words["Scan"]
        places.append((scan["x0"] - series["x0"], scan["top"] - series["top"]))
    (pdf_x, pdf_y), (word_x, word_y) = places
    assert word_x > 300 and abs(word_x - pdf_x) < 15, places  # at the right, as in the PDF
    assert abs(word_y - pdf_y) < 15, places  # under the code, level with the facts


def test_libreoffice_opens_the_notice_facts_as_far_below_the_text_as_the_pdf(
    built: Path, tmp_path: Path
) -> None:
    from ..conftest import FIXTURES, copy_project, run_cli

    root = copy_project(tmp_path / "project", FIXTURES / "notices" / "sources")
    assert run_cli("build", "--root", root, "--only", "notices/*").returncode == 0
    shipped = built / "notices" / "RSO-REL-2021-07-notice-guide-victim-identification"
    coded = root / "dist" / "notices" / "ESO-REL-2021-07-notice-example-guide"  # a QR beside
    sources = {"plain": shipped, "coded": coded}
    converted = convert_copies({k: v.with_suffix(".docx") for k, v in sources.items()}, tmp_path)
    for (name, made), word in zip(sources.items(), converted, strict=True):
        gaps = [_gap_above(pdf, "Series") for pdf in (made.with_suffix(".pdf"), word)]
        assert abs(gaps[0] - gaps[1]) < 3, (name, gaps)  # 6 mm in the PDF, about as much


def _gap_above(pdf: Path, word: str) -> float:
    """Return the space between `word` and the bottom of the line of text above it, in pt."""
    with pdfplumber.open(pdf) as read:
        words = read.pages[0].extract_words()
    target = next(w for w in words if w["text"] == word)
    above = max(w["bottom"] for w in words if w["bottom"] < target["top"] - 1)
    return float(target["top"] - above)


@pytest.mark.parametrize(
    "title",
    ["연간 업무 계획 2021", "The Annual Work Plan For Year 2021"],
    ids=["4-words", "7-words"],
)
def test_libreoffice_keeps_a_longer_titles_cover_to_one_page_as_the_pdf(
    tmp_path: Path, title: str
) -> None:
    from ..conftest import copy_project, run_cli

    root = copy_project(tmp_path / "project")
    plan = root / "sources" / "workplans" / "2021.yaml"
    source = plan.read_text("utf-8").replace("\ntitle: Annual Workplan 2021", f"\ntitle: {title}")
    plan.write_text(source, "utf-8")
    result = run_cli("build", "--root", root, "--only", "annual-plan-*")
    assert result.returncode == 0, result.stderr  # the PDF's cover holds seven words
    [pdf] = convert_all([root / "dist" / PLAN], tmp_path)
    word = page_texts(pdf)
    assert len(word) == len(PdfReader(root / "dist" / "annual-plan-2021.pdf").pages)
    cover = word[0].replace(" ", "").upper()
    assert title.replace(" ", "").upper() in cover
    assert "RegionalSupportOfficeoftheBaliProcess·www.baliprocess.net".upper() in cover
