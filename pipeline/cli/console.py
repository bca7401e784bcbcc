"""What the user reads: problems, failures and the summary of a build, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from ..build.report import Report
from ..errors import SourceError, printable

FAILED = "Build failed; the previous outputs are unchanged."


def problems(errors: list[SourceError]) -> list[str]:
    """Return the problems of the sources, one per line, with a count."""
    noun = "problem" if len(errors) == 1 else "problems"
    return [*map(str, errors), f"{len(errors)} {noun} in the sources; nothing was written."]


def failure(report: Report) -> list[str]:
    """Return why a build did not finish, as the lines to print on the error stream."""
    if report.problems:
        return problems(report.problems)
    return [printable(f"error: {report.failure}"), FAILED]


def table(report: Report) -> str:
    """Return the files written as a table, and one line on what was left alone."""
    lines = [f"note: {report.recovered}"] if report.recovered else []
    if report.up_to_date:
        lines.append(f"Nothing to do: every output is up to date ({report.seconds:.2f} s).")
        return "\n".join(lines)
    if report.written:
        width = max(len(w.path) for w in report.written)
        lines.append(f"{'file':<{width}}  {'pages':>5}  {'size':>8}")
        for w in report.written:
            pages = "-" if w.pages is None else str(w.pages)
            lines.append(f"{w.path:<{width}}  {pages:>5}  {size(w.bytes):>8}")
    lines += [f"removed {name} (no longer in the sources)" for name in report.removed]
    lines += report.kept
    tail = f"{len(report.written)} written, {len(report.skipped)} up to date"
    lines.append(f"{tail} ({report.seconds:.2f} s).")
    return "\n".join(lines)


def as_json(report: Report) -> str:
    """Return the report as JSON, for scripts."""
    data = asdict(report)
    data["problems"] = [str(p) for p in report.problems]
    data["errors"] = [] if report.ok else failure(report)
    return json.dumps({"ok": report.ok, **data}, indent=2)


def size(count: int) -> str:
    """Return a byte count as '12.3 KB'."""
    return f"{count / 1024:.1f} KB" if count < 1024 * 1024 else f"{count / 1048576:.1f} MB"
