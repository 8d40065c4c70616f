"""Life between the words: blinks, slow head drift, breathing, listening nods and a thinking pose.

One ``Animator`` per stream, stepped once per video frame. All motion is a sum of slow sinusoids
with per-stream random phases plus scheduled blinks, so two sessions never move in lockstep.
"""

from __future__ import annotations

import math
import random

from avatar.face_rig import Pose
from streaming.types import VIDEO_FPS, AvatarCue

#: Eyelid closure over the frames of one blink (about 240 ms at 25 fps).
BLINK_PROFILE = (0.35, 0.85, 1.0, 0.7, 0.35, 0.1)


class Animator:
    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)
        self._phase = [self._rng.uniform(0, 2 * math.pi) for _ in range(8)]
        self._frame = 0
        self._next_blink = self._rng.randint(int(1.0 * VIDEO_FPS), int(3.0 * VIDEO_FPS))
        self._blink_at = -100
        self._cue = AvatarCue.IDLE
        self._listen = 0.0
        self._think = 0.0
        self._talk = 0.0
        self._listen_start = 0

    def set_cue(self, cue: AvatarCue) -> None:
        cue = AvatarCue(cue)
        if cue is AvatarCue.LISTENING and self._cue is not AvatarCue.LISTENING:
            self._listen_start = self._frame
        self._cue = cue

    def step(self, speaking: bool, mouth_open: float) -> Pose:
        """Pose of the next frame."""
        f = self._frame
        self._frame += 1
        t = f / VIDEO_FPS
        ph = self._phase
        # Cue weights ease in and out over a few frames; speaking overrides the cue visually.
        listen_target = 1.0 if (self._cue is AvatarCue.LISTENING and not speaking) else 0.0
        think_target = 1.0 if (self._cue is AvatarCue.THINKING and not speaking) else 0.0
        self._listen += (listen_target - self._listen) * 0.15
        self._think += (think_target - self._think) * 0.12
        self._talk += ((1.0 if speaking else 0.0) - self._talk) * 0.1

        # Blinks: every 2.5-6 s, sometimes a double blink; a blink right after speech starts.
        if f >= self._next_blink:
            self._blink_at = f
            gap = self._rng.uniform(2.5, 6.0)
            if self._rng.random() < 0.15:
                gap = 0.35
            self._next_blink = f + int(gap * VIDEO_FPS)
        k = f - self._blink_at
        blink = BLINK_PROFILE[k] if 0 <= k < len(BLINK_PROFILE) else 0.0

        def wave(freq: float, i: int) -> float:
            return math.sin(2 * math.pi * freq * t + ph[i])

        lively = 1.0 + 0.8 * self._talk
        roll = 0.010 * wave(0.07, 0) * lively + 0.005 * wave(0.19, 1)
        tx = 0.006 * wave(0.05, 2) * lively
        ty = 0.004 * wave(0.11, 3) + 0.006 * self._talk * mouth_open
        scale = 0.004 * wave(0.09, 4)
        breath = wave(0.22, 5)

        # Listening: small nods, about one every 2 s, in pairs.
        lt = (f - self._listen_start) / VIDEO_FPS
        nod = max(0.0, math.sin(2 * math.pi * lt / 1.1)) ** 2 * (0.5 + 0.5 * math.cos(2 * math.pi * lt / 4.4))
        ty += self._listen * 0.018 * nod
        roll += self._listen * 0.015

        # Thinking: head tilted and raised a little, eyes up, a slight squint.
        roll += self._think * 0.05
        ty -= self._think * 0.012
        gaze = self._think * 1.0
        blink = max(blink, 0.2 * self._think)
        return Pose(blink=blink, gaze_up=gaze, tx=tx, ty=ty, roll=roll, scale=scale, breath=breath)
