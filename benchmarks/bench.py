"""Measure the pipeline against baselines run on the same machine, in the same session.

    python benchmarks/bench.py [--repeat N] [--quick] [--no-huge] [--only GROUP]
                               [--out benchmarks/latest.md]

Every case runs in a new process (as the officer runs it) at least N times; the table gives
the median, min and max, and each median as a ratio to baselines measured here too: raw
WeasyPrint rendering the same HTML and CSS (the floor), a process that only imports
WeasyPrint, LibreOffice converting the same Word file to PDF (where it is installed), and
Typst setting the same plan and notices from the same sources (benchmarks/typst/), cold,
for the cases it can do. The ×1000 plan and the 1,998 notices run once; `--no-huge` skips
the ×1000 plan, `--quick` the ×100 and ×1000 plans and the 1,998 notices; `--only` measures
the baselines and the groups named (small, edits, notices, plans, huge, most) alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
import typst_anchor  # noqa: E402
from measure import Case, fresh, measure, pipeline, run, warm_watch  # noqa: E402

NOTICE = "guide-access-to-remedies"  # the one notice built alone
WITNESSES = "notices/RSO-REL-2021-11-notice-guide-victim-witnesses.pdf"
PLAN = "annual-plan-2021"
NOTICES = ("--only", "notices/*", "--only", "release-notices-*")
MIB_PER_GIB = 1024


def baselines(work: Path, repeat: int) -> dict[str, Case]:
    """Measure the floor: import only, raw WeasyPrint on the plan's HTML, LibreOffice."""
    html, css = synthetic.plan_html_and_css(ROOT, work / "raw")
    raw = [
        sys.executable,
        str(HERE / "raw_weasyprint.py"),
        str(html),
        str(ROOT / "styles"),
        str(work / "raw.pdf"),
        *map(str, css),
    ]
    found = {
        "import": measure(
            Case("process that only imports WeasyPrint"),
            repeat,
            lambda: run([sys.executable, "-c", "import weasyprint"]),
        ),
        "raw": measure(Case("raw WeasyPrint, plan HTML to PDF (floor)"), repeat, lambda: run(raw)),
        "typst": measure(
            Case("process that only imports Typst"),
            repeat,
            lambda: run([sys.executable, "-c", "import typst"]),
        ),
    }
    soffice = shutil.which("soffice")
    if soffice:
        docx = work / "lo" / f"{PLAN}.docx"
        run(pipeline("build", "--out", docx.parent, "--only", docx.name))
        profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
        convert = [
            soffice,
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "lo"),
            str(docx),
        ]
        run(convert)  # first start creates the profile
        found["office"] = measure(
            Case("LibreOffice, plan DOCX to PDF"), repeat, lambda: run(convert)
        )
    return found


def typst(name: str, root: Path, jobs: list[str], repeat: int, out: Path) -> Case:
    """Measure Typst compiling `jobs` against the project at `root`, cold, into `out`."""
    typst_anchor.place(root)
    command = typst_anchor.command(root, out, jobs)
    return measure(Case(f"Typst: {name}"), repeat, lambda: run(command), fresh(out))


MOST_RELEASES = synthetic.YEAR_MOST * len(synthetic.YEARS)  # two years' full catalogues


GROUPS = ("small", "edits", "notices", "plans", "huge", "most")


def groups(quick: bool, huge: bool, only: list[str]) -> list[str]:
    """Return the groups of cases to measure, in the order they run."""
    if only:
        return [group for group in GROUPS if group in only]
    left_out = {"huge", "most"} if quick else set() if huge else {"huge"}
    return [group for group in GROUPS if group not in left_out]


