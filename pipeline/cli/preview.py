"""Preview the web edition: build, serve the output folder on loopback, rebuild on save.

Pages reload by themselves once a rebuild's files are all in place (the build's commit is
over), so a page never shows half a build; a failed rebuild shows its errors over the page.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path
from threading import Event

from ..build.report import Report
from ..context import Options
from ..errors import UsageError
from . import console
from .serve import PreviewServer
from .watch import say, watch

START_PAGE = "web/"


def preview(
    root: Path,
    out: Path,
    options: Options,
    port: int = 0,
    open_page: bool = False,
    stop: Event | None = None,
) -> None:
    """Serve `out` on 127.0.0.1:`port` (0: a free one) while watching; Ctrl-C stops."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        server = PreviewServer(out, port)
    except OSError as exc:
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    server.start()
    url = f"{server.origin}/{START_PAGE}"
    say(f"serving {out.name}/ at {url} (Ctrl-C stops)")
    opened = not open_page

    def after(report: Report) -> None:
        nonlocal opened
        if not report.ok:
            server.failed(console.failure(report))
            return
        if report.written or report.removed or server.errors is not None:
            server.rebuilt()
        if not opened:
            opened = webbrowser.open(url) or True

    try:
        watch(root, out, options, stop, after=after)
    finally:
        server.stop()
