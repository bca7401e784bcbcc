"""The PDFs the accessibility gate checks: the shipped sources, their archival variant, the
test fixtures (one of them a plan whose quarter tables continue over the next page), and a
plan long enough to be printed in parts and merged, in both variants.

`python -m tests.accessibility.builds OUT` builds them all under OUT and prints, for each
PDF, its build's name and its path (a tab between), for checkers that run on files (the
`outloud` nox session).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..conftest import FIXTURES, copy_project, repeat_activities, run_cli

# name: (the sources, or None for the shipped ones; extra build options)
BUILDS: dict[str, tuple[Path | None, tuple[str, ...]]] = {
    "shipped": (None, ()),
    "archival": (None, ("--pdf-variant", "pdf/a-3u")),
    "crossing": (FIXTURES / "crossing" / "sources", ()),
    "notices": (FIXTURES / "notices" / "sources", ()),
    "minimal": (FIXTURES / "minimal" / "sources", ()),
    "long": (None, ()),
    "long-archival": (None, ("--pdf-variant", "pdf/a-3u")),
}
LONG_TIMES = 10  # the shipped plan's activities ten times over: two parts


def build(name: str, place: Path) -> Path:
    """Build the PDFs of `name` in a project made at `place`; return its output folder."""
    sources, options = BUILDS[name]
    root = copy_project(place, sources)
    if name.startswith("long"):
        repeat_activities(root, LONG_TIMES)
    result = run_cli("build", "--root", root, "--only", "*.pdf", "--quiet", *options)
    if result.returncode != 0:
        raise RuntimeError(f"the {name} build failed: {result.stderr}")
    return root / "dist"


def pdfs(out: Path) -> list[Path]:
    """Return every PDF under `out`, in order."""
    return sorted(out.rglob("*.pdf"))


def main(argv: list[str]) -> int:
    """Build every gate build under the folder `argv[0]`; print each PDF's build and path."""
    top = Path(argv[0]).resolve()
    for name in BUILDS:
        for path in pdfs(build(name, top / name)):
            print(f"{name}\t{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
