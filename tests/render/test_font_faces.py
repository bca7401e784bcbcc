"""A brand font that cannot be loaded stops every build that needs it, and says which file."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_project, run_cli

PLAN = ("--only", "annual-plan-2021.pdf")


def test_a_font_that_cannot_be_loaded_is_named_and_refused_again(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "styles" / "fonts" / "NotoSans-Italic.ttf").write_bytes(b"\0\1\0\0" + b"x" * 5000)
    first = run_cli("build", "--root", root, *PLAN)
    again = run_cli("build", "--root", root, *PLAN)  # same process: the engine is kept warm
    for result in first, again:
        assert result.returncode == 1, result.stderr
        assert "Font-face 'Brand Noto Sans' cannot be loaded" in result.stderr
        assert "'styles/fonts/NotoSans-Italic.ttf'" in result.stderr
    assert not (root / "dist" / "annual-plan-2021.pdf").exists()
