"""What a build did, as a short table for people or JSON for scripts."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from typing import TextIO

from .errors import printable


@dataclass(frozen=True)
class Written:
    """One file the build wrote."""

    path: str
    pages: int
    bytes: int


@dataclass
class Report:
    """The outcome of one build."""

    written: list[Written] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    recovered: str | None = None
    seconds: float = 0.0
    up_to_date: bool = False

    @property
    def ok(self) -> bool:
        """Return whether the build succeeded."""
        return not self.errors

    def to_json(self) -> str:
        """Return the report as JSON."""
        return json.dumps({"ok": self.ok, **asdict(self)}, indent=2)

    def print(self, quiet: bool = False, as_json: bool = False, out: TextIO | None = None) -> None:
        """Print the summary: the JSON, the errors, or the table of files written."""
        out = out or sys.stdout
        if as_json:
            print(self.to_json(), file=out)
        elif self.errors:
            print(printable("\n".join(self.errors)), file=sys.stderr)
        elif not quiet:
            print(self.table(), file=out)

    def table(self) -> str:
        """Return the files written as a table, and one line on what was left alone."""
        lines = [f"note: {self.recovered}"] if self.recovered else []
        if self.up_to_date:
            lines.append(f"Nothing to do: every output is up to date ({self.seconds:.2f} s).")
            return "\n".join(lines)
        if self.written:
            width = max(len(w.path) for w in self.written)
            lines.append(f"{'file':<{width}}  {'pages':>5}  {'size':>8}")
            for w in self.written:
                pages = str(w.pages) if w.pages else "-"
                lines.append(f"{w.path:<{width}}  {pages:>5}  {_size(w.bytes):>8}")
        lines += [f"removed {name} (no longer in the sources)" for name in self.removed]
        lines += self.kept
        tail = f"{len(self.written)} written, {len(self.skipped)} up to date"
        lines.append(f"{tail} ({self.seconds:.2f} s).")
        return "\n".join(lines)


def _size(count: int) -> str:
    """Return a byte count as '12.3 KB'."""
    return f"{count / 1024:.1f} KB" if count < 1024 * 1024 else f"{count / 1048576:.1f} MB"
