"""The bundle of a year's notices, read back: the merge of the notices' own PDFs, with one
structure tree whose every key and id resolves, a bookmark per notice on its page, the
bundle's own properties, and the same bytes from every build."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from pipeline.read import load as sources

from ..conftest import ROOT, run_fresh
from ..pdftree import faults, outline, roots

pytestmark = pytest.mark.slow
BUNDLE = "release-notices-2021.pdf"


def singles(built: Path) -> list[Path]:
    """Return the notices' PDFs in release order (their file names begin with the number)."""
    return sorted((built / "notices").glob("*.pdf"))


def test_the_bundle_is_the_notices_merged_with_one_structure_tree(built: Path) -> None:
    bundle = pikepdf.open(built / BUNDLE)
    notices = [pikepdf.open(path) for path in singles(built)]
    assert roots(bundle) == 1 and faults(bundle) == []
    drawn = [page.obj.Contents.read_bytes() for page in bundle.pages]
    assert drawn == [pdf.pages[0].obj.Contents.read_bytes() for pdf in notices]
    document = bundle.Root.StructTreeRoot.K[0]
    assert len(document.K) == sum(len(pdf.Root.StructTreeRoot.K[0].K) for pdf in notices)
    ids = pikepdf.NameTree(bundle.Root.StructTreeRoot.IDTree)
    assert len(ids) == sum(len(pikepdf.NameTree(p.Root.StructTreeRoot.IDTree)) for p in notices)


def test_the_bundle_has_a_bookmark_per_notice_on_its_page(built: Path) -> None:
    releases = sources.load(ROOT).project.all_releases
    bundle = pikepdf.open(built / BUNDLE)
    assert outline(bundle) == [(0, r.title, index) for index, r in enumerate(releases)]
    reader = PdfReader(built / BUNDLE)
    for (_, _, index), release in zip(outline(bundle), releases, strict=True):
        assert f"RSO/REL/2021/{release.number:02d}" in reader.pages[index].extract_text()
    assert bundle.Root.PageMode == "/UseOutlines"


def test_the_bundle_says_what_its_own_document_says(built: Path) -> None:
    bundle = pikepdf.open(built / BUNDLE)
    first = pikepdf.open(singles(built)[0])
    xmp = bundle.open_metadata()
    info = bundle.docinfo
    assert str(info.Title) == xmp["dc:title"] == "RSO release notices 2021"
    assert str(info.Subject) == xmp["dc:description"]
    assert (
        xmp["dc:description"]
        == "Release notices of the Regional Support Office of the Bali Process"
    )
    assert str(info.Keywords) == xmp["pdf:Keywords"] == "RSO, release notice"
    assert str(info.CreationDate) == str(info.ModDate) == "D:20210101"
    assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == "2021-01-01"
    assert xmp["pdfuaid:part"] == "1" and str(info.Author) == str(first.docinfo.Author)
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
        assert repr(bundle.Root[key]) == repr(first.Root[key])


def test_a_bundle_made_afresh_has_the_same_bytes(built_project: Path) -> None:
    """A new process keeps nothing from before (no output, layout or notice PDF): built
    alone, the bundle writes each notice itself, and merges them to the same bytes."""
    before = (built_project / "dist" / BUNDLE).read_bytes()
    (built_project / "dist" / BUNDLE).unlink()
    result = run_fresh("build", "--root", built_project, "--only", BUNDLE, "--quiet")
    assert result.returncode == 0, result.stderr
    assert (built_project / "dist" / BUNDLE).read_bytes() == before
