"""Render independent work on the machine's cores: one forked process per extra lane.

The build splits its stale targets into jobs (a writer and some of its targets), deals the
jobs into lanes by estimated cost (longest first, to the least loaded lane), renders the
last lane itself and the others in forked children, which send back bytes through a pipe.
A writer's pending files (pages laid out once, to be written) are jobs too, run the same
way from the process that laid them out. Only this module forks. Children never touch the
output folder; the parent commits everything, all-or-nothing, after.
"""

from __future__ import annotations

import os
import pickle
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import BuildError, PipelineError

Result = list[tuple[str, bytes, int | None, float]]  # output, bytes, pages, seconds
Done = Callable[[str], None]
WORTH_A_PROCESS = 30  # 1/100 s of work besides the largest job, below which nothing forks


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


def can_fork() -> bool:
    """Return whether forking is safe here: a POSIX system and this thread alone."""
    return hasattr(os, "fork") and threading.active_count() == 1


def run(jobs: Sequence[Job], workers: int, done: Done | None = None) -> Result:
    """Run the jobs on up to `workers` processes (this one included) and return all results.

    Work that a second process would not shorten enough to pay for it runs here, in turn.
    `done` is told each output's name as its result reaches this process.
    """
    costs = sorted(job.cost for job in jobs)
    worth = sum(costs[:-1]) >= WORTH_A_PROCESS
    dealt = lanes(jobs, workers if worth and can_fork() else 1)
    children = [_fork(lane) for lane in dealt[:-1]]
    try:
        results: Result = []
        for job in dealt[-1]:
            results += _told(job.run(), done)
        while children:
            results += _told(_collect(*children.pop(0)), done)
        return results
    finally:
        for pid, reader in children:
            _stop(pid, reader)


def _told(items: Result, done: Done | None) -> Result:
    """Return `items`, once `done` has been told the name of each."""
    if done is not None:
        for item in items:
            done(item[0])
    return items


def _fork(lane: list[Job]) -> tuple[int, int]:
    """Start a child that runs `lane` and pickles its outcome into a pipe; return pid, reader."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", [item for job in lane for item in job.run()])
    except PipelineError as exc:
        outcome = ("error", exc)
    except BaseException:
        outcome = ("crash", traceback.format_exc())
    try:
        with os.fdopen(writer, "wb") as stream:
            pickle.dump(outcome, stream, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)


def _collect(pid: int, reader: int) -> Result:
    """Return a child's results, or raise what stopped it."""
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    if not data:
        raise BuildError("a rendering process ended without a result")
    kind, value = pickle.loads(data)
    if kind == "error":
        raise value
    if kind == "crash":
        raise RuntimeError(f"a rendering process failed:\n{value}")
    return value  # type: ignore[no-any-return]


def _stop(pid: int, reader: int) -> None:
    """Stop a child whose result is no longer wanted."""
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    os.close(reader)
