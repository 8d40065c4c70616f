"""Turn a talking video (or a frames + audio folder) into a :class:`ClipData` for training.

Steps, all offline:

1. Decode frames (PyAV, resampled to 25 fps) and the audio (16 kHz mono).
2. Face landmarks with MediaPipe face mesh (478 points) on every frame; gaps filled from the
   nearest detected frame.
3. A square crop around the median face box (wide enough for the shoulders), resized to the
   training size.
4. Head pose: a canonical 3D face is taken from the first frame's landmarks (MediaPipe's
   relative depth included), restricted to rigid points (brows, eye corners, nose, temples), and
   ``cv2.solvePnP`` fits every frame to it; the pose is smoothed over 5 frames. The camera is
   expressed in that canonical head space (so the head is static and the camera moves).
5. Masks: head = convex hull of the face mesh enlarged upwards and sideways to cover hair and ears;
   torso = the band below the chin (shoulder width) minus the head; background = per-pixel median
   over the frames where the pixel is outside both (the overall median where never uncovered).
6. Eye closure from the eye aspect ratio, normalised over the clip; the mouth box from the lips.
7. Audio features per frame (Whisper encoder by default, see ``features.py``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from tqdm import tqdm

from avatar.radnerf.data import ClipData
from avatar.radnerf.features import features_for_frames, make_extractor
from streaming.types import ANALYSIS_RATE, VIDEO_FPS

log = logging.getLogger(__name__)

RIGID = [1, 2, 4, 5, 6, 8, 9, 10, 151, 168, 195, 197, 33, 133, 362, 263, 234, 454, 127, 356, 70, 300, 105, 334, 98, 327]
LIPS = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185]
EYES = ((33, 133, 159, 145), (362, 263, 386, 374))  # (corner, corner, upper lid, lower lid)
CHIN, NOSE_BRIDGE, CHEEK_L, CHEEK_R = 152, 168, 234, 454
FACE_WIDTH_UNITS = 0.9  # cheek-to-cheek width in head-space units (the head box is [-1, 1]^3)
FOCAL_FACTOR = 1.2  # focal length = 1.2 x image size (about a 45 degree field of view)


class PreprocessError(RuntimeError):
    """The input cannot be turned into a training clip (no face, no audio, ...)."""


@dataclass
class RawClip:
    frames: list[np.ndarray]  # RGB uint8, original size
    audio: np.ndarray  # 16 kHz mono float32


def read_video(path: str | Path, max_frames: int | None = None) -> RawClip:
    """Decode a video file: frames resampled to 25 fps by timestamp, audio to 16 kHz mono."""
    import av

    frames: list[np.ndarray] = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base) if frame.pts is not None else len(frames) / VIDEO_FPS
            while len(frames) <= t * VIDEO_FPS + 1e-6 and (max_frames is None or len(frames) < max_frames):
                frames.append(frame.to_ndarray(format="rgb24"))
    audio = read_audio(path)
    return RawClip(frames, audio)


def read_audio(path: str | Path) -> np.ndarray:
    import av

    resampler = av.AudioResampler(format="s16", layout="mono", rate=ANALYSIS_RATE)
    chunks = []
    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise PreprocessError(f"{path} has no audio track")
        for frame in container.decode(audio=0):
            chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return (np.concatenate(chunks).astype(np.float32) / 32768.0) if chunks else np.zeros(0, np.float32)


def read_folder(path: str | Path, max_frames: int | None = None) -> RawClip:
    """A folder of frames (``*.png``/``*.jpg``, sorted by name, 25 fps) and one audio file (``*.wav``)."""
    root = Path(path)
    names = sorted(p for p in root.rglob("*") if p.suffix.lower() in {".png", ".jpg", ".jpeg"})[:max_frames]
    wavs = sorted(root.rglob("*.wav"))
    if not names or not wavs:
        raise PreprocessError(f"{root} needs image frames and a .wav file")
    frames = [cv2.cvtColor(cv2.imread(str(p)), cv2.COLOR_BGR2RGB) for p in names]
    return RawClip(frames, read_audio(wavs[0]))


def detect_landmarks(frames: list[np.ndarray], progress: bool = True) -> np.ndarray:
    """(N, 478, 3) normalised face-mesh landmarks, NaN where no face was found."""
    import mediapipe as mp

    out = np.full((len(frames), 478, 3), np.nan, dtype=np.float32)
    with mp.solutions.face_mesh.FaceMesh(static_image_mode=False, max_num_faces=1, refine_landmarks=True,
                                         min_detection_confidence=0.5) as mesh:
        for i, frame in enumerate(tqdm(frames, desc="landmarks", disable=not progress, leave=False)):
            scale = 640 / max(frame.shape[:2])
            img = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else frame
            res = mesh.process(np.ascontiguousarray(img))
            if res.multi_face_landmarks:
                out[i] = [(p.x, p.y, p.z) for p in res.multi_face_landmarks[0].landmark]
    found = ~np.isnan(out[:, 0, 0])
    if not found.any():
        raise PreprocessError("no face found in the video")
    if not found.all():
        log.warning("no face in %d of %d frames; using the nearest detection", int((~found).sum()), len(frames))
        good = np.nonzero(found)[0]
        for i in np.nonzero(~found)[0]:
            out[i] = out[good[np.argmin(np.abs(good - i))]]
    return out


def crop_box(landmarks: np.ndarray, width: int, height: int) -> tuple[int, int, int]:
    """Square (x0, y0, side) around the median face, with room for hair above and shoulders below."""
    xs, ys = landmarks[..., 0] * width, landmarks[..., 1] * height
    cx = float(np.median((xs.min(1) + xs.max(1)) / 2))
    face_h = float(np.median(ys.max(1) - ys.min(1)))
    cy = float(np.median((ys.min(1) + ys.max(1)) / 2)) + 0.35 * face_h
    side = int(min(2.6 * face_h, width, height))
    x0 = int(np.clip(cx - side / 2, 0, width - side))
    y0 = int(np.clip(cy - side / 2, 0, height - side))
    return x0, y0, side


def fit_poses(lm_px: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Camera-to-head poses (N, 4, 4) and intrinsics (4,) from pixel landmarks (N, 478, 3)."""
    f = FOCAL_FACTOR * size
    K = np.array([[f, 0, size / 2], [0, f, size / 2], [0, 0, 1]], dtype=np.float64)
    first = lm_px[0].astype(np.float64)
    scale = FACE_WIDTH_UNITS / np.linalg.norm(first[CHEEK_L, :2] - first[CHEEK_R, :2])
    origin = first[NOSE_BRIDGE] * scale + np.array([0.0, 0.05, 0.45])  # head centre behind the eyes
    model = first[RIGID] * scale - origin
    rvecs, tvecs = [], []
    rvec = tvec = None
    for pts in lm_px:
        img_pts = pts[RIGID, :2].astype(np.float64)
        ok, rvec, tvec = cv2.solvePnP(model, img_pts, K, None, rvec=rvec, tvec=tvec, useExtrinsicGuess=rvec is not None,
                                      flags=cv2.SOLVEPNP_ITERATIVE)
        if not ok:
            raise PreprocessError("head pose fit failed")
        rvecs.append(rvec.reshape(3).copy())
        tvecs.append(tvec.reshape(3).copy())
    rv, tv = _smooth(np.array(rvecs)), _smooth(np.array(tvecs))
    poses = np.tile(np.eye(4, dtype=np.float32), (len(lm_px), 1, 1))
    for i, (r, t) in enumerate(zip(rv, tv, strict=True)):
        R, _ = cv2.Rodrigues(r)
        poses[i, :3, :3] = R.T
        poses[i, :3, 3] = -R.T @ t
    return poses, np.array([f, f, size / 2, size / 2], dtype=np.float32)


