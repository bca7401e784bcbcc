"""Print what a command found, in the form asked for: text for a person, JSON, annotations.

Text goes with an excerpt of the source under each problem, in colour only on a terminal
that shows it (never with NO_COLOR); `--json` prints one document per build on the output
stream; `--github` prints each problem as an annotation that underlines its line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..build.report import Report, Step
from ..errors import SourceError, printable
from . import console, machine
from .progress import Progress


def _mode(args: argparse.Namespace) -> str:
    """Return how to print: 'json', 'github', 'quiet', 'verbose' or 'text'."""
    for mode in ("json", "github", "quiet", "verbose"):
        if getattr(args, mode, False):
            return mode
    return "text"


def problems(args: argparse.Namespace, root: Path, found: list[SourceError]) -> None:
    """Print the problems that stopped a command, with their count."""
    mode = _mode(args)
    if mode == "json":
        print(machine.dumps(machine.checked(found)))
        return
    if mode == "github":
        print("\n".join(machine.annotation(p) for p in found))
        print(console.count(found), file=sys.stderr)
        return
    paint = console.painter(console.colour_for(sys.stderr))
    print("\n".join(console.problems(found, root, paint)), file=sys.stderr)


def failure(args: argparse.Namespace, text: str) -> None:
    """Print why a command failed, when the sources are not the reason."""
    if _mode(args) == "json":
        command = getattr(args, "name", "build")
        print(
            machine.dumps({**machine.checked([]), "command": command, "ok": False, "failure": text})
        )
        return
    print(printable(text), file=sys.stderr)


def checked(
    args: argparse.Namespace, root: Path, warnings: list[SourceError], files: int, summary: str
) -> None:
    """Print that the sources are valid, with their warnings."""
    mode = _mode(args)
    if mode == "json":
        print(machine.dumps(machine.checked(warnings, files)))
        return
    if warnings:
        problems(args, root, warnings)
    if mode != "quiet" and mode != "github":
        print(summary)


def report(args: argparse.Namespace, root: Path, done: Report, out: Path | None = None) -> None:
    """Print what a build did: the JSON, the annotations, the problems, or a summary."""
    mode = _mode(args)
    if mode == "json":
        print(machine.dumps(machine.document(args.name, done)))
    elif mode == "github" or (done.problems and done.errors):
        if done.problems:
            problems(args, root, done.problems)
        if done.failure:
            print("\n".join(console.failure(done)), file=sys.stderr)
    else:
        if done.problems:  # warnings only: shown, and the build went on
            problems(args, root, done.problems)
        if done.failure:
            print("\n".join(console.failure(done)), file=sys.stderr)
        elif mode != "quiet":
            print(_summary(args, done, out))


def _summary(args: argparse.Namespace, done: Report, out: Path | None) -> str:
    """Return the summary of a build: a notice's files, or the table."""
    if out is None:
        return console.table(done, verbose=_mode(args) == "verbose")
    lines = []
    for written in done.written:
        pages = "" if written.pages is None else f" ({written.pages} page)"
        lines.append(f"wrote {out / written.path}{pages}")
    return "\n".join(lines)


def notes(args: argparse.Namespace) -> Callable[[str], None]:
    """Return how a build tells the user something: on the error stream, in text mode."""
    if _mode(args) in ("json", "github", "quiet"):
        return lambda message: None
    return lambda message: print(message, file=sys.stderr, flush=True)


@contextmanager
def progress(args: argparse.Namespace) -> Iterator[Callable[[Step], None]]:
    """Yield what shows a build's progress on the error stream, in text mode."""
    if _mode(args) in ("json", "github", "quiet"):
        yield lambda step: None
        return
    shown = Progress(sys.stderr, sys.stderr.isatty())
    try:
        yield shown
    finally:
        shown.close()


def watcher(args: argparse.Namespace, root: Path) -> Callable[[str, Report], None] | None:
    """Return how `watch` shows a rebuild other than as text: JSON, annotations, failures only."""
    mode = _mode(args)
    if mode == "json":
        return lambda what, done: print(machine.dumps(machine.document("watch", done)), flush=True)
    if mode == "github":
        return lambda what, done: problems(args, root, done.problems) if done.problems else None
    if mode == "quiet":
        return lambda what, done: None if done.ok else report(args, root, done)
    return None
