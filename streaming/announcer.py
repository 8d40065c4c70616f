"""Events to the client: state, captions and metrics, each sent when its frame is due at the client.

A caption carries its words with times from the sentence's first sound (``streaming.word_timing``),
from the sentence's audio length and voiced span when the renderer reports them in the frame's meta
(``sentence_ms``, ``voiced_ms``), else estimated.

Events are dicts that follow ``web_client/protocol.schema.json``. A closed channel never breaks the
media path: a failed send is logged and dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from streaming.reply import ReplyHandle
from streaming.types import AvFrame
from streaming.word_timing import word_timings

log = logging.getLogger(__name__)


class Announcer:
    def __init__(
        self,
        session_id: str,
        send: Callable[[dict], None],
        clock: Callable[[], float],
        spawn: Callable[[Awaitable, str], asyncio.Task],
        current: Callable[[], ReplyHandle],
        on_finished: Callable[[], None],
    ) -> None:
        self._id = session_id
        self.send = send
        self._now = clock
        self._spawn = spawn
        self._current = current  # the reply being played (or the last one)
        self._on_finished = on_finished

    def emit(self, event: dict) -> None:
        try:
            self.send(event)
        except Exception:  # a closed channel must not break the media path
            log.warning("[%s] could not send %s event", self._id, event.get("type"), exc_info=True)

    def state(self, state: str, turn: int) -> None:
        self.emit({"type": "state", "state": state, "turn": turn})

    # ---- frame observer (streaming.playback) -------------------------------------------------
    def speech_started(self, frame: AvFrame, due: float) -> None:
        self._at(due, self._announce_speaking, self._current(), frame, "announce")

    def speech_frame(self, frame: AvFrame, due: float) -> None:
        handle = self._current()
        index = int(frame.meta.get("sentence_index", 0))
        if index != handle.sentences_announced:
            self._at(due, self._announce_caption, handle, frame, "caption")

    def speech_finished(self, due: float) -> None:
        self._at(due, lambda _h, _f: self._on_finished(), self._current(), None, "listening")

    # ---- at the frame's time -----------------------------------------------------------------
    def _at(self, due: float, action: Callable[[ReplyHandle, AvFrame | None], None], handle: ReplyHandle,
            frame: AvFrame | None, name: str) -> None:
        if frame is not None:
            handle.sentences_announced = int(frame.meta.get("sentence_index", 0))
        self._spawn(self._wait_then(due, action, handle, frame), name)

    async def _wait_then(self, due: float, action: Callable[[ReplyHandle, AvFrame | None], None],
                         handle: ReplyHandle, frame: AvFrame | None) -> None:
        delay = due - self._now()
        if delay > 0:
            await asyncio.sleep(delay)
        action(handle, frame)

    def _announce_speaking(self, handle: ReplyHandle, frame: AvFrame | None) -> None:
        self.state("speaking", handle.number)
        self._announce_caption(handle, frame)
        if handle.eos_wall is not None:
            first_audio_ms = round((self._now() - handle.eos_wall) * 1000, 1)
            self.emit({**handle.metrics, "type": "metrics", "turn": handle.number, "first_audio_ms": first_audio_ms})

    def _announce_caption(self, handle: ReplyHandle, frame: AvFrame | None) -> None:
        index = int(frame.meta.get("sentence_index", 0)) if frame is not None else 0
        text = handle.texts.get(index)
        if text:
            meta = frame.meta if frame is not None else {}
            sentence_ms = meta.get("sentence_ms")
            voiced = meta.get("voiced_ms")
            event = {"type": "caption", "text": text, "index": index, "turn": handle.number,
                     "words": word_timings(text, sentence_ms, tuple(voiced) if voiced else None)}
            if sentence_ms:
                event["duration_ms"] = int(sentence_ms)
            self.emit(event)
