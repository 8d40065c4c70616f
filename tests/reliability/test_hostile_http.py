"""Hostile and unlucky HTTP (issue 19, items 1, 3, 8, 9, 12): bodies split over TCP segments, parse bombs,
slow and idle connections, private files in the web root, requests aiohttp's parser refuses.

Everything goes over raw sockets to a real server, so the bytes arrive exactly as written.
"""

from __future__ import annotations

import asyncio
import json
import logging

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import eventually, request, server_session_count
from .hostile import offer_pc, post_head, raw_exchange, seconds_until_closed


def _errors(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


async def _hang_up(url: str, session_id: str) -> None:
    async with aiohttp.ClientSession() as http:
        status, _, _ = await request(http, "DELETE", f"{url}/api/sessions/{session_id}")
        assert status == 200


# ---- item 1: a body that arrives in several TCP reads ---------------------------------------------
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_offer_split_over_several_tcp_segments_is_accepted(spawn_server, chunked):
    server = spawn_server()
    pc = await offer_pc()
    try:
        body = json.dumps({"sdp": pc.localDescription.sdp, "type": "offer"}).encode()
        pieces = [body[:40], body[40:700], body[700:]]
        if chunked:
            head = post_head("/api/offer", None, extra="Transfer-Encoding: chunked\r\n")
            parts = [head] + [b"%x\r\n%s\r\n" % (len(p), p) for p in pieces] + [b"0\r\n\r\n"]
        else:
            parts = [post_head("/api/offer", len(body)) + pieces[0], pieces[1], pieces[2]]
        response = await raw_exchange(server.url, parts, pause=0.15)
        assert response.status == 200, response.body[:300]
        answer = response.json()
        assert answer["type"] == "answer" and answer["sdp"].startswith("v=0")
        await _hang_up(server.url, answer["session_id"])
    finally:
        await pc.close()


# ---- item 3: parse bombs in the offer body --------------------------------------------------------
BOMBS = {
    "nested 32k deep": b"[" * 32_000 + b"]" * 32_000,
    "object nested deep": b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    "5,000-digit integer": b'{"sdp": "v=0", "type": "offer", "x": ' + b"9" * 5_000 + b"}",
    "NaN": b'{"sdp": "v=0", "type": "offer", "x": NaN}',
    "1e400": b'{"sdp": "v=0", "type": "offer", "x": 1e400}',
    "invalid UTF-8": b'{"sdp": "\xff\xfe", "type": "offer"}',
}


@pytest.mark.parametrize("name", list(BOMBS))
async def test_parse_bombs_are_a_400_without_a_traceback(live_server, openapi, caplog, name):
    caplog.set_level(logging.INFO)
    async with aiohttp.ClientSession() as http:
        status, body, headers = await request(
            http, "POST", live_server.url + "/api/offer", data=BOMBS[name], headers={"Content-Type": "application/json"}
        )
    assert status == 400 and body["error"]["code"] == "invalid_json", (status, body)
    assert len(body["error"]["message"]) < 200
    openapi.check("post", "/api/offer", status, headers, body)
    assert not _errors(caplog), [r.getMessage()[:200] for r in _errors(caplog)]


def test_front_parses_offers_with_the_same_guarded_parser():
    """The front (serve --workers) reads session_id from the body: the same bombs must not raise there."""
    from server.protocol import InvalidJson, parse_json

    for raw in BOMBS.values():
        with pytest.raises(InvalidJson):
            parse_json(raw)


# ---- item 8: idle, trickled and slow connections --------------------------------------------------
async def test_idle_and_trickling_connections_are_closed(spawn_server):
    server = spawn_server(http_idle_timeout_s=1.0, body_timeout_s=1.0)
    idle = await seconds_until_closed(server.url, [], pause=0.0, limit=6)
    head = b"GET /healthz HTTP/1.1\r\nHost: test\r\nX-Slow: " + b"a" * 40
    trickled = await seconds_until_closed(server.url, [head[i : i + 1] for i in range(len(head))], pause=0.2, limit=6)
    assert idle < 4, f"an idle connection stayed open {idle:.1f} s"
    assert trickled < 4, f"a connection trickling its headers stayed open {trickled:.1f} s"
    # a body that stops arriving gets a JSON 408 instead of holding the handler forever
    response = await raw_exchange(server.url, [post_head("/api/offer", 5_000) + b'{"sdp": "v=0'], timeout=8)
    assert response.status == 408 and response.json()["error"]["code"] == "request_timeout"
    async with aiohttp.ClientSession() as http:  # the server is fine afterwards
        status, body, _ = await request(http, "GET", server.url + "/healthz")
        assert status == 200 and body["status"] == "ok"


# ---- item 9: private files in the web root --------------------------------------------------------
PRIVATE = [
    "/node_modules/pkg/index.js",
    "/./node_modules/pkg/index.js",
    "/node_modules%2fpkg%2findex.js",
    "/node_modules%2Fpkg/index.js",
    "/%2e/node_modules/pkg/index.js",
    "/examples/../node_modules/pkg/index.js",
    "/examples/%2e%2e/node_modules/pkg/index.js",
    "/node_modules%252fpkg%252findex.js",
    "/package.json",
    "/package-lock.json",
    "/.env",
    "/examples/.secret",
]


async def test_private_files_in_the_web_root_are_never_served(spawn_server, tmp_path):
    root = tmp_path / "web"
    (root / "node_modules" / "pkg").mkdir(parents=True)
    (root / "examples").mkdir()
    (root / "index.html").write_text("<html>page</html>")
    (root / "app.js").write_text("// app")
    (root / "examples" / "demo.html").write_text("<html>demo</html>")
    (root / "examples" / ".secret").write_text("SECRET")
    (root / "node_modules" / "pkg" / "index.js").write_text("SECRET")
    (root / "package.json").write_text('{"name": "SECRET"}')
    (root / "package-lock.json").write_text('{"name": "SECRET"}')
    (root / ".env").write_text("SECRET")
    server = spawn_server(web_root=str(root))
    for path in ["/app.js", "/examples/demo.html", "/"]:
        response = await raw_exchange(server.url, [f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode()])
        assert response.status == 200, path
    for path in PRIVATE:
        response = await raw_exchange(server.url, [f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode()])
        assert response.status == 404 and b"SECRET" not in response.body, (path, response.status, response.body[:80])


# ---- item 12: requests the HTTP parser refuses ----------------------------------------------------
MALFORMED = {
    "bad method": b"G@T /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
    "URL over 8 KiB": b"GET /" + b"u" * 10_000 + b" HTTP/1.1\r\nHost: t\r\n\r\n",
    "header over 8 KiB": b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + b"h" * 10_000 + b"\r\n\r\n",
    "bad Content-Length": b"POST /api/offer HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n",
    "two Content-Lengths": b"POST /api/offer HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    "not HTTP": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40,
}


@pytest.mark.parametrize("name", list(MALFORMED))
async def test_requests_the_parser_refuses_get_json_and_no_traceback(live_server, caplog, name):
    caplog.set_level(logging.INFO)
    response = await raw_exchange(live_server.url, [MALFORMED[name]])
    assert 400 <= response.status < 500
    assert response.headers["content-type"].startswith("application/json"), response.headers
    error = response.json()["error"]
    assert error["code"] and error["message"]
    assert b"uuuuuuuu" not in response.body and b"hhhhhhhh" not in response.body  # the request is not echoed
    assert not _errors(caplog), [r.getMessage()[:200] for r in _errors(caplog)]
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("aiohttp"))


