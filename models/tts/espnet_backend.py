"""ESPnet JETS / VITS voice from a local model directory (optional extra: ``pip install .[tts]``).

A model directory holds the training ``config.yaml`` and a ``*.pth`` weights file, as written by
``silver-avatar train-tts`` (or any ESPnet TTS recipe). Text goes through ``normalize_ko`` first, so
digits, units and letters reach the model as Hangul it was trained on.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from models.tts._espnet_compat import install_espnet_compat
from models.tts.normalize_ko import normalize, split_sentences
from streaming.types import SpeechAudio

logger = logging.getLogger(__name__)


class ModelDirError(FileNotFoundError):
    """The model directory lacks a config or weights file."""


def find_model_files(model_dir: str | Path) -> tuple[Path, Path]:
    """``(train_config, model_file)`` inside ``model_dir``: ``config.yaml`` and the newest-looking ``.pth``.

    Prefers ``model.pth``, then ``*best*.pth``, then ``latest.pth``, then the highest ``<N>epoch.pth``.
    """
    d = Path(model_dir)
    config = d / "config.yaml"
    if not config.exists():
        found = sorted(d.glob("**/config.yaml"))
        if not found:
            raise ModelDirError(f"no config.yaml under {d}")
        config = found[0]
    candidates = [d / "model.pth", *sorted(d.glob("*best*.pth")), d / "latest.pth"]
    candidates += sorted(
        d.glob("*epoch.pth"), key=lambda p: int("".join(c for c in p.stem if c.isdigit()) or 0)
    )[::-1]
    for c in candidates:
        if c.exists() and c.name != "checkpoint.pth":
            return config, c.resolve()
    raise ModelDirError(f"no model weights (*.pth) in {d}")


class EspnetSynthesizer:
    """``streaming.protocols.Synthesizer`` for an ESPnet end-to-end voice (JETS or VITS), on CPU or GPU."""

    def __init__(
        self,
        model_dir: str | Path,
        *,
        device: str = "cpu",
        sentence_pause_ms: int = 300,
        base_rate: float = 1.0,
        normalize_text: bool = True,
        threads: int | None = None,
    ) -> None:
        install_espnet_compat()
        import torch
        from espnet2.bin.tts_inference import Text2Speech

        if threads:
            torch.set_num_threads(threads)
        config, weights = find_model_files(model_dir)
        started = time.perf_counter()
        self._tts = Text2Speech(train_config=str(config), model_file=str(weights), device=device)
        self.sample_rate: int = int(self._tts.fs)
        self.sentence_pause_ms = sentence_pause_ms
        self.base_rate = base_rate
        self.normalize_text = normalize_text
        self._lock = threading.Lock()  # one forward pass at a time; torch already uses every core
        logger.info(
            "loaded ESPnet voice %s (%d Hz) in %.1f s",
            weights,
            self.sample_rate,
            time.perf_counter() - started,
        )

    def synthesize(self, text: str, *, rate: float = 1.0) -> Iterator[SpeechAudio]:
        """One ``SpeechAudio`` per sentence; ``rate`` < 1 slows speech down (duration scaling)."""
        sentences = split_sentences(text)
        for i, sentence in enumerate(sentences):
            yield self.synthesize_sentence(sentence, rate=rate, index=i, is_last=i == len(sentences) - 1)

    def synthesize_sentence(
        self, sentence: str, *, rate: float = 1.0, index: int = 0, is_last: bool = True
    ) -> SpeechAudio:
        import torch

        spoken = normalize(sentence) if self.normalize_text else sentence
        rate = rate * self.base_rate
        alpha = 1.0 / max(rate, 0.25)
        with self._lock, torch.no_grad():
            if "alpha" in self._tts.decode_conf:  # VITS, FastSpeech2: duration scaling built in
                out = self._tts(spoken, decode_conf={"alpha": alpha})
            else:  # JETS: scale the predicted durations
                with _scaled_durations(self._tts.model.tts, alpha):
                    out = self._tts(spoken)
        wav = out["wav"].detach().cpu().numpy().astype(np.float32).reshape(-1)
        peak = float(np.max(np.abs(wav))) if len(wav) else 0.0
        if peak > 1.0:
            wav = wav / peak
        pcm = (np.clip(wav, -1.0, 1.0) * 32767).astype(np.int16)
        if not is_last and self.sentence_pause_ms > 0:
            pause = round(self.sentence_pause_ms / max(rate, 0.25) * self.sample_rate / 1000)
            pcm = np.concatenate([pcm, np.zeros(pause, np.int16)])
        return SpeechAudio(
            pcm=pcm, sample_rate=self.sample_rate, text=sentence, sentence_index=index, is_last=is_last
        )


@contextlib.contextmanager
def _scaled_durations(tts_module, alpha: float):
    """Temporarily multiply a JETS generator's predicted durations (in frames) by ``alpha``."""
    import torch

    predictor = getattr(getattr(tts_module, "generator", None), "duration_predictor", None)
    if predictor is None or alpha == 1.0:
        yield
        return
    original = predictor.inference

    def scaled(*args, **kwargs):
        durations = original(*args, **kwargs)
        return torch.clamp(torch.round(durations.float() * alpha), min=0).to(durations.dtype)

    predictor.inference = scaled
    try:
        yield
    finally:
        del predictor.inference  # drop the instance attribute; the class method shows through again
