"""One document, many translators: each sentence and title of a publication is written once,
in layouts/, and every edition says what the templates say."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from pipeline.build import stages as build
from pipeline.context import Options

from ..conftest import ROOT, copy_project, edit_plan


def template_phrases() -> set[str]:
    """Return the phrases (2 words or more) the templates write themselves: the text of
    elements and attributes, around what comes from the sources."""
    found = set()
    for path in (ROOT / "layouts").glob("*.j2"):
        text = re.sub(r"\{#.*?#\}", "", path.read_text("utf-8"), flags=re.S)
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "\0", text, flags=re.S)
        values = [v for v in re.findall(r'="([^"]*)"', text) if " " in v]  # not identifiers
        pieces = values + re.findall(r">([^<]*)<", text)
        for piece in pieces:
            for phrase in piece.split("\0"):
                words = re.findall(r"[A-Za-z][A-Za-z'-]*", phrase)
                if len(words) >= 2:
                    found.add(" ".join(words))
    return found


def code_strings() -> list[str]:
    """Return the string literals of the package's code (docstrings left out)."""
    found = []
    for path in (ROOT / "pipeline").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        documented = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found += [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in documented
        ]
    return found


def test_no_wording_of_the_templates_is_written_again_in_the_code() -> None:
    phrases = template_phrases()
    assert {
        "Strategic Purpose",
        "Release notice",
        "Planned release",
        "Scan to open the publication",
    } <= phrases
    literals = [" ".join(re.findall(r"[A-Za-z][A-Za-z'-]*", s)) for s in code_strings()]
    again = [
        p
        for p in phrases
        if p in literals
        or (len(p.split()) >= 3 and any(f" {p} " in f" {literal} " for literal in literals))
    ]
    assert sorted(again) == []


def test_a_title_changed_in_the_layout_changes_in_every_edition(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    layout = root / "layouts" / "plan.html.j2"
    text = layout.read_text("utf-8")
    old = "{% macro quarter_title(quarter) %}{{ quarter.label }}: {{ quarter.months }}"
    assert old in text
    layout.write_text(text.replace(old, old.replace(": ", " – Plan of activities: ")), "utf-8")
    contents = '<h1 id="contents-title">Contents</h1>'
    layout.write_text(
        layout.read_text("utf-8").replace(contents, contents.replace("Contents", "In this plan")),
        "utf-8",
    )
    only = build.matching(["annual-plan-2021.*"])
    assert build.build(root, root / "dist", Options(jobs=1), build.Request(only)).ok
    title = "Quarter 2 – Plan of activities: April – June 2021"
    pdf = PdfReader(root / "dist" / "annual-plan-2021.pdf")
    assert title in [item.title for item in pdf.outline if not isinstance(item, list)]
    assert title in " ".join(pdf.pages[5].extract_text().split())  # after the contents
    word = Document(io.BytesIO((root / "dist" / "annual-plan-2021.docx").read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    contents = [p.text for p in word.paragraphs if p.style.name == "toc 1"]
    assert title in headings and any(line.startswith(title) for line in contents)
    assert [p.text for p in word.paragraphs if p.style.name == "TOC Heading"] == ["In this plan"]


def test_the_word_plan_reads_the_layout_the_pdf_plan_made_in_its_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.writers import documents

    root = copy_project(tmp_path / "project")
    edit_plan(root, "Webinar on", "One webinar on")  # a plan of its own: none recalled
    made: list[int] = []
    plan = documents.plan
    monkeypatch.setattr(documents, "plan", lambda *a, **k: made.append(1) or plan(*a, **k))
    request = build.Request(build.matching(["annual-plan-2021.pdf", "annual-plan-2021.docx"]))
    report = build.build(root, root / "dist", Options(jobs=1), request)
    assert report.ok and len(report.written) == 2
    assert made == [1]  # one HTML and one layout for both editions
