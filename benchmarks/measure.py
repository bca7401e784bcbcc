"""How the benchmark measures: a case and its target, a timed process, a warm `watch`."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import synthetic

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Case:
    """One measured case: its timings (seconds), peak memory (MiB) and its target, if any."""

    name: str
    target: str = ""
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of each run
    peak_mib: float = 0.0
    note: str = ""
    limit: float | None = None  # the target in seconds, when it is one
    memory_limit: float | None = None  # in MiB
    anchor: Case | None = None  # Typst doing the same work, measured in the same session
    anchor_limit: float | None = None  # the most times the anchor's median the target allows
    misses: list[str] = field(default_factory=list)  # targets missed that are not times

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def verdict(self) -> str:
        """Return 'met', or how far the median (or the memory) is from the target."""
        misses = []
        if self.limit is not None and self.median > self.limit:
            misses.append(f"{self.median / self.limit:.2f}× the time")
        if (
            self.anchor
            and self.anchor_limit
            and self.median > self.anchor_limit * self.anchor.median
        ):
            misses.append(f"{self.median / self.anchor.median:.1f}× Typst")
        if self.memory_limit is not None and self.peak_mib > self.memory_limit:
            misses.append(f"{self.peak_mib / self.memory_limit:.2f}× the memory")
        misses += self.misses
        if not (self.limit or self.memory_limit or self.anchor_limit or self.misses):
            return ""
        return "met" if not misses else "missed: " + ", ".join(misses)


class Run(NamedTuple):
    """What one run of a command took: wall time, peak resident memory, processor time."""

    seconds: float
    peak_mib: float
    cpu: float  # user + system, of the process and the workers it waited for


def run(argv: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run a command; return its wall time, peak memory (MiB) and processor time.

    The peak is that of all its processes together (`Tree`), or of its largest process
    where that is more. Its error stream goes to a file, not a pipe, so that a chatty run
    cannot fill the pipe and wait forever on a reader that is only waiting for it to end.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        with Tree(process.pid) as tree:
            _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(argv)}\n{errors.read().decode()}")
    peak = max(usage.ru_maxrss / 1024, tree.peak_mib)
    return Run(elapsed, peak, usage.ru_utime + usage.ru_stime)


class Tree:
    """The memory of a process and its descendants, sampled while it runs: the most their
    proportional set sizes (Linux's Pss, which shares a page among the processes mapping
    it, so that forked children are not counted twice) added up to."""

    INTERVAL = 0.05  # seconds between samples

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mib = 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> Tree:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()

    def _sample(self) -> None:
        while not self.done.wait(self.INTERVAL):
            total = sum(_pss_kib(pid) for pid in _descendants(self.pid))
            self.peak_mib = max(self.peak_mib, total / 1024)


def _descendants(pid: int) -> list[int]:
    """Return `pid` and every process below it (none where /proc does not say)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as stream:
                    todo += [int(child) for child in stream.read().split()]
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    """Return a process's proportional set size in KiB (0 where it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(
    case: Case,
    repeat: int,
    once: Callable[[], Run],
    before: Callable[[], None] = lambda: None,
) -> Case:
    """Run `once` `repeat` times (after `before` each time) and record the case."""
    for _ in range(repeat):
        before()
        done = once()
        case.seconds.append(done.seconds)
        case.cpu.append(done.cpu)
        case.peak_mib = max(case.peak_mib, done.peak_mib)
    return said(case)


def said(case: Case) -> Case:
    """Print a measured case's median as the run goes; return it."""
    print(f"  {case.name}: {case.median:.3f} s", flush=True)
    return case


def pipeline(*args: str | Path) -> list[str]:
    """Return the command that runs the pipeline with `args`."""
    return [sys.executable, "-m", "pipeline", *map(str, args)]


def fresh(folder: Path) -> Callable[[], None]:
    """Return a step that empties `folder`, for cold builds."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def warm_watch(
    case: Case,
    root: Path,
    repeat: int,
    edit: Callable[[int], None],
    outputs: list[str],
) -> Case:
    """Time from saving a source to the watcher's line about it, in a warm `watch` process.

    `edit(n)` saves the n-th revision; the watcher prints its line once the rebuilt files
    are in place, and each of `outputs` (paths in dist/) must then be a new file. The first
    edit is not timed: the watcher warms up after its first build, and it is then warm.
    """
    run(pipeline("build", "--root", root))
    process = subprocess.Popen(
        pipeline("watch", "--root", root),
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        synthetic.wait_for(process, "start:")
        for index in range(repeat + 1):
            time.sleep(0.3)
            before = [_stamp(root / "dist" / path) for path in outputs]
            started = time.perf_counter()
            edit(index)
            line = synthetic.wait_for(process, " sources/")
            if index:
                case.seconds.append(time.perf_counter() - started)
            after = [_stamp(root / "dist" / path) for path in outputs]
            if "not rebuilt" in line or any(a == b for a, b in zip(after, before, strict=True)):
                raise SystemExit(f"{case.name}: the watcher did not rewrite {outputs}: {line}")
    finally:
        process.terminate()
        process.wait()
    return said(case)


def _stamp(path: Path) -> tuple[int, int]:
    """Return what tells a file from the one written before it: its inode and time."""
    status = path.stat()
    return status.st_ino, status.st_mtime_ns
