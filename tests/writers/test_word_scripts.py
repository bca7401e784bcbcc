"""Every member's script in the Word plan, read back from its XML: each run carries its
language in the slot of its kind of script, its direction, the brand typeface that has its
glyphs in every font slot, complex-script bold and italic, and ICU's word boundaries as
zero width spaces; right-to-left paragraphs are set so and aligned right; addresses link."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.context import Context, Options
from pipeline.read import load as sources
from pipeline.writers.plan_word import PlanWordWriter

ZWSP = "\u200b"
ACTIVITIES = {
    "Khmer": "កិច្ចប្រជុំពិគ្រោះយោបល់ថ្នាក់តំបន់ស្តីពីការជួញដូរមនុស្ស",
    "Lao": "ກອງປະຊຸມປຶກສາຫາລືລະດັບພາກພື້ນກ່ຽວກັບການຄ້າມະນຸດ",
    "Burmese": "လူကုန်ကူးမှုဆိုင်ရာဒေသတွင်းညှိနှိုင်းအစည်းအဝေး",
    "Thai": "การประชุมหารือระดับภูมิภาคเรื่องการค้ามนุษย์",
    "Korean": "인신매매 대응 지역 협의회",
    "Dari": "کارگاه **آموزشی** منطقه‌ای در مورد قاچاق انسان با UNHCR",
}
FAMILIES = {
    "Khmer": "Noto Sans Khmer",
    "Lao": "Noto Sans Lao",
    "Burmese": "Noto Sans Myanmar",
    "Thai": "Noto Sans Thai",
    "Korean": "Noto Sans CJK KR",
    "Dari": "Noto Sans Arabic",
}
LANGUAGES = {
    "Khmer": ("bidi", "km"),
    "Lao": ("bidi", "lo"),
    "Burmese": ("bidi", "my"),
    "Thai": ("bidi", "th"),
    "Korean": ("eastAsia", "ko"),
    "Dari": ("bidi", "prs"),
}


def with_activities(root: Path) -> Path:
    """Add an activity in each script to the first quarter of the project at `root`, a Dari
    paragraph to a closing section, and make Australian English the office's language."""
    office = root / "sources" / "office.yaml"
    office.write_text(office.read_text("utf-8") + "language: en-AU\n", "utf-8")
    plan = root / "sources" / "workplans" / "2021.yaml"
    lines = [
        f"      - text: {json.dumps(text, ensure_ascii=False)}\n        purposes: [1]\n"
        + ("        lang: prs\n" if name == "Dari" else "")
        for name, text in ACTIVITIES.items()
    ]
    source = plan.read_text("utf-8")
    marker = "    activities:\n"
    source = source.replace(marker, marker + "".join(lines), 1)
    marker = "    paragraphs:\n      - >-\n        In accordance"
    dari = json.dumps(ACTIVITIES["Dari"].replace("**", ""), ensure_ascii=False)
    plan.write_text(
        source.replace(
            marker, f"    paragraphs:\n      - {dari}\n      - >-\n        In accordance", 1
        ),
        "utf-8",
    )
    return root


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from ..conftest import copy_project

    root = with_activities(copy_project(tmp_path_factory.mktemp("scripts") / "project"))
    context = Context(root, sources.load(root), Options())
    writer = PlanWordWriter(context)
    writer.prepare()
    [output] = list(writer.write(writer.targets()))
    return Document(io.BytesIO(output.data))  # type: ignore[union-attr]


def cell_of(document: Any, name: str) -> Any:
    """Return the paragraph element of the first-quarter activity in script `name`."""
    wanted = ACTIVITIES[name].replace("**", "")[:6]
    for row in document.tables[0].rows[2:]:
        paragraph = row.cells[0].paragraphs[0]
        if paragraph.text.replace(ZWSP, "").startswith(wanted):
            return paragraph._p
    raise AssertionError(f"no {name} activity")


def text_of(element: Any) -> str:
    """Return the text of the runs in `element`."""
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def runs_of(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.iter(qn("w:r")) if text_of(r).strip(ZWSP + " ")]


@pytest.mark.parametrize("name", list(ACTIVITIES))
def test_each_run_names_the_fallback_that_has_its_glyphs_in_every_slot(
    document: Any, name: str
) -> None:
    paragraph = cell_of(document, name)
    foreign = [
        r for r in runs_of(paragraph) if r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is not None
    ]
    assert foreign, name
    for run in foreign:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        slots = {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")}
        assert slots == {FAMILIES[name]}


@pytest.mark.parametrize("name", list(ACTIVITIES))
def test_each_run_carries_its_language_in_the_slot_of_its_script(document: Any, name: str) -> None:
    slot, language = LANGUAGES[name]
    paragraph = cell_of(document, name)
    tagged = [r.find(f"{qn('w:rPr')}/{qn('w:lang')}") for r in runs_of(paragraph)]
    found = {t.get(qn(f"w:{slot}")) for t in tagged if t is not None}
    assert language in found
    if slot == "bidi":
        assert all(
            r.find(f"{qn('w:rPr')}/{qn('w:cs')}") is not None
            for r in runs_of(paragraph)
            if r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is not None
        )


@pytest.mark.parametrize("name", ["Khmer", "Lao", "Burmese", "Thai"])
def test_icu_word_boundaries_reach_word_as_zero_width_spaces(document: Any, name: str) -> None:
    text = text_of(cell_of(document, name))
    assert text.count(ZWSP) >= 3
    assert text.replace(ZWSP, "") == ACTIVITIES[name]


def test_right_to_left_text_is_set_so_aligned_right_with_english_left_to_right(
    document: Any,
) -> None:
    paragraph = cell_of(document, "Dari")
    ppr = paragraph.find(qn("w:pPr"))
    assert ppr.find(qn("w:bidi")) is not None
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "left"  # a bidi paragraph's start: right
    arabic = [r for r in runs_of(paragraph) if "UNHCR" not in text_of(r)]
    assert all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in arabic)
    [english] = [r for r in runs_of(paragraph) if "UNHCR" in text_of(r)]
    assert english.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is None
    latin = cell_of(document, "Korean").find(qn("w:pPr"))
    assert latin.find(qn("w:bidi")) is None
    [prose] = [p for p in document.paragraphs if p.text.startswith("کارگاه")]
    assert prose._p.pPr.find(qn("w:bidi")) is not None
    assert prose._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left"


