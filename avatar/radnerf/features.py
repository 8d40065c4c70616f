"""Audio features that condition the talking head.

Default: the hidden states of the bundled Whisper base encoder (CTranslate2, 512 channels at
50 steps/s). It ships offline inside our dependencies, was trained on many languages (Korean
included), and its encoder states carry phonetic content, which is what DeepSpeech/wav2vec
features give the original RAD-NeRF. Fallback: log-mel energy bands (100 steps/s), cheap enough for
tests and smoke runs.

Both take 16 kHz mono float32 in [-1, 1] and return (steps, channels) float32.
"""

from __future__ import annotations

import logging
import math
import threading
from functools import cache

import numpy as np

from streaming.types import ANALYSIS_RATE, VIDEO_FPS

log = logging.getLogger(__name__)

WHISPER_CHUNK_FRAMES = 3000  # 30 s of 10 ms mel frames, Whisper's fixed input length


class LogMelFeatures:
    """Log-mel energy bands, 10 ms hop."""

    kind = "logmel"
    rate = 100.0

    def __init__(self, channels: int = 16) -> None:
        from faster_whisper.feature_extractor import FeatureExtractor

        self.channels = channels
        self._fe = FeatureExtractor(feature_size=channels)

    def __call__(self, pcm: np.ndarray) -> np.ndarray:
        mel = self._fe(np.asarray(pcm, dtype=np.float32), padding=0)  # (C, T)
        return np.ascontiguousarray(mel.T, dtype=np.float32)


class WhisperFeatures:
    """Whisper base encoder states via CTranslate2: ``Whisper(model_dir).encode(mel)``."""

    kind = "whisper"
    rate = 50.0
    channels = 512

    def __init__(self, model_dir: str | None = None, device: str = "cpu", threads: int = 2) -> None:
        import ctranslate2
        from faster_whisper.feature_extractor import FeatureExtractor

        if model_dir is None:
            from models.asr import whisper_base_dir

            model_dir = str(whisper_base_dir())
        compute_type = "float16" if device == "cuda" else "int8"
        self._ct2 = ctranslate2
        self._model = ctranslate2.models.Whisper(model_dir, device=device, compute_type=compute_type,
                                                 intra_threads=threads)
        self._fe = FeatureExtractor(feature_size=80)
        self._lock = threading.Lock()  # one encode at a time per model

    def __call__(self, pcm: np.ndarray) -> np.ndarray:
        mel = self._fe(np.asarray(pcm, dtype=np.float32), padding=0)  # (80, T)
        n = mel.shape[1]
        out = []
        for s in range(0, max(n, 1), WHISPER_CHUNK_FRAMES):
            chunk = mel[:, s : s + WHISPER_CHUNK_FRAMES]
            valid = chunk.shape[1]
            if valid < WHISPER_CHUNK_FRAMES:
                chunk = np.pad(chunk, ((0, 0), (0, WHISPER_CHUNK_FRAMES - valid)), constant_values=mel.min())
            view = self._ct2.StorageView.from_array(np.ascontiguousarray(chunk[None], dtype=np.float32))
            with self._lock:
                enc = np.asarray(self._model.encode(view, to_cpu=True))[0]  # (1500, 512)
            out.append(enc[: max(1, math.ceil(valid / 2))])
        return np.concatenate(out).astype(np.float32)


@cache
def _shared_whisper(model_dir: str | None, device: str) -> WhisperFeatures:
    return WhisperFeatures(model_dir, device)


def make_extractor(kind: str, channels: int, device: str = "cpu", model_dir: str | None = None):
    """The feature extractor a checkpoint was trained with (Whisper is loaded once per process)."""
    if kind == "logmel":
        return LogMelFeatures(channels)
    if kind == "whisper":
        if channels != WhisperFeatures.channels:
            raise ValueError(f"Whisper base features have 512 channels, config says {channels}")
        return _shared_whisper(model_dir, "cuda" if device.startswith("cuda") else "cpu")
    raise ValueError(f"unknown audio feature kind {kind!r}")


def frame_windows(feats: np.ndarray, rate: float, n_frames: int, window: int) -> np.ndarray:
    """For each 40 ms video frame, ``window`` feature steps centred on it (edges repeated).

    feats (T, C) at ``rate`` steps/s -> (n_frames, window, C).
    """
    if feats.shape[0] == 0:
        raise ValueError("no audio features")
    centres = np.round((np.arange(n_frames) + 0.5) / VIDEO_FPS * rate).astype(int)
    idx = centres[:, None] + np.arange(window)[None] - window // 2
    idx = np.clip(idx, 0, feats.shape[0] - 1)
    return feats[idx]


def smoothing_windows(n_frames: int, width: int) -> np.ndarray:
    """Indices of the ``width`` neighbouring frames of each frame (edges repeated): (n_frames, width)."""
    idx = np.arange(n_frames)[:, None] + np.arange(width)[None] - width // 2
    return np.clip(idx, 0, n_frames - 1)


def features_for_frames(extractor, pcm16k: np.ndarray, n_frames: int, window: int) -> np.ndarray:
    """Audio (16 kHz float) -> (n_frames, window, C) per-frame feature windows."""
    need = int(math.ceil(n_frames * ANALYSIS_RATE / VIDEO_FPS))
    if len(pcm16k) < need:
        pcm16k = np.pad(pcm16k, (0, need - len(pcm16k)))
    return frame_windows(extractor(pcm16k), extractor.rate, n_frames, window)
