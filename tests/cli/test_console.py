"""What the user reads of a build: its table, its problems, its failure, its JSON."""

from __future__ import annotations

import json

from pipeline.build.report import Report, Written
from pipeline.cli import console
from pipeline.errors import Mark, SourceError


def test_the_table_lists_what_was_written_removed_and_left() -> None:
    report = Report(
        [Written("a.pdf", 10, 62_900), Written("a.docx", None, 2_000_000)],
        skipped=["b.pdf"],
        removed=["old.pdf"],
        kept=["left c.pdf in place: x"],
        recovered="finished writing",
        seconds=1.234,
    )
    assert console.table(report).splitlines() == [
        "note: finished writing",
        "file    pages      size",
        "a.pdf      10   61.4 KB",
        "a.docx      -    1.9 MB",
        "removed old.pdf (no longer in the sources)",
        "left c.pdf in place: x",
        "2 written, 1 up to date (1.23 s).",
    ]


def test_an_up_to_date_build_says_so_in_one_line() -> None:
    assert console.table(Report(up_to_date=True, seconds=0.05)) == (
        "Nothing to do: every output is up to date (0.05 s)."
    )


def test_problems_are_counted_and_a_failure_says_nothing_changed() -> None:
    problem = SourceError(Mark("sources/a.yaml", 3, 5), "year", "'x' is not a whole number")
    assert console.failure(Report(problems=[problem])) == [
        "sources/a.yaml:3:5: year: 'x' is not a whole number",
        "1 problem in the sources; nothing was written.",
    ]
    assert console.failure(Report(failure="cannot write dist: \x1b[31m")) == [
        "error: cannot write dist: \\x1b[31m",
        console.FAILED,
    ]


def test_the_json_says_whether_it_worked_and_why_not() -> None:
    data = json.loads(console.as_json(Report(failure="disk full")))
    assert data["ok"] is False and data["errors"] == ["error: disk full", console.FAILED]
    assert json.loads(console.as_json(Report(up_to_date=True)))["ok"] is True
