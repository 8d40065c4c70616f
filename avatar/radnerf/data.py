"""The prepared training clip: frames, masks, camera poses and audio features, all at the training
resolution, stored as one ``.npz`` in the work directory (never in the repository)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np


@dataclass
class ClipData:
    images: np.ndarray  # (N, H, W, 3) uint8 RGB
    head_masks: np.ndarray  # (N, H, W) bool: the head (face-mesh hull, extended over the hair)
    torso_masks: np.ndarray  # (N, H, W) bool: foreground below the chin that is not head
    background: np.ndarray  # (H, W, 3) uint8: static background estimate
    poses: np.ndarray  # (N, 4, 4) float32 camera-to-head transforms (OpenCV camera axes)
    intrinsics: np.ndarray  # (4,) float32 fx, fy, cx, cy
    audio: np.ndarray  # (N, K, C) float32 per-frame audio feature windows
    eye: np.ndarray  # (N,) float32 eye closure in [0, 1] (1 = closed)
    lip_boxes: np.ndarray  # (N, 4) int32 x0, y0, x1, y1 of the mouth region
    audio_kind: str = "logmel"
    audio_rate: float = 100.0

    @property
    def n_frames(self) -> int:
        return int(self.images.shape[0])

    @property
    def size(self) -> tuple[int, int]:
        return int(self.images.shape[2]), int(self.images.shape[1])

    def split(self, holdout: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
        """Train and held-out frame indices: the last ``holdout`` fraction is held out."""
        n_test = max(1, int(round(self.n_frames * holdout))) if self.n_frames > 1 else 0
        idx = np.arange(self.n_frames)
        return idx[: self.n_frames - n_test], idx[self.n_frames - n_test :]

    def save(self, path: str | Path) -> None:
        arrays = {f.name: getattr(self, f.name) for f in fields(self)}
        arrays["audio_kind"] = np.array(self.audio_kind)
        arrays["audio_rate"] = np.array(self.audio_rate)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: str | Path) -> ClipData:
        with np.load(path) as z:
            values = {f.name: z[f.name] for f in fields(cls)}
        values["audio_kind"] = str(values["audio_kind"])
        values["audio_rate"] = float(values["audio_rate"])
        return cls(**values)
