"""Measure the pipeline against baselines run on the same machine, in the same session.

    python benchmarks/bench.py [--repeat N] [--quick] [--out benchmarks/latest.md]

Every case runs in a new process (as the officer runs it) at least N times; the table gives
the median, min and max, and each median as a ratio to three baselines measured here too:
raw WeasyPrint rendering the same HTML and CSS (the floor), a process that only imports
WeasyPrint, and LibreOffice converting the same Word file to PDF (where it is installed).
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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402


@dataclass
class Case:
    """One measured case: its timings (seconds), peak memory (MiB) and its target, if any."""

    name: str
    target: str = ""
    seconds: list[float] = field(default_factory=list)
    peak_mib: float = 0.0
    note: str = ""
    limit: float | None = None  # the target in seconds, when it is one
    memory_limit: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def verdict(self) -> str:
        """Return 'met', or how far the median (or the memory) is from the target."""
        misses = []
        if self.limit is not None and self.median > self.limit:
            misses.append(f"{self.median / self.limit:.2f}× the time")
        if self.memory_limit is not None and self.peak_mib > self.memory_limit:
            misses.append(f"{self.peak_mib / self.memory_limit:.2f}× the memory")
        if self.limit is None and self.memory_limit is None:
            return ""
        return "met" if not misses else "missed: " + ", ".join(misses)


def run(
    argv: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Run a command; return its wall time and peak resident memory in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{process.stderr.read().decode()}")  # type: ignore[union-attr]
    return elapsed, usage.ru_maxrss / 1024


def measure(
    case: Case,
    repeat: int,
    once: Callable[[], tuple[float, float]],
    before: Callable[[], None] = lambda: None,
) -> Case:
    """Run `once` `repeat` times (after `before` each time) and record the case."""
    for _ in range(repeat):
        before()
        seconds, peak = once()
        case.seconds.append(seconds)
        case.peak_mib = max(case.peak_mib, peak)
    print(f"  {case.name}: {case.median:.3f} s", flush=True)
    return case


def pipeline(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", *map(str, args)]


def fresh(folder: Path) -> Callable[[], None]:
    """Return a step that empties `folder`, for cold builds."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


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
    }
    soffice = shutil.which("soffice")
    if soffice:
        docx = work / "lo" / "annual-plan-2021.docx"
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


