"""RAD-NeRF behind ``streaming.protocols.Renderer``: a loaded model opens one stream per session.

Each model owns one worker thread (the GPU/CPU worker): audio features and frames are computed
there, so ``push`` returns at once and ``next_frame`` renders a few frames ahead while the caller
plays the previous ones. ``clear`` cancels what was queued.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import cv2
import numpy as np
import torch
from scipy.signal import resample_poly

from avatar.radnerf.encoding import fuse_hash_grids
from avatar.radnerf.features import features_for_frames, make_extractor, smoothing_windows
from avatar.radnerf.model import RadNerf
from avatar.radnerf.render import render_image
from avatar.radnerf.train import load_checkpoint, pick_device
from streaming.audio import speech_at_rate
from streaming.types import (
    ANALYSIS_RATE,
    OUTPUT_RATE,
    SAMPLES_PER_VIDEO_FRAME,
    VIDEO_FPS,
    AvatarCue,
    AvFrame,
    SpeechAudio,
)

log = logging.getLogger(__name__)

BLINK_PERIOD = 4 * VIDEO_FPS  # frames between blinks
BLINK_SHAPE = (0.35, 0.8, 1.0, 0.8, 0.35)  # eye closure over a blink


def blink_at(frame: int) -> float:
    """Eye closure (0 open .. 1 closed) on a fixed blink schedule."""
    k = frame % BLINK_PERIOD - (BLINK_PERIOD - len(BLINK_SHAPE))
    return BLINK_SHAPE[k] if k >= 0 else 0.0


class RadNerfRenderer:
    """Implements ``streaming.protocols.Renderer`` for a trained RAD-NeRF checkpoint."""

    def __init__(self, model: RadNerf, poses: np.ndarray, size: tuple[int, int], *, head_motion: bool | None = None,
                 render_ahead: int = 4, model_dir: str | None = None, fuse: bool | None = None) -> None:
        self.model = model.eval()
        self.device = next(model.parameters()).device
        self.size = size
        self.poses = torch.from_numpy(np.asarray(poses, dtype=np.float32)).to(self.device)
        self.head_motion = (self.device.type == "cuda") if head_motion is None else head_motion
        self.render_ahead = max(1, render_ahead)
        cfg = model.cfg
        self.extractor = make_extractor(cfg.audio_kind, cfg.audio_channels, self.device.type, model_dir)
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="radnerf")
        self._idle_cache: dict[float, np.ndarray] = {}
        self._silence = self._worker.submit(self._encode, np.zeros(OUTPUT_RATE, dtype=np.int16)).result()[:1]
        self._late = 0
        if self.device.type == "cuda":
            # TF32 matrix products for the MLPs: 10-bit mantissas are far below what 8-bit video shows.
            torch.backends.cuda.matmul.allow_tf32 = True
        if self.device.type == "cuda" if fuse is None else fuse:
            self._fuse_grids()

    def _fuse_grids(self) -> None:
        """Compile the hash-grid lookups and pay the compile time now, not in the first session's
        frames; fall back to the eager lookups where compiling fails (no Triton or C compiler)."""
        fuse_hash_grids(self.model)
        t0 = time.perf_counter()
        try:
            self._worker.submit(self._render, self._silence, 0, 0.0).result()
        except Exception as err:  # noqa: BLE001 - any compiler failure: serve eagerly instead
            log.warning("radnerf: compiling the hash grids failed (%s); rendering without fusion", err)
            fuse_hash_grids(self.model, enabled=False)
            return
        self._late = 0  # the warm-up frame includes the compile time
        log.info("radnerf: hash grids compiled in %.1f s", time.perf_counter() - t0)

    # -- work done on the model's worker thread -----------------------------------------------
    def _encode(self, pcm48k: np.ndarray) -> torch.Tensor:
        """48 kHz int16 speech -> per-frame smoothed audio codes (n_frames, audio_dim)."""
        cfg = self.model.cfg
        n_frames = max(1, -(-len(pcm48k) // SAMPLES_PER_VIDEO_FRAME))
        pcm16 = resample_poly(pcm48k.astype(np.float32) / 32768.0, ANALYSIS_RATE, OUTPUT_RATE).astype(np.float32)
        windows = features_for_frames(self.extractor, pcm16, n_frames, cfg.audio_window)
        smooth = smoothing_windows(n_frames, cfg.smooth_window)
        with torch.no_grad():
            return self.model.audio_code(torch.from_numpy(windows[smooth]).to(self.device))

    def _render(self, code: torch.Tensor, pose_index: int, eye: float) -> np.ndarray:
        t0 = time.perf_counter()
        with torch.no_grad():
            img = render_image(self.model, self.poses[pose_index], code[None] if code.dim() == 1 else code, eye)
        out = (img.cpu().numpy() * 255 + 0.5).astype(np.uint8)
        w, h = self.size
        if out.shape[1] != w or out.shape[0] != h:
            out = cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR)
        dt = time.perf_counter() - t0
        if dt > 1 / VIDEO_FPS:
            self._late += 1
            if self._late in (1, 10, 100) or self._late % 1000 == 0:
                log.warning("radnerf frame took %.0f ms (> 40 ms real-time budget), %d late frames so far",
                            dt * 1000, self._late)
        return out

    def _idle(self, pose_index: int, eye: float) -> np.ndarray:
        if self.head_motion:
            return self._render(self._silence, pose_index, eye)
        key = round(eye, 2)
        if key not in self._idle_cache:
            self._idle_cache[key] = self._render(self._silence, 0, eye)
        return self._idle_cache[key]

    # -- public -------------------------------------------------------------------------------
    def pose_index(self, frame: int) -> int:
        """Ping-pong through the training poses (natural head motion), or the rest pose."""
        n = self.poses.shape[0]
        if not self.head_motion or n < 2:
            return 0
        k = frame % (2 * n - 2)
        return k if k < n else 2 * n - 2 - k

    def submit(self, fn, *args) -> Future:
        return self._worker.submit(fn, *args)

    def stream(self) -> RadNerfStream:
        return RadNerfStream(self)

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Speech:
    speech: SpeechAudio
    pcm: np.ndarray  # 48 kHz int16
    codes: Future
    pos: int = 0  # samples already returned
    frames: dict[int, Future] = field(default_factory=dict)


class RadNerfStream:
    """Implements ``streaming.protocols.AvatarStream``.

    ``clear`` returns the seconds of reply audio returned by ``next_frame`` since the current reply
    began (a push with ``sentence_index == 0``) or since the last ``clear``.
    """

    def __init__(self, renderer: RadNerfRenderer) -> None:
        self._r = renderer
        self._queue: deque[_Speech] = deque()
        self._lock = threading.Lock()
        self._frame = 0  # frames returned so far (drives blinks and head motion)
        self._played = 0  # reply samples returned since the reply began
        self._cue = AvatarCue.IDLE

    def push(self, speech: SpeechAudio) -> None:
        pcm = np.asarray(speech_at_rate(speech, OUTPUT_RATE).pcm, dtype=np.int16)
        if len(pcm) == 0:
            return
        item = _Speech(speech, pcm, self._r.submit(self._r._encode, pcm))
        with self._lock:
            if speech.sentence_index == 0:
                self._played = 0
            self._queue.append(item)

    def set_cue(self, cue: AvatarCue) -> None:
        self._cue = cue

    def clear(self) -> float:
        with self._lock:
            for item in self._queue:
                item.codes.cancel()
                for fut in item.frames.values():
                    fut.cancel()
            self._queue.clear()
            played, self._played = self._played, 0
        return played / OUTPUT_RATE

    def next_frame(self) -> AvFrame:
        with self._lock:
            item = self._queue[0] if self._queue else None
            frame_no = self._frame
            self._frame += 1
            if item is not None:
                self._schedule(item, frame_no)
        if item is None:
            eye = blink_at(frame_no)
            video = self._r.submit(self._r._idle, self._r.pose_index(frame_no), eye).result()
            return AvFrame(video=video, audio=np.zeros(SAMPLES_PER_VIDEO_FRAME, dtype=np.int16),
                           meta={"cue": self._cue.value, "renderer": "radnerf"})
        k = item.pos // SAMPLES_PER_VIDEO_FRAME
        video = item.frames.pop(k).result()
        audio = item.pcm[item.pos : item.pos + SAMPLES_PER_VIDEO_FRAME]
        if len(audio) < SAMPLES_PER_VIDEO_FRAME:
            audio = np.pad(audio, (0, SAMPLES_PER_VIDEO_FRAME - len(audio)))
        with self._lock:
            item.pos += SAMPLES_PER_VIDEO_FRAME
            self._played += SAMPLES_PER_VIDEO_FRAME
            if item.pos >= len(item.pcm) and self._queue and self._queue[0] is item:
                self._queue.popleft()
        rms = float(np.sqrt(np.mean((audio.astype(np.float32) / 32768.0) ** 2)))
        return AvFrame(video=video, audio=audio, mouth_open=min(1.0, rms * 8.0), speaking=True,
                       meta={"sentence_index": item.speech.sentence_index, "renderer": "radnerf"})

    def _schedule(self, item: _Speech, frame_no: int) -> None:
        """Queue renders for this item's next frames (render-ahead); caller holds the lock."""
        first = item.pos // SAMPLES_PER_VIDEO_FRAME
        n_frames = -(-len(item.pcm) // SAMPLES_PER_VIDEO_FRAME)
        for j in range(first, min(first + self._r.render_ahead, n_frames)):
            if j not in item.frames:
                fno = frame_no + (j - first)
                item.frames[j] = self._r.submit(self._render_one, item, j, fno)

    def _render_one(self, item: _Speech, j: int, frame_no: int) -> np.ndarray:
        codes = item.codes.result()
        return self._r._render(codes[min(j, codes.shape[0] - 1)], self._r.pose_index(frame_no), blink_at(frame_no))


def load_radnerf_renderer(checkpoint_dir: str, size: int = 512, device: str = "auto", **kwargs) -> RadNerfRenderer:
    """Load a trained checkpoint directory; frames come out ``size`` x ``size``."""
    dev = pick_device(device)
    model, poses = load_checkpoint(checkpoint_dir, dev)
    log.info("loaded RAD-NeRF %s on %s (trained at %dx%d, output %dx%d)", checkpoint_dir, dev,
             model.cfg.width, model.cfg.height, size, size)
    return RadNerfRenderer(model, poses, (size, size), **kwargs)
