"""Fakes of every stage contract, and a virtual clock, for scripted timelines of the turn logic.

A ``Session`` built from ``fake_engines()`` runs without Whisper, aiortc or a browser: speech is a
loud tone (the fake VAD hears any loud frame as voice), the recogniser returns a scripted text, the
dialogue answers by a few rules, TTS makes a tone whose length follows the text and the rate, and
the renderer plays it back 40 ms per frame. All work runs inline on the event loop, so on
``VirtualTimeLoop`` a ten-second conversation takes milliseconds and is the same on every run.
"""

from __future__ import annotations

import asyncio
import copy
import selectors
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field

import numpy as np

from streaming.engines import Engines
from streaming.types import (
    ANALYSIS_RATE,
    OUTPUT_RATE,
    SAMPLES_PER_VIDEO_FRAME,
    AvatarCue,
    AvFrame,
    Intent,
    Reply,
    SpeechAudio,
    Transcript,
)

VOICE_LEVEL = 8000  # amplitude of the fake speech tone
PACKET_MS = 20  # the browser sends 20 ms audio packets


# ---- time ------------------------------------------------------------------------------------
class _InstantSelector(selectors.BaseSelector):
    """Never blocks: when nothing is ready it moves the loop's virtual clock to the next timer."""

    def __init__(self) -> None:
        self._inner = selectors.DefaultSelector()
        self.loop: VirtualTimeLoop | None = None

    def register(self, fileobj, events, data=None):  # noqa: ANN001, ANN201 - the selectors API
        return self._inner.register(fileobj, events, data)

    def unregister(self, fileobj):  # noqa: ANN001, ANN201
        return self._inner.unregister(fileobj)

    def modify(self, fileobj, events, data=None):  # noqa: ANN001, ANN201
        return self._inner.modify(fileobj, events, data)

    def get_map(self):  # noqa: ANN201
        return self._inner.get_map()

    def close(self) -> None:
        self._inner.close()

    def select(self, timeout: float | None = None):  # noqa: ANN201
        ready = self._inner.select(0)
        if ready or timeout is None:
            return ready or self._inner.select(0.05)  # nothing scheduled: only another thread can wake us
        if timeout > 0 and self.loop is not None:
            self.loop.virtual_time += timeout
        return ready


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock jumps ahead whenever every task waits for a timer."""

    def __init__(self) -> None:
        selector = _InstantSelector()
        super().__init__(selector)
        selector.loop = self
        self.virtual_time = 1000.0

    def time(self) -> float:
        return self.virtual_time


def run_virtual(coro_fn: Callable[[], object]) -> object:
    """Run ``coro_fn()`` to completion on a fresh ``VirtualTimeLoop``."""
    loop = VirtualTimeLoop()
    try:
        return loop.run_until_complete(coro_fn())
    finally:
        loop.close()


class InlineExecutor(Executor):
    """Runs each job at once in the caller's thread (fakes are microseconds of work). With
    ``stall_next`` set, the next job never finishes (a stage that hangs)."""

    def __init__(self) -> None:
        self.stall_next = False

    def submit(self, fn, /, *args, **kwargs) -> Future:  # noqa: ANN001
        future: Future = Future()
        if self.stall_next:
            self.stall_next = False
            return future
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


# ---- audio in --------------------------------------------------------------------------------
def voice(ms: int) -> np.ndarray:
    """``ms`` of "speech": a loud 200 Hz tone at 16 kHz."""
    t = np.arange(ms * ANALYSIS_RATE // 1000) / ANALYSIS_RATE
    return (VOICE_LEVEL * np.sin(2 * np.pi * 200 * t)).astype(np.int16)


def silence(ms: int) -> np.ndarray:
    return np.zeros(ms * ANALYSIS_RATE // 1000, np.int16)


async def speak(feed: Callable[[np.ndarray], None], *parts: np.ndarray) -> None:
    """Feed audio in real-time 20 ms packets, as a browser's microphone track delivers it."""
    pcm = np.concatenate(parts)
    step = PACKET_MS * ANALYSIS_RATE // 1000
    for i in range(0, len(pcm), step):
        feed(pcm[i:i + step])
        await asyncio.sleep(PACKET_MS / 1000)


class FakeVad:
    """Any frame louder than a whisper is speech."""

    frame_samples = 512

    def stream(self) -> FakeVad:
        return self

    def speech_prob(self, frame: np.ndarray) -> float:
        return 1.0 if np.abs(frame.astype(np.int32)).mean() > VOICE_LEVEL / 4 else 0.0


# ---- recognition -----------------------------------------------------------------------------
@dataclass
class FakeTranscriber:
    """Returns ``say(seconds of audio)``; records every call as (final, seconds)."""

    say: Callable[[float], str] = lambda seconds: "기초연금은 어디서 신청해요?"
    calls: list[tuple[bool, float]] = field(default_factory=list)
    fail_next: bool = False

    def transcribe(self, pcm: np.ndarray, *, final: bool, prompt: str | None = None, prefix: Sequence[int] = (),
                   abandon=None, proceed=None) -> Transcript:  # noqa: ANN001
        seconds = len(pcm) / ANALYSIS_RATE
        self.calls.append((final, seconds))
        if final and self.fail_next:
            self.fail_next = False
            raise RuntimeError("injected ASR fault")
        text = self.say(seconds)
        tokens = tuple(range(len(text.split())))
        return Transcript(text, is_final=final, tokens=tokens, word_starts=tokens)


