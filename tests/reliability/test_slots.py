"""Slots (issue 19, item 2): one address that posts offers and never completes ICE must not hold every
session slot. It is capped per address, its unconnected offers give their slot back after
``ice_timeout_s``, and after ``unconnected_offers_per_client`` of them it is refused for a while;
everyone else keeps connecting. The attacker's requests come from 127.0.0.2, the real user from
127.0.0.1 (both loopback)."""

from __future__ import annotations

import aiohttp

from benchmarks.webrtc_client import AvatarPeer

from .conftest import eventually, request, server_session_count
from .hostile import offer_pc

ATTACKER = ("127.0.0.2", 0)


async def _offer_and_vanish(http: aiohttp.ClientSession, url: str) -> tuple[int, dict, dict]:
    """Post a real offer and never connect (a client behind a NAT it cannot cross, or an attacker)."""
    pc = await offer_pc()
    try:
        return await request(http, "POST", url + "/api/offer", json={"sdp": pc.localDescription.sdp, "type": "offer"})
    finally:
        await pc.close()


async def test_one_address_that_never_connects_cannot_hold_every_slot(spawn_server, openapi):
    server = spawn_server(max_sessions=3, ice_timeout_s=1.0)  # default: 2 per address, 3 failures per 5 min
    user_peers: list[AvatarPeer] = []
    connector = aiohttp.TCPConnector(local_addr=ATTACKER, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as attacker:
        try:
            for _ in range(2):
                status, body, _ = await _offer_and_vanish(attacker, server.url)
                assert status == 200, body
            status, body, headers = await _offer_and_vanish(attacker, server.url)
            assert status == 429 and body["error"]["code"] == "too_many_sessions", body
            assert int(headers["Retry-After"]) > 0
            openapi.check("post", "/api/offer", status, headers, body)
            user = AvatarPeer()  # a slot is left for everyone else
            user_peers.append(user)
            await user.connect(server.url)
            # the unconnected offers give their slots back quickly...
            await eventually(lambda: server_session_count(server) == 1, 6, what="unconnected slots released")
            status, body, _ = await _offer_and_vanish(attacker, server.url)
            assert status == 200, body
            await eventually(lambda: server_session_count(server) == 1, 6, what="released again")
            # ...and count against their sender: the third failure closes the door for a while
            status, body, headers = await _offer_and_vanish(attacker, server.url)
            assert status == 429 and body["error"]["code"] == "unconnected_offers", body
            assert 60 < int(headers["Retry-After"]) <= 301
            openapi.check("post", "/api/offer", status, headers, body)
            second = AvatarPeer()
            user_peers.append(second)
            await second.connect(server.url)  # the real user is never refused
            assert server_session_count(server) == 2
        finally:
            for peer in user_peers:
                await peer.close()


async def test_the_cap_per_address_can_be_lifted(spawn_server):
    server = spawn_server(max_sessions=3, max_sessions_per_client=0, ice_timeout_s=30.0)
    async with aiohttp.ClientSession() as http:
        ids = []
        for _ in range(3):
            status, body, _ = await _offer_and_vanish(http, server.url)
            assert status == 200, body
            ids.append(body["session_id"])
        for sid in ids:
            status, _, _ = await request(http, "DELETE", f"{server.url}/api/sessions/{sid}")
            assert status == 200
