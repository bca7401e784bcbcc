"""Python's garbage collector stays out of layouts and drawing, and comes back after."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

RENDERING = {"layout_document", "make_all_pages", "draw_page", "generate_pdf"}


def _inside_rendering() -> bool:
    """Return whether WeasyPrint is laying out or drawing a document on this thread."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name in RENDERING:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def test_no_collection_runs_while_a_document_is_laid_out_or_drawn(project: Path) -> None:
    during: list[int] = []
    seen: list[int] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])
            if _inside_rendering():
                during.append(info["generation"])

    _edit(project)
    gc.callbacks.append(watch)
    try:
        plan = ("--only", "annual-plan-2021.pdf")
        result = run_cli("build", "--root", project, "--jobs", "1", *plan)
    finally:
        gc.callbacks.remove(watch)
    assert result.returncode == 0, result.stderr
    assert during == []
    assert seen  # the collector ran, between documents
    assert gc.isenabled()


def _edit(root: Path) -> None:
    """Change the plan, so that no output of an earlier test is recalled."""
    path = root / "sources/workplans/2021.yaml"
    path.write_text(path.read_text("utf-8").replace("Panelist", "Speaker", 1), "utf-8")
