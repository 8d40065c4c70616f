"""Stage contracts as Protocols: a fake in a test needs no inheritance (``streaming/fakes.py`` has one of each).

Words, one per concept: a **model** (weights, an inference session) is loaded once per process and
shared; its **stream** is the small per-session state it opens (``VadModel.stream()``,
``Renderer.stream()``); a **track** is WebRTC media (``streaming/tracks.py``); an **input
position** is a sample count of the person's microphone audio at 16 kHz. Every method here may
block (model inference): callers run them off the event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np

from streaming.types import AvatarCue, AvFrame, FilterResult, Reply, SpeechAudio, Transcript


class VadStream(Protocol):
    """Per-session VAD state (recurrent models keep state between frames)."""

    def speech_prob(self, frame: np.ndarray) -> float: ...


class VadModel(Protocol):
    """Speech probability for fixed-size frames (``frame_samples``) of 16 kHz mono int16 audio."""

    frame_samples: int

    def stream(self) -> VadStream: ...


class TranscriptionAbandoned(Exception):
    """A transcription stopped early because its ``abandon`` event was set (nobody needs it any more)."""


class Transcriber(Protocol):
    def transcribe(
        self, pcm: np.ndarray, *, final: bool, prompt: str | None = None, prefix: Sequence[int] = (),
        abandon: threading.Event | None = None, proceed: threading.Event | None = None,
    ) -> Transcript:
        """Transcribe 16 kHz mono int16 audio. ``final=False`` may use a cheaper decode (a partial).

        ``prefix``: leading token ids (``Transcript.tokens``) already settled for this same audio;
        a recognizer that can force them decodes only the rest, one that cannot may ignore them.
        ``abandon``: once set, the recognizer may stop at its next checkpoint and raise
        :class:`TranscriptionAbandoned` (the session sets it on a partial when the turn's own
        transcription needs the worker); one that cannot stop early may ignore it.
        ``proceed``: when given, the recognizer may do its cheap, droppable work first (the encoder)
        but starts decoding only once it is set; ``abandon`` set while it waits raises
        :class:`TranscriptionAbandoned`. The session passes it when a pause is only likely. One that
        ignores it simply transcribes at once.
        """
        ...


class TextFilter(Protocol):
    def check(self, text: str) -> FilterResult: ...


class Conversation(Protocol):
    """Per-session dialogue state (last answer, topic) on top of a shared retriever.

    ``repeat`` is a command (the 다시 듣기 button), not a sentence: the last answer again. A
    conversation may offer ``fork()`` (an independent copy) so a reply can be prepared speculatively.
    """

    def reply(self, text: str, transcript: Transcript | None = None) -> Reply:
        """The answer to ``text``; ``transcript`` (the recogniser's result, None when typed) lets a
        conversation ask again instead of answering words it probably mis-heard."""
        ...

    def repeat(self) -> Reply: ...


class Responder(Protocol):
    """Shared dialogue engine; ``conversation()`` opens the per-session state."""

    def conversation(self) -> Conversation: ...


class Synthesizer(Protocol):
    """Text to speech, sentence by sentence so the first audio is ready early."""

    sample_rate: int

    def synthesize(self, text: str, *, rate: float = 1.0) -> Iterator[SpeechAudio]: ...


class AvatarStream(Protocol):
    """Per-session avatar: reply audio in, lip-synced frames out.

    ``push`` takes 48 kHz mono int16 speech (visemes in the same sample base). ``next_frame``
    returns the next 40 ms: a frame and exactly the audio it belongs to (silence when idle).
    ``clear`` drops queued speech (barge-in) and returns how many seconds of it had been played.
    """

    def push(self, speech: SpeechAudio) -> None: ...

    def next_frame(self) -> AvFrame: ...

    def clear(self) -> float: ...

    def set_cue(self, cue: AvatarCue) -> None: ...


class Renderer(Protocol):
    """A loaded avatar model (portrait, NeRF weights); opens one stream per session."""

    size: tuple[int, int]  # (width, height)

    def stream(self) -> AvatarStream: ...
