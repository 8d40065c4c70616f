"""Korean demo speech from libespeak-ng (ctypes) with phoneme timings mapped to visemes.

Only for ``silver-avatar contact-sheet`` and tests when the project synthesizer (models/tts) is not
available: the production phoneme-to-viseme mapping belongs to the TTS stage. Falls back to the
``espeak-ng`` binary (audio only, visemes estimated from the audio) when the library cannot load.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import logging
import subprocess
import threading
import wave

import numpy as np

from streaming.types import SpeechAudio, VisemeEvent

log = logging.getLogger(__name__)

_EVENT_PHONEME = 7
_EVENT_LIST_TERMINATED = 0
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS = 0x0001
_CHARS_UTF8 = 1


class _EspeakEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_EspeakEvent))
_lock = threading.Lock()

# espeak-ng Korean phoneme mnemonics -> viseme (first match by prefix, longest first).
_PHONEME_VISEMES = {
    "u-": "I", "a": "A", "@": "A", "e": "E", "E": "E", "i": "I", "o": "O", "u": "U", "w": "U",
    "j": "I", "m": "M", "b": "M", "p": "M", "f": "F", "v": "F", "s": "S", "z": "S", "tS": "S",
    "dZ": "S", "ts": "S", "S": "S", "c": "S", "_": "sil",
}


def phoneme_viseme(phoneme: str) -> str:
    """Viseme of one espeak-ng phoneme mnemonic (stress and length marks ignored)."""
    ph = phoneme.strip("'," ":").strip()
    if not ph:
        return "sil"
    for key in sorted(_PHONEME_VISEMES, key=len, reverse=True):
        if ph.startswith(key):
            return _PHONEME_VISEMES[key]
    return "L"  # tongue consonants (n, t, d, l, r, k, g, h): slightly open, neutral


def _espeak_lib() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def espeak_speech(text: str, voice: str = "ko", rate_wpm: int = 150) -> SpeechAudio:
    """Synthesize ``text`` with espeak-ng; visemes from its phoneme events when available."""
    lib = _espeak_lib()
    if lib is None:
        return _espeak_binary(text, voice, rate_wpm)
    chunks: list[np.ndarray] = []
    phonemes: list[tuple[int, str]] = []

    def on_synth(wav, n, events):  # called by espeak during espeak_Synth (synchronous mode)
        if n > 0:
            chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            ev = events[i]
            if ev.type == _EVENT_PHONEME:
                phonemes.append((ev.audio_position, ev.id.decode("ascii", "replace")))
            i += 1
        return 0

    cb = _CALLBACK(on_synth)
    with _lock:
        lib.espeak_Initialize.restype = ctypes.c_int
        sr = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 200, None, _INIT_PHONEME_EVENTS)
        if sr <= 0:
            return _espeak_binary(text, voice, rate_wpm)
        lib.espeak_SetSynthCallback(cb)
        lib.espeak_SetVoiceByName(voice.encode())
        lib.espeak_SetParameter(1, rate_wpm, 0)  # espeakRATE
        data = text.encode("utf-8") + b"\0"
        lib.espeak_Synth(data, len(data), 0, 0, 0, _CHARS_UTF8, None, None)
        lib.espeak_Synchronize()
    pcm = np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, np.int16)
    visemes = []
    for k, (ms, ph) in enumerate(phonemes):
        start = int(ms * sr / 1000)
        end = int(phonemes[k + 1][0] * sr / 1000) if k + 1 < len(phonemes) else len(pcm)
        if end > start:
            visemes.append(VisemeEvent(start=start, viseme=phoneme_viseme(ph), duration=end - start))
    log.info("espeak-ng: %.2f s, %d phonemes", len(pcm) / sr, len(phonemes))
    return SpeechAudio(pcm=pcm, sample_rate=sr, text=text, visemes=tuple(visemes))


def _espeak_binary(text: str, voice: str, rate_wpm: int) -> SpeechAudio:
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate_wpm), "--stdout", text],
                         capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(wav)) as wf:
        sr = wf.getframerate()
        pcm = np.frombuffer(wf.readframes(wf.getnframes()), np.int16).copy()
    return SpeechAudio(pcm=pcm, sample_rate=sr, text=text)
