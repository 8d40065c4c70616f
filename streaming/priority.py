"""Per-thread CPU priority (Linux per-thread nice; lowering needs no privileges).

Used for the ASR partial lane: live-caption transcriptions run in a model replica whose worker
thread yields the CPU to everything else, so they never slow the transcription that ends a turn.

Only that lane: with the render thread and aiortc's encoders lowered too, two sessions' final
transcriptions starved the render pumps, which fell behind real time (docs/history.md).
"""

from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger(__name__)


def lower_thread_priority(step: int) -> None:
    """Lower the calling thread's CPU priority by ``step`` nice levels (best effort)."""
    if step <= 0 or not hasattr(os, "setpriority"):
        return
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + step))
    except OSError as exc:
        log.debug("could not lower thread priority: %s", exc)
