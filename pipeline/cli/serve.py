"""Serve the output folder on loopback, and tell open pages when a rebuild is in place.

Only files inside the folder are served: a path with `..`, a hidden name, a backslash or a
symbolic link anywhere on the way is refused, and a request naming another host (a page
elsewhere reaching this server by DNS rebinding) is refused too. Pages get a small script,
added as they are sent (the built files hold none), that listens to `/__preview/events`:
after a good rebuild it reloads the page; after a failed one it shows the located errors
over the last good version, until a good rebuild replaces them.
"""

from __future__ import annotations

import json
import mimetypes
import os
import secrets
import stat
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

EVENTS = "/__preview/events"
KEEP_ALIVE = 15.0  # seconds between comments that find a closed page
TYPES = {".woff2": "font/woff2", ".svg": "image/svg+xml", ".js": "text/javascript"}
SNIPPET = (
    b"""<script>
(function () {
  if (!window.EventSource) return;
  var seen = null, panel = null;
  function show(lines) {
    if (!panel) {
      panel = document.createElement('div');
      panel.setAttribute('role', 'alert');
      panel.id = 'preview-errors';
      panel.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;' +
        'z-index:2147483647;margin:0;padding:1rem;background:#5c0a0a;color:#fff;' +
        'font:14px/1.45 monospace;white-space:pre-wrap;border-top:4px solid #ffb3b3';
      document.body.appendChild(panel);
    }
    panel.textContent = lines.join('\\n');
  }
  function connect() {
    var events = new EventSource('"""
    + EVENTS.encode()
    + b"""');
    events.addEventListener('hello', function (e) {
      var state = JSON.parse(e.data);
      if (seen !== null && state.build !== seen) { location.reload(); return; }
      seen = window.__previewBuild = state.build;
      if (state.errors) show(state.errors);
    });
    events.addEventListener('reload', function () { location.reload(); });
    events.addEventListener('failed', function (e) { show(JSON.parse(e.data)); });
    events.onerror = function () {
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }
  connect();
})();
</script>
"""
)


class PreviewServer(ThreadingHTTPServer):
    """Serve `folder` on 127.0.0.1 and hold event streams open for the pages shown."""

    daemon_threads = True

    def __init__(self, folder: Path, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), PreviewHandler)
        self.folder = folder.resolve()
        self.build = f"{secrets.token_hex(4)}-0"  # a new server is a new build to a page
        self.errors: list[str] | None = None
        self.closing = False
        self.changed = threading.Condition()

    @property
    def origin(self) -> str:
        """Return the address pages are served from: 'http://127.0.0.1:PORT'."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def rebuilt(self) -> None:
        """Tell every page that new files are in place: they reload."""
        with self.changed:
            token, count = self.build.rsplit("-", 1)
            self.build, self.errors = f"{token}-{int(count) + 1}", None
            self.changed.notify_all()

    def failed(self, lines: list[str]) -> None:
        """Tell every page why the last rebuild failed: they show it over what they show."""
        with self.changed:
            self.errors = list(lines)
            self.changed.notify_all()

    def start(self) -> None:
        """Serve in a thread of its own."""
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        """Release the open event streams, stop serving and close the socket."""
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self.shutdown()
        self.server_close()

    def next_state(
        self, seen: tuple[str, list[str] | None], timeout: float
    ) -> tuple[str, list[str] | None] | None:
        """Wait for a state other than `seen`; return it (or `seen`), None when stopping."""
        with self.changed:
            self.changed.wait_for(
                lambda: (self.build, self.errors) != seen or self.closing, timeout=timeout
            )
            return None if self.closing else (self.build, self.errors)


class PreviewHandler(BaseHTTPRequestHandler):
    """Answer GET and HEAD with files of the folder, uncached; stream the events."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing per request: the preview's own lines are what the user reads."""

    def do_HEAD(self) -> None:
        """Answer as GET would, without the body."""
        self._answer(body=False)

    def do_GET(self) -> None:
        """Send the file asked for, the event stream, or why not."""
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        """Route a request: refuse other hosts and unsafe paths, else serve."""
        if not self._from_here():
            self._send(403, b"This server answers only to its own loopback address.\n", body)
            return
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._stream()
            return
        found = safe_path(self.server.folder, path)
        if isinstance(found, int):
            self._send(found, b"Not served: outside the output folder, or not there.\n", body)
        elif found.is_dir():
            self._redirect(path + "/")
        else:
            self._send_file(found, body)

    def _from_here(self) -> bool:
        """Return whether the request names this server's own host (not a rebound name)."""
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in {f"127.0.0.1:{port}", f"localhost:{port}"}

    def _send_file(self, path: Path, body: bool) -> None:
        """Send a file, with the preview script added to a page."""
        data = path.read_bytes()
        kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
        if path.suffix == ".html":
            at = data.lower().rfind(b"</body>")
            data = data[:at] + SNIPPET + data[at:] if at >= 0 else data + SNIPPET
            kind = "text/html; charset=utf-8"
        self._send(200, data, body, kind or "application/octet-stream")

    def _send(self, status: int, data: bytes, body: bool, kind: str = "text/plain") -> None:
        """Send a whole answer, never cached (a reload must fetch the rebuilt file)."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _redirect(self, to: str) -> None:
        """Send a folder's address with its slash, where its index.html is served."""
        self.send_response(301)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream(self) -> None:
        """Hold the stream open: the state now, then every change of it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        server = self.server
        with server.changed:
            seen = (server.build, server.errors)
        try:
            hello = json.dumps({"build": seen[0], "errors": seen[1]})
            self._event(f"retry: 500\nevent: hello\ndata: {hello}\n\n")
            while (state := server.next_state(seen, KEEP_ALIVE)) is not None:
                self._event(_change(seen, state))
                seen = state
        except (BrokenPipeError, ConnectionResetError):
            return

    def _event(self, text: str) -> None:
        """Write an event at once."""
        self.wfile.write(text.encode())
        self.wfile.flush()


def _change(seen: tuple[str, list[str] | None], state: tuple[str, list[str] | None]) -> str:
    """Return the event that takes a page from `seen` to `state` (a comment if none)."""
    if state[0] != seen[0]:
        return f"event: reload\ndata: {state[0]}\n\n"
    if state[1] is not None and state[1] != seen[1]:
        return f"event: failed\ndata: {json.dumps(state[1])}\n\n"
    return ": still here\n\n"


def safe_path(folder: Path, url_path: str) -> Path | int:
    """Return the file or folder of `folder` a URL path names, or the HTTP status refusing it.

    Refused (403): `..`, hidden names, backslashes, NUL, and symbolic links on the way.
    Missing (404): anything not there, or not a regular file or a folder.
    """
    parts = unquote(url_path).split("/")
    if not url_path.startswith("/") or any(
        p in {".", ".."} or p.startswith(".") or "\\" in p or "\0" in p for p in parts
    ):
        return 403
    current = folder
    for part in [p for p in parts if p]:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return 404
        if stat.S_ISLNK(mode):
            return 403
    if url_path.endswith("/") and current.is_dir():
        current = current / "index.html"
    try:
        mode = os.lstat(current).st_mode
    except OSError:
        return 404
    if stat.S_ISLNK(mode):
        return 403
    return current if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else 404
