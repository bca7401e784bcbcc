"""The render stage: the stale targets made into bytes, in jobs dealt to the machine's cores.

Each writer splits its targets into jobs; a writer that reads another's layout joins that
writer's job, to run after it in the same process. What this process rendered before from
the same fingerprint is taken as it was (`memo`). Nothing here touches the output folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from ..writers.base import Output, Pending, Target, Writer
from . import jobs, memo
from .report import Step


def render(
    every: list[Writer],
    stale: list[Target],
    workers: int,
    prints: dict[str, str],
    step: Callable[[Step], None],
) -> list[Output]:
    """Render the stale targets into memory, independent jobs on separate cores.

    What this process rendered before from the same fingerprint is taken as it was. `step`
    is told of each output as it is done, for a progress display.
    """
    rendered: dict[str, Output] = {}
    count = iter(range(1, len(stale) + 1))

    def done(name: str) -> None:
        step(Step(next(count), len(stale), name))

    for target in stale:
        if (kept := memo.recall(prints[target.output])) is not None:
            rendered[target.output] = Output(target, *kept)
            done(target.output)
    todo = [t for t in stale if t.output not in rendered]
    work = writer_jobs(every, todo, workers)
    targets = {t.output: t for t in todo}
    for name, data, pages, seconds in jobs.run(work, workers, done):
        rendered[name] = Output(targets[name], data, pages, seconds)
        memo.keep(prints[name], data, pages)
    return [rendered[t.output] for t in stale]


def writer_jobs(every: list[Writer], todo: list[Target], workers: int) -> list[jobs.Job]:
    """Return the writers' jobs; a writer that reads another's layout joins that writer's
    first job, to run after it in the same process, where the layout is already made."""
    made: dict[str, list[list[tuple[Writer, list[Target]]]]] = {}
    for writer in every:
        for group in writer.jobs([t for t in todo if t.writer == writer.name]):
            host = made.get(writer.shares_layout_of)
            if not group:
                continue
            if host:
                host[0].append((writer, group))
            else:
                made.setdefault(writer.name, []).append([(writer, group)])
    return [
        jobs.Job(
            partial(_run_all, parts, workers), sum(writer.cost(group) for writer, group in parts)
        )
        for chain in made.values()
        for parts in chain
    ]


def _run_all(parts: list[tuple[Writer, list[Target]]], workers: int) -> jobs.Result:
    """Render each writer's targets in turn, in this process."""
    return [item for writer, group in parts for item in _run(writer, group, workers)]


def _run(writer: Writer, targets: list[Target], workers: int) -> jobs.Result:
    """Render `targets` with `writer`; make its pending files on up to `workers` cores."""
    writer.prepare()
    done: jobs.Result = []
    pending: list[Pending] = []
    started = time.perf_counter()
    for item in writer.write(targets):
        if isinstance(item, Pending):
            pending.append(item)
        else:
            done.append(_item(item, started))
        started = time.perf_counter()
    made = jobs.run([jobs.Job(partial(_make, item), item.cost) for item in pending], workers)
    return done + made


def _make(item: Pending) -> jobs.Result:
    """Make one pending file."""
    started = time.perf_counter()
    return [_item(item.make(), started)]


def _item(output: Output, started: float) -> tuple[str, bytes, int | None, float]:
    """Return an output as a job returns it: name, bytes, pages and seconds since `started`."""
    return output.target.output, output.data, output.pages, time.perf_counter() - started
