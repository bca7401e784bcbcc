"""The web edition, read back from dist/web/: its pages, links, metadata and files."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.model.colour import contrast

from ..conftest import run_cli
from ..seed import rows

pytestmark = pytest.mark.slow
PLAN_PAGE = "web/annual-plan-2021/index.html"
NOTICE_PAGE = "web/notices/guide-victim-identification/index.html"


class Page(HTMLParser):
    """The parts of a page a test reads: its elements' attributes, text, and JSON-LD."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)

    def all(self, tag: str, **want: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in want.items())
        ]

    def meta(self, name: str) -> str:
        return self.all("meta", name=name)[0]["content"]


def page(out: Path, name: str) -> Page:
    return Page((out / name).read_text("utf-8"))


def web_pages(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / "web").rglob("*.html"))


def test_a_page_per_plan_and_notice_and_an_index(built: Path) -> None:
    notices = sorted(p.stem.split("-notice-", 1)[1] for p in (built / "notices").glob("*.pdf"))
    assert notices
    expected = {"web/index.html", PLAN_PAGE} | {f"web/notices/{n}/index.html" for n in notices}
    assert set(web_pages(built)) == expected


def test_every_activity_of_the_seed_is_on_the_plan_page(built: Path) -> None:
    text = " ".join("".join(page(built, PLAN_PAGE).text).split())
    for row in rows():
        assert row.text in text
        for tick in row.ticks:
            assert f"Purpose {tick}: yes" in text


def test_the_index_labels_every_file_as_govuk_does(built: Path) -> None:
    index = page(built, "web/index.html")
    links = {a["href"]: a for a in index.all("a")}
    files = sorted(p for p in built.rglob("*") if p.suffix in {".pdf", ".docx"})
    assert files
    html = (built / "web/index.html").read_text("utf-8")
    for file in files:
        href = "../" + file.relative_to(built).as_posix()
        assert href in links, href
        label = re.search(re.escape(f'href="{href}"') + r">(.*?)</a>", html)
        assert label is not None
        shown = re.sub(r"<[^>]+>", "", label.group(1))
        size = file.stat().st_size
        if file.suffix == ".pdf":
            pages = len(PdfReader(file).pages)
            assert shown == f"PDF, {size / 1024:.3g} KB, {pages} page{'s' * (pages != 1)}"
        else:
            assert shown.startswith(f"MS Word Document, {size / 1024:.3g} KB")


def test_pages_ask_nothing_of_another_host(built: Path) -> None:
    for name in web_pages(built):
        parsed, base = page(built, name), (built / name).parent
        used = [a["src"] for a in parsed.all("img")] + [
            a["href"] for t, a in parsed.elements if t == "link" and a.get("rel") == "stylesheet"
        ]
        assert not [t for t, a in parsed.elements if t == "script" and "src" in a]
        for url in used:
            assert "://" not in url and not url.startswith("//"), (name, url)
            assert (base / url).resolve().is_file(), (name, url)
    css = (built / "web/style.css").read_text("utf-8")
    urls = re.findall(r"url\(\"?([^\")]+)", css)
    assert urls and all("://" not in u for u in urls)
    for url in urls:
        assert (built / "web" / url).is_file()
    assert "@import" not in css


def test_fonts_are_woff2_subsets(built: Path) -> None:
    fonts = list((built / "web/fonts").glob("*.woff2"))
    assert fonts
    for font in fonts:
        data = font.read_bytes()
        assert data[:4] == b"wOF2"
        assert len(data) < 60_000  # a few thousand glyphs would be half a megabyte


def test_pages_carry_language_landmarks_and_a_skip_link(built: Path) -> None:
    for name in web_pages(built):
        parsed = page(built, name)
        html_tag = parsed.all("html")[0]
        assert html_tag["lang"] == "en-GB" and html_tag["dir"] == "ltr"
        assert parsed.all("main", id="main")
        assert parsed.all("header") and parsed.all("footer")
        skip = parsed.elements[[t for t, _ in parsed.elements].index("body") + 1]
        assert skip == ("a", {"class": "skip-link", "href": "#main"})
        assert parsed.all("meta", name="viewport")


