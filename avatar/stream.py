"""The CPU portrait renderer: ``Renderer`` / ``AvatarStream`` of streaming.protocols.

Audio flow: ``push`` appends a sentence (48 kHz int16, plus a 10 ms mouth track from its visemes or
its audio) to a queue; ``next_frame`` takes exactly 1920 samples from the queue, padding with
silence, so the concatenated frame audio is the pushed audio with silence in the gaps. The mouth of
a frame is computed from the track of that frame's own samples plus a peek at the next frame's, so
the mouth opens on the frame whose audio holds the speech onset (no smoothing lag).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass

import numpy as np

from avatar.face_rig import FaceRig
from avatar.motion import Animator
from avatar.portrait import Portrait
from avatar.visemes import HOP, N_PARAMS, frame_target, smooth_step, track_from_audio, track_from_visemes
from streaming.audio import speech_at_rate
from streaming.types import OUTPUT_RATE, SAMPLES_PER_VIDEO_FRAME, AvatarCue, AvFrame, SpeechAudio, VisemeEvent

log = logging.getLogger(__name__)


@dataclass
class _Queued:
    pcm: np.ndarray  # int16 at OUTPUT_RATE
    track: np.ndarray  # (n_hops, N_PARAMS)
    sentence_index: int
    pos: int = 0  # samples already played
    timing: dict | None = None  # sentence_ms / voiced_ms for word-level captions


def _timing(pcm: np.ndarray, track: np.ndarray) -> dict:
    """The sentence's length and its voiced span (first to last open mouth), in milliseconds."""
    hop_ms = 1000 * HOP / OUTPUT_RATE
    voiced = np.nonzero(track[:, 0] > 0.05)[0]
    timing: dict = {"sentence_ms": round(1000 * len(pcm) / OUTPUT_RATE)}
    if len(voiced):
        timing["voiced_ms"] = (round(float(voiced[0]) * hop_ms), round(float(voiced[-1] + 1) * hop_ms))
    return timing


def _to_output_rate(speech: SpeechAudio) -> tuple[np.ndarray, tuple[VisemeEvent, ...]]:
    pcm = np.asarray(speech.pcm)
    if pcm.ndim != 1:
        raise ValueError(f"SpeechAudio.pcm must be mono (1-D), got shape {pcm.shape}")
    if pcm.dtype != np.int16:
        raise ValueError(f"SpeechAudio.pcm must be int16, got {pcm.dtype}")
    speech = speech_at_rate(speech, OUTPUT_RATE)
    return speech.pcm, speech.visemes


class PortraitStream:
    """Per-session state: the speech queue, the mouth state and the idle animation."""

    def __init__(self, rig: FaceRig, seed: int | None = None) -> None:
        self._rig = rig
        self._lock = threading.Lock()
        self._queue: deque[_Queued] = deque()
        self._mouth = np.zeros(N_PARAMS, np.float32)
        self._animator = Animator(seed)
        self._work = np.empty_like(rig.base)
        self._reply_played = 0  # samples of the current reply handed out so far
        self._frames = 0

    # -- AvatarStream -----------------------------------------------------------------------
    def push(self, speech: SpeechAudio) -> None:
        """Queue one synthesized sentence (any sample rate; resampled to 48 kHz)."""
        pcm, visemes = _to_output_rate(speech)
        track = track_from_visemes(visemes, len(pcm)) if visemes else track_from_audio(pcm)
        item = _Queued(pcm=pcm, track=track, sentence_index=speech.sentence_index, timing=_timing(pcm, track))
        with self._lock:
            self._queue.append(item)

    def next_frame(self) -> AvFrame:
        """The next 40 ms: a frame and exactly the 1920 samples it is lip-synced to."""
        with self._lock:
            audio, rows, n_speech, first = self._take(SAMPLES_PER_VIDEO_FRAME, consume=True)
            _, next_rows, _, _ = self._take(SAMPLES_PER_VIDEO_FRAME, consume=False)
        speaking = n_speech > 0
        current, upcoming = frame_target(rows), frame_target(next_rows)
        self._mouth = smooth_step(self._mouth, current, upcoming)
        if self._mouth[0] < 0.01:
            self._mouth[0] = 0.0
        pose = self._animator.step(speaking, float(self._mouth[0]))
        video = self._rig.render(self._mouth, pose, self._work)
        self._frames += 1
        meta = {"frame": self._frames - 1, "blink": round(pose.blink, 3),
                "spread": round(float(self._mouth[1]), 3)}
        if speaking and first is not None:
            meta["sentence_index"] = first.sentence_index
            meta.update(first.timing or {})
        return AvFrame(video=video, audio=audio, mouth_open=float(np.clip(self._mouth[0], 0.0, 1.0)),
                       speaking=speaking, meta=meta)

    def clear(self) -> float:
        """Drop queued speech (barge-in); return the seconds of the current reply already played."""
        with self._lock:
            dropped = sum(len(q.pcm) - q.pos for q in self._queue)
            self._queue.clear()
            played = self._reply_played / OUTPUT_RATE
            self._reply_played = 0
        log.debug("avatar stream cleared: %.2f s played, %.2f s dropped", played, dropped / OUTPUT_RATE)
        return played

    def set_cue(self, cue: AvatarCue) -> None:
        self._animator.set_cue(cue)

    # -- internals -----------------------------------------------------------------------------
    def _take(self, n: int, consume: bool) -> tuple[np.ndarray, np.ndarray, int, _Queued | None]:
        """The next ``n`` samples, their mouth-track rows, how many were speech, the first sentence."""
        audio = np.zeros(n, np.int16)
        rows: list[np.ndarray] = []
        filled = 0
        first: _Queued | None = None
        for item in list(self._queue):
            if filled >= n:
                break
            if item.pos == 0 and item.sentence_index == 0 and consume:
                self._reply_played = 0  # a new reply starts
            k = min(n - filled, len(item.pcm) - item.pos)
            audio[filled:filled + k] = item.pcm[item.pos:item.pos + k]
            rows.append(item.track[item.pos // HOP: -(-(item.pos + k) // HOP)])
            if first is None:
                first = item
            filled += k
            if consume:
                self._reply_played += k
                item.pos += k
                if item.pos >= len(item.pcm):
                    self._queue.popleft()
        if filled < n:
            rows.append(np.zeros((-(-(n - filled) // HOP), N_PARAMS), np.float32))
        return audio, np.concatenate(rows), filled, first


class PortraitRenderer:
    """A loaded portrait (face found, warps precomputed). Thread-safe; open one stream per session."""

    def __init__(self, portrait: Portrait) -> None:
        self.portrait = portrait
        self._rig = FaceRig(portrait)
        self.size = (portrait.size, portrait.size)

    @property
    def mouth_box(self) -> tuple[int, int, int, int]:
        """Where the open mouth shows (x, y, width, height in frame pixels).

        Clients use it to measure lip sync end to end: the box darkens when the mouth opens.
        """
        r = self._rig
        x0, y0 = r.mcx - r.hw_in, r.lip_y - 0.2 * r.hw
        return (int(x0), int(y0), max(1, int(2 * r.hw_in)), max(1, int(0.2 * r.hw + 0.8 * r.jaw_max)))

    def stream(self, seed: int | None = None) -> PortraitStream:
        return PortraitStream(self._rig, seed=seed)
