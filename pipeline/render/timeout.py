"""Stop work that runs too long: a render is bounded, whatever its input."""

from __future__ import annotations

import gc
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ..errors import BuildError

RETRY = 0.05  # s: when the stop would be swallowed, try again this much later


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise BuildError when the block runs longer than `seconds` (main thread only).

    The error is raised from a signal handler, so it could land in code that swallows
    exceptions (a garbage collector's callback, a `__del__`): there it waits, and the
    timer fires again a moment later, until the error reaches the block.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, RETRY)  # again, should this one be swallowed
        if frame is not None and _swallows(frame):
            return
        raise BuildError(f"{what}: rendering took longer than {seconds:g} s; stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _swallows(frame: FrameType) -> bool:
    """Return whether an exception raised in `frame` would be ignored rather than raised."""
    callbacks = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    return frame.f_code in callbacks or frame.f_code.co_name == "__del__"