def _smooth(x: np.ndarray, k: int = 5) -> np.ndarray:
    pad = np.pad(x, ((k // 2, k // 2), (0, 0)), mode="edge")
    kernel = np.ones(k) / k
    return np.stack([np.convolve(pad[:, j], kernel, mode="valid") for j in range(x.shape[1])], 1)


def head_mask(pts: np.ndarray, size: int) -> np.ndarray:
    """Face-mesh hull enlarged: x1.15 sideways (ears), x1.45 upwards above the eyes (hair)."""
    centre = pts[:, :2].mean(0)
    grown = pts[:, :2] - centre
    grown[:, 0] *= 1.15
    grown[:, 1] = np.where(grown[:, 1] < 0, grown[:, 1] * 1.45, grown[:, 1] * 1.03)
    hull = cv2.convexHull((grown + centre).astype(np.int32))
    mask = np.zeros((size, size), np.uint8)
    cv2.fillConvexPoly(mask, hull, 1)
    return cv2.dilate(mask, np.ones((3, 3), np.uint8)).astype(bool)


def torso_mask(pts: np.ndarray, head: np.ndarray, size: int) -> np.ndarray:
    """Below the chin, within 1.7 face widths of the face centre, minus the head."""
    face_w = abs(pts[CHEEK_R, 0] - pts[CHEEK_L, 0])
    cx, chin = pts[:, 0].mean(), pts[CHIN, 1]
    yy, xx = np.mgrid[0:size, 0:size]
    return (yy > chin - 0.1 * face_w) & (np.abs(xx - cx) < 1.7 * face_w) & ~head


def eye_closure(pts: np.ndarray) -> np.ndarray:
    """(N,) eye closure in [0, 1] from the eye aspect ratio, normalised over the clip."""
    ratios = []
    for a, b, up, lo in EYES:
        ratios.append(np.linalg.norm(pts[:, up, :2] - pts[:, lo, :2], axis=-1)
                      / np.maximum(np.linalg.norm(pts[:, a, :2] - pts[:, b, :2], axis=-1), 1e-6))
    ear = np.mean(ratios, 0)
    open_ref = np.percentile(ear, 90)
    closed_ref = min(np.percentile(ear, 2), 0.5 * open_ref)
    return np.clip((open_ref - ear) / max(open_ref - closed_ref, 1e-6), 0, 1).astype(np.float32)


def lip_boxes(pts: np.ndarray, size: int) -> np.ndarray:
    lips = pts[:, LIPS, :2]
    lo, hi = lips.min(1), lips.max(1)
    pad = 0.2 * (hi - lo) + 1
    return np.clip(np.concatenate([lo - pad, hi + pad], 1), 0, size - 1).astype(np.int32)


def prepare_clip(raw: RawClip, size: int = 256, audio_kind: str = "whisper", audio_window: int = 8,
                 audio_channels: int = 512, progress: bool = True) -> ClipData:
    """Everything above, in order. Frames are cropped square and resized to ``size``."""
    if len(raw.frames) < 2:
        raise PreprocessError("need at least 2 frames")
    lm = detect_landmarks(raw.frames, progress)
    h, w = raw.frames[0].shape[:2]
    x0, y0, side = crop_box(lm, w, h)
    images = np.stack([cv2.resize(f[y0 : y0 + side, x0 : x0 + side], (size, size), interpolation=cv2.INTER_AREA)
                       for f in raw.frames])
    # Landmarks in training-image pixels (z in the same pixel scale as x).
    lm_px = np.empty_like(lm)
    lm_px[..., 0] = (lm[..., 0] * w - x0) / side * size
    lm_px[..., 1] = (lm[..., 1] * h - y0) / side * size
    lm_px[..., 2] = lm[..., 2] * w / side * size
    poses, intrinsics = fit_poses(lm_px, size)
    heads = np.stack([head_mask(p, size) for p in lm_px])
    torsos = np.stack([torso_mask(p, hm, size) for p, hm in zip(lm_px, heads, strict=True)])
    background = estimate_background(images, heads | torsos)
    extractor = make_extractor(audio_kind, audio_channels)
    audio = features_for_frames(extractor, raw.audio, len(images), audio_window)
    return ClipData(images=images, head_masks=heads, torso_masks=torsos, background=background, poses=poses,
                    intrinsics=intrinsics, audio=audio, eye=eye_closure(lm_px), lip_boxes=lip_boxes(lm_px, size),
                    audio_kind=audio_kind, audio_rate=float(extractor.rate))


def estimate_background(images: np.ndarray, person: np.ndarray) -> np.ndarray:
    """Per-pixel median over frames where the pixel is not covered by the person."""
    grown = np.stack([cv2.dilate(m.astype(np.uint8), np.ones((5, 5), np.uint8)) for m in person]).astype(bool)
    stack = images.astype(np.float32)
    stack[grown] = np.nan
    with np.errstate(all="ignore"), _quiet():
        bg = np.nanmedian(stack, axis=0)
    fallback = np.median(images, axis=0)
    return np.where(np.isnan(bg), fallback, bg).astype(np.uint8)


class _quiet:
    """Silence numpy's "All-NaN slice" RuntimeWarning for pixels the person never uncovers."""

    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)
