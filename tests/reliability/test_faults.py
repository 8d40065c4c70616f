"""Faults: an exception in any stage (ASR, dialogue/retrieval, TTS, renderer) makes the avatar apologise
briefly in Korean and keep listening; the next question is answered; another session is unaffected;
the error is logged with the session id.

The real engines are wrapped, each stage with a switch that makes its next call raise once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re

import pytest

from benchmarks.webrtc_client import AvatarPeer, espeak_utterance
from server.resume import log_id

from .conftest import eventually

HANGUL = re.compile(r"[가-힣]")
QUESTION = "기초연금은 어디에서 신청하나요?"


class Switch:
    """Makes the next armed call raise (once), optionally only for one target object."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.armed = False
        self.target: object | None = None
        self.tripped = 0

    def arm(self, target: object | None = None) -> None:
        self.target, self.armed = target, True

    def trip(self, who: object | None = None) -> None:
        if self.armed and (self.target is None or self.target is who):
            self.armed = False
            self.tripped += 1
            raise RuntimeError(f"injected {self.name} fault")


class _Wrapper:
    def __init__(self, inner, switch: Switch) -> None:
        self._inner, self._switch = inner, switch

    def __getattr__(self, name):
        return getattr(self._inner, name)


class FaultyTranscriber(_Wrapper):
    def transcribe(self, pcm, *args, final: bool, **kwargs):
        if final:
            self._switch.trip()
        return self._inner.transcribe(pcm, *args, final=final, **kwargs)


class FaultyConversation(_Wrapper):
    def reply(self, *args, **kwargs):
        self._switch.trip()
        return self._inner.reply(*args, **kwargs)

    def fork(self):
        fork = getattr(self._inner, "fork", None)
        return FaultyConversation(fork() if callable(fork) else self._inner, self._switch)


class FaultyResponder(_Wrapper):
    def conversation(self):
        return FaultyConversation(self._inner.conversation(), self._switch)


class FaultySynthesizer(_Wrapper):
    def synthesize(self, *args, **kwargs):
        self._switch.trip()
        return self._inner.synthesize(*args, **kwargs)


class FaultyAvatarStream(_Wrapper):
    def next_frame(self):
        self._switch.trip(self)
        return self._inner.next_frame()


class FaultyRenderer(_Wrapper):
    def __init__(self, inner, switch: Switch) -> None:
        super().__init__(inner, switch)
        self.streams: list[FaultyAvatarStream] = []

    def stream(self):
        stream = FaultyAvatarStream(self._inner.stream(), self._switch)
        self.streams.append(stream)
        return stream


@dataclasses.dataclass
class FaultyServer:
    server: object
    switches: dict[str, Switch]
    renderer: FaultyRenderer


@pytest.fixture(scope="module")
def faulty(engines, start_server_fn):
    switches = {name: Switch(name) for name in ("asr", "dialogue", "tts", "render")}
    renderer = FaultyRenderer(engines.renderer, switches["render"])
    wrapped = dataclasses.replace(
        engines,
        transcriber=FaultyTranscriber(engines.transcriber, switches["asr"]),
        responder=FaultyResponder(engines.responder, switches["dialogue"]),
        synthesizer=FaultySynthesizer(engines.synthesizer, switches["tts"]),
        renderer=renderer,
    )
    thread, server = start_server_fn(wrapped, max_sessions=4)
    yield FaultyServer(server, switches, renderer)
    thread.stop()


def _is(kind: str, **fields):
    return lambda e: e.get("type") == kind and all(e.get(k) == v for k, v in fields.items())


async def answers_a_question(peer: AvatarPeer, text: str = QUESTION) -> dict:
    after = len(peer.received.events)
    peer.send({"type": "ask", "text": text})
    _, reply = await peer.wait_for(_is("reply"), timeout=30, after=after)
    assert reply["intent"] != "apology" and reply["text"]
    await peer.wait_for(_is("state", state="speaking", turn=reply["turn"]), timeout=30, after=after)
    return reply


