"""The web edition in a real browser: Chromium lays out every page at a phone's and a
desktop's width, the DOM holds the seed's activities and ticks, and axe-core finds no
violation of WCAG 2.2 AA."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ..browser import WIDTHS, Browser, chromium, external, require_browser
from ..seed import rows

pytestmark = pytest.mark.browser


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def built(good_build: Path) -> Path:
    """Return the output of the build the preview's test starts from too (one build a worker)."""
    return good_build / "dist"


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    """Serve the built output on loopback, as a plain web server would."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built)))
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    require_browser()
    with chromium(request.param) as opened:
        yield opened


def pages(built: Path) -> list[str]:
    return sorted("/" + p.relative_to(built).as_posix() for p in (built / "web").rglob("*.html"))


def test_no_page_scrolls_sideways(browser: Browser, site: str, built: Path) -> None:
    for page in pages(built):
        browser.load(site + page)
        overflow = browser.overflow()
        assert overflow.client_width == browser.width
        assert overflow.pixels == 0, (page, overflow.culprits)


def test_every_activity_and_tick_of_the_seed_is_in_the_page(browser: Browser, site: str) -> None:
    browser.load(site + "/web/annual-plan-2021/index.html")
    found = browser.execute(
        """
        return [...document.querySelectorAll('table.activities tbody tr')].map(tr => [
          tr.querySelector('td.activity').innerText.replace(/\\s+/g, ' ').trim(),
          [...tr.querySelectorAll('td.tick')].map(td => td.textContent.trim()),
        ]);
        """
    )
    expected = [(r.text, [f"✓Purpose {t}: yes" for t in r.ticks]) for r in rows()]
    assert [(text, ticks) for text, ticks in found] == expected
    tables = browser.evaluate("document.querySelectorAll('table.activities').length")
    captions = browser.evaluate(
        "[...document.querySelectorAll('table.activities')].filter(t => t.caption).length"
    )
    assert tables == captions == 4


def test_axe_finds_no_violation_of_wcag_22_aa(browser: Browser, site: str, built: Path) -> None:
    problems = {}
    for page in pages(built):
        browser.load(site + page)
        violations = browser.axe()
        if violations:
            problems[page] = [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    assert problems == {}


def test_pages_request_nothing_from_elsewhere(browser: Browser, site: str, built: Path) -> None:
    browser.requested_urls()
    for page in pages(built):
        browser.load(site + page)
        browser.wait_for("document.fonts.status === 'loaded'")
    requested = browser.requested_urls()
    assert any(url.endswith(".woff2") for url in requested)  # the fonts come from the site
    assert external(requested, site) == []
