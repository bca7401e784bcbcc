"""Render independent work on the machine's cores: one forked process per extra lane.

The build splits its stale targets into jobs (a writer and some of its targets), deals the
jobs into lanes by estimated cost (longest first, to the least loaded lane), renders the
last lane itself and the others in forked children (`forks`), which send back bytes.
A writer's pending files (pages laid out once, to be written) are jobs too, run the same
way from the process that laid them out, on that lane's share of the cores (forking more
processes than cores only made every core switch between them). The parent commits
everything, all-or-nothing, after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from ..render.forks import Child, can_fork

Result = list[tuple[str, bytes, int | None, float]]  # output, bytes, pages, seconds
Done = Callable[[str], None]
WORTH_A_PROCESS = 30  # 1/100 s of work besides the largest job, below which nothing forks
_SHARE: list[int] = []  # the cores each lane of the runs in progress may use for its own runs


@dataclass(frozen=True)
class Job:
    """Work that can run on its own: `run()` returns (output, bytes, pages, seconds) items."""

    run: Callable[[], Result]
    cost: float


def lanes(jobs: Sequence[Job], count: int) -> list[list[Job]]:
    """Return the jobs dealt into at most `count` lanes of similar total cost."""
    dealt: list[list[Job]] = [[] for _ in range(max(1, min(count, len(jobs))))]
    for job in sorted(jobs, key=lambda j: j.cost, reverse=True):
        min(dealt, key=lambda lane: sum(j.cost for j in lane)).append(job)
    return dealt


def run(jobs: Sequence[Job], workers: int, done: Done | None = None) -> Result:
    """Run the jobs on up to `workers` processes (this one included) and return all results.

    Work that a second process would not shorten enough to pay for it runs here, in turn.
    `done` is told each output's name as it is made: here, as each job ends, and in a
    child, as each of its jobs ends, heard between the jobs here and at the end.
    """
    workers = min([workers, *_SHARE])  # within a lane of a run: the lane's share of the cores
    costs = sorted(job.cost for job in jobs)
    worth = sum(costs[:-1]) >= WORTH_A_PROCESS
    dealt = lanes(jobs, workers if worth and can_fork() else 1)
    _SHARE.append(max(1, workers // len(dealt)))  # before the forks: the children inherit it
    children = [Child(partial(_lane, lane)) for lane in dealt[:-1]]
    try:
        results: Result = []
        for job in dealt[-1]:
            results += _told(job.run(), done)
            for child in children:
                child.hear(done)
        for child in children:
            results += child.result(done)
        return results
    finally:
        _SHARE.pop()
        for child in children:
            child.stop()


def _lane(lane: list[Job], child: Child) -> Result:
    """Return the results of a lane's jobs, run in turn in the child, telling the parent
    each output's name as its job ends."""
    results: Result = []
    for job in lane:
        made = job.run()
        for item in made:
            child.tell(item[0])
        results += made
    return results


def _told(items: Result, done: Done | None) -> Result:
    """Return `items`, once `done` has been told the name of each."""
    if done is not None:
        for item in items:
            done(item[0])
    return items
