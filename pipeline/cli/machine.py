"""What a script, a CI or an editor reads: JSON documents and GitHub annotations.

Every JSON document the command line prints follows `report.schema.json` beside this file:
each problem an object with its place, field, message, hint and severity.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..build.report import Report
from ..errors import SourceError

SCHEMA = Path(__file__).with_name("report.schema.json")


def problem(found: SourceError) -> dict[str, Any]:
    """Return one problem as a JSON object."""
    mark = found.mark
    return {
        "path": mark.path,
        "line": mark.line or None,
        "column": mark.col or None,
        "field": found.field or None,
        "message": found.message,
        "hint": found.hint or None,
        "severity": found.severity,
    }


def document(command: str, report: Report) -> dict[str, Any]:
    """Return what a build (`build`, `notice` or a `watch` rebuild) did, as a JSON object."""
    return {
        "command": command,
        "ok": report.ok,
        "problems": [problem(p) for p in report.problems],
        "failure": report.failure,
        "up_to_date": report.up_to_date,
        "pdf_variant": report.pdf_variant or None,
        "written": [
            {"path": w.path, "pages": w.pages, "bytes": w.bytes, "seconds": round(w.seconds, 3)}
            for w in report.written
        ],
        "skipped": report.skipped,
        "removed": report.removed,
        "kept": report.kept,
        "recovered": report.recovered,
        "seconds": round(report.seconds, 3),
    }


def checked(problems: list[SourceError], files: int = 0) -> dict[str, Any]:
    """Return what `validate` found, as a JSON object."""
    return {
        "command": "validate",
        "ok": not any(p.is_error for p in problems),
        "problems": [problem(p) for p in problems],
        "failure": None,
        "files": files,
    }


def dumps(data: dict[str, Any]) -> str:
    """Return a JSON document as one line, for scripts that read a line at a time."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def annotation(found: SourceError) -> str:
    """Return a problem as a GitHub Actions workflow command, which underlines its line."""
    kind = "error" if found.is_error else "warning"
    mark = found.mark
    where = [f"file={_property(mark.path)}"]
    if mark.line:
        where += [f"line={mark.line}", f"col={mark.col}"]
    if found.field:
        where.append(f"title={_property(found.field)}")
    text = found.message + (f" — {found.hint}" if found.hint else "")
    return f"::{kind} {','.join(where)}::{_data(text)}"


def _data(text: str) -> str:
    """Return `text` escaped as the message of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Return `text` escaped as a property of a workflow command."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
