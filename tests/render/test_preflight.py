"""The preflight, on pages WeasyPrint really laid out: each fault found, and located."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Mark, SourceError
from pipeline.model.fields import Located, Where
from pipeline.render.pdf import fontfolders, patches
from pipeline.render.pdf.preflight import check
from pipeline.render.sources import SourceIndex

STYLES = Path(__file__).parents[2] / "styles"
PAGE = (
    '@font-face { font-family: Brand; src: url("fonts/NotoSans-Regular.ttf") } '
    "@page { size: A5; margin: 20mm } body { font: 10pt Brand; margin: 0 }"
)
LONG = "x" * 300


@dataclass(frozen=True)
class Item(Located):
    text: str


@dataclass(frozen=True)
class Doc:
    items: tuple[Item, ...] = field(default=())


def item(text: str, line: int) -> Item:
    return Item(
        text,
        where=Where(Mark("sources/x.yaml", line, 3), {"text": Mark("sources/x.yaml", line, 9)}),
    )


def faults(html: str, *items: Item) -> list[SourceError]:
    weasyprint = patches.load()
    fonts = weasyprint.text.fonts.FontConfiguration()
    fontfolders.give_folder(fonts)  # removed at the end, as the engine's are
    source = weasyprint.HTML(string=f"<style>{PAGE}</style>{html}", base_url=STYLES.as_uri() + "/")
    document = source.render(font_config=fonts)
    return check(document.pages, "out.pdf", SourceIndex(Doc(items)))


def messages(found: list[SourceError]) -> list[str]:
    return [str(f) for f in found]


def test_a_good_page_has_no_fault() -> None:
    assert faults("<h1>Title</h1><p>Some text that wraps as text does.</p>") == []


def test_text_past_the_margin_is_located_at_its_source_value() -> None:
    found = faults(f'<p style="white-space: nowrap">{LONG}</p>', item(LONG, 12))
    [message] = messages(found)
    assert message.startswith("sources/x.yaml:12:9: item text: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' ")
    assert message.endswith(" mm past the right edge of its area (page 1 of out.pdf)")


def test_a_word_too_long_for_its_cell_is_named() -> None:
    table = (
        '<table style="width: 100%; table-layout: fixed"><tr>'
        f'<td style="width: 50%; overflow: visible">{LONG}</td><td>b</td></tr></table>'
    )
    found = messages(faults(table, item(LONG, 7)))
    assert any(
        m.startswith("sources/x.yaml:7:9: item text: a word of 300 characters")
        and "cannot wrap inside its column" in m
        for m in found
    ), found


def test_text_drawn_over_text_is_found() -> None:
    html = (
        '<p style="margin: 0">First line here</p>'
        '<p style="margin: 0; position: relative; top: -1em">Second line here</p>'
    )
    found = messages(faults(html, item("Second line here", 4)))
    assert found == [
        "sources/x.yaml:4:9: item text: 'Second line here' is drawn over 'First line here' "
        "(page 1 of out.pdf)"
    ]
    assert faults(html.replace("top: -1em", "top: 0")) == []


def test_an_empty_page_is_refused() -> None:
    found = messages(
        faults(
            '<p>one</p><div style="break-before: page"></div>'
            '<p style="break-before: page">three</p>'
        )
    )
    assert found == ["out.pdf: page 2: page is empty"]


def test_a_heading_ending_a_page_is_refused() -> None:
    html = (
        '<div style="height: 150mm">filler</div>'
        '<h2 style="margin: 0; break-after: auto">Alone at the foot</h2>'
        '<p style="break-inside: avoid; height: 40mm">The text it heads.</p>'
    )
    found = messages(faults(html, item("Alone at the foot", 30)))
    assert found == [
        "sources/x.yaml:30:9: item text: the heading 'Alone at the foot' would end the page "
        "alone (page 1 of out.pdf)"
    ]
    assert faults(html.replace("break-after: auto", "break-after: avoid")) == []


def test_an_element_kept_with_the_previous_one_must_not_be_parted() -> None:
    html = (
        '<div style="height: 160mm">filler</div>'
        '<dl data-keep="with-previous" style="break-before: page"><dt>1</dt><dd>Key</dd></dl>'
    )
    found = messages(faults(html))
    assert found == ["out.pdf: page 2: '1 Key' would start page 2 of out.pdf, apart from its table"]
    kept = html.replace("break-before: page", "")
    assert faults(kept) == []


COVER = (
    '<section data-page="cover" style="height: {height}; position: relative; margin: 0">'
    '<h1 style="margin: 0; font-size: 40pt; line-height: 1">{title}</h1>'
    '<p style="position: absolute; bottom: 0; margin: 0">{foot}</p></section><p>Next page</p>'
)
FOOT = "The office that publishes this"


def test_a_cover_that_runs_onto_a_second_page_is_located_at_its_title() -> None:
    title = " ".join(["Words"] * 56)  # three pages' worth
    cover = COVER.format(height="170mm", title=title, foot=FOOT)
    found = faults(cover, item(title, 5), item(FOOT, 9))
    assert messages(found) == [
        "sources/x.yaml:5:9: item text: the cover runs over one page (onto page 2 of out.pdf); "
        "shorten this text"
    ]  # nor the heading that ends the first page, nor the third page: all one fault


def test_a_cover_whose_title_reaches_its_foot_is_located_at_its_title() -> None:
    title = " ".join(["Words"] * 12)  # past the foot, 60 mm down the page
    found = faults(COVER.format(height="60mm", title=title, foot=FOOT), item(title, 5))
    first, *_ = said = messages(found)
    assert len(said) == len(set(said))  # each fault once, however many lines it crosses
    assert first.startswith("sources/x.yaml:5:9: item text: the cover: 'The office that")
    assert all(m.startswith("sources/x.yaml:5:9: item text: the cover: ") for m in said)
    assert first.endswith("is drawn over 'Words Words' (page 1 of out.pdf); shorten this text")
