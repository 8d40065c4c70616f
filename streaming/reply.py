"""One reply: transcript → dialogue → TTS → avatar, and the handle that stops it.

``Replier`` (one per session) owns the conversation state and the speech rate. A reply is first
*prepared* on a fork of the conversation (the answer and its first synthesized sentence), which
may happen speculatively before the person has surely finished; only ``commit`` makes it part of
the conversation, and only then is it played. Repeating the last answer is a command
(``prepare_repeat``), not a sentence fed through the dialogue rules.

``ReplyHandle`` (one per turn, in the style of livekit-agents' ``SpeechHandle``) carries what the
announcer needs (turn number, sentence captions, end of speech, stage timings) and ``cancel``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TypeVar

from streaming.audio import leading_silence, speech_at_rate, trim_speech_start
from streaming.engines import Engines
from streaming.playback import Playback
from streaming.protocols import Conversation, Synthesizer
from streaming.speech_rate import SpeechRate
from streaming.types import OUTPUT_RATE, Intent, Reply, SpeechAudio, Transcript

log = logging.getLogger(__name__)
T = TypeVar("T")

APOLOGY = "죄송해요. 잠깐 문제가 생겼어요. 다시 한번 말씀해 주시겠어요?"
WELCOME = (
    "안녕하세요. 저는 공공서비스를 안내해 드리는 자동 상담원이에요. "
    "기초연금, 건강보험, 주민등록등본 같은 궁금한 것을 편하게 말씀해 주세요."
)
REMEMBERED_REPLIES = 50  # answers a 다시 듣기 button on an earlier turn can ask for


class StageError(Exception):
    """A stage failed; ``code`` names it for the ``error`` event (the cause is chained)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Prepared:
    """A reply ready to be committed: the forked conversation that said it and its first sentence."""

    transcript: Transcript | None  # None for a command (repeat)
    conversation: Conversation
    reply: Reply
    rate: float  # the speech rate ``sentences`` were synthesized at
    sentences: Iterator[SpeechAudio]
    first: SpeechAudio | None
    asr_ms: float = 0.0
    respond_ms: float = 0.0


@dataclass
class ReplyHandle:
    number: int  # the turn number every event of this reply carries
    eos_wall: float | None = None  # monotonic time the last voiced input sample arrived
    typed: bool = False  # answers a typed question: sounds from the microphone do not cut it
    task: asyncio.Task | None = None
    texts: dict[int, str] = field(default_factory=dict)  # sentence index -> caption text
    sentences_announced: int = -1
    metrics: dict[str, float] = field(default_factory=dict)

    async def cancel(self) -> None:
        """Cancel the reply's task and wait for it (a no-op from inside that task)."""
        task = self.task
        if task is not None and task is not asyncio.current_task() and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


