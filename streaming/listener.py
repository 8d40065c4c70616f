"""Microphone → VAD → segmenter events, and the decision whether a sound over the avatar is a barge-in.

Runs on the event loop (microseconds per 32 ms frame). While the avatar speaks, the first sign of a
voice pauses it in place (a loud onset within one packet, or two voiced VAD frames); speech that
goes on for ``barge_in_ms`` is a barge-in, while a shorter sound (a cough, a click) lets the avatar
go on where it stopped and never becomes a turn.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Protocol

import numpy as np

from streaming.audio import InboundResampler
from streaming.onset import LevelOnset
from streaming.playback import Playback
from streaming.protocols import VadModel
from streaming.segmenter import Resumed, Segmenter, SegmenterEvent, SpeechEnded, SpeechStarted
from streaming.turn_config import TurnConfig
from streaming.types import ANALYSIS_RATE

log = logging.getLogger(__name__)

VOICED_FRAMES_TO_HOLD = 2  # voiced VAD frames over the avatar that pause it (~64 ms)


class ListenerEvents(Protocol):
    def on_speech(self, event: SegmenterEvent) -> None:
        """A segmenter event of a turn (events of a discarded cough are not passed on)."""

    def on_barge_in(self) -> None:
        """Speech went on over the avatar for ``barge_in_ms``: the reply must stop."""

    def on_false_start(self) -> None:
        """A sound over the avatar was too short to be a turn: drop whatever it started."""

    def replying(self) -> bool:
        """A reply is being prepared or pushed into the avatar."""

    def barge_in_allowed(self) -> bool:
        """Whether speech alone may interrupt the reply; when not (a typed question's answer), a turn
        spoken over it interrupts only once its transcript has words (``Listener.words_checked``)."""


class Listener:
    def __init__(self, session_id: str, vad: VadModel, config: TurnConfig, playback: Playback,
                 clock: Callable[[], float], events: ListenerEvents) -> None:
        self._id = session_id
        self._vad_model = vad
        self._vad = vad.stream()
        self._config = config
        self._playback = playback
        self._now = clock
        self._events = events
        self._segmenter = Segmenter(config.segmenter_options())
        self._pending = np.zeros(0, np.int16)
        self._arrivals: deque[tuple[int, float]] = deque(maxlen=400)  # (input position, monotonic arrival)
        self._voiced_run = 0
        self._onset = LevelOnset() if config.onset_hold else None
        self._onset_grace_until = 0.0  # a level-onset hold waits until then for the VAD to confirm speech
        self._onset_unconfirmed = False  # the current hold came from the level onset, not (yet) the VAD
        self._barge_start: int | None = None  # input position where speech over the avatar began
        self._barge_voiced = 0
        self._discard_turn = False  # the turn under way is a cough over the avatar: never a turn
        # long enough to be a barge-in, but the reply answers a typed question: the avatar stays held
        # until the session has read the turn's transcript (words interrupt, a sound without words does not)
        self._awaiting_words = False
        self.muted = False
        self.last_voice = clock()  # when the last voiced frame arrived

    # ---- input -------------------------------------------------------------------------------
    async def run(self, track) -> None:
        """Read an aiortc audio track until it ends."""
        from aiortc.mediastreams import MediaStreamError

        resample = InboundResampler()
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                log.info("[%s] microphone track ended", self._id)
                return
            self.feed(resample(frame))

    def feed(self, pcm: np.ndarray) -> None:
        """One packet of 16 kHz mono int16 microphone audio."""
        if self.muted:
            return
        if self._onset is not None and self._onset.push(pcm) and self._may_hold() and not self._playback.held:
            self._playback.hold()  # a sudden loud sound over the avatar: pause it within one packet
            self._onset_grace_until = self._now() + self._config.onset_grace_ms / 1000
            self._onset_unconfirmed = True
        pending = np.concatenate([self._pending, pcm]) if len(self._pending) else pcm
        n = self._vad_model.frame_samples
        while len(pending) >= n:
            chunk, pending = pending[:n], pending[n:]
            prob = self._vad.speech_prob(chunk)
            voiced = prob >= self._config.vad_threshold
            for event in self._segmenter.push(chunk, prob):
                self._on_segment_event(event)
            if voiced:
                self._arrivals.append((self._segmenter.position, self._now()))
                self.last_voice = self._now()
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._may_hold() and self._voiced_run >= VOICED_FRAMES_TO_HOLD:
                self._playback.hold()  # maybe someone talks over the avatar
            self._check_barge_in(len(chunk) if voiced else 0)
        self._pending = pending

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self._segmenter.reset()
            self._barge_start = None
            self.words_checked(interrupt=False)  # the turn that was to decide is gone

    # ---- what others may ask -----------------------------------------------------------------
    @property
    def state(self) -> str:
        """The segmenter's state: quiet, starting, speaking or paused."""
        return self._segmenter.state

    def set_end_silence(self, ms: float) -> None:
        """The end-of-turn silence for the turn under way, when it is paused (speculation decides it)."""
        if self._segmenter.state == "paused":
            self._segmenter.set_end_silence(max(ms, self._config.pause_ms))

    def arrival_of(self, position: int) -> float:
        """Monotonic time the input sample at ``position`` arrived (the end of speech of a turn)."""
        for pos, wall in reversed(self._arrivals):
            if pos <= position + self._vad_model.frame_samples:
                return wall
        return self._now()

    # ---- barge-in ----------------------------------------------------------------------------
    def _may_hold(self) -> bool:
        return self._playback.speaking

    def _may_barge_in(self) -> bool:
        return self._playback.speaking or self._events.replying()

    def words_checked(self, interrupt: bool) -> None:
        """The session read the transcript of a turn spoken over a typed question's answer: resume
        the held answer (no words) or leave it stopped (the session interrupts it)."""
        if self._awaiting_words:
            self._awaiting_words = False
            if not interrupt and self._playback.held:
                self._playback.release()

    def _on_segment_event(self, event: SegmenterEvent) -> None:
        if self._discard_turn:
            if isinstance(event, Resumed):  # real speech after the cough: it may be a barge-in after all
                self._discard_turn = False
                self._start_barge_candidate()
            elif isinstance(event, SpeechEnded):
                self._discard_turn = False
            return
        if isinstance(event, SpeechStarted) and self._may_barge_in():
            self._start_barge_candidate()
        elif isinstance(event, SpeechEnded):
            self._barge_start = None
        self._events.on_speech(event)

    def _start_barge_candidate(self) -> None:
        self._onset_unconfirmed = False  # the VAD heard speech
        self._barge_voiced = self._config.min_speech_ms * ANALYSIS_RATE // 1000
        self._barge_start = self._segmenter.position
        if self._playback.speaking:
            self._playback.hold()

    def _check_barge_in(self, voiced_samples: int) -> None:
        """Speech over the avatar: hold at once, interrupt after ``barge_in_ms`` of voice, resume after a cough."""
        playback = self._playback
        if self._barge_start is None:
            if self._awaiting_words:
                return
            if (playback.held and self._segmenter.state == "quiet" and self._voiced_run == 0
                    and self._now() >= self._onset_grace_until):
                playback.release()  # a blip too short to start a turn (or a loud sound the VAD did not confirm)
                if self._onset_unconfirmed and self._onset is not None:
                    self._onset.learn_background()
                self._onset_unconfirmed = False
            return
        self._barge_voiced += voiced_samples
        if self._barge_voiced >= self._config.barge_in_ms * ANALYSIS_RATE / 1000:
            self._barge_start = None
            if self._events.barge_in_allowed():
                self._events.on_barge_in()
            else:
                self._awaiting_words = True
        elif self._segmenter.state in ("paused", "quiet"):
            self._barge_start = None
            self._discard_turn = self._segmenter.state == "paused"
            self._events.on_false_start()
            if playback.held:
                log.info("[%s] too short to be a barge-in (a cough?): resuming the reply", self._id)
                playback.release()
