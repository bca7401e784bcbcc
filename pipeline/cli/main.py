"""The command line: `rso-publish validate|build|notice|watch|preview|ids|changes`.

Also `schema` and `assets`, for whoever keeps the schemas and the brand's assets.

A thin layer: it finds the project, parses arguments, calls the library and prints what
went wrong, without a traceback for anything that is the user's to fix. Exit status: 0
done, 1 bad sources or a failed build, 2 bad usage; stopped by Ctrl-C, SIGTERM or SIGHUP
before it was done, 128 + the signal's number (130, 143, 129).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ..context import Options
from ..errors import PipelineError, SourcesInvalid, UsageError, printable
from ..render.pdf import fontfolders
from . import args as arguments
from . import revisions, say

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 130  # 130: Ctrl-C


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line as a program, and end the process as soon as it is done.

    Everything a command makes is committed (or refused) before `main` returns; what is
    left is the interpreter's teardown of the rendering libraries' objects, a tenth of a
    cold build, which nothing needs: the output streams are flushed, the engine's temporary
    font files removed, and the process ends.
    """
    stopped_by = _stop_on_signals()
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse: --help, --version, a usage error
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
            stream.flush()
    fontfolders.remove()
    os._exit(128 + stopped_by[0] if stopped_by and status == EXIT_STOPPED else status)


def _stop_on_signals() -> list[int]:
    """Stop on SIGTERM or SIGHUP (a service stopped, a terminal closed) as on Ctrl-C: what
    was being made is left as a kill leaves it, the temporary files removed; return the
    list that receives the signal's number."""
    received: list[int] = []

    def stop(number: int, _: object) -> None:
        received.append(number)
        raise KeyboardInterrupt

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, stop)
    return received


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = arguments.parser(COMMANDS)
    args = parser.parse_args(argv)
    root = find_root(args.root)
    if root is None and args.root is not None:
        parser.error(f"{printable(str(args.root))} has no sources/ folder; give the project")
    if root is None:
        parser.error(
            f"{printable(str(Path.cwd()))} is not in a project: no folder from here upwards "
            "has a sources/ folder; run the command inside the project, or give --root"
        )
    try:
        command: arguments.Command = args.command
        return command(args, root)
    except SourcesInvalid as exc:
        say.problems(args, root, exc.errors)
        return EXIT_FAILED
    except UsageError as exc:
        say.failure(args, f"error: {exc}")
        return EXIT_USAGE
    except PipelineError as exc:
        say.failure(args, f"error: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_STOPPED
    except OSError as exc:  # the environment's fault (a disk, a permission), not a bug
        where = f"{exc.filename}: " if exc.filename else ""
        say.failure(args, f"error: {where}{exc.strerror or exc}")
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line, and the traceback only when asked for
        if args.debug:
            raise
        say.failure(
            args,
            f"internal error ({type(exc).__name__}: {printable(str(exc))[:200]}); please "
            "report it to whoever looks after the pipeline; run again with --debug for details",
        )
        return EXIT_FAILED


def find_root(given: Path | None) -> Path | None:
    """Return the project: `given`, or the nearest folder from here upwards with sources/."""
    if given is not None:
        root = given.resolve()
        return root if (root / "sources").is_dir() else None
    here = Path.cwd().resolve()
    return next((p for p in (here, *here.parents) if (p / "sources").is_dir()), None)


def _validate(args: argparse.Namespace, root: Path) -> int:
    from ..read.load import load

    loaded = load(root)
    plans = loaded.project.workplans
    activities = sum(len(p.activities) for p in plans)
    releases = len(loaded.project.all_releases)
    summary = (
        f"{len(loaded.files)} source files are valid: {len(plans)} workplan(s), "
        f"{activities} activities, {releases} releases."
    )
    say.checked(args, root, list(loaded.warnings), len(loaded.files), summary)
    return EXIT_OK


def _build(args: argparse.Namespace, root: Path) -> int:
    from ..build.stages import Request, build, matching

    with say.progress(args) as step:
        request = Request(matching(args.only), args.force, say.notes(args), step)
        report = build(root, _out(args, root), _options(args), request)
    say.report(args, root, report)
    return EXIT_OK if report.ok else EXIT_FAILED


def _notice(args: argparse.Namespace, root: Path) -> int:
    from ..build.stages import Request, build, releasing

    out = _out(args, root)
    request = Request(releasing(args.release_id), True, say.notes(args))
    report = build(root, out, _options(args), request)
    say.report(args, root, report, out)
    return EXIT_OK if report.ok else EXIT_FAILED


def _watch(args: argparse.Namespace, root: Path) -> int:
    from .watch import watch

    watch(root, _out(args, root), _options(args), show=say.watcher(args, root))
    return EXIT_OK


def _preview(args: argparse.Namespace, root: Path) -> int:
    from .preview import preview

    preview(root, _out(args, root), _options(args), args.port, args.open)
    return EXIT_OK


def _options(args: argparse.Namespace) -> Options:
    """Return the rendering options given on the command line."""
    jobs = getattr(args, "jobs", 1)
    since = getattr(args, "since", None)
    return Options(pdf_variant=args.pdf_variant, timeout=args.timeout, jobs=jobs, since=since)


def _schema(args: argparse.Namespace, root: Path) -> int:
    from ..read.schemas import write_all

    for path in write_all(root):
        print(f"wrote {path.relative_to(root)}")
    return EXIT_OK


def _assets(args: argparse.Namespace, root: Path) -> int:
    from ..render.assets import regenerate

    for path in regenerate(root):
        print(f"wrote {path.relative_to(root)}")
    return EXIT_OK


def _out(args: argparse.Namespace, root: Path) -> Path:
    return (args.out or root / "dist").resolve()


COMMANDS: dict[str, arguments.Command] = {
    "validate": _validate,
    "build": _build,
    "notice": _notice,
    "watch": _watch,
    "preview": _preview,
    "schema": _schema,
    "assets": _assets,
    "ids": revisions.ids,
    "changes": revisions.changes,
}
