"""The command line works from anywhere in the project, and its options are consistent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.build import stages
from pipeline.build.report import Step
from pipeline.cli import console
from pipeline.cli.progress import Progress
from pipeline.context import Options

from ..conftest import run_cli

COMMANDS = ["validate", "build", "notice", "watch", "schema", "assets"]


def test_the_version_is_printed() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout == "rso-publish 0.1.0\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_an_example_and_sentences(command: str) -> None:
    help_text = run_cli(command, "--help").stdout
    assert f"Example: rso-publish {command}" in help_text
    assert "python -m pipeline" not in help_text
    assert "ctrl-c stops" not in help_text.lower()


def test_the_project_is_found_from_a_folder_inside_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "sources" / "workplans")
    result = run_cli("validate", "-q")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_outside_a_project_the_command_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate")
    assert result.returncode == 2
    assert "is not in a project: no folder from here upwards has a sources/ folder" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--jobs", "-3"], "argument --jobs: '-3' is not a number above 0"),
        (["build", "--timeout", "0"], "argument --timeout: '0' is not a number above 0"),
        (["watch", "--jobs", "2"], "unrecognized arguments: --jobs 2"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2 and message in result.stderr


def test_an_unknown_release_is_a_usage_error_with_did_you_mean(project: Path) -> None:
    result = run_cli("notice", "strategic-plan-2021", "--root", project)
    assert result.returncode == 2
    assert result.stderr == (
        "error: no release has id 'strategic-plan-2021' — did you mean 'strategic-plan-2021-22'?\n"
    )


@pytest.mark.slow
def test_the_pdf_variant_is_kept_by_the_next_plain_build(built_project: Path) -> None:
    root = built_project
    first = run_cli("build", "--pdf-variant", "pdf/a-3u", "--root", root)
    assert first.returncode == 0 and "annual-plan-2021.pdf" in first.stdout
    again = run_cli("build", "--root", root)
    assert again.stdout.startswith("Nothing to do: every output is up to date")
    back = run_cli("build", "--pdf-variant", "pdf/ua-1", "--only", "*.pdf", "--root", root)
    assert "annual-plan-2021.pdf" in back.stdout


def test_each_output_is_a_step_of_the_progress(built_project: Path) -> None:
    steps: list[Step] = []
    request = stages.Request(stages.matching(["notices/*"]), True, step=steps.append)
    report = stages.build(built_project, built_project / "dist", Options(jobs=1), request)
    assert report.ok
    assert [(s.done, s.total) for s in steps] == [(n, 24) for n in range(1, 25)]
    assert sorted(s.path for s in steps) == sorted(w.path for w in report.written)


def test_progress_waits_a_second_then_draws_a_line_in_place_or_prints_lines() -> None:
    log, terminal = io.StringIO(), io.StringIO()
    quiet = Progress(log, terminal=False)
    quiet(Step(1, 2, "a.pdf"))
    assert log.getvalue() == ""  # a build that takes less than a second shows nothing
    lines, drawn = Progress(log, terminal=False, after=0), Progress(terminal, True, after=0)
    for shown in (lines, drawn):
        shown(Step(1, 2, "a.pdf"))
        shown(Step(2, 2, "b.docx"))
        shown.close()
    assert log.getvalue() == "[1/2] a.pdf\n[2/2] b.docx\n"
    assert terminal.getvalue() == "\r\x1b[K[1/2] a.pdf\r\x1b[K[2/2] b.docx\r\x1b[K"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert console.colour_for(_Terminal()) and not console.colour_for(io.StringIO())
    assert console.painter(True)("x", "error") == "\x1b[1;31mx\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.colour_for(_Terminal())
