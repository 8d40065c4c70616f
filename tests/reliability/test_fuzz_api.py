"""Property-based fuzzing of the signaling API: ≥ 1,000 generated requests, zero 5xx, every response as
``server/openapi.yaml`` documents it, the server healthy afterwards.

Offers are mutations of a real aiortc offer (truncated, lines dropped, duplicated, garbled, the audio
section removed), mixed with garbage bodies, wrong content types and methods, odd session ids and
oversized bodies. Most fail validation before a peer connection exists; an offer that does start a
session is hung up at once, and the test checks that none is left.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import quote

import aiohttp
from aiortc import RTCPeerConnection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .conftest import request

MIN_REQUESTS = 1000
METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"]
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/sdp+json",
    "application/sdp",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    None,
]


async def real_offer_sdp() -> str:
    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="sendrecv")
    pc.addTransceiver("video", direction="recvonly")
    pc.createDataChannel("events")
    await pc.setLocalDescription(await pc.createOffer())
    sdp = pc.localDescription.sdp
    await pc.close()
    return sdp


def mutated_sdp(base: str) -> st.SearchStrategy[str]:
    lines = base.split("\r\n")

    @st.composite
    def mutate(draw) -> str:
        out = list(lines)
        for _ in range(draw(st.integers(1, 3))):
            op = draw(st.sampled_from(["truncate", "drop", "dup", "garble", "no_audio", "swap", "crlf", "ufrag"]))
            if op == "truncate":
                text = "\r\n".join(out)
                out = text[: draw(st.integers(0, len(text)))].split("\r\n")
            elif op == "drop" and out:
                del out[draw(st.integers(0, len(out) - 1))]
            elif op == "dup" and out:
                i = draw(st.integers(0, len(out) - 1))
                out.insert(i, out[i])
            elif op == "garble" and out:
                i = draw(st.integers(0, len(out) - 1))
                out[i] = draw(st.sampled_from(["a=", "m=audio", "c=IN", "a=rtpmap:", ""])) + draw(st.text(max_size=20))
            elif op == "no_audio":
                out = [line.replace("m=audio", "m=text") for line in out]
            elif op == "swap" and len(out) > 1:
                i, j = draw(st.integers(0, len(out) - 1)), draw(st.integers(0, len(out) - 1))
                out[i], out[j] = out[j], out[i]
            elif op == "crlf":
                return "\n".join(out)
            elif op == "ufrag":
                out = [
                    "a=ice-ufrag:" + draw(st.text("abcdefXYZ019+/", min_size=0, max_size=8))
                    if line.startswith("a=ice-ufrag:") else line
                    for line in out
                ]  # fmt: skip
        return "\r\n".join(out)

    return mutate()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=10,
)
SESSION_IDS = st.one_of(
    st.text("abcXYZ0189_-", min_size=1, max_size=24),
    st.text(max_size=80),
    st.integers(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


def offer_bodies(base: str) -> st.SearchStrategy[bytes]:
    offer_dict = st.fixed_dictionaries(
        {"sdp": st.one_of(mutated_sdp(base), mutated_sdp(base), st.just(base), st.text(max_size=50), st.integers(), st.none()),
         "type": st.sampled_from(["offer", "offer", "answer", "pranswer", "", None, 1])},
        optional={"session_id": SESSION_IDS, "extra": JSON},
    )  # fmt: skip
    as_json = offer_dict.map(lambda d: json.dumps(d).encode())
    return st.one_of(
        as_json,
        as_json,
        as_json,
        JSON.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        mutated_sdp(base).map(str.encode),  # a raw SDP instead of JSON
        st.integers(65_000, 70_000).map(lambda n: b'{"sdp": "' + b"v" * n + b'", "type": "offer"}'),
        st.just(b""),
    )


def path_strategy() -> st.SearchStrategy[str]:
    ids = st.text(min_size=1, max_size=30).filter(lambda s: s not in (".", "..") and "/" not in s).map(
        lambda s: quote(s, safe="")
    )
    return st.one_of(
        st.sampled_from(["/api/offer", "/api/config", "/healthz", "/api/openapi.yaml", "/api/nope", "/api/sessions"]),
        ids.map(lambda s: f"/api/sessions/{s}"),
    )


def requests_strategy(base: str):
    """Three in four requests are offers (POST /api/offer); the rest any method on any path."""
    content_type = st.sampled_from(CONTENT_TYPES[:3] * 4 + CONTENT_TYPES)
    auth = st.sampled_from([None, None, None, "Bearer nonsense", "Basic Zm9vOmJhcg==", "Bearer a.b"])
    offers = st.tuples(st.just("POST"), st.just("/api/offer"), content_type, offer_bodies(base), auth)
    others = st.tuples(st.sampled_from(METHODS), path_strategy(), content_type, offer_bodies(base), auth)
    return st.one_of(offers, offers, offers, others)


def test_fuzzed_requests_never_get_a_5xx(spawn_server, openapi):
    server = spawn_server(offers_per_minute=1_000_000, max_sessions=4, ice_timeout_s=5.0)
    loop = asyncio.new_event_loop()
    http = loop.run_until_complete(_client())
    base = loop.run_until_complete(real_offer_sdp())
    seen: dict[int, int] = {}
    created: list[str] = []

    async def send(method: str, path: str, ctype: str | None, body: bytes, auth: str | None) -> None:
        headers = {k: v for k, v in (("Content-Type", ctype), ("Authorization", auth)) if v is not None}
        data = body if method in ("POST", "PUT", "PATCH", "DELETE") else None
        status, answer, resp_headers = await request(http, method, server.url + path, data=data, headers=headers)
        seen[status] = seen.get(status, 0) + 1
        assert status < 500, f"{method} {path} -> {status} {answer}"
        openapi.check(method, path, status, resp_headers, answer)
        if status == 200 and method == "POST" and path == "/api/offer":  # a session really started: hang up
            created.append(answer["session_id"])
            status, _, _ = await request(http, "DELETE", f"{server.url}/api/sessions/{answer['session_id']}")
            assert status == 200

    @settings(
        max_examples=MIN_REQUESTS + 50,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )
    @given(requests_strategy(base))
    def fuzz(req) -> None:
        loop.run_until_complete(send(*req))

    t0 = time.monotonic()
    try:
        fuzz()
        total = sum(seen.values())
        print(f"\n{total} requests in {time.monotonic() - t0:.1f} s; statuses {dict(sorted(seen.items()))}; "
              f"{len(created)} sessions started and hung up")
        assert total >= MIN_REQUESTS
        assert len([s for s in seen if 400 <= s < 500]) >= 5  # the generator reaches many error paths

        async def healthy() -> dict:
            for _ in range(50):
                status, body, _ = await request(http, "GET", server.url + "/healthz")
                assert status == 200 and body["status"] == "ok"
                if body["sessions"] == 0:
                    return body
                await asyncio.sleep(0.2)
            raise AssertionError(f"sessions left after fuzzing: {body}")

        loop.run_until_complete(healthy())
    finally:
        loop.run_until_complete(http.close())
        loop.close()


async def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=4), auto_decompress=False)
