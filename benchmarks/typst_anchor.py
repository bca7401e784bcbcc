"""The benchmark's Typst anchor: the plan and notices of benchmarks/typst/, compiled cold.

    python benchmarks/typst_anchor.py ROOT OUT JOB...

Each JOB is `plan` (the plan's PDF), `bundle` (every notice of 2021 in one PDF) or
`notice:<id>` (that release's notice alone, as its own PDF); `bundle@<year>` and
`notice:<id>@<year>` are another year's. The project folder ROOT is Typst's root and
the .typ files read its sources by root-absolute paths, so they set the shipped project or a
synthetic copy of it (`place` puts them into the copy); Typst sees only the fonts in
ROOT/styles/fonts (neither the system's nor its own), and writes PDF/UA-1, as the pipeline
does. The bench runs this in a new process for every run, as it runs the pipeline.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDER = "benchmarks/typst"  # where the .typ files are, inside the project
SOURCES = {"plan": "plan.typ", "notice": "notices.typ", "bundle": "notices.typ"}
STANDARD = "ua-1"  # the pipeline's PDFs are PDF/UA-1 too
DEFAULT_YEAR = 2021  # the year the .typ files set unless told another


def place(root: Path) -> None:
    """Put the .typ files into the project at `root` (a synthetic copy), where Typst reads."""
    if (root / FOLDER).resolve() != HERE / "typst":
        shutil.copytree(HERE / "typst", root / FOLDER, dirs_exist_ok=True)


def command(root: Path, out: Path, jobs: list[str]) -> list[str]:
    """Return the command that compiles `jobs` against the project at `root` into `out`."""
    return [sys.executable, str(Path(__file__).resolve()), str(root), str(out), *jobs]


def release_ids(root: Path, year: int = 2021) -> list[str]:
    """Return the ids of the year's releases, in the order of their file."""
    import yaml  # here: the compiling process has no need of it

    text = (root / "sources" / "releases" / f"{year}.yaml").read_text("utf-8")
    return [release["id"] for release in yaml.safe_load(text)["releases"]]


def years(root: Path) -> list[int]:
    """Return the years whose releases the project lists, in order."""
    return sorted(int(path.stem) for path in (root / "sources" / "releases").glob("*.yaml"))


def notices(root: Path) -> list[str]:
    """Return the jobs of the notices a build writes: each one's PDF, and each year's bundle."""
    jobs = []
    for year in years(root):
        at = "" if year == DEFAULT_YEAR else f"@{year}"
        jobs += [*(f"notice:{rid}{at}" for rid in release_ids(root, year)), f"bundle{at}"]
    return jobs


def everything(root: Path) -> list[str]:
    """Return the jobs of every PDF a full build writes: the plan's, then the notices'."""
    return ["plan", *notices(root)]


def compile_all(root: Path, out: Path, jobs: list[str]) -> None:
    """Compile each job into `out`, with the project's fonts only.

    One compiler per .typ file, as a user making many PDFs would keep one: Typst then reads
    and parses each source file once for all of them.
    """
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(root / "styles" / "fonts")],
    )
    compilers = {
        name: typst.Compiler(
            str(root / FOLDER / name), root=str(root), font_paths=fonts, ignore_system_fonts=True
        )
        for name in set(SOURCES.values())
    }
    (out / "notices").mkdir(parents=True, exist_ok=True)
    for job in jobs:
        what, _, year = job.partition("@")
        kind, _, rid = what.partition(":")
        name = f"notices/{rid}.pdf" if rid else f"{kind}-{year}.pdf" if year else f"{kind}.pdf"
        inputs = {"id": rid} if rid else {}
        compilers[SOURCES[kind]].compile(
            output=str(out / name),
            sys_inputs=inputs | {"year": year} if year else inputs,
            timestamp=0,
            pdf_standards=[STANDARD],
        )


def main(argv: list[str]) -> int:
    """Compile the jobs on the command line; print Typst's message if one fails."""
    root, out, *jobs = argv
    import typst

    try:
        compile_all(Path(root).resolve(), Path(out), jobs)
    except typst.TypstError as error:
        print(
            error.diagnostic or error.message, *error.hints, *error.trace, sep="\n", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
