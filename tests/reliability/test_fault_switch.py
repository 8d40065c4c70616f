"""Fault injection for operators (issue 19, item 14): off by default, refused without the admin token,
and when armed it makes one stage raise or stall for N turns on a running server; the session
apologises in Korean and lives on (server/faults.py)."""

from __future__ import annotations

import asyncio
import re
import time

import aiohttp
import pytest

from benchmarks.webrtc_client import AvatarPeer, espeak_utterance
from server.config import ConfigError

from .conftest import request

TOKEN = "drill-token-0123456789abcdef"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
HANGUL = re.compile(r"[가-힣]")
QUESTION = "기초연금은 어디에서 신청하나요?"


def _is(kind: str, **fields):
    return lambda e: e.get("type") == kind and all(e.get(k) == v for k, v in fields.items())


@pytest.fixture(scope="module")
def drill_server(engines, start_server_fn):
    thread, server = start_server_fn(engines, **{"faults.enabled": True, "faults.token": TOKEN})
    yield server
    thread.stop()


async def _arm(url: str, **fault) -> dict:
    async with aiohttp.ClientSession() as http:
        status, body, _ = await request(http, "POST", url + "/api/admin/faults", json=fault, headers=ADMIN)
    assert status == 200, body
    return body


async def _connected(url: str) -> AvatarPeer:
    peer = AvatarPeer()
    await peer.connect(url)
    await peer.wait_for(_is("state", state="listening"), timeout=10)
    return peer


async def _ask(peer: AvatarPeer) -> tuple[list[dict], dict]:
    """Ask; (events of the turn, the reply or error that ended it), once the avatar listens again."""
    after = len(peer.received.events)
    peer.send({"type": "ask", "text": QUESTION})
    _, outcome = await peer.wait_for(lambda e: e["type"] in ("reply", "error") and e.get("code") != "bad_message",
                                     timeout=40, after=after)  # fmt: skip
    if outcome["type"] == "error":
        assert HANGUL.search(outcome["message"])
        await peer.wait_for(_is("state", state="listening"), timeout=40, after=after)
    else:
        await peer.wait_for(_is("state", state="speaking", turn=outcome["turn"]), timeout=30, after=after)
    return [e for _, e in peer.received.events[after:]], outcome


async def test_the_switch_is_off_by_default_and_needs_a_token(live_server, spawn_server):
    async with aiohttp.ClientSession() as http:
        for method in ("GET", "POST", "DELETE"):
            status, body, _ = await request(http, method, live_server.url + "/api/admin/faults", json={}, headers=ADMIN)
            assert status == 404 and body["error"]["code"] == "not_found", (method, body)
    with pytest.raises(ConfigError):
        spawn_server(**{"faults.enabled": True})  # enabled without a token: the server refuses to start
    with pytest.raises(ConfigError):
        spawn_server(**{"faults.enabled": True, "faults.token": "short"})


async def test_arming_is_refused_without_the_token_and_validated(drill_server):
    url = drill_server.url + "/api/admin/faults"
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": TOKEN}):
            status, body, resp_headers = await request(http, "POST", url, json={"stage": "asr"}, headers=headers)
            assert status == 401 and "WWW-Authenticate" in resp_headers, body
        for bad in ({"stage": "gpu"}, {"stage": "tts", "mode": "explode"}, {"stage": "tts", "turns": 0},
                    {"stage": "tts", "turns": True}, {"stage": "tts", "mode": "stall", "stall_s": 0},
                    {"stage": "tts", "mode": "stall", "stall_s": "1"}):  # fmt: skip
            status, body, _ = await request(http, "POST", url, json=bad, headers=ADMIN)
            assert status == 400 and body["error"]["code"] == "invalid_fault", (bad, body)
        status, body, _ = await request(http, "GET", url, headers=ADMIN)
        assert status == 200 and body["armed"] == {}


async def test_dialogue_raising_for_two_turns_apologises_twice_then_answers(drill_server):
    peer = await _connected(drill_server.url)
    try:
        status = await _arm(drill_server.url, stage="dialogue", mode="raise", turns=2)
        assert status["armed"]["dialogue"]["turns"] == 2
        for _ in range(2):
            _, outcome = await _ask(peer)
            assert outcome["type"] == "error" and outcome["code"] == "dialogue_failed", outcome
        _, outcome = await _ask(peer)
        assert outcome["type"] == "reply" and outcome["intent"] != "apology"
        async with aiohttp.ClientSession() as http:
            _, body, _ = await request(http, "GET", drill_server.url + "/api/admin/faults", headers=ADMIN)
        assert body["armed"] == {} and body["fired"]["dialogue"] == 2
    finally:
        await peer.close()


async def test_tts_stall_delays_the_answer_and_the_session_lives_on(drill_server):
    peer = await _connected(drill_server.url)
    try:
        _, quick = await _ask(peer)
        await _arm(drill_server.url, stage="tts", mode="stall", turns=1, stall_s=2.0)
        t0 = time.monotonic()
        _, outcome = await _ask(peer)
        stalled = time.monotonic() - t0
        assert outcome["type"] == "reply" and outcome["intent"] != "apology"
        assert stalled >= 2.0
        _, outcome = await _ask(peer)
        assert outcome["type"] == "reply"
    finally:
        await peer.close()


async def test_renderer_fault_resets_the_avatar_and_media_keeps_flowing(drill_server):
    peer = await _connected(drill_server.url)
    try:
        after = len(peer.received.events)
        await _arm(drill_server.url, stage="renderer", mode="raise", turns=1)
        _, error = await peer.wait_for(_is("error", code="render_failed"), timeout=20, after=after)
        assert HANGUL.search(error["message"])
        frames = peer.received.video_frames
        await asyncio.sleep(1.0)
        assert peer.received.video_frames - frames >= 15
        await peer.wait_for(_is("state", state="listening"), timeout=40, after=after)
        _, outcome = await _ask(peer)
        assert outcome["type"] == "reply"
    finally:
        await peer.close()


async def test_asr_fault_on_a_spoken_question_apologises_and_listens_again(drill_server):
    peer = await _connected(drill_server.url)
    try:
        await _arm(drill_server.url, stage="asr", mode="raise", turns=1)
        after = len(peer.received.events)
        peer.mic.say(espeak_utterance(QUESTION))
        _, error = await peer.wait_for(_is("error", code="asr_failed"), timeout=40, after=after)
        assert HANGUL.search(error["message"])
        await peer.wait_for(_is("state", state="listening"), timeout=40, after=after)
        _, outcome = await _ask(peer)
        assert outcome["type"] == "reply"
    finally:
        await peer.close()
