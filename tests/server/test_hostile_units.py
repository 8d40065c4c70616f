"""Unit checks behind issue 19: the aiortc internals the data-channel guard relies on, the guarded JSON
parser, the per-client slots and the resume tokens (timelines injected, no sleeping)."""

from __future__ import annotations

import math

import pytest
from aiortc import RTCPeerConnection
from aiortc.rtcsctptransport import WEBRTC_BINARY, WEBRTC_STRING, RTCSctpTransport
from hypothesis import given
from hypothesis import strategies as st

from server.channels import guard_receive
from server.limits import ClientSlots, MessageBudget
from server.protocol import InvalidJson, parse_client_message, parse_json
from server.resume import ResumeTokens, log_id
from server.security import make_token, token_subject


def test_aiortc_still_has_the_receive_step_the_guard_wraps():
    assert callable(getattr(RTCSctpTransport, "_data_channel_receive", None))  # pinned aiortc 1.16


async def test_guard_turns_invalid_utf8_into_bytes_and_swallows_library_errors():
    pc = RTCPeerConnection()
    pc.createDataChannel("events")
    await pc.setLocalDescription(await pc.createOffer())
    seen: list[tuple[int, int, bytes]] = []
    try:
        sctp = pc.sctp

        async def original(stream_id: int, pp_id: int, data: bytes) -> None:
            seen.append((stream_id, pp_id, data))
            if data == b"boom":
                raise AssertionError("duplicate channel open")

        sctp._data_channel_receive = original  # noqa: SLF001 - stands in for aiortc's own step
        assert guard_receive(sctp, "test") and not guard_receive(sctp, "test")
        await sctp._data_channel_receive(1, WEBRTC_STRING, b"\xff\xfe")  # noqa: SLF001
        await sctp._data_channel_receive(1, WEBRTC_STRING, "좋아요".encode())  # noqa: SLF001
        await sctp._data_channel_receive(1, WEBRTC_STRING, b"boom")  # noqa: SLF001 - must not raise
        assert [pp for _, pp, _ in seen] == [WEBRTC_BINARY, WEBRTC_STRING, WEBRTC_STRING]
    finally:
        await pc.close()


@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_client_message_parsing_never_raises(raw):
    msg, error = parse_client_message(raw)
    assert (msg is None) != (error is None)
    assert error is None or len(error) <= 100


@pytest.mark.parametrize("text", ["NaN", "-Infinity", "1e999", "[" * 5_000, "9" * 5_000, b"\xff"])
def test_parse_json_refuses_what_python_cannot_hold(text):
    with pytest.raises(InvalidJson):
        parse_json(text)


def test_finite_numbers_pass():
    assert parse_json('{"rate": 0.8}') == {"rate": 0.8} and math.isfinite(parse_json("1e308"))


def test_slots_cap_each_client_and_count_unconnected_offers():
    now = [0.0]
    slots = ClientSlots(per_client=2, unconnected_limit=3, window_s=300, uncapped=["127.0.0.1"], now=lambda: now[0])
    for _ in range(2):
        assert slots.refusal("a") is None
        slots.acquire("a")
    assert slots.refusal("a").code == "too_many_sessions" and slots.refusal("b") is None
    slots.release("a")
    for _ in range(3):
        slots.never_connected("a")
    refusal = slots.refusal("a")
    assert refusal.code == "unconnected_offers" and refusal.retry_after == 301
    now[0] = 301.0  # the failures fall out of the window
    assert slots.refusal("a") is None
    for _ in range(5):
        slots.acquire("127.0.0.1")
        slots.never_connected("127.0.0.1")
    assert slots.refusal("127.0.0.1") is None  # this machine: a kiosk, benchmarks


def test_message_budget_drops_a_flood_and_refills():
    now = [0.0]
    budget = MessageBudget(rate_per_s=10, burst=20, now=lambda: now[0])
    assert sum(budget.take() for _ in range(100)) == 20
    now[0] = 1.0
    assert sum(budget.take() for _ in range(100)) == 10


def test_resume_tokens_are_per_session_bound_to_the_subject_and_expire():
    now = [0.0]
    tokens = ResumeTokens(ttl_s=600, now=lambda: now[0])
    token = tokens.issue("session-a", "alice")
    assert tokens.check("session-a", token, "alice")
    assert not tokens.check("session-a", token, "mallory") and not tokens.check("session-a", None, "alice")
    assert not tokens.check("session-b", token, "alice") and not tokens.check("session-a", token + "x", "alice")
    tokens.ended("session-a")
    now[0] = 599.0
    assert tokens.check("session-a", token, "alice")
    now[0] = 601.0
    assert not tokens.check("session-a", token, "alice")
    assert log_id("abcdefghijklmnop") == "abcdefgh"


def test_token_subject():
    assert token_subject("s3cret-s3cret", make_token("s3cret-s3cret", 60, subject="kiosk-3")) == "kiosk-3"
    assert token_subject("s3cret-s3cret", make_token("other", 60)) is None