def test_bold_is_bold_for_complex_scripts_too(document: Any) -> None:
    paragraph = cell_of(document, "Dari")
    [bold] = [r for r in runs_of(paragraph) if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None]
    assert bold.find(f"{qn('w:rPr')}/{qn('w:bCs')}") is not None
    for name in ("Heading 1", "Table Heading", "Contact Name"):
        rpr = document.styles[name].element.rPr
        assert rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is not None, name


def test_english_runs_carry_nothing_but_their_emphasis(document: Any) -> None:
    row = document.tables[0].rows[-1].cells[0].paragraphs[0]._p
    for run in row.iter(qn("w:rPr")):
        assert {c.tag.split("}")[1] for c in run} <= {"i", "iCs", "b", "bCs", "vertAlign"}


def test_the_office_language_is_the_documents_default(document: Any) -> None:
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    assert defaults.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "en-AU"
    assert document.core_properties.language == "en-AU"
    theme = document.settings.element.find(qn("w:themeFontLang"))
    assert theme.get(qn("w:val")) == "en-AU"


def test_addresses_are_links_to_their_targets(document: Any) -> None:
    links = {}
    for link in document.element.body.iter(qn("w:hyperlink")):
        rid = link.get(qn("r:id"))
        if rid:
            links[text_of(link).replace(ZWSP, "")] = document.part.rels[rid]
    assert links["info@rso.baliprocess.net"].target_ref == "mailto:info@rso.baliprocess.net"
    assert links["www.baliprocess.net"].target_ref == "https://www.baliprocess.net"
    assert all(rel.is_external for rel in links.values())


def with_names(root: Path) -> Path:
    """Put the plan's title, a purpose's title, a wordmark line and an address line of the
    project at `root` into other scripts: text Word sets outside paragraphs of prose."""
    edits = {
        "sources/workplans/2021.yaml": (
            "title: Annual Workplan 2021",
            "title: 연간 업무 계획 2021",
        ),
        "sources/strategic-plans/2021-22.yaml": (
            "title: Outreach, Engagement and Advocacy",
            "title: حمایت از قربانیان قاچاق انسان",
        ),
        "sources/office.yaml": ("  - The Bali Process", "  - กระบวนการบาหลี"),
    }
    for name, (old, new) in edits.items():
        path = root / name
        assert old in path.read_text("utf-8"), (name, old)
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    office = root / "sources" / "office.yaml"
    address = "    - Bangkok 10120, Thailand"
    office.write_text(office.read_text("utf-8").replace(address, "    - กรุงเทพฯ 10120"), "utf-8")
    return root


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """Return the Word plan and first notice of a project with names in other scripts."""
    from pipeline.writers.notice_word import NoticeWordWriter

    from ..conftest import copy_project

    root = with_names(copy_project(tmp_path_factory.mktemp("names") / "project"))
    context = Context(root, sources.load(root), Options())
    found = []
    for kind in (PlanWordWriter, NoticeWordWriter):
        writer = kind(context)
        writer.prepare()
        output = next(iter(writer.write(writer.targets()[:1])))
        found.append(Document(io.BytesIO(output.data)))  # type: ignore[union-attr]
    return found


def every_part(document: Any) -> list[Any]:
    """Return the body and every page header and footer of `document`."""
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    return parts


@pytest.mark.parametrize(
    ("script", "family", "least"),
    [
        ("HANGUL", "Noto Sans CJK KR", (3, 0)),
        ("THAI", "Noto Sans Thai", (2, 2)),
        ("ARABIC", "Noto Sans Arabic", (3, 0)),
    ],
    ids=["Korean", "Thai", "Dari"],
)
def test_names_anywhere_in_the_page_are_set_in_the_typeface_with_their_glyphs(
    named: list[Any], script: str, family: str, least: tuple[int, int]
) -> None:
    """The plan's title is on its cover and in its footers, the purpose in the contents and
    each key, the wordmark on the cover and a notice's letterhead, the address on both."""
    import unicodedata

    for document, fewest in zip(named, least, strict=True):
        runs = [r for part in every_part(document) for r in part.iter(qn("w:r"))]
        foreign = [r for r in runs if any(script in unicodedata.name(c, "") for c in text_of(r))]
        assert len(foreign) >= fewest, (family, len(foreign))
        for run in foreign:
            fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            assert fonts is not None, (family, text_of(run))
            assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:cs")) == family, text_of(run)
