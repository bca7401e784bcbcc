"""Write outputs all-or-nothing: every file goes to a temporary file beside it, then into place.

Phase one writes and syncs every temporary file; only when all are complete does phase two
move them over the old outputs (a rename, which does not fail half-way). A failure in phase
one removes the temporary files and leaves every previous output byte-for-byte as it was.
A process killed in phase one leaves temporary files that the next build removes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import BuildError

PREFIX = ".pipeline-tmp-"


def remove_stale_temporaries(out: Path) -> None:
    """Remove temporary files that an interrupted build left in `out`."""
    if out.is_dir():
        for path in out.rglob(f"{PREFIX}*"):
            path.unlink(missing_ok=True)


def commit(out: Path, files: dict[str, bytes], removals: Iterable[str] = ()) -> None:
    """Write `files` (name under `out` -> bytes) into place together, then remove `removals`."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            staged.append((_stage(out / name, data), out / name))
    except OSError as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        target = exc.filename or out
        raise BuildError(f"cannot write {target}: {exc.strerror}; "
                         "the previous outputs are unchanged") from None
    for temporary, final in staged:
        os.replace(temporary, final)
    for name in removals:
        (out / name).unlink(missing_ok=True)


def _stage(final: Path, data: bytes) -> Path:
    """Write `data` to a synced temporary file beside `final` and return its path."""
    if final.is_dir():
        raise IsADirectoryError(21, "a folder is in the way", str(final))
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"{PREFIX}{final.name}.", dir=final.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return temporary
