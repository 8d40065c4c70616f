"""A synthetic talking clip for tests and GPU benchmarks: a face-like blob whose mouth opens with a
tone's loudness and whose eyes blink, seen from a fixed camera. Not a person: it checks that training,
rendering and the stream work and how fast, not how real the face looks."""

from __future__ import annotations

import numpy as np

from avatar.radnerf.data import ClipData
from avatar.radnerf.features import LogMelFeatures, features_for_frames
from streaming.types import ANALYSIS_RATE, VIDEO_FPS

SIZE = 32


def tone(n_frames: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """16 kHz tone whose loudness follows a random per-frame envelope; returns (pcm, envelope)."""
    rng = np.random.default_rng(seed)
    env = np.clip(np.convolve(rng.random(n_frames), np.ones(3) / 3, mode="same") * 1.6 - 0.4, 0, 1)
    env[: n_frames // 6] = 0  # a silent stretch
    per = ANALYSIS_RATE // VIDEO_FPS
    t = np.arange(n_frames * per) / ANALYSIS_RATE
    amp = np.repeat(env, per)
    return (0.6 * amp * np.sin(2 * np.pi * 220 * t)).astype(np.float32), env


def draw_face(env: float, eye: float, size: int = SIZE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One frame: (rgb uint8, head mask, torso mask)."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    img = np.stack([0.25 + 0.3 * yy, 0.3 + 0.2 * xx, np.full_like(xx, 0.45)], -1)
    torso = (yy > 0.78) & (np.abs(xx - 0.5) < 0.38)
    img[torso] = (0.55, 0.1, 0.12)
    head = ((xx - 0.5) / 0.27) ** 2 + ((yy - 0.45) / 0.33) ** 2 < 1
    img[head] = (0.93, 0.74, 0.6)
    for ex in (0.4, 0.6):
        eyes = ((xx - ex) / 0.05) ** 2 + ((yy - 0.36) / (0.035 * (1 - eye) + 1e-3)) ** 2 < 1
        img[eyes] = (0.1, 0.1, 0.15)
    mouth = ((xx - 0.5) / 0.11) ** 2 + ((yy - 0.6) / (0.015 + 0.08 * env)) ** 2 < 1
    img[mouth] = (0.35, 0.05, 0.08)
    return (img * 255).astype(np.uint8), head, torso & ~head


def synthetic_clip(n_frames: int = 40, seed: int = 0, size: int = SIZE) -> tuple[ClipData, np.ndarray]:
    """``n_frames`` frames at ``size``x``size`` with log-mel audio features; returns (clip, mouth envelope)."""
    pcm, env = tone(n_frames, seed)
    eye = np.zeros(n_frames, dtype=np.float32)
    eye[7::12] = 1.0
    frames = [draw_face(e, k, size) for e, k in zip(env, eye, strict=True)]
    pose = np.eye(4, dtype=np.float32)
    pose[2, 3] = -3.0  # camera 3 units in front of the head, looking along +z
    feats = LogMelFeatures(16)
    clip = ClipData(
        images=np.stack([f[0] for f in frames]),
        head_masks=np.stack([f[1] for f in frames]),
        torso_masks=np.stack([f[2] for f in frames]),
        background=_background(size),
        poses=np.repeat(pose[None], n_frames, 0),
        intrinsics=np.array([1.25 * size, 1.25 * size, size / 2, size / 2], dtype=np.float32),
        audio=features_for_frames(feats, pcm, n_frames, 8),
        eye=eye,
        lip_boxes=np.repeat(np.array([[11, 15, 22, 24]], dtype=np.int32) * size // SIZE, n_frames, 0),
        audio_kind="logmel",
        audio_rate=feats.rate,
    )
    return clip, env


def _background(size: int = SIZE) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    img = np.stack([0.25 + 0.3 * yy, 0.3 + 0.2 * xx, np.full_like(xx, 0.45)], -1)
    return (img * 255).astype(np.uint8)


# -- what the drawn face shows: measured the same way on ground truth and on rendered frames ---------

SKIN = (0.93, 0.74, 0.6)
MOUTH = (0.35, 0.05, 0.08)
MOUTH_BOX = (0.36, 0.48, 0.64, 0.72)  # x0, y0, x1, y1 as fractions of the frame (mouth fully open)
EYE_BOX = (0.33, 0.30, 0.67, 0.42)  # both eyes


def luminance(img: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 or float in [0, 1] -> (H, W) float luminance in [0, 1]."""
    rgb = img.astype(np.float32) / 255 if img.dtype == np.uint8 else np.asarray(img, dtype=np.float32)
    return rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)


def _box(img: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    h, w = img.shape[:2]
    x0, y0, x1, y1 = box
    return img[int(y0 * h) : int(np.ceil(y1 * h)), int(x0 * w) : int(np.ceil(x1 * w))]


def mouth_openness(img: np.ndarray) -> float:
    """Dark area of the mouth region as a fraction of the frame: each pixel counts by how far its
    luminance lies from skin towards the mouth colour (0 skin ... 1 mouth), so blur counts partly."""
    lum = _box(luminance(img), MOUTH_BOX)
    skin, mouth = float(luminance(np.array(SKIN))), float(luminance(np.array(MOUTH)))
    dark = np.clip((skin - lum) / (skin - mouth), 0.0, 1.0)
    return float(dark.sum() / (img.shape[0] * img.shape[1]))


def eye_luminance(img: np.ndarray) -> float:
    """Mean luminance of the eye region (higher when the eyes are closed)."""
    return float(_box(luminance(img), EYE_BOX).mean())
