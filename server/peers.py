"""Peer connections and their sessions: creation from an offer, limits, timeouts, teardown.

Every session is owned here: one ``RTCPeerConnection`` + one ``streaming.session.Session`` + a
watchdog task. Whatever ends it (DELETE, ICE failure, ICE connect timeout, idle timeout, server
shutdown) goes through ``close_session`` so nothing is left behind.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass, field

from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc import sdp as aiortc_sdp

from server.config import Config
from server.conversation_log import open_conversation_log
from server.memory import release_memory_soon
from server.protocol import validate_client_message
from streaming.session import Engines, Session, SessionOptions

log = logging.getLogger(__name__)


class OfferError(Exception):
    """An offer the server refuses; ``status`` and ``code`` become the HTTP error."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


@dataclass
class PeerSession:
    id: str
    pc: RTCPeerConnection
    session: Session
    client: str
    created: float = field(default_factory=time.monotonic)
    connected: bool = False
    channel: object | None = None
    pending: list[str] = field(default_factory=list)
    watchdog: asyncio.Task | None = None
    offer_key: str = ""  # ICE ufrag + DTLS fingerprint of the offer: the same offer twice is refused


_M_LINE = re.compile(r"^m=(audio|video|application) ", re.MULTILINE)
_OFFER_KEY = re.compile(r"^a=(?:ice-ufrag|fingerprint):(.+?)\s*$", re.MULTILINE)


def offer_key(sdp: str) -> str:
    return "|".join(_OFFER_KEY.findall(sdp))


def check_offer_sdp(sdp: str) -> None:
    if not sdp.startswith("v=0"):
        raise OfferError(400, "invalid_sdp", "SDP must start with 'v=0'")
    kinds = _M_LINE.findall(sdp)
    if not kinds:
        raise OfferError(400, "invalid_sdp", "SDP has no media sections")
    if "audio" not in kinds:
        raise OfferError(400, "no_audio", "the offer has no audio track: the avatar needs the microphone")
    try:
        # aiortc's own parser, run here so that any way it fails is a 400: on an a=rtcp-fb or a=fmtp
        # line for a payload type with no a=rtpmap it raises StopIteration, which inside
        # setRemoteDescription surfaces as a RuntimeError
        aiortc_sdp.SessionDescription.parse(sdp)
    except Exception as exc:  # noqa: BLE001 - whatever the parser raises, the offer is malformed
        raise OfferError(400, "invalid_sdp", f"could not parse the offer: {type(exc).__name__} {exc}".strip()) from exc


