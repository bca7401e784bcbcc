"""The web edition: each publication as a page of `web/`, and an index of every file.

The pages are the publications' own documents (`layouts/`) in the web shell, so no wording
is written again; the stylesheet is the brand's screen CSS followed by `styles/web.css`; the
fonts are the brand's, cut down to the characters the pages can show, as WOFF2. Everything
a page uses is in `web/` itself: it makes no request elsewhere and needs no script.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass, replace

from .. import files
from ..model.brand import Typeface, needed_typefaces
from ..model.notices import Notice, notices
from ..model.plans import Workplan
from ..render import css
from ..render.webfonts import woff2, woff2_name
from . import documents
from .base import REGISTRY, Output, Target, Writer, register

STYLESHEET = "styles/web.css"
PAGE_LAYOUTS = ("layouts/index.html.j2", "layouts/notice_page.html.j2")
SHOWN = set(string.printable.strip()) | {" "}  # what a page may show besides its texts
NOTICE_WRITERS = ("notice-pdf", "notice-word")
PAGE, FONT = 1, 3  # rendering one page, subsetting one face, in 1/100 s (measured)


@dataclass(frozen=True)
class Download:
    """One file of an edition, as a page links to it."""

    href: str
    extension: str
    size: int
    pages: int | None


@dataclass(frozen=True)
class Entry:
    """A publication on the index: what it is, its web page and its files."""

    of: object
    page: str | None
    files: tuple[Download, ...]


@dataclass(frozen=True)
class Page:
    """What a web page is of: 'plan', 'notice' or 'index', and the path up to `web/`."""

    kind: str
    of: object
    up: str


@register
class WebWriter(Writer):
    """The web edition: pages, their stylesheet, fonts and logo, under `web/`."""

    name = "web"
    order = 50

    def targets(self) -> list[Target]:
        """Return a page per plan and notice, the index, the stylesheet, logo and fonts."""
        project, brand = self.context.loaded.project, self.context.loaded.brand
        others = self._editions()
        shell = documents.WEB_LAYOUTS + PAGE_LAYOUTS
        targets = [
            Target(
                self.name,
                f"web/annual-plan-{plan.year}/index.html",
                Page("plan", plan, "../"),
                (project.office, plan, project.strategic_plan(plan)),
                documents.PLAN_LAYOUTS + shell,
                tuple(t.output for t in others if t.of is plan and t.writer.startswith("plan")),
            )
            for plan in project.workplans
        ]
        for plan in project.workplans:
            for n in notices(project, plan):
                made = tuple(t.output for t in others if t.of is n.release)
                page = Page("notice", n, "../../")
                output = f"web/notices/{n.release.id}/index.html"
                files_ = documents.NOTICE_LAYOUTS + shell
                targets.append(Target(self.name, output, page, n, files_, made))
        index = Page("index", None, "")
        every = tuple(t.output for t in others)
        targets.append(Target(self.name, "web/index.html", index, project, shell, every))
        faces = self._faces()
        sheet = (brand, tuple(faces.items()))
        targets.append(Target(self.name, "web/style.css", None, sheet, (STYLESHEET,)))
        logo = f"styles/{brand.logo}"
        targets.append(Target(self.name, "web/logo.svg", None, brand.logo, (logo,)))
        for typeface, chars in faces.items():
            for face in typeface.faces:
                font = f"styles/{face.file}"
                output = f"web/{woff2_name(face.file)}"
                targets.append(Target(self.name, output, font, chars, (font,)))
        return targets

    def jobs(self, targets: list[Target]) -> list[list[Target]]:
        """Return the pages in one job and the fonts, the slow part, in another."""
        fonts = [t for t in targets if t.output.endswith(".woff2")]
        rest = [t for t in targets if t not in fonts]
        return [group for group in (rest, fonts) if group]

    def cost(self, targets: list[Target]) -> float:
        """Return about 0.01 s a page and 0.03 s a font, in 1/100 s."""
        return sum(FONT if t.output.endswith(".woff2") else PAGE for t in targets)

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Render each page, and write the stylesheet, the logo and each font subset."""
        root = self.context.root
        for target in targets:
            if isinstance(target.of, Page):
                data = self._page(target, target.of).encode()
            elif target.output == "web/style.css":
                data = self._stylesheet(target.shows[1]).encode()  # type: ignore[index]
            elif target.output == "web/logo.svg":
                data = files.read_bytes(root, target.files[0])
            else:
                font = files.read_bytes(root, str(target.of), 16_000_000)
                data = woff2(font, str(target.shows))
            yield Output(target, data, None)

    def _page(self, target: Target, page: Page) -> str:
        """Return the HTML of a web page, with its downloads."""
        path = target.output.removeprefix("web/").removesuffix("index.html")
        common = {
            "web": page.up,
            "path": path,
            "logo": f"{page.up}logo.svg",
            "downloads": _downloads(target, page.up + "../") if page.kind != "index" else (),
        }
        if page.kind == "plan":
            plan: Workplan = page.of  # type: ignore[assignment]
            return documents.plan(self.context, plan, documents.WEB, **common)
        if page.kind == "notice":
            n: Notice = page.of  # type: ignore[assignment]
            return documents.notice_page(self.context, n, **common)
        return documents.index(self.context, **common, **self._entries(target))

    def _entries(self, target: Target) -> dict[str, object]:
        """Return the index's plans, notices and bundles, each with its files."""
        project = self.context.loaded.project
        made = {t.output: t for t in self._editions()}
        found = [(made[d.href.removeprefix("../")], d) for d in _downloads(target, "../")]

        def entry(of: object, page: str | None, *writers: str) -> Entry:
            chosen = (d for t, d in found if t.of is of and t.writer in writers)
            return Entry(of, page, tuple(chosen))

        items = [n for p in project.workplans for n in notices(project, p)]
        bundles = [entry(p, None, "notice-pdf") for p in project.workplans]
        dates = [p.date for p in project.workplans] or [dt.date(1970, 1, 1)]
        return {
            "plans": [
                entry(p, f"annual-plan-{p.year}/", "plan-pdf", "plan-word")
                for p in project.workplans
            ],
            "notices": [
                replace(entry(n.release, f"notices/{n.release.id}/", *NOTICE_WRITERS), of=n)
                for n in items
            ],
            "bundles": [b for b in bundles if b.files],
            "date": max(dates),
        }

    def _stylesheet(self, faces: tuple[tuple[Typeface, str], ...]) -> str:
        """Return the brand's screen CSS (its fonts as WOFF2) and then styles/web.css."""
        brand = self.context.loaded.brand
        screen = css.screen_css(brand, [t for t, _ in faces], woff2_name)
        return screen + "\n" + files.read_text(self.context.root, STYLESHEET)

    def _faces(self) -> dict[Typeface, str]:
        """Return the typefaces the pages need, each with the characters it is to show."""
        loaded = self.context.loaded
        chars = _characters(loaded.project) | self._layout_characters()
        needed = needed_typefaces(loaded.brand, loaded.coverage, chars)
        faces: dict[Typeface, str] = {}
        left = set(chars)
        for typeface in needed:
            mine = {c for c in left if loaded.coverage.has(typeface.family, c)}
            faces[typeface] = "".join(sorted(mine))
            left -= mine
        return faces

    def _layout_characters(self) -> set[str]:
        """Return every character of the layouts the pages are made from."""
        names = {*documents.PLAN_LAYOUTS, *documents.NOTICE_LAYOUTS, *documents.WEB_LAYOUTS}
        found = set(SHOWN)
        for name in sorted({*names, *PAGE_LAYOUTS}):
            found |= set(files.read_text(self.context.root, name))
        return found

    def _editions(self) -> list[Target]:
        """Return the targets of every other edition (the files the pages link to)."""
        return [t for cls in REGISTRY if cls is not type(self) for t in cls(self.context).targets()]


def _downloads(target: Target, up: str) -> tuple[Download, ...]:
    """Return the files `target` lists, with their facts, linked from `up`."""
    return tuple(
        Download(up + name, name.rsplit(".", 1)[-1], size, pages)
        for name, size, pages in target.listed
    )


def _characters(value: object) -> set[str]:
    """Return every character of the texts in a model value (dataclasses, tuples, strings)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.update(item)
        elif isinstance(item, tuple | list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in fields(item) if f.name != "where")
    return found