# ---- an HTTP fuzz with split bodies and slow clients ----------------------------------------------
@st.composite
def split_requests(draw, sdp: str):
    """(raw request bytes split into parts, pause between parts, whether the client gives up half-way)."""
    kind = draw(st.sampled_from(["offer", "offer", "garbage", "nested", "bigint", "short_length", "long_length"]))
    offer = {"sdp": sdp, "type": "offer"}
    if draw(st.booleans()):
        offer["session_id"] = draw(st.text("abcXYZ019_-", min_size=1, max_size=30))
    body = {
        "offer": json.dumps(offer).encode(),
        "garbage": draw(st.binary(max_size=300)),
        "nested": b"[" * draw(st.integers(900, 50_000)),
        "bigint": b'{"sdp": ' + b"7" * draw(st.integers(4_000, 20_000)) + b"}",
        "short_length": json.dumps(offer).encode(),
        "long_length": json.dumps(offer).encode(),
    }[kind]
    length = {"short_length": max(0, len(body) - 50), "long_length": len(body) + 50}.get(kind, len(body))
    data = post_head("/api/offer", length) + body
    cuts = sorted(draw(st.lists(st.integers(1, max(1, len(data) - 1)), max_size=4, unique=True)))
    parts = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True) if data[a:b]]
    pause = draw(st.sampled_from([0.0, 0.0, 0.01, 0.05]))
    abandon = draw(st.integers(0, 9)) == 0
    return parts, pause, abandon


def test_http_fuzz_with_split_bodies_and_slow_clients(spawn_server):
    server = spawn_server(offers_per_minute=1_000_000, max_sessions=4, max_sessions_per_client=0, body_timeout_s=4.0)  # generous: the point is split bodies, not speed (a loaded CI box)
    loop = asyncio.new_event_loop()
    pc = loop.run_until_complete(offer_pc())
    sdp = pc.localDescription.sdp
    statuses: dict[int, int] = {}

    async def one(parts: list[bytes], pause: float, abandon: bool) -> None:
        if abandon:  # the client goes away half-way through: never the whole request (a whole offer
            # from a client that left would hold a live session, and this one SDP, until it times out)
            data = b"".join(parts)
            await seconds_until_closed(server.url, [data[: len(data) // 2]], pause, limit=0.2)
            return
        response = await raw_exchange(server.url, parts, pause=pause, timeout=10)
        statuses[response.status] = statuses.get(response.status, 0) + 1
        assert response.status < 500, (response.status, response.body[:200])
        assert response.headers["content-type"].startswith("application/json")
        if response.status == 200:
            await _hang_up(server.url, response.json()["session_id"])

    @settings(max_examples=150, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(split_requests(sdp))
    def fuzz(case) -> None:
        loop.run_until_complete(one(*case))

    try:
        fuzz()
        assert statuses.get(200, 0) >= 3 and statuses.get(400, 0) >= 3, statuses  # split offers do get answered
        loop.run_until_complete(eventually(lambda: server_session_count(server) == 0, 10, what="no session left"))
    finally:
        loop.run_until_complete(pc.close())
        loop.close()
