"""Work on the machine's cores: forked processes that talk to this one through pipes.

Only this module forks. A child runs what it is given and sends back its outcome pickled
(a result, a user's error to raise here, or the traceback of a crash), after any news of
its work (the files it made, for a progress display); a child in a conversation
(`converse`) sends a report, waits for its answer, then sends its result.
Children never touch the output folder: what they make comes back here as bytes.
What a process keeps that a child must not share (a folder it writes in) is set apart in
the child by the hooks given to `in_children`, which also run as the child ends.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import threading
import traceback
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from ..errors import BuildError, PipelineError
from . import timeout

HEADER = struct.Struct("<Q")  # the length of the message that follows
Heard = Callable[[Any], None]  # what the parent does with a child's news
Hook = Callable[[], None]
_HOOKS: list[tuple[Hook, Hook, Hook]] = []  # (before a fork, at a child's start, at its end)


def in_children(before: Hook, start: Hook, end: Hook) -> None:
    """Run `before` here before each fork, `start` in every child as it begins, and `end`
    as it ends (`os._exit` runs no exit handler of the process)."""
    _HOOKS.append((before, start, end))


def can_fork() -> bool:
    """Return whether forking is safe here: a POSIX system and this thread alone."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Child:
    """A forked process running `work(child)`, whose outcome comes back as its last message."""

    def __init__(self, work: Callable[[Child], Any]) -> None:
        up_reader, up_writer = os.pipe()
        down_reader, down_writer = os.pipe()
        self.kept: list[tuple[str, Any]] = []  # an outcome read while hearing news
        self.stopped = False
        for before, _, _ in _HOOKS:
            before()
        self.pid = os.fork()
        if self.pid:
            os.close(up_writer)
            os.close(down_reader)
            self.reader, self.writer = up_reader, down_writer
            return
        os.close(up_reader)
        os.close(down_writer)
        self.reader, self.writer = down_reader, up_writer
        self._run(work)

    def _run(self, work: Callable[[Child], Any]) -> None:
        """Run `work` here, in the child, send its outcome and end the process."""
        outcome: tuple[str, Any]
        try:
            for _, start, _ in _HOOKS:
                start()
            outcome = ("ok", work(self))
        except PipelineError as exc:
            outcome = ("error", exc)
        except BaseException:
            outcome = ("crash", traceback.format_exc())
        try:
            for _, _, end in reversed(_HOOKS):  # before the outcome, after which it is stopped
                with suppress(BaseException):
                    end()
            self.send(outcome)
        finally:
            os._exit(0)

    def send(self, value: Any) -> None:
        """Send `value` pickled to the other end."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(self.writer, HEADER.pack(len(data)) + data)

    def tell(self, news: Any) -> None:
        """Send the parent news of the work (a file made), before the work's outcome."""
        self.send(("news", news))

    def receive(self, heard: Heard | None = None) -> Any:
        """Return the next value the other end sent; in the parent, pass the child's news to
        `heard` on the way and raise what stopped the child."""
        while True:
            if self.pid and self.kept:
                kind, found = self.kept.pop(0)
            else:
                value = self._read()
                if not self.pid:
                    return value
                kind, found = value
            if kind != "news":
                break
            if heard is not None:
                heard(found)
        if kind == "error":
            raise found
        if kind == "crash":
            raise RuntimeError(f"a rendering process failed:\n{found}")
        return found

    def hear(self, heard: Heard | None) -> None:
        """Pass to `heard` the news the child has sent so far, without waiting for more;
        keep any outcome that came with it for `receive`."""
        while not self.kept and select.select([self.reader], [], [], 0)[0]:
            kind, found = self._read()
            if kind != "news":
                self.kept.append((kind, found))
            elif heard is not None:
                heard(found)

    def _read(self) -> Any:
        """Return the next message from the pipe; in the parent, stop a child that sends
        nothing past the rendering's deadline (it is stuck where its own timer cannot
        reach it)."""
        if self.pid and not _ready(self.reader, timeout.waited()):
            self.stop()
            raise timeout.expired("a rendering process")
        header = _read_exactly(self.reader, HEADER.size)
        return pickle.loads(_read_exactly(self.reader, HEADER.unpack(header)[0]))

    def result(self, heard: Heard | None = None) -> Any:
        """Return the child's outcome, once it has ended, its news passed to `heard`."""
        try:
            return self.receive(heard)
        finally:
            self.stop()

    def stop(self) -> None:
        """End the child, if it is still running, and close the pipes; once only, since
        once it is waited for its process id may be another process's."""
        if self.stopped:
            return
        self.stopped = True
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        for end in (self.reader, self.writer):
            with suppress(OSError):
                os.close(end)


