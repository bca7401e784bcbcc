"""Validate stage: the rules that span fields and files, each problem located at its value."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import SourceError, shown
from ..model.fields import Located
from ..model.plans import Quarter, StrategicPlan, Workplan
from ..model.project import Project
from ..model.releases import Release


def run(project: Project) -> list[SourceError]:
    """Return every cross-reference problem of `project`."""
    rules = (_strategic_plans, _workplans, _releases)
    return [error for rule in rules for error in rule(project)]


def _error(obj: Located, field: str, message: str) -> SourceError:
    return SourceError(obj.where[field], field.split("[")[0], message)


def _duplicates(objs: Iterable[Located], key: str) -> Iterator[SourceError]:
    """Yield an error for each object whose `key` repeats an earlier one's."""
    seen: dict[object, Located] = {}
    for obj in objs:
        value = getattr(obj, key)
        if value in seen:
            first = seen[value].where[key]
            text = f"'{shown(value)}'" if isinstance(value, str) else str(value)
            yield _error(obj, key, f"{text} is already used at {first}")
        else:
            seen[value] = obj


def _strategic_plans(project: Project) -> Iterator[SourceError]:
    yield from _duplicates(project.strategic_plans, "id")
    for plan in project.strategic_plans:
        yield from _duplicates(plan.purposes, "number")
        for index, purpose in enumerate(plan.purposes, start=1):
            if purpose.number != index:
                message = f"purposes are numbered 1, 2, 3...; expected {index}"
                yield _error(purpose, "number", message)


def _workplans(project: Project) -> Iterator[SourceError]:
    yield from _duplicates(project.workplans, "year")
    plans = {s.id: s for s in project.strategic_plans}
    for workplan in project.workplans:
        strategic = plans.get(workplan.strategic_plan)
        if strategic is None:
            known = ", ".join(plans) or "none"
            yield _error(
                workplan,
                "strategic_plan",
                f"no strategic plan has id '{workplan.strategic_plan}' (known: {known})",
            )
        yield from _quarters(workplan)
        yield from _duplicates([a for a in workplan.activities if a.id is not None], "id")
        if strategic is not None:
            yield from _ticks(workplan, strategic)


def _quarters(workplan: Workplan) -> Iterator[SourceError]:
    previous: Quarter | None = None
    for index, quarter in enumerate(workplan.quarters, start=1):
        if quarter.number != index:
            yield _error(quarter, "number", f"quarters go in order; expected {index}")
        if quarter.end < quarter.start:
            yield _error(quarter, "end", f"{quarter.end} is before the start {quarter.start}")
        for field in ("start", "end"):
            if getattr(quarter, field).year != workplan.year:
                yield _error(quarter, field, f"is not in the plan's year {workplan.year}")
        if previous and quarter.start <= previous.end:
            yield _error(quarter, "start", f"overlaps {previous.label}, which ends {previous.end}")
        previous = quarter


def _ticks(workplan: Workplan, strategic: StrategicPlan) -> Iterator[SourceError]:
    numbers = [p.number for p in strategic.purposes]
    span = f"{numbers[0]}-{numbers[-1]}" if numbers else "none"
    for activity in workplan.activities:
        seen: set[int] = set()
        for index, number in enumerate(activity.purposes):
            field = f"purposes[{index}]"
            if strategic.purpose(number) is None:
                yield _error(activity, field, f"{number} is not a strategic purpose ({span})")
            elif number in seen:
                yield _error(activity, field, f"purpose {number} is ticked twice")
            seen.add(number)


def _releases(project: Project) -> Iterator[SourceError]:
    years = {w.year: w for w in project.workplans}
    yield from _duplicates(project.all_releases, "id")
    for catalogue in project.catalogues:
        if catalogue.workplan not in years:
            yield _error(catalogue, "workplan", f"no workplan for {catalogue.workplan}")
        yield from _duplicates(catalogue.releases, "number")
    for workplan in project.workplans:
        yield from _link(project, workplan)


def _link(project: Project, workplan: Workplan) -> Iterator[SourceError]:
    """Check that each release of `workplan` is released by exactly one of its activities."""
    releases = {r.id: r for r in project.releases(workplan)}
    for quarter in workplan.quarters:
        for activity in quarter.activities:
            if activity.release is None:
                continue
            release = releases.get(activity.release)
            linked = project.links.get(activity.release)
            if release is None:
                known = ", ".join(releases) or "none"
                yield _error(
                    activity,
                    "release",
                    f"no release has id '{activity.release}' "
                    f"in the {workplan.year} releases (known: {known})",
                )
            elif linked is not None and linked[2] is not activity:
                first = linked[2].where["release"]
                yield _error(activity, "release", f"'{release.id}' is already released at {first}")
            else:
                yield from _release_date(release, quarter)
    for release in releases.values():
        if release.id not in project.links:
            yield _error(
                release,
                "id",
                f"release '{release.id}' is not referenced by any "
                f"activity of the {workplan.year} workplan",
            )


def _release_date(release: Release, quarter: Quarter) -> Iterator[SourceError]:
    if release.date and not quarter.holds(release.date):
        yield _error(
            release,
            "date",
            f"{release.date} is outside {quarter.label} "
            f"({quarter.months}), when its activity is planned",
        )
