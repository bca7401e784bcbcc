"""Stop work that runs too long: a build's rendering is bounded in all, whatever its input.

A build renders within `rendering(seconds)`: each bounded step (`time_limit`, a document
laid out or drawn) gets what is left of those seconds, here and in the processes forked
from here, which inherit the deadline; a parent waits for a child no longer than the
deadline and a moment's `GRACE` (`waited`), so that a child stuck where no signal reaches
it is stopped as well.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ..errors import BuildError

RETRY = 0.05  # s: when the stop would be swallowed, try again this much later
GRACE = 10.0  # s: how long past the deadline a parent waits for a child that should have stopped
_DEADLINE: list[tuple[float, float]] = []  # (time.monotonic() to end by, the seconds given)


@contextmanager
def rendering(seconds: float) -> Iterator[None]:
    """Let the rendering in the block take `seconds` in all (0: no limit); a block within
    another keeps the outer one's deadline."""
    if not seconds or _DEADLINE:
        yield
        return
    _DEADLINE.append((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.clear()


def waited() -> float | None:
    """Return how long a parent may still wait for a child (None: without end)."""
    if not _DEADLINE:
        return None
    return max(0.0, _DEADLINE[0][0] + GRACE - time.monotonic())


def expired(what: str, seconds: float | None = None) -> BuildError:
    """Return the error that says the rendering of `what` ran out of time."""
    given = seconds if seconds is not None else _DEADLINE[0][1] if _DEADLINE else 0
    return BuildError(f"{what}: rendering took longer than {given:g} s; stopped")


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise BuildError when the block runs past the rendering's deadline, or else longer
    than `seconds` (main thread only).

    The error is raised from a signal handler, so it could land in code that swallows
    exceptions (a garbage collector's callback, a `__del__`): there it waits, and the
    timer fires again a moment later, until the error reaches the block.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    left = _DEADLINE[0][0] - time.monotonic() if _DEADLINE else seconds
    if left <= 0:
        raise expired(what, seconds)

    def expire(signum: int, frame: FrameType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, RETRY)  # again, should this one be swallowed
        if frame is not None and _swallows(frame):
            return
        raise expired(what, seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _swallows(frame: FrameType) -> bool:
    """Return whether an exception raised in `frame` would be ignored rather than raised."""
    callbacks = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    return frame.f_code in callbacks or frame.f_code.co_name == "__del__"
