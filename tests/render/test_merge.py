"""The merge of tagged PDFs, read back: one structure tree whose every key and id resolves,
the outlines and names of every part, the first part's metadata, the same bytes each time.

The parts are the shipped build's own PDFs: three notices and, between them, the plan (many
pages, nested bookmarks, tables whose cells name their headers, links).
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from pipeline.render.pdf.merge import MergeError, Properties, merge

from ..pdftree import elements, faults, outline, roots

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parts(built: Path) -> list[bytes]:
    notices = sorted((built / "notices").glob("*.pdf"))[:3]
    plan = built / "annual-plan-2021.pdf"
    return [path.read_bytes() for path in (notices[0], plan, notices[1], notices[2])]


@pytest.fixture(scope="module")
def sources(parts: list[bytes]) -> list[pikepdf.Pdf]:
    return [read(part) for part in parts]


@pytest.fixture(scope="module")
def merged(parts: list[bytes]) -> bytes:
    return merge(parts)


def read(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def test_the_merge_has_every_page_in_order(sources: list[pikepdf.Pdf], merged: bytes) -> None:
    pdf = read(merged)
    contents = [page.obj.Contents.read_raw_bytes() for page in pdf.pages]
    assert contents == [
        page.obj.Contents.read_raw_bytes() for source in sources for page in source.pages
    ]


def test_one_structure_tree_holds_every_part_and_every_key_resolves(
    sources: list[pikepdf.Pdf], merged: bytes
) -> None:
    pdf = read(merged)
    assert roots(pdf) == 1
    root = pdf.Root.StructTreeRoot
    assert len(root.K) == 1 and root.K[0].S == "/Document" and root.K[0].P.objgen == root.objgen
    tops = [len(source.Root.StructTreeRoot.K[0].K) for source in sources]
    assert len(root.K[0].K) == sum(tops)
    assert faults(pdf) == []
    assert int(root.ParentTreeNextKey) == len(pikepdf.NumberTree(root.ParentTree))
    assert len({int(page.obj.StructParents) for page in pdf.pages}) == len(pdf.pages)


def test_every_headers_id_resolves_and_every_id_is_kept(
    sources: list[pikepdf.Pdf], merged: bytes
) -> None:
    pdf = read(merged)
    ids = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)
    each = [pikepdf.NameTree(source.Root.StructTreeRoot.IDTree) for source in sources]
    assert sorted(ids) == sorted(key for tree in each for key in tree)
    headers = [e for e in elements(pdf) if "/Headers" in e.get("/A", {})]
    assert len(headers) > 100 and faults(pdf) == []


def test_the_outlines_follow_each_other_with_their_nesting(
    sources: list[pikepdf.Pdf], merged: bytes
) -> None:
    expected, start = [], 0
    for source in sources:
        expected += [(depth, title, start + page) for depth, title, page in outline(source)]
        start += len(source.pages)
    pdf = read(merged)
    assert outline(pdf) == expected
    assert any(depth == 1 for depth, _, _ in expected)  # the plan's nested bookmarks
    assert pdf.Root.PageMode == "/UseOutlines"
    assert int(pdf.Root.Outlines.Count) == len(expected)


def test_named_destinations_of_every_part_go_to_their_page(
    sources: list[pikepdf.Pdf], merged: bytes
) -> None:
    pdf = read(merged)
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    dests = {name: pages[dest[0].objgen] for name, dest in tree.items()}
    expected, start = {}, 0
    for source in sources:
        own = {p.obj.objgen: i for i, p in enumerate(source.pages)}
        for name, dest in pikepdf.NameTree(source.Root.Names.Dests).items():
            expected[name] = start + own[dest[0].objgen]
        start += len(source.pages)
    assert dests == expected


def test_the_first_part_gives_the_metadata_the_properties_override(
    parts: list[bytes], sources: list[pikepdf.Pdf]
) -> None:
    first = sources[0]
    pdf = read(merge(parts, Properties("A title", "A subject", "one, two", "2021-03-04")))
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
        assert repr(pdf.Root[key]) == repr(first.Root[key])
    assert pdf.Root.ViewerPreferences.DisplayDocTitle
    xmp = pdf.open_metadata()
    assert xmp["pdfuaid:part"] == "1"
    assert xmp["dc:title"] == "A title" and xmp["dc:description"] == "A subject"
    assert xmp["pdf:Keywords"] == "one, two" and xmp["xmp:CreateDate"] == "2021-03-04"
    assert xmp["dc:creator"] == first.open_metadata()["dc:creator"]
    info = pdf.docinfo
    assert (str(info.Title), str(info.Subject), str(info.Keywords)) == (
        "A title",
        "A subject",
        "one, two",
    )
    assert str(info.CreationDate) == str(info.ModDate) == "D:20210304"
    assert str(info.Author) == str(first.docinfo.Author)
    unchanged = read(merge(parts))
    assert str(unchanged.docinfo.Title) == str(first.docinfo.Title)
    assert unchanged.Root.Metadata.read_bytes() == first.Root.Metadata.read_bytes()


def test_the_same_parts_give_the_same_bytes(parts: list[bytes], merged: bytes) -> None:
    again = merge(list(parts))
    assert again == merged
    other = merge([parts[1], parts[0], parts[2], parts[3]])
    assert other != merged
    assert read(other).trailer.ID[1] != read(merged).trailer.ID[1]  # made from the content


def test_parts_sharing_an_id_are_refused(parts: list[bytes]) -> None:
    with pytest.raises(MergeError, match="structure id"):
        merge([parts[0], parts[0]])


def test_an_untagged_part_is_refused(parts: list[bytes]) -> None:
    blank = pikepdf.new()
    blank.add_blank_page()
    data = io.BytesIO()
    blank.save(data)
    with pytest.raises(MergeError, match="part 2 has no structure tree"):
        merge([parts[0], data.getvalue()])


def with_role(data: bytes, role: str, standard: str) -> bytes:
    """Return the PDF `data` whose role map maps `role` to the standard type `standard`."""
    pdf = read(data)
    roles = pdf.Root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())
    roles[role] = pikepdf.Name(standard)
    pdf.Root.StructTreeRoot.RoleMap = roles
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_the_role_maps_are_merged_and_a_conflict_refused(parts: list[bytes]) -> None:
    first, second = with_role(parts[0], "/Notice", "/Art"), with_role(parts[2], "/Card", "/Sect")
    merged = read(merge([first, second]))
    roles = merged.Root.StructTreeRoot.RoleMap
    assert {str(key): str(value) for key, value in roles.items()} == {
        "/Notice": "/Art",
        "/Card": "/Sect",
    }
    with pytest.raises(MergeError, match="RoleMap"):
        merge([first, with_role(parts[2], "/Notice", "/Sect")])


def _faces(pdf: pikepdf.Pdf) -> dict[str, set[tuple[int, int]]]:
    """Return, per face, the font objects the pages draw it with."""
    found: dict[str, set[tuple[int, int]]] = {}
    for page in pdf.pages:
        for font in page.obj.Resources.Font.values():
            found.setdefault(str(font.BaseFont), set()).add(font.objgen)
    return found


def test_every_page_draws_a_face_with_one_font_holding_every_glyph(
    sources: list[pikepdf.Pdf], merged: bytes
) -> None:
    from fontTools.ttLib import TTFont

    pdf = read(merged)
    assert all(len(objects) == 1 for objects in _faces(pdf).values())
    for page, source in zip(pdf.pages, [p for s in sources for p in s.pages], strict=True):
        for name, font in source.obj.Resources.Font.items():
            united = page.obj.Resources.Font[name].DescendantFonts[0]
            program = TTFont(io.BytesIO(united.FontDescriptor.FontFile2.read_bytes()))
            own = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
            for gid, glyph_name in enumerate(own.getGlyphOrder()):
                if own["glyf"][glyph_name].numberOfContours:
                    copied = program["glyf"][program.getGlyphName(gid)]
                    assert copied.numberOfContours == own["glyf"][glyph_name].numberOfContours


def test_the_united_fonts_draw_and_copy_as_each_part_did(
    parts: list[bytes], tmp_path: Path
) -> None:
    import subprocess

    merged = tmp_path / "merged.pdf"
    merged.write_bytes(merge(parts))
    sizes = sum(len(part) for part in parts)
    assert len(merged.read_bytes()) < sizes * 0.8  # the fonts were not carried once a part
    texts = []
    for index, part in enumerate(parts):
        path = tmp_path / f"part-{index}.pdf"
        path.write_bytes(part)
        texts.append(subprocess.run(["pdftotext", path, "-"], capture_output=True).stdout)
    whole = subprocess.run(["pdftotext", merged, "-"], capture_output=True).stdout
    assert whole == b"".join(texts)
    for name in ("merged", *(f"part-{i}" for i in range(len(parts)))):
        subprocess.run(["pdftoppm", "-r", "30", "-png", tmp_path / f"{name}.pdf", tmp_path / name])
    drawn = [p.read_bytes() for p in sorted(tmp_path.glob("merged-*.png"), key=_page_number)]
    parted = [p.read_bytes() for p in sorted(tmp_path.glob("part-*-*.png"), key=_part_page)]
    assert drawn == parted


def _page_number(path: Path) -> int:
    """Return the page number of a pdftoppm image name (merged-07.png)."""
    return int(path.stem.rsplit("-", 1)[1])


def _part_page(path: Path) -> tuple[int, int]:
    """Return the part and page of a pdftoppm image name (part-1-07.png)."""
    _, part, page = path.stem.split("-")
    return int(part), int(page)


def test_parts_merged_again_reuse_their_united_fonts(
    parts: list[bytes], merged: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render.pdf import fontshare

    made: list[int] = []
    program = fontshare._program
    monkeypatch.setattr(fontshare, "_program", lambda subsets: made.append(1) or program(subsets))
    assert merge(list(parts)) == merged  # the merge of the fixture made these fonts: kept
    assert made == []
    monkeypatch.setattr(fontshare, "_united", type(fontshare._united)())
    assert merge(list(parts)) == merged  # made again, the same
    assert made


def _ambiguous(archival: bool) -> pikepdf.Pdf:
    """Return a small PDF (declaring PDF/A, or not) whose object stream, as qpdf makes it,
    ends with a carriage return: found by trying one harmless value after another."""
    from pipeline.render.pdf import merge as merging

    for n in range(1, 1_000):  # each letter moves the stream checksum's last byte by 97
        pdf = pikepdf.new()
        if archival:
            pdf.Root.Metadata = pdf.make_stream(b'<x:xmpmeta pdfaid:part="3"/>')
        pdf.Root.Made = pdf.make_indirect(pikepdf.Dictionary(Try=pikepdf.String("a" * n)))
        if merging.AMBIGUOUS in merging._saved(pdf, pikepdf.ObjectStreamMode.generate):
            return pdf
    raise AssertionError("no object stream ended with a carriage return")


def test_an_archival_file_whose_object_stream_would_end_badly_has_none() -> None:
    from pipeline.render.pdf.merge import AMBIGUOUS, saved

    data = saved(_ambiguous(archival=True))
    assert AMBIGUOUS not in data and b"/ObjStm" not in data  # the checker reads it right
    assert str(pikepdf.open(io.BytesIO(data)).Root.Made.Try).startswith("a")
    other = saved(_ambiguous(archival=False))  # not PDF/A: as small as it can be
    assert b"/ObjStm" in other
