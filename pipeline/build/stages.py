"""The build, as a list of named stages.

    recover  finish or undo a build that was interrupted      (under the folder's lock)
    check    nothing changed since the last good build?       (stat only; nothing parsed)
    load     read and validate the sources into the model
    plan     list every target; keep those whose fingerprint moved
    render   each writer renders its stale targets, in jobs on the machine's cores; then
             the targets that list others (an index of downloads), given their facts;
             all of it within the build's one deadline (--timeout)
    commit   put every new file in place and remove the outputs of deleted sources, with
             the record of what was built from what, all in one step

No rendering library is imported before `render`, so checks and no-op builds stay fast.
"""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..context import PDF_VARIANTS, Context, Options
from ..errors import BuildError, PipelineError, SourcesInvalid, UsageError
from ..render.timeout import rendering
from ..writers.base import Output, Target, Writer
from . import commit, lock, render
from .report import Report, Step, Written
from .state import STATE_FILE, State, code_version, input_stamp, signature

Say = Callable[[str], None]
SHARED_INPUTS = ("styles/brand.yaml", "styles/fonts/coverage.json")  # every target's


@dataclass(frozen=True)
class Select:
    """Which targets a build makes, and what to say when none of them match."""

    accepts: Callable[[Target], bool]
    nothing: Callable[[list[Target]], str]


@dataclass(frozen=True)
class Request:
    """What a build is asked for: some targets or all, even those up to date or not."""

    select: Select | None = None
    force: bool = False
    say: Say = field(default=lambda message: None, compare=False)
    step: Callable[[Step], None] = field(default=lambda step: None, compare=False)


def matching(patterns: list[str] | None) -> Select | None:
    """Return a selection of the targets whose output matches one of `patterns`, if any."""
    if not patterns:
        return None
    return Select(
        lambda t: any(fnmatch.fnmatchcase(t.output, p) for p in patterns),
        lambda targets: (
            f"no output matches {' or '.join(patterns)}; outputs: "
            + ", ".join(t.output for t in targets)
        ),
    )