def cases(work: Path, repeat: int, quick: bool, base: dict[str, Case]) -> list[Case]:
    """Measure every case of the pipeline."""
    out = work / "dist"
    floor = base["raw"].median
    office = base["office"].median if "office" in base else None
    found = [
        measure(
            Case("full cold build (plan PDF + DOCX, 12 notices, bundle)", "≤ 2.0 s", limit=2.0),
            repeat,
            lambda: run(pipeline("build", "--out", out)),
            fresh(out),
        ),
        measure(
            Case(
                "plan PDF alone, cold",
                "≤ 1.1 × raw, < LibreOffice",
                limit=min(1.1 * floor, office or floor * 2),
            ),
            repeat,
            lambda: run(pipeline("build", "--out", out, "--only", "annual-plan-2021.pdf")),
            fresh(out),
        ),
        measure(
            Case("plan DOCX alone, cold", "≤ 0.25 s", limit=0.25),
            repeat,
            lambda: run(pipeline("build", "--out", out, "--only", "annual-plan-2021.docx")),
            fresh(out),
        ),
        measure(
            Case("one notice (pipeline notice <id>)", "≤ 0.6 s", limit=0.6),
            repeat,
            lambda: run(pipeline("notice", "guide-access-to-remedies", "--out", out)),
            fresh(out),
        ),
    ]
    run(pipeline("build", "--out", out))
    found.append(
        measure(
            Case("no-op rebuild", "≤ 0.10 s", limit=0.10),
            repeat,
            lambda: run(pipeline("build", "--out", out)),
        )
    )
    found.append(
        measure(Case("validate", "≤ 0.15 s", limit=0.15), repeat, lambda: run(pipeline("validate")))
    )
    found.append(_edited_release(work, repeat))
    found.append(_watch(work, repeat))
    found.append(_many_notices(work, repeat))
    for factor in (10,) if quick else (10, 100):
        found.append(_big_plan(work, factor, max(2, repeat // 2) if factor == 100 else repeat))
    return found


def _edited_release(work: Path, repeat: int) -> Case:
    """Rebuild after editing one release's summary: its notice and the bundle."""
    root = synthetic.copy_project(ROOT, work / "edit")
    run(pipeline("build", "--root", root))
    edits = iter(range(10_000))
    return measure(
        Case("rebuild after editing one release", ""),
        repeat,
        lambda: run(pipeline("build", "--root", root)),
        lambda: synthetic.edit_summary(root, next(edits)),
    )


def _watch(work: Path, repeat: int) -> Case:
    """Time from saving a release to its rebuilt notice PDF, in a warm `watch` process."""
    root = synthetic.copy_project(ROOT, work / "watch")
    run(pipeline("build", "--root", root))
    case = Case("watch: edit to written notice (warm)", "≤ 0.25 s", limit=0.25)
    process = subprocess.Popen(
        pipeline("watch", "--root", root),
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        synthetic.wait_for(process, "start:")
        for index in range(repeat):
            time.sleep(0.3)
            started = time.perf_counter()
            synthetic.edit_summary(root, 1000 + index)
            synthetic.wait_for(process, "notices/RSO-REL-2021-11-notice-guide-victim-witnesses.pdf")
            case.seconds.append(time.perf_counter() - started)
    finally:
        process.terminate()
        process.wait()
    print(f"  {case.name}: {case.median:.3f} s", flush=True)
    return case


def _many_notices(work: Path, repeat: int) -> Case:
    """Build 200 releases' notices (PDF, Word and the bundle) from synthetic sources."""
    root = synthetic.many_releases(ROOT, work / "many", 200)
    out = root / "dist"
    case = measure(
        Case("200 notices (PDF + DOCX + bundle), cold", "≤ 4 s, each ≤ 30 KB", limit=4.0),
        repeat,
        lambda: run(
            pipeline("build", "--root", root, "--only", "notices/*", "--only", "release-notices-*")
        ),
        fresh(out),
    )
    largest = max(p.stat().st_size for p in (out / "notices").glob("*.pdf"))
    case.note = f"largest notice {largest / 1024:.1f} KB"
    if largest > 30 * 1024:
        case.note += " (over 30 KB)"
    return case


def _big_plan(work: Path, factor: int, repeat: int) -> Case:
    """Build the plan PDF with `factor` times the activities."""
    root = synthetic.bigger_plan(ROOT, work / f"x{factor}", factor)
    out = root / "dist"
    big = factor == 100
    case = Case(
        f"plan PDF with ×{factor} activities ({46 * factor})",
        "≤ 20 s, ≤ 600 MiB" if big else "linear",
        limit=20.0 if big else None,
        memory_limit=600.0 if big else None,
    )
    return measure(
        case,
        repeat,
        lambda: run(pipeline("build", "--root", root, "--only", "*.pdf", "--timeout", "600")),
        fresh(out),
    )


def table(found: list[Case], base: dict[str, Case]) -> str:
    """Return the results as a Markdown table with ratios to the baselines."""

    def ratio(case: Case, key: str) -> str:
        return f"{case.median / base[key].median:.2f}×" if key in base else "n/a"

    lines = [
        "| case | median | min | max | target | verdict | ÷ raw WeasyPrint | "
        "÷ import only | ÷ LibreOffice | peak MiB | note |",
        "|" + "---|" * 11,
    ]
    for case in [*base.values(), *found]:
        lines.append(
            f"| {case.name} | {case.median:.3f} s | {min(case.seconds):.3f} | "
            f"{max(case.seconds):.3f} | {case.target} | {case.verdict()} | "
            f"{ratio(case, 'raw')} | {ratio(case, 'import')} | {ratio(case, 'office')} | "
            f"{case.peak_mib:.0f} | {case.note} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """Return a line describing where the figures were measured."""
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("weasyprint", "python-docx", "pypdf")
    )
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (default 5)")
    parser.add_argument("--quick", action="store_true", help="skip the ×100 plan")
    parser.add_argument("--out", type=Path, default=HERE / "latest.md")
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="rso-bench-") as folder:
        work = Path(folder)
        print("baselines:", flush=True)
        base = baselines(work, args.repeat)
        print("pipeline:", flush=True)
        found = cases(work, args.repeat, args.quick, base)
    result = table(found, base)
    print("\n" + result)
    header = (
        f"# Benchmark\n\nMeasured by `python3 -m nox -s bench` on {machine()}; "
        f"{args.repeat} runs per case, each in a new process unless it says warm; "
        "the package's bytecode compiled beforehand.\n\n"
    )
    args.out.write_text(header + re.sub(r"\n+$", "\n", result + "\n"), "utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
