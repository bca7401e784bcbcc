"""A conversation with forked processes: reports gathered, answers delivered, results in
order, each task finished where it began, and a failure on either side reported."""

from __future__ import annotations

import subprocess
import textwrap

from tests.conftest import run_python


def converse(body: str) -> subprocess.CompletedProcess[str]:
    """Run `body` in a new interpreter (one thread, so the tasks really fork)."""
    script = textwrap.dedent("""
        import os
        from pipeline.errors import BuildError
        from pipeline.render import forks
        assert forks.can_fork()
        def task(name, here=False, fail=None):
            state = {}
            def report():
                state["pid"] = os.getpid()
                if fail == "report":
                    raise BuildError(f"{name} refused")
                return name
            def finish(answer):
                if fail == "finish":
                    raise ZeroDivisionError(name)
                return (name, answer, state["pid"] == os.getpid(), os.getpid())
            return forks.Task(report, finish, 1, here)
        def answer(reports):
            return ["/".join(reports) + f" to {r}" for r in reports]
    """) + textwrap.dedent(body)
    return run_python(script)


def test_every_task_hears_every_report_and_finishes_where_it_began() -> None:
    ran = converse("""
        found = forks.converse([task("a", here=True), task("b"), task("c")], answer, 3)
        print([(name, said, same) for name, said, same, _ in found])
        print(len({pid for *_, pid in found}), found[0][3] == os.getpid())
    """)
    lines = ran.stdout.splitlines()
    assert lines[:1] == [
        "[('a', 'a/b/c to a', True), ('b', 'a/b/c to b', True), ('c', 'a/b/c to c', True)]"
    ], ran.stderr
    assert lines[1] == "3 True"  # three processes; the task kept here ran here


def test_one_worker_runs_every_task_here() -> None:
    ran = converse("""
        found = forks.converse([task("a"), task("b")], answer, 1)
        print({pid for *_, pid in found} == {os.getpid()})
    """)
    assert ran.stdout.strip() == "True", ran.stderr


def test_a_refusal_in_a_childs_report_reaches_this_process() -> None:
    ran = converse("""
        try:
            forks.converse([task("a", here=True), task("b", fail="report")], answer, 2)
        except BuildError as exc:
            print("caught:", exc)
    """)
    assert "caught: b refused" in ran.stdout, ran.stderr


def test_a_crash_in_a_childs_finish_is_reported_with_its_traceback() -> None:
    ran = converse("""
        try:
            forks.converse([task("a", here=True), task("b", fail="finish")], answer, 2)
        except RuntimeError as exc:
            print("caught:", "ZeroDivisionError: b" in str(exc))
    """)
    assert "caught: True" in ran.stdout, ran.stderr


def test_a_failed_answer_stops_the_children() -> None:
    ran = converse("""
        def wrong(reports):
            raise BuildError("no answer")
        try:
            forks.converse([task("a"), task("b"), task("c")], wrong, 3)
        except BuildError as exc:
            print("caught:", exc)
        try:
            os.waitpid(-1, os.WNOHANG)
            print("a child was left waiting for its answer")
        except ChildProcessError:
            print("no child left")
    """)
    assert ran.stdout.splitlines() == ["caught: no answer", "no child left"], ran.stderr


def test_a_child_killed_mid_conversation_fails_it_with_a_message() -> None:
    ran = converse("""
        import signal
        def killed():
            os.kill(os.getpid(), signal.SIGKILL)  # as the machine's memory killer would
        try:
            forks.converse([task("a", here=True), forks.Task(killed, print, 1)], answer, 2)
        except BuildError as exc:
            print("caught:", exc)
    """)
    assert ran.stdout.splitlines() == ["caught: a rendering process ended without a result"], (
        ran.stderr
    )


def test_a_child_is_waited_for_once_and_never_signalled_after() -> None:
    ran = converse("""
        import signal
        signals = []
        kill = os.kill
        def recorded(pid, number):
            signals.append(pid)
            kill(pid, number)
        os.kill = recorded
        forks.converse([task("a", here=True), task("b")], answer, 2)
        print(len(signals))  # the child's end, once: its number may be another's after
    """)
    assert ran.stdout.strip() == "1", ran.stderr
