"""Stable ids: `ids` writes one into the sources for each activity lacking one, touching
nothing else of the file, and proposes the same id for the same activity every time."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import BuildError, Mark
from pipeline.model.ids import slug
from pipeline.read import ids as writing
from pipeline.read import load as sources

from ..conftest import FIXTURES, ROOT, copy_project, run_cli

PLAN = "sources/workplans/2021.yaml"


def without_ids(text: str) -> str:
    """Return a workplan's text with every activity's `id:` line taken out."""
    return re.sub(r"- id: [a-z0-9-]+\r?\n +text:", "- text:", text)


def test_the_shipped_ids_are_what_the_command_writes(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    shipped = (root / PLAN).read_bytes()
    (root / PLAN).write_text(without_ids(shipped.decode("utf-8")), "utf-8")
    result = run_cli("ids", "--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{PLAN}:47:9: id: strategic-plan-2021-22"
    assert result.stdout.splitlines()[-1] == f"wrote {PLAN}"
    assert (root / PLAN).read_bytes() == shipped
    assert run_cli("ids", "--root", root).stdout == "Every activity has an id.\n"


def test_comments_quoting_flow_style_and_line_ends_are_kept(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", FIXTURES / "minimal" / "sources")
    path = root / PLAN
    text = path.read_text("utf-8")
    text = text.replace(
        "      - text: Panelist at the 1^st^ Example Forum\n        purposes: [4]\n",
        "      - {text: 'Panelist at the 1^st^ Example Forum', purposes: [4]}  # flow\n",
    )
    text = text.replace(
        "      - text: Training", "      # a comment\n      - id: training\n        text: Training"
    )
    text = text.replace("      - text: Release", '      - text: "Release')
    text = text.replace("*Example Guide*\n", '*Example Guide*"  # quoted\n')
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    before = path.read_bytes()
    assert run_cli("ids", "--root", root).returncode == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    added = [line for line in after.split(b"\r\n") if line not in before.split(b"\r\n")]
    assert added == [
        b"      - id: example-guide",
        b'        text: "Release of the *Example Guide*"  # quoted',
        b"      - {id: panelist-1st-example-forum, text: 'Panelist at the 1^st^ Example Forum',"
        b" purposes: [4]}  # flow",
    ]
    assert len(after.split(b"\r\n")) == len(before.split(b"\r\n")) + 1
    plan = sources.load(root).project.workplans[0]
    ids = [a.id for a in plan.activities]
    assert ids == ["example-guide", "panelist-1st-example-forum", "training"]


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", FIXTURES / "minimal" / "sources")
    before = (root / PLAN).read_bytes()
    result = run_cli("ids", "--dry-run", "--root", root)
    assert result.stdout.splitlines() == [
        f"{PLAN}:18:9: id: example-guide",
        f"{PLAN}:21:9: id: panelist-1st-example-forum",
        f"{PLAN}:27:9: id: training-workshop-examples",
        "3 id(s) proposed; nothing was written (--dry-run).",
    ]
    assert (root / PLAN).read_bytes() == before


def test_proposals_never_repeat_an_id_and_take_more_words_to_differ() -> None:
    plan = sources.load(ROOT).project.workplans[0]
    ids = [a.id for a in plan.activities]
    assert len(set(ids)) == len(ids) == 46
    assert "maritime-coordination-group-meeting-collaborate-delivery" in ids
    assert slug("Ünïcode & marks: the 1st of  many, words here") == "unicode-marks-1st-many-words"
    assert slug("The of and") == "activity"
    assert slug("Null") == "null-1"


def test_an_edit_that_would_change_anything_else_is_refused() -> None:
    data = b"quarters:\n  - activities:\n      - text: a\n        purposes: [1]\n"
    good = writing.Proposal(Mark("f.yaml", 3, 9), 0, 0, "a")
    assert b"      - id: a\n        text: a\n" in writing.edit(data, "f.yaml", [good])
    wrong = writing.Proposal(
        Mark("f.yaml", 1, 1), 0, 0, "a"
    )  # the file's mapping, not the activity
    with pytest.raises(BuildError, match="could not be placed safely"):
        writing.edit(data, "f.yaml", [wrong])


def test_repeated_texts_are_numbered_as_a_search_from_2_would_number_them() -> None:
    from types import SimpleNamespace

    from pipeline.model import ids

    def activity(text: str, release: str | None = None) -> Any:
        return SimpleNamespace(id=None, release=release, text=SimpleNamespace(plain=text))

    def searched(activities: list[Any], taken: set[str]) -> list[str]:
        """Number each repeat as the plain search does: every candidate, then 2, 3..."""
        used, found = set(taken), []
        for item in activities:
            words = [slug(item.text.plain)]
            words += [slug(item.text.plain, n, ids.LONGEST) for n in range(6, 20)]
            chosen = next((w for w in words if w not in used), None)
            number = 2
            while chosen is None and f"{words[0]}-{number}" in used:
                number += 1
            chosen = chosen or f"{words[0]}-{number}"
            used.add(chosen)
            found.append(chosen)
        return found

    texts = ["Regional workshop on data", "Regional workshop on data sharing today"] * 30
    texts += ["Regional workshop on data"] * 5 + ["Webinar on returns"] * 3
    activities = [activity(text) for text in texts]
    taken = {"regional-workshop-data-4", "regional-workshop-data-9", "webinar-returns-2"}
    proposed = ids.propose(activities, taken)
    assert proposed == searched(activities, taken)
    assert "regional-workshop-data-3" in proposed and "regional-workshop-data-4" not in proposed
