"""What an officer reads after a common mistake: the plain message, its fix, the line, a caret.

Each test makes one realistic mistake in a copy of the shipped sources and compares every
line `validate` prints with what the officer should see.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import line_of, run_cli

PLAN = "sources/workplans/2021.yaml"
RELEASES = "sources/releases/2021.yaml"


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace the first `old` in project file `name` with `new`."""
    path = root / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def said(root: Path, status: int = 1) -> list[str]:
    """Return the lines `validate` prints on the error stream, after checking its status."""
    result = run_cli("validate", "--root", root)
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def excerpt(root: Path, name: str, line: int, col: int) -> list[str]:
    """Return the two source lines and the caret expected under `name`:`line`:`col`."""
    lines = (root / name).read_text("utf-8").replace("\t", "→").split("\n")
    width = len(str(line))
    return [
        f"  {line - 1:>{width}} | {cut(lines[line - 2])}",
        f"  {line:>{width}} | {cut(lines[line - 1])}",
        f"  {'':>{width}} | {' ' * (col - 1)}^",
    ]


def cut(text: str) -> str:
    """Return a source line as an excerpt shows it: 96 characters at most, then '…'."""
    return text[:96] + ("…" if len(text) > 96 else "")


ONE = "1 problem in the sources; nothing was written."

# name: (old text, new text, text of the line to point at, column, message — hint)
YAML_MISTAKES = {
    "colon in plain text": (
        "  title: Regional Support Office\n",
        "  title: Regional Support Office: Who We Are\n",
        "Office: Who",
        33,
        "this title contains ': ' — put the whole title in quotes",
    ),
    "indentation": (
        "        purposes: [1]\n",
        "          purposes: [1]\n",
        "          purposes: [1]",
        11,
        "this line is indented more than 'text' above it — line 'purposes' up with 'text' "
        "(line 48), or give 'text' no value on its line",
    ),
    "tab": (
        "        purposes: [1]\n",
        "\tpurposes: [1]\n",
        "\tpurposes: [1]",
        1,
        "this line is indented with a tab — indent with spaces; YAML does not allow tabs there",
    ),
    "unclosed quote": (
        "  text: Release of the Regional Support Office *Strategic Plan 2021-22*",
        '  text: "Release of the Regional Support Office *Strategic Plan 2021-22*',
        '"Release of the Regional',
        15,
        'this text opens a quote (") that is not closed on its line'
        ' — end the text with " on the same line',
    ),
    "curly quotes": (
        "  text: Release of the Regional Support Office *Strategic Plan 2021-22*",
        "  text: “Release of the Regional Support Office: Strategic Plan”",
        "“Release",
        15,
        "this text starts with a curly quote (“), which YAML does not read as a quote"
        ' — put the whole text in straight quotes (")',
    ),
    "list item without its dash": (
        "      - id: smuggling-of-migrants-protocol",
        "        id: smuggling-of-migrants-protocol",
        "        id: smuggling-of-migrants-protocol",
        9,
        "id: a new item of the list starts here without '- ' — write '- id:', as on line 51",
    ),
    "duplicated key": (
        "title: Annual Workplan 2021\n",
        "title: Annual Workplan 2021\ntitle: Annual Workplan 2022\n",
        "title: Annual Workplan 2022",
        1,
        "title: appears twice; first at line 5:1 — keep one of the two",
    ),
}


@pytest.mark.parametrize("case", YAML_MISTAKES, ids=list(YAML_MISTAKES))
def test_a_yaml_mistake_is_named_in_plain_words_at_its_place(project: Path, case: str) -> None:
    old, new, marker, col, message = YAML_MISTAKES[case]
    edit(project, PLAN, old, new)
    line = line_of(project / PLAN, marker)
    assert said(project) == [
        f"{PLAN}:{line}:{col}: {message}",
        *excerpt(project, PLAN, line, col),
        ONE,
    ]


