"""`preview`, read back over HTTP: what it serves, what it refuses, and what it tells pages."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.build.state import STATE_FILE
from pipeline.cli.preview import preview
from pipeline.cli.serve import EVENTS, SNIPPET
from pipeline.context import Options

from ..conftest import ROOT, line_of, read_until

pytestmark = pytest.mark.slow
PLAN = "sources/workplans/2021.yaml"
PAGE = "/web/annual-plan-2021/index.html"


@dataclass
class Served:
    root: Path
    port: int

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Host": host} if host else {}
        try:
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def previewing(root: Path) -> Iterator[Served]:
    """Run `preview` on `root` in a thread until the test is over."""
    port, stop = free_port(), threading.Event()
    thread = threading.Thread(
        target=preview, args=(root, root / "dist", Options(jobs=1), port, False, stop)
    )
    thread.start()
    served = Served(root, port)
    deadline = time.monotonic() + 60
    while True:
        try:
            if served.get("/web/")[0] == 200:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, "preview did not start"
        time.sleep(0.05)
    try:
        yield served
    finally:
        stop.set()
        thread.join(30)
        assert not thread.is_alive()


class Events:
    """The event stream a page listens to, read line by line."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", EVENTS)
        self.answer = self.connection.getresponse()
        assert self.answer.status == 200
        assert self.answer.getheader("Content-Type") == "text/event-stream"

    def next(self, timeout: float = 60) -> tuple[str, str]:
        """Return the next event's name and data (comments are skipped)."""
        name, data, deadline = "message", "", time.monotonic() + timeout
        while True:
            assert time.monotonic() < deadline, "no event came"
            line = self.answer.fp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif line == "" and data:
                return name, data

    def close(self) -> None:
        self.answer.close()
        self.connection.close()


def edit(root: Path, old: str, new: str) -> None:
    path = root / PLAN
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_preview_serves_the_output_with_the_reload_script(built_project: Path) -> None:
    dist = built_project / "dist"
    with previewing(built_project) as served:
        status, page = served.get(PAGE)
        assert status == 200
        built = (dist / PAGE.lstrip("/")).read_bytes()
        assert page == built.replace(b"</body>", SNIPPET + b"</body>")
        assert served.get("/web/annual-plan-2021/") == (200, page)
        assert served.get("/annual-plan-2021.pdf") == (
            200,
            (dist / "annual-plan-2021.pdf").read_bytes(),
        )
        assert served.get("/web/style.css") == (200, (dist / "web/style.css").read_bytes())
        assert served.get("/web/annual-plan-2021")[0] == 301
    assert b"EventSource" not in built  # the built files hold no preview code


def test_preview_serves_nothing_outside_the_output(built_project: Path) -> None:
    dist = built_project / "dist"
    (dist / "web" / "leak.yaml").symlink_to(built_project / "sources" / "office.yaml")
    (dist / "web" / "up").symlink_to(built_project / "sources")
    with previewing(built_project) as served:
        for path in [
            "/../sources/office.yaml",
            "/%2e%2e/sources/office.yaml",
            "/web/..%2f..%2fsources/office.yaml",
            "/web/%2e%2e/%2e%2e/sources/office.yaml",
            "/web/..\\..\\sources\\office.yaml",
            "/.pipeline-state.json",
            "/web/leak.yaml",
            "/web/up/office.yaml",
            "/%00",
        ]:
            status, body = served.get(path)
            assert status == 403, path
            assert b"Bali" not in body
        assert served.get("/nothing-here.html")[0] == 404
        assert served.get("//etc/passwd")[0] in {403, 404}


def test_preview_answers_only_on_loopback(built_project: Path) -> None:
    with previewing(built_project) as served:
        assert served.get("/web/", host="example.org")[0] == 403  # a rebound name
        assert served.get("/web/", host=f"localhost:{served.port}")[0] == 200
        for address in _other_addresses():
            with pytest.raises(OSError), socket.create_connection((address, served.port), 2):
                pass


def _other_addresses() -> list[str]:
    """Return this machine's addresses that are not loopback (none on a closed machine)."""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        return []
    return [str(a) for a in found if not str(a).startswith(("127.", "::1"))]


def test_pages_are_told_of_each_rebuild_and_each_failure(built_project: Path) -> None:
    with previewing(built_project) as served:
        events = Events(served.port)
        name, data = events.next()
        assert name == "hello" and json.loads(data)["errors"] is None
        edit(built_project, "First Workshop of Female Officer", "First Workshop of the Officers")
        assert events.next()[0] == "reload"
        assert b"First Workshop of the Officers" in served.get(PAGE)[1]

        edit(built_project, "purposes: [1]\n", "purposes: [9]\n")
        line = line_of(built_project / PLAN, "purposes: [9]")
        name, data = events.next()
        assert name == "failed"
        assert f"{PLAN}:{line}:20: purposes: 9 is not a strategic purpose (1-4)" in json.loads(data)
        assert b"First Workshop of the Officers" in served.get(PAGE)[1]  # the last good one
        late = Events(served.port)  # a page opened now is shown the errors at once
        assert json.loads(late.next()[1])["errors"]

        edit(built_project, "purposes: [9]\n", "purposes: [1]\n")
        assert events.next()[0] == "reload"
        assert late.next()[0] == "reload"
        events.close()
        late.close()


@pytest.mark.own_process
def test_ctrl_c_stops_the_preview(built_project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "preview", "--root", str(built_project), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = read_until(process, " start: ")  # status lines (stdout is --json's): first build over
    assert "serving dist/ at http://127.0.0.1:" in lines[0]
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped watching" in err and "Traceback" not in err


@pytest.mark.browser
def test_an_open_page_follows_edits_and_shows_errors_by_itself(built_project: Path) -> None:
    from ..browser import chromium, require_browser

    require_browser()
    page = built_project / "dist" / PAGE.lstrip("/")
    with previewing(built_project) as served, chromium(1280) as browser:
        browser.load(f"http://127.0.0.1:{served.port}{PAGE}")
        browser.wait_for("window.__previewBuild")
        browser.execute("window.__openedByTheTest = true;")
        state = built_project / "dist" / STATE_FILE  # written last: the commit is over
        before = state.stat().st_mtime_ns
        edit(built_project, "First Workshop of Female Officer", "First Workshop of the Officers")
        while state.stat().st_mtime_ns == before or not page.exists():
            time.sleep(0.005)
        browser.wait_for("document.body.innerText.includes('First Workshop of the Officers')", 1.0)
        assert not browser.evaluate("window.__openedByTheTest === true")  # it reloaded itself

        edit(built_project, "purposes: [1]\n", "purposes: [9]\n")
        line = line_of(built_project / PLAN, "purposes: [9]")
        shown = browser.wait_for("document.getElementById('preview-errors')?.innerText", 30)
        assert f"{PLAN}:{line}:20: purposes: 9 is not a strategic purpose (1-4)" in shown
        assert browser.evaluate(
            "document.body.innerText.includes('First Workshop of the Officers')"
        )

        edit(built_project, "purposes: [9]\n", "purposes: [1]\n")
        browser.wait_for("window.__previewBuild && !document.getElementById('preview-errors')", 30)
