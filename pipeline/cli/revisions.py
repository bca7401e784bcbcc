"""The commands about editions: `ids` (give every activity a stable id) and `changes`."""

from __future__ import annotations

import argparse
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
