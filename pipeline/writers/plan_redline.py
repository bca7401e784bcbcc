"""The Word redline of an Annual Workplan: its Word edition with the changes since the
earlier edition as tracked changes, written only when the build has one (`--since`).

Both sides are the plan's one document: the new edition, and the earlier edition's
content in the new edition's frame (its edition, date and summary of changes), so the
only tracked changes are those of the plan itself, and accepting them all gives the new
edition's Word file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..model.plans import Workplan
from . import documents
from .base import Output, Target, Writer, register
from .plan_word import WORD_START, word_inputs


@register
class PlanRedlineWriter(Writer):
    """The Annual Workplan's Word edition with the revision's changes tracked."""

    name = "plan-redline"
    order = 25

    def targets(self) -> list[Target]:
        """Return one redline per workplan that has an earlier edition."""
        project = self.context.loaded.project
        files = documents.PLAN_LAYOUTS + word_inputs(self.context.loaded.brand)
        found = []
        for plan in project.workplans:
            record = documents.record(self.context, plan)
            if record is not None:
                shows = (
                    project.office,
                    plan,
                    project.strategic_plan(plan),
                    record,
                    self._earlier(plan),
                )
                output = f"annual-plan-{plan.year}-redline.docx"
                found.append(Target(self.name, output, plan, shows, files))
        return found

    def _earlier(self, plan: Workplan) -> Workplan:
        """Return the earlier edition of `plan` (the targets have checked it exists)."""
        earlier = self.context.earlier
        assert earlier is not None
        return next(p for p in earlier.workplans if p.year == plan.year)

    def cost(self, targets: list[Target]) -> float:
        """Return python-docx's start and two Word documents per plan, in 1/100 s."""
        return WORD_START + 45 * len(targets)

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Translate both sides of each plan and mark where they differ."""
        from ..render.word.redline import redline
        from ..render.word.translate import Translator

        office = self.context.loaded.project.office
        for target in targets:
            plan: Workplan = target.of  # type: ignore[assignment]
            record = documents.record(self.context, plan)
            base = dataclasses.replace(
                self._earlier(plan), edition=plan.edition, issued=plan.issued, note=plan.note
            )
            old = Translator(self.context, output=target.output).publication(
                documents.plan_with(self.context, base, record)
            )
            new = Translator(self.context, output=target.output).publication(
                documents.plan(self.context, plan)
            )
            yield Output(target, redline(old, new, office.name, plan.date), None)
