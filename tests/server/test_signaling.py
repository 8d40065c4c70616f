"""Signaling API: contract and bad input (the server stays healthy for everyone else)."""

from __future__ import annotations

import aiohttp
import pytest

from benchmarks.webrtc_client import AvatarPeer


async def _request(method: str, url: str, **kwargs) -> tuple[int, dict, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.request(method, url, **kwargs) as resp:
            body = await resp.json(content_type=None) if resp.content_type == "application/json" else {}
            return resp.status, body, dict(resp.headers)


async def test_healthz_and_config(live_server):
    status, body, headers = await _request("GET", live_server.url + "/healthz")
    assert status == 200 and body["status"] == "ok"
    status, body, _ = await _request("GET", live_server.url + "/api/config")
    assert status == 200 and body["ice_servers"] == []


async def test_page_is_served_with_security_headers(live_server):
    async with aiohttp.ClientSession() as http:
        async with http.get(live_server.url + "/") as resp:
            text = await resp.text()
            assert resp.status == 200 and "<html" in text.lower()
            assert resp.headers["X-Content-Type-Options"] == "nosniff"
            assert "default-src 'self'" in resp.headers["Content-Security-Policy"]


BAD_OFFERS = [
    ("not json", {"data": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "invalid_json"),
    ("array", {"json": [1, 2]}, 400, "invalid_json"),
    ("missing sdp", {"json": {"type": "offer"}}, 400, "invalid_sdp"),
    ("wrong type", {"json": {"sdp": "v=0\r\n", "type": "answer"}}, 400, "invalid_type"),
    ("garbage sdp", {"json": {"sdp": "hello world", "type": "offer"}}, 400, "invalid_sdp"),
    (
        "truncated sdp",
        {"json": {"sdp": "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", "type": "offer"}},
        400,
        "invalid_sdp",
    ),
    ("wrong content type", {"data": b"sdp", "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
    ("too large", {"json": {"sdp": "v=0" + "x" * 70_000, "type": "offer"}}, 413, None),
]


@pytest.mark.parametrize(("name", "kwargs", "status", "code"), BAD_OFFERS, ids=[b[0] for b in BAD_OFFERS])
async def test_bad_offers_get_a_json_4xx(live_server, name, kwargs, status, code):
    got, body, _ = await _request("POST", live_server.url + "/api/offer", **kwargs)
    assert got == status, body
    assert "error" in body and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


async def test_offer_without_audio_is_refused(live_server):
    from aiortc import RTCPeerConnection

    pc = RTCPeerConnection()
    pc.addTransceiver("video", direction="recvonly")
    await pc.setLocalDescription(await pc.createOffer())
    status, body, _ = await _request(
        "POST", live_server.url + "/api/offer", json={"sdp": pc.localDescription.sdp, "type": "offer"}
    )
    await pc.close()
    assert status == 400 and body["error"]["code"] == "no_audio"


async def test_offer_with_an_attribute_for_an_unmapped_payload_type_is_a_400(live_server):
    """Found by the API fuzzer: aiortc's parser raises StopIteration on an a=rtcp-fb / a=fmtp line whose
    payload type has no a=rtpmap, which used to escape as a 500."""
    from aiortc import RTCPeerConnection

    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="sendrecv")
    await pc.setLocalDescription(await pc.createOffer())
    sdp = pc.localDescription.sdp.replace("a=rtpmap:96 opus/48000/2\r\n", "a=rtpmap:96 opus/48000/2\r\na=fmtp:77 x=1\r\n")
    await pc.close()
    assert "a=fmtp:77" in sdp
    status, body, _ = await _request("POST", live_server.url + "/api/offer", json={"sdp": sdp, "type": "offer"})
    assert status == 400 and body["error"]["code"] == "invalid_sdp", body


async def test_unknown_session_and_wrong_method(live_server):
    status, body, _ = await _request("DELETE", live_server.url + "/api/sessions/nope")
    assert status == 404 and body["error"]["code"] == "unknown_session"
    status, body, headers = await _request("GET", live_server.url + "/api/offer")
    assert status == 405 and "error" in body
    # a newline in the path (found by the API fuzzer) used to slip past the JSON catch-all to the
    # static route: a bare 405 / an empty octet-stream 404
    for method in ("GET", "POST"):
        status, body, _ = await _request(method, live_server.url + "/api/sessions/%0A%7B")
        assert status == 404 and body["error"]["code"] == "not_found", (method, body)


async def test_session_lifecycle_and_other_sessions_survive_bad_input(live_server):
    peer = AvatarPeer()
    await peer.connect(live_server.url)
    try:
        status, _, _ = await _request("POST", live_server.url + "/api/offer", json={"sdp": "garbage", "type": "offer"})
        assert status == 400
        await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
        frames_before = peer.received.video_frames
        import asyncio

        await asyncio.sleep(0.5)
        assert peer.received.video_frames > frames_before  # media still flowing
        status, body, _ = await _request("GET", live_server.url + "/healthz")
        assert body["sessions"] >= 1
    finally:
        sid = peer.session_id
        await peer.close()  # sends DELETE
    status, _, _ = await _request("DELETE", f"{live_server.url}/api/sessions/{sid}")
    assert status == 404  # already gone, and reusing the id is refused
