"""What the user reads of a build: its table, its problems, its failure, its JSON."""

from __future__ import annotations

from pipeline.build.report import Report, Written
from pipeline.cli import console, machine
from pipeline.errors import Mark, SourceError


def test_the_table_lists_what_was_written_removed_and_left() -> None:
    report = Report(
        [Written("a.pdf", 10, 62_900, 0.5), Written("a.docx", None, 2_000_000, 1.25)],
        skipped=["b.pdf"],
        removed=["old.pdf"],
        kept=["left c.pdf in place: x"],
        recovered="finished writing",
        seconds=1.234,
    )
    assert console.table(report).splitlines() == [
        "note: finished writing",
        "file    pages      size    time",
        "a.pdf      10   61.4 KB   0.50s",
        "a.docx      -    1.9 MB   1.25s",
        "removed old.pdf (no longer in the sources)",
        "left c.pdf in place: x",
        "2 written, 1 up to date (1.23 s).",
    ]


def test_a_large_batch_is_summed_up_by_kind_with_the_slowest() -> None:
    written = [Written(f"notices/n{i}.pdf", 1, 1024, i / 100) for i in range(200)]
    written += [Written(f"notices/n{i}.docx", None, 2048, 0.01) for i in range(200)]
    written.append(Written("plan.pdf", 20, 10240, 0.9))
    lines = console.table(Report(written, seconds=60.0)).splitlines()
    assert lines == [
        "files           count      size",
        "*.pdf               1   10.0 KB",
        "notices/*.docx    200  400.0 KB",
        "notices/*.pdf     200  200.0 KB",
        "slowest: notices/n199.pdf (1.99 s), notices/n198.pdf (1.98 s), notices/n197.pdf (1.97 s)",
        "Every file: run again with --verbose, or --json for a script.",
        "401 written, 0 up to date (60.00 s).",
    ]
    assert len(console.table(Report(written), verbose=True).splitlines()) == 403


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
    data = machine.document("build", Report(failure="disk full"))
    assert data["ok"] is False and data["failure"] == "disk full"
    assert machine.document("build", Report(up_to_date=True))["ok"] is True
