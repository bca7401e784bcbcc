"""Every page of a group of release notices is laid out once, not made again in a second pass."""

from __future__ import annotations

from functools import wraps
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import run_cli


def test_each_notice_page_is_made_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.render.pdf.patches import load

    load()
    from weasyprint import layout
    from weasyprint.layout import page

    made: list[int] = []  # pages made, a second time included
    given: list[int] = []  # pages each pass of a layout gives
    make_page, make_all_pages = page.make_page, layout.make_all_pages

    @wraps(make_page)
    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return make_page(*args, **kwargs)

    @wraps(make_all_pages)
    def passes(*args: Any, **kwargs: Any) -> Any:
        given.append(0)
        for laid_out in make_all_pages(*args, **kwargs):
            given[-1] += 1
            yield laid_out

    monkeypatch.setattr(page, "make_page", counted)
    monkeypatch.setattr(layout, "make_all_pages", passes)
    releases = project / "sources/releases/2021.yaml"
    text = releases.read_text("utf-8")
    releases.write_text(text.replace("Guide", "Handbook"), "utf-8")  # no layout recalled
    result = run_cli("build", "--root", project, "--jobs", "1", "--only", "notices/*.pdf")
    assert result.returncode == 0, result.stderr
    notices = sorted((project / "dist/notices").glob("*.pdf"))
    changed = [p for p in notices if "Handbook" in PdfReader(p).pages[0].extract_text()]
    assert len(changed) >= 3  # laid out now, in one group
    assert len(given) == 1 and given[0] >= len(changed)  # one pass: no page made again
    assert len(made) == given[0]
