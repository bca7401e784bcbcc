"""Independent jobs on several processes: results gathered, failures reported, nothing lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import cast

from pipeline.parallel import Job, lanes
from pipeline.writers.base import Context, Target
from pipeline.writers.notices import NoticeWriter

from .conftest import ROOT


def test_jobs_are_dealt_longest_first_to_the_least_loaded_lane() -> None:
    jobs = [Job(lambda: [], cost) for cost in (110, 146, 28, 25)]
    dealt = lanes(jobs, 2)
    assert sorted(sum(j.cost for j in lane) for lane in dealt) == [146, 163]
    assert len(lanes(jobs, 8)) == 4 and len(lanes(jobs[:1], 2)) == 1


def run_script(body: str) -> subprocess.CompletedProcess[str]:
    """Run `body` in a new interpreter (a single thread, so the jobs really fork)."""
    script = textwrap.dedent("""
        import os
        from pipeline import parallel
        from pipeline.errors import BuildError
        assert parallel.can_fork()
        def job(name, fail=None):
            def run():
                if fail == "error":
                    raise BuildError(f"{name} refused")
                if fail == "crash":
                    raise ZeroDivisionError(name)
                return [(name, str(os.getpid()).encode(), 1)]
            return parallel.Job(run, 1)
    """) + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=60)


def test_children_send_back_their_results() -> None:
    result = run_script("""
        found = parallel.run([job("a"), job("b"), job("c")], 3)
        pids = {data for _, data, _ in found}
        print(sorted(name for name, _, _ in found), len(pids))
    """)
    assert result.stdout.split("\n")[0] == "['a', 'b', 'c'] 3", result.stderr


def test_a_childs_build_error_reaches_the_parent() -> None:
    result = run_script("""
        try:
            parallel.run([job("a", "error"), job("b")], 2)
        except BuildError as exc:
            print("caught:", exc)
    """)
    assert "caught: a refused" in result.stdout, result.stderr


def test_a_crash_in_a_child_is_reported_with_its_traceback() -> None:
    result = run_script("""
        try:
            parallel.run([job("a", "crash"), job("b")], 2)
        except RuntimeError as exc:
            print("caught:", "ZeroDivisionError: a" in str(exc))
    """)
    assert "caught: True" in result.stdout, result.stderr


def test_a_failure_in_the_parent_stops_the_children() -> None:
    result = run_script("""
        import time
        def slow():
            time.sleep(30)
            return []
        started = time.monotonic()
        try:
            parallel.run([parallel.Job(slow, 5), job("b", "error")], 2)
        except BuildError:
            print("stopped after", round(time.monotonic() - started) < 10)
    """)
    assert "stopped after True" in result.stdout, result.stderr


def notice_targets(count: int) -> list[Target]:
    """Return the targets of `count` notices (PDF and Word) and their bundle."""
    singles = [Target("notices", f"notices/r{i}.{kind}", None, object())
               for i in range(count) for kind in ("pdf", "docx")]
    bundle = Target("notices", "release-notices-2021.pdf", None, tuple(range(count)))
    return [*singles, bundle]


def test_many_notices_are_shared_between_two_similar_jobs() -> None:
    writer = NoticeWriter(cast(Context, None))  # dealing jobs reads only the targets
    targets = notice_targets(200)
    first, second = writer.jobs(targets)
    assert {t.output for t in first} | {t.output for t in second} == {t.output for t in targets}
    assert any(t.output.startswith("release-") for t in first), "the bundle lays out all"
    assert all(t.output.endswith(".docx") for t in second[-200:])
    assert 0.8 < writer.cost(first) / writer.cost(second) < 1.25
    assert [len(job) for job in writer.jobs(notice_targets(12))] == [13, 12], "few: not split"
