"""Release notices as PDF: one page per release, and each year's notices in one bundle.

The notices of a year are laid out as one document (the stylesheets, fonts and engine start
are paid once); each notice's PDF is that document's page written on its own, with its own
properties. Many notices are laid out in several groups, each in a process of its own. The
bundle is made of the notices' PDFs once the build has them (a target that lists them):
merged (`render.pdf.merge`), a bookmark per notice, with the properties its own document's
head gives, so it needs no layout. Laid-out pages are kept by the engine, so a warm `watch`
lays out and writes only the notice that was edited.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from ..errors import SourceError, SourcesInvalid
from ..model.notices import Notice, notices
from ..model.plans import Workplan
from ..render.pdf.engine import ENGINE_START, pdf_inputs
from . import documents
from .base import Output, Pending, Target, Writer, even_groups, register

if TYPE_CHECKING:
    from ..render.pdf.engine import Engine
    from ..render.pdf.merge import Properties
    from ..render.pdf.pages import Page

STYLESHEETS = ("base.css", "notice.css")
# Measured costs in 1/100 s on a 2-core machine: laying out a notice, writing it alone,
# and merging it into the bundle.
LAYOUT, SINGLE, BUNDLE_PAGE = 2, 1.2, 0.7
GROUP = 40  # notices laid out together, at most: more make groups for several processes


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
        """Return one PDF per release and one bundle of them per workplan with releases."""
        project = self.context.loaded.project
        files = documents.NOTICE_LAYOUTS + pdf_inputs(self.context.loaded.brand, STYLESHEETS)
        targets = []
        for plan in project.workplans:
            items = notices(project, plan)
            targets += [Target(self.name, _single(n), n.release, n, files) for n in items]
            if items:
                singles = tuple(_single(n) for n in items)
                bundle = Target(self.name, bundle_name(plan), plan, tuple(items), files, singles)
                targets.append(replace(bundle, made_of_listed=True))
        return targets

    def jobs(self, targets: list[Target]) -> list[list[Target]]:
        """Return the bundles alone, and the notices in groups of at most GROUP."""
        bundles = [t for t in targets if t.made_of_listed]
        singles = [t for t in targets if not t.made_of_listed]
        groups = even_groups(singles, GROUP, self.context.options.jobs)
        return ([bundles] if bundles else []) + groups

    def cost(self, targets: list[Target]) -> float:
        """Return the estimated time of rendering `targets`, in 1/100 s."""
        singles = sum(1 for t in targets if not t.made_of_listed)
        bundled = sum(len(t.lists) for t in targets if t.made_of_listed)
        return (ENGINE_START + (LAYOUT + SINGLE) * singles if singles else 0) + (
            BUNDLE_PAGE * bundled
        )

    def prepare(self) -> None:
        """Take this process's running engine; it is started when a notice is laid out."""

    def warm(self) -> None:
        """Lay out every notice, so that an edit lays out only itself."""
        self._start()
        for plan in self.context.loaded.project.workplans:
            if items := notices(self.context.loaded.project, plan):
                self._pages(plan, items, [self._key(n) for n in items])

    def write(self, targets: list[Target]) -> Iterable[Output | Pending]:
        """Lay out the stale notices of each plan (their PDFs are then pending); merge the
        PDFs of each stale bundle."""
        wanted = {t.output: t for t in targets}
        for plan in self.context.loaded.project.workplans:
            yield from self._plan(plan, wanted)
            if (bundle := wanted.get(bundle_name(plan))) is not None:
                yield self._bundle(bundle, plan)

    def _plan(self, plan: Workplan, wanted: dict[str, Target]) -> Iterator[Pending]:
        """Return the pending PDFs of one plan's stale notices."""
        chosen = [n for n in notices(self.context.loaded.project, plan) if _single(n) in wanted]
        if not chosen:
            return
        self._start()
        keys = [self._key(n) for n in chosen]
        for n, page in zip(chosen, self._pages(plan, chosen, keys), strict=True):
            target = wanted[_single(n)]
            yield Pending(target, SINGLE, partial(self._single, target, n, page))

    def _single(self, target: Target, n: Notice, page: Page) -> Output:
        """Return the PDF of one notice: its laid-out page, with its own properties."""
        document, laid_out = page
        single = _with_properties(document.copy([laid_out]), self._html(n))
        return Output(target, self.engine.pdf(single, _single(n), ids=f"{n.release.id}-"), 1)

    def _bundle(self, target: Target, plan: Workplan) -> Output:
        """Return the bundle: the PDFs of the notices merged, in release order."""
        from ..render.pdf.merge import merge

        html = documents.notices(self.context, [], plan.year, plan.date)
        return Output(target, merge(list(target.given), _properties(html)), len(target.given))

    def _start(self) -> None:
        """Start the engine, or take this process's running one."""
        from ..render.pdf.engine import shared_engine

        self.engine = shared_engine(self.context)

    def _pages(self, plan: Workplan, items: list[Notice], keys: list[Hashable]) -> list[Page]:
        """Return (document, page) per notice, laying out only those not laid out yet."""
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
        """Return what a notice's layout depends on: its HTML, the stylesheets it gets and
        the language of the page around it (which sets the direction it runs in)."""
        html = self._html(n)
        sheets = self.engine.stylesheets(STYLESHEETS, html)
        return html, tuple(map(id, sheets)), self.context.loaded.project.office.language

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


def _properties(html: str) -> Properties:
    """Return the title, subject, keywords and date the head of a document `html` gives."""
    import lxml.html

    from ..render.pdf.merge import Properties

    head = lxml.html.document_fromstring(html).find("head")
    meta = {m.get("name"): m.get("content") for m in head.iter("meta") if m.get("name")}
    keywords = meta.get("keywords")
    return Properties(
        title=head.findtext("title"),
        subject=meta.get("description"),
        keywords=", ".join(k.strip() for k in keywords.split(",")) if keywords else None,
        date=meta.get("dcterms.created"),
    )
