"""Voice activity detection: Silero v6 (ONNX, shipped inside faster-whisper) or WebRTC VAD.

Both are cheap (~0.1 ms and ~3 µs per frame), so streams run them inline on the audio path.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources

import numpy as np

from streaming.types import ANALYSIS_RATE


class SileroVad:
    """Implements ``VadModel``: one shared ONNX session, recurrent state per stream."""

    frame_samples = 512  # 32 ms at 16 kHz, what Silero v6 expects
    context_samples = 64

    def __init__(self) -> None:
        import onnxruntime

        path = str(resources.files("faster_whisper").joinpath("assets", "silero_vad_v6.onnx"))
        opts = onnxruntime.SessionOptions()
        opts.inter_op_num_threads = 1
        opts.intra_op_num_threads = 1
        opts.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"], sess_options=opts)

    def stream(self) -> SileroVadStream:
        return SileroVadStream(self)

    def _run(self, window: np.ndarray, h: np.ndarray, c: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        out, h, c = self._session.run(None, {"input": window, "h": h, "c": c})
        return float(np.asarray(out).reshape(-1)[0]), h, c


class SileroVadStream:
    def __init__(self, model: SileroVad) -> None:
        self._model = model
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._context = np.zeros(model.context_samples, np.float32)

    def speech_prob(self, frame: np.ndarray) -> float:
        audio = frame.astype(np.float32) / 32768.0 if frame.dtype == np.int16 else frame.astype(np.float32)
        if len(audio) != self._model.frame_samples:
            raise ValueError(f"Silero expects {self._model.frame_samples} samples, got {len(audio)}")
        window = np.concatenate([self._context, audio])[None, :]
        prob, self._h, self._c = self._model._run(window, self._h, self._c)
        self._context = audio[-self._model.context_samples :]
        return prob


class WebRtcVad:
    """Implements ``VadModel`` with the WebRTC GMM VAD (binary decisions as 0.0 / 1.0)."""

    frame_samples = 480  # 30 ms

    def __init__(self, aggressiveness: int = 2) -> None:
        self.aggressiveness = aggressiveness

    def stream(self) -> WebRtcVadStream:
        return WebRtcVadStream(self.aggressiveness)


class WebRtcVadStream:
    def __init__(self, aggressiveness: int) -> None:
        import webrtcvad

        self._vad = webrtcvad.Vad(aggressiveness)

    def speech_prob(self, frame: np.ndarray) -> float:
        pcm = frame if frame.dtype == np.int16 else (np.clip(frame, -1, 1) * 32767).astype(np.int16)
        return 1.0 if self._vad.is_speech(pcm.tobytes(), ANALYSIS_RATE) else 0.0


_lock = threading.Lock()


@cache
def _load(kind: str) -> SileroVad | WebRtcVad:
    if kind == "silero":
        return SileroVad()
    if kind == "webrtc":
        return WebRtcVad()
    raise ValueError(f"unknown VAD {kind!r} (expected 'silero' or 'webrtc')")


def load_vad(kind: str = "silero") -> SileroVad | WebRtcVad:
    """The process-wide VAD model of the given kind."""
    with _lock:
        return _load(kind)
