"""The change note and the calendar of an Annual Workplan, beside its PDF and Word files.

The change note (`annual-plan-<year>-changes.txt`) is written only when the build has an
earlier edition (`--since`); the calendar (`annual-plan-<year>.ics`) always.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.calendar import Event, events
from ..model.plans import Workplan
from ..render import html, ics, note
from . import documents
from .base import Output, Target, Writer, register


@register
class PlanNoteWriter(Writer):
    """The summary of changes as plain text, for a covering e-mail."""

    name = "plan-note"
    order = 30

    def targets(self) -> list[Target]:
        """Return one change note per workplan that has an earlier edition."""
        project = self.context.loaded.project
        found = []
        for plan in project.workplans:
            record = documents.record(self.context, plan)
            if record is not None:
                shows = (project.office, plan, project.strategic_plan(plan), record)
                output = f"annual-plan-{plan.year}-changes.txt"
                found.append(Target(self.name, output, plan, shows, documents.PLAN_LAYOUTS))
        return found

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Read each plan's summary of changes out of its document."""
        for target in targets:
            plan: Workplan = target.of  # type: ignore[assignment]
            text = note.note(documents.plan(self.context, plan))
            yield Output(target, text.encode("utf-8"), None)


@register
class PlanCalendarWriter(Writer):
    """The activities and releases of a workplan as an iCalendar file."""

    name = "plan-calendar"
    order = 40
    LAYOUT = "layouts/plan.ics.j2"

    def targets(self) -> list[Target]:
        """Return one calendar per workplan."""
        project = self.context.loaded.project
        return [
            Target(
                self.name,
                f"annual-plan-{plan.year}.ics",
                plan,
                (project.office, plan.title, plan.year, plan.date, self._events(plan)),
                (self.LAYOUT,),
            )
            for plan in project.workplans
        ]

    def _events(self, plan: Workplan) -> list[Event]:
        """Return the events of the calendar of `plan`: all that it shows of the plan."""
        project = self.context.loaded.project
        record = documents.record(self.context, plan)
        return events(project, plan, record, self.context.earlier)

    def _earlier(self, plan: Workplan) -> Workplan | None:
        """Return the earlier edition of `plan`, if the build has one."""
        earlier = self.context.earlier
        return (
            next((p for p in earlier.workplans if p.year == plan.year), None) if earlier else None
        )

    def write(self, targets: list[Target]) -> Iterable[Output]:
        """Render each calendar and fold its lines."""
        project = self.context.loaded.project
        website = project.office.contact.website
        domain = website.split("://")[-1].split("/")[0]
        for target in targets:
            plan: Workplan = target.of  # type: ignore[assignment]
            text = html.render(
                self.context.layouts,
                "plan.ics.j2",
                office=project.office,
                plan=plan,
                events=self._events(plan),
                domain=domain,
            )
            yield Output(target, ics.content(text), None)
