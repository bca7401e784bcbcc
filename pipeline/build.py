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

from . import atomic, parallel
from .errors import BuildError, PipelineError, SourcesInvalid, UsageError
from .report import Report, Written
from .state import STATE_FILE, State, code_version, signature
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
    except BuildError as exc:
        report.errors = [f"error: {exc}", "Build failed; the previous outputs are unchanged."]
    except UsageError as exc:
        report.errors = [f"error: {exc}"]
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
    atomic.remove_stale_temporaries(out)
    state = State.load(out)
    settings: dict[str, object] = {"pdf_variant": options.pdf_variant}
    if select is None and not options.force and _unchanged(root, out, settings, state):
        report.up_to_date = True
        return
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
    removed = [] if select else sorted(set(state.outputs) - {t.output for t in targets})
    atomic.commit(out, {o.target.output: o.data for o in outputs}, removed)
    report.written = [Written(o.target.output, o.pages, len(o.data)) for o in outputs]
    report.removed = removed
    written = {o.target.output: hashlib.sha256(o.data).hexdigest() for o in outputs}
    _record(root, out, settings, state, prints, written, removed, complete=select is None)


def _unchanged(root: Path, out: Path, settings: dict[str, object], state: State) -> bool:
    """Return whether no input or output changed since the last complete build."""
    return bool(state.signature) and state.signature == signature(
        root, out, settings, list(state.outputs))


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


def _record(root: Path, out: Path, settings: dict[str, object], state: State,
            prints: dict[str, str], written: dict[str, str], removed: list[str],
            complete: bool) -> None:
    """Remember what each file in `out` was made from, and the signature if complete."""
    for name, digest in written.items():
        state.outputs[name] = [prints[name], digest]
    for name in removed:
        state.outputs.pop(name, None)
    state.signature = signature(root, out, settings, list(state.outputs)) if complete else ""
    atomic.commit(out, {STATE_FILE: state.dumps()})


def _progress(options: Options, message: str) -> None:
    """Tell a person at a terminal what the build is doing."""
    if not (options.quiet or options.json) and sys.stderr.isatty():
        print(f"  {message}...", file=sys.stderr)
