"""Load every model once per process and wire them into ``streaming.engines.Engines``."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from server.config import Config
from streaming.engines import Engines
from streaming.lanes import TwoLaneWorker

log = logging.getLogger(__name__)


def load_engines(config: Config) -> Engines:
    """Blocking (seconds): call before serving or in an executor."""
    from server.memory import fix_mmap_threshold

    fix_mmap_threshold()  # before any model allocates: see server/memory.py
    from avatar import load_renderer
    from models.asr import AsrOptions, WhisperTranscriber
    from models.dialogue import build_engine
    from models.tts import load_synthesizer
    from models.vad import load_vad

    t0 = time.perf_counter()
    if config.avatar.renderer == "radnerf":
        from avatar.radnerf import load_radnerf_renderer

        if not config.avatar.radnerf_checkpoint:
            raise ValueError("renderer 'radnerf' needs avatar.radnerf_checkpoint (a trained checkpoint directory)")
        renderer = load_radnerf_renderer(config.avatar.radnerf_checkpoint, size=config.avatar.size)
    elif config.avatar.renderer == "cpu":
        renderer = load_renderer(config.avatar.portrait, size=config.avatar.size)
    else:
        raise ValueError(f"unknown renderer {config.avatar.renderer!r} (expected 'cpu' or 'radnerf')")
    asr = TwoLaneWorker("asr")
    engines = Engines(
        vad=load_vad(config.asr.vad),
        transcriber=WhisperTranscriber(
            AsrOptions(
                model_dir=config.asr.model_dir,
                cpu_threads=config.asr.threads,
                korean_vocabulary=config.asr.korean_vocabulary,
            )
        ),
        responder=build_engine(config.dialogue or None),
        synthesizer=load_synthesizer(config.tts or None),
        renderer=renderer,
        # one decode at a time (two at once starve the video); a turn's final never queues behind partials
        asr_pool=asr.urgent,
        asr_background_pool=asr.background,
        dialogue_pool=ThreadPoolExecutor(1, thread_name_prefix="dialogue"),
        tts_pool=ThreadPoolExecutor(1, thread_name_prefix="tts"),
    )
    warm_up(engines)
    log.info("models loaded and warm in %.1f s", time.perf_counter() - t0)
    return engines


def warm_up(engines: Engines) -> None:
    """Run each model once so the first real turn does not pay for lazy initialisation."""
    engines.transcriber.transcribe(np.zeros(16_000, np.int16), final=True)
    engines.responder.conversation().reply("안녕하세요")
    for _ in engines.synthesizer.synthesize("안녕하세요."):
        pass
    stream = engines.renderer.stream()
    stream.next_frame()


def shutdown_engines(engines: Engines) -> None:
    for pool in (engines.asr_pool, engines.dialogue_pool, engines.tts_pool):
        pool.shutdown(wait=False, cancel_futures=True)
