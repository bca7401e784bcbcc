"""The command line's options and help: what each command takes, with an example each."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..context import PDF_VARIANTS

PROG = "rso-publish"

Command = Callable[[argparse.Namespace, Path], int]


def parser(commands: dict[str, Command]) -> argparse.ArgumentParser:
    """Return the parser of the command line, each command calling its function."""
    top = argparse.ArgumentParser(
        prog=PROG,
        description="Build the office's publications from the YAML files in sources/.",
        epilog=f"Example: {PROG} build. Each command has its own --help.",
    )
    top.add_argument("--version", action=_Version, help="show the version and exit")
    sub = top.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for name, (summary, example, parents) in _COMMANDS.items():
        command = sub.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"Example: {PROG} {example}",
            parents=[_common(), *(p() for p in parents)],
        )
        command.set_defaults(command=commands[name], name=name)
    return top


class _Version(argparse.Action):
    """Print the installed pipeline's version, looked up only when asked (a lookup costs
    more than the rest of a no-op build)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"{PROG} {_version()}")
        parser.exit()


def _version() -> str:
    """Return the version of the installed pipeline."""
    from importlib import metadata

    try:
        return metadata.version("rso-pipeline")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _common() -> argparse.ArgumentParser:
    """Return the options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        help="The project folder. By default, the nearest folder holding sources/, "
        "from here upwards.",
    )
    common.add_argument(
        "--debug", action="store_true", help="Show the traceback of an internal error."
    )
    return common


def _printing() -> argparse.ArgumentParser:
    """Return how a command prints: quietly, in detail, as JSON, or as annotations."""
    printing = argparse.ArgumentParser(add_help=False)
    how = printing.add_mutually_exclusive_group()
    how.add_argument("-q", "--quiet", action="store_true", help="Print only the problems.")
    how.add_argument(
        "-v", "--verbose", action="store_true", help="List every file written, however many."
    )
    how.add_argument(
        "--json",
        action="store_true",
        help="Print one JSON document (see pipeline/cli/report.schema.json), for scripts.",
    )
    how.add_argument(
        "--github",
        action="store_true",
        help="Print the problems as GitHub Actions annotations, which underline their lines.",
    )
    return printing


def _output() -> argparse.ArgumentParser:
    """Return the options of a command that writes outputs."""
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--out", type=Path, help="The output folder. By default, dist/.")
    output.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        default="",
        help="The PDF flavour: tagged PDF/UA-1 or archival PDF/A-3u. By default, the one "
        f"the output folder was last built with ({PDF_VARIANTS[0]} the first time).",
    )
    output.add_argument(
        "--since",
        metavar="REV",
        help="The earlier edition (a git tag or commit, or a folder with an earlier copy of "
        "the sources): adds the summary of changes, the change note and the Word redline.",
    )
    output.add_argument(
        "--timeout",
        type=_positive(float),
        default=300.0,
        metavar="SECONDS",
        help="Stop the build when its rendering has taken this long in all. By default, 300.",
    )
    return output


def _jobs() -> argparse.ArgumentParser:
    """Return the option of how many processes a build renders on."""
    jobs = argparse.ArgumentParser(add_help=False)
    jobs.add_argument(
        "--jobs",
        type=_positive(int),
        default=os.cpu_count() or 1,
        metavar="N",
        help="Render on up to N processes. By default, one per core.",
    )
    return jobs


def _selection() -> argparse.ArgumentParser:
    """Return the options of `build` that choose what it builds."""
    select = argparse.ArgumentParser(add_help=False)
    select.add_argument("--force", action="store_true", help="Rebuild every output.")
    select.add_argument(
        "--only",
        action="append",
        metavar="PATTERN",
        help="Build only the outputs matching PATTERN, like 'notices/*.pdf'. May be repeated.",
    )
    return select


def _release() -> argparse.ArgumentParser:
    """Return the argument of `notice`."""
    release = argparse.ArgumentParser(add_help=False)
    release.add_argument("release_id", help="The id of the release, as in sources/releases/.")
    return release


def _serving() -> argparse.ArgumentParser:
    """Return the options of `preview`."""
    serving = argparse.ArgumentParser(add_help=False)
    serving.add_argument(
        "--port", type=_port, default=0, help="The port to serve on. By default, a free one."
    )
    serving.add_argument(
        "--open", action="store_true", help="Open the web edition in the browser once built."
    )
    return serving


def _dry_run() -> argparse.ArgumentParser:
    """Return the option of `ids`."""
    dry = argparse.ArgumentParser(add_help=False)
    dry.add_argument(
        "--dry-run", action="store_true", help="Print the ids it would write; write nothing."
    )
    return dry


def _revision() -> argparse.ArgumentParser:
    """Return the options of `changes`."""
    revision = argparse.ArgumentParser(add_help=False)
    revision.add_argument("--since", metavar="REV", required=True, help="The earlier edition.")
    revision.add_argument("--json", action="store_true", help="Print the change record as JSON.")
    return revision


def _port(text: str) -> int:
    """Return a TCP port number from the command line (0 for a free one)."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0-65535)")
    return int(text)


def _positive(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    """Return a converter of an option's text to a number above zero."""

    def convert(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or value <= 0:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number above 0")
        return value

    return convert


_COMMANDS: dict[str, tuple[str, str, tuple[Callable[[], argparse.ArgumentParser], ...]]] = {
    "validate": ("Check the sources and write nothing.", "validate", (_printing,)),
    "build": (
        "Build every output that is out of date.",
        "build --only 'notices/*.pdf'",
        (_printing, _output, _jobs, _selection),
    ),
    "notice": (
        "Build the release notice of one release now.",
        "notice strategic-plan-2021-22",
        (_printing, _output, _jobs, _release),
    ),
    "watch": (
        "Rebuild on every save of sources/, layouts/ or styles/; press Ctrl-C to stop.",
        "watch",
        (_printing, _output),
    ),
    "preview": (
        "Build, serve the web edition on 127.0.0.1 and refresh it on every save.",
        "preview --open",
        (_output, _serving),
    ),
    "ids": (
        "Write a stable id into the sources for every activity that has none.",
        "ids --dry-run",
        (_dry_run,),
    ),
    "changes": (
        "Print what changed since an earlier edition.",
        "changes --since v1",
        (_revision,),
    ),
    "schema": (
        "Regenerate the JSON Schemas that editors use, in sources/schemas/.",
        "schema",
        (),
    ),
    "assets": (
        "Regenerate the table of what the fonts cover, and the logo's PNG.",
        "assets",
        (),
    ),
}
