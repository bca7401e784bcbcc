"""The Annual Workplan as a tagged, branded PDF: its document laid out by WeasyPrint."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model.plans import Workplan
from ..render.pdf.engine import ENGINE_START, pdf_inputs
from . import documents
from .base import Output, Target, Writer, register

if TYPE_CHECKING:
    from ..render.pdf.engine import Engine
    from ..render.pdf.parts import Printed

STYLESHEETS = ("base.css", "plan.css")


@register
class PlanPdfWriter(Writer):
    """The Annual Workplan as a tagged, branded PDF."""

    name = "plan-pdf"
    order = 10
    engine: Engine

    def targets(self) -> list[Target]:
        """Return one PDF per workplan."""
        project = self.context.loaded.project
        files = documents.PLAN_LAYOUTS + pdf_inputs(self.context.loaded.brand, STYLESHEETS)
        return [
            Target(
                self.name,
                output_of(plan),
                plan,
                documents.plan_shows(self.context, plan),
                files,
            )
            for plan in project.workplans
        ]

    def cost(self, targets: list[Target]) -> float:
        """Return WeasyPrint's start and about 0.6 s per publication, in 1/100 s."""
        return ENGINE_START + 60 * len(targets)

    def prepare(self) -> None:
        """Start the engine, or take this process's running one."""
        from ..render.pdf.engine import shared_engine

        self.engine = shared_engine(self.context)

    def warm(self) -> None:
        """Start the engine, compile the template and parse the stylesheets it will need."""
        self.prepare()
        for plan in self.context.loaded.project.workplans:
            self.engine.stylesheets(STYLESHEETS, documents.plan(self.context, plan))

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Render each workplan."""
        for target in targets:
            plan: Workplan = target.of  # type: ignore[assignment]
            _, printed = layout(self.engine, plan)
            yield Output(target, printed.data, printed.pages)


def output_of(plan: Workplan) -> str:
    """Return the file name of a workplan's PDF."""
    return f"annual-plan-{plan.year}.pdf"


def layout(engine: Engine, plan: Workplan) -> tuple[str, Printed]:
    """Return a workplan's HTML and the engine's print of it, laid out chapter by chapter,
    each kept by the engine (the Word plan, which breaks its pages where the PDF does, asks
    for the same, and an edit lays out again only the chapters it changed), and in parts
    on several cores where the plan is long. A build asking again for a plan it laid out
    (the Word plan after the PDF) is given the same."""
    for context, of, laid in _LATEST:
        if context is engine.context and of is plan:
            return laid
    html = documents.plan(engine.context, plan)
    sheets = engine.stylesheets(STYLESHEETS, html)
    laid = html, engine.print_book(html, sheets, output_of(plan))
    _LATEST[:] = [item for item in _LATEST if item[0] is engine.context]
    _LATEST.append((engine.context, plan, laid))
    return laid


_LATEST: list[tuple[object, Workplan, tuple[str, Printed]]] = []  # this build's plans' layouts