# ---- dialogue --------------------------------------------------------------------------------
EMPTY_TEXT = "잘 못 들었어요. 다시 말씀해 주세요."
NOTHING_TO_REPEAT = "아직 드린 말씀이 없어요."


class FakeConversation:
    """A few rules: no words → EMPTY, 천천히 → SLOWER, 다시 → REPEAT, anything else → an answer."""

    def __init__(self, responder: FakeResponder) -> None:
        self._responder = responder
        self.last: Reply | None = None

    def fork(self) -> FakeConversation:
        return copy.copy(self)

    def reply(self, text: str, transcript: Transcript | None = None) -> Reply:
        if self._responder.fail_next:
            self._responder.fail_next = False
            raise RuntimeError("injected dialogue fault")
        if not any("가" <= ch <= "힣" for ch in text):
            return Reply(EMPTY_TEXT, intent=Intent.EMPTY)
        if "천천히" in text:
            return Reply(f"천천히 다시 말씀드릴게요. {self.last.text if self.last else ''}".strip(), intent=Intent.SLOWER)
        if "다시" in text:
            return self.repeat()
        self.last = Reply(f"{text.rstrip('?')} 안내예요. 주민센터에 가시면 돼요.", entry_id="e1", score=0.9)
        return self.last

    def repeat(self) -> Reply:
        if self.last is None:
            return Reply(NOTHING_TO_REPEAT, intent=Intent.REPEAT)
        return Reply(self.last.text, entry_id=self.last.entry_id, intent=Intent.REPEAT)


@dataclass
class FakeResponder:
    fail_next: bool = False

    def conversation(self) -> FakeConversation:
        return FakeConversation(self)


# ---- speech out ------------------------------------------------------------------------------
@dataclass
class FakeSynthesizer:
    """One tone per sentence ("." ends one), 60 ms per character at rate 1; records (text, rate)."""

    sample_rate: int = OUTPUT_RATE
    ms_per_char: float = 60.0
    calls: list[tuple[str, float]] = field(default_factory=list)
    fail_next: bool = False

    def synthesize(self, text: str, *, rate: float = 1.0) -> Iterator[SpeechAudio]:
        self.calls.append((text, rate))
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("injected TTS fault")
        sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
        for i, sentence in enumerate(sentences):
            n = int(len(sentence) * self.ms_per_char / rate * self.sample_rate / 1000)
            pcm = np.full(n, 3000, np.int16)
            yield SpeechAudio(pcm, self.sample_rate, sentence, sentence_index=i, is_last=i == len(sentences) - 1)


class FakeAvatarStream:
    """Plays queued speech 40 ms a frame; ``clear`` reports the seconds played of the dropped reply."""

    def __init__(self) -> None:
        self._queue: deque[tuple[int, np.ndarray]] = deque()  # (sentence index, remaining audio)
        self._played = 0
        self.cues: list[AvatarCue] = []

    def push(self, speech: SpeechAudio) -> None:
        if speech.sentence_index == 0:
            self._played = 0
        self._queue.append((speech.sentence_index, speech.pcm))

    def next_frame(self) -> AvFrame:
        video = np.zeros((8, 8, 3), np.uint8)
        if not self._queue:
            return AvFrame(video, np.zeros(SAMPLES_PER_VIDEO_FRAME, np.int16))
        index, pcm = self._queue[0]
        chunk, rest = pcm[:SAMPLES_PER_VIDEO_FRAME], pcm[SAMPLES_PER_VIDEO_FRAME:]
        if len(rest):
            self._queue[0] = (index, rest)
        else:
            self._queue.popleft()
        self._played += len(chunk)
        audio = np.pad(chunk, (0, SAMPLES_PER_VIDEO_FRAME - len(chunk)))
        return AvFrame(video, audio, mouth_open=0.5, speaking=True, meta={"sentence_index": index})

    def clear(self) -> float:
        self._queue.clear()
        return self._played / OUTPUT_RATE

    def set_cue(self, cue: AvatarCue) -> None:
        self.cues.append(cue)


@dataclass
class FakeRenderer:
    size: tuple[int, int] = (8, 8)
    streams: list[FakeAvatarStream] = field(default_factory=list)

    def stream(self) -> FakeAvatarStream:
        stream = FakeAvatarStream()
        self.streams.append(stream)
        return stream


def fake_engines(say: Callable[[float], str] | None = None) -> Engines:
    """Engines made of fakes, every executor inline."""
    inline = InlineExecutor()
    return Engines(
        vad=FakeVad(),
        transcriber=FakeTranscriber(say) if say is not None else FakeTranscriber(),
        responder=FakeResponder(),
        synthesizer=FakeSynthesizer(),
        renderer=FakeRenderer(),
        asr_pool=inline,
        dialogue_pool=inline,
        tts_pool=inline,
        new_render_pool=lambda _session_id: InlineExecutor(),
    )