class SessionManager:
    def __init__(self, config: Config, engines: Engines, options: SessionOptions) -> None:
        self.config = config
        self.engines = engines
        self.options = options
        self.sessions: dict[str, PeerSession] = {}
        self._closing: set[asyncio.Task] = set()
        self._ended: dict[str, tuple[float, object]] = {}  # session id -> (ended at, conversation) for resume
        self._reserved = 0
        self.conversation_log = open_conversation_log(config.privacy)  # None unless the deployer opted in

    @property
    def active(self) -> int:
        return len(self.sessions) + self._reserved

    def _ice_servers(self) -> list[RTCIceServer]:
        servers = []
        for entry in self.config.ice_servers:
            servers.append(
                RTCIceServer(urls=entry["urls"], username=entry.get("username"), credential=entry.get("credential"))
            )
        return servers

    async def create(self, sdp: str, client: str, resume_id: str | None = None) -> tuple[str, RTCSessionDescription]:
        check_offer_sdp(sdp)
        key = offer_key(sdp)
        if key and any(p.offer_key == key for p in self.sessions.values()):
            raise OfferError(409, "duplicate_offer", "this offer already started a session; create a new offer")
        if self.active >= self.config.max_sessions:
            raise OfferError(503, "busy", "지금은 이용하시는 분이 많아요. 잠시 뒤에 다시 눌러 주세요.", retry_after=15)
        self._reserved += 1
        try:
            return await self._create(sdp, client, resume_id)
        finally:
            self._reserved -= 1

    async def _create(self, sdp: str, client: str, resume_id: str | None) -> tuple[str, RTCSessionDescription]:
        session_id = secrets.token_urlsafe(16)
        pc = RTCPeerConnection(RTCConfiguration(iceServers=self._ice_servers()))
        conversation = self._take_conversation(resume_id)
        peer: PeerSession | None = None
        try:
            session = Session(session_id, self.engines, send=lambda ev: None, options=self.options, conversation=conversation)
            peer = PeerSession(session_id, pc, session, client, offer_key=offer_key(sdp))
            session._send = lambda event, p=peer: self._send(p, event)  # noqa: SLF001 - wiring the sink
            self._wire(peer)
            try:
                await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
                pc.addTrack(session.audio)
                if "video" in _M_LINE.findall(sdp):  # a track the offer has no section for breaks the answer
                    pc.addTrack(session.video)
                answer = await pc.createAnswer()
                await pc.setLocalDescription(answer)
            except (ValueError, KeyError, IndexError, TypeError, AssertionError, AttributeError) as exc:
                raise OfferError(400, "invalid_sdp", f"could not negotiate the offer: {exc}") from exc
        except BaseException:
            if peer is not None:
                await peer.session.close()
            await _close_after_failed_offer(pc)
            raise
        self.sessions[session_id] = peer
        hello: dict = {"type": "session", "session_id": session_id, "resumed": conversation is not None}
        mouth_box = getattr(self.engines.renderer, "mouth_box", None)
        if mouth_box is not None:
            hello["mouth_box"] = [int(v) for v in mouth_box]  # lets benchmarks measure lip sync at the client
        self._send(peer, hello)
        session.start()
        peer.watchdog = asyncio.get_running_loop().create_task(self._watch(peer), name=f"{session_id[:8]}:watchdog")
        log.info("[%s] session created for %s (%d active)%s", session_id, client, len(self.sessions),
                 " resuming a conversation" if conversation is not None else "")
        return session_id, pc.localDescription

    def _take_conversation(self, resume_id: str | None) -> object | None:
        now = time.monotonic()
        for sid in [s for s, (t, _) in self._ended.items() if now - t > 600]:
            del self._ended[sid]
        if not resume_id:
            return None
        if resume_id in self.sessions:
            peer = self.sessions[resume_id]
            self._spawn_close(resume_id, "replaced by a reconnect")
            return peer.session.conversation
        item = self._ended.pop(resume_id, None)
        return item[1] if item else None

    def _wire(self, peer: PeerSession) -> None:
        pc, session = peer.pc, peer.session

        @pc.on("track")
        def on_track(track) -> None:
            if track.kind == "audio":
                release_audio_at_once(pc, track)
                session.attach_input(track)

        @pc.on("datachannel")
        def on_datachannel(channel) -> None:
            peer.channel = channel

            @channel.on("open")
            def on_open() -> None:
                self._flush(peer)

            @channel.on("message")
            def on_message(message) -> None:
                self._on_client_message(peer, message)

            if channel.readyState == "open":
                self._flush(peer)

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            state = pc.connectionState
            log.info("[%s] connection %s", peer.id, state)
            if state == "connected":
                peer.connected = True
            elif state in ("failed", "closed"):
                self._spawn_close(peer.id, f"connection {state}")

    def _on_client_message(self, peer: PeerSession, message) -> None:
        try:
            msg = json.loads(message) if isinstance(message, str) else None
            error = validate_client_message(msg)
        except json.JSONDecodeError:
            error = "not JSON"
        if error:
            self._send(peer, {"type": "error", "code": "bad_message", "message": f"이해하지 못한 요청이에요. ({error})"})
            return
        peer.session.handle_client_message(msg)

    def _send(self, peer: PeerSession, event: dict) -> None:
        if self.conversation_log is not None:
            self.conversation_log.observe(peer.id, event)
        data = json.dumps(event, ensure_ascii=False)
        channel = peer.channel
        if channel is not None and getattr(channel, "readyState", "") == "open":
            self._flush(peer)
            channel.send(data)
        else:
            peer.pending.append(data)
            del peer.pending[:-50]

    def _flush(self, peer: PeerSession) -> None:
        channel = peer.channel
        while peer.pending and channel is not None and channel.readyState == "open":
            channel.send(peer.pending.pop(0))

    async def _watch(self, peer: PeerSession) -> None:
        cfg = self.config
        while peer.id in self.sessions:
            await asyncio.sleep(1.0)
            now = time.monotonic()
            if not peer.connected and now - peer.created > cfg.ice_timeout_s:
                self._spawn_close(peer.id, "ICE connect timeout")
                return
            if peer.pc.connectionState == "disconnected" and now - peer.session.last_activity > 15:
                self._spawn_close(peer.id, "peer vanished")
                return
            if now - max(peer.session.last_activity, peer.created) > cfg.idle_timeout_s:
                self._spawn_close(peer.id, "idle timeout")
                return

    def _spawn_close(self, session_id: str, reason: str) -> None:
        task = asyncio.get_running_loop().create_task(self.close_session(session_id, reason))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def close_session(self, session_id: str, reason: str = "closed") -> bool:
        peer = self.sessions.pop(session_id, None)
        if peer is None:
            return False
        log.info("[%s] closing: %s", session_id, reason)
        self._ended[session_id] = (time.monotonic(), peer.session.conversation)
        if peer.watchdog is not None and peer.watchdog is not asyncio.current_task():
            peer.watchdog.cancel()
            await asyncio.gather(peer.watchdog, return_exceptions=True)
        await peer.session.close()
        await peer.pc.close()
        release_memory_soon()
        return True

    async def close_all(self) -> None:
        await asyncio.gather(*(self.close_session(sid, "server shutdown") for sid in list(self.sessions)))
        await asyncio.gather(*self._closing, return_exceptions=True)
        if self.conversation_log is not None:
            self.conversation_log.close()


async def _close_after_failed_offer(pc: RTCPeerConnection) -> None:
    """Close a peer whose negotiation failed. aiortc's ``close`` can itself fail half-way on such a
    peer (an SCTP transport that never got its DTLS transport: found by the API fuzz test); that
    must not turn the client's 400 into a 500."""
    try:
        await pc.close()
    except Exception:  # noqa: BLE001 - the original error is what the client must see
        log.warning("closing a peer after a failed offer failed", exc_info=True)


MIC_PREFETCH = 1  # packets the microphone's jitter buffer holds back (aiortc's default is 4: 80 ms)


def release_audio_at_once(pc, track) -> bool:
    """Let the microphone's packets through as soon as they are in order.

    aiortc holds 4 audio packets (80 ms) back to smooth playout, but this audio feeds the voice
    detector and speech recognition, which need no smoothing: the 60 ms saved come straight off the
    reply latency. Lost or reordered packets are still handled by the buffer as before. aiortc has
    no public setting for this (pinned 1.16; ``tests/server`` checks the attribute still exists).
    """
    from aiortc.jitterbuffer import JitterBuffer

    for receiver in pc.getReceivers():
        if receiver.track is track and hasattr(receiver, "_RTCRtpReceiver__jitter_buffer"):
            old = receiver._RTCRtpReceiver__jitter_buffer
            receiver._RTCRtpReceiver__jitter_buffer = JitterBuffer(capacity=old.capacity, prefetch=MIC_PREFETCH)
            return True
    log.warning("could not shorten the microphone jitter buffer (aiortc internals changed?)")
    return False
