"""A realistic revision of the shipped workplan, applied to a copy of the project: two
activities added, one withdrawn, one moved from Q2 to Q3, one re-ticked, one release
re-dated and one sentence of prose changed, issued as edition 2 on 12 May 2021."""

from __future__ import annotations

import shutil
from pathlib import Path

PLAN = "sources/workplans/2021.yaml"
RELEASES = "sources/releases/2021.yaml"
ADDED = ("regional-dialogue-irregular-migration", "webinar-victims-rights")
WITHDRAWN = "panelist-break-chain-event-hosted"
MOVED = "production-two-introductory-videos-rso"
RETICKED = "border-management-workshop-covid-operational"
REDATED = "sustainable-return-study"
SENTENCE = (
    "Focus on adapting existing material",
    "Focus on adapting and translating existing material",
)
NOTE = "It takes in the decisions of the Steering Group of May 2021."
KINDS = ["added", "added", "withdrawn", "moved", "realigned", "redated", "prose"]

MOVED_LINES = (
    "      - id: production-two-introductory-videos-rso\n"
    "        text: Production of two introductory videos on the RSO and Bali Process for"
    " capacity building activities.\n"
    "        purposes: [4]\n"
)


def replace(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there once) with `new` in the file at `path`."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def keep_original(root: Path, into: Path) -> Path:
    """Copy the project's sources into `into`, as the earlier edition; return `into`."""
    shutil.copytree(root / "sources", into / "sources")
    return into


def revise(root: Path) -> None:
    """Apply the revision to the sources of the project at `root`."""
    plan = root / PLAN
    replace(
        plan,
        "strategic_plan: 2021-22\n",
        f"strategic_plan: 2021-22\nedition: 2\nissued: 2021-05-12\nnote: {NOTE}\n",
    )
    replace(
        plan,
        "      - id: panelist-break-chain-event-hosted\n"
        "        text: Panelist at *Break the Chain* event, hosted by the ASEAN-Australia"
        " Strategic Youth Partnership\n        purposes: [4]\n",
        "",
    )
    replace(plan, MOVED_LINES, "")
    replace(
        plan,
        "  - number: 3\n    start: 2021-07-01\n    end: 2021-09-30\n    activities:\n",
        "  - number: 3\n    start: 2021-07-01\n    end: 2021-09-30\n    activities:\n"
        + MOVED_LINES,
    )
    replace(
        plan,
        "        text: Border Management Workshop and COVID Operational Awareness, Thai"
        " Immigration, Phuket.\n        purposes: [2]\n",
        "        text: Border Management Workshop and COVID Operational Awareness, Thai"
        " Immigration, Phuket.\n        purposes: [2, 4]\n",
    )
    replace(
        plan,
        "  - number: 4\n    start: 2021-10-01\n    end: 2021-12-31\n    activities:\n",
        "  - number: 4\n    start: 2021-10-01\n    end: 2021-12-31\n    activities:\n"
        "      - id: regional-dialogue-irregular-migration\n"
        "        text: Regional Dialogue on *Irregular Migration by Sea*\n"
        "        purposes: [1, 3]\n",
    )
    replace(
        plan,
        "      - id: training-workshop-protecting-migrants-sea\n",
        "      - id: webinar-victims-rights\n"
        "        text: Webinar on the rights of victims of trafficking in persons\n"
        "        purposes: [3]\n"
        "      - id: training-workshop-protecting-migrants-sea\n",
    )
    replace(plan, SENTENCE[0], SENTENCE[1])
    replace(
        root / RELEASES,
        "    title: Bali Process Sustainable Return Study\n",
        "    title: Bali Process Sustainable Return Study\n    date: 2021-06-15\n",
    )
