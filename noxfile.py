"""Sessions to build, test and check the pipeline: `python3 -m nox -s <session> [-- args]`."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

import nox

nox.options.sessions = ["build", "tests"]
nox.options.default_venv_backend = "venv"
PINNED = ("-c", "constraints.txt")  # every package at the version the project was tested with

# Debian packages: what rendering needs (HarfBuzz's subsetter makes font subsetting fast and
# byte-reproducible), and the tools the tests read outputs back with.
RUNTIME_DEBS = ["libharfbuzz-subset0"]
TEST_DEBS = ["poppler-utils", "qpdf", "zbar-tools", "faketime", "e2fsprogs"]
OFFICE_DEBS = ["libreoffice-writer-nogui", "python3-uno"]  # uno: accept tracked changes
# The browser tests: Chromium and the chromedriver of the same build (Selenium drives it).
WEB_DEBS = ["chromium", "chromium-driver"]
NPM = ("npm", "ci", "--no-audit", "--no-fund")  # axe-core at the version package-lock.json pins


def debian_packages(session: nox.Session, *packages: str) -> None:
    """Install the Debian packages that are missing, or fail saying which are needed."""
    missing = [p for p in packages if not _installed(p)]
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.error(f"please install the Debian packages: {' '.join(missing)}")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    wait = ("-o", "DPkg::Lock::Timeout=900")  # another install may hold the lock a while
    session.run("apt-get", *wait, "update", "-qq", external=True, env=env)
    session.run("apt-get", *wait, "install", "-y", "-qq", *missing, external=True, env=env)


def _installed(package: str) -> bool:
    """Return whether a Debian package is installed."""
    if shutil.which("dpkg-query") is None:
        return False
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "install ok installed"


@nox.session(reuse_venv=True)
def build(session: nox.Session) -> None:
    """Install the pipeline and build dist/ from the shipped sources."""
    debian_packages(session, *RUNTIME_DEBS)
    session.install(*PINNED, "-e", ".")
    session.run("python", "-m", "pipeline", "build", *session.posargs)


@nox.session(reuse_venv=True)
def tests(session: nox.Session) -> None:
    """Run the test suite (end-to-end builds included; LibreOffice checks are `interop`)."""
    debian_packages(session, *RUNTIME_DEBS, *TEST_DEBS)
    session.install(*PINNED, "-e", ".[test]")
    args = session.posargs or ["-m", "not interop and not browser", "-n", "auto", "-q"]
    session.run("python", "-m", "pytest", *args)


@nox.session(reuse_venv=True)
def web(session: nox.Session) -> None:
    """Load the web edition and the preview in Chromium; check every page with axe-core."""
    node = [] if shutil.which("npm") else ["npm"]
    debian_packages(session, *RUNTIME_DEBS, *TEST_DEBS, *WEB_DEBS, *node)
    session.run(*NPM, external=True)
    session.install(*PINNED, "-e", ".[test,browser]")
    args = session.posargs or ["-n", "2", "-q"]
    session.run("python", "-m", "pytest", "-m", "browser", *args)


@nox.session(reuse_venv=True)
def interop(session: nox.Session) -> None:
    """Open the Word outputs in LibreOffice and check every activity and tick survives."""
    debian_packages(session, *RUNTIME_DEBS, *TEST_DEBS, *OFFICE_DEBS)
    session.install(*PINNED, "-e", ".[test]")
    session.run("python", "-m", "pytest", "-m", "interop", "-q", *session.posargs)


@nox.session(reuse_venv=True)
def accessibility(session: nox.Session) -> None:
    """Build the shipped sources, their archival variant and the fixtures; fail on any finding
    of page-validation or of our own pikepdf checks (tests/accessibility)."""
    debian_packages(session, *RUNTIME_DEBS, *TEST_DEBS)
    session.install(*PINNED, "-e", ".[test]")
    args = session.posargs or ["-q", "-p", "no:cacheprovider"]
    session.run("python", "-m", "pytest", "tests/accessibility", "--gate", *args)


# outloud's rules that misjudge a build, by build. TBL-014 ("a ruled grid no /Table covers")
# takes each /Table to lie on one page: where a quarter table rightly continues over the next
# page as one /Table (the crossing fixture, the long plan), it misses the rows drawn on the
# later pages.
OUTLOUD_SKIPPED = {
    name: "TBL-014" for name in ("crossing", "long", "long-archival", "pieced", "pieced-archival")
}


@nox.session(reuse_venv=True)
def outloud(session: nox.Session) -> None:
    """Build the same PDFs and fail on any error or warning of the outloud checker."""
    debian_packages(session, *RUNTIME_DEBS, *TEST_DEBS)
    session.install(*PINNED, "-e", ".[test,outloud]")
    place = os.path.join(session.create_tmp(), "accessibility")
    shutil.rmtree(place, ignore_errors=True)
    session.run("python", "-m", "tests.accessibility.builds", place, silent=True)
    built = {
        name: sorted(glob.glob(os.path.join(place, name, "dist", "**", "*.pdf"), recursive=True))
        for name in sorted(os.listdir(place))
    }
    if not any(built.values()):
        session.error("no PDF was built")
    for name, pdfs in built.items():
        skipped = ["--skip", OUTLOUD_SKIPPED[name]] if name in OUTLOUD_SKIPPED else []
        session.log(f"outloud on the {name} build ({len(pdfs)} PDFs) {' '.join(skipped)}")
        session.run(
            "outloud",
            *pdfs,
            "--fail-on",
            "warning",
            "--no-info",
            *skipped,
            *session.posargs,
            silent=False,
            log=False,
        )


@nox.session(reuse_venv=True)
def lint(session: nox.Session) -> None:
    """Check style, formatting and common mistakes with ruff."""
    session.install(*PINNED, "ruff")
    paths = session.posargs or ["pipeline", "tests", "benchmarks", "noxfile.py"]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session(reuse_venv=True)
def typecheck(session: nox.Session) -> None:
    """Check the types of pipeline/ with mypy (strict)."""
    session.install(*PINNED, "-e", ".[dev]")
    session.run("mypy", *(session.posargs or ["pipeline"]))


@nox.session(reuse_venv=True)
def schema(session: nox.Session) -> None:
    """Regenerate the JSON Schemas in sources/schemas/ from the model."""
    session.install(*PINNED, "-e", ".")
    session.run("python", "-m", "pipeline", "schema", *session.posargs)


@nox.session(reuse_venv=True)
def assets(session: nox.Session) -> None:
    """Regenerate the derived brand assets: font coverage and the logo PNG."""
    debian_packages(session, "poppler-utils")
    session.install(*PINNED, "-e", ".")
    session.run("python", "-m", "pipeline", "assets", *session.posargs)


@nox.session(reuse_venv=True)
def previews(session: nox.Session) -> None:
    """Build, then refresh the README's page thumbnails in styles/previews/."""
    debian_packages(session, *RUNTIME_DEBS, "poppler-utils")
    session.install(*PINNED, "-e", ".")
    session.run("python", "-m", "pipeline", "build", "--quiet")
    plan, notice = (
        "annual-plan-2021.pdf",
        "notices/RSO-REL-2021-07-notice-guide-victim-identification.pdf",
    )
    pages = {
        "plan-cover": (plan, 1),
        "plan-purposes": (plan, 4),
        "plan-quarter": (plan, 5),
        "notice": (notice, 1),
    }
    for name, (pdf, page) in pages.items():
        session.run(
            "pdftoppm",
            "-png",
            "-r",
            "28",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            f"dist/{pdf}",
            f"styles/previews/{name}",
            external=True,
        )


@nox.session(reuse_venv=True)
def bench(session: nox.Session) -> None:
    """Measure speed against WeasyPrint, LibreOffice and Typst; write benchmarks/latest.md."""
    debian_packages(session, *RUNTIME_DEBS, "poppler-utils", *OFFICE_DEBS)  # a baseline
    session.install(*PINNED, "-e", ".[bench]")
    session.run("python", "benchmarks/bench.py", *session.posargs)
