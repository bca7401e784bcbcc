"""The command line: help, exit codes, and what it never imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, run_cli


@pytest.mark.parametrize("command", ["validate", "build", "notice", "watch", "schema", "assets"])
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "--root" in result.stdout


def test_validate_passes_on_the_shipped_sources() -> None:
    result = run_cli("validate")
    assert result.returncode == 0
    assert result.stdout.strip() == (
        "5 source files are valid: 1 workplan(s), 46 activities, 12 releases."
    )


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("publish").returncode == 2
    assert run_cli("build", "--pdf-variant", "pdf/x").returncode == 2
    result = run_cli("validate", "--root", tmp_path)
    assert result.returncode == 2
    assert "has no sources/ folder" in result.stderr


def imported_after(code: str) -> set[str]:
    """Return the modules a fresh interpreter has imported after running `code`."""
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(result.stdout.split())


def test_validate_imports_no_renderer() -> None:
    modules = imported_after(
        "from pipeline.cli.main import main\nassert main(['validate', '--quiet']) == 0"
    )
    assert not {"weasyprint", "docx", "jinja2", "pypdf", "pikepdf", "fontTools"} & modules


def test_a_no_op_build_imports_no_renderer(built: Path) -> None:
    code = (
        f"from pipeline.cli.main import main\n"
        f"assert main(['build', '--quiet', '--out', {str(built)!r}]) == 0"
    )
    modules = imported_after(code)
    assert not {"weasyprint", "docx", "jinja2", "pypdf", "pikepdf", "fontTools", "yaml"} & modules


def test_listing_every_writers_targets_imports_no_renderer() -> None:
    code = (
        "from pipeline.build.stages import load_context, writers\n"
        "from pipeline.context import Options\n"
        "[w.targets() for w in writers(load_context(Path.cwd(), Options()))]"
    )
    modules = imported_after(f"from pathlib import Path\n{code}")
    assert not {"weasyprint", "docx", "pypdf", "pikepdf", "fontTools", "lxml"} & modules


def test_json_summary_for_scripts(built: Path) -> None:
    result = run_cli("build", "--json", "--out", built)
    report = json.loads(result.stdout)
    assert report["ok"] and report["up_to_date"] and report["written"] == []


def test_the_console_script_of_the_checkout_runs_the_command_line() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = scripts["rso-publish"].split(":")
    code = f"import sys; from {module} import {function}; sys.exit({function}(['--help']))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0 and "validate" in result.stdout, result.stderr
