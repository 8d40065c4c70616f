"""Resume (issue 19, item 7): a session id is not a secret (it is in URLs and, shortened, in logs), so a
reconnect carries the conversation on only with the session's resume token, bound to the bearer
token's subject when tokens are on; a peer with someone else's id gets a fresh session and the other
call lives on. ``DELETE`` is authorised like the offer. Full ids and tokens never reach a log line."""

from __future__ import annotations

import logging

import aiohttp

from benchmarks.webrtc_client import AvatarPeer
from server.resume import log_id
from server.security import make_token

from .conftest import eventually, request, server_session_count
from .hostile import connect_peer

SECRET = "resume-test-secret-0123456789"


def _is(kind: str, **fields):
    return lambda e: e.get("type") == kind and all(e.get(k) == v for k, v in fields.items())


async def _hello(peer: AvatarPeer) -> dict:
    _, hello = await peer.wait_for(_is("session"), timeout=10)
    return hello


async def _answers(peer: AvatarPeer) -> None:
    after = len(peer.received.events)
    peer.send({"type": "ask", "text": "기초연금은 누가 받아요?"})
    _, reply = await peer.wait_for(_is("reply"), timeout=30, after=after)
    assert reply["intent"] != "apology"


async def test_someone_elses_session_id_gives_a_fresh_session_and_the_call_lives_on(spawn_server, caplog):
    caplog.set_level(logging.DEBUG)
    server = spawn_server(max_sessions=4)
    victim, attacker, intruder = AvatarPeer(), AvatarPeer(), AvatarPeer()
    try:
        answer = await connect_peer(victim, server.url)
        assert len(answer["resume_token"]) >= 16
        await _hello(victim)
        await _answers(victim)
        # the id alone (as an old client sends it, or as read from a log or URL) resumes nothing
        stolen = await connect_peer(attacker, server.url, {"session_id": victim.session_id})
        assert stolen["session_id"] != victim.session_id
        assert (await _hello(attacker))["resumed"] is False
        # nor does a guessed token
        guessed = await connect_peer(intruder, server.url, {"session_id": victim.session_id, "resume_token": "A" * 32})
        assert (await _hello(intruder))["resumed"] is False and guessed["session_id"] != victim.session_id
        assert server_session_count(server) == 3
        assert victim.pc.connectionState == "connected"
        await _answers(victim)  # the victim's call was not ended
    finally:
        for peer in (victim, attacker, intruder):
            await peer.close()
    messages = "\n".join(r.getMessage() for r in caplog.records)
    for peer_id in (victim.session_id, attacker.session_id):
        assert peer_id not in messages and f"[{log_id(peer_id)}]" in messages
    assert answer["resume_token"] not in messages


async def test_the_resume_token_carries_the_conversation_on_once(spawn_server):
    server = spawn_server(max_sessions=4)
    first, second, third = AvatarPeer(), AvatarPeer(), AvatarPeer()
    try:
        answer = await connect_peer(first, server.url)
        await _hello(first)
        resume = {"session_id": first.session_id, "resume_token": answer["resume_token"]}
        again = await connect_peer(second, server.url, resume)  # the page reconnects after a network drop
        assert (await _hello(second))["resumed"] is True
        assert again["resume_token"] != answer["resume_token"]
        await eventually(lambda: first.pc.connectionState in ("closed", "failed"), 15, what="the old call replaced")
        await _answers(second)
        await connect_peer(third, server.url, resume)  # the spent token resumes nothing
        assert (await _hello(third))["resumed"] is False
    finally:
        for peer in (first, second, third):
            await peer.close(hang_up=peer is not first)


async def test_with_tokens_on_resume_and_delete_need_the_same_subject(spawn_server, openapi):
    server = spawn_server(auth_secret=SECRET, max_sessions=4)
    alice = {"Authorization": "Bearer " + make_token(SECRET, 60, subject="alice")}
    mallory = {"Authorization": "Bearer " + make_token(SECRET, 60, subject="mallory")}
    victim, attacker = AvatarPeer(), AvatarPeer()
    try:
        answer = await connect_peer(victim, server.url, headers=alice)
        await _hello(victim)
        # mallory holds alice's id and resume token, but not her bearer token
        await connect_peer(attacker, server.url, {"session_id": victim.session_id,
                                                  "resume_token": answer["resume_token"]}, headers=mallory)  # fmt: skip
        assert (await _hello(attacker))["resumed"] is False
        url = f"{server.url}/api/sessions/{victim.session_id}"
        async with aiohttp.ClientSession() as http:
            status, body, headers = await request(http, "DELETE", url)
            assert status == 401  # DELETE is authorised like the offer
            openapi.check("delete", url.removeprefix(server.url), status, headers, body)
            status, body, _ = await request(http, "DELETE", url, headers=mallory)
            assert status == 404  # another subject cannot end the call
            assert victim.pc.connectionState == "connected"
            status, body, _ = await request(http, "DELETE", url, headers=alice)
            assert status == 200
    finally:
        await victim.close(hang_up=False)
        await attacker.close(hang_up=False)
