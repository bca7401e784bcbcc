"""Rebuild on every save of sources/, layouts/ or styles/, in one warm process.

The process keeps WeasyPrint imported, its fonts registered and its stylesheets parsed, so
a rebuild pays only for what the edit changed. Bad sources are reported and watching goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING

from ..build.report import Report
from ..build.stages import Request, build, warm
from ..build.state import WATCHED
from ..context import Options
from ..errors import printable
from . import console

if TYPE_CHECKING:
    import watchfiles

SUFFIXES = {".yaml", ".j2", ".css", ".svg", ".png", ".ttf", ".otf", ".json"}


After = Callable[[Report], None]  # what else to do once a build is over (tell a preview)


def watch(
    root: Path, out: Path, options: Options, stop: Event | None = None, after: After | None = None
) -> None:
    """Build now, then after every change, until Ctrl-C (or `stop` is set); give each
    build's report to `after`."""
    after = after or (lambda report: None)
    import watchfiles

    quiet = replace(options, jobs=1)  # the watcher runs a thread: no forking
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
                after(_log("start", _guarded_build(root, out, quiet)))
                warm(root, quiet)
                started = True
            if changes:
                names = sorted({Path(path).relative_to(root).as_posix() for _, path in changes})
                after(_log(", ".join(names), _guarded_build(root, out, quiet)))
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


def _log(what: str, report: Report) -> Report:
    """Print one line about a rebuild, or the errors that stopped it; return the report."""
    if not report.ok:
        say(f"{what}: not rebuilt; fix these and save again:")
        for line in console.failure(report):
            print(f"  {printable(line)}", flush=True)
        return report
    names = [w.path for w in report.written]
    written = ", ".join(names) if len(names) <= 6 else f"{len(names)} files"
    written = written or "nothing to rebuild"
    say(f"{what}: {written} ({report.seconds:.2f} s)")
    return report


def say(message: str) -> None:
    """Print a time-stamped line at once."""
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)
