"""What scripts and CIs read: JSON that follows its schema, and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipeline.cli import machine

from ..conftest import line_of, run_cli

PLAN = "sources/workplans/2021.yaml"


def valid(text: str) -> dict[str, Any]:
    """Return the JSON document `text`, after checking it against the published schema."""
    data: dict[str, Any] = json.loads(text)
    schema = json.loads(machine.SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    return data


def break_purpose(root: Path) -> int:
    """Tick purpose 5 of 4 in the first activity; return its line."""
    path = root / PLAN
    path.write_text(path.read_text("utf-8").replace("purposes: [1]", "purposes: [5]", 1))
    return line_of(path, "purposes: [5]")


def test_validate_prints_json_that_follows_the_schema(project: Path) -> None:
    data = valid(run_cli("validate", "--json", "--root", project).stdout)
    assert data["ok"] and data["problems"] == [] and data["files"] == 5
    line = break_purpose(project)
    result = run_cli("validate", "--json", "--root", project)
    assert result.returncode == 1 and result.stderr == ""
    assert valid(result.stdout)["problems"] == [
        {
            "path": PLAN,
            "line": line,
            "column": 20,
            "field": "purposes",
            "message": "5 is not a strategic purpose (1-4)",
            "hint": None,
            "severity": "error",
        }
    ]


def test_build_and_notice_print_json_that_follows_the_schema(built_project: Path) -> None:
    root = built_project
    data = valid(run_cli("build", "--json", "--root", root).stdout)
    assert data["ok"] and data["up_to_date"] and data["command"] == "build"
    data = valid(run_cli("notice", "strategic-plan-2021-22", "--json", "--root", root).stdout)
    written = {w["path"]: w["pages"] for w in data["written"]}
    notice = "notices/RSO-REL-2021-01-notice-strategic-plan-2021-22"
    assert written == {f"{notice}.pdf": 1, f"{notice}.docx": 1}
    only = ("--only", "annual-plan-2021.docx", "--force")
    data = valid(run_cli("build", *only, "--json", "--root", root).stdout)
    assert [(w["path"], w["pages"]) for w in data["written"]] == [("annual-plan-2021.docx", None)]
    break_purpose(root)
    data = valid(run_cli("build", "--json", "--root", root).stdout)
    assert not data["ok"] and data["problems"][0]["message"].startswith("5 is not")


def test_github_annotations_underline_each_problem(project: Path) -> None:
    line = break_purpose(project)
    result = run_cli("validate", "--github", "--root", project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file={PLAN},line={line},col=20,title=purposes::5 is not a strategic purpose (1-4)"
    ]
    assert result.stderr == "1 problem in the sources; nothing was written.\n"


def test_an_annotation_escapes_what_would_end_it() -> None:
    from pipeline.errors import WARNING, Mark, SourceError

    found = SourceError(Mark("a,b.yaml", 2, 3), "x:y", "50% done\nnext", "fix", WARNING)
    assert machine.annotation(found) == (
        "::warning file=a%2Cb.yaml,line=2,col=3,title=x%3Ay::50%25 done%0Anext — fix"
    )


@pytest.mark.parametrize("printing", [["--quiet", "--json"], ["--json", "--github"], ["-q", "-v"]])
def test_conflicting_options_are_refused_as_usage_errors(printing: list[str]) -> None:
    result = run_cli("build", *printing)
    assert result.returncode == 2 and "not allowed with argument" in result.stderr


def test_each_watch_rebuild_prints_a_json_document(
    built_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse
    import threading
    import time

    from pipeline.cli import say
    from pipeline.cli.watch import watch
    from pipeline.context import Options

    root, stop, seen = built_project, threading.Event(), []
    show = say.watcher(argparse.Namespace(json=True, name="watch"), root)
    assert show is not None

    def record(what: str, report: Any) -> None:
        seen.append(what)
        show(what, report)

    thread = threading.Thread(target=watch, args=(root, root / "dist", Options(), stop, record))
    thread.start()
    deadline = time.monotonic() + 60
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=60)
    data = valid(capsys.readouterr().out.splitlines()[0])
    assert seen == ["start"] and data["command"] == "watch" and data["up_to_date"]
