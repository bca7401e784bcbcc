"""The templates of `layouts/`, read again whenever their time cannot vouch for them."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.render.html import _loader

SETTLED = 10**18  # 2001: long before any clock tick of now


def test_a_template_saved_too_recently_to_tell_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "layouts").mkdir()
    template = tmp_path / "layouts" / "page.html.j2"
    template.write_text("one", "utf-8")
    text, _, uptodate = _loader(tmp_path).get_source(None, "page.html.j2")  # type: ignore[arg-type]
    assert text == "one" and not uptodate()  # saved just now: it may change in the same tick
    os.utime(template, ns=(SETTLED, SETTLED))
    _, _, uptodate = _loader(tmp_path).get_source(None, "page.html.j2")  # type: ignore[arg-type]
    assert uptodate()
    template.write_text("two", "utf-8")
    os.utime(template, ns=(SETTLED + 10**9, SETTLED + 10**9))
    assert not uptodate()
