"""The Annual Workplan as an editable Word document, translated from its HTML.

This module is imported when the build lists its targets, so it imports no rendering
library: python-docx comes in at the render stage.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.plans import Workplan
from . import documents
from .base import Output, Target, Writer, register

WORD_START = 5  # importing python-docx and making the branded blank, in 1/100 s


def word_inputs(brand: object) -> tuple[str, ...]:
    """Return the styles/ files a Word file reads: the brand and its raster logo."""
    return ("styles/brand.yaml", f"styles/{brand.logo_raster}")  # type: ignore[attr-defined]


@register
class PlanWordWriter(Writer):
    """The Annual Workplan as a Word document whose every look is a named style."""

    name = "plan-word"
    order = 20

    def targets(self) -> list[Target]:
        """Return one Word file per workplan."""
        project = self.context.loaded.project
        files = documents.PLAN_LAYOUTS + word_inputs(self.context.loaded.brand)
        return [
            Target(
                self.name,
                f"annual-plan-{plan.year}.docx",
                plan,
                (
                    project.office,
                    plan,
                    project.strategic_plan(plan),
                    documents.record(self.context, plan),
                ),
                files,
            )
            for plan in project.workplans
        ]

    def cost(self, targets: list[Target]) -> float:
        """Return python-docx's start and about 0.2 s per publication, in 1/100 s."""
        return WORD_START + 20 * len(targets)

    def warm(self) -> None:
        """Import python-docx and make the branded blank every Word file starts from."""
        from ..render.word.document import new_document

        new_document(self.context)

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Translate each workplan's HTML; Word paginates it, so its pages are not known."""
        from ..render.word.translate import Translator

        for target in targets:
            plan: Workplan = target.of  # type: ignore[assignment]
            html = documents.plan(self.context, plan)
            yield Output(target, Translator(self.context).publication(html), None)
