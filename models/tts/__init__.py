"""Korean text-to-speech: ``load_synthesizer(config)`` returns a ``streaming.protocols.Synthesizer``.

Backends:

- ``"espeak"`` (default): libespeak-ng's Korean voice in-process, with phoneme-timed visemes. Always
  available offline; hard to understand (see docs/tts.md for measured intelligibility).
- ``"espnet"``: an ESPnet JETS/VITS voice from ``model_dir`` (``config.yaml`` + ``*.pth``), e.g. one
  trained with ``silver-avatar train-tts``. Needs the optional ``tts`` extra.

Config keys: ``backend``, ``model_dir``, ``rate`` (multiplier on the default speed), ``pitch``
(espeak 0–100), ``voice`` (espeak voice, e.g. ``"ko"`` or ``"ko+klatt"``), ``sentence_pause_ms``,
``normalize`` (bool), ``device`` (espnet: ``"cpu"``/``"cuda"``).
"""

from __future__ import annotations

import json
import logging
import threading

from streaming.protocols import Synthesizer

logger = logging.getLogger(__name__)

DEFAULT_CONFIG: dict = {"backend": "espeak"}
_KNOWN_KEYS = {
    "backend",
    "model_dir",
    "rate",
    "pitch",
    "voice",
    "sentence_pause_ms",
    "normalize",
    "device",
    "wpm",
}
_cache: dict[str, Synthesizer] = {}
_cache_lock = threading.Lock()


class TtsConfigError(ValueError):
    """The TTS configuration names an unknown backend or key, or lacks ``model_dir`` for espnet."""


def load_synthesizer(config: dict | None = None) -> Synthesizer:
    """The process-wide synthesizer for ``config`` (loaded once per distinct config; thread-safe)."""
    cfg = {**DEFAULT_CONFIG, **(config or {})}
    unknown = set(cfg) - _KNOWN_KEYS
    if unknown:
        raise TtsConfigError(f"unknown TTS config keys: {sorted(unknown)}")
    key = json.dumps(cfg, sort_keys=True, default=str)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = _build(cfg)
        return _cache[key]


def _build(cfg: dict) -> Synthesizer:
    backend = cfg["backend"]
    if backend == "espeak":
        from models.tts.espeak import EspeakOptions, EspeakSynthesizer

        base = EspeakOptions()
        opts = EspeakOptions(
            voice=cfg.get("voice", base.voice),
            wpm=int(cfg.get("wpm", base.wpm)),
            base_rate=float(cfg.get("rate", 1.0)),
            pitch=int(cfg.get("pitch", base.pitch)),
            pitch_range=base.pitch_range,
            word_gap=base.word_gap,
            sentence_pause_ms=int(cfg.get("sentence_pause_ms", base.sentence_pause_ms)),
            normalize=bool(cfg.get("normalize", True)),
        )
        return EspeakSynthesizer(opts)
    if backend == "espnet":
        if not cfg.get("model_dir"):
            raise TtsConfigError(
                "backend 'espnet' needs 'model_dir' (a directory with config.yaml and *.pth)"
            )
        from models.tts.espnet_backend import EspnetSynthesizer

        return EspnetSynthesizer(
            cfg["model_dir"],
            device=cfg.get("device", "cpu"),
            sentence_pause_ms=int(cfg.get("sentence_pause_ms", 300)),
            base_rate=float(cfg.get("rate", 1.0)),
            normalize_text=bool(cfg.get("normalize", True)),
        )
    raise TtsConfigError(f"unknown TTS backend {backend!r} (espeak, espnet)")


__all__ = ["DEFAULT_CONFIG", "TtsConfigError", "load_synthesizer"]