def cases(
    work: Path, repeat: int, quick: bool, chosen: list[str], base: dict[str, Case]
) -> list[Case]:
    """Measure the chosen groups of cases, each beside its Typst anchor where it has one."""
    found: list[Case] = []
    if "small" in chosen:
        found += _small(work, repeat, base)
    if "edits" in chosen:
        found += _edits(work, repeat)
    if "notices" in chosen:
        found += _many_notices(work, repeat, 200)
    if "plans" in chosen:
        for factor in (10,) if quick else (10, 100):
            found += _big_plan(work, factor, max(2, repeat // 2) if factor == 100 else repeat)
    if "huge" in chosen:
        found += _big_plan(work, 1000, 1)
    if "most" in chosen:
        found += _many_notices(work, 1, MOST_RELEASES)
    return found


def _small(work: Path, repeat: int, base: dict[str, Case]) -> list[Case]:
    """Measure the shipped project's cold builds (beside Typst's), no-op and validation."""
    out, anchors = work / "dist", work / "typst"
    floor = base["raw"].median
    office = base["office"].median if "office" in base else None
    everything = typst(
        "every PDF of a full build", ROOT, typst_anchor.everything(ROOT), repeat, anchors
    )
    plan = typst("plan PDF", ROOT, ["plan"], repeat, anchors)
    one = typst("one notice", ROOT, [f"notice:{NOTICE}"], repeat, anchors)
    full = Case("full cold build (every output)", "≤ 1.0 s, ≤ 3× Typst", limit=1.0)
    full.anchor, full.anchor_limit = everything, 3.0
    found = [
        everything,
        plan,
        one,
        _cold(full, repeat, out, "build"),
        _cold(
            Case(
                "plan PDF alone, cold",
                "≤ 1.1 × raw, < LibreOffice",
                limit=min(1.1 * floor, office or floor * 2),
                anchor=plan,
            ),
            repeat,
            out,
            "build",
            "--only",
            f"{PLAN}.pdf",
        ),
        _cold(
            Case("plan DOCX alone, cold", "≤ 0.25 s", limit=0.25),
            repeat,
            out,
            "build",
            "--only",
            f"{PLAN}.docx",
        ),
        _cold(
            Case("one notice (pipeline notice <id>)", "≤ 0.6 s", limit=0.6, anchor=one),
            repeat,
            out,
            "notice",
            NOTICE,
        ),
    ]
    run(pipeline("build", "--out", out))
    noop = Case("no-op rebuild", "≤ 0.10 s", limit=0.10)
    found.append(measure(noop, repeat, lambda: run(pipeline("build", "--out", out))))
    checks = Case("validate", "≤ 0.15 s", limit=0.15)
    found.append(measure(checks, repeat, lambda: run(pipeline("validate"))))
    return found


def _cold(case: Case, repeat: int, out: Path, *args: str) -> Case:
    """Measure the pipeline run with `args` on the shipped project, into an empty `out`."""
    return measure(case, repeat, lambda: run(pipeline(*args, "--out", out)), fresh(out))


def _edits(work: Path, repeat: int) -> list[Case]:
    """Measure a rebuild after an edit: by a new build, and in a warm `watch`."""
    root = synthetic.copy_project(ROOT, work / "edit")
    run(pipeline("build", "--root", root))
    edits = iter(range(10_000))
    rebuild = measure(
        Case("rebuild after editing one release", ""),
        repeat,
        lambda: run(pipeline("build", "--root", root)),
        lambda: synthetic.edit_summary(root, next(edits)),
    )
    release = synthetic.copy_project(ROOT, work / "watch-release")
    activity = synthetic.copy_project(ROOT, work / "watch-activity")
    return [
        rebuild,
        warm_watch(
            Case("watch: edit one release → its notice (warm)", "≤ 0.15 s", limit=0.15),
            release,
            repeat,
            lambda n: synthetic.edit_summary(release, 1000 + n),
            [WITNESSES],
        ),
        warm_watch(
            Case(
                "watch: edit one activity → plan PDF and Word in place (warm)",
                "≤ 0.30 s",
                limit=0.30,
            ),
            activity,
            repeat,
            lambda n: synthetic.edit_activity(activity, 1000 + n),
            [f"{PLAN}.pdf", f"{PLAN}.docx"],
        ),
    ]


def _many_notices(work: Path, repeat: int, count: int) -> list[Case]:
    """Build `count` releases' notices from synthetic sources: all of them, and Word alone."""
    root = synthetic.many_releases(ROOT, work / f"many-{count}", count)
    out = root / "dist"
    anchor = typst(
        f"{count:,} notices (each PDF + bundle)",
        root,
        typst_anchor.notices(root),
        repeat,
        work / "typst",
    )
    every = Case(f"{count:,} notices (PDF + DOCX + bundle), cold", anchor=anchor)
    if count == 200:
        every.target, every.limit = "≤ 4 s, each ≤ 30 KB", 4.0
    else:
        every.target = "linear"
    build = pipeline("build", "--root", root, *NOTICES, "--timeout", "3600")
    measure(every, repeat, lambda: run(build), fresh(out))
    largest = max(p.stat().st_size for p in (out / "notices").glob("*.pdf")) / 1024
    every.note = f"{every.median / count * 1000:.0f} ms a notice; largest {largest:.1f} KB"
    if count > synthetic.YEAR_MOST:
        every.note += f"; two years' catalogues (a year numbers {synthetic.YEAR_MOST} at most)"
    if largest > 30:
        every.misses.append(f"largest notice {largest:.1f} KB")
    found = [anchor, every]
    if count == 200:
        word = pipeline("build", "--root", root, "--only", "notices/*.docx")
        found.append(
            measure(
                Case(f"{count} Word notices alone, cold", "≤ 1 s", limit=1.0),
                repeat,
                lambda: run(word),
                fresh(out),
            )
        )
    return found


def _big_plan(work: Path, factor: int, repeat: int) -> list[Case]:
    """Build the plan PDF with `factor` times the activities, beside Typst doing the same."""
    root = synthetic.bigger_plan(ROOT, work / f"x{factor}", factor)
    out = root / "dist"
    rows = 46 * factor
    anchor = typst(
        f"plan PDF ×{factor} ({rows:,} activities)", root, ["plan"], repeat, work / "typst"
    )
    targets = {
        100: ("≤ 15 s, ≤ 600 MiB", 15.0, 600.0),
        1000: ("≤ 150 s, ≤ 1.5 GiB", 150.0, 1.5 * MIB_PER_GIB),
    }
    target, limit, memory = targets.get(factor, ("linear", None, None))
    case = Case(
        f"plan PDF with ×{factor} activities ({rows:,})",
        target,
        limit=limit,
        memory_limit=memory,
        anchor=anchor,
    )
    build = pipeline("build", "--root", root, "--only", f"{PLAN}.pdf", "--timeout", "3600")
    measure(case, repeat, lambda: run(build), fresh(out))
    case.note = f"{case.median / rows * 1000:.1f} ms an activity"
    return [anchor, case]


def table(found: list[Case], base: dict[str, Case]) -> str:
    """Return the results as a Markdown table with ratios to the baselines."""

    def ratio(case: Case, key: str) -> str:
        return f"{case.median / base[key].median:.2f}×" if key in base else "n/a"

    def cpu(case: Case) -> str:
        return f"{statistics.median(case.cpu):.2f} s" if case.cpu else ""

    def anchored(case: Case) -> str:
        return f"{case.median / case.anchor.median:.2f}×" if case.anchor else ""

    lines = [
        "| case | median | min | max | CPU | target | verdict | ÷ raw WeasyPrint | "
        "÷ import only | ÷ LibreOffice | ÷ Typst | peak MiB | note |",
        "|" + "---|" * 13,
    ]
    for case in [*base.values(), *found]:
        lines.append(
            f"| {case.name} | {case.median:.3f} s | {min(case.seconds):.3f} | "
            f"{max(case.seconds):.3f} | {cpu(case)} | {case.target} | {case.verdict()} | "
            f"{ratio(case, 'raw')} | {ratio(case, 'import')} | {ratio(case, 'office')} | "
            f"{anchored(case)} | {case.peak_mib:.0f} | {case.note} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """Return a line describing where the figures were measured."""
    names = ("weasyprint", "python-docx", "pikepdf", "typst")
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in names)
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"{versions}"
    )


def compile_bytecode() -> None:
    """Compile the package's bytecode first, as an ordinary machine caches it after one run.

    (Where PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile the pipeline's
    sources again: about 0.03 s that no officer's second run pays.)
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "pipeline")], check=True)


def header(args: argparse.Namespace, load: tuple[float, float]) -> str:
    """Return the heading of latest.md: where, how often, and what was left out."""
    skipped = []
    if args.only:
        skipped.append(f"every group but {', '.join(args.only)} (`--only`)")
    elif args.quick:
        skipped.append("the ×100 and ×1000 plans and the 1,998 notices (`--quick`)")
    elif not args.huge:
        skipped.append("the ×1000 plan (`--no-huge`)")
    title = "# Benchmark (a quick run, not the final one)" if args.quick else "# Benchmark"
    return (
        f"{title}\n\nMeasured by `python3 -m nox -s bench` on {machine()}; "
        f"{args.repeat} runs per case (the ×1000 plan and the 1,998 notices once), each in a "
        "new process unless it says warm; the package's bytecode compiled beforehand; "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after (CPU: the median user + "
        "system time of a run, its workers' included, which the machine's load changes less "
        "than the wall time; peak MiB: the most memory its processes held together, their "
        "proportional set sizes added up, or its largest process's, where that is more). "
        "Typst compiles "
        "benchmarks/typst/ (the same plan and notices, PDF/UA-1, the brand's fonts only) "
        "cold in the same session; ÷ Typst compares a case with Typst doing the same PDFs."
        + (f" Left out: {'; '.join(skipped)}." if skipped else "")
        + "\n\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (default 5)")
    parser.add_argument(
        "--quick", action="store_true", help="skip the ×100 and ×1000 plans and 1,998 notices"
    )
    parser.add_argument(
        "--no-huge", dest="huge", action="store_false", help="skip the ×1000 plan (minutes)"
    )
    parser.add_argument(
        "--only", action="append", choices=GROUPS, default=[], help="measure this group alone"
    )
    parser.add_argument("--out", type=Path, default=HERE / "latest.md")
    args = parser.parse_args()
    try:  # by its distribution: benchmarks/typst/, on the path, is a folder of that name
        metadata.version("typst")
    except metadata.PackageNotFoundError:
        raise SystemExit(
            "the Typst anchor needs the bench extra: pip install -e '.[bench]'"
        ) from None
    compile_bytecode()
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="rso-bench-") as folder:
        work = Path(folder)
        print("baselines:", flush=True)
        base = baselines(work, args.repeat)
        print("pipeline and Typst:", flush=True)
        found = cases(work, args.repeat, args.quick, groups(args.quick, args.huge, args.only), base)
    result = table(found, base)
    print("\n" + result)
    text = header(args, (before, os.getloadavg()[0])) + re.sub(r"\n+$", "\n", result + "\n")
    args.out.write_text(text, "utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
