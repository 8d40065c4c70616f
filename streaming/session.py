"""One conversation with one browser peer: the owner of every task and every decision in it.

Input: ``attach_input(track)`` reads the peer's microphone, runs VAD + segmentation on the loop
(microseconds per frame) and sends ASR, dialogue and TTS work to shared executors. Output: an
``AvPump`` renders the avatar every 40 ms in this session's own worker thread and feeds the paced
WebRTC tracks. Events go out through ``send`` as dicts that follow ``web_client/protocol.schema.json``.

Latency: after ``pause_ms`` of silence the final transcription starts speculatively; if the words
read as a finished sentence the turn ends after a short silence, otherwise the session waits longer
(slow and hesitant speakers are not cut off). Barge-in: speech of ``barge_in_ms`` while the avatar
talks cancels the reply, clears the avatar and the unsent frames, and reports what was played.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from streaming.agreement import LocalAgreement
from streaming.audio import (
    InboundResampler,
    leading_silence,
    resample_int16,
    rescale_position,
    trim_speech_start,
)
from streaming.onset import LevelOnset
from streaming.prosody import final_pitch_slope
from streaming.protocols import (
    Conversation,
    Renderer,
    Responder,
    Synthesizer,
    Transcriber,
    TranscriptionAbandoned,
    VadModel,
)
from streaming.segmenter import (
    PartialReady,
    Paused,
    PauseLikely,
    Resumed,
    Segmenter,
    SegmenterEvent,
    SegmenterOptions,
    SpeechEnded,
    SpeechStarted,
)
from streaming.tracks import AvatarAudioTrack, AvatarVideoTrack, AvPump, MediaClock
from streaming.turn_taking import Completeness, end_of_turn_verdict
from streaming.types import (
    ANALYSIS_RATE,
    OUTPUT_RATE,
    AvatarCue,
    AvFrame,
    Intent,
    Reply,
    SpeechAudio,
    SpeechSegment,
    Transcript,
    VisemeEvent,
)

log = logging.getLogger(__name__)

ONSET_GRACE_S = 0.2  # how long a level-onset hold waits for the VAD before the avatar resumes

APOLOGY = "죄송해요. 잠깐 문제가 생겼어요. 다시 한번 말씀해 주시겠어요?"


@dataclass(frozen=True)
class SessionOptions:
    segmenter: SegmenterOptions = field(default_factory=SegmenterOptions)
    eot_complete_ms: int = 250  # end-of-turn silence after a finished-sounding sentence
    eot_unsure_ms: int = 2000
    eot_incomplete_ms: int = 2000  # after a filler or a connective ending
    # A final pitch rise of at least this many octaves/s turns an "unsure" transcript into a finished
    # one (streaming/prosody.py); None: the transcript alone decides.
    eot_rise_octaves_per_s: float | None = 0.15
    barge_in_ms: int = 300  # speech over the avatar shorter than this (a cough) does not interrupt
    onset_hold: bool = True  # a sudden loud sound over the avatar pauses it before the VAD confirms speech
    partial_transcripts: bool = True
    lookahead_frames: int = 1  # frames rendered ahead of the tracks: each adds 40 ms to the reply latency
    video_delay_frames: int = 0  # extra sender-side delay of the picture (the JS client aligns jitter buffers)


@dataclass
class Engines:
    """Process-wide models and the executors that run them (shared by all sessions)."""

    vad: VadModel
    transcriber: Transcriber
    responder: Responder
    synthesizer: Synthesizer
    renderer: Renderer
    asr_pool: Executor  # transcriptions that end a turn
    dialogue_pool: Executor
    tts_pool: Executor
    asr_background_pool: Executor | None = None  # live-caption partials (default: asr_pool)


@dataclass
class _Turn:
    number: int
    eos_wall: float | None = None  # monotonic time the last voiced input sample arrived
    sentences: int = 0
    sentences_announced: int = -1
    texts: dict[int, str] = field(default_factory=dict)  # sentence index -> caption text


class Session:
    def __init__(
        self,
        session_id: str,
        engines: Engines,
        send: Callable[[dict], None],
        options: SessionOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
        conversation: Conversation | None = None,
    ) -> None:
        self.id = session_id
        self.engines = engines
        self.options = options or SessionOptions()
        self._send = send
        self._now = clock
        self.conversation = conversation if conversation is not None else engines.responder.conversation()
        self._avatar = engines.renderer.stream()
        self._render_pool = ThreadPoolExecutor(1, thread_name_prefix=f"render-{session_id[:8]}")
        self._media_clock = MediaClock(clock)
        self.video = AvatarVideoTrack(self._media_clock, engines.renderer.size)
        self.audio = AvatarAudioTrack(self._media_clock)
        self._pump = AvPump(
            self._media_clock, self.video, self.audio, self._render_next, self._on_frame, self.options.lookahead_frames,
            video_delay=self.options.video_delay_frames,
            on_error=self._on_render_error,
        )  # fmt: skip
        self._render_reset_at = float("-inf")
        self._segmenter = Segmenter(self.options.segmenter)
        self._tasks: set[asyncio.Task] = set()
        self._spec: asyncio.Task[_Prepared] | None = None
        self._spec_gate: _Gate | None = None  # set exactly while _spec is
        self._spec_end = -1
        self._reply_task: asyncio.Task | None = None
        self._turn = _Turn(0)
        self._speaking = False
        self._barge_candidate: int | None = None
        self._muted = False
        self._client_rate: float | None = None
        self._arrivals: deque[tuple[int, float]] = deque(maxlen=400)  # (input position, monotonic arrival)
        self._recent_frames: deque[tuple[float, bool]] = deque(maxlen=8)
        self._partial_busy = False
        self._partial_task: asyncio.Task | None = None
        self._partial_abandon = threading.Event()  # set: the running partial may stop after its encoder
        self._agreement = LocalAgreement()  # settled leading tokens of the turn being spoken
        self._input_turn = 0  # counts SpeechStarted: partials of an older turn must not update the agreement
        self._closed = False
        self.last_activity = clock()
        self.turns_completed = 0
        self._metrics: dict[str, float] = {}
        self._held_unsent = 0  # speaking frames dropped when the avatar paused for a possible barge-in
        self._barge_voiced = 0
        self._discard_turn = False
        self._voiced_run = 0
        self._onset = LevelOnset() if self.options.onset_hold else None
        self._onset_grace_until = 0.0  # a level-onset hold waits this long for the VAD to confirm speech
        self._onset_unconfirmed = False  # the current hold came from the level onset, not (yet) the VAD

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._spawn(self._pump.run(), "pump")
        self.emit({"type": "state", "state": "listening", "turn": 0})

    def attach_input(self, track) -> None:
        self._spawn(self._read_input(track), "input")

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._drop_speculation()  # a transcription waiting for the pause to be confirmed lets go of its worker
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.video.stop()
        self.audio.stop()
        self._render_pool.shutdown(wait=False, cancel_futures=True)

    def stats(self) -> dict:
        return {
            "frames": self._pump.frames,
            "late_video": self.video.late_frames,
            "late_audio": self.audio.late_frames,
            "render_ms_p50": float(np.median(self._pump.render_ms)) if self._pump.render_ms else None,
            "turns": self.turns_completed,
        }

    # ---- events out ----------------------------------------------------------------------
    def emit(self, event: dict) -> None:
        try:
            self._send(event)
        except Exception:  # a closed channel must not break the media path
            log.warning("[%s] could not send %s event", self.id, event.get("type"), exc_info=True)

    # ---- client messages -----------------------------------------------------------------
    def handle_client_message(self, msg: dict) -> None:
        self.last_activity = self._now()
        kind = msg.get("type")
        if kind == "interrupt":
            self._spawn(self._interrupt("client"), "interrupt")
        elif kind == "repeat":
            self._spawn(self._answer_text("다시 말해 주세요", from_client=True), "repeat")
        elif kind == "set_rate":
            self._client_rate = float(msg["rate"])
        elif kind == "mute":
            self._muted = bool(msg["muted"])
            if self._muted:
                self._segmenter.reset()
        elif kind == "ask":
            self._spawn(self._answer_text(str(msg["text"]), from_client=True), "ask")

    # ---- input path ----------------------------------------------------------------------
    async def _read_input(self, track) -> None:
        from aiortc.mediastreams import MediaStreamError

        resample = InboundResampler()
        n = self.engines.vad.frame_samples
        vad = self.engines.vad.stream()
        pending = np.zeros(0, np.int16)
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                log.info("[%s] microphone track ended", self.id)
                return
            pcm = resample(frame)
            if self._muted:
                continue
            if self._onset is not None and self._onset.push(pcm) and self._speaking and not self._pump.hold:
                self._hold_avatar()  # a sudden loud sound over the avatar: pause it within one packet
                self._onset_grace_until = self._now() + ONSET_GRACE_S
                self._onset_unconfirmed = True
            pending = np.concatenate([pending, pcm]) if len(pending) else pcm
            while len(pending) >= n:
                chunk, pending = pending[:n], pending[n:]
                prob = vad.speech_prob(chunk)
                voiced = prob >= self.options.segmenter.threshold
                for event in self._segmenter.push(chunk, prob):
                    self._on_segment_event(event)
                if voiced:
                    self._arrivals.append((self._segmenter.position, self._now()))
                    self.last_activity = self._now()
                self._voiced_run = self._voiced_run + 1 if voiced else 0
                if self._speaking and self._voiced_run >= 2:
                    self._hold_avatar()  # maybe someone talks over the avatar: pause it within ~64 ms
                self._check_barge_in(len(chunk) if voiced else 0)

    def _arrival_of(self, position: int) -> float:
        for pos, wall in reversed(self._arrivals):
            if pos <= position + self.engines.vad.frame_samples:
                return wall
        return self._now()

    def _on_segment_event(self, event: SegmenterEvent) -> None:
        if self._discard_turn:
            # a cough or click over the avatar: never becomes a turn, unless real speech follows
            if isinstance(event, Resumed):
                self._discard_turn = False
                self._start_barge_candidate()
            elif isinstance(event, SpeechEnded):
                self._discard_turn = False
            return
        if isinstance(event, SpeechStarted):
            self._input_turn += 1
            self._agreement.reset()
            if self._speaking or self._reply_task is not None:
                self._start_barge_candidate()
            else:
                self._avatar_cue(AvatarCue.LISTENING)
        elif isinstance(event, PartialReady):
            if self.options.partial_transcripts and not self._partial_busy and self._spec is None:
                self._partial_task = self._spawn(self._partial(event.segment), "partial")
        elif isinstance(event, PauseLikely):
            self._start_speculation(event.segment, confirmed=False)
        elif isinstance(event, Paused):
            if self._spec_gate is not None and self._spec_end == event.segment.end:
                self._spec_gate.open()  # the early encoder's turn: its decoder may start now
            else:
                self._start_speculation(event.segment, confirmed=True)
        elif isinstance(event, Resumed):
            self._drop_speculation()
        elif isinstance(event, SpeechEnded):
            self._barge_candidate = None
            self._spawn(self._finish_turn(event.segment, self._agreement.agreed), "turn")

    def _start_barge_candidate(self) -> None:
        self._onset_unconfirmed = False  # the VAD heard speech
        self._barge_voiced = self.options.segmenter.min_speech_ms * ANALYSIS_RATE // 1000
        self._barge_candidate = self._segmenter.position
        if self._speaking:
            self._hold_avatar()

    def _check_barge_in(self, voiced_samples: int) -> None:
        """Speech over the avatar: hold at once, interrupt after ``barge_in_ms`` of voice, resume after a cough."""
        if self._barge_candidate is None:
            if (self._pump.hold and self._segmenter.state == "quiet" and self._voiced_run == 0
                    and self._now() >= self._onset_grace_until):
                self._pump.hold = False  # a blip too short to start a turn (or a loud sound the VAD did not confirm)
                if self._onset_unconfirmed and self._onset is not None:
                    self._onset.learn_background()
                self._onset_unconfirmed = False
            return
        self._barge_voiced += voiced_samples
        if self._barge_voiced >= self.options.barge_in_ms * ANALYSIS_RATE / 1000:
            self._barge_candidate = None
            self._spawn(self._interrupt("barge_in"), "barge-in")
        elif self._segmenter.state in ("paused", "quiet"):
            self._barge_candidate = None
            self._discard_turn = self._segmenter.state == "paused"
            self._drop_speculation()
            if self._pump.hold:
                log.info("[%s] too short to be a barge-in (a cough?): resuming the reply", self.id)
                self._pump.hold = False

    def _hold_avatar(self) -> None:
        """Pause the avatar in place (silence, still face) the moment someone may be talking over it."""
        if self._pump.hold:
            return
        now = self._now()
        self._held_unsent += sum(1 for due, speaking in self._recent_frames if speaking and due > now)
        self._pump.flush()
        self._pump.hold = True

    async def _partial(self, segment: SpeechSegment) -> None:
        self._partial_busy = True
        turn = self._input_turn
        abandon = self._partial_abandon = threading.Event()
        try:
            try:
                result = await self._transcribe(segment.pcm, final=False, prefix=self._agreement.agreed, abandon=abandon)
            except TranscriptionAbandoned:
                return
            if turn == self._input_turn:
                self._agreement.update(result)
            if result.text and self._segmenter.state != "quiet":
                self.emit({"type": "transcript", "text": result.text, "final": False, "turn": self._turn.number + 1})
        finally:
            self._partial_busy = False

    def _start_speculation(self, segment: SpeechSegment, *, confirmed: bool) -> None:
        """Transcribe, answer and synthesize the turn so far. ``confirmed=False`` (``PauseLikely``):
        only the encoder runs until ``Paused`` opens the gate; speech in between drops it all."""
        self._drop_speculation()
        if self._partial_task is not None and not self._partial_task.done():
            self._partial_task.cancel()  # a caption of this audio still queued is not worth a decode now
        # A partial already running on the ASR worker would hold the turn's transcription back for its
        # whole decode: stop it after its encoder (the decoder cannot be interrupted).
        self._partial_abandon.set()
        self._spec_end = segment.end
        gate = self._spec_gate = _Gate()
        if confirmed:
            gate.open()
        self._spec = self._spawn(self._prepare(segment, speculative=True, prefix=self._agreement.agreed, gate=gate),
                                 "speculate")

    def _drop_speculation(self) -> None:
        if self._spec is not None:
            self._spec.cancel()
            self._spec = None
        if self._spec_gate is not None:
            self._spec_gate.abandon.set()  # frees the ASR worker if it waits at the gate
            self._spec_gate = None

    async def _transcribe(self, pcm: np.ndarray, *, final: bool, prefix: tuple[int, ...] = (),
                          abandon: threading.Event | None = None, proceed: threading.Event | None = None) -> Transcript:
        loop = asyncio.get_running_loop()
        transcriber = self.engines.transcriber
        # recognizers without incremental decoding or early stops need not know those keywords
        extra = {k: v for k, v in (("prefix", prefix), ("abandon", abandon), ("proceed", proceed)) if v}
        call = lambda: transcriber.transcribe(pcm, final=final, **extra)  # noqa: E731
        pool = self.engines.asr_pool if final else (self.engines.asr_background_pool or self.engines.asr_pool)
        return await loop.run_in_executor(pool, call)

    def _adapt_end_of_turn(self, transcript: Transcript, pitch_slope: float | None) -> None:
        """A finished-sounding sentence (or a question's final rise) ends the turn after a short
        silence; a filler waits longer."""
        o = self.options
        verdict = end_of_turn_verdict(transcript.text, transcript.avg_logprob, pitch_slope, o.eot_rise_octaves_per_s)
        silence = {
            Completeness.COMPLETE: o.eot_complete_ms,
            Completeness.UNSURE: o.eot_unsure_ms,
            Completeness.INCOMPLETE: o.eot_incomplete_ms,
        }[verdict]
        log.debug("[%s] end of turn: %s (pitch slope %s) -> %d ms", self.id, verdict,
                  "none" if pitch_slope is None else f"{pitch_slope:+.2f} oct/s", silence)
        if self._segmenter.state == "paused":
            self._segmenter.set_end_silence(max(silence, o.segmenter.pause_ms))

    # ---- turns ---------------------------------------------------------------------------
    async def _prepare(
        self, source: SpeechSegment | str, *, speculative: bool = False, prefix: tuple[int, ...] = (),
        gate: _Gate | None = None,
    ) -> _Prepared:
        """Transcript → reply (on a fork of the conversation) → first sentence of speech.

        Run speculatively at a pause, nothing here is visible: the fork is committed and the audio
        played only if the turn really ended (``_deliver``); otherwise it is dropped.
        """
        loop = asyncio.get_running_loop()
        t0 = self._now()
        if isinstance(source, str):
            transcript = Transcript(source, is_final=True)
        else:
            slope = None
            if speculative and self.options.eot_rise_octaves_per_s is not None:
                slope = loop.run_in_executor(self.engines.dialogue_pool, final_pitch_slope, source.pcm)
            gated = {"abandon": gate.abandon, "proceed": gate.proceed} if gate is not None else {}
            try:
                transcript = await self._transcribe(source.pcm, final=True, prefix=prefix, **gated)
            except Exception as exc:
                raise _StageError("asr_failed") from exc
            if gate is not None:
                await gate.opened.wait()  # a recognizer that ignores ``proceed`` may finish before the pause is confirmed
            if speculative:
                self._adapt_end_of_turn(transcript, await slope if slope is not None else None)
        t_asr = self._now()
        fork = _fork(self.conversation)
        try:
            reply = await loop.run_in_executor(self.engines.dialogue_pool, fork.reply, transcript.text)
        except Exception as exc:
            raise _StageError("dialogue_failed") from exc
        t_reply = self._now()
        rate = self._client_rate if self._client_rate is not None else reply.speech_rate
        try:
            sentences = await loop.run_in_executor(self.engines.tts_pool, _start_synthesis, self.engines.synthesizer, reply.text, rate)
            first = await loop.run_in_executor(self.engines.tts_pool, _next_speech, sentences, 0)
        except Exception as exc:
            raise _StageError("tts_failed") from exc
        return _Prepared(transcript, fork, reply, sentences, first,
                         asr_ms=(t_asr - t0) * 1000, respond_ms=(t_reply - t_asr) * 1000)  # fmt: skip

    async def _finish_turn(self, segment: SpeechSegment, prefix: tuple[int, ...] = ()) -> None:
        eos_wall = self._arrival_of(segment.end)
        if self._spec_end != segment.end:
            self._drop_speculation()  # it transcribed other audio than the turn's
        spec, gate = self._spec, self._spec_gate
        self._spec, self._spec_gate = None, None
        if gate is not None:
            gate.open()  # a turn that ended without Paused (its maximum length): decode now
        await self._cancel_reply()
        self._turn = _Turn(self._turn.number + 1, eos_wall=eos_wall)
        turn = self._turn
        self._reply_task = asyncio.current_task()
        self.emit({"type": "state", "state": "thinking", "turn": turn.number})
        self._avatar_cue(AvatarCue.THINKING)
        try:
            prepared = await spec if spec is not None else await self._prepare(segment, prefix=prefix)
        except _StageError as exc:
            log.error("[%s] %s", self.id, exc.code, exc_info=exc.__cause__)
            await self._apologise(turn, exc.code)
            return
        self.emit({"type": "transcript", "text": prepared.transcript.text, "final": True, "turn": turn.number,
                   "t_end_of_speech": segment.end / ANALYSIS_RATE})  # fmt: skip
        await self._deliver(prepared, turn)

    async def _answer_text(self, text: str, *, from_client: bool) -> None:
        await self._cancel_reply()
        self._turn = _Turn(self._turn.number + 1, eos_wall=self._now())
        turn = self._turn
        self._reply_task = asyncio.current_task()
        self.emit({"type": "state", "state": "thinking", "turn": turn.number})
        if from_client:
            self.emit({"type": "transcript", "text": text, "final": True, "turn": turn.number})
        try:
            prepared = await self._prepare(text)
        except _StageError as exc:
            log.error("[%s] %s", self.id, exc.code, exc_info=exc.__cause__)
            await self._apologise(turn, exc.code)
            return
        await self._deliver(prepared, turn)

    async def _deliver(self, prepared: _Prepared, turn: _Turn) -> None:
        """Commit a prepared turn: the conversation moves on, the reply is announced and spoken."""
        self.conversation = prepared.conversation
        reply = prepared.reply
        self._metrics = {"asr_ms": round(prepared.asr_ms, 1), "respond_ms": round(prepared.respond_ms, 1)}
        self.emit({"type": "reply", "text": reply.text, "entry_id": reply.entry_id, "score": float(reply.score),
                   "blocked": reply.blocked, "fallback": reply.fallback, "intent": str(reply.intent),
                   "turn": turn.number})  # fmt: skip
        try:
            await self._play(prepared.first, prepared.sentences, turn)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("[%s] speech output failed", self.id)
            await self._apologise(turn, "tts_failed", speak=False)
        finally:
            if self._reply_task is asyncio.current_task():
                self._reply_task = None
            self.turns_completed += 1

    async def _play(self, first: SpeechAudio | None, sentences: Iterator[SpeechAudio], turn: _Turn) -> None:
        """Push sentence after sentence into the avatar; the next is synthesized while one plays."""
        loop = asyncio.get_running_loop()
        speech, index = first, 0
        while speech is not None:
            turn.texts[index] = speech.text
            await loop.run_in_executor(self._render_pool, self._avatar.push, speech)
            index += 1
            speech = await loop.run_in_executor(self.engines.tts_pool, _next_speech, sentences, index)
        turn.sentences = index

    async def _speak(self, reply: Reply, turn: _Turn) -> None:
        loop = asyncio.get_running_loop()
        sentences = await loop.run_in_executor(self.engines.tts_pool, _start_synthesis, self.engines.synthesizer, reply.text, 1.0)
        first = await loop.run_in_executor(self.engines.tts_pool, _next_speech, sentences, 0)
        await self._play(first, sentences, turn)

    async def _apologise(self, turn: _Turn, code: str, *, speak: bool = True) -> None:
        self.emit({"type": "error", "code": code, "message": APOLOGY, "turn": turn.number})
        try:
            if not speak:
                self._set_listening()
                return
            await self._speak(Reply(APOLOGY, intent=Intent.APOLOGY), turn)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("[%s] could not speak the apology", self.id)
            self._set_listening()
        finally:  # the failed turn is over: once the apology is played the avatar listens again
            if self._reply_task is asyncio.current_task():
                self._reply_task = None

    async def _cancel_reply(self) -> None:
        task, self._reply_task = self._reply_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if self._speaking:
            await self._stop_avatar()

    async def _stop_avatar(self) -> float:
        """Stop speaking now; returns the seconds of the reply the listener actually heard."""
        loop = asyncio.get_running_loop()
        now = self._now()
        unsent = 0 if self._pump.hold else sum(1 for due, speaking in self._recent_frames if speaking and due > now)
        self._pump.flush()
        rendered = await loop.run_in_executor(self._render_pool, self._avatar.clear)
        unsent += self._held_unsent
        self._held_unsent = 0
        self._pump.hold = False
        self._speaking = False
        return max(0.0, rendered - unsent * 0.04)

    async def _interrupt(self, reason: str) -> None:
        task, self._reply_task = self._reply_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if not self._speaking and task is None:
            return
        played = await self._stop_avatar()
        self.emit({"type": "interrupted", "played_s": round(played, 3), "turn": self._turn.number, "reason": reason})
        log.info("[%s] reply interrupted (%s) after %.2f s", self.id, reason, played)
        self._set_listening()

    # ---- output path ---------------------------------------------------------------------
    def _on_render_error(self, exc: Exception) -> None:
        """The avatar stream failed (the pump keeps the media flowing): open a fresh one and apologise."""
        now = self._now()
        if now - self._render_reset_at < 5.0:  # a renderer that keeps failing: no storm of resets and apologies
            return
        self._render_reset_at = now
        log.error("[%s] renderer failed (%s); resetting the avatar", self.id, exc)
        self._spawn(self._reset_avatar(), "avatar-reset")

    async def _reset_avatar(self) -> None:
        task, self._reply_task = self._reply_task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        self._pump.flush()
        self._pump.hold = False
        self._avatar = await asyncio.get_running_loop().run_in_executor(self._render_pool, self.engines.renderer.stream)
        self._speaking = False
        await self._apologise(self._turn, "render_failed")

    def _render_next(self) -> asyncio.Future[AvFrame]:
        return asyncio.get_running_loop().run_in_executor(self._render_pool, self._avatar.next_frame)

    def _on_frame(self, frame: AvFrame, due: float) -> None:
        self._recent_frames.append((due, frame.speaking))
        if frame.meta.get("held"):
            return
        turn = self._turn
        if frame.speaking and not self._speaking:
            self._speaking = True
            self._spawn(self._at(due, self._announce_speaking, turn, frame), "announce")
        elif frame.speaking and frame.meta.get("sentence_index", 0) != turn.sentences_announced:
            self._spawn(self._at(due, self._announce_caption, turn, frame), "caption")
        elif not frame.speaking and self._speaking and self._reply_task is None:
            self._speaking = False
            self._spawn(self._at(due, lambda _t, _f: self._set_listening(), turn, frame), "listening")
        if frame.speaking:
            turn.sentences_announced = frame.meta.get("sentence_index", 0)

    async def _at(self, due: float, action: Callable[[_Turn, AvFrame], None], turn: _Turn, frame: AvFrame) -> None:
        delay = due - self._now()
        if delay > 0:
            await asyncio.sleep(delay)
        action(turn, frame)

    def _announce_speaking(self, turn: _Turn, frame: AvFrame) -> None:
        self.emit({"type": "state", "state": "speaking", "turn": turn.number})
        self._announce_caption(turn, frame)
        if turn.eos_wall is not None:
            metrics = dict(self._metrics)
            metrics.update(type="metrics", turn=turn.number, first_audio_ms=round((self._now() - turn.eos_wall) * 1000, 1))
            self.emit(metrics)

    def _announce_caption(self, turn: _Turn, frame: AvFrame) -> None:
        text = turn.texts.get(int(frame.meta.get("sentence_index", 0)))
        if text:
            self.emit({"type": "caption", "text": text, "index": int(frame.meta.get("sentence_index", 0)), "turn": turn.number})

    def _set_listening(self) -> None:
        self._avatar_cue(AvatarCue.LISTENING if self._segmenter.state != "quiet" else AvatarCue.IDLE)
        self.emit({"type": "state", "state": "listening", "turn": self._turn.number})

    def _avatar_cue(self, cue: AvatarCue) -> None:
        self._render_pool.submit(self._avatar.set_cue, cue)

    # ---- tasks ---------------------------------------------------------------------------
    def _spawn(self, coro, name: str) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro, name=f"{self.id[:8]}:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("[%s] task %s failed", self.id, task.get_name(), exc_info=task.exception())


class _Gate:
    """Holds a speculative transcription between its encoder and its decoder until the pause is
    confirmed (``open``), or lets it go (``abandon``) when the person goes on."""

    def __init__(self) -> None:
        self.proceed = threading.Event()  # read by the ASR worker thread
        self.abandon = threading.Event()
        self.opened = asyncio.Event()  # the same signal for the event loop

    def open(self) -> None:
        self.proceed.set()
        self.opened.set()


class _StageError(Exception):
    """A stage failed; ``code`` names it for the ``error`` event (the cause is chained)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Prepared:
    transcript: Transcript
    conversation: Conversation
    reply: Reply
    sentences: Iterator[SpeechAudio]
    first: SpeechAudio | None
    asr_ms: float = 0.0
    respond_ms: float = 0.0


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
    speech = _to_output_rate(speech, index)
    return trim_speech_start(speech, leading_silence(speech.pcm, speech.sample_rate)) if index == 0 else speech


def _to_output_rate(speech: SpeechAudio, index: int) -> SpeechAudio:
    """Resample a sentence to 48 kHz and move its viseme timings into the same sample base."""
    src = speech.sample_rate
    pcm = resample_int16(speech.pcm, src, OUTPUT_RATE)
    visemes = tuple(
        VisemeEvent(rescale_position(v.start, src, OUTPUT_RATE), v.viseme, rescale_position(v.duration, src, OUTPUT_RATE))
        for v in speech.visemes
    )
    return replace(speech, pcm=pcm, sample_rate=OUTPUT_RATE, visemes=visemes, sentence_index=index)
