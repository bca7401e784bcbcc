"""One build at a time per output folder: an advisory lock that a second build waits for."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError


@contextmanager
def exclusive(out: Path, timeout: float, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of `out` for the block, waiting up to `timeout` s for another build.

    The lock is the operating system's (flock) on the folder itself, so it leaves no file
    behind and is released when its holder ends, even when that holder is killed.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise BuildError(f"cannot use {out} as the output folder: {exc.strerror}") from None
    try:
        _acquire(descriptor, out, timeout, say)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _acquire(descriptor: int, out: Path, timeout: float, say: Callable[[str], None]) -> None:
    """Take the lock, telling the user once when another build holds it."""
    deadline, told = time.monotonic() + timeout, False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if not told:
            say(f"waiting for the other build writing to {out} to finish...")
            told = True
        if time.monotonic() > deadline:
            raise BuildError(
                f"another build is still writing to {out} after {timeout:g} s; "
                "stop it or wait, then build again"
            )
        time.sleep(0.05)
