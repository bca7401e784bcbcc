"""Put a build's files into the output folder all-or-nothing, through a write-ahead journal.

A commit is a list of changes (write these bytes at this name; remove this name). It runs
in three steps, each safe to interrupt at any instruction:

1. *Stage*: every new file is written and synced in `.pipeline-staging/`, a folder of the
   output folder that belongs to the pipeline alone. Then the journal, which names every
   change, is written and synced: from this instant the commit is decided.
2. *Apply*: for each change in order, the old file (if any) is moved into the staging
   folder and the new one moved into its place: two renames, each atomic.
3. *Clean*: the journal is deleted, then the staging folder with the old files.

The next command first `recover`s: with no journal, staged files are discarded (the commit
never happened); with a journal, the commit is rolled forward, and if a file cannot be put
in place it is rolled back, every old file returned. So the output folder always holds the
complete old set or the complete new set. A journal was chosen over one folder renamed in
place because outputs keep their names in a folder the user may have opened or linked to.

Renames and writes go through `_replace` and `_write`, the two points where a test injects
faults (a failure or a kill at the N-th step).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError

STAGING = ".pipeline-staging"
JOURNAL = "journal.json"
_HELD = {
    errno.EPERM: "it is read-only or locked",
    errno.EACCES: "permission is denied",
    errno.EBUSY: "it is in use",
    errno.ETXTBSY: "it is in use",
    errno.EROFS: "the disk is read-only",
}


@dataclass(frozen=True)
class Change:
    """One change to the output folder: new bytes for `name`, or its removal (data None)."""

    name: str
    data: bytes | None


def commit(out: Path, changes: list[Change], mtime_ns: int) -> None:
    """Apply `changes` to `out` all-or-nothing, new files dated `mtime_ns`; BuildError says
    which file stopped it."""
    if not changes:
        return
    staging = _staging(out, create=True) or _make_staging(out)
    entries = _stage(out, staging, changes, mtime_ns)
    try:
        _write(staging / JOURNAL, json.dumps({"version": 1, "entries": entries}).encode(), mtime_ns)
    except OSError as exc:
        _clean(staging)
        raise BuildError(f"cannot write {out}: {exc.strerror}") from None
    _sync_folder(staging)
    try:
        _apply(out, staging, entries)
    except OSError as exc:
        _roll_back(out, staging, entries)
        raise BuildError(_cannot_replace(out, exc)) from None
    _clean(staging)


def recover(out: Path) -> str | None:
    """Finish or undo a commit that was interrupted; return what was done, if anything."""
    staging = _staging(out, create=False)
    if staging is None:
        return None
    entries = _journal(staging)
    if entries is None:
        _clean(staging)
        return "discarded the files of a build that was interrupted before it wrote anything"
    try:
        _apply(out, staging, entries)
    except OSError as exc:
        _roll_back(out, staging, entries)
        return f"undid a build that was interrupted: {_cannot_replace(out, exc)}"
    _clean(staging)
    return "finished writing the outputs of a build that was interrupted"


def _staging(out: Path, create: bool) -> Path | None:
    """Return the staging folder of `out` (made when `create`), or None when there is none."""
    staging = out / STAGING
    try:
        mode = staging.lstat().st_mode
    except FileNotFoundError:
        return _make_staging(out) if create else None
    if not stat.S_ISDIR(mode):
        raise BuildError(f"{staging} is in the way of the pipeline's own folder; remove it")
    return staging


def _make_staging(out: Path) -> Path:
    """Make and return the staging folder of `out`."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / STAGING).mkdir()
    except OSError as exc:
        raise BuildError(f"cannot write {out}: {exc.strerror}") from None
    return out / STAGING


def _stage(
    out: Path, staging: Path, changes: list[Change], mtime_ns: int
) -> list[dict[str, object]]:
    """Write every new file into `staging`; return the journal's entries."""
    entries: list[dict[str, object]] = []
    try:
        for index, change in enumerate(changes):
            final = _final(out, change.name)
            if change.data is not None:
                final.parent.mkdir(parents=True, exist_ok=True)
                _write(staging / f"new-{index}", change.data, mtime_ns)
            entries.append(
                {
                    "name": change.name,
                    "new": change.data is not None,
                    "old": final.exists() or final.is_symlink(),
                }
            )
    except OSError as exc:
        _clean(staging)
        where = exc.filename if exc.filename and STAGING not in str(exc.filename) else out
        raise BuildError(f"cannot write {where}: {exc.strerror}") from None
    return entries


