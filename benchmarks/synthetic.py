"""Synthetic projects for the benchmark: bigger plans, many releases, repeated edits."""

from __future__ import annotations

import copy
import hashlib
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import yaml

FOLDERS = ("sources", "layouts", "styles")
WITNESSES = "    title: Special and Additional Measures for Victim-Witnesses\n"
ACTIVITY = "      - id: training-workshop-identifying-protecting-victims\n"
ACTIVITY_TEXT = "Training Workshop on Identifying and Protecting Victims of Trafficking in Persons"


def copy_project(root: Path, destination: Path) -> Path:
    """Copy the project's folders to `destination`."""
    for folder in FOLDERS:
        shutil.copytree(root / folder, destination / folder)
    return destination


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


class _Dumper(yaml.SafeDumper):
    """Write every value out: the pipeline refuses YAML aliases, as it should."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, data: Any) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, "utf-8")


def bigger_plan(root: Path, destination: Path, factor: int) -> Path:
    """Return a copy whose quarters hold `factor` times their activities."""
    copy_project(root, destination)
    path = destination / "sources" / "workplans" / "2021.yaml"
    plan = _load(path)
    for quarter in plan["quarters"]:
        extra = [
            {"text": f"{a['text']} ({n})", "purposes": a["purposes"]}
            for n in range(2, factor + 1)
            for a in quarter["activities"]
        ]
        quarter["activities"] += extra
    _dump(path, plan)
    return destination


YEAR_MOST = 999  # the most releases one year's catalogue numbers (release numbers are 1-999)
YEARS = (2021, 2022)  # the years the shipped strategic plan (2021-22) spans


def many_releases(root: Path, destination: Path, count: int) -> Path:
    """Return a copy with `count` releases, each released by its own activity.

    Past the 999 a year's catalogue can number, the next year's plan (the first's, for that
    year) releases the rest; the shipped strategic plan spans two years, so 1,998 at most.
    """
    if count > YEAR_MOST * len(YEARS):
        raise ValueError(f"at most {YEAR_MOST * len(YEARS):,} releases: {len(YEARS)} years")
    copy_project(root, destination)
    first = _load(destination / "sources" / "workplans" / "2021.yaml")
    for quarter in first["quarters"]:
        for activity in quarter["activities"]:
            activity.pop("release", None)
    for index, year in enumerate(YEARS):
        serials = range(index * YEAR_MOST + 1, min(count, (index + 1) * YEAR_MOST) + 1)
        if serials:
            _year_of_releases(destination, _plan_for(first, year), year, serials)
    return destination


def _plan_for(first: dict[str, Any], year: int) -> dict[str, Any]:
    """Return the first plan moved to `year`: its year, title and quarters' dates."""
    plan = copy.deepcopy(first)
    plan["year"], plan["title"] = year, f"Annual Workplan {year}"
    for quarter in plan["quarters"]:
        for end in ("start", "end"):
            quarter[end] = quarter[end].replace(year=year)
    return plan


def _year_of_releases(destination: Path, plan: dict[str, Any], year: int, serials: range) -> None:
    """Write the year's plan, with an activity releasing each of `serials`, and its releases."""
    releases = []
    for n in serials:
        rid = f"synthetic-guide-{n:04d}"
        title = f"The {_word(n)} Guide on Cooperation"
        plan["quarters"][n % 4]["activities"].append(
            {"text": f"Release of *{title}*", "purposes": [1 + n % 4], "release": rid}
        )
        releases.append(
            {
                "id": rid,
                "number": n - serials.start + 1,
                "title": title,
                "series": "Synthetic Practitioner Guides",
                "partners": ["NEXUS Institute"],
                "summary": "A guide for practitioners on regional cooperation against "
                "people smuggling and trafficking in persons.",
            }
        )
    _dump(destination / "sources" / "workplans" / f"{year}.yaml", plan)
    _dump(
        destination / "sources" / "releases" / f"{year}.yaml",
        {"workplan": year, "releases": releases},
    )


def _word(n: int) -> str:
    """Return a made-up word of its own for `n`, so that no two titles look pasted twice."""
    digest = hashlib.sha256(str(n).encode()).digest()
    return "".join(chr(ord("a") + b % 26) for b in digest[:10]).capitalize()


def edit_activity(root: Path, revision: int) -> None:
    """Give one activity of the plan a new text, as an officer's edit would."""
    path = root / "sources" / "workplans" / "2021.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = lines.index(ACTIVITY) + 1
    lines[at] = f"        text: {ACTIVITY_TEXT}, revision {revision}\n"
    path.write_text("".join(lines), "utf-8")


def edit_summary(root: Path, revision: int) -> None:
    """Give the victim-witnesses guide a new summary, as an officer's edit would."""
    path = root / "sources" / "releases" / "2021.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = lines.index(WITNESSES) + 1
    if lines[at].startswith("    summary:"):
        del lines[at]
    summary = f"Measures that help victims give evidence, revision {revision}."
    lines.insert(at, f"    summary: {summary}\n")
    path.write_text("".join(lines), "utf-8")


def wait_for(process: subprocess.Popen[str], text: str, timeout: float = 120) -> str:
    """Read the process's output until a line holds `text`; return that line."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()  # type: ignore[union-attr]
        if text in line:
            return line
        if not line and process.poll() is not None:
            break
    raise SystemExit(f"watch never printed {text!r}")


def plan_html_and_css(root: Path, folder: Path) -> tuple[Path, list[Path]]:
    """Write the plan's HTML and brand CSS as the pipeline makes them; return their paths."""
    from pipeline.context import Context
    from pipeline.model.brand import needed_typefaces
    from pipeline.read.load import load
    from pipeline.render.css import brand_css
    from pipeline.writers import documents

    folder.mkdir(parents=True)
    loaded = load(root)
    html = documents.plan(Context(root, loaded), loaded.project.workplans[0])
    faces = needed_typefaces(loaded.brand, loaded.coverage, set(html))
    (folder / "plan.html").write_text(html, "utf-8")
    (folder / "brand.css").write_text(brand_css(loaded.brand, faces), "utf-8")
    return folder / "plan.html", [
        folder / "brand.css",
        root / "styles" / "base.css",
        root / "styles" / "plan.css",
    ]
