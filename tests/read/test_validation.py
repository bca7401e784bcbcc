"""Every validation rule, one small source tree each: the exact located message, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import stages as build
from pipeline.context import Options
from pipeline.errors import SourcesInvalid
from pipeline.read import load as sources

from ..conftest import FIXTURES, copy_project, run_cli, snapshot

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir())


def case_project(tmp_path: Path, case: str) -> Path:
    """Return the minimal valid project with the files of `case` laid over it."""
    root = copy_project(tmp_path / "project", FIXTURES / "minimal" / "sources")
    overlay = FIXTURES / "invalid" / case / "sources"
    for path in overlay.rglob("*"):
        if path.is_file():
            shutil.copyfile(path, root / "sources" / path.relative_to(overlay))
    return root


def expected(case: str) -> list[str]:
    return (FIXTURES / "invalid" / case / "expected.txt").read_text("utf-8").splitlines()


def test_the_minimal_fixture_is_valid(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", FIXTURES / "minimal" / "sources")
    assert len(sources.load(root).project.workplans[0].activities) == 3


@pytest.mark.parametrize("case", CASES)
def test_each_rule_reports_the_exact_location(tmp_path: Path, case: str) -> None:
    root = case_project(tmp_path, case)
    with pytest.raises(SourcesInvalid) as caught:
        sources.load(root)
    assert [str(e) for e in caught.value.errors] == expected(case)


@pytest.mark.parametrize("case", CASES)
def test_a_build_of_bad_sources_writes_nothing(tmp_path: Path, case: str) -> None:
    root = case_project(tmp_path, case)
    report = build.build(root, root / "dist", Options())
    assert not report.ok
    assert [str(p) for p in report.problems] == expected(case)
    assert snapshot(root / "dist") == {}


def test_a_misspelt_release_id_is_one_problem_with_its_fix(tmp_path: Path) -> None:
    root = case_project(tmp_path, "release-undefined")
    result = run_cli("validate", "--root", root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        *expected("release-undefined"),
        "  19 |         purposes: [1, 3]",
        "  20 |         release: example-guid",
        "     |                  ^",
        "1 problem in the sources; nothing was written.",
    ]
    assert "Traceback" not in result.stderr
    assert snapshot(root / "dist") == {}


def test_build_on_bad_sources_exits_1_without_traceback(tmp_path: Path) -> None:
    root = case_project(tmp_path, "duplicate-key")
    result = run_cli("build", "--root", root)
    assert result.returncode == 1
    assert expected("duplicate-key")[0] in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root / "dist") == {}


def test_yaml_1_1_words_in_text_stay_text(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", FIXTURES / "minimal" / "sources")
    path = root / "sources" / "workplans" / "2021.yaml"
    text = path.read_text().replace("title: Reporting", "title: no")
    path.write_text(text.replace("[We report every year.]", "[2021-06-30, on, 0123, 1_000]"))
    plan = sources.load(root).project.workplans[0]
    assert plan.sections[0].title == "no"
    assert [p.plain for p in plan.sections[0].paragraphs] == ["2021-06-30", "on", "0123", "1_000"]
