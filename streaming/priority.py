"""Per-thread CPU priority: media work yields to speech recognition on a small CPU.

On two cores the avatar's rendering and the WebRTC encoders (aiortc runs them in the loop's default
executor) compete with Whisper while the person speaks, and every millisecond Whisper loses there
is added to the reply latency. Rendering and encoding have slack (a frame is rendered one slot
ahead, encoding takes a few ms of a 40 ms slot), so their threads run at a lower priority (Linux
per-thread nice; no privileges needed to lower it). Elsewhere this is a no-op.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)

MEDIA_NICE = 5  # added to the nice value of rendering and encoding threads


def lower_thread_priority(step: int = MEDIA_NICE) -> None:
    """Lower the calling thread's CPU priority by ``step`` nice levels (best effort)."""
    if step <= 0 or not hasattr(os, "setpriority"):
        return
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + step))
    except OSError as exc:
        log.debug("could not lower thread priority: %s", exc)


def media_executor(workers: int | None = None, name: str = "media") -> ThreadPoolExecutor:
    """A thread pool whose threads run at the media priority."""
    return ThreadPoolExecutor(workers, thread_name_prefix=name, initializer=lower_thread_priority)
