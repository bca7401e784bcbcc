"""The whole project as the writers read it: the office, its plans and their releases."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .office import Office
from .plans import Activity, Quarter, StrategicPlan, Workplan
from .releases import Catalogue, Release


@dataclass(frozen=True)
class Project:
    """Everything the writers need, linked and checked."""

    office: Office
    strategic_plans: tuple[StrategicPlan, ...]
    workplans: tuple[Workplan, ...]
    catalogues: tuple[Catalogue, ...]

    def strategic_plan(self, plan: Workplan) -> StrategicPlan:
        """Return the strategic plan a workplan implements."""
        return next(s for s in self.strategic_plans if s.id == plan.strategic_plan)

    def releases(self, plan: Workplan) -> tuple[Release, ...]:
        """Return the releases a workplan announces, in notice order."""
        return tuple(r for c in self.catalogues if c.workplan == plan.year for r in c.releases)

    @cached_property
    def all_releases(self) -> tuple[Release, ...]:
        """Return every release of every workplan."""
        return tuple(r for c in self.catalogues for r in c.releases)

    @cached_property
    def links(self) -> dict[str, tuple[Workplan, Quarter, Activity]]:
        """Return, per release id, the activity that releases it (the first, if several do)."""
        found: dict[str, tuple[Workplan, Quarter, Activity]] = {}
        for plan in self.workplans:
            ids = {release.id for release in self.releases(plan)}
            for quarter in plan.quarters:
                for activity in quarter.activities:
                    if activity.release in ids:
                        found.setdefault(activity.release, (plan, quarter, activity))
        return found
