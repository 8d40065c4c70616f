"""One options object for a RAD-NeRF model; saved next to the weights as ``config.json``."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class RadNerfConfig:
    # Camera and image (training resolution; rendering upscales to the requested size).
    height: int = 256
    width: int = 256
    intrinsics: tuple[float, float, float, float] = (307.2, 307.2, 128.0, 128.0)  # fx, fy, cx, cy
    bound: float = 1.0  # the head lives in [-bound, bound]^3
    # Audio: per video frame a window of ``audio_window`` encoder steps of ``audio_channels`` each.
    audio_kind: str = "whisper"  # "whisper" (CTranslate2 Whisper base encoder) or "logmel"
    audio_channels: int = 512
    audio_window: int = 8
    audio_dim: int = 32  # the audio code that conditions the field
    smooth_window: int = 8  # video frames the attention smoother looks at
    # Spatial (3D) hash grid.
    grid_levels: int = 12
    grid_features: int = 2
    grid_log2_size: int = 17
    grid_base_res: int = 16
    grid_max_res: int = 1024
    # Ambient (audio/expression) grid: low-dimensional coordinates predicted from position + audio.
    ambient_dim: int = 2
    amb_levels: int = 8
    amb_log2_size: int = 14
    amb_max_res: int = 256
    # Networks.
    hidden: int = 64
    geo_feat: int = 15
    # Torso (2D deformation + 2D grid).
    torso_levels: int = 8
    torso_log2_size: int = 14
    torso_max_res: int = 256
    # Ray marching.
    num_steps: int = 48
    occ_res: int = 64

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_dict(cls, data: dict) -> RadNerfConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "intrinsics" in values:
            values["intrinsics"] = tuple(float(v) for v in values["intrinsics"])
        return cls(**values)

    @classmethod
    def load(cls, path: str | Path) -> RadNerfConfig:
        return cls.from_dict(json.loads(Path(path).read_text()))


def tiny_config(**overrides) -> RadNerfConfig:
    """A model small enough to train for a few steps on a CPU (tests, smoke runs)."""
    base = dict(
        height=32,
        width=32,
        intrinsics=(40.0, 40.0, 16.0, 16.0),
        audio_kind="logmel",
        audio_channels=16,
        audio_window=8,
        audio_dim=16,
        smooth_window=4,
        grid_levels=6,
        grid_log2_size=12,
        grid_max_res=128,
        amb_levels=4,
        amb_log2_size=10,
        amb_max_res=64,
        hidden=32,
        torso_levels=4,
        torso_log2_size=10,
        torso_max_res=64,
        num_steps=24,
        occ_res=16,
    )
    base.update(overrides)
    return RadNerfConfig(**base)
