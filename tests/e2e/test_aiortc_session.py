"""A real aiortc client peer talks to the real server (all real models) in one process."""

from __future__ import annotations

import asyncio
import re
import time

import numpy as np
import pytest

from benchmarks.latency import SPEECH_DB
from benchmarks.webrtc_client import AvatarPeer, espeak_utterance
from server.protocol import validate_event

QUESTION = "기초연금은 누가 받을 수 있나요?"


@pytest.fixture(scope="module")
def question_pcm() -> np.ndarray:
    return espeak_utterance(QUESTION)


async def test_utterance_gets_transcript_reply_audio_and_video(live_server, question_pcm):
    peer = AvatarPeer()
    await peer.connect(live_server.url)
    try:
        await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
        await asyncio.sleep(1.0)  # a second of silence: the floor
        peer.mic.say(question_pcm)
        await peer.mic.utterance_done.wait()
        eos = peer.mic.last_voiced_sent
        t_final, final = await peer.wait_for(lambda e: e["type"] == "transcript" and e["final"], timeout=30)
        assert re.search(r"[가-힣]", final["text"])
        _, reply = await peer.wait_for(lambda e: e["type"] == "reply", timeout=20)
        assert reply["text"]
        t_speaking, _ = await peer.wait_for(lambda e: e["type"] == "state" and e["state"] == "speaking", timeout=20)
        await peer.wait_for(lambda e: e["type"] == "caption", timeout=10)
        await asyncio.sleep(2.0)
    finally:
        await peer.close()
    received = peer.received
    assert t_final > eos
    for _, event in received.events:
        assert validate_event(event) is None, event
    assert received.video_frames >= 50
    assert received.video_size is not None and min(received.video_size) >= 256
    floor = [db for t, db in received.audio if t < eos]
    speech = [db for t, db in received.audio if t > t_speaking]
    assert max(speech) > max(floor) + 20, (max(floor), max(speech))
    states = [e["state"] for _, e in received.events if e["type"] == "state"]
    assert states[0] == "listening" and "thinking" in states and "speaking" in states


async def test_typed_question_and_repeat_over_the_data_channel(live_server):
    peer = AvatarPeer()
    await peer.connect(live_server.url)
    try:
        await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
        peer.send({"type": "ask", "text": "주민등록등본은 어디서 떼요?"})
        _, first = await peer.wait_for(lambda e: e["type"] == "reply", timeout=20)
        n = len(peer.received.events)
        peer.send({"type": "repeat"})
        _, again = await peer.wait_for(lambda e: e["type"] == "reply", timeout=20, after=n)
        assert again["entry_id"] == first["entry_id"]
        peer.send({"type": "bogus"})
        _, err = await peer.wait_for(lambda e: e["type"] == "error", timeout=10)
        assert err["code"] == "bad_message"
    finally:
        await peer.close()


async def test_peer_that_never_speaks_keeps_getting_idle_media(live_server):
    peer = AvatarPeer()
    await peer.connect(live_server.url)
    try:
        await asyncio.sleep(2.5)
    finally:
        await peer.close()
    assert peer.received.video_frames >= 40  # 25 fps, never stalls
    assert len(peer.received.audio) >= 80  # 20 ms packets of silence keep flowing
    assert not any(e["type"] in ("transcript", "reply") for _, e in peer.received.events)


async def _speaking_peer(url: str) -> AvatarPeer:
    """A connected peer whose avatar is in the middle of a long answer."""
    peer = AvatarPeer()
    await peer.connect(url)
    await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
    peer.send({"type": "ask", "text": "장기요양 등급은 어떻게 신청해요?"})
    await peer.wait_for(lambda e: e["type"] == "state" and e["state"] == "speaking", timeout=20)
    return peer


async def test_barge_in_stops_the_avatar_and_handles_the_new_utterance(live_server, question_pcm):
    peer = await _speaking_peer(live_server.url)
    try:
        await asyncio.sleep(1.0)
        n = len(peer.received.events)
        peer.mic.say(question_pcm)  # the senior talks over the avatar
        _, interrupted = await peer.wait_for(lambda e: e["type"] == "interrupted", timeout=15, after=n)
        assert interrupted["reason"] == "barge_in" and interrupted["played_s"] > 0.5
        _, final = await peer.wait_for(lambda e: e["type"] == "transcript" and e["final"], timeout=30, after=n)
        _, reply = await peer.wait_for(lambda e: e["type"] == "reply", timeout=20, after=n)
        assert reply["turn"] == final["turn"] > interrupted["turn"]
    finally:
        await peer.close()


async def test_a_short_cough_does_not_interrupt(live_server):
    peer = await _speaking_peer(live_server.url)
    try:
        n = len(peer.received.events)
        t = np.arange(int(0.15 * 48_000)) / 48_000
        cough = (np.random.default_rng(0).standard_normal(len(t)) * 8000 * np.exp(-t * 20)).astype(np.int16)
        said_at = time.monotonic()
        peer.mic.say(cough)
        await asyncio.sleep(1.5)
        assert not any(e["type"] == "interrupted" for _, e in peer.received.events[n:])
        # the loud cough paused the avatar for a moment at most: its answer goes on being heard
        heard_after = [db for t, db in peer.received.audio if t > said_at + 0.6]
        assert sum(db > SPEECH_DB for db in heard_after) >= 10, "the reply did not resume after the cough"
    finally:
        await peer.close()


async def test_two_sessions_at_once_both_hear_their_reply(live_server, question_pcm):
    """Two seniors ask at the same time: each avatar's reply must reach its own peer as sound.

    (A regression test: with the media threads at a lower priority than Whisper, two sessions'
    render pumps fell behind real time and both peers received only silence.)
    """
    peers = [AvatarPeer(), AvatarPeer()]

    async def ask(peer: AvatarPeer) -> tuple[float, float]:
        await peer.connect(live_server.url)
        await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
        await asyncio.sleep(1.0)
        peer.mic.say(question_pcm)
        await peer.mic.utterance_done.wait()
        t_speaking, _ = await peer.wait_for(lambda e: e["type"] == "state" and e["state"] == "speaking", timeout=40)
        await asyncio.sleep(2.0)
        return peer.mic.last_voiced_sent, t_speaking

    try:
        times = await asyncio.gather(*(ask(p) for p in peers))
    finally:
        await asyncio.gather(*(p.close() for p in peers))
    for peer, (eos, t_speaking) in zip(peers, times, strict=True):
        floor = [db for t, db in peer.received.audio if t < eos]
        speech = [db for t, db in peer.received.audio if t > t_speaking - 0.2]
        assert max(speech) > max(floor) + 20, (max(floor), max(speech))
