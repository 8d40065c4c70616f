"""Turn segmentation: a VAD state machine over 16 kHz audio, timed by sample counts (no clock).

States: quiet → starting → speaking → paused → (speaking | ended). Events:

- ``SpeechStarted``: enough voiced audio to be a turn (``min_speech_ms``: coughs and clicks don't count).
- ``PartialReady``: while speaking, every ``partial_interval_ms`` (for live captions).
- ``PauseLikely``: ``early_pause_ms`` of silence (shorter than ``pause_ms``): callers may start the
  work that can be abandoned cheaply (the ASR encoder) and hold the rest until ``Paused``.
- ``Paused``: ``pause_ms`` of silence: the turn *may* be over. Callers start speculative work here.
- ``Resumed``: speech again after ``Paused`` (or after ``PauseLikely``): callers discard speculative work.
- ``SpeechEnded``: silence reached the end-of-turn threshold, or the turn hit ``max_turn_s``.

The end-of-turn threshold is adjustable while paused (``set_end_silence``): the session shortens it
when the speculative transcript reads as a finished sentence and lengthens it after a filler, so a
hesitant speaker is not cut off.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from streaming.types import SpeechSegment


@dataclass(frozen=True)
class SegmenterOptions:
    """The segmenter's thresholds. Their defaults live in ``streaming.turn_config.TurnConfig``
    (``TurnConfig().segmenter_options()``), the one owner of every turn timing."""

    sample_rate: int
    threshold: float  # speech probability that counts as voiced
    min_speech_ms: int  # voiced audio before a turn starts
    pre_roll_ms: int  # audio kept before the detected start
    pause_ms: int  # silence before speculative end-of-turn work starts
    early_pause_ms: int  # silence before the droppable part of that work (the ASR encoder) may start; 0: off
    end_silence_ms: int  # default end-of-turn silence (the session adapts it per turn)
    partial_interval_ms: int  # live-caption decodes while speaking
    max_turn_s: float


@dataclass(frozen=True)
class SpeechStarted:
    start: int  # sample position of the first voiced frame


@dataclass(frozen=True)
class PartialReady:
    segment: SpeechSegment


@dataclass(frozen=True)
class PauseLikely:
    segment: SpeechSegment  # everything up to the last voiced sample


@dataclass(frozen=True)
class Paused:
    segment: SpeechSegment  # everything up to the last voiced sample


@dataclass(frozen=True)
class Resumed:
    at: int


@dataclass(frozen=True)
class SpeechEnded:
    segment: SpeechSegment
    reason: str  # "silence" | "max_length"


SegmenterEvent = SpeechStarted | PartialReady | PauseLikely | Paused | Resumed | SpeechEnded


class Segmenter:
    """Feed fixed-size frames with ``push(frame, prob)``; get the events that frame caused."""

    def __init__(self, options: SegmenterOptions) -> None:
        self.options = options
        o = self.options
        self._ms = o.sample_rate / 1000.0
        self._pre_roll: deque[np.ndarray] = deque()
        self._pre_roll_samples = 0
        self._frames: list[np.ndarray] = []  # audio of the current turn (pre-roll included)
        self._position = 0  # input position of the next frame
        self._state = "quiet"
        self._voiced_run = 0  # samples of voiced audio in the starting window
        self._turn_start = 0  # input position of _frames[0]
        self._voice_start = 0
        self._last_voiced_end = 0
        self._last_partial = 0
        self._pause_likely = False  # PauseLikely sent for the current silence
        self._end_silence = int(o.end_silence_ms * self._ms)

    @property
    def state(self) -> str:
        return self._state

    @property
    def position(self) -> int:
        return self._position

    def set_end_silence(self, ms: float) -> None:
        """Set the end-of-turn silence for the current turn (reset to the default at each new turn)."""
        self._end_silence = int(ms * self._ms)

    def reset(self) -> None:
        """Forget the current turn (e.g. the user muted) but keep the input position."""
        self._state = "quiet"
        self._frames.clear()
        self._voiced_run = 0
        self._pause_likely = False

    def push(self, frame: np.ndarray, prob: float) -> list[SegmenterEvent]:
        o = self.options
        n = len(frame)
        start = self._position
        self._position += n
        voiced = prob >= o.threshold
        events: list[SegmenterEvent] = []

        if self._state in ("quiet", "starting"):
            self._remember_pre_roll(frame)
            if voiced:
                if self._state == "quiet":
                    self._state = "starting"
                    self._voice_start = start
                    self._voiced_run = 0
                self._voiced_run += n
                self._last_voiced_end = self._position
                if self._voiced_run >= o.min_speech_ms * self._ms:
                    self._begin_turn()
                    events.append(SpeechStarted(self._voice_start))
            elif self._state == "starting" and self._position - self._last_voiced_end > o.min_speech_ms * self._ms:
                self._state = "quiet"  # a click or a cough: not a turn
            return events

        self._frames.append(frame)
        if voiced:
            self._last_voiced_end = self._position
            if self._state == "paused" or self._pause_likely:
                self._state = "speaking"
                events.append(Resumed(start))
            self._pause_likely = False
        silence = self._position - self._last_voiced_end

        if self._state == "speaking":
            if silence >= o.pause_ms * self._ms:
                self._state = "paused"
                events.append(Paused(self._segment(final=False)))
            elif o.early_pause_ms > 0 and silence >= o.early_pause_ms * self._ms and not self._pause_likely:
                self._pause_likely = True
                events.append(PauseLikely(self._segment(final=False)))
            elif voiced and self._position - self._last_partial >= o.partial_interval_ms * self._ms:
                # only on a voiced frame: a partial started in a pause would delay the pause's own work
                self._last_partial = self._position
                events.append(PartialReady(self._segment(final=False)))
        if self._state == "paused" and silence >= self._end_silence:
            events.append(SpeechEnded(self._segment(final=True), "silence"))
            self._finish_turn()
        elif self._state != "quiet" and (self._position - self._turn_start) >= o.max_turn_s * o.sample_rate:
            events.append(SpeechEnded(self._segment(final=True), "max_length"))
            self._finish_turn()
        return events

    def _remember_pre_roll(self, frame: np.ndarray) -> None:
        self._pre_roll.append(frame)
        self._pre_roll_samples += len(frame)
        limit = self.options.pre_roll_ms * self._ms
        if self._state == "starting":  # keep the pre-roll before the first voiced frame
            limit += self._position - self._voice_start
        while self._pre_roll and self._pre_roll_samples - len(self._pre_roll[0]) >= limit:
            self._pre_roll_samples -= len(self._pre_roll.popleft())

    def _begin_turn(self) -> None:
        self._state = "speaking"
        self._frames = list(self._pre_roll)
        self._turn_start = self._position - self._pre_roll_samples
        self._pre_roll.clear()
        self._pre_roll_samples = 0
        self._last_partial = self._position
        self._end_silence = int(self.options.end_silence_ms * self._ms)

    def _finish_turn(self) -> None:
        self._state = "quiet"
        self._pause_likely = False
        self._frames = []
        self._voiced_run = 0

    def _segment(self, *, final: bool) -> SpeechSegment:
        pcm = np.concatenate(self._frames) if self._frames else np.zeros(0, np.int16)
        # trim trailing silence beyond a short tail: Whisper needs no long silence
        tail = int(0.2 * self.options.sample_rate)
        keep = min(len(pcm), self._last_voiced_end - self._turn_start + tail)
        return SpeechSegment(
            pcm=pcm[:keep],
            sample_rate=self.options.sample_rate,
            start=self._turn_start,
            end=self._last_voiced_end,
            final=final,
        )
