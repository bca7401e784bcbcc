"""Blocks and letterheads a notice repeats, copied from the first notice that made them: read
back, each notice still says its own words, is the bytes it has when made with nothing
remembered, and a new logo reaches the next letterhead of the same process."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE

from pipeline.context import Context, Options
from pipeline.model.notices import notices
from pipeline.read.load import load
from pipeline.render.word import pictures
from pipeline.render.word.blank import blank_of_document
from pipeline.render.word.translate import Translator
from pipeline.writers import documents

from ...conftest import run_cli


def _notices(root: Path) -> tuple[Context, list[Any]]:
    """Return the project's context and the notices of its first plan."""
    context = Context(root, load(root), Options())
    project = context.loaded.project
    return context, notices(project, project.workplans[0])


def _word(context: Context, notice: Any) -> bytes:
    """Return the Word file of `notice`, translated in this process."""
    return Translator(context).notice(documents.notice(context, notice))


def _texts(data: bytes) -> list[str]:
    """Return the text of every paragraph of the document's body."""
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def _logo(data: bytes) -> bytes:
    """Return the picture the document's letterhead shows."""
    header = Document(io.BytesIO(data)).sections[0].header.part
    images = [r for r in header.rels.values() if r.reltype == RELATIONSHIP_TYPE.IMAGE]
    return bytes(images[0].target_part.blob)


def test_notices_with_other_words_keep_their_own_words(project: Path) -> None:
    context, items = _notices(project)
    first, second = items[0], items[1]
    assert first.release.title != second.release.title
    _word(context, first)  # its blocks and letterhead are remembered now
    remembered = blank_of_document(Translator(context).document)
    assert remembered is not None and remembered.repeats
    warm = _word(context, second)
    texts = _texts(warm)
    assert second.release.title in texts and first.release.title not in texts
    assert "Release notice" in texts  # a block both notices have, copied
    remembered.repeats.clear()
    assert _word(context, second) == warm  # what it is when nothing is remembered


def test_a_new_logo_reaches_the_next_letterhead(project: Path) -> None:
    name = "RSO-REL-2021-01-notice-strategic-plan-2021-22.docx"

    def built() -> bytes:
        result = run_cli("build", "--root", project, "--jobs", "1", "--only", f"notices/{name}")
        assert result.returncode == 0, result.stderr
        return (project / "dist" / "notices" / name).read_bytes()

    logo = project / "styles" / "logo.png"
    assert _logo(built()) == logo.read_bytes()
    logo.write_bytes(pictures.on_disc(logo.read_bytes(), "#FFFFFF"))
    stamp = logo.stat().st_mtime_ns + 10**9
    os.utime(logo, ns=(stamp, stamp))
    assert _logo(built()) == logo.read_bytes()
