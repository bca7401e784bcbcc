"""The program ends as soon as its work is committed: streams flushed, no teardown."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

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
