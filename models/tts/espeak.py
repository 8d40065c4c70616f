"""espeak-ng through its C library (ctypes, synchronous mode): audio plus phoneme timings in-process.

libespeak-ng keeps global state and is not thread-safe, so every call that touches it holds one
process-wide lock. Synthesis is sentence by sentence: the generator releases the lock between
sentences, so a second caller interleaves instead of waiting for a whole answer.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from models.tts.normalize_ko import normalize, split_sentences
from models.tts.pronounce_ko import apply_pronunciation
from models.tts.visemes import visemes_from_phonemes
from streaming.types import SpeechAudio

logger = logging.getLogger(__name__)

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS = 0x0001
_INIT_PHONEME_IPA = 0x0002
_INIT_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_EV_LIST_TERMINATED, _EV_WORD, _EV_PHONEME = 0, 1, 7
_PARAM_RATE, _PARAM_VOLUME, _PARAM_PITCH, _PARAM_RANGE, _PARAM_WORDGAP = 1, 2, 3, 4, 7

#: espeak-ng's own limits on words per minute.
MIN_WPM, MAX_WPM = 80, 450


class EspeakError(RuntimeError):
    """libespeak-ng is missing or refused a call."""


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),  # milliseconds from the start of this espeak_Synth call
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass
class _Capture:
    chunks: list[np.ndarray]
    phonemes: list[tuple[int, str]]  # (ms, phoneme)
    words: list[tuple[int, int, int]]  # (ms, text_position, length)


class _Library:
    """The one process-wide libespeak-ng handle."""

    lock = threading.Lock()
    _instance: _Library | None = None

    def __init__(self) -> None:
        path = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(path)
        except OSError as exc:
            raise EspeakError(f"libespeak-ng not found ({path}); apt-get install libespeak-ng1") from exc
        lib = self.lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
            ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        options = _INIT_PHONEME_EVENTS | _INIT_PHONEME_IPA | _INIT_DONT_EXIT
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, options)
        if rate <= 0:
            raise EspeakError("espeak_Initialize failed")
        self.sample_rate = int(rate)
        self._capture: _Capture | None = None
        self._callback = _CALLBACK(self._on_synth)  # keep a reference: ctypes does not
        lib.espeak_SetSynthCallback(self._callback)

    @classmethod
    def get(cls) -> _Library:
        with cls.lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _on_synth(self, wav, numsamples, events) -> int:
        cap = self._capture
        if cap is None:
            return 0
        if wav and numsamples > 0:
            cap.chunks.append(np.ctypeslib.as_array(wav, shape=(numsamples,)).copy())
        i = 0
        while events[i].type != _EV_LIST_TERMINATED:
            ev = events[i]
            if ev.type == _EV_PHONEME:
                cap.phonemes.append((ev.audio_position, ev.id.string.decode("utf-8", "replace")))
            elif ev.type == _EV_WORD:
                cap.words.append((ev.audio_position, ev.text_position, ev.length))
            i += 1
        return 0

    def synth(
        self, text: str, *, voice: str, wpm: int, pitch: int, pitch_range: int, word_gap: int
    ) -> _Capture:
        """Synthesize ``text`` completely (synchronous mode); the caller must hold ``lock``."""
        lib = self.lib
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EspeakError(f"espeak-ng voice {voice!r} not found")
        lib.espeak_SetParameter(_PARAM_RATE, int(np.clip(wpm, MIN_WPM, MAX_WPM)), 0)
        lib.espeak_SetParameter(_PARAM_PITCH, int(np.clip(pitch, 0, 100)), 0)
        lib.espeak_SetParameter(_PARAM_RANGE, int(np.clip(pitch_range, 0, 100)), 0)
        lib.espeak_SetParameter(_PARAM_WORDGAP, max(0, int(word_gap)), 0)
        lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
        data = text.encode("utf-8") + b"\0"
        self._capture = cap = _Capture([], [], [])
        try:
            err = lib.espeak_Synth(data, len(data), 0, 1, 0, _CHARS_UTF8, None, None)
        finally:
            self._capture = None
        if err != 0:
            raise EspeakError(f"espeak_Synth failed with code {err}")
        return cap


@dataclass(frozen=True)
class EspeakOptions:
    """Delivery settings. Defaults were chosen with ``benchmarks.tts_intelligibility`` (docs/tts.md)."""

    voice: str = "ko"  # "ko" or "ko+<variant>" (e.g. "ko+f2"); variants live in espeak-ng-data/voices/!v
    wpm: int = 130  # words per minute at rate=1.0 (espeak-ng's own default is 175)
    base_rate: float = 1.0  # the deployer's speed multiplier (config ``rate``), applied with each call's rate
    pitch: int = 45  # 0..100
    pitch_range: int = 40  # 0..100: lower is flatter, higher more sing-song
    word_gap: int = 0  # extra pause between words, units of 10 ms
    sentence_pause_ms: int = 350  # silence appended after each sentence but the last
    normalize: bool = True  # read numbers, units and letters as words (normalize_ko)
    pronounce: bool = True  # apply the Korean sound changes espeak-ng misses (pronounce_ko)


class EspeakSynthesizer:
    """``streaming.protocols.Synthesizer`` backed by libespeak-ng (voice ``ko``), with visemes."""

    def __init__(self, options: EspeakOptions | None = None) -> None:
        self.options = options or EspeakOptions()
        self._lib = _Library.get()
        self.sample_rate: int = self._lib.sample_rate
        with _Library.lock:  # fail now, not mid-call, if the voice is missing
            if self._lib.lib.espeak_SetVoiceByName(self.options.voice.encode()) != 0:
                raise EspeakError(f"espeak-ng voice {self.options.voice!r} not found")

    def synthesize(self, text: str, *, rate: float = 1.0) -> Iterator[SpeechAudio]:
        """One ``SpeechAudio`` per sentence; ``rate`` multiplies the default speed (0.8 = slower)."""
        sentences = split_sentences(text)
        for i, sentence in enumerate(sentences):
            is_last = i == len(sentences) - 1
            yield self.synthesize_sentence(sentence, rate=rate, index=i, is_last=is_last)

    def synthesize_sentence(
        self, sentence: str, *, rate: float = 1.0, index: int = 0, is_last: bool = True
    ) -> SpeechAudio:
        o = self.options
        rate = rate * o.base_rate
        spoken = normalize(sentence) if o.normalize else sentence
        if o.pronounce:
            spoken = apply_pronunciation(spoken)
        with _Library.lock:
            cap = self._lib.synth(
                spoken, voice=o.voice, wpm=round(o.wpm * rate), pitch=o.pitch, pitch_range=o.pitch_range,
                word_gap=o.word_gap,
            )  # fmt: skip
        pcm = np.concatenate(cap.chunks) if cap.chunks else np.zeros(0, np.int16)
        pcm = _trim_silence(pcm, self.sample_rate)
        sr = self.sample_rate
        phon = [(round(ms * sr / 1000), p) for ms, p in cap.phonemes]
        if not is_last and o.sentence_pause_ms > 0:
            pause = round(o.sentence_pause_ms / max(rate, 0.25) * sr / 1000)
            pcm = np.concatenate([pcm, np.zeros(pause, np.int16)])
        visemes = visemes_from_phonemes(phon, len(pcm))
        return SpeechAudio(
            pcm=pcm.astype(np.int16, copy=False), sample_rate=sr, text=sentence, visemes=visemes,
            sentence_index=index, is_last=is_last,
        )  # fmt: skip


def _trim_silence(pcm: np.ndarray, sample_rate: int, threshold: int = 64) -> np.ndarray:
    """Drop trailing near-silence beyond 50 ms (espeak pads each utterance); keep the start intact so
    phoneme timings stay valid."""
    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > threshold)
    if len(loud) == 0:
        return pcm
    end = min(len(pcm), loud[-1] + 1 + sample_rate // 20)
    return pcm[:end]
