"""The PDFs the accessibility gate checks: the shipped sources, their archival variant, the
test fixtures (one of them a plan whose quarter tables continue over the next page), and a
plan long enough to be printed in parts and merged, in both variants, and the same with its
quarters laid out in pieces.

`python -m tests.accessibility.builds OUT` builds them all under OUT and prints, for each
PDF, its build's name and its path (a tab between), for checkers that run on files (the
`outloud` nox session).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.render.pdf import rows

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
    "pieced": (None, ()),
    "pieced-archival": (None, ("--pdf-variant", "pdf/a-3u")),
}
LONG_TIMES = 10  # the shipped plan's activities ten times over: two parts
PIECED_TIMES = 12  # a plan of its own (no build takes another's from the process memo)...
PIECE_CHARS = 15_000  # ...whose quarters, some 70,000 characters each, make four pieces


def build(name: str, place: Path) -> Path:
    """Build the PDFs of `name` in a project made at `place`; return its output folder."""
    sources, options = BUILDS[name]
    root = copy_project(place, sources)
    if name.startswith(("long", "pieced")):
        repeat_activities(root, PIECED_TIMES if name.startswith("pieced") else LONG_TIMES)
    with _pieces(PIECE_CHARS if name.startswith("pieced") else rows.PIECE_CHARS):
        result = run_cli("build", "--root", root, "--only", "*.pdf", "--quiet", *options)
    if result.returncode != 0:
        raise RuntimeError(f"the {name} build failed: {result.stderr}")
    return root / "dist"


@contextmanager
def _pieces(chars: int) -> Iterator[None]:
    """Lay out long chapters in pieces of about `chars` of HTML while a build runs."""
    held, rows.PIECE_CHARS = rows.PIECE_CHARS, chars
    try:
        yield
    finally:
        rows.PIECE_CHARS = held


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
