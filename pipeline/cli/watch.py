"""Rebuild on every save of sources/, layouts/ or styles/, in one warm process.

The process keeps WeasyPrint imported, its fonts registered and its stylesheets parsed, so
a rebuild pays only for what the edit changed. Bad sources are reported and watching goes on.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING

from ..build.report import Report
from ..build.stages import Request, build, builds_again, warm
from ..build.state import WATCHED
from ..context import Options
from ..errors import printable
from . import console

if TYPE_CHECKING:
    import watchfiles

SUFFIXES = {".yaml", ".j2", ".css", ".svg", ".png", ".ttf", ".otf", ".json"}


After = Callable[[Report], None]  # what else to do once a build is over (tell a preview)
Show = Callable[[str, Report], None]


def watch(
    root: Path,
    out: Path,
    options: Options,
    stop: Event | None = None,
    show: Show | None = None,
    after: After | None = None,
) -> None:
    """Build now, then after every change, until Ctrl-C (or `stop` is set).

    Each rebuild is shown by `show` (JSON, say), or else as a line of text; once a rebuild
    that failed is followed by one that works, the line says the problems are fixed. Each
    report then goes to `after` (a preview tells its open pages).
    """
    after = after or (lambda report: None)
    import watchfiles

    quiet = replace(options, jobs=1)  # the watcher runs a thread: no forking
    builds_again()
    show = show or _Log()
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    say(f"watching {', '.join(f.name + '/' for f in folders)} in {root} (Ctrl-C stops)")
    started = False
    try:
        for changes in watchfiles.watch(
            *folders,
            watch_filter=_relevant,
            debounce=30,
            step=10,
            stop_event=stop,
            yield_on_timeout=True,
            rust_timeout=400,
        ):
            if not started:  # the watcher is live now: nothing saved from here on is missed
                report = _guarded_build(root, out, quiet)
                show("start", report)
                after(report)
                warm(root, quiet)
                started = True
            if changes:
                names = sorted({Path(path).relative_to(root).as_posix() for _, path in changes})
                report = _guarded_build(root, out, quiet)
                show(", ".join(names), report)
                after(report)
    except KeyboardInterrupt:
        pass
    say("stopped watching")


def _guarded_build(root: Path, out: Path, options: Options) -> Report:
    """Build, turning an unexpected failure into a reported one: watching goes on."""
    try:
        return build(root, out, options, Request(say=say))
    except Exception as exc:  # a bug must not end the session; it is reported like any error
        return Report(
            failure=f"internal error ({type(exc).__name__}: {exc}); please report "
            "it, with the edit that caused it"
        )


def _relevant(change: watchfiles.Change, path: str) -> bool:
    """Return whether a changed path is a project file (not an editor's temporary file)."""
    import watchfiles

    return watchfiles.DefaultFilter()(change, path) and Path(path).suffix in SUFFIXES


class _Log:
    """Print one line about each rebuild, or the errors that stopped it."""

    def __init__(self) -> None:
        self.failed = False

    def __call__(self, what: str, report: Report) -> None:
        """Show one rebuild."""
        if not report.ok:
            self.failed = True
            _say(f"{what}: not rebuilt; fix these and save again:")
            for line in console.failure(report):
                print(f"  {printable(line)}", flush=True)
            return
        names = [w.path for w in report.written]
        written = ", ".join(names) if len(names) <= 6 else f"{len(names)} files"
        written = written or "nothing to rebuild"
        fixed = "fixed; " if self.failed else ""
        self.failed = False
        _say(f"{what}: {fixed}{written} ({report.seconds:.2f} s)")


def _say(message: str) -> None:
    """Print a time-stamped line at once, on the error stream (the output is for `show`)."""
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


say = _say  # for the preview's own lines
