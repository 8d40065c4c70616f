"""One conversation with one browser peer: a coordinator of parts that each own their state.

- ``Listener`` (streaming/listener.py): microphone → VAD → segmenter events; barge-in and onset hold.
- ``Speculation`` (streaming/speculation.py): live captions, and the reply prepared at a pause.
- ``Replier`` + ``ReplyHandle`` (streaming/reply.py): transcript → dialogue → TTS → avatar; the
  conversation state and the speech rate; ``cancel``.
- ``Playback`` (streaming/playback.py): the avatar stream, render pump and paced tracks.
- ``Announcer`` (streaming/announcer.py): state, caption and metrics events.

The session decides only what happens between them: a turn ends → its reply replaces the one
playing; a barge-in or the client's 그만 → the reply stops and ``interrupted`` reports what was
heard; a stage fails → a short apology, and the session keeps listening. It owns every task and
cancels them on ``close``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from streaming.announcer import Announcer
from streaming.engines import Engines
from streaming.listener import Listener
from streaming.playback import Playback
from streaming.protocols import Conversation
from streaming.reply import APOLOGY, WELCOME, Prepared, Replier, ReplyHandle, StageError
from streaming.segmenter import (
    PartialReady,
    Paused,
    PauseLikely,
    Resumed,
    SegmenterEvent,
    SpeechEnded,
    SpeechStarted,
)
from streaming.speculation import Speculation
from streaming.speech_rate import SLOW_RATE, SpeechRate
from streaming.turn_config import TurnConfig
from streaming.types import ANALYSIS_RATE, AvatarCue, Intent, Reply, Transcript

log = logging.getLogger(__name__)

__all__ = ["Engines", "ResumeState", "Session"]


@dataclass(frozen=True)
class ResumeState:
    """What a reconnecting client gets back: the conversation (follow-ups, last answer) and the speech rate."""

    conversation: Conversation
    speech_rate: float


class Session:
    def __init__(
        self,
        session_id: str,
        engines: Engines,
        send: Callable[[dict], None],
        config: TurnConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        resume: ResumeState | None = None,
    ) -> None:
        self.id = session_id
        self.engines = engines
        self.config = config = config or TurnConfig()
        self._now = clock
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self._reply: ReplyHandle | None = None  # the reply being prepared or pushed into the avatar
        self._last = ReplyHandle(0)  # the latest reply (still playing, or over)
        self.turns_completed = 0
        self._render_reset_at = float("-inf")
        self._client_activity = clock()
        self.announcer = Announcer(session_id, send, clock, self._spawn, lambda: self._last, self._set_listening)
        self.playback = Playback(
            session_id, engines, clock, self.announcer, replying=lambda: self._reply is not None,
            on_render_error=self._on_render_error, lookahead_frames=config.lookahead_frames,
            video_delay_frames=config.video_delay_frames,
        )  # fmt: skip
        conversation = resume.conversation if resume is not None else engines.responder.conversation()
        rate = SpeechRate(resume.speech_rate if resume is not None else 1.0)
        self.replier = Replier(engines, self.playback, conversation, rate, clock, config.stage_timeout_s)
        self.listener = Listener(session_id, engines.vad, config, self.playback, clock, self)
        self.speculation = Speculation(session_id, engines, config, self._spawn, self.replier.prepare,
                                       self.listener.set_end_silence, self._on_partial, clock)

    # ---- lifecycle -------------------------------------------------------------------------
    @property
    def conversation(self) -> Conversation:
        return self.replier.conversation

    @property
    def last_activity(self) -> float:
        return max(self.listener.last_voice, self._client_activity)

    def resume_state(self) -> ResumeState:
        return ResumeState(self.replier.conversation, self.replier.rate.value)

    def start(self) -> None:
        self._spawn(self.playback.run(), "pump")
        self.announcer.state("listening", 0)

    def attach_input(self, track) -> None:
        self._spawn(self.listener.run(track), "input")

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.speculation.drop()  # a transcription waiting for the pause to be confirmed lets go of its worker
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.playback.close()

    def stats(self) -> dict:
        return {**self.playback.stats(), "turns": self.turns_completed}

    def emit(self, event: dict) -> None:
        self.announcer.emit(event)

    # ---- client messages -----------------------------------------------------------------
    def handle_client_message(self, msg: dict) -> None:
        self._client_activity = self._now()
        kind = msg.get("type")
        if kind == "interrupt":
            self._spawn(self._interrupt("client"), "interrupt")
        elif kind == "repeat":
            self._spawn(self._run_reply(self.replier.prepare_repeat(msg.get("turn")), typed=True), "repeat")
        elif kind == "greet":
            if self._last.number == 0 and self._reply is None:  # only before the first question
                welcome = self.replier.prepare_fixed(Reply(WELCOME, intent=Intent.GREETING))
                self._spawn(self._run_reply(welcome, typed=True), "greet")
        elif kind == "set_rate":
            try:
                self.replier.rate.set(msg["rate"])
            except ValueError as exc:
                self.emit({"type": "error", "code": "bad_message", "message": f"이해하지 못한 요청이에요. ({exc})"})
        elif kind == "mute":
            self.listener.set_muted(bool(msg["muted"]))
        elif kind == "ask":
            text = str(msg["text"])
            self._spawn(self._run_reply(self.replier.prepare(Transcript(text, is_final=True), typed=True), typed=True,
                                        shown=text), "ask")

    @staticmethod
    def hello() -> dict:
        """Fields of the ``session`` event that come from the turn logic."""
        return {"slow_rate": SLOW_RATE, "repeat_turns": True}

    # ---- the listener's events -----------------------------------------------------------
    def on_speech(self, event: SegmenterEvent) -> None:
        spec = self.speculation
        if isinstance(event, SpeechStarted):
            spec.new_turn()
            if not self.playback.speaking and self._reply is None:
                self.playback.cue(AvatarCue.LISTENING)
        elif isinstance(event, PartialReady):
            spec.partial(event.segment)
        elif isinstance(event, PauseLikely):
            spec.start(event.segment, confirmed=False)
        elif isinstance(event, Paused):
            spec.paused(event.segment)
        elif isinstance(event, Resumed):
            spec.drop()
        elif isinstance(event, SpeechEnded):
            self._spawn(self._finish_turn(event), "turn")

    def on_barge_in(self) -> None:
        self._spawn(self._interrupt("barge_in"), "barge-in")

    def on_false_start(self) -> None:
        self.speculation.drop()

    def replying(self) -> bool:
        return self._reply is not None

    def barge_in_allowed(self) -> bool:
        return not self._last.typed

    def _on_partial(self, text: str) -> None:
        if self.listener.state != "quiet":
            self.emit({"type": "transcript", "text": text, "final": False, "turn": self._last.number + 1})

    # ---- turns ---------------------------------------------------------------------------
    async def _finish_turn(self, event: SpeechEnded) -> None:
        segment = event.segment
        eos_wall = self.listener.arrival_of(segment.end)
        spec = self.speculation.take(segment)
        work = spec if spec is not None else self._transcribe_and_prepare(segment.pcm, self.speculation.agreed)
        if self._last.typed and (self._reply is not None or self.playback.speaking):
            # a typed question's answer is playing: only a turn with words interrupts it
            try:
                prepared = await work
            except StageError:
                prepared = None
            words = prepared is not None and prepared.reply.intent is not Intent.EMPTY
            self.listener.words_checked(interrupt=words)
            if not words:
                log.info("[%s] a sound during a typed answer (no words): the answer goes on", self.id)
                return
            await self._interrupt("barge_in")
            work = _done(prepared)
        handle = await self._begin_reply(eos_wall=eos_wall)
        try:
            prepared = await work
        except StageError as exc:
            await self._fail(handle, exc)
            return
        self.emit({"type": "transcript", "text": prepared.transcript.text if prepared.transcript else "",
                   "final": True, "turn": handle.number, "t_end_of_speech": segment.end / ANALYSIS_RATE})
        await self._deliver(prepared, handle)

    async def _transcribe_and_prepare(self, pcm, prefix: tuple[int, ...]) -> Prepared:
        t0 = self._now()
        try:
            transcript = await self.replier.bounded(self.engines.transcribe(pcm, final=True, prefix=prefix), "asr")
        except StageError:
            raise
        except Exception as exc:
            raise StageError("asr_failed") from exc
        return await self.replier.prepare(transcript, (self._now() - t0) * 1000)

    async def _run_reply(self, work: Awaitable[Prepared], *, typed: bool, shown: str | None = None) -> None:
        """A reply the client asked for: a typed question (``shown`` as what the person said) or a repeat."""
        handle = await self._begin_reply(eos_wall=self._now(), typed=typed)
        if shown is not None:
            self.emit({"type": "transcript", "text": shown, "final": True, "turn": handle.number})
        try:
            prepared = await work
        except StageError as exc:
            await self._fail(handle, exc)
            return
        await self._deliver(prepared, handle)

    async def _begin_reply(self, *, eos_wall: float | None, typed: bool = False) -> ReplyHandle:
        """The reply of a new turn replaces whatever the avatar was saying."""
        await self._cancel_reply()
        handle = self._last = self._reply = ReplyHandle(self._last.number + 1, eos_wall=eos_wall, typed=typed,
                                                         task=asyncio.current_task())
        self.announcer.state("thinking", handle.number)
        self.playback.cue(AvatarCue.THINKING)
        return handle

    async def _deliver(self, prepared: Prepared, handle: ReplyHandle) -> None:
        """Commit a prepared reply: the conversation moves on, the reply is announced and spoken."""
        reply = self.replier.commit(prepared, handle.number)
        handle.metrics = {"asr_ms": round(prepared.asr_ms, 1), "respond_ms": round(prepared.respond_ms, 1)}
        self.emit({"type": "reply", "text": reply.text, "entry_id": reply.entry_id, "score": float(reply.score),
                   "blocked": reply.blocked, "fallback": reply.fallback, "intent": str(reply.intent),
                   "turn": handle.number})  # fmt: skip
        try:
            await self.replier.play(prepared, handle)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("[%s] speech output failed", self.id)
            await self._apologise(handle, "tts_failed", speak=False)
        finally:
            self._end_reply(handle)
            self.turns_completed += 1

    async def _fail(self, handle: ReplyHandle, exc: StageError) -> None:
        log.error("[%s] %s", self.id, exc.code, exc_info=exc.__cause__)
        await self._apologise(handle, exc.code)

    async def _apologise(self, handle: ReplyHandle, code: str, *, speak: bool = True) -> None:
        self.emit({"type": "error", "code": code, "message": APOLOGY, "turn": handle.number})
        try:
            if speak:
                await self.replier.say(APOLOGY, handle, Intent.APOLOGY)
            else:
                self._set_listening()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("[%s] could not speak the apology", self.id)
            self._set_listening()
        finally:  # the failed turn is over: once the apology is played the avatar listens again
            self._end_reply(handle)

    def _end_reply(self, handle: ReplyHandle) -> None:
        if self._reply is handle:
            self._reply = None

    async def _cancel_reply(self) -> float | None:
        """Cancel the reply in progress and silence the avatar: the seconds of it that were heard,
        or None when there was nothing to stop."""
        handle, self._reply = self._reply, None
        if handle is not None:
            await handle.cancel()
        if handle is None and not self.playback.speaking:
            return None
        return await self.playback.stop()

    async def _interrupt(self, reason: str) -> None:
        played = await self._cancel_reply()
        if played is None:
            return
        self.emit({"type": "interrupted", "played_s": round(played, 3), "turn": self._last.number, "reason": reason})
        log.info("[%s] reply interrupted (%s) after %.2f s", self.id, reason, played)
        self._set_listening()

    def _set_listening(self) -> None:
        self.playback.cue(AvatarCue.LISTENING if self.listener.state != "quiet" else AvatarCue.IDLE)
        self.announcer.state("listening", self._last.number)

    # ---- renderer failures ---------------------------------------------------------------
    def _on_render_error(self, exc: Exception) -> None:
        """The avatar stream failed (the pump keeps the media flowing): open a fresh one and apologise."""
        now = self._now()
        if now - self._render_reset_at < self.config.render_reset_cooldown_s:
            return  # a renderer that keeps failing: no storm of resets and apologies
        self._render_reset_at = now
        log.error("[%s] renderer failed (%s); resetting the avatar", self.id, exc)
        self._spawn(self._reset_avatar(), "avatar-reset")

    async def _reset_avatar(self) -> None:
        handle, self._reply = self._reply, None
        if handle is not None:
            await handle.cancel()
        await self.playback.reset()
        self._reply = self._last
        self._last.task = asyncio.current_task()
        await self._apologise(self._last, "render_failed")

    # ---- tasks ---------------------------------------------------------------------------
    def _spawn(self, coro: Awaitable, name: str) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro, name=f"{self.id[:8]}:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("[%s] task %s failed", self.id, task.get_name(), exc_info=task.exception())


async def _done(prepared: Prepared) -> Prepared:
    return prepared
