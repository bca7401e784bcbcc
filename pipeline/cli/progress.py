"""Show how far a build is: `[n/N] file` once it has taken longer than a second.

On a terminal the line is redrawn in place and cleared at the end; elsewhere (a CI, a log)
each step is a line of its own.
"""

from __future__ import annotations

import time
from typing import TextIO

from ..build.report import Step
from ..errors import printable

AFTER = 1.0  # seconds a build runs quietly before it shows its progress


class Progress:
    """Print the steps of one build on `stream`, from `AFTER` seconds on."""

    def __init__(self, stream: TextIO, terminal: bool, after: float = AFTER) -> None:
        self.stream, self.terminal = stream, terminal
        self.since = time.perf_counter()
        self.after = after
        self.drawn = False

    def __call__(self, step: Step) -> None:
        """Show one step, unless the build is still young."""
        if time.perf_counter() - self.since < self.after:
            return
        line = printable(f"[{step.done}/{step.total}] {step.path}")
        if self.terminal:
            self.stream.write(f"\r\x1b[K{line}")
            self.drawn = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Clear the line a terminal shows, so the summary starts on a clean one."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False
