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

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from server.headroom import AdmissionConfig
from streaming.turn_config import TurnConfig

ADMISSION_ENV = "SILVER_AVATAR_ADMISSION"


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
    lean_video: bool = True  # the avatar's VP8 without a denoiser, at a faster speed (streaming/video_encoder.py)


@dataclass
class PrivacyConfig:
    conversation_log: bool = False  # opt-in: store masked transcripts in SQLite
    log_path: str = "conversations.sqlite3"
    retention_days: int = 30


@dataclass
class FaultsConfig:
    """Operator drills (server/faults.py): off unless enabled, and then only with ``token``."""

    enabled: bool = False  # exposes POST/GET/DELETE /api/admin/faults
    token: str | None = None  # the admin bearer token (16+ characters); required when enabled


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 8080
    ice_servers: list[dict[str, Any]] = field(default_factory=list)  # empty: no STUN reachable offline
    web_root: str | None = None  # default: the repository's web_client/
    max_sessions: int = 8
    offers_per_minute: int = 30  # per client address
    max_sessions_per_client: int = 2  # sessions one address may hold at once (0: no cap)
    # this machine (a kiosk browser, benchmarks): no per-address cap. Behind a reverse proxy the
    # client's address comes from X-Forwarded-For, trusted from trusted_proxies only
    uncapped_clients: list[str] = field(default_factory=lambda: ["127.0.0.1", "::1"])
    trusted_proxies: list[str] = field(default_factory=lambda: ["127.0.0.1", "::1"])
    # an address whose offers never connect this often within the window is refused (429) for a while
    unconnected_offers_per_client: int = 3
    unconnected_window_s: float = 300.0
    ice_timeout_s: float = 10.0  # an offer that never connects gives its slot back after this long
    http_idle_timeout_s: float = 15.0  # idle keep-alive connections and slowly trickled headers are closed
    body_timeout_s: float = 10.0  # a request body not complete by then gets a 408
    messages_per_s: float = 20.0  # data-channel messages a session may send (bursts of twice that); a flood is dropped
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
    faults: FaultsConfig = field(default_factory=FaultsConfig)
    admission: AdmissionConfig = field(default_factory=AdmissionConfig)


_SECTIONS = {"asr": AsrConfig, "avatar": AvatarConfig, "turn": TurnConfig, "privacy": PrivacyConfig,
             "faults": FaultsConfig, "admission": AdmissionConfig}


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    try:
        return cls(**data)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc


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
    mode = os.environ.get(ADMISSION_ENV)
    if mode:  # a deployment switch without a config file (the test suite sets "count")
        try:
            data["admission"] = replace(data.get("admission", AdmissionConfig()), mode=mode)
        except ValueError as exc:
            raise ConfigError(f"{ADMISSION_ENV}: {exc}") from exc
    config = _build(Config, data, str(path or "config"))
    _check_dialogue(config.dialogue)
    for key, value in overrides.items():
        if value is None:
            continue
        if "." in key:
            section, name = key.split(".", 1)
            setattr(config, section, replace(getattr(config, section), **{name: value}))
        else:
            setattr(config, key, value)
    return config


def _check_dialogue(section: dict[str, Any]) -> None:
    """``[dialogue]`` is handed to the dialogue engine at load: its keys are checked now, like every section's."""
    from models.dialogue.engine import EngineOptions

    try:
        EngineOptions.from_dict(section)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[dialogue]: {exc}") from exc
