"""`changes --since REV`: the change record from a folder or from git, as text or JSON;
reordering activities changes nothing; a revision that is not there is the user's error."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .. import revision
from ..conftest import run_cli


def record(root: Path, since: str | Path) -> list[dict[str, object]]:
    """Return the changes `changes --json` prints for the 2021 plan."""
    result = run_cli("changes", "--root", root, "--since", since, "--json")
    assert result.returncode == 0, result.stderr
    changes: list[dict[str, object]] = json.loads(result.stdout)["2021"]["changes"]
    return changes


def test_reordering_activities_changes_nothing(project: Path, tmp_path: Path) -> None:
    original = revision.keep_original(project, tmp_path / "original")
    plan = project / revision.PLAN
    text = plan.read_text("utf-8")
    first, second = text.split("      - id: ")[1:3]
    plan.write_text(
        text.replace(
            f"      - id: {first}      - id: {second}", f"      - id: {second}      - id: {first}"
        ),
        "utf-8",
    )
    assert plan.read_text("utf-8") != text
    assert record(project, original) == []
    result = run_cli("changes", "--root", project, "--since", original / "sources")
    assert "It changes no activity, release or text of the plan." in " ".join(result.stdout.split())


def git(root: Path, *args: str) -> None:
    """Run git in `root`."""
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def test_an_earlier_edition_is_read_from_git(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "sources")
    git(project, "commit", "-q", "-m", "edition 1")
    git(project, "tag", "edition-1")
    revision.revise(project)
    found = record(project, "edition-1")
    assert [c["kind"] for c in found] == [
        "withdrawn",
        "realigned",
        "added",
        "redated",
        "moved",
        "added",
        "prose",
    ]
    moved = next(c for c in found if c["kind"] == "moved")
    assert (moved["id"], moved["was"], moved["now"]) == (revision.MOVED, 2, 3)
    redated = next(c for c in found if c["kind"] == "redated")
    assert (redated["was"], redated["now"]) == (None, "2021-06-15")
    text = run_cli("changes", "--root", project, "--since", "edition-1").stdout
    assert [line[:12] for line in text.splitlines() if line.startswith("- ")] == [
        "- Withdrawn:",
        "- Re-aligned",
        "- Added: Web",
        "- Release re",
        "- Moved from",
        "- Added: Reg",
        "- Text chang",
    ]


def test_a_revision_that_is_not_there_is_refused(project: Path) -> None:
    result = run_cli("changes", "--root", project, "--since", "no-such-tag")
    assert result.returncode == 2
    assert result.stderr == (
        "error: --since no-such-tag: not a folder, nor a tag or commit of the project's git"
        " repository\n"
    )
    result = run_cli("build", "--root", project, "--since", "--force")
    assert result.returncode == 2 and "Traceback" not in result.stderr
