"""Give memory freed by ended sessions back to the operating system.

Each session renders and encodes in its own threads; glibc gives threads their own malloc arenas and
keeps what they free cached there, so a long-running server's resident size creeps up with every
session even though nothing leaks (measured: +14 % after 100 sessions, flat after ``malloc_trim``).
``release_memory_soon`` trims once, a moment after the last of a burst of sessions ended, in a
worker thread. A no-op where the C library has no ``malloc_trim`` (musl, macOS).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import weakref

log = logging.getLogger(__name__)

_DELAY_S = 2.0
_pending: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.TimerHandle] = weakref.WeakKeyDictionary()


def _load_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_malloc_trim = _load_trim()


def trim_now() -> bool:
    """Blocking (milliseconds): return cached free heap memory to the OS; False where unsupported."""
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    return True


def release_memory_soon() -> None:
    """Schedule one ``trim_now`` in a worker thread ``_DELAY_S`` after the latest call (debounced)."""
    if _malloc_trim is None:
        return
    loop = asyncio.get_running_loop()
    previous = _pending.pop(loop, None)
    if previous is not None:
        previous.cancel()

    def fire() -> None:
        _pending.pop(loop, None)
        future = loop.run_in_executor(None, trim_now)
        future.add_done_callback(_log_failure)

    _pending[loop] = loop.call_later(_DELAY_S, fire)


def _log_failure(future: asyncio.Future) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("malloc_trim failed", exc_info=future.exception())
