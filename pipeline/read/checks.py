"""Validate stage: the rules that span fields and files, each problem located at its value.

The rules run on whatever could be read, even when other parts of the sources have
problems of their own; a rule whose answer depends on what could not be read (see `gaps`)
says nothing, so that one mistake is reported once, under its own name.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

from ..errors import SourceError, shown
from ..model.fields import Located
from ..model.plans import Activity, Quarter, StrategicPlan, Workplan
from ..model.releases import Catalogue, Release
from . import doubles
from .gaps import Gaps

NAMED = 5  # known ids listed in a hint when none is close to the one written


@dataclass(frozen=True)
class Sources:
    """What could be read of the sources, and what could not."""

    strategic_plans: tuple[StrategicPlan, ...]
    workplans: tuple[Workplan, ...]
    catalogues: tuple[Catalogue, ...]
    gaps: Gaps = dataclasses.field(default_factory=Gaps)

    def releases(self, year: int) -> dict[str, Release]:
        """Return the releases that the workplan of `year` announces, by id."""
        return {r.id: r for c in self.catalogues if c.workplan == year for r in c.releases}


def run(sources: Sources) -> list[SourceError]:
    """Return every cross-reference problem of `sources`, and the warnings of `doubles`."""
    rules = (_strategic_plans, _workplans, _releases)
    found = [error for rule in rules for error in rule(sources)]
    return found + list(doubles.run(sources.workplans, sources.catalogues))


def _error(obj: Located, field: str, message: str, hint: str = "") -> SourceError:
    return SourceError(obj.where[field], field.split("[")[0], message, hint)


def did_you_mean(wrong: str, known: Iterable[str], where: str) -> str:
    """Return a hint for an unknown id: the closest known one, a few known ones, or where."""
    names = list(dict.fromkeys(known))
    close = difflib.get_close_matches(wrong, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not names:
        return f"there is none yet in {where}"
    if len(names) <= NAMED:
        return f"the known ones: {', '.join(names)}"
    return f"the ids are in {where}"


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


def _strategic_plans(sources: Sources) -> Iterator[SourceError]:
    yield from _duplicates(sources.strategic_plans, "id")
    for plan in sources.strategic_plans:
        yield from _duplicates(plan.purposes, "number")
        if "purposes" in plan.where.dropped:
            continue  # the numbering waits for the purposes that could not be read
        for index, purpose in enumerate(plan.purposes, start=1):
            if purpose.number != index:
                message = f"purposes are numbered 1, 2, 3...; expected {index}"
                yield _error(purpose, "number", message)


def _workplans(sources: Sources) -> Iterator[SourceError]:
    yield from _duplicates(sources.workplans, "year")
    plans = {s.id: s for s in sources.strategic_plans}
    gaps = sources.gaps
    lost = gaps.known(StrategicPlan, StrategicPlan, "id")
    doubtful = gaps.doubtful(StrategicPlan, StrategicPlan, "id")
    for workplan in sources.workplans:
        strategic = plans.get(workplan.strategic_plan)
        if strategic is None and not doubtful and workplan.strategic_plan not in lost:
            yield _error(
                workplan,
                "strategic_plan",
                f"no strategic plan has id '{workplan.strategic_plan}'",
                did_you_mean(workplan.strategic_plan, plans, "sources/strategic-plans/"),
            )
        if "quarters" not in workplan.where.dropped:
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
    complete = "purposes" not in strategic.where.dropped
    for activity in workplan.activities:
        seen: set[int] = set()
        for index, number in enumerate(activity.purposes):
            field = f"purposes[{index}]"
            if strategic.purpose(number) is None and complete:
                yield _error(activity, field, f"{number} is not a strategic purpose ({span})")
            elif number in seen:
                yield _error(activity, field, f"purpose {number} is ticked twice")
            seen.add(number)


def _releases(sources: Sources) -> Iterator[SourceError]:
    years = {w.year for w in sources.workplans}
    gaps = sources.gaps
    yield from _duplicates([r for c in sources.catalogues for r in c.releases], "id")
    for catalogue in sources.catalogues:
        lost = gaps.known(Workplan, Workplan, "year")
        doubtful = gaps.doubtful(Workplan, Workplan, "year")
        if catalogue.workplan not in years | lost and not doubtful:
            yield _error(catalogue, "workplan", f"no workplan for {catalogue.workplan}")
        yield from _duplicates(catalogue.releases, "number")
    for workplan in sources.workplans:
        yield from _link(sources, workplan)


def _link(sources: Sources, workplan: Workplan) -> Iterator[SourceError]:
    """Check that each release of `workplan` is released by exactly one of its activities.

    An unknown id close to that of a release no activity names is taken as a misspelling
    of it: one problem, with the fix, and not a second one about that release.
    """
    releases = sources.releases(workplan.year)
    gaps = sources.gaps
    linked: dict[str, Activity] = {}
    unknown: list[Activity] = []
    for quarter in workplan.quarters:
        for activity in quarter.activities:
            if activity.release is None:
                continue
            release = releases.get(activity.release)
            if release is None:
                unknown.append(activity)
            elif activity.release in linked:
                first = linked[activity.release].where["release"]
                yield _error(activity, "release", f"'{release.id}' is already released at {first}")
            else:
                linked[activity.release] = activity
                yield from _release_date(release, quarter)
    unnamed = [r for r in releases if r not in linked]
    claimed = yield from _unknown_releases(workplan, unknown, unnamed, list(releases), gaps)
    if gaps.doubtful(Workplan, Activity, "release"):
        return  # an activity that could not be read may name the others
    named_elsewhere = gaps.known(Workplan, Activity, "release")
    for rid in unnamed:
        if rid not in claimed and rid not in named_elsewhere:
            yield _error(
                releases[rid],
                "id",
                f"release '{rid}' is not named by any activity of the {workplan.year} workplan",
                f"name it from the activity that releases it: 'release: {rid}'",
            )


def _unknown_releases(
    workplan: Workplan,
    unknown: list[Activity],
    unnamed: list[str],
    every: list[str],
    gaps: Gaps,
) -> Generator[SourceError, None, set[str]]:
    """Yield a problem per activity naming no known release; return the ids taken as meant."""
    if gaps.doubtful(Catalogue, Release, "id"):
        return set()  # a release that could not be read may be the one named
    lost = gaps.known(Catalogue, Release, "id")
    claimed: set[str] = set()
    where = f"the {workplan.year} releases in sources/releases/"
    for activity in unknown:
        wrong = activity.release or ""
        if wrong in lost:
            continue
        close = difflib.get_close_matches(wrong, unnamed, n=1, cutoff=0.6)
        claimed.update(close)
        hint = f"did you mean '{close[0]}'?" if close else did_you_mean(wrong, every, where)
        yield _error(
            activity,
            "release",
            f"no release has id '{wrong}' in the {workplan.year} releases",
            hint,
        )
    return claimed


def _release_date(release: Release, quarter: Quarter) -> Iterator[SourceError]:
    if release.date and not quarter.holds(release.date):
        yield _error(
            release,
            "date",
            f"{release.date} is outside {quarter.label} "
            f"({quarter.months}), when its activity is planned",
        )
