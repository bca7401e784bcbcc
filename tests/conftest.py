"""Shared fixtures: the shipped project, temporary copies of it, and builds read back."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "seed-annual-workplan-2021.txt"
PROJECT_FOLDERS = ("sources", "layouts", "styles")


def copy_project(destination: Path, sources: Path | None = None) -> Path:
    """Copy the project's folders to `destination`, with `sources` instead of the shipped ones."""
    for folder in PROJECT_FOLDERS:
        shutil.copytree(ROOT / folder, destination / folder)
    if sources is not None:
        shutil.rmtree(destination / "sources")
        shutil.copytree(sources, destination / "sources")
    return destination


def run_cli(*args: str | Path, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m pipeline ARGS` in a new process and return what it did."""
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd or ROOT, timeout=timeout,
                          check=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` (relative name -> bytes)."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a temporary copy of the shipped project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the project built once; tests that break things start from copies."""
    root = copy_project(tmp_path_factory.mktemp("good") / "project")
    result = run_cli("build", "--root", root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def built_project(good_build: Path, tmp_path: Path) -> Path:
    """Return this test's own copy of a built project (sources, layouts, styles and dist)."""
    shutil.copytree(good_build, tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the shipped sources once (in a new process) and return the output folder."""
    out = tmp_path_factory.mktemp("dist")
    result = run_cli("build", "--root", ROOT, "--out", out)
    assert result.returncode == 0, result.stderr
    yield out
