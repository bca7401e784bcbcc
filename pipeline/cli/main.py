"""The command line: `python -m pipeline validate|build|notice|watch|preview|ids|changes`.

Also `schema` and `assets`, for whoever keeps the schemas and the brand's assets.

A thin layer: it parses arguments, calls the library and prints what went wrong, without a
traceback for anything that is the user's to fix. Exit status: 0 done, 1 bad sources or a
failed build, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..context import PDF_VARIANTS, Options
from ..errors import PipelineError, SourcesInvalid, UsageError, printable
from . import console, revisions

if TYPE_CHECKING:
    from ..build.report import Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "sources").is_dir():
        parser.error(f"{args.root} has no sources/ folder; give the project with --root")
    try:
        command: Callable[[argparse.Namespace, Path], int] = args.command
        return command(args, root)
    except SourcesInvalid as exc:
        print("\n".join(console.problems(exc.errors)), file=sys.stderr)
        return EXIT_FAILED
    except UsageError as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except PipelineError as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the environment's fault (a disk, a permission), not a bug
        where = f"{exc.filename}: " if exc.filename else ""
        print(printable(f"error: {where}{exc.strerror or exc}"), file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line, and the traceback only when asked for
        if args.debug:
            raise
        print(
            f"internal error ({type(exc).__name__}: {printable(str(exc))[:200]}); please "
            "report it to whoever looks after the pipeline; run again with --debug for details",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _validate(args: argparse.Namespace, root: Path) -> int:
    from ..read.load import load

    loaded = load(root)
    plans = loaded.project.workplans
    activities = sum(len(p.activities) for p in plans)
    releases = len(loaded.project.all_releases)
    if not args.quiet:
        print(
            f"{len(loaded.files)} source files are valid: {len(plans)} workplan(s), "
            f"{activities} activities, {releases} releases."
        )
    return EXIT_OK


def _build(args: argparse.Namespace, root: Path) -> int:
    from ..build.stages import Request, build, matching

    request = Request(matching(args.only), args.force, _say(args))
    report = build(root, _out(args, root), _options(args), request)
    _print(args, report)
    return EXIT_OK if report.ok else EXIT_FAILED


def _notice(args: argparse.Namespace, root: Path) -> int:
    from ..build.stages import Request, build, releasing

    out = _out(args, root)
    report = build(root, out, _options(args), Request(releasing(args.release_id), True, _say(args)))
    if args.json or not report.ok:
        _print(args, report)
    elif not args.quiet:
        for written in report.written:
            pages = "" if written.pages is None else f" ({written.pages} page)"
            print(f"wrote {out / written.path}{pages}")
    return EXIT_OK if report.ok else EXIT_FAILED


def _watch(args: argparse.Namespace, root: Path) -> int:
    from .watch import watch

    watch(root, _out(args, root), _options(args))
    return EXIT_OK


def _preview(args: argparse.Namespace, root: Path) -> int:
    from .preview import preview

    preview(root, _out(args, root), _options(args), args.port, args.open)
    return EXIT_OK


def _options(args: argparse.Namespace) -> Options:
    """Return the rendering options given on the command line."""
    return Options(
        pdf_variant=args.pdf_variant, timeout=args.timeout, jobs=args.jobs, since=args.since
    )


def _say(args: argparse.Namespace) -> Callable[[str], None]:
    """Return how the build tells the user something: on the error stream, unless quiet."""
    if args.quiet or args.json:
        return lambda message: None
    return lambda message: print(message, file=sys.stderr, flush=True)


def _print(args: argparse.Namespace, report: Report) -> None:
    """Print the summary: the JSON, the problems, or the table of files written."""
    if args.json:
        print(console.as_json(report))
    elif not report.ok:
        print("\n".join(console.failure(report)), file=sys.stderr)
    elif not args.quiet:
        print(console.table(report))


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding sources/, layouts/, styles/ (default: .)",
    )
    common.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--out", type=Path, help="output folder (default: ROOT/dist)")
    output.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        default=PDF_VARIANTS[0],
        help="PDF flavour: tagged PDF/UA-1 (default) or archival PDF/A-3u",
    )
    output.add_argument(
        "--since",
        metavar="REV",
        help="the earlier edition (a git tag or commit, or a folder with an earlier copy of the"
        " sources): add the summary of changes, the change note and the Word redline",
    )
    output.add_argument("--quiet", action="store_true", help="print errors only")
    output.add_argument("--json", action="store_true", help="print the summary as JSON")
    output.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="stop a render that takes longer (default: 300)",
    )
    output.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="render on up to N processes (default: the number of cores)",
    )
    build_opts = argparse.ArgumentParser(add_help=False)
    build_opts.add_argument("--force", action="store_true", help="rebuild every output")
    build_opts.add_argument(
        "--only",
        action="append",
        metavar="PATTERN",
        help="build only outputs matching PATTERN (like 'notices/*.pdf'); may be repeated",
    )
    _add(
        commands,
        "validate",
        _validate,
        "check the sources; write nothing",
        common,
        flags=[("--quiet", "print errors only")],
    )
    _add(
        commands,
        "build",
        _build,
        "build every output that is out of date",
        common,
        output,
        build_opts,
    )
    notice = _add(
        commands, "notice", _notice, "build the release notice of one release", common, output
    )
    notice.add_argument("release_id", help="id of the release, as in sources/releases/")
    _add(commands, "watch", _watch, "rebuild on every save; Ctrl-C stops", common, output)
    served = _add(
        commands,
        "preview",
        _preview,
        "build, serve the web edition on 127.0.0.1 and refresh it on every save",
        common,
        output,
        flags=[("--open", "open the web edition in the browser once it is built")],
    )
    served.add_argument(
        "--port", type=_port, default=0, help="port to serve on (default: a free one)"
    )
    _add(commands, "schema", _schema, "regenerate the JSON Schemas in sources/schemas/", common)
    _add(commands, "assets", _assets, "regenerate font coverage and the logo PNG", common)
    _add(
        commands,
        "ids",
        revisions.ids,
        "write a stable id into the sources for every activity that has none",
        common,
        flags=[("--dry-run", "print the ids it would write; write nothing")],
    )
    changes = _add(
        commands,
        "changes",
        revisions.changes,
        "print what changed since an earlier edition",
        common,
        flags=[("--json", "print the change record as JSON")],
    )
    changes.add_argument("--since", metavar="REV", required=True, help="the earlier edition")
    return parser


Command = Callable[[argparse.Namespace, Path], int]


def _port(text: str) -> int:
    """Return a TCP port number from the command line (0 for a free one)."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0-65535)")
    return int(text)


def _add(
    commands: Any,
    name: str,
    function: Command,
    summary: str,
    *parents: argparse.ArgumentParser,
    flags: Sequence[tuple[str, str]] = (),
) -> argparse.ArgumentParser:
    """Add a subcommand that runs `function`, with the options of `parents`."""
    sub: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=summary.capitalize() + ".", parents=list(parents)
    )
    for flag, flag_help in flags:
        sub.add_argument(flag, action="store_true", help=flag_help)
    sub.set_defaults(command=function)
    return sub
