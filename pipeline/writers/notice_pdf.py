"""Release notices as PDF: one page per release, and each year's notices in one bundle.

The notices of a year are laid out as one document (the stylesheets, fonts and engine start
are paid once); each notice's PDF is that document's page written on its own, with its own
properties, and the bundle is the whole document with a bookmark per notice. Laid-out pages
are kept by the engine, so a warm `watch` lays out only the notice that was edited.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from ..errors import SourceError, SourcesInvalid
from ..model.notices import Notice, notices
from ..model.plans import Workplan
from ..render.pdf.engine import ENGINE_START, pdf_inputs
from . import documents
from .base import Output, Pending, Target, Writer, register

if TYPE_CHECKING:
    from ..render.pdf.engine import Engine

STYLESHEETS = ("base.css", "notice.css")
# Measured costs in 1/100 s on a 2-core machine: laying out a notice, writing it alone,
# and writing it into the bundle.
LAYOUT, SINGLE, BUNDLE_PAGE = 3, 1.2, 1


def bundle_name(plan: Workplan) -> str:
    """Return the file name of a year's bundle of notices."""
    return f"release-notices-{plan.year}.pdf"


@register
class NoticePdfWriter(Writer):
    """Release notices as PDF, and each year's bundle."""

    name = "notice-pdf"
    order = 30
    engine: Engine

    def targets(self) -> list[Target]:
        """Return one PDF per release and one bundle per workplan with releases."""
        project = self.context.loaded.project
        files = documents.NOTICE_LAYOUTS + pdf_inputs(self.context.loaded.brand, STYLESHEETS)
        targets = []
        for plan in project.workplans:
            items = notices(project, plan)
            targets += [
                Target(self.name, f"notices/{n.file_stem}.pdf", n.release, n, files) for n in items
            ]
            if items:
                targets.append(Target(self.name, bundle_name(plan), plan, tuple(items), files))
        return targets

    def cost(self, targets: list[Target]) -> float:
        """Return the estimated time of rendering `targets`, in 1/100 s."""
        singles = sum(1 for t in targets if not isinstance(t.shows, tuple))
        bundled = sum(len(t.shows) for t in targets if isinstance(t.shows, tuple))
        return (
            ENGINE_START
            + LAYOUT * (bundled or singles)
            + SINGLE * singles
            + (BUNDLE_PAGE * bundled)
        )

    def prepare(self) -> None:
        """Start the engine, or take this process's running one."""
        from ..render.pdf.engine import shared_engine

        self.engine = shared_engine(self.context)

    def warm(self) -> None:
        """Lay out every notice, so that an edit lays out only itself."""
        self.prepare()
        for plan in self.context.loaded.project.workplans:
            if items := notices(self.context.loaded.project, plan):
                self._pages(plan, items)

    def write(self, targets: list[Target]) -> Iterable[Output | Pending]:
        """Lay out the stale notices of each plan; their PDFs and bundles are then pending."""
        wanted = {t.output: t for t in targets}
        for plan in self.context.loaded.project.workplans:
            yield from self._plan(plan, wanted)

    def _plan(self, plan: Workplan, wanted: dict[str, Target]) -> Iterator[Pending]:
        """Return the pending PDFs of one plan's stale notices and bundle."""
        bundle = wanted.get(bundle_name(plan))
        every = notices(self.context.loaded.project, plan)
        chosen = every if bundle else [n for n in every if _single(n) in wanted]
        if not chosen:
            return
        laid_out = self._pages(plan, chosen)
        for n, (document, page) in zip(chosen, laid_out, strict=True):
            if (target := wanted.get(_single(n))) is not None:
                yield Pending(target, SINGLE, partial(self._single, target, n, document, page))
        if bundle is not None:
            yield Pending(
                bundle, BUNDLE_PAGE * len(laid_out), partial(self._bundle, bundle, laid_out)
            )

    def _single(self, target: Target, n: Notice, document: Any, page: Any) -> Output:
        """Return the PDF of one notice: its laid-out page, with its own properties."""
        single = _with_properties(document.copy([page]), self._html(n))
        return Output(target, self.engine.pdf(single, target.output), 1)

    def _bundle(self, target: Target, laid_out: list[tuple[Any, Any]]) -> Output:
        """Return the bundle: every laid-out notice page, in release order."""
        whole = laid_out[0][0].copy([page for _, page in laid_out])
        return Output(target, self.engine.pdf(whole, target.output), len(laid_out))

    def _pages(self, plan: Workplan, items: list[Notice]) -> list[tuple[Any, Any]]:
        """Return (document, page) per notice, laying out only those not laid out yet."""
        keys = [self._key(n) for n in items]
        found = self.engine.pages.pages(
            plan.year, keys, lambda indexes: self._layout(plan, [items[i] for i in indexes])
        )
        if len(items) == len(self.context.loaded.project.releases(plan)):
            self.engine.pages.keep(plan.year, keys)  # forget the notices that are gone
        return found

    def _html(self, n: Notice) -> str:
        """Return the HTML of one notice."""
        return documents.notice(self.context, n)

    def _key(self, n: Notice) -> Hashable:
        """Return what a notice's layout depends on: its HTML and the stylesheets it gets."""
        html = self._html(n)
        sheets = self.engine.stylesheets(STYLESHEETS, html)
        return html, tuple(map(id, sheets))

    def _layout(self, plan: Workplan, items: list[Notice]) -> Any:
        """Return the laid-out `items`, one page each, or fail naming those that run over."""
        html = documents.notices(self.context, items, plan.year, plan.date)
        sheets = self.engine.stylesheets(STYLESHEETS, html)
        document = self.engine.render(html, sheets, f"release notices {plan.year}")
        if len(document.pages) != len(items):
            raise SourcesInvalid(self._overflow(plan, items, sheets))
        return document

    def _overflow(
        self, plan: Workplan, items: list[Notice], sheets: list[Any]
    ) -> list[SourceError]:
        """Return, at the longest text of each notice that does not fit on one page, why."""
        faults = []
        for n in items:
            html = documents.notices(self.context, [n], plan.year, n.issued)
            if len(self.engine.render(html, sheets, n.release.id).pages) > 1:
                release = n.release
                field = "summary" if release.summary is not None else "title"
                if field == "summary" and len(release.title) > len(str(release.summary)):
                    field = "title"
                message = "the release notice runs over one page; shorten this text"
                faults.append(SourceError(release.where[field], field, message))
        return faults


def _single(n: Notice) -> str:
    """Return the file name of one notice's PDF."""
    return f"notices/{n.file_stem}.pdf"


def _with_properties(document: Any, html: str) -> Any:
    """Return `document` carrying the title, subject, keywords and date its article gives."""
    import lxml.html

    article = lxml.html.fragment_fromstring(html)
    document.metadata = copy.copy(document.metadata)
    document.metadata.title = article.get("data-title")
    document.metadata.description = article.get("data-subject")
    document.metadata.keywords = [article.get("data-keywords")]
    document.metadata.created = document.metadata.modified = article.get("data-date")
    return document
