"""The build, as a list of named stages.

    check    nothing changed since the last good build?  (stat only; no source is parsed)
    load     read and validate the sources into the model
    plan     list every target; keep those whose fingerprint moved
    render   each writer renders its stale targets into memory
    write    move every new file into place at once; remove outputs of deleted sources
    record   remember what was built from what

No rendering library is imported before `render`, so checks and no-op builds stay fast.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from . import commit, lock, parallel
from .errors import BuildError, PipelineError, SourcesInvalid, UsageError
from .report import Report, Written
from .state import STATE_FILE, State, code_version, input_stamp, signature
from .writers.base import Context, Options, Output, Target, Writer

__all__ = ["Options", "build", "build_notice"]



def writer_classes() -> list[type[Writer]]:
    """Return the output formats, in the order they render."""
    from .writers.docx import PlanDocxWriter
    from .writers.notices import NoticeWriter
    from .writers.pdf import PlanPdfWriter

    return [PlanPdfWriter, PlanDocxWriter, NoticeWriter]


@dataclass(frozen=True)
class Select:
    """Which targets a build makes, and what to say when none of them match."""

    accepts: Callable[[Target], bool]
    nothing: Callable[[list[Target]], str]


def matching(patterns: list[str] | None) -> Select | None:
    """Return a selection of the targets whose output matches one of `patterns`, if any."""
    if not patterns:
        return None
    return Select(lambda t: any(fnmatch.fnmatchcase(t.output, p) for p in patterns),
                  lambda targets: f"no output matches {' or '.join(patterns)}; outputs: "
                                  + ", ".join(t.output for t in targets))


def build(root: Path, out: Path, options: Options, select: Select | None = None) -> Report:
    """Build every stale output of the project at `root` into `out`; return what happened."""
    started = time.perf_counter()
    report = Report()
    try:
        _stages(root, out, options, select, report)
    except SourcesInvalid as exc:
        from .sources import format_errors

        report.errors = format_errors(exc.errors).splitlines()
    except UsageError as exc:
        report.errors = [f"error: {exc}"]
    except BuildError as exc:
        report.errors = [f"error: {exc}", "Build failed; the previous outputs are unchanged."]
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        report.errors = [f"error: {where}{exc.strerror or exc}",
                         "Build failed; the previous outputs are unchanged."]
    report.seconds = time.perf_counter() - started
    return report


def build_notice(root: Path, out: Path, release_id: str, options: Options) -> Report:
    """Build the release notice of one release, whether or not it is stale."""

    def release(target: Target) -> str | None:
        return getattr(target.subject, "id", None) if target.writer == "notices" else None

    def known(targets: list[Target]) -> str:
        ids = ", ".join(dict.fromkeys(filter(None, map(release, targets))))
        return f"no release has id '{release_id}'; known ids: {ids}"

    select = Select(lambda t: release(t) == release_id, known)
    return build(root, out, replace(options, force=True), select)


def warm(root: Path, options: Options) -> None:
    """Warm every writer now, so that the next build pays no start-up.

    A failure here is left for that build to report, with its file and line.
    """
    from . import sources

    try:
        context = Context(root, sources.load(root), options)
        for writer in (cls(context) for cls in writer_classes()):
            if writer.targets():
                writer.warm()
    except PipelineError:
        return


def _stages(root: Path, out: Path, options: Options, select: Select | None,
            report: Report) -> None:
    with lock.exclusive(out, options.timeout, partial(_say, options)):
        report.recovered = commit.recover(out)
        state = State.load(out)
        inputs = input_stamp(root, {"pdf_variant": options.pdf_variant})
        if select is None and not options.force and _unchanged(inputs, out, state):
            report.up_to_date = True
            return
        _build(root, out, options, select, report, state, inputs)


def _build(root: Path, out: Path, options: Options, select: Select | None, report: Report,
           state: State, inputs: str) -> None:
    """Load, plan, render, then commit the new files and the state in one step."""
    from . import sources

    context = Context(root, sources.load(root), options)
    writers = [cls(context) for cls in writer_classes()]
    targets = [t for w in writers for t in w.targets()]
    chosen = [t for t in targets if select is None or select.accepts(t)]
    if select is not None and not chosen:
        raise UsageError(select.nothing(targets))
    prints = _fingerprints(state, context, chosen)
    stale = [t for t in chosen
             if options.force or not state.current(out, t.output, prints[t.output])]
    report.skipped = [t.output for t in chosen if t not in stale]
    outputs = _render(writers, stale, options)
    removed = [] if select else _removals(state, out, {t.output for t in targets}, report)
    stamp = time.time_ns()
    _record(state, inputs, out, prints, outputs, removed, stamp, complete=select is None)
    changes = [commit.Change(o.target.output, o.data) for o in outputs]
    changes += [commit.Change(name, None) for name in removed]
    commit.commit(out, [*changes, commit.Change(STATE_FILE, state.dumps())], stamp)
    report.written = [Written(o.target.output, o.pages, len(o.data)) for o in outputs]
    report.removed = removed


def _unchanged(inputs: str, out: Path, state: State) -> bool:
    """Return whether no input or output changed since the last complete build."""
    return bool(state.signature) and state.signature == signature(inputs, out,
                                                                  list(state.outputs))


def _removals(state: State, out: Path, targets: set[str], report: Report) -> list[str]:
    """Return the recorded outputs no target makes any more that may be removed.

    An output that changed since it was written, or is now a link or a folder, is the
    user's: it is forgotten by the state, left in place, and reported.
    """
    removed = []
    for name in sorted(set(state.outputs) - targets):
        reason = state.removable(out, name)
        if reason is None:
            removed.append(name)
            continue
        state.outputs.pop(name)
        if reason:
            report.kept.append(f"left {name} in place: {reason}")
    return removed


def _fingerprints(state: State, context: Context, targets: list[Target]) -> dict[str, str]:
    """Return, per output, a digest of the code, settings, model slice and files it comes from."""
    code = code_version()
    shared = ["styles/brand.yaml", "styles/fonts/coverage.json"]  # each target adds its own
    prints = {}
    for target in targets:
        digest = hashlib.sha256(f"{code}\0{target.writer}\0{context.options.pdf_variant}".encode())
        digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
        digest.update(repr(target.model).encode())
        for name in sorted({*target.files, *shared}):
            digest.update(f"\0{name}\0{state.file_digest(context.root, name)}".encode())
        prints[target.output] = digest.hexdigest()
    return prints


def _render(writers: list[Writer], stale: list[Target], options: Options) -> list[Output]:
    """Render the stale targets into memory, independent jobs on separate cores."""
    jobs = [parallel.Job(partial(_run, writer, group), writer.cost(group))
            for writer in writers
            for group in writer.jobs([t for t in stale if t.writer == writer.name]) if group]
    if jobs:
        _progress(options, f"rendering {len(stale)} file(s)")
    targets = {t.output: t for t in stale}
    rendered = {name: Output(targets[name], data, pages)
                for name, data, pages in parallel.run(jobs, options.jobs)}
    return [rendered[t.output] for t in stale]


def _run(writer: Writer, targets: list[Target]) -> parallel.Result:
    """Render `targets` with `writer`, through its whole lifecycle."""
    writer.prepare()
    try:
        return [(o.target.output, o.data, o.pages) for o in writer.write(targets)]
    finally:
        writer.finish()


def _record(state: State, inputs: str, out: Path, prints: dict[str, str],
            outputs: list[Output], removed: list[str], stamp: int, complete: bool) -> None:
    """Update `state` to what `out` holds once the commit is done.

    The new files get the modification time `stamp`, so the signature (stat-based) is
    known before they are in place, and the state commits with them in one step.
    """
    planned = {}
    for output in outputs:
        name = output.target.output
        state.outputs[name] = [prints[name], hashlib.sha256(output.data).hexdigest()]
        planned[name] = (len(output.data), stamp)
    for name in removed:
        state.outputs.pop(name, None)
    state.signature = (signature(inputs, out, list(state.outputs), planned) if complete
                       else "")


def _say(options: Options, message: str) -> None:
    """Tell the user something they should know, unless they asked for quiet or JSON."""
    if not (options.quiet or options.json):
        print(message, file=sys.stderr, flush=True)


def _progress(options: Options, message: str) -> None:
    """Tell a person at a terminal what the build is doing."""
    if not (options.quiet or options.json) and sys.stderr.isatty():
        print(f"  {message}...", file=sys.stderr)