class Replier:
    def __init__(self, engines: Engines, playback: Playback, conversation: Conversation, rate: SpeechRate,
                 clock: Callable[[], float], stage_timeout_s: float = 15.0) -> None:
        self._engines = engines
        self.stage_timeout_s = stage_timeout_s
        self._playback = playback
        self.conversation = conversation
        self.rate = rate
        self._now = clock
        self._said: OrderedDict[int, Reply] = OrderedDict()  # turn number -> reply said then

    async def prepare(self, transcript: Transcript, asr_ms: float = 0.0, *, typed: bool = False) -> Prepared:
        """The answer to ``transcript`` on a fork of the conversation, and its first sentence of speech
        (``typed``: the person typed it; there is no recogniser confidence to weigh)."""
        loop = asyncio.get_running_loop()
        t0 = self._now()
        fork = _fork(self.conversation)
        try:
            reply = await self.bounded(loop.run_in_executor(self._engines.dialogue_pool, fork.reply, transcript.text,
                                                            None if typed else transcript), "dialogue")
        except StageError:
            raise
        except Exception as exc:
            raise StageError("dialogue_failed") from exc
        respond_ms = (self._now() - t0) * 1000
        return await self._synthesize(transcript, fork, reply, asr_ms=asr_ms, respond_ms=respond_ms)

    async def prepare_repeat(self, turn: int | None = None) -> Prepared:
        """An answer again (the 다시 듣기 button): the one of ``turn`` when it is remembered, else the
        last one worth repeating. The person said nothing: no sentence goes through the dialogue."""
        said = self._said.get(turn) if turn is not None else None
        if said is not None:
            return await self.prepare_fixed(replace(said, intent=Intent.REPEAT))
        loop = asyncio.get_running_loop()
        fork = _fork(self.conversation)
        try:
            reply = await self.bounded(loop.run_in_executor(self._engines.dialogue_pool, fork.repeat), "dialogue")
        except StageError:
            raise
        except Exception as exc:
            raise StageError("dialogue_failed") from exc
        return await self._synthesize(None, fork, reply)

    async def prepare_fixed(self, reply: Reply) -> Prepared:
        """A reply decided outside the dialogue (the welcome, a remembered answer): the conversation stays."""
        return await self._synthesize(None, self.conversation, reply)

    def commit(self, prepared: Prepared, turn: int) -> Reply:
        """The prepared reply is the one said in ``turn``: the conversation moves on and the speech
        rate follows it."""
        self.conversation = prepared.conversation
        reply = replace(prepared.reply, speech_rate=self.rate.commit(prepared.reply))
        self._said[turn] = reply
        while len(self._said) > REMEMBERED_REPLIES:
            self._said.popitem(last=False)
        return reply

    async def play(self, prepared: Prepared, handle: ReplyHandle) -> None:
        """Push sentence after sentence into the avatar; the next is synthesized while one plays."""
        if prepared.rate != self.rate.value:  # the client changed the rate while this was prepared
            prepared = await self._synthesize(prepared.transcript, prepared.conversation, prepared.reply)
        loop = asyncio.get_running_loop()
        speech, index = prepared.first, 0
        while speech is not None:
            handle.texts[index] = speech.text
            await self._playback.push(speech)
            index += 1
            speech = await self.bounded(
                loop.run_in_executor(self._engines.tts_pool, _next_speech, prepared.sentences, index), "tts")

    async def say(self, text: str, handle: ReplyHandle, intent: Intent) -> None:
        """Speak a fixed text (the apology) at the current rate, outside the conversation."""
        await self.play(await self.prepare_fixed(Reply(text, intent=intent)), handle)

    async def _synthesize(self, transcript: Transcript | None, fork: Conversation, reply: Reply,
                          asr_ms: float = 0.0, respond_ms: float = 0.0) -> Prepared:
        loop = asyncio.get_running_loop()
        rate = self.rate.for_reply(reply)
        pool = self._engines.tts_pool
        try:
            sentences = await self.bounded(
                loop.run_in_executor(pool, _start_synthesis, self._engines.synthesizer, reply.text, rate), "tts")
            first = await self.bounded(loop.run_in_executor(pool, _next_speech, sentences, 0), "tts")
        except StageError:
            raise
        except Exception as exc:
            raise StageError("tts_failed") from exc
        return Prepared(transcript, fork, reply, rate, sentences, first, asr_ms=asr_ms, respond_ms=respond_ms)


    async def bounded(self, work: Awaitable[T], stage: str) -> T:
        """``work``, or ``StageError("<stage>_timeout")`` once it has taken ``stage_timeout_s``."""
        try:
            return await asyncio.wait_for(work, self.stage_timeout_s)
        except TimeoutError as exc:
            log.error("%s stalled for %.0f s", stage, self.stage_timeout_s)
            raise StageError(f"{stage}_timeout") from exc


def _fork(conversation: Conversation) -> Conversation:
    """A copy of the dialogue state to answer speculatively (conversations may offer ``fork()``)."""
    fork = getattr(conversation, "fork", None)
    return fork() if callable(fork) else conversation


def _start_synthesis(synth: Synthesizer, text: str, rate: float) -> Iterator[SpeechAudio]:
    return iter(synth.synthesize(text, rate=rate))


def _next_speech(sentences: Iterator[SpeechAudio], index: int) -> SpeechAudio | None:
    """Next synthesized sentence, already at the output rate (runs in the TTS worker).

    The reply's first sentence loses its leading silence: the person hears the first sound sooner.
    Later sentences keep theirs (natural pauses between sentences).
    """
    speech = next(sentences, None)
    if speech is None:
        return None
    speech = replace(speech_at_rate(speech, OUTPUT_RATE), sentence_index=index)
    return trim_speech_start(speech, leading_silence(speech.pcm, speech.sample_rate)) if index == 0 else speech
