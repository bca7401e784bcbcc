"""Independent jobs on several processes: results gathered, failures reported, nothing lost."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from pipeline.build.jobs import Job, lanes
from pipeline.context import Options

from ..conftest import ROOT, copy_project, run_python, snapshot
from ..pdfread import pages


def test_jobs_are_dealt_longest_first_to_the_least_loaded_lane() -> None:
    jobs = [Job(lambda: [], cost) for cost in (110, 146, 28, 25)]
    dealt = lanes(jobs, 2)
    assert sorted(sum(j.cost for j in lane) for lane in dealt) == [146, 163]
    assert len(lanes(jobs, 8)) == 4 and len(lanes(jobs[:1], 2)) == 1


def run_script(body: str) -> subprocess.CompletedProcess[str]:
    """Run `body` in a new interpreter (a single thread, so the jobs really fork)."""
    script = textwrap.dedent("""
        import os
        from pipeline.build import jobs as parallel
        from pipeline.errors import BuildError
        assert parallel.can_fork()
        def job(name, fail=None):
            def run():
                if fail == "error":
                    raise BuildError(f"{name} refused")
                if fail == "crash":
                    raise ZeroDivisionError(name)
                return [(name, str(os.getpid()).encode(), 1)]
            return parallel.Job(run, parallel.WORTH_A_PROCESS)
    """) + textwrap.dedent(body)
    return run_python(script, timeout=60)


def test_children_send_back_their_results() -> None:
    result = run_script("""
        found = parallel.run([job("a"), job("b"), job("c")], 3)
        pids = {data for _, data, _ in found}
        print(sorted(name for name, _, _ in found), len(pids))
    """)
    assert result.stdout.split("\n")[0] == "['a', 'b', 'c'] 3", result.stderr


def test_a_childs_files_are_told_as_its_jobs_end_not_all_at_the_end() -> None:
    result = run_script("""
        import time
        def slow(name):
            def run():
                time.sleep(0.5)
                return [(name, b"", 1)]
            return parallel.Job(run, 50)
        told = []
        parallel.run([slow("here 1"), slow("here 2"), parallel.Job(job("child").run, 60)], 2,
                     told.append)
        print(told)
    """)
    assert result.stdout.strip() == "['here 1', 'child', 'here 2']", result.stderr


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


def test_little_work_runs_in_this_process_alone() -> None:
    result = run_script("""
        found = parallel.run([parallel.Job(job("a").run, 10), parallel.Job(job("b").run, 10)], 2)
        print(len({data for _, data, _ in found}), os.getpid() == int(found[0][1]))
    """)
    assert result.stdout.split("\n")[0] == "1 True", result.stderr


def test_many_notices_are_laid_out_once_and_written_by_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.build import jobs, memo
    from pipeline.build import stages as build
    from pipeline.writers.notice_pdf import NoticePdfWriter

    monkeypatch.setattr(memo, "recall", lambda fingerprint: None)  # this test is about rendering
    root = copy_project(tmp_path / "project")
    single, bundle = NoticePdfWriter._single, NoticePdfWriter._bundle
    layout = NoticePdfWriter._layout
    laid_out: list[int] = []

    def counted(self: NoticePdfWriter, plan: Any, batch: list[Any]) -> Any:
        laid_out.append(len(batch))
        return layout(self, plan, batch)

    def recorder(name: str, method: Any) -> Any:
        def recorded(self: NoticePdfWriter, *args: Any) -> Any:
            with open(tmp_path / name, "a") as log:  # written from both processes
                log.write(f"{os.getpid()}\n")
            return method(self, *args)

        return recorded

    monkeypatch.setattr(jobs, "WORTH_A_PROCESS", 5)  # the shipped 12 notices count as many
    monkeypatch.setattr(NoticePdfWriter, "_single", recorder("singles", single))
    monkeypatch.setattr(NoticePdfWriter, "_bundle", recorder("bundle", bundle))
    monkeypatch.setattr(NoticePdfWriter, "_layout", counted)
    only = build.matching(["notices/*.pdf", "release-notices-*"])
    report = build.build(root, root / "two", Options(jobs=2), build.Request(only))
    assert report.ok
    singles = [int(line) for line in (tmp_path / "singles").read_text().split()]
    bundles = [int(line) for line in (tmp_path / "bundle").read_text().split()]
    assert len(singles) == 12 and len(bundles) == 1
    assert len({*singles, *bundles}) == 2  # the bundle, merging the notices, beside them
    assert laid_out == [12], "every notice laid out once, before the second process starts"
    build.build(root, root / "one", Options(jobs=1), build.Request(only, force=True))
    assert snapshot(root / "two").keys() == snapshot(root / "one").keys()
    for name, data in snapshot(root / "two").items():
        if name != ".pipeline-state.json":
            assert data == (root / "one" / name).read_bytes(), name


def test_the_word_plan_runs_in_the_pdf_plans_job_which_lays_it_out_once() -> None:
    from pipeline.build import render, stages
    from pipeline.context import Context
    from pipeline.read.load import load

    every = stages.writers(Context(ROOT, load(ROOT), Options()))
    targets = [t for w in every for t in w.targets()]
    work = render.writer_jobs(every, targets, 2)
    plans = [w for w in every if w.name in ("plan-pdf", "plan-word")]
    alone = [w for w in every if w.name != "plan-word"]
    without = render.writer_jobs(alone, [t for t in targets if t.writer != "plan-word"], 2)
    assert len(work) == len(without)  # the Word plan adds no job: it joined the PDF plan's
    assert any(job.cost == sum(w.cost(w.targets()) for w in plans) for job in work)


def test_many_notices_are_laid_out_in_groups_on_both_cores_and_bundled_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.build import jobs, memo
    from pipeline.build import stages as build
    from pipeline.writers import notice_pdf
    from pipeline.writers.notice_pdf import NoticePdfWriter

    monkeypatch.setattr(memo, "recall", lambda fingerprint: None)  # this test is about rendering
    monkeypatch.setattr(jobs, "WORTH_A_PROCESS", 5)
    monkeypatch.setattr(notice_pdf, "GROUP", 5)  # 12 notices: three groups, four for two cores
    root = copy_project(tmp_path / "project")
    layout = NoticePdfWriter._layout

    def counted(self: NoticePdfWriter, plan: Any, batch: list[Any]) -> Any:
        with open(tmp_path / "layouts", "a") as log:  # written from both processes
            log.write(f"{os.getpid()} {len(batch)}\n")
        return layout(self, plan, batch)

    monkeypatch.setattr(NoticePdfWriter, "_layout", counted)
    only = build.matching(["notices/*.pdf", "release-notices-*"])
    assert build.build(root, root / "two", Options(jobs=2), build.Request(only)).ok
    found = [line.split() for line in (tmp_path / "layouts").read_text().splitlines()]
    assert sorted(int(count) for _, count in found) == [3, 3, 3, 3]
    assert len({pid for pid, _ in found}) == 2  # the groups were laid out on both cores
    assert build.build(root, root / "one", Options(jobs=1), build.Request(only)).ok
    bundle = "release-notices-2021.pdf"
    assert (root / "two" / bundle).read_bytes() == (root / "one" / bundle).read_bytes()
    assert len(pages(root / "two" / bundle)) == 12


@pytest.mark.parametrize(
    ("count", "most", "lanes", "sizes"),
    [
        (12, 40, 1, [12]),  # fewer than a group: one, however many cores
        (12, 40, 2, [12]),
        (200, 40, 1, [40] * 5),
        (200, 40, 2, [34, 34, 33, 33, 33, 33]),  # five groups would leave a core idle for one
        (41, 40, 2, [21, 20]),
        (9, 2, 8, [2] + [1] * 7),  # eight cores, eight groups
        (3, 1, 8, [1, 1, 1]),  # never more groups than targets
    ],
)
def test_groups_are_as_few_as_can_be_and_shared_evenly_among_the_cores(
    count: int, most: int, lanes: int, sizes: list[int]
) -> None:
    from pipeline.writers.base import even_groups

    targets: list[Any] = list(range(count))
    groups = even_groups(targets, most, lanes)
    assert [len(group) for group in groups] == sizes
    assert [t for group in groups for t in group] == targets


def test_a_run_within_a_lane_forks_only_into_the_lanes_share_of_the_cores() -> None:
    result = run_script("""
        def nested(name):
            def run():
                inner = [job(f"{name}.{i}") for i in range(2)]
                return [(n, d, p) for n, d, p in parallel.run(inner, 2)]
            return parallel.Job(run, parallel.WORTH_A_PROCESS)
        alone = parallel.run([nested("a")], 2)  # one lane: its run has both cores
        shared = parallel.run([nested("b"), nested("c")], 2)  # two lanes: one core each
        def processes(found, prefix):
            return len({data for name, data, _ in found if name.startswith(prefix)})
        print(processes(alone, "a"), processes(shared, "b"), processes(shared, "c"))
    """)
    assert result.stdout.split() == ["2", "1", "1"], result.stderr
