"""Access: signed session tokens, the CORS allow-list, security headers, the served OpenAPI document, and
the bad-input cases that need a live peer (repeated offers, reused and malformed session ids)."""

from __future__ import annotations

import aiohttp
import yaml
from aiortc import RTCPeerConnection

from benchmarks.webrtc_client import AvatarPeer
from server.security import make_token

from .conftest import request

SECRET = "test-secret-0123456789"
ALLOWED = "https://senior.example.org"


async def offer_sdp() -> tuple[RTCPeerConnection, str]:
    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="sendrecv")
    pc.addTransceiver("video", direction="recvonly")
    await pc.setLocalDescription(await pc.createOffer())
    return pc, pc.localDescription.sdp


async def test_offer_needs_a_valid_token_when_a_secret_is_configured(spawn_server, openapi):
    server = spawn_server(auth_secret=SECRET)
    pc, sdp = await offer_sdp()
    try:
        async with aiohttp.ClientSession() as http:
            cases = {
                "missing": {},
                "not bearer": {"Authorization": "Basic " + make_token(SECRET)},
                "forged": {"Authorization": "Bearer " + make_token("another-secret")},
                "garbage": {"Authorization": "Bearer not.a.token"},
                "expired": {"Authorization": "Bearer " + make_token(SECRET, ttl_s=-5)},
                "tampered": {"Authorization": "Bearer x" + make_token(SECRET)[1:]},
            }
            for name, headers in cases.items():
                status, body, resp_headers = await request(
                    http, "POST", server.url + "/api/offer", json={"sdp": sdp, "type": "offer"}, headers=headers
                )
                assert status == 401, (name, body)
                assert resp_headers["WWW-Authenticate"].startswith("Bearer")
                openapi.check("post", "/api/offer", status, resp_headers, body)
            # the rest of the API stays open: the page loads and can read its settings
            status, _, _ = await request(http, "GET", server.url + "/api/config")
            assert status == 200
    finally:
        await pc.close()
    peer = AvatarPeer()
    try:
        await peer.connect(server.url, headers={"Authorization": "Bearer " + make_token(SECRET, ttl_s=60)})
        await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
    finally:
        await peer.close()


async def test_cors_allow_list(spawn_server, openapi):
    server = spawn_server(cors_origins=[ALLOWED])
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, authorization"}
    async with aiohttp.ClientSession() as http:
        status, body, headers = await request(
            http, "OPTIONS", server.url + "/api/offer", headers={"Origin": ALLOWED, **preflight}
        )
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == ALLOWED
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "authorization" in headers["Access-Control-Allow-Headers"].lower()
        assert "Origin" in headers["Vary"]
        openapi.check("options", "/api/offer", status, headers, body)

        status, _, headers = await request(
            http, "OPTIONS", server.url + "/api/offer", headers={"Origin": "https://evil.example.com", **preflight}
        )
        assert "Access-Control-Allow-Origin" not in headers  # the browser refuses the cross-origin call

        status, _, headers = await request(http, "GET", server.url + "/api/config", headers={"Origin": ALLOWED})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == ALLOWED
        status, _, headers = await request(http, "GET", server.url + "/api/config", headers={"Origin": "null"})
        assert "Access-Control-Allow-Origin" not in headers
        # an error response carries the CORS headers too, so the embedding page can read the message
        status, body, headers = await request(
            http, "POST", server.url + "/api/offer", json={"sdp": "x", "type": "offer"}, headers={"Origin": ALLOWED}
        )
        assert status == 400 and headers["Access-Control-Allow-Origin"] == ALLOWED


async def test_default_server_sends_no_cors_and_pages_get_security_headers(live_server):
    async with aiohttp.ClientSession() as http:
        status, _, headers = await request(http, "GET", live_server.url + "/api/config", headers={"Origin": ALLOWED})
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        status, page, headers = await request(http, "GET", live_server.url + "/")
        assert status == 200 and "<html" in page.lower()
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "microphone=(self)" in headers["Permissions-Policy"]
        assert "frame-ancestors" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        status, _, headers = await request(http, "GET", live_server.url + "/healthz")
        assert headers["X-Content-Type-Options"] == "nosniff"


async def test_openapi_document_is_served_and_valid(live_server, openapi):
    async with aiohttp.ClientSession() as http:
        status, text, headers = await request(http, "GET", live_server.url + "/api/openapi.yaml")
    assert status == 200 and headers["Content-Type"].startswith("application/yaml")
    served = yaml.safe_load(text)
    assert served == openapi.spec
    assert served["openapi"].startswith("3.1")
    documented = {(path, method) for path, item in served["paths"].items() for method in item if method != "parameters"}
    assert {("/api/offer", "post"), ("/api/sessions/{session_id}", "delete"), ("/api/config", "get"),
            ("/healthz", "get")} <= documented  # fmt: skip
    offer = served["paths"]["/api/offer"]["post"]["responses"]
    assert {"200", "400", "401", "413", "415", "429", "503"} <= set(offer)
    openapi.check("get", "/api/openapi.yaml", status, headers, text)


async def test_repeated_offer_and_session_ids(live_server, openapi):
    peer = AvatarPeer()
    await peer.connect(live_server.url)
    try:
        async with aiohttp.ClientSession() as http:
            offer = {"sdp": peer.pc.localDescription.sdp, "type": "offer"}
            status, body, headers = await request(http, "POST", live_server.url + "/api/offer", json=offer)
            assert status == 409 and body["error"]["code"] == "duplicate_offer"  # the same offer again
            openapi.check("post", "/api/offer", status, headers, body)
            for bad_id in ["../../etc/passwd", "x" * 200, "", "a b"]:
                status, body, headers = await request(
                    http, "POST", live_server.url + "/api/offer", json={**offer, "session_id": bad_id}
                )
                assert status == 400 and body["error"]["code"] == "invalid_session_id", bad_id
                openapi.check("post", "/api/offer", status, headers, body)
            sid = peer.session_id
            status, body, headers = await request(http, "DELETE", f"{live_server.url}/api/sessions/{sid}")
            assert status == 200 and body == {"session_id": sid, "status": "closed"}
            openapi.check("delete", f"/api/sessions/{sid}", status, headers, body)
            status, body, headers = await request(http, "DELETE", f"{live_server.url}/api/sessions/{sid}")
            assert status == 404  # a reused id is refused
            openapi.check("delete", f"/api/sessions/{sid}", status, headers, body)
            status, body, _ = await request(http, "GET", live_server.url + "/healthz")
            assert status == 200 and body["status"] == "ok"
    finally:
        await peer.close(hang_up=False)
