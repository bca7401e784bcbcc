"""The commands about editions: `ids` (give every activity a stable id) and `changes`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import printable


def ids(args: argparse.Namespace, root: Path) -> int:
    """Write a proposed id into the sources for every activity that has none."""
    from ..read import ids as writing
    from ..read.load import load

    found = writing.proposals(load(root).project)
    for proposal in found:
        print(printable(f"{proposal.mark}: id: {proposal.id}"))
    if not found:
        print("Every activity has an id.")
    elif args.dry_run:
        print(f"{len(found)} id(s) proposed; nothing was written (--dry-run).")
    else:
        for rel in writing.write(root, found):
            print(f"wrote {rel}")
    return 0


def changes(args: argparse.Namespace, root: Path) -> int:
    """Print the change record of every workplan since `--since`: its note, or JSON."""
    from ..build.stages import load_context
    from ..context import Options
    from ..render.note import note
    from ..writers import documents

    context = load_context(root, Options(since=args.since))
    plans = context.loaded.project.workplans
    records = [(plan, documents.record(context, plan)) for plan in plans]
    if args.json:
        found = {str(p.year): r.as_json() if r else None for p, r in records}
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    for plan, record in records:
        if record is not None:
            print(printable(note(documents.plan(context, plan))), end="")
    return 0
