"""The Annual Workplan as a tagged, branded PDF, through the shared WeasyPrint engine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .. import templating
from ..model import StrategicPlan, Workplan
from .base import Context, Output, Target, Writer
from .engine import ENGINE_START, Engine, pdf_assets, shared_engine

LAYOUT_FILES = ("layouts/plan.html.j2", "layouts/_blocks.html.j2", "styles/base.css",
                "styles/plan.css")


class PlanPdfWriter(Writer):
    """The Annual Workplan as a tagged, branded PDF."""

    name = "plan-pdf"
    engine: Engine

    def targets(self) -> list[Target]:
        """Return one PDF per workplan."""
        project = self.context.loaded.project
        files = LAYOUT_FILES + pdf_assets(self.context.loaded.brand)
        return [
            Target(self.name, f"annual-plan-{plan.year}.pdf", plan,
                   (project.office, plan, project.strategic_plan(plan)), files)
            for plan in project.workplans
        ]

    def cost(self, targets: list[Target]) -> float:
        """Return WeasyPrint's start and about 0.5 s per publication, in 1/100 s."""
        return ENGINE_START + 50 * len(targets)

    def prepare(self) -> None:
        """Start the engine, or take this process's running one."""
        self.engine = shared_engine(self.context)

    def warm(self) -> None:
        """Start the engine, compile the template and parse the stylesheets it will need."""
        self.prepare()
        for plan in self.context.loaded.project.workplans:
            self.engine.stylesheets(["base.css", "plan.css"], plan_html(self.context, plan))

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Render each workplan."""
        for target in targets:
            plan: Workplan = target.subject  # type: ignore[assignment]
            html = plan_html(self.context, plan)
            sheets = self.engine.stylesheets(["base.css", "plan.css"], html)
            document = self.engine.render(html, sheets, target.output)
            finisher = tick_names(self.context.loaded.project.strategic_plan(plan))
            data = self.engine.pdf(document, target.output, finisher)
            yield Output(target, data, len(document.pages))


def tick_names(strategic: StrategicPlan) -> Callable[[Any, Any], None]:
    """Return a PDF finisher naming each purpose cell "Purpose 2: yes" (or "no") for readers.

    WeasyPrint tags each table cell with the ids of its header cells, `table-row-column`;
    a cell under the second header row, column j >= 1, is the cell of the j-th purpose.
    """
    import pydyf

    def finish(document: Any, pdf: Any) -> None:
        for obj in pdf.objects:
            column = _purpose_column(obj)
            if column and column <= len(strategic.purposes):
                number = strategic.purposes[column - 1].number
                obj["Alt"] = pydyf.String(f"Purpose {number}: {'yes' if obj['K'] else 'no'}")

    return finish


def _purpose_column(obj: Any) -> int | None:
    """Return j when `obj` is a table cell under header row 1, column j >= 1, else None."""
    if not (isinstance(obj, dict) and obj.get("S") == "/TD"):
        return None
    headers = obj["A"].get("Headers") or []
    if not headers:
        return None
    _table, row, column = headers[-1].string.rsplit("-", 2)
    return int(column) if row == "1" and int(column) >= 1 else None


def plan_html(context: Context, plan: Workplan) -> str:
    """Return the Annual Workplan as HTML."""
    project = context.loaded.project
    return templating.render(context.layouts, "plan.html.j2", office=project.office, plan=plan,
                             strategic=project.strategic_plan(plan),
                             logo=context.loaded.brand.logo)
