"""A fast loudness-onset detector that pauses the avatar before the VAD can confirm speech.

Silero needs two voiced 32 ms frames (and its own rise) before the session knows someone is talking
over the avatar; by then 70–100 ms have passed. A jump of the microphone level far above its noise
floor is visible in the first 20 ms packet. It only *holds* the avatar (silence, still face, nothing
dropped); the VAD still decides whether it was speech. When the VAD does not confirm within a short
grace period, the avatar resumes where it stopped, as after a cough.
"""

from __future__ import annotations

import math

import numpy as np


class LevelOnset:
    """Per-packet level against a running noise floor (dBFS).

    ``push`` returns True for a packet at least ``rise_db`` above the floor and above ``min_dbfs``.
    The floor follows quieter packets quickly and louder ones slowly, so speech does not raise it
    much while a steady background (a fan, a television) does.
    """

    def __init__(self, rise_db: float = 20.0, min_dbfs: float = -45.0, floor_dbfs: float = -70.0) -> None:
        self.rise_db, self.min_dbfs = rise_db, min_dbfs
        self.floor = floor_dbfs
        self.last_level = -120.0

    @staticmethod
    def level_dbfs(pcm: np.ndarray) -> float:
        if len(pcm) == 0:
            return -120.0
        rms = math.sqrt(float(np.mean(np.square(pcm.astype(np.float32))))) / 32768.0
        return 20 * math.log10(max(rms, 1e-6))

    def push(self, pcm: np.ndarray) -> bool:
        level = self.last_level = self.level_dbfs(pcm)
        onset = level >= max(self.floor + self.rise_db, self.min_dbfs)
        # Down fast (a new quiet floor within a few packets), up slowly (~2 s to follow a louder room).
        rate = 0.3 if level < self.floor else 0.01
        self.floor += rate * (max(level, -100.0) - self.floor)
        return onset

    def learn_background(self) -> None:
        """The loud sound was not speech (the VAD did not confirm it): take its level as the floor, so
        that a noise that goes on (a vacuum cleaner, a television switched on) does not pause the
        avatar again and again while the floor would slowly catch up."""
        self.floor = max(self.floor, self.last_level)
