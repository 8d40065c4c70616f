"""Server configuration: defaults that run offline on a 2-core CPU, overridable from a TOML file.

Example ``silver-avatar.toml``::

    host = "0.0.0.0"
    port = 8080
    ice_servers = [{ urls = "turn:turn.example.org:3478", username = "u", credential = "p" }]
    max_sessions = 4

    [asr]
    model_dir = "/models/whisper-small-ct2"   # any CTranslate2 Whisper directory

    [tts]
    backend = "espnet"
    model_dir = "/models/jets-ko"

    [avatar]
    renderer = "cpu"          # or "radnerf"
    portrait = "/srv/portrait.jpg"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """The configuration file is unreadable or has an invalid value."""


@dataclass
class AsrConfig:
    model_dir: str | None = None
    vad: str = "silero"  # "silero" | "webrtc"
    threads: int = 1  # Whisper's CPU threads: in a live server the other core renders and encodes video
    korean_vocabulary: bool = True  # decode over the Korean part of the vocabulary only (~1/3 faster a token)


@dataclass
class AvatarConfig:
    renderer: str = "cpu"  # "cpu" | "radnerf"
    portrait: str | None = None
    size: int = 512
    radnerf_checkpoint: str | None = None


@dataclass
class TurnConfig:
    pause_ms: int = 160
    # the ASR encoder may start after this much silence, its decoder waits for pause_ms; 0: off
    early_pause_ms: int = 96
    end_silence_ms: int = 700
    # End-of-turn silences chosen with benchmarks/turn_taking.py (docs/latency.md)
    eot_complete_ms: int = 250
    eot_unsure_ms: int = 2000
    eot_incomplete_ms: int = 2000
    # A final pitch rise (octaves/s) that makes an unsure transcript count as finished; prosody = false
    # lets the transcript alone decide.
    prosody: bool = True
    eot_rise_octaves_per_s: float = 0.15
    barge_in_ms: int = 300
    onset_hold: bool = True  # a sudden loud sound over the avatar pauses it before the VAD confirms speech
    partial_transcripts: bool = True
    partial_interval_ms: int = 1000  # live-caption decodes while the person speaks (each costs CPU)


@dataclass
class PrivacyConfig:
    conversation_log: bool = False  # opt-in: store masked transcripts in SQLite
    log_path: str = "conversations.sqlite3"
    retention_days: int = 30


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 8080
    ice_servers: list[dict[str, Any]] = field(default_factory=list)  # empty: no STUN reachable offline
    web_root: str | None = None  # default: the repository's web_client/
    max_sessions: int = 8
    offers_per_minute: int = 30  # per client address
    ice_timeout_s: float = 20.0
    idle_timeout_s: float = 600.0
    max_body_bytes: int = 65_536
    auth_secret: str | None = None  # when set, /api/offer needs a signed Bearer token
    cors_origins: list[str] = field(default_factory=list)
    asr: AsrConfig = field(default_factory=AsrConfig)
    tts: dict[str, Any] = field(default_factory=dict)  # passed to models.tts.load_synthesizer
    dialogue: dict[str, Any] = field(default_factory=dict)  # passed to models.dialogue.build_engine
    avatar: AvatarConfig = field(default_factory=AvatarConfig)
    turn: TurnConfig = field(default_factory=TurnConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)


_SECTIONS = {"asr": AsrConfig, "avatar": AvatarConfig, "turn": TurnConfig, "privacy": PrivacyConfig}


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    return cls(**data)


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
    for key, cls in _SECTIONS.items():
        if key in data:
            data[key] = _build(cls, data[key], f"[{key}]")
    config = _build(Config, data, str(path or "config"))
    for key, value in overrides.items():
        if value is None:
            continue
        if "." in key:
            section, name = key.split(".", 1)
            setattr(getattr(config, section), name, value)
        else:
            setattr(config, key, value)
    return config