def test_the_readme_example_gives_both_problems_in_one_round(project: Path) -> None:
    edit(project, PLAN, "        purposes: [1]\n", "        purposes: [5]\n")
    edit(project, RELEASES, "    number: 7\n", "    number: 07\n")
    tick, number = line_of(project / PLAN, "purposes: [5]"), line_of(project / RELEASES, ": 07")
    assert said(project) == [
        f"{RELEASES}:{number}:13: number: '07' is not a whole number — write 7, not 07",
        *excerpt(project, RELEASES, number, 13),
        f"{PLAN}:{tick}:20: purposes: 5 is not a strategic purpose (1-4)",
        *excerpt(project, PLAN, tick, 20),
        "2 problems in the sources; nothing was written.",
    ]


def test_a_misspelt_release_is_one_problem_with_did_you_mean(project: Path) -> None:
    edit(project, PLAN, "release: strategic-plan-2021-22", "release: strategic-plan-2021-2")
    line = line_of(project / PLAN, "release: strategic-plan-2021-2")
    assert said(project) == [
        f"{PLAN}:{line}:18: release: no release has id 'strategic-plan-2021-2' in the 2021 "
        "releases — did you mean 'strategic-plan-2021-22'?",
        *excerpt(project, PLAN, line, 18),
        ONE,
    ]


def test_a_misspelt_field_is_one_problem_and_the_other_checks_still_run(project: Path) -> None:
    edit(project, PLAN, "        purposes: [1]\n", "        purpose: [1]\n")
    edit(project, PLAN, "purposes: [2, 3]", "purposes: [2, 9]")
    field, tick = line_of(project / PLAN, "purpose: [1]"), line_of(project / PLAN, "[2, 9]")
    assert said(project) == [
        f"{PLAN}:{field}:9: purpose: unknown field — did you mean 'purposes'?",
        *excerpt(project, PLAN, field, 9),
        f"{PLAN}:{tick}:23: purposes: 9 is not a strategic purpose (1-4)",
        *excerpt(project, PLAN, tick, 23),
        "2 problems in the sources; nothing was written.",
    ]


def test_an_activity_pasted_twice_is_a_warning(project: Path) -> None:
    own = "      - id: training-workshop-enhancing-information-sharing\n        text:"
    text = (project / PLAN).read_text("utf-8")
    start = text.index(own)
    block = text[start : text.index("      - id:", start + 10)]
    pasted = block.replace(own, "      - text:")  # a copy without the id: one activity more
    (project / PLAN).write_text(text[:start] + pasted + text[start:], "utf-8")
    first = line_of(project / PLAN, "      - text: Training Workshop on Enhancing")
    second = line_of(project / PLAN, "        text: Training Workshop on Enhancing")
    assert said(project, status=0) == [
        f"{PLAN}:{second}:15: warning: text: this activity is already in Quarter 1, at line "
        f"{first} — delete one of the two if it was pasted twice",
        *excerpt(project, PLAN, second, 15),
        "1 warning in the sources; it stops nothing.",
    ]


def test_a_release_pasted_twice_under_a_new_id_is_a_warning(project: Path) -> None:
    block = "  - id: strategic-plan-2021-22\n    number: 1\n    title: Strategic Plan 2021-22\n"
    copy = block.replace("-22\n    number: 1", "-22-copy\n    number: 90")
    edit(project, RELEASES, block, block + "\n" + copy)
    named = "purposes: [2, 3]\n        release: strategic-plan-2021-22-copy\n"
    edit(project, PLAN, "purposes: [2, 3]\n", named)
    line = line_of(project / RELEASES, "number: 90") + 1
    lines = said(project, status=0)
    assert lines == [
        f"{RELEASES}:{line}:12: warning: title: this release looks like "
        f"'strategic-plan-2021-22' (line {line - 4}) — delete one of the two if it was "
        "pasted twice, or make the titles differ",
        *excerpt(project, RELEASES, line, 12),
        "1 warning in the sources; it stops nothing.",
    ]
