"""Rebuild on every save of sources/, layouts/ or styles/, in one warm process.

The process keeps WeasyPrint imported, its fonts registered and its stylesheets parsed, so
a rebuild pays only for what the edit changed. Bad sources are reported and watching goes on.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from threading import Event

from .build import build
from .report import Report
from .state import WATCHED
from .writers.base import Options


def watch(root: Path, out: Path, options: Options, stop: Event | None = None) -> None:
    """Build now, then after every change, until Ctrl-C (or `stop` is set)."""
    import watchfiles

    quiet = replace(options, quiet=True, json=False)
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    _say(f"watching {', '.join(f.name + '/' for f in folders)} in {root} (Ctrl-C stops)")
    _log("start", build(root, out, quiet))
    try:
        for changes in watchfiles.watch(*folders, debounce=60, step=20, stop_event=stop):
            names = sorted({Path(path).relative_to(root).as_posix() for _, path in changes})
            _log(", ".join(names), build(root, out, quiet))
    except KeyboardInterrupt:
        pass
    _say("stopped watching")


def _log(what: str, report: Report) -> None:
    """Print one line about a rebuild, or the errors that stopped it."""
    if report.errors:
        _say(f"{what}: not rebuilt; fix these and save again:")
        for line in report.errors:
            print(f"  {line}", flush=True)
        return
    written = ", ".join(w.path for w in report.written) or "nothing to rebuild"
    _say(f"{what}: {written} ({report.seconds:.2f} s)")


def _say(message: str) -> None:
    """Print a time-stamped line at once."""
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)