async def apologised(peer: AvatarPeer, code: str, after: int) -> dict:
    _, error = await peer.wait_for(_is("error", code=code), timeout=40, after=after)
    assert HANGUL.search(error["message"])
    # the apology is spoken, then the avatar listens again
    await peer.wait_for(_is("state", state="speaking", turn=error["turn"]), timeout=30, after=after)
    await peer.wait_for(_is("state", state="listening"), timeout=30, after=after)
    return error


def logged_with_session(caplog, session_id: str) -> bool:
    """An ERROR line names the session by its short log id (the full id is never logged: issue 19)."""
    return any(r.levelno >= logging.ERROR and f"[{log_id(session_id)}]" in r.getMessage() for r in caplog.records)


async def connected_pair(url: str) -> tuple[AvatarPeer, AvatarPeer]:
    a, b = AvatarPeer(), AvatarPeer()
    await a.connect(url)
    await b.connect(url)
    for peer in (a, b):
        await peer.wait_for(_is("session"), timeout=10)
        await peer.wait_for(_is("state", state="listening"), timeout=10)
    return a, b


@pytest.mark.parametrize("stage", ["dialogue", "tts"])
async def test_text_stage_fault_apologises_and_recovers(faulty, stage, caplog):
    caplog.set_level(logging.ERROR)
    a, b = await connected_pair(faulty.server.url)
    try:
        after = len(a.received.events)
        faulty.switches[stage].arm()
        a.send({"type": "ask", "text": QUESTION})
        await apologised(a, f"{stage}_failed", after)
        assert faulty.switches[stage].tripped >= 1
        assert logged_with_session(caplog, a.session_id)
        # the other session never saw an error and still answers; the faulted one answers again
        await answers_a_question(b)
        assert not [e for _, e in b.received.events if e["type"] == "error"]
        await answers_a_question(a)
    finally:
        await a.close()
        await b.close()


async def test_asr_fault_apologises_and_the_next_spoken_question_is_answered(faulty, caplog):
    caplog.set_level(logging.ERROR)
    a, b = await connected_pair(faulty.server.url)
    try:
        utterance = espeak_utterance(QUESTION)
        after = len(a.received.events)
        faulty.switches["asr"].arm()
        a.mic.say(utterance)
        await apologised(a, "asr_failed", after)
        assert logged_with_session(caplog, a.session_id)
        await asyncio.sleep(0.5)
        after = len(a.received.events)
        a.mic.say(utterance)
        _, transcript = await a.wait_for(_is("transcript", final=True), timeout=40, after=after)
        _, reply = await a.wait_for(_is("reply", turn=transcript["turn"]), timeout=30, after=after)
        assert reply["intent"] != "apology"
        assert not [e for _, e in b.received.events if e["type"] == "error"]
    finally:
        await a.close()
        await b.close()


async def test_renderer_fault_resets_the_avatar_and_media_keeps_flowing(faulty, caplog):
    caplog.set_level(logging.ERROR)
    a = AvatarPeer()
    await a.connect(faulty.server.url)
    a_stream = faulty.renderer.streams[-1]
    b = AvatarPeer()
    await b.connect(faulty.server.url)
    try:
        await a.wait_for(_is("state", state="listening"), timeout=10)
        after = len(a.received.events)
        frames_b = b.received.video_frames
        faulty.switches["render"].arm(target=a_stream)
        await apologised(a, "render_failed", after)
        assert faulty.switches["render"].tripped == 1
        assert logged_with_session(caplog, a.session_id)
        # both peers keep receiving video at the full rate after the reset
        frames_a, frames_b2 = a.received.video_frames, b.received.video_frames
        await asyncio.sleep(1.0)
        assert a.received.video_frames - frames_a >= 15
        assert b.received.video_frames - frames_b2 >= 15 and frames_b2 > frames_b
        await eventually(lambda: len(faulty.renderer.streams) >= 3, 5, what="a fresh avatar stream")
        await answers_a_question(a)
        assert not [e for _, e in b.received.events if e["type"] == "error"]
    finally:
        await a.close()
        await b.close()
