"""The Annual Workplan as an editable Word document, translated from its HTML.

It breaks its pages where the PDF does, so its contents can print the PDF's page numbers
and each page its running header: it reads the PDF's layout (`plan_pdf.layout`), which an
engine makes once for both editions; the build runs this writer's jobs after the PDF's, in
the same process (`shares_layout_of`).

This module is imported when the build lists its targets, so it imports no rendering
library: python-docx and WeasyPrint come in at the render stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model.brand import Brand
from ..model.plans import Workplan
from ..render.pdf.engine import pdf_inputs
from . import documents, plan_pdf
from .base import Output, Target, Writer, register

if TYPE_CHECKING:
    from ..render.pdf.engine import Engine

WORD_START = 5  # importing python-docx and making the branded blank, in 1/100 s


def word_inputs(brand: Brand) -> tuple[str, ...]:
    """Return the styles/ files a Word file reads: the brand, its raster logo and the
    fonts it embeds."""
    fonts = tuple(f"styles/{name}" for name in brand.font_files)
    return ("styles/brand.yaml", f"styles/{brand.logo_raster}", *fonts)


@register
class PlanWordWriter(Writer):
    """The Annual Workplan as a Word document whose every look is a named style."""

    name = "plan-word"
    order = 20
    shares_layout_of = plan_pdf.PlanPdfWriter.name
    engine: Engine

    def targets(self) -> list[Target]:
        """Return one Word file per workplan."""
        project = self.context.loaded.project
        brand = self.context.loaded.brand
        files = (
            documents.PLAN_LAYOUTS
            + word_inputs(brand)
            + pdf_inputs(brand, plan_pdf.STYLESHEETS)  # its pages are the PDF's
        )
        return [
            Target(
                self.name,
                f"annual-plan-{plan.year}.docx",
                plan,
                documents.plan_shows(self.context, plan),
                files,
            )
            for plan in project.workplans
        ]

    def cost(self, targets: list[Target]) -> float:
        """Return python-docx's start and about 0.2 s per publication, in 1/100 s."""
        return WORD_START + 20 * len(targets)

    def prepare(self) -> None:
        """Start the PDF engine, or take this process's running one (its layouts too)."""
        from ..render.pdf.engine import shared_engine

        self.engine = shared_engine(self.context)

    def warm(self) -> None:
        """Import python-docx, make the branded blank, and start the PDF engine."""
        from ..render.word.document import new_document

        new_document(self.context)
        self.prepare()

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Translate each workplan's HTML, its pages broken where the PDF's are."""
        from ..render.word.translate import Translator

        for target in targets:
            plan: Workplan = target.of  # type: ignore[assignment]
            html, printed = plan_pdf.layout(self.engine, plan)
            translator = Translator(self.context, printed.pagination, target.output)
            yield Output(target, translator.publication(html), None)