def test_metadata_for_search_engines_and_archives(built: Path) -> None:
    plan = page(built, PLAN_PAGE)
    assert plan.all("title")
    assert plan.meta("description").startswith("Annual Workplan 2021 of the Regional")
    canonical = plan.all("link", rel="canonical")[0]["href"]
    assert canonical == "https://www.baliprocess.net/rso/publications/web/annual-plan-2021/"
    data = json.loads(plan.scripts[0])
    assert data["@type"] == "Report" and data["inLanguage"] == "en-GB"
    notice = page(built, NOTICE_PAGE)
    reference = notice.meta("dcterms.identifier")
    assert reference.startswith("RSO/REL/2021/")
    assert json.loads(notice.scripts[0])["identifier"] == reference


def test_an_isbn_is_in_the_notice_pages_json_ld(built_project: Path) -> None:
    project = built_project
    releases = project / "sources/releases/2021.yaml"
    text = releases.read_text("utf-8")
    releases.write_text(
        text.replace(
            "id: guide-victim-identification\n",
            "id: guide-victim-identification\n    isbn: 978-0-306-40615-7\n",
            1,
        ),
        "utf-8",
    )
    result = run_cli("build", "--root", project, "--only", "web/notices/*")
    assert result.returncode == 0, result.stderr
    about = json.loads(page(project / "dist", NOTICE_PAGE).scripts[0])["about"]
    assert about == {"@type": "Book", "isbn": "978-0-306-40615-7", "name": about["name"]}


def test_text_from_the_sources_is_escaped(built_project: Path) -> None:
    project = built_project
    releases = project / "sources/releases/2021.yaml"
    text = releases.read_text("utf-8")
    hostile = "Guide </script><script>alert(1)</script> & {{ 7*7 }}"
    first = re.search(r"title: (.+)\n", text)
    assert first is not None
    releases.write_text(text.replace(first.group(0), f"title: '{hostile}'\n", 1), "utf-8")
    result = run_cli("build", "--root", project, "--only", "web/*")
    assert result.returncode == 0, result.stderr
    for name in web_pages(project / "dist"):
        html = (project / "dist" / name).read_text("utf-8")
        assert "<script>alert(1)" not in html
        assert html.count("<script") == 1  # the JSON-LD alone
    index = page(project / "dist", "web/index.html")
    assert hostile in " ".join("".join(index.text).replace("\u200b", "").split())


def test_the_brand_colours_the_web_edition_uses_are_readable(built: Path) -> None:
    css = (built / "web/style.css").read_text("utf-8")
    colours = dict(re.findall(r"--colour-([a-z-]+): (#[0-9A-Fa-f]{6});", css))
    white = "#FFFFFF"
    for text, ground in [
        ("text", white),
        ("primary", white),
        ("primary", "tint"),
        ("muted", white),
        ("muted", "tint"),
        ("accent", white),
        ("on-primary", "primary"),
        ("on-primary-soft", "primary"),
    ]:
        assert contrast(colours[text], colours.get(ground, ground)) >= 4.5, (text, ground)
    assert contrast(colours["highlight"], colours["primary"]) >= 3


def test_an_edit_rebuilds_only_the_pages_it_shows(built_project: Path) -> None:
    plan = built_project / "sources/workplans/2021.yaml"
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("Release of the Regional", "Launch of the Regional", 1), "utf-8")
    result = run_cli("build", "--root", built_project, "--json")
    assert result.returncode == 0, result.stderr
    written = {w["path"] for w in json.loads(result.stdout)["written"]}
    web = {w for w in written if w.startswith("web/")}
    assert PLAN_PAGE in web and not any(w.endswith(".woff2") for w in web)
    assert not any(w.startswith("web/notices/") for w in web)
    assert "Launch of the Regional" in (built_project / "dist" / PLAN_PAGE).read_text("utf-8")
