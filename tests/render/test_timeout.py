"""A build's rendering bounded in all: the steps share one deadline, a forked process
inherits it, and a child stuck where its own timer cannot reach it is stopped by its parent."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copy_project, run_python


def bounded(body: str) -> subprocess.CompletedProcess[str]:
    """Run `body` in a new interpreter (its main thread, so the timers fire; one thread,
    so a child really forks)."""
    script = textwrap.dedent("""
        import os, signal, time
        from pipeline.errors import BuildError
        from pipeline.render import forks, timeout
        def step(seconds):
            with timeout.time_limit(30, "annual-plan-2021.pdf"):
                time.sleep(seconds)
    """) + textwrap.dedent(body)
    return run_python(script, timeout=60)


def test_steps_share_the_rendering_deadline_rather_than_each_get_it_whole() -> None:
    ran = bounded("""
        done = 0
        try:
            with timeout.rendering(0.6):
                for _ in range(3):  # each well within 0.6 s, together not
                    step(0.35)
                    done += 1
        except BuildError as exc:
            print(done, exc)
    """)
    assert ran.stdout.strip() == (
        "1 annual-plan-2021.pdf: rendering took longer than 30 s; stopped"
    ), ran.stderr


def test_a_step_begun_past_the_deadline_stops_at_once() -> None:
    ran = bounded("""
        with timeout.rendering(0.2):
            time.sleep(0.3)
            started = time.monotonic()
            try:
                step(5)
            except BuildError:
                print(time.monotonic() - started < 0.1)
    """)
    assert ran.stdout.strip() == "True", ran.stderr


def test_a_forked_process_keeps_its_parents_deadline() -> None:
    ran = bounded("""
        def work(child):
            try:
                step(5)  # would run 5 s; the deadline, set before the fork, ends it
            except BuildError:
                return "stopped"
        with timeout.rendering(0.5):
            time.sleep(0.2)
            started = time.monotonic()
            outcome = forks.Child(work).result()
        print(outcome, time.monotonic() - started < 2)
    """)
    assert ran.stdout.strip() == "stopped True", ran.stderr


def test_a_child_that_no_signal_reaches_is_stopped_by_its_parent() -> None:
    ran = bounded("""
        timeout.GRACE = 0.3
        def work(child):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as a stuck C call
            step(30)
            return "finished"
        started = time.monotonic()
        with timeout.rendering(0.5):
            try:
                forks.Child(work).result()
            except BuildError as exc:
                print(exc, round(time.monotonic() - started) < 5)
    """)
    assert ran.stdout.strip() == (
        "a rendering process: rendering took longer than 0.5 s; stopped True"
    ), ran.stderr


def test_a_build_renders_within_one_deadline_of_its_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.build import render, stages
    from pipeline.context import Options
    from pipeline.render import timeout

    seen: list[float | None] = []
    original = render.render

    def spied(*args: Any, **kwargs: Any) -> Any:
        seen.append(timeout.waited())
        return original(*args, **kwargs)

    monkeypatch.setattr(render, "render", spied)
    root = copy_project(tmp_path / "project")
    request = stages.Request(stages.matching(["*.ics"]))
    assert stages.build(root, root / "dist", Options(timeout=7, jobs=1), request).ok
    assert seen and all(left is not None and 0 < left <= 7 + timeout.GRACE for left in seen)
    assert timeout.waited() is None  # the deadline ends with the build