def _write_all(end: int, data: bytes) -> None:
    """Write all of `data` to a pipe."""
    view = memoryview(data)
    while view:
        view = view[os.write(end, view) :]


def _ready(end: int, seconds: float | None) -> bool:
    """Return whether a pipe has something to read within `seconds` (None: at once or
    whenever it has)."""
    return bool(select.select([end], [], [], seconds)[0])


def _read_exactly(end: int, size: int) -> bytes:
    """Return `size` bytes read from a pipe, or raise where it ends before."""
    chunks, left = [], size
    while left:
        chunk = os.read(end, min(left, 1 << 20))
        if not chunk:
            raise BuildError("a rendering process ended without a result")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class Task:
    """Work in two steps: `report()` says what the others need to know, `finish(answer)`
    completes it, in the same process; `here` keeps it in this process."""

    report: Callable[[], Any]
    finish: Callable[[Any], Any]
    cost: float
    here: bool = False


def converse(
    tasks: Sequence[Task], answer: Callable[[list[Any]], list[Any]], workers: int
) -> list[Any]:
    """Run every task's first step on up to `workers` processes (this one included), have
    `answer` (run here) turn all their reports into one answer each, then finish every task
    with its answer where it began; return the tasks' results, in order."""
    dealt = _deal(tasks, workers if can_fork() else 1)
    children = [Child(_lane_work(tasks, lane)) for lane in dealt[1:]]
    try:
        reports: dict[int, Any] = {i: tasks[i].report() for i in dealt[0]}
        for child, lane in zip(children, dealt[1:], strict=True):
            reports.update(zip(lane, child.receive(), strict=True))
        answers = answer([reports[i] for i in range(len(tasks))])
        for child, lane in zip(children, dealt[1:], strict=True):
            child.send([answers[i] for i in lane])
        results = {i: tasks[i].finish(answers[i]) for i in dealt[0]}
        for child, lane in zip(children, dealt[1:], strict=True):
            results.update(zip(lane, child.result(), strict=True))
        return [results[i] for i in range(len(tasks))]
    finally:
        for child in children:
            child.stop()


def _lane_work(tasks: Sequence[Task], lane: list[int]) -> Callable[[Child], list[Any]]:
    """Return the work of a child that runs the tasks of `lane`: report, wait, finish."""

    def work(child: Child) -> list[Any]:
        child.send(("ok", [tasks[i].report() for i in lane]))
        answers = child.receive()
        return [tasks[i].finish(a) for i, a in zip(lane, answers, strict=True)]

    return work


def _deal(tasks: Sequence[Task], count: int) -> list[list[int]]:
    """Return the indexes of `tasks` in lanes of similar cost, this process's lane first
    (it holds every task kept here); each lane in the tasks' order."""
    dealt: list[list[int]] = [[i for i, t in enumerate(tasks) if t.here]]
    dealt += [[] for _ in range(max(0, min(count, len(tasks)) - 1))]
    loose = sorted((i for i, t in enumerate(tasks) if not t.here), key=lambda i: -tasks[i].cost)
    for index in loose:
        min(dealt, key=lambda lane: sum(tasks[i].cost for i in lane)).append(index)
    return [sorted(lane) for lane in dealt if lane or lane is dealt[0]]
