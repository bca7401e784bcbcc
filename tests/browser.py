"""Drive Debian's headless Chromium through Selenium for tests of the web edition.

`python3 -m nox -s web` installs what these need: Chromium and its driver from Debian,
axe-core from npm (pinned in package.json and its lock), Selenium from PyPI. Selenium
Manager is never asked for a driver: the system's chromedriver is named explicitly.
"""

from __future__ import annotations

import base64
import json
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
except ImportError:  # the `tests` session has no browser; the `web` session installs one
    webdriver = None  # type: ignore[assignment]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
WIDTHS: tuple[int, ...] = (320, 1280)

# Flags needed as root on a machine whose network is closed: without the
# background-networking ones Chromium keeps dialling out and gets refused.
# The host-resolver rule makes every name but localhost unresolvable, so a
# stray reference to an outside host fails fast and sends nothing.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)

_OVERFLOW_JS = """
const root = document.documentElement;
const limit = root.clientWidth;
const culprits = [];
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5)) {
    culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                  (el.className && typeof el.className === 'string'
                     ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
  }
}
return {scrollWidth: root.scrollWidth, clientWidth: limit,
        innerWidth: window.innerWidth, culprits: culprits.slice(0, 20)};
"""

_AXE_RUN_JS = """
return axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},
                          resultTypes: ['violations']})
          .then(r => r.violations);
"""


@dataclass(frozen=True)
class Overflow:
    """Describe how far a page is wider than its viewport."""

    scroll_width: int
    client_width: int
    inner_width: int
    culprits: list[str]

    @property
    def pixels(self) -> int:
        """Return the horizontal overflow in CSS pixels (0 when none)."""
        return max(0, self.scroll_width - self.client_width)


class Browser:
    """Wrap one headless Chromium session with an exact CSS viewport."""

    def __init__(self, driver: webdriver.Chrome, width: int, height: int) -> None:
        """Keep the driver and the viewport it was set to."""
        self.driver = driver
        self.width = width
        self.height = height

    def cdp(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one Chrome DevTools Protocol command and return its result."""
        result: dict[str, Any] = self.driver.execute_cdp_cmd(method, params)
        return result

    def set_viewport(self, width: int, height: int = 800) -> None:
        """Make the layout viewport exactly width x height CSS pixels."""
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.cdp("Emulation.setScrollbarsHidden", hidden=True)
        self.width, self.height = width, height

    def load(self, url: str) -> None:
        """Navigate to url and wait until the document has loaded."""
        self.driver.get(url)

    def evaluate(self, expression: str, *args: Any) -> Any:
        """Evaluate a JavaScript expression (arguments[i] are args) and return it."""
        return self.driver.execute_script(f"return ({expression});", *args)

    def execute(self, script: str, *args: Any) -> Any:
        """Run a JavaScript function body and return what it returns."""
        return self.driver.execute_script(script, *args)

    def overflow(self) -> Overflow:
        """Measure horizontal overflow of the document against the viewport."""
        raw = self.execute(_OVERFLOW_JS)
        return Overflow(
            scroll_width=int(raw["scrollWidth"]),
            client_width=int(raw["clientWidth"]),
            inner_width=int(raw["innerWidth"]),
            culprits=list(raw["culprits"]),
        )

    def axe(self, tags: Sequence[str] = AXE_TAGS, axe_js: Path = AXE_JS) -> list[dict[str, Any]]:
        """Inject the pinned axe-core if needed, run it, and return its violations."""
        if not self.evaluate("typeof window.axe === 'object'"):
            self.execute(axe_js.read_text(encoding="utf-8"))
        return list(self.execute(_AXE_RUN_JS, list(tags)))

    def wait_for(self, expression: str, timeout: float = 5.0, interval: float = 0.02) -> Any:
        """Poll a JavaScript expression until it is truthy and return its value."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except Exception:  # page is navigating; the next poll retries
                value = None
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(f"not true within {timeout}s: {expression}")
            time.sleep(interval)

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole page (beyond the viewport) to path."""
        size = self.cdp("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.cdp(
            "Page.captureScreenshot",
            format="png",
            captureBeyondViewport=True,
            clip={
                "x": 0,
                "y": 0,
                "width": max(self.width, size["width"]),
                "height": size["height"],
                "scale": 1,
            },
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def requested_urls(self) -> list[str]:
        """Return URLs the page requested since the last call (drains the log)."""
        urls: list[str] = []
        entries: list[dict[str, Any]] = self.driver.get_log("performance")  # type: ignore[no-untyped-call]
        for entry in entries:
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def resource_urls(self) -> list[str]:
        """Return URLs the page's Resource Timing buffer lists."""
        return list(self.evaluate("performance.getEntriesByType('resource').map(e => e.name)"))


def external(urls: Sequence[str], origin: str) -> list[str]:
    """Return the URLs that leave origin (data:, blob:, about:, chrome: are local)."""
    local = (origin + "/", "data:", "blob:", "about:", "chrome:", "chrome-error:")
    return [u for u in urls if u != origin and not u.startswith(local)]


@contextmanager
def chromium(width: int = 1280, height: int = 800) -> Iterator[Browser]:
    """Start a headless Chromium whose viewport is width CSS px, and stop it after."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    # The window has a minimum width (500 px); the emulated viewport does not.
    options.add_argument(f"--window-size={max(width, 800)},{height}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # An explicit driver path makes Selenium skip Selenium Manager entirely.
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_script_timeout(30)
        browser = Browser(driver, width, height)
        browser.set_viewport(width, height)
        browser.requested_urls()  # drop the start-up tab's chrome:// requests
        yield browser
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def require_browser() -> None:
    """Fail, saying what to run, when Chromium, its driver, Selenium or axe-core is missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER, AXE_JS) if not p.exists()]
    if webdriver is None:
        missing.append("selenium")
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: run `python3 -m nox -s web`, which installs them"
        )
