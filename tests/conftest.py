"""Shared fixtures: the shipped project, temporary copies of it, and builds read back."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed-annual-workplan-2021.txt"
PROJECT_FOLDERS = ("sources", "layouts", "styles")


def copy_project(destination: Path, sources: Path | None = None, origin: Path = ROOT) -> Path:
    """Copy the folders of the project at `origin` (the shipped one) to `destination`, with
    `sources` instead of its own."""
    for folder in PROJECT_FOLDERS:
        shutil.copytree(origin / folder, destination / folder)
    if sources is not None:
        shutil.rmtree(destination / "sources")
        shutil.copytree(sources, destination / "sources")
    return destination


def edit_plan(root: Path, old: str, new: str) -> None:
    """Replace the first `old` of the 2021 workplan's sources at `root` with `new`."""
    path = root / "sources" / "workplans" / "2021.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def repeat_activities(root: Path, times: int) -> Path:
    """Give each quarter of the 2021 workplan at `root` its activities `times` over, the
    copies numbered and without ids: a plan long enough to be printed in parts."""
    import yaml

    path = root / "sources" / "workplans" / "2021.yaml"
    plan = yaml.safe_load(path.read_text("utf-8"))
    for quarter in plan["quarters"]:
        quarter["activities"] += [
            {"text": f"{activity['text']} ({n})", "purposes": list(activity["purposes"])}
            for n in range(2, times + 1)
            for activity in quarter["activities"]
        ]
    text = yaml.safe_dump(plan, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, "utf-8")  # each list a new one: no YAML alias, which is refused
    return root


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Ran:
    """Run the command line `ARGS` in this process (WeasyPrint stays imported) and return
    what it did; `run_fresh` runs it in a new process, where that is what a test is about."""
    from pipeline.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's usage errors
            status = int(exc.code or 0)
    return Ran(status, out.getvalue(), err.getvalue())


def run_fresh(
    *args: str | Path,
    cwd: Path | None = None,
    timeout: float = 300,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m pipeline ARGS` in a new process, with `env` added to the environment,
    and return what it did."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


def read_until(process: subprocess.Popen[str], said: str) -> list[str]:
    """Return the status lines `process` prints, read until one says `said`."""
    assert process.stderr is not None
    lines: list[str] = []
    while not any(said in line for line in lines):
        lines.append(process.stderr.readline())
        assert lines[-1], "".join(lines)
    return lines


def run_python(script: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `script` in a new interpreter at the project's root (one thread, so that what it
    runs on several processes really forks) and return what it did."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=timeout,
    )


def png(width: int, height: int, dpi: tuple[float, float] = (72, 72)) -> bytes:
    """Return a PNG of one colour, `width` × `height` pixels at `dpi`: a logo as an office
    might give one, a few kilobytes whatever its size."""
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (width, height), "#5B1E3A").save(stream, format="PNG", dpi=dpi)
    return stream.getvalue()


def line_of(path: Path, text: str) -> int:
    """Return the number of the first line of `path` that contains `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` (relative name -> bytes)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def bench(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """Return this worker's place for a test's project, emptied.

    Every test gets its own files, but at the same place as the tests before it: the PDF
    engine and the laid-out pages this process keeps for a project's folder stay warm
    (a test of a cold start makes its project elsewhere).
    """
    place = tmp_path_factory.getbasetemp() / "bench" / name
    if place.exists():
        shutil.rmtree(place)
    place.parent.mkdir(parents=True, exist_ok=True)
    return place


@pytest.fixture
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the shipped project, without outputs."""
    return copy_project(bench(tmp_path_factory, "project"))


@pytest.fixture(scope="session")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the project built once; tests that break things start from copies."""
    root = copy_project(tmp_path_factory.mktemp("good") / "project")
    result = run_cli("build", "--root", root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def built_project(good_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return this test's own copy of a built project (sources, layouts, styles and dist)."""
    place = bench(tmp_path_factory, "built")
    shutil.copytree(good_build, place, symlinks=True)
    return place


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the shipped sources once (in a new process) and return the output folder."""
    out = tmp_path_factory.mktemp("dist")
    result = run_cli("build", "--root", ROOT, "--out", out)
    assert result.returncode == 0, result.stderr
    yield out


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --gate: check the PDFs of every accessibility build, not only the shipped ones."""
    parser.addoption(
        "--gate",
        action="store_true",
        help="also build and check the archival variant and the fixtures (the accessibility gate)",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slow end-to-end tests first, so that the workers finish together; first of
    all those that wait on a process of their own, leaving the cores to the others."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("own_process") is None,
            item.get_closest_marker("slow") is None,
        )
    )
