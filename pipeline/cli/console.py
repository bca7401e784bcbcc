"""What a person reads: problems with an excerpt of their source, failures, and summaries.

Colour is used only on a terminal that shows it, and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..build.report import Report, Written
from ..errors import SourceError, printable, shown
from .excerpt import Paint, Sources

FAILED = "Build failed; the previous outputs are unchanged."
TABLE_MAX = 30  # written files listed one by one; more are summed up by kind
SLOWEST = 3
STYLES = {"location": "1", "error": "1;31", "warning": "1;33", "gutter": "2", "hint": "36"}


def colour_for(stream: TextIO) -> bool:
    """Return whether `stream` is a terminal that shows colour and NO_COLOR is not set."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def painter(colour: bool) -> Paint:
    """Return how to paint text in a style: with ANSI colours, or not at all."""
    if not colour:
        return lambda text, style: text
    return lambda text, style: f"\x1b[{STYLES[style]}m{text}\x1b[0m"


def plain(text: str, style: str) -> str:
    """Paint nothing."""
    return text


def headline(problem: SourceError, paint: Paint = plain) -> str:
    """Return the problem's line, `file:line:col: field: message — hint`, painted."""
    label = " " + paint("warning:", "warning") if not problem.is_error else ""
    field = f" {shown(problem.field, 40)}:" if problem.field else ""
    hint = " — " + paint(printable(problem.hint), "hint") if problem.hint else ""
    return (
        paint(printable(f"{problem.mark}:"), "location")
        + label
        + printable(f"{field} {problem.message}")
        + hint
    )


def problems(
    errors: Iterable[SourceError], root: Path | None = None, paint: Paint = plain
) -> list[str]:
    """Return each problem with an excerpt of its source (when `root` is given), and a count."""
    found = list(errors)
    sources = Sources(root) if root is not None else None
    lines = []
    for problem in found:
        lines.append(headline(problem, paint))
        if sources is not None:
            style = "error" if problem.is_error else "warning"
            lines += sources.excerpt(problem.mark, paint, style)
    return [*lines, count(found)]


def count(found: list[SourceError]) -> str:
    """Return how many errors and warnings there are, and what became of the build."""
    errors = sum(p.is_error for p in found)
    warnings = len(found) - errors
    if not errors:
        stops = "it stops" if warnings == 1 else "they stop"
        return f"{_many(warnings, 'warning')} in the sources; {stops} nothing."
    also = f" and {_many(warnings, 'warning')}" if warnings else ""
    return f"{_many(errors, 'problem')}{also} in the sources; nothing was written."


def failure(report: Report, root: Path | None = None, paint: Paint = plain) -> list[str]:
    """Return why a build did not finish, as the lines to print on the error stream."""
    if report.errors:
        return problems(report.problems, root, paint)
    return [printable(f"error: {report.failure}"), FAILED]


def table(report: Report, verbose: bool = False) -> str:
    """Return what a build wrote (file by file, or summed up by kind) and what it left."""
    lines = [f"note: {report.recovered}"] if report.recovered else []
    if report.up_to_date:
        lines.append(f"Nothing to do: every output is up to date ({report.seconds:.2f} s).")
        return "\n".join(lines)
    if verbose or len(report.written) <= TABLE_MAX:
        lines += _files(report.written)
    else:
        lines += _kinds(report.written)
    lines += [f"removed {name} (no longer in the sources)" for name in report.removed]
    lines += report.kept
    tail = f"{len(report.written)} written, {len(report.skipped)} up to date"
    lines.append(f"{tail} ({report.seconds:.2f} s).")
    return "\n".join(lines)


def _files(written: list[Written]) -> list[str]:
    """Return a table of the files written: name, pages, size and time."""
    if not written:
        return []
    width = max(len(w.path) for w in written)
    lines = [f"{'file':<{width}}  {'pages':>5}  {'size':>8}  {'time':>6}"]
    for w in written:
        pages = "-" if w.pages is None else str(w.pages)
        lines.append(f"{w.path:<{width}}  {pages:>5}  {size(w.bytes):>8}  {w.seconds:>5.2f}s")
    return lines


def _kinds(written: list[Written]) -> list[str]:
    """Return the files written summed up by kind, the slowest, and where the list is."""
    kinds = Counter(_kind(w.path) for w in written)
    sizes: Counter[str] = Counter()
    for w in written:
        sizes[_kind(w.path)] += w.bytes
    width = max(len(kind) for kind in kinds)
    lines = [f"{'files':<{width}}  {'count':>5}  {'size':>8}"]
    lines += [f"{k:<{width}}  {n:>5}  {size(sizes[k]):>8}" for k, n in sorted(kinds.items())]
    slow = sorted(written, key=lambda w: -w.seconds)[:SLOWEST]
    lines.append("slowest: " + ", ".join(f"{w.path} ({w.seconds:.2f} s)" for w in slow))
    lines.append("Every file: run again with --verbose, or --json for a script.")
    return lines


def _kind(path: str) -> str:
    """Return the kind of an output: its folder and extension ('notices/*.pdf')."""
    folder, _, name = path.rpartition("/")
    suffix = name.rpartition(".")[2] if "." in name else name
    return f"{folder}/*.{suffix}" if folder else f"*.{suffix}"


def _many(number: int, noun: str) -> str:
    """Return '1 problem' or '2 problems'."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def size(count: int) -> str:
    """Return a byte count as '12.3 KB'."""
    return f"{count / 1024:.1f} KB" if count < 1024 * 1024 else f"{count / 1048576:.1f} MB"
