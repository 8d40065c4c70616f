"""The process-wide models of a conversation and the executors that run them (shared by all sessions)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from streaming.protocols import Renderer, Responder, Synthesizer, Transcriber, VadModel
from streaming.types import Transcript


def render_thread(session_id: str) -> Executor:
    """A session's own render worker: one thread, so frames are made in order."""
    return ThreadPoolExecutor(1, thread_name_prefix=f"render-{session_id[:8]}")


@dataclass
class Engines:
    vad: VadModel
    transcriber: Transcriber
    responder: Responder
    synthesizer: Synthesizer
    renderer: Renderer
    asr_pool: Executor  # transcriptions that end a turn
    dialogue_pool: Executor
    tts_pool: Executor
    asr_background_pool: Executor | None = None  # live-caption partials (default: asr_pool)
    new_render_pool: Callable[[str], Executor] = field(default=render_thread)

    async def transcribe(
        self, pcm: np.ndarray, *, final: bool, prefix: tuple[int, ...] = (),
        abandon: threading.Event | None = None, proceed: threading.Event | None = None,
    ) -> Transcript:
        """Transcribe off the loop: a turn's transcription on the urgent lane, a caption's on the background one.

        The caller bounds the wait (``asyncio.wait_for``); a worker thread cannot be stopped, but its
        result is then dropped."""
        loop = asyncio.get_running_loop()
        transcriber = self.transcriber
        # recognizers without incremental decoding or early stops need not know those keywords
        extra = {k: v for k, v in (("prefix", prefix), ("abandon", abandon), ("proceed", proceed)) if v}
        pool = self.asr_pool if final else (self.asr_background_pool or self.asr_pool)
        return await loop.run_in_executor(pool, lambda: transcriber.transcribe(pcm, final=final, **extra))
