"""Word files from the branded blank made once: many notices share one blank, an edit of the
brand or of a font reaches the next document of the same process, no document writes into
the parts it shares, and the bytes are those of a build whose caches start empty."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.build import memo
from pipeline.render.word import archive, blank, fonts
from pipeline.render.word.blank import blank_of

from ...conftest import ROOT, run_cli
from ...writers.test_word_pages import embedded

NOTICES = "notices/*.docx"
NOTICE = "notices/RSO-REL-2021-12-notice-guide-access-to-remedies.docx"


def _build(root: Path, out: Path | None = None) -> dict[str, bytes]:
    """Build the Word notices in this process; return them by name."""
    where = ["--out", str(out)] if out else []
    result = run_cli("build", "--root", root, *where, "--jobs", "1", "--only", NOTICES)
    assert result.returncode == 0, result.stderr
    folder = (out or root / "dist") / "notices"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.docx"))}


def _forget() -> None:
    """Empty every cache of the Word blank and its members, and the outputs this process
    keeps, as in a new process."""
    memo.forget()
    for cached in (blank.blank_of, blank._branded, archive.deflated, fonts._blank_text):
        cached.cache_clear()


def _member(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def test_the_blank_is_made_once_for_all_notices(project: Path) -> None:
    _forget()
    built = _build(project)
    made = blank_of.cache_info()
    assert len(built) > 1
    assert made.misses == 1
    assert made.hits + made.misses >= len(built)  # one blank, a copy for each notice


def test_a_brand_edit_reaches_the_next_document_of_the_process(project: Path) -> None:
    before = _build(project)
    brand = project / "styles" / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace("#0D7679", "#0A5C5E"), "utf-8")
    after = _build(project)
    old, new = (_member(b, "word/styles.xml") for b in (before[NOTICE[8:]], after[NOTICE[8:]]))
    assert "0D7679" in old and "0D7679" not in new
    assert "0A5C5E" in new
    _forget()
    assert _build(project, project / "cold") == after


def test_a_font_edit_reaches_the_next_document_of_the_process(project: Path) -> None:
    name = NOTICE[8:]
    _build(project)
    regular = project / "styles" / "fonts" / "NotoSans-Regular.ttf"
    shutil.copyfile(project / "styles" / "fonts" / "NotoSans-Bold.ttf", regular)
    stamp = regular.stat().st_mtime_ns + 10**9
    os.utime(regular, ns=(stamp, stamp))
    (project / "out").mkdir()
    _build(project, project / "out")
    faces = embedded(project / "out" / "notices" / name)
    assert faces[("Noto Sans", "embedRegular")]["name"].getDebugName(2) == "Bold"


def test_a_notice_is_the_bytes_of_a_cold_build_of_it_alone(built: Path, tmp_path: Path) -> None:
    warm = sorted((built / "notices").glob("*.docx"))[-1]  # made after all the others
    _forget()
    result = run_cli(
        "build", "--root", ROOT, "--out", tmp_path, "--jobs", "1", "--only", f"notices/{warm.name}"
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "notices" / warm.name).read_bytes() == warm.read_bytes()


def test_no_document_writes_into_the_parts_it_shares(project: Path) -> None:
    from pipeline.read.load import load
    from pipeline.render.word.document import LANGUAGE

    _forget()
    _build(project)
    loaded = load(project)
    made = blank_of(loaded.brand, loaded.project.office.language or LANGUAGE)
    assert made.style_ids  # the blank the notices were copied from: they named its styles
    assert set(made.blobs) == blank.SHARED
    assert {str(p.partname): p.blob for p in made.shared} == dict(made.blobs)


@pytest.mark.parametrize(
    "entries",
    [
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 500},
        {"empty": b"", "word/media/caf\u00e9.png": bytes(range(256)) * 40},
        {"big": os.urandom(1 << 20), "small": b"x"},
    ],
)
def test_the_zip_is_the_one_zipfile_writes(entries: dict[str, bytes]) -> None:
    day = dt.date(2021, 4, 1)
    assert archive.zipped(entries, day) == archive._zipfile(entries, day)
    with zipfile.ZipFile(io.BytesIO(archive.zipped(entries, day))) as package:
        assert package.testzip() is None
        assert {n: package.read(n) for n in package.namelist()} == entries
