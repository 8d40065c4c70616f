"""Value types shared by every stage. Frozen dataclasses, no behaviour, no project imports.

Audio conventions: PCM is ``numpy.int16`` mono unless a field says otherwise. Sample positions are
integer counts at the stated rate, never float seconds, so timelines stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

#: Sample rate of the audio the pipeline analyses (VAD, ASR).
ANALYSIS_RATE = 16_000
#: Sample rate of the audio the avatar plays out (WebRTC Opus runs at 48 kHz).
OUTPUT_RATE = 48_000
#: Video frame rate of the avatar.
VIDEO_FPS = 25
#: Output audio samples that belong to one video frame (40 ms at 48 kHz).
SAMPLES_PER_VIDEO_FRAME = OUTPUT_RATE // VIDEO_FPS
#: Mouth shapes a ``VisemeEvent`` may name (TTS produces them, the renderers draw them).
VISEMES: tuple[str, ...] = ("sil", "A", "E", "I", "O", "U", "M", "F", "L", "S")


@dataclass(frozen=True)
class SpeechSegment:
    """Audio the segmenter judged to be one utterance (or the part heard so far)."""

    pcm: np.ndarray  # int16 mono at ``sample_rate``, includes pre-roll
    sample_rate: int
    start: int  # first sample (input position)
    end: int  # one past the last voiced sample (input position)
    final: bool  # False while the person may still be talking


@dataclass(frozen=True)
class Transcript:
    text: str
    is_final: bool
    start: float = 0.0  # seconds since the microphone started
    end: float = 0.0
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    tokens: tuple[int, ...] = ()  # the recognizer's token ids (an incremental decoder may reuse them)
    word_starts: tuple[int, ...] = ()  # indices into ``tokens`` where a word begins


@dataclass(frozen=True)
class FilterResult:
    blocked: bool
    category: str | None = None  # e.g. "profanity", "insult"
    matches: tuple[str, ...] = ()


class Intent(StrEnum):
    ANSWER = "answer"
    FALLBACK = "fallback"
    BLOCKED = "blocked"
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    REPEAT = "repeat"
    SLOWER = "slower"
    URGENT = "urgent"
    PHISHING = "phishing"
    EMPTY = "empty"
    APOLOGY = "apology"  # a stage failed; the avatar apologises and keeps listening
    CLARIFY = "clarify"  # unsure between close answers: asks which one was meant
    REPAIR = "repair"  # heard badly: says so and asks for other words
    REFER = "refer"  # not something to answer here (medical, legal, other): where to go instead
    SMALL_TALK = "small_talk"  # wait, who are you, can you hear me


@dataclass(frozen=True)
class Reply:
    """What the avatar says back. ``text`` is the caption; the synthesizer normalizes it for speech."""

    text: str
    entry_id: str | None = None
    score: float = 0.0
    blocked: bool = False
    fallback: bool = False
    intent: Intent = Intent.ANSWER
    speech_rate: float = 1.0  # multiplier on the synthesizer's default rate (0.8 = slower)


@dataclass(frozen=True)
class VisemeEvent:
    """A mouth shape starting ``start`` samples into a ``SpeechAudio`` clip."""

    start: int
    viseme: str  # one of VISEMES
    duration: int  # samples


@dataclass(frozen=True)
class SpeechAudio:
    """One synthesized sentence: audio plus the mouth shapes that go with it when known."""

    pcm: np.ndarray  # int16 mono
    sample_rate: int
    text: str
    visemes: tuple[VisemeEvent, ...] = ()
    sentence_index: int = 0
    is_last: bool = True

    @property
    def duration(self) -> float:
        return len(self.pcm) / self.sample_rate


@dataclass(frozen=True)
class AvFrame:
    """One video frame and the 40 ms of output audio it is lip-synced to."""

    video: np.ndarray  # uint8 RGB, H x W x 3
    audio: np.ndarray  # int16 mono, SAMPLES_PER_VIDEO_FRAME samples at OUTPUT_RATE
    mouth_open: float = 0.0  # 0 (closed) .. 1 (wide open), for metrics and tests
    speaking: bool = False  # True while the frame carries reply audio
    meta: dict = field(default_factory=dict, compare=False)  # e.g. {"sentence_index": 0}


class AvatarCue(StrEnum):
    IDLE = "idle"
    LISTENING = "listening"
    THINKING = "thinking"
