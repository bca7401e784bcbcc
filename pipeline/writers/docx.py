"""The Annual Workplan as a Word document, built from the brand's named styles.

This module is imported when the build lists its targets, so it imports no rendering
library: python-docx comes in with `docxplan` in `prepare()`, at the render stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import Workplan
from .base import Context, Output, Target, Writer

Render = Callable[[Context, Workplan], bytes]


class PlanDocxWriter(Writer):
    """The Annual Workplan as an editable DOCX whose every look is a named style."""

    name = "plan-docx"
    render: Render

    def targets(self) -> list[Target]:
        """Return one DOCX per workplan, made from the brand and its raster logo."""
        loaded = self.context.loaded
        project = loaded.project
        files = ("styles/brand.yaml", f"styles/{loaded.brand.logo_raster}")
        return [
            Target(self.name, f"annual-plan-{plan.year}.docx", plan,
                   (project.office, plan, project.strategic_plan(plan)), files)
            for plan in project.workplans
        ]

    def cost(self, targets: list[Target]) -> float:
        """Return python-docx's import and about 0.07 s per publication, in 1/100 s."""
        return 5 + 7 * len(targets)

    def prepare(self) -> None:
        """Import python-docx and the document builder."""
        from ..docxplan import plan_docx

        self.render = plan_docx

    def warm(self) -> None:
        """Import python-docx and make the branded blank every Word file starts from."""
        from ..docxkit import new_document

        self.prepare()
        new_document(self.context)

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Render each workplan; Word paginates it, so no page count is known (0)."""
        for target in targets:
            plan: Workplan = target.subject  # type: ignore[assignment]
            yield Output(target, self.render(self.context, plan), 0)
