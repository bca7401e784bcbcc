"""Open project files the one safe way: inside the project, regular, bounded, never blocking.

Every file the pipeline reads (sources, brand, templates, stylesheets, fonts, logos) goes
through `read_bytes` (or `read_head`, for its first bytes and its size), and every file it
writes into the project through `write_text`. A path
is resolved (symbolic links followed) and must stay under the project root, so a link to a
shared folder *inside* the project is fine and a link that leads outside it is refused. A
FIFO, device or folder is refused without blocking: the file is opened non-blocking and
checked before a byte is read. Refusals name the path as the user wrote it, never where a
link leads nor anything of its content.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path, PurePosixPath

from .errors import BuildError

MAX_BYTES = 16_000_000
RACY_NS = 2_000_000_000  # a clock's tick at most (a FAT stick's): a file saved again within
# it keeps its size and time, so a time that recent cannot tell that the file is unchanged
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def settled_time(info: os.stat_result) -> int | None:
    """Return a file's modification time, where it tells a later change: None where the file
    changed too recently (`RACY_NS`) for a change in the same clock tick to move it."""
    return info.st_mtime_ns if time.time_ns() - info.st_mtime_ns > RACY_NS else None


class Refused(BuildError):
    """A project file cannot be read (or written) safely; `rel` is the path as written."""

    def __init__(self, rel: str, reason: str, missing: bool = False) -> None:
        super().__init__(f"{rel}: {reason}")
        self.rel = rel
        self.reason = reason
        self.missing = missing


def relative(rel: str) -> PurePosixPath:
    """Return `rel` as a clean relative path, or raise Refused when it could leave its folder."""
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or "\\" in rel or "\0" in rel or ".." in path.parts:
        raise Refused(rel, "must be a relative path inside the project, without '..'")
    return path


def resolve(root: Path, rel: str) -> Path:
    """Return the real path of `rel` under `root`, or raise Refused when it is not there."""
    real_root = root.resolve()
    try:
        real = (real_root / relative(rel)).resolve(strict=True)
    except FileNotFoundError:
        raise Refused(rel, "file is missing", missing=True) from None
    except (OSError, RuntimeError):
        raise Refused(rel, "is a link that leads nowhere (a loop?)") from None
    if not real.is_relative_to(real_root):
        raise Refused(rel, "leads outside the project (a link?); copy the file in instead")
    return real


def read_bytes(root: Path, rel: str, limit: int = MAX_BYTES) -> bytes:
    """Return the content of the regular file `rel` of the project, at most `limit` bytes."""
    data, _ = read_head(root, rel, limit + 1, limit)
    if len(data) > limit:
        raise Refused(rel, f"is larger than the {_size(limit)} a file may have here")
    return data


def read_head(root: Path, rel: str, count: int, limit: int = MAX_BYTES) -> tuple[bytes, int]:
    """Return the first `count` bytes of the regular file `rel` of the project (at most
    `limit` bytes long) and its size, checked as `read_bytes` checks a file."""
    path = resolve(root, rel)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise Refused(rel, f"cannot be read ({exc.strerror})") from None
    try:
        _check_regular(rel, os.fstat(descriptor).st_mode)
    except Refused:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as stream:
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise Refused(rel, f"is larger than the {_size(limit)} a file may have here")
        return stream.read(count), size


def read_text(root: Path, rel: str, limit: int = MAX_BYTES) -> str:
    """Return the UTF-8 text of the project file `rel`."""
    data = read_bytes(root, rel, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(rel, "is not UTF-8 text; save it as UTF-8") from None


def check_file(root: Path, rel: str, limit: int = MAX_BYTES) -> Path:
    """Return the real path of `rel` when it is a regular file within `limit`, else Refused."""
    path = resolve(root, rel)
    info = path.stat()
    _check_regular(rel, info.st_mode)
    if info.st_size > limit:
        raise Refused(rel, f"is larger than the {_size(limit)} a file may have here")
    return path


def write_text(root: Path, rel: str, text: str) -> Path:
    """Write `text` as UTF-8 to the project file `rel` (see `write_bytes`); return its path."""
    return write_bytes(root, rel, text.encode("utf-8"))


def write_bytes(root: Path, rel: str, data: bytes) -> Path:
    """Write `data` to the project file `rel` in one step, never through a link; return it.

    The file is written beside its place and moved there, replacing a link rather than
    writing where it leads.
    """
    path = relative(rel)
    folder = resolve(root, path.parent.as_posix()) if path.parent.parts else root.resolve()
    handle, temporary = tempfile.mkstemp(prefix=".pipeline-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, folder / path.name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return folder / path.name


def _check_regular(rel: str, mode: int) -> None:
    """Raise Refused unless `mode` is a regular file's."""
    for test, kind in _KINDS:
        if test(mode):
            raise Refused(rel, f"is {kind}, not a regular file")
    if not stat.S_ISREG(mode):
        raise Refused(rel, "is not a regular file")


def _size(limit: int) -> str:
    """Return a byte limit as people say it: '1 MB'."""
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} KB"
