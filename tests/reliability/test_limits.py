"""Limits: concurrent sessions (503), offers per client (429), ICE connect and idle timeouts.

Each runs on an extra server with tiny limits; every timeout must tear the session down completely:
no session, no task or render thread of it left, the id refused afterwards.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time

import aiohttp
from aiortc import RTCPeerConnection

from benchmarks.webrtc_client import AvatarPeer
from server.resume import log_id

from .conftest import eventually, request, server_tasks, thread_names

HANGUL = re.compile(r"[가-힣]")


async def assert_torn_down(http: aiohttp.ClientSession, server, session_id: str, timeout: float) -> None:
    prefix = session_id[:8]
    deadline = time.monotonic() + timeout
    while True:
        status, body, _ = await request(http, "GET", server.url + "/healthz")
        if status == 200 and body["sessions"] == 0:
            break
        assert time.monotonic() < deadline, f"session {session_id} still open after {timeout} s"
        await asyncio.sleep(0.2)
    await eventually(lambda: not server_tasks(server, prefix), 5, what=f"tasks of {prefix} ended")
    await eventually(lambda: not thread_names(f"render-{prefix}"), 5, what=f"render thread of {prefix} ended")
    status, body, _ = await request(http, "DELETE", f"{server.url}/api/sessions/{session_id}")
    assert status == 404 and body["error"]["code"] == "unknown_session"


async def test_max_sessions_gives_503_with_retry_after_and_korean_message(spawn_server, openapi):
    server = spawn_server(max_sessions=1)
    first = AvatarPeer()
    await first.connect(server.url)
    second = RTCPeerConnection()
    try:
        second.addTransceiver("audio", direction="sendrecv")
        await second.setLocalDescription(await second.createOffer())
        async with aiohttp.ClientSession() as http:
            offer = {"sdp": second.localDescription.sdp, "type": "offer"}
            status, body, headers = await request(http, "POST", server.url + "/api/offer", json=offer)
            assert status == 503, body
            assert int(headers["Retry-After"]) > 0
            assert body["error"]["code"] == "busy" and HANGUL.search(body["error"]["message"])
            openapi.check("post", "/api/offer", status, headers, body)
            _, health, _ = await request(http, "GET", server.url + "/healthz")
            assert health["sessions"] == 1 and health["max_sessions"] == 1
        await first.close()
        third = AvatarPeer()  # the slot is free again
        await third.connect(server.url)
        await third.close()
    finally:
        await first.close(hang_up=False)
        await second.close()


async def test_offers_per_client_are_rate_limited(spawn_server, openapi):
    server = spawn_server(offers_per_minute=3)
    async with aiohttp.ClientSession() as http:
        for _ in range(3):
            status, body, headers = await request(http, "POST", server.url + "/api/offer", json={"sdp": "x", "type": "offer"})
            assert status == 400, body
        status, body, headers = await request(http, "POST", server.url + "/api/offer", json={"sdp": "x", "type": "offer"})
        assert status == 429 and body["error"]["code"] == "rate_limited"
        assert 0 < int(headers["Retry-After"]) <= 61
        assert HANGUL.search(body["error"]["message"])
        openapi.check("post", "/api/offer", status, headers, body)
        status, body, _ = await request(http, "GET", server.url + "/healthz")  # other routes are not limited
        assert status == 200 and body["status"] == "ok"


async def test_ice_connect_timeout_tears_the_session_down(spawn_server, caplog):
    caplog.set_level(logging.INFO, logger="server.peers")
    server = spawn_server(ice_timeout_s=1.0)
    client = RTCPeerConnection()
    client.addTransceiver("audio", direction="sendrecv")
    await client.setLocalDescription(await client.createOffer())
    async with aiohttp.ClientSession() as http:
        status, body, _ = await request(
            http, "POST", server.url + "/api/offer", json={"sdp": client.localDescription.sdp, "type": "offer"}
        )
        assert status == 200, body
        await client.close()  # the page went away before ICE connected (NAT, closed tab)
        await assert_torn_down(http, server, body["session_id"], timeout=6)
    assert any("ICE connect timeout" in r.getMessage() or "connection failed" in r.getMessage() for r in caplog.records)


async def test_idle_session_is_closed_and_the_peer_sees_it(spawn_server, caplog):
    caplog.set_level(logging.INFO, logger="server.peers")
    server = spawn_server(idle_timeout_s=2.0)
    peer = AvatarPeer()
    await peer.connect(server.url)
    try:
        async with aiohttp.ClientSession() as http:
            await assert_torn_down(http, server, peer.session_id, timeout=8)
        short = f"[{log_id(peer.session_id)}]"
        assert any(short in r.getMessage() and "idle timeout" in r.getMessage() for r in caplog.records)
        assert not any(peer.session_id in r.getMessage() for r in caplog.records)  # full ids stay out of logs
        await eventually(lambda: peer.pc.connectionState in ("closed", "failed"), 10, what="client sees the hang-up")
    finally:
        await peer.close(hang_up=False)