def _final(out: Path, name: str) -> Path:
    """Return where output `name` goes, refusing a folder or a link in the way."""
    final, place = out / name, out
    for part in Path(name).parts[:-1]:
        place = place / part
        if place.is_symlink() or (place.exists() and not place.is_dir()):
            what = "a link" if place.is_symlink() else "a file"
            raise NotADirectoryError(
                errno.ENOTDIR, f"{what} is in the way of a folder of the pipeline's own", str(place)
            )
    if final.is_dir() and not final.is_symlink():
        raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(final))
    return final


def _apply(out: Path, staging: Path, entries: list[dict[str, object]]) -> None:
    """Put every change of the journal in place; what is already done is skipped."""
    folders = set()
    for index, entry in enumerate(entries):
        final, old, new = _places(out, staging, index, entry)
        if (
            entry["old"]
            and not _exists(old)
            and _exists(final)
            and (not entry["new"] or _exists(new))
        ):
            _replace(final, old)
        if entry["new"] and _exists(new):
            _replace(new, final)
        folders.add(final.parent)
    for folder in sorted(folders):
        _sync_folder(folder)


def _roll_back(out: Path, staging: Path, entries: list[dict[str, object]]) -> None:
    """Undo a commit that could not be applied, then clean up; if even that fails, say so."""
    try:
        _undo(out, staging, entries)
    except OSError as exc:
        raise BuildError(
            f"cannot restore {exc.filename}: {exc.strerror}; build again to "
            "finish the interrupted build"
        ) from None
    _clean(staging)


def _undo(out: Path, staging: Path, entries: list[dict[str, object]]) -> None:
    """Return every old file of the journal to its place and remove the new ones."""
    for index, entry in reversed(list(enumerate(entries))):
        final, old, new = _places(out, staging, index, entry)
        if _exists(old):
            os.replace(old, final)
        elif entry["new"] and not entry["old"] and not _exists(new):
            final.unlink(missing_ok=True)


def _places(
    out: Path, staging: Path, index: int, entry: dict[str, object]
) -> tuple[Path, Path, Path]:
    """Return where change `index` goes, where its old file is kept, where its new one waits."""
    return out / str(entry["name"]), staging / f"old-{index}", staging / f"new-{index}"


def _journal(staging: Path) -> list[dict[str, object]] | None:
    """Return the entries of the journal in `staging`, or None when it is absent or torn."""
    try:
        data = json.loads((staging / JOURNAL).read_bytes())
        entries = data["entries"]
        valid = data["version"] == 1 and all(
            isinstance(e["name"], str) and isinstance(e["new"], bool) and isinstance(e["old"], bool)
            for e in entries
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return entries if valid else None


def _clean(staging: Path) -> None:
    """Remove the old and staged files, then the journal, then the staging folder itself.

    The journal goes last but one: should this be interrupted, the next `recover` rolls
    forward a commit whose every change is already done, which changes nothing.
    """
    for path in staging.iterdir():
        if path.name != JOURNAL:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    (staging / JOURNAL).unlink(missing_ok=True)
    _sync_folder(staging)
    with contextlib.suppress(OSError):
        staging.rmdir()


def _cannot_replace(out: Path, exc: OSError) -> str:
    """Return one line saying which output could not be replaced, and the likely cause."""
    name = Path(exc.filename or out)
    if STAGING in name.parts and exc.filename2:
        name = Path(exc.filename2)
    cause = _HELD.get(exc.errno or 0, exc.strerror or "it cannot be replaced")
    hint = "; close it in the program that has it open" if exc.errno in _HELD else ""
    return f"cannot replace {name}: {cause}{hint}, then build again"


def _exists(path: Path) -> bool:
    """Return whether `path` exists (a link counts, whatever it points to)."""
    return path.exists() or path.is_symlink()


def _write(path: Path, data: bytes, mtime_ns: int) -> None:
    """Write `data` to a new file at `path`, dated `mtime_ns`, synced to the disk (a fault
    point)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.utime(descriptor, ns=(mtime_ns, mtime_ns))
        os.fsync(stream.fileno())


def _replace(source: Path, target: Path) -> None:
    """Rename `source` to `target` in one step (a fault point)."""
    os.replace(source, target)


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
