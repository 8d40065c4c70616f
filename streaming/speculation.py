"""Work that starts before the person has surely finished: live captions and the speculative reply.

Partial transcripts (``PartialReady``) give live captions and settle the leading words the final
transcription need not decode again (``LocalAgreement``). At a likely pause (``PauseLikely``) the
turn so far is transcribed speculatively, but only the droppable encoder runs until the pause is
confirmed (``Paused`` opens the gate); then the transcript sets the end-of-turn silence (a finished
sentence ends the turn soon, a filler waits) and the reply is prepared on a fork of the conversation.
If the person goes on (``Resumed``) all of it is dropped.

States (``state``): ``idle`` → ``gated`` (encoder only, waiting for the pause) → ``running``
(decoding and answering) → ``ready`` (a prepared reply waits for the end of the turn).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable

from streaming.agreement import LocalAgreement
from streaming.engines import Engines
from streaming.prosody import final_pitch_slope
from streaming.protocols import TranscriptionAbandoned
from streaming.reply import Prepared, StageError
from streaming.segmenter import SpeechSegment
from streaming.turn_config import TurnConfig
from streaming.turn_taking import Completeness, end_of_turn_verdict
from streaming.types import Transcript

log = logging.getLogger(__name__)

Spawn = Callable[[Awaitable, str], asyncio.Task]


class Gate:
    """Holds a speculative transcription between its encoder and its decoder until the pause is
    confirmed (``open``), or lets it go (``abandon``) when the person goes on."""

    def __init__(self) -> None:
        self.proceed = threading.Event()  # read by the ASR worker thread
        self.abandon = threading.Event()
        self.opened = asyncio.Event()  # the same signal for the event loop

    def open(self) -> None:
        self.proceed.set()
        self.opened.set()


class Speculation:
    def __init__(
        self,
        session_id: str,
        engines: Engines,
        config: TurnConfig,
        spawn: Spawn,
        prepare: Callable[[Transcript, float], Awaitable[Prepared]],
        set_end_silence: Callable[[float], None],
        on_partial: Callable[[str], None],
        clock: Callable[[], float],
    ) -> None:
        self._id = session_id
        self._engines = engines
        self._config = config
        self._spawn = spawn
        self._prepare = prepare
        self._set_end_silence = set_end_silence
        self._on_partial = on_partial
        self._now = clock
        self._task: asyncio.Task[Prepared] | None = None
        self._gate: Gate | None = None  # set exactly while _task is
        self._end = -1  # input position where the speculatively transcribed audio ends
        self._partial_task: asyncio.Task | None = None
        self._partial_abandon = threading.Event()  # set: the running partial may stop after its encoder
        self._agreement = LocalAgreement()  # settled leading tokens of the turn being spoken
        self._input_turn = 0  # partials of an older turn must not update the agreement

    @property
    def state(self) -> str:
        if self._task is None:
            return "idle"
        if self._task.done():
            return "ready"
        return "running" if self._gate is not None and self._gate.opened.is_set() else "gated"

    @property
    def agreed(self) -> tuple[int, ...]:
        """Token ids of the words the turn's transcription may take as settled."""
        return self._agreement.agreed

    # ---- segmenter events --------------------------------------------------------------------
    def new_turn(self) -> None:
        self._input_turn += 1
        self._agreement.reset()

    def partial(self, segment: SpeechSegment) -> None:
        if not self._config.partial_transcripts or self._task is not None:
            return
        if self._partial_task is not None and not self._partial_task.done():
            return  # one caption decode at a time
        self._partial_task = self._spawn(self._run_partial(segment), "partial")

    def start(self, segment: SpeechSegment, *, confirmed: bool) -> None:
        """Transcribe, answer and synthesize the turn so far. ``confirmed=False`` (``PauseLikely``):
        only the encoder runs until ``paused`` opens the gate; speech in between drops it all."""
        self.drop()
        if self._partial_task is not None and not self._partial_task.done():
            self._partial_task.cancel()  # a caption of this audio still queued is not worth a decode now
        # A partial already running on the ASR worker would hold the turn's transcription back for its
        # whole decode: stop it after its encoder (the decoder cannot be interrupted).
        self._partial_abandon.set()
        self._end = segment.end
        gate = self._gate = Gate()
        if confirmed:
            gate.open()
        self._task = self._spawn(self._run(segment, self._agreement.agreed, gate), "speculate")

    def paused(self, segment: SpeechSegment) -> None:
        if self._gate is not None and self._end == segment.end:
            self._gate.open()  # the early encoder's turn: its decoder may start now
        else:
            self.start(segment, confirmed=True)

    def drop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self._gate is not None:
            self._gate.abandon.set()  # frees the ASR worker if it waits at the gate
            self._gate = None

    def take(self, segment: SpeechSegment) -> asyncio.Task[Prepared] | None:
        """The speculative reply for the turn that ended with ``segment``, if it transcribed that audio."""
        if self._end != segment.end:
            self.drop()  # it transcribed other audio than the turn's
        task, gate = self._task, self._gate
        self._task, self._gate = None, None
        if gate is not None:
            gate.open()  # a turn that ended without Paused (its maximum length): decode now
        return task

    # ---- work --------------------------------------------------------------------------------
    async def _run_partial(self, segment: SpeechSegment) -> None:
        turn = self._input_turn
        abandon = self._partial_abandon = threading.Event()
        try:
            result = await self._engines.transcribe(segment.pcm, final=False, prefix=self._agreement.agreed,
                                                    abandon=abandon)
        except TranscriptionAbandoned:
            return
        if turn == self._input_turn:
            self._agreement.update(result)
            if result.text:
                self._on_partial(result.text)

    async def _run(self, segment: SpeechSegment, prefix: tuple[int, ...], gate: Gate) -> Prepared:
        loop = asyncio.get_running_loop()
        t0 = self._now()
        rise = self._config.rise_threshold
        slope = loop.run_in_executor(self._engines.dialogue_pool, final_pitch_slope, segment.pcm) if rise else None
        transcript = await self._transcribe_final(segment.pcm, prefix, gate)
        await gate.opened.wait()  # a recognizer that ignores ``proceed`` may finish before the pause is confirmed
        self._adapt_end_of_turn(transcript, await slope if slope is not None else None)
        return await self._prepare(transcript, (self._now() - t0) * 1000)

    async def _transcribe_final(self, pcm, prefix: tuple[int, ...], gate: Gate) -> Transcript:  # noqa: ANN001
        """The turn's transcription; its time limit starts when the pause is confirmed (the encoder may
        wait at the gate for as long as the person pauses)."""
        work = asyncio.ensure_future(self._engines.transcribe(pcm, final=True, prefix=prefix, abandon=gate.abandon,
                                                              proceed=gate.proceed))
        try:
            await gate.opened.wait()
            return await asyncio.wait_for(asyncio.shield(work), self._config.stage_timeout_s)
        except TimeoutError as exc:
            log.error("[%s] speech recognition stalled for %.0f s", self._id, self._config.stage_timeout_s)
            raise StageError("asr_timeout") from exc
        except (asyncio.CancelledError, StageError):
            raise
        except Exception as exc:
            raise StageError("asr_failed") from exc
        finally:
            if not work.done():
                work.cancel()

    def _adapt_end_of_turn(self, transcript: Transcript, pitch_slope: float | None) -> None:
        """A finished-sounding sentence (or a question's final rise) ends the turn after a short
        silence; a filler waits longer."""
        c = self._config
        verdict = end_of_turn_verdict(transcript.text, transcript.avg_logprob, pitch_slope, c.rise_threshold)
        silence = {
            Completeness.COMPLETE: c.eot_complete_ms,
            Completeness.UNSURE: c.eot_unsure_ms,
            Completeness.INCOMPLETE: c.eot_incomplete_ms,
        }[verdict]
        log.debug("[%s] end of turn: %s (pitch slope %s) -> %d ms", self._id, verdict,
                  "none" if pitch_slope is None else f"{pitch_slope:+.2f} oct/s", silence)
        self._set_end_silence(silence)
