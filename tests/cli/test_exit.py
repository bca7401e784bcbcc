"""The program ends as soon as its work is committed: streams flushed, no teardown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, edit_plan, read_until, repeat_activities

# Run `python -m pipeline ARGS` with an exit handler that says when the interpreter tears down.
PROGRAM = (
    "import atexit, runpy, sys; atexit.register(lambda: print('torn down'));"
    "sys.argv = ['pipeline', *sys.argv[1:]]; runpy.run_module('pipeline', run_name='__main__')"
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the program with `args` in a new process, in the project."""
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_a_command_ends_without_tearing_the_interpreter_down() -> None:
    ran = _run("validate")
    assert ran.returncode == 0, ran.stderr
    assert "torn down" not in ran.stdout
    assert ran.stdout.strip() or ran.stderr.strip()  # what it said reached the pipe


def test_the_exit_status_and_the_words_of_argparse_are_kept() -> None:
    version = _run("--version")
    assert version.returncode == 0
    assert version.stdout.strip().split()[-1][0].isdigit()
    wrong = _run("no-such-command")
    assert wrong.returncode == 2
    assert "invalid choice" in wrong.stderr
    assert "torn down" not in wrong.stdout + wrong.stderr


def _start(command: str, root: Path, temporary: Path, said: str) -> subprocess.Popen[str]:
    """Start `command` on `root`, its temporary files in `temporary`; return once it has
    said `said`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", command, "--root", str(root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    read_until(process, said)
    return process


@pytest.mark.own_process
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_watch_told_to_end_stops_as_on_ctrl_c(built_project: Path, number: int) -> None:
    temporary = built_project.parent / f"temporary-{number}"
    temporary.mkdir()
    process = _start("watch", built_project, temporary, " start: ")  # its first build over
    edit_plan(built_project, "First Workshop of Female Officer", "First Workshop of Officers")
    read_until(process, "2021.yaml")  # rebuilt, by this process's engine
    assert any(temporary.iterdir())  # the engine's font files, while it runs
    process.send_signal(number)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped watching" in err and "Traceback" not in err
    assert not any(temporary.iterdir())


@pytest.mark.own_process
def test_a_build_told_to_end_stops_saying_so_in_its_status(tmp_path: Path) -> None:
    root = repeat_activities(copy_project(tmp_path / "project"), 30)  # seconds of layout
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    process = _start("build", root, temporary, "[1/")  # a first file made: under way
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert not any(temporary.iterdir())
    assert not any((root / "dist").rglob("*"))  # nothing of a build that did not end