def releasing(release_id: str) -> Select:
    """Return a selection of the notice files of one release."""

    def release(target: Target) -> str | None:
        return getattr(target.of, "id", None) if target.writer.startswith("notice") else None

    def known(targets: list[Target]) -> str:
        ids = list(dict.fromkeys(filter(None, map(release, targets))))
        close = difflib.get_close_matches(release_id, ids, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "the ids are in sources/releases/"
        return f"no release has id '{release_id}' — {hint}"

    return Select(lambda t: release(t) == release_id, known)


def writers(context: Context) -> list[Writer]:
    """Return one writer of each registered edition."""
    from ..writers import editions

    return [cls(context) for cls in editions()]


def build(root: Path, out: Path, options: Options, request: Request = Request()) -> Report:
    """Build every stale output of the project at `root` into `out`; return what happened.

    A UsageError (a selection that matches nothing) is raised, not reported.
    """
    started = time.perf_counter()
    report = Report()
    try:
        with lock.exclusive(out, options.timeout, request.say):
            options = remembered(options, out)
            report.pdf_variant = options.pdf_variant
            _stages(root, out, options, request, report)
    except SourcesInvalid as exc:
        report.problems = exc.errors
    except BuildError as exc:
        report.failure = str(exc)
    except OSError as exc:
        report.failure = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
    report.seconds = time.perf_counter() - started
    return report


def remembered(options: Options, out: Path) -> Options:
    """Return `options` with the PDF variant of the last build of `out` where none is given."""
    if options.pdf_variant:
        return options
    return replace(options, pdf_variant=State.load(out).pdf_variant or PDF_VARIANTS[0])


def builds_again() -> None:
    """Let this process keep what its builds lay out for the next one (a `watch`), from its
    first build on: a kept chapter's pages are then drawn once, and a plan printed in parts
    keeps its parts rather than let go of each once drawn."""
    from ..render.pdf import replay

    replay.enable()


def warm(root: Path, options: Options) -> None:
    """Warm every writer now, so that the next build pays no start-up.

    A failure here is left for that build to report, with its file and line.
    """
    builds_again()  # warmed, this process builds again
    try:
        with rendering(options.timeout):
            for writer in writers(load_context(root, options)):
                if writer.targets():
                    writer.warm()
    except PipelineError:
        return


def _stages(root: Path, out: Path, options: Options, request: Request, report: Report) -> None:
    """Recover, check, then (unless nothing changed) load, plan, render and commit."""
    report.recovered = commit.recover(out)
    state = State.load(out)
    inputs = input_stamp(root, _settings(root, options))
    folder = options.since is not None and Path(options.since).is_dir()  # no stat of its files
    quick = request.select is None and not request.force and not folder
    if quick and _unchanged(inputs, out, state):
        report.up_to_date = True
        return
    context = load_context(root, options)
    report.problems = list(context.loaded.warnings)  # shown; they stop nothing
    every = writers(context)
    targets = [t for w in every for t in w.targets()]
    select = request.select
    chosen = [t for t in targets if select is None or select.accepts(t)]
    if select is not None and not chosen:
        raise UsageError(select.nothing(targets))
    with rendering(options.timeout):  # the build's rendering, bounded in all
        prints, outputs = _render(state, out, context, every, targets, chosen, request)
    made = {o.target.output for o in outputs}
    report.skipped = [t.output for t in chosen if t.output not in made]
    removed = [] if select else _removals(state, out, {t.output for t in targets}, report)
    _commit(out, state, inputs, prints, outputs, removed, select is None, options.pdf_variant)
    report.written = [Written(o.target.output, o.pages, len(o.data), o.seconds) for o in outputs]
    report.removed = removed
    report.up_to_date = select is None and not outputs and not removed  # read, found current


def _render(
    state: State,
    out: Path,
    context: Context,
    every: list[Writer],
    targets: list[Target],
    chosen: list[Target],
    request: Request,
) -> tuple[dict[str, str], list[Output]]:
    """Render the chosen targets that are stale, and the outputs they list that are not
    known, each level after the outputs it lists; return every fingerprint and output."""
    wanted = {t.output for t in chosen}
    prints: dict[str, str] = {}
    outputs: list[Output] = []
    code = code_version()  # once per build, as each file's digest, not once per level
    digests: dict[str, str] = {}
    for level in _levels(state, out, targets, chosen):  # what lists others after them
        level = _with_facts(state, out, level, outputs)
        prints |= _fingerprints(state, context, level, code, digests)
        stale = _stale(state, out, [t for t in level if t.output in wanted], prints, request.force)
        stale += [t for t in level if t.output not in wanted]  # listed, but not known
        outputs += render.render(every, stale, context.options.jobs, prints, request.step)
    return prints, outputs


def load_context(root: Path, options: Options) -> Context:
    """Return the checked project with, when `options.since` names one, its earlier edition."""
    from ..read.earlier import earlier
    from ..read.load import load

    loaded = load(root)
    previous = earlier(root, options.since) if options.since else None
    return Context(root, loaded, options, previous)


def _settings(root: Path, options: Options) -> dict[str, object]:
    """Return the settings an output depends on: the PDF flavour, the earlier edition."""
    if options.since is None:
        return {"pdf_variant": options.pdf_variant}  # nothing to import on a no-op build
    from ..read.earlier import revision

    return {"pdf_variant": options.pdf_variant, "since": revision(root, options.since)}


def _stale(
    state: State, out: Path, targets: list[Target], prints: dict[str, str], force: bool
) -> list[Target]:
    """Return the targets that are forced, or whose output is not current."""
    return [t for t in targets if force or not state.current(out, t.output, prints[t.output])]


def _levels(
    state: State, out: Path, targets: list[Target], chosen: list[Target]
) -> list[list[Target]]:
    """Return the chosen targets, and the outputs they list whose size and pages are not
    known (never recorded, or changed since), in levels: each target after the outputs
    it lists, so that a listing always tells the truth about the files beside it and a
    file made of others is made of them as they are."""
    by_name = {t.output: t for t in targets}
    needed = {t.output: t for t in chosen}
    todo = list(chosen)
    while todo:
        for name in todo.pop().lists:
            if name in by_name and name not in needed and state.fact(out, name) is None:
                needed[name] = by_name[name]
                todo.append(by_name[name])
    depth: dict[str, int] = {}

    def level(target: Target) -> int:
        if target.output not in depth:
            below = [level(by_name[n]) for n in target.lists if n in needed]
            depth[target.output] = 1 + max(below, default=-1)
        return depth[target.output]

    levels: list[list[Target]] = [
        [] for _ in range(1 + max(map(level, needed.values()), default=-1))
    ]
    place = {t.output: index for index, t in enumerate(targets)}
    for target in sorted(needed.values(), key=lambda t: place[t.output]):
        levels[level(target)].append(target)
    return levels


def _with_facts(
    state: State, out: Path, targets: list[Target], outputs: list[Output]
) -> list[Target]:
    """Return `targets` given the bytes and pages of each output they list, and the
    content of each where a target is made of it (each output read back once)."""
    made = {o.target.output: o for o in outputs}

    def facts(target: Target) -> Target:
        if not target.made_of_listed:
            found = ((name, _fact(state, out, made.get(name), name)) for name in target.lists)
            return replace(target, listed=tuple((n, *f) for n, f in found if f is not None))
        contents = [(name, *_content(state, out, made.get(name), name)) for name in target.lists]
        listed = tuple((name, len(data), pages) for name, data, pages in contents)
        return replace(target, listed=listed, given=tuple(data for _, data, _ in contents))

    return [facts(t) for t in targets]


def _fact(
    state: State, out: Path, output: Output | None, name: str
) -> tuple[int, int | None] | None:
    """Return the bytes and pages of an output made now, or as recorded if still written."""
    return (len(output.data), output.pages) if output else state.fact(out, name)


def _content(state: State, out: Path, output: Output | None, name: str) -> tuple[bytes, int | None]:
    """Return the bytes and pages of an output made now, or read back as written, or fail."""
    if output is not None:
        return output.data, output.pages
    found = state.content(out, name)
    if found is None:
        raise BuildError(f"{name} changed while the build read it; build again")
    return found


def _unchanged(inputs: str, out: Path, state: State) -> bool:
    """Return whether no input or output changed since the last complete build."""
    if not inputs or not state.signature:  # an input too recent for its stat to tell
        return False
    return state.signature == signature(inputs, out, list(state.outputs))


def _fingerprints(
    state: State, context: Context, targets: list[Target], code: str, digests: dict[str, str]
) -> dict[str, str]:
    """Return, per output, a digest of the `code`, settings, model slice and files it comes
    from; each file is checked and digested once, its digest kept in `digests`."""
    prints = {}
    for target in targets:
        digest = hashlib.sha256(f"{code}\0{target.writer}\0{context.options.pdf_variant}".encode())
        digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
        digest.update(repr(target.shows).encode())
        if target.lists:
            digest.update(repr(target.listed).encode())
        for name in sorted({*target.files, *SHARED_INPUTS}):
            if name not in digests:
                digests[name] = state.file_digest(context.root, name)
            digest.update(f"\0{name}\0{digests[name]}".encode())
        prints[target.output] = digest.hexdigest()
    return prints


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
        state.facts.pop(name, None)
        if reason:
            report.kept.append(f"left {name} in place: {reason}")
    return removed


def _commit(
    out: Path,
    state: State,
    inputs: str,
    prints: dict[str, str],
    outputs: Iterable[Output],
    removed: list[str],
    complete: bool,
    variant: str,
) -> None:
    """Commit the new files, the removals and the updated state in one step.

    The new files get the modification time `stamp`, so the signature (stat-based) is
    known before they are in place, and the state commits with them.
    """
    stamp = time.time_ns()
    planned, changes = {}, []
    for output in outputs:
        name = output.target.output
        state.outputs[name] = [prints[name], hashlib.sha256(output.data).hexdigest()]
        state.facts[name] = [len(output.data), output.pages]
        planned[name] = (len(output.data), stamp)
        changes.append(commit.Change(name, output.data))
    for name in removed:
        state.outputs.pop(name, None)
        state.facts.pop(name, None)
        changes.append(commit.Change(name, None))
    trusted = complete and bool(inputs)
    state.signature = signature(inputs, out, list(state.outputs), planned) if trusted else ""
    state.pdf_variant = variant
    commit.commit(out, [*changes, commit.Change(STATE_FILE, state.dumps())], stamp)
