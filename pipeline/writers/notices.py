"""Release notices: one page per release as PDF and Word, and each year's notices in one PDF.

The notices of a year are laid out as one document (the stylesheets, fonts and engine start
are paid once); each notice's PDF is that document's page written on its own, tagged and
with its own metadata, and the year's bundle is the whole document with a bookmark per notice.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from .. import templating
from ..errors import BuildError
from ..model import Workplan
from ..notice import Notice, notice
from .base import Output, Target, Writer

if TYPE_CHECKING:
    from .engine import Engine

NOTICE_FILES = ("layouts/notice.html.j2", "layouts/notice-page.html.j2",
                "layouts/_blocks.html.j2", "styles/base.css", "styles/notice.css")

# Measured costs in 1/100 s on a 2-core machine: laying out a notice, writing it alone,
# writing it into the bundle, and a Word notice (after python-docx and its blank, WORD_START).
LAYOUT, SINGLE, BUNDLE_PAGE, WORD, WORD_START = 3, 1.2, 1, 1.9, 8
SPLIT_FROM = 30  # fewer PDFs to write than this are not worth forking a second process

Write = tuple[Target, float, Callable[[], Output]]  # a PDF to write, its cost, how to write it


class NoticeWriter(Writer):
    """Release notices as PDF and Word, and the year's bundle."""

    name = "notices"

    def targets(self) -> list[Target]:
        """Return two files per release and one bundle per workplan with releases."""
        from .engine import pdf_assets

        project, brand = self.context.loaded.project, self.context.loaded.brand
        files = {"pdf": NOTICE_FILES + pdf_assets(brand),
                 "docx": (*NOTICE_FILES, f"styles/{brand.logo_raster}")}
        targets = []
        for plan in project.workplans:
            notices = self._notices(plan)
            for n in notices:
                for kind in ("pdf", "docx"):
                    targets.append(Target(self.name, f"notices/{n.release.id}.{kind}",
                                          n.release, n, files[kind]))
            if notices:
                targets.append(Target(self.name, f"release-notices-{plan.year}.pdf", plan,
                                      tuple(notices), files["pdf"]))
        return targets

    def jobs(self, targets: list[Target]) -> list[list[Target]]:
        """Return the PDFs (laid out together) and the Word files, which need no layout."""
        pdfs = [t for t in targets if t.output.endswith(".pdf")]
        return [pdfs, [t for t in targets if t not in pdfs]]

    def cost(self, targets: list[Target]) -> float:
        """Return the estimated time of a job in 1/100 s (see the constants above)."""
        from .engine import ENGINE_START

        words = sum(1 for t in targets if t.output.endswith(".docx"))
        singles = sum(1 for t in targets if t.output.endswith(".pdf")
                      and not isinstance(t.model, tuple))
        bundled = sum(len(t.model) for t in targets if isinstance(t.model, tuple))
        pdf = 0.0
        if singles or bundled:  # a bundle lays out all its notices, the singles among them
            pdf = (ENGINE_START + LAYOUT * (bundled or singles) + SINGLE * singles
                   + BUNDLE_PAGE * bundled)
        return pdf + (WORD_START + WORD * words if words else 0)

    @cached_property
    def engine(self) -> Engine:
        """Return the PDF engine, started when a PDF is first wanted (Word notices need none)."""
        from .engine import shared_engine

        return shared_engine(self.context)

    def warm(self) -> None:
        """Lay out every notice and make the Word blank, so that an edit renders only itself."""
        from .. import docxnotice  # noqa: F401 - imported ahead, with lxml.html
        from ..docxkit import new_document

        new_document(self.context)
        for plan in self.context.loaded.project.workplans:
            if notices := self._notices(plan):
                self._pages(plan, notices)

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Render the stale notices, their bundles, and their Word files."""
        pdfs = {t.output: t for t in targets if t.output.endswith(".pdf")}
        for plan in self.context.loaded.project.workplans:
            yield from self._plan_pdfs(plan, pdfs)
        for target in targets:
            if target.output.endswith(".docx"):
                yield self._docx(target)

    def _plan_pdfs(self, plan: Workplan, pdfs: dict[str, Target]) -> Iterator[Output]:
        """Write the stale notices of one plan and its bundle, from their laid-out pages."""
        bundle = pdfs.get(f"release-notices-{plan.year}.pdf")
        every = self._notices(plan)
        wanted = every if bundle else [n for n in every if f"notices/{n.release.id}.pdf" in pdfs]
        if not wanted:
            return
        laid_out = self._pages(plan, wanted)
        writes: list[Write] = [
            (pdfs[name], SINGLE, partial(self._single, pdfs[name], n, *pair))
            for n, pair in zip(wanted, laid_out, strict=True)
            if (name := f"notices/{n.release.id}.pdf") in pdfs]
        if bundle:
            writes.append((bundle, BUNDLE_PAGE * len(laid_out),
                           partial(self._bundle, bundle, laid_out)))
        yield from self._write_pages(writes)

    def _notices(self, plan: Workplan) -> list[Notice]:
        """Return the notice of every release of `plan`, in release order."""
        project, logo = self.context.loaded.project, self.context.loaded.brand.logo
        return [notice(project, r, logo) for r in project.releases(plan)]

    def _single(self, target: Target, n: Notice, document: Any, page: Any) -> Output:
        """Return the PDF of one notice: its laid-out page, with its own metadata."""
        single = _with_metadata(document.copy([page]), n)
        return Output(target, self.engine.pdf(single, target.output), 1)

    def _bundle(self, target: Target, laid_out: list[tuple[Any, Any]]) -> Output:
        """Return the bundle: every laid-out notice page, in release order."""
        whole = laid_out[0][0].copy([page for _, page in laid_out])
        return Output(target, self.engine.pdf(whole, target.output), len(laid_out))

    def _write_pages(self, writes: list[Write]) -> Iterator[Output]:
        """Run the writes of laid-out pages; many of them on two processes.

        The second process is forked after the layout, so it has every page already and
        neither process lays a notice out twice (the layout of 200 notices takes 6 s).
        """
        from .. import parallel

        if len(writes) < SPLIT_FROM or self.context.options.jobs < 2:
            yield from (write() for _, _, write in writes)
            return

        def job(write: Callable[[], Output], cost: float) -> parallel.Job:
            return parallel.Job(lambda: [_triple(write())], cost)

        targets = {target.output: target for target, _, _ in writes}
        jobs = [job(write, cost) for _, cost, write in writes]
        for name, data, pages in parallel.run(jobs, 2):
            yield Output(targets[name], data, pages)

    def _pages(self, plan: Workplan, notices: list[Notice]) -> list[tuple[Any, Any]]:
        """Return (document, page) per notice, laying out together only those not laid out.

        The engine keeps pages by the notice's HTML and stylesheets, so a warm `watch` lays
        out only the notice that was edited; a new process lays out all of them at once.
        """
        cache: dict[object, tuple[Any, Any]] = self.engine.pages.setdefault(plan.year, {})
        keys = [self._key(n) for n in notices]
        missing = [(n, key) for n, key in zip(notices, keys, strict=True) if key not in cache]
        if missing:
            document = self._layout(plan, [n for n, _ in missing])
            for (_, key), page in zip(missing, document.pages, strict=True):
                cache[key] = (document, page)
        found = [cache[key] for key in keys]
        if len(notices) == len(self.context.loaded.project.releases(plan)):
            self.engine.pages[plan.year] = dict(zip(keys, found, strict=True))  # forget the rest
        return found

    def _key(self, n: Notice) -> object:
        """Return what a notice's layout depends on: its HTML and the stylesheets it gets."""
        html = templating.render(self.context.layouts, "notice.html.j2", n=n)
        sheets = self.engine.stylesheets(["base.css", "notice.css"], html)
        return html, tuple(map(id, sheets))

    def _layout(self, plan: Workplan, notices: list[Notice]) -> Any:
        """Return the laid-out `notices`, one page each, or fail naming those that run over."""
        office = self.context.loaded.project.office
        html = templating.render(self.context.layouts, "notice-page.html.j2", notices=notices,
                                 office=office, date=plan.date,
                                 title=f"{office.short_name} release notices {plan.year}")
        sheets = self.engine.stylesheets(["base.css", "notice.css"], html)
        document = self.engine.render(html, sheets, f"release notices {plan.year}")
        if len(document.pages) != len(notices):
            raise BuildError(self._overflow(notices, sheets))
        return document

    def _overflow(self, notices: list[Notice], sheets: list[Any]) -> str:
        """Return which notices do not fit on one page."""
        long = []
        for n in notices:
            html = templating.render(self.context.layouts, "notice-page.html.j2", notices=[n],
                                     office=n.office, date=n.issued, title=n.title)
            if len(self.engine.render(html, sheets, n.release.id).pages) > 1:
                long.append(n.release.id)
        return (f"the release notice of {', '.join(long)} runs over one page; "
                "shorten its summary or title")

    def _docx(self, target: Target) -> Output:
        """Return the Word notice of one release."""
        from ..docxnotice import notice_docx

        n: Notice = target.model  # type: ignore[assignment]
        html = templating.render(self.context.layouts, "notice.html.j2", n=n)
        return Output(target, notice_docx(self.context, n, html), 1)


def _triple(output: Output) -> tuple[str, bytes, int]:
    """Return an output as a forked process sends it back: name, bytes and pages."""
    return output.target.output, output.data, output.pages


def _with_metadata(document: Any, n: Notice) -> Any:
    """Return `document` carrying the title, subject and keywords of notice `n`."""
    document.metadata = copy.copy(document.metadata)
    document.metadata.title = n.title
    document.metadata.description = n.subject
    document.metadata.keywords = [n.office.short_name, "release notice", n.reference,
                                  n.release.title]
    date = n.issued.isoformat()
    document.metadata.created = document.metadata.modified = date
    return document
