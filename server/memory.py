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
import gc
import logging
import weakref

log = logging.getLogger(__name__)

_DELAY_S = 2.0
_pending: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.TimerHandle] = weakref.WeakKeyDictionary()


def _libc_function(name: str, argtypes: list, restype):
    """A C library function, or None where this C library lacks it (musl, macOS)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        function = getattr(libc, name)
    except (OSError, AttributeError):
        return None
    function.argtypes, function.restype = argtypes, restype
    return function


_malloc_trim = _libc_function("malloc_trim", [ctypes.c_size_t], ctypes.c_int)


#: glibc's M_MMAP_THRESHOLD parameter number (malloc.h).
_M_MMAP_THRESHOLD = -3
#: Blocks at least this large get their own mapping and go back to the OS when freed: above the
#: renderer's per-frame buffers (≤ 3 MB float 512×512×3, reused from the arenas), below the
#: per-session ones.
MMAP_THRESHOLD = 4 * 1024 * 1024


def fix_mmap_threshold(size: int = MMAP_THRESHOLD) -> bool:
    """Pin glibc's mmap threshold (call once, before sessions start); False where unsupported.

    glibc raises the threshold on its own, up to 32 MB, whenever a large mapped block is freed.
    Loading the Korean-only Whisper model frees 12 MB buffers, which raised it to 12 MB: from then
    on per-session buffers came from the render threads' arenas, fragmented them, and the resident
    size grew 12–15 % over 100 sessions even with ``malloc_trim`` (``tests/reliability/
    test_leaks.py``). Pinned at 4 MB: +3.4 %, same server CPU. Pinned lower (256 KB or 1 MB) the
    per-frame buffers were mapped and zeroed afresh 25 times a second: +1.5 % but +27 % CPU.
    """
    mallopt = _libc_function("mallopt", [ctypes.c_int, ctypes.c_int], ctypes.c_int)
    return mallopt is not None and bool(mallopt(_M_MMAP_THRESHOLD, size))


def freeze_long_lived() -> int:
    """Collect once, then move every object alive now out of the cyclic collector's reach.

    Call it once the models are loaded. A full collection walks every tracked object with the GIL
    held: 254,000 of them after the engines load, about 115 ms on the 2-core VM, during which the
    event loop and the render thread both stop. A stall like that most likely made a reply's first
    frames miss their slots and lip sync in Chromium slip by 100 ms in one CI run. Frozen, a full collection takes well under a
    millisecond. The loaded models live as long as the process, so nothing that could be freed is
    kept. Returns how many objects are frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


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
