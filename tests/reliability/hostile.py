"""Helpers for the hostile-network tests: raw HTTP over a socket (split, trickled, malformed), raw
data-channel sends that no well-behaved client would make, and real aiortc offers."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiortc import RTCPeerConnection
from aiortc.rtcsctptransport import WEBRTC_BINARY_EMPTY, WEBRTC_STRING, WEBRTC_STRING_EMPTY


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


async def raw_exchange(url: str, parts: list[bytes], pause: float = 0.0, timeout: float = 15.0,
                       local_addr: tuple[str, int] | None = None) -> RawResponse:  # fmt: skip
    """Send ``parts`` as separate writes (``pause`` seconds apart), then read the whole response."""
    host, port = host_port(url)
    reader, writer = await asyncio.open_connection(host, port, local_addr=local_addr)
    try:
        for i, part in enumerate(parts):
            if i and pause:
                await asyncio.sleep(pause)
            writer.write(part)
            await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)  # the server closes (Connection: close)
    finally:
        writer.close()
    return parse_response(raw)


def parse_response(raw: bytes) -> RawResponse:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = _unchunk(body)
    return RawResponse(status, headers, body)


def _unchunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return out


def post_head(path: str, body_length: int | None, content_type: str = "application/json", extra: str = "") -> bytes:
    length = f"Content-Length: {body_length}\r\n" if body_length is not None else ""
    return (f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: {content_type}\r\n{length}{extra}"
            "Connection: close\r\n\r\n").encode()  # fmt: skip


async def seconds_until_closed(url: str, parts: list[bytes], pause: float, limit: float) -> float:
    """Send ``parts`` slowly; seconds until the server closes the connection (``limit`` + 1 if it never does)."""
    host, port = host_port(url)
    reader, writer = await asyncio.open_connection(host, port)
    t0 = time.monotonic()

    async def trickle() -> None:
        for part in parts:
            writer.write(part)
            await writer.drain()
            await asyncio.sleep(pause)

    sender = asyncio.ensure_future(trickle())
    try:
        await asyncio.wait_for(reader.read(), limit)
        return time.monotonic() - t0
    except TimeoutError:
        return limit + 1
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
        writer.close()


async def offer_pc(audio: int = 1, video: bool = True, channel: bool = True) -> RTCPeerConnection:
    pc = RTCPeerConnection()
    for _ in range(audio):
        pc.addTransceiver("audio", direction="sendrecv")
    if video:
        pc.addTransceiver("video", direction="recvonly")
    if channel:
        pc.createDataChannel("events")
    await pc.setLocalDescription(await pc.createOffer())
    return pc


async def raw_send(channel, payload: bytes, pp_id: int = WEBRTC_STRING) -> None:
    """Send ``payload`` on ``channel`` as aiortc would, minus its checks (size, valid UTF-8).

    An empty message travels as the WebRTC "empty string" kind (an SCTP DATA chunk may not be empty:
    the receiver drops the packet, and the client's ordered stream would wait for it forever).
    """
    if not payload:
        payload, pp_id = b"\x00", WEBRTC_STRING_EMPTY if pp_id == WEBRTC_STRING else WEBRTC_BINARY_EMPTY
    sctp = channel.transport
    sctp._data_channel_queue.append((channel, pp_id, payload))  # noqa: SLF001 - a hostile client
    await sctp._data_channel_flush()  # noqa: SLF001


async def connect_peer(peer, url: str, extra: dict | None = None, headers: dict | None = None,
                       timeout: float = 20.0) -> dict:  # fmt: skip
    """Like ``AvatarPeer.connect``, with extra offer fields (``session_id``, ``resume_token``); returns the answer."""
    import aiohttp
    from aiortc import RTCSessionDescription

    peer.base_url = url.rstrip("/")
    peer.pc.addTransceiver(peer.mic, direction="sendrecv")
    peer.pc.addTransceiver("video", direction="recvonly")
    peer._channel = peer.pc.createDataChannel("events", ordered=True)  # noqa: SLF001 - AvatarPeer's own wiring
    peer._channel.on("message", peer._on_message)  # noqa: SLF001
    connected = asyncio.Event()
    peer.pc.on("connectionstatechange", lambda: connected.set() if peer.pc.connectionState == "connected" else None)
    await peer.pc.setLocalDescription(await peer.pc.createOffer())
    body = {"sdp": peer.pc.localDescription.sdp, "type": "offer", **(extra or {})}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{peer.base_url}/api/offer", json=body, headers=headers or {}) as resp:
            answer = await resp.json()
            if resp.status != 200:
                raise RuntimeError(f"offer refused: {resp.status} {answer}")
    peer.session_id = answer["session_id"]
    await peer.pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    await asyncio.wait_for(connected.wait(), timeout)
    return answer
