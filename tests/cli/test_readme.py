"""Every command the README tells an officer to type works as written, from any project folder.

The environment is the one the quick start makes and tells the officer to enter: its `bin`
folder first on the path (what `activate` does), nothing else of this test run.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def readme_commands() -> list[str]:
    """Return each `rso-publish` command of the README's tables and shell blocks, in order."""
    found = re.findall(r"^\| `(rso-publish [^`]*)` \|", README, re.MULTILINE)
    for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL):
        for line in block.splitlines():
            command = line.split("#")[0].strip()
            if command.startswith("rso-publish"):
                found.append(command)
    return list(dict.fromkeys(found))


def entered() -> dict[str, str]:
    """Return the environment of a terminal in which the quick start's environment is entered."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "PYTHON"))}
    bin_folder = Path(sys.executable).parent
    env["PATH"] = f"{bin_folder}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(bin_folder.parent)
    return env


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `command` as a shell would, in `cwd`, in the entered environment."""
    return subprocess.run(
        shlex.split(command), cwd=cwd, env=entered(), capture_output=True, text=True, timeout=300
    )


def _interruptible() -> None:
    """Let Ctrl-C reach the command, even where this test runs with it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def watch_starts(command: str, cwd: Path) -> str:
    """Run a `watch` command until its first build is done, stop it with Ctrl-C; return its text."""
    process = subprocess.Popen(
        shlex.split(command),
        cwd=cwd,
        env=entered(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_interruptible,
    )
    assert process.stdout is not None
    seen = []
    deadline = time.monotonic() + 120
    try:
        for line in process.stdout:
            seen.append(line)
            if " start: " in line or time.monotonic() > deadline:
                break
        process.send_signal(signal.SIGINT)
        seen += process.stdout.readlines()
        assert process.wait(timeout=60) == 0, "".join(seen)
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    return "".join(seen)


def test_the_readme_names_every_command() -> None:
    names = {shlex.split(c)[1] for c in readme_commands()}
    assert names == {
        "validate",
        "build",
        "notice",
        "watch",
        "preview",
        "schema",
        "assets",
        "ids",
        "changes",
    }
    assert "python -m pipeline" not in README


@pytest.mark.slow
@pytest.mark.own_process
def test_each_readme_command_works_as_written_from_a_subfolder_and_the_root(
    project: Path,
) -> None:
    for where in ("sources/workplans", "."):
        cwd = project / where
        for command in readme_commands():
            if "--since" in command:
                continue  # it needs an earlier edition: see test_changes.py, test_revisions.py
            if shlex.split(command)[1] in ("watch", "preview"):
                assert " start: " in watch_starts(command, cwd), f"{command} in {where}"
                continue
            result = run(command, cwd)
            assert result.returncode == 0, f"{command} in {where}:\n{result.stderr}"
            assert "Traceback" not in result.stderr
    assert (project / "dist" / "annual-plan-2021.pdf").is_file()
