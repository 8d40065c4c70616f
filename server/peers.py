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

from server.channels import guard_receive, is_events_channel
from server.config import Config
from server.conversation_log import open_conversation_log
from server.headroom import Headroom
from server.limits import ClientSlots, MessageBudget
from server.memory import release_memory_soon
from server.protocol import brief, parse_client_message
from server.resume import ResumeTokens, log_id, token_digest
from server.shared_state import PortableResume, SharedState, export_state, import_state
from streaming.session import Engines, ResumeState, Session

log = logging.getLogger(__name__)

RESUME_WINDOW_S = 600  # how long an ended session's conversation can be resumed by a reconnect
VANISHED_PEER_S = 15  # a disconnected peer with no activity for this long is gone


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
    audio_attached: bool = False  # the first microphone track is read; any other is set inactive
    budget: MessageBudget | None = None  # set in _wire from the configured rate
    shared_mark: tuple | None = None  # what was last copied to the cluster's store (turns, rate)
    flood_noticed: float = float("-inf")


MAX_EVENT_BYTES = 60_000  # under the 64 KiB a data-channel message may have: a longer event is not sent
BAD_MESSAGE = "이해하지 못한 요청이에요."
BUSY = "지금은 이용하시는 분이 많아요. 잠시 뒤에 다시 눌러 주세요."
TOO_MANY_MESSAGES = "요청이 너무 잦아요. 잠시 뒤에 다시 해 주세요."

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
        parsed = aiortc_sdp.SessionDescription.parse(sdp)
    except Exception as exc:  # noqa: BLE001 - whatever the parser raises, the offer is malformed
        raise OfferError(400, "invalid_sdp", brief(f"could not parse the offer: {type(exc).__name__} {exc}")) from exc
    for media in parsed.media:
        # aiortc accepts these missing and then fails an assertion when DTLS starts, holding the slot
        if media.dtls is None or not media.dtls.fingerprints:
            raise OfferError(400, "invalid_sdp", "every media section needs a DTLS fingerprint (a=fingerprint)")
        if media.ice is None or not media.ice.usernameFragment or not media.ice.password:
            raise OfferError(400, "invalid_sdp", "every media section needs ICE credentials (a=ice-ufrag, a=ice-pwd)")


class SessionManager:
    def __init__(self, config: Config, engines: Engines, shared: SharedState | None = None) -> None:
        self.config = config
        self.engines = engines
        self.shared = shared  # a cluster's store of resume state (server/shared_state.py); None on one box
        if config.avatar.lean_video:
            from streaming import video_encoder

            video_encoder.install()
        self.sessions: dict[str, PeerSession] = {}
        self._closing: set[asyncio.Task] = set()
        self._ended: dict[str, tuple[float, ResumeState]] = {}  # session id -> (ended at, state) for resume
        self._reserved = 0
        self.slots = ClientSlots(config.max_sessions_per_client, config.unconnected_offers_per_client,
                                 config.unconnected_window_s, config.uncapped_clients)  # fmt: skip
        self.resume_tokens = ResumeTokens(RESUME_WINDOW_S)
        self.headroom = Headroom(config.admission, count_sessions=lambda: len(self.sessions))
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

    async def create(
        self, sdp: str, client: str, resume_id: str | None = None, *, resume_token: str | None = None,
        subject: str | None = None,
    ) -> tuple[str, RTCSessionDescription, str]:
        """Answer an offer: ``(session id, answer, resume token)``.

        ``resume_id`` carries the conversation of that session on only with its ``resume_token``
        (and the same bearer-token ``subject``); without them the offer starts a fresh conversation
        and the other session is left alone. ``subject``: the bearer token's subject, or None.
        """
        check_offer_sdp(sdp)
        key = offer_key(sdp)
        if key and any(p.offer_key == key for p in self.sessions.values()):
            raise OfferError(409, "duplicate_offer", "this offer already started a session; create a new offer")
        refusal = self.slots.refusal(client)
        if refusal is not None:
            raise OfferError(refusal.status, refusal.code, refusal.message, retry_after=refusal.retry_after)
        token_ok = resume_id is not None and self.resume_tokens.check(resume_id, resume_token, subject)
        # A reconnect that replaces its own live session adds no load: it is never refused for room.
        decision = self.headroom.decide(self.active, self.config.max_sessions)
        if not decision.admit and not (token_ok and resume_id in self.sessions):
            log.info("offer refused (%s): %d sessions, %.2f free cores, a session costs %.2f", decision.reason,
                     self.active, decision.free_cores, decision.session_cost)
            retry = 15 if decision.reason == "max_sessions" else self.config.admission.retry_after_s
            raise OfferError(503, "busy", BUSY, retry_after=retry)
        self._reserved += 1  # counted while the shared store is asked too: concurrent offers see it
        try:
            carried = None
            if resume_id is not None and not token_ok:
                carried = await self._claim_shared(resume_id, resume_token, subject)
                if carried is None:
                    log.info("[%s] not resumed: no valid resume token (a fresh conversation starts)", log_id(resume_id))
                resume_id = None
            elif resume_id is not None and self.shared is not None:
                self.shared.drop(resume_id)  # resumed here: the cluster's copy must not resume it twice
            self.slots.acquire(client)
            try:
                session_id, answer = await self._create(sdp, client, resume_id, carried)
            except BaseException:
                self.slots.release(client)
                raise
        finally:
            self._reserved -= 1
        if resume_id is not None:
            self.resume_tokens.revoke(resume_id)  # spent: the new session has a token of its own
        token = self.resume_tokens.issue(session_id, subject)
        self._share(self.sessions[session_id], force=True)
        return session_id, answer, token

    async def _claim_shared(self, resume_id: str, token: str | None, subject: str | None) -> ResumeState | None:
        """The conversation of a session another worker served, from the cluster's store."""
        if self.shared is None or not token:
            return None
        try:
            blob = await self.shared.claim(resume_id, token_digest(token), subject)
            if blob is None:
                return None
            state = import_state(PortableResume.loads(blob), self.engines.responder)
        except Exception:  # noqa: BLE001 - a store that fails means a fresh conversation, not a failed call
            log.warning("[%s] the cluster's resume state could not be read", log_id(resume_id), exc_info=True)
            return None
        log.info("[%s] conversation carried over from another worker", log_id(resume_id))
        return state

    def _share(self, peer: PeerSession, force: bool = False) -> None:
        """Copy a live session's resume state to the cluster's store when it changed (a turn, the rate)."""
        if self.shared is None:
            return
        session = peer.session
        mark = (session.turns_completed, session.replier.rate.value)
        if mark == peer.shared_mark and not force:
            return
        grant = self.resume_tokens.grant(peer.id)
        if grant is None:
            return
        try:
            self.shared.save(peer.id, grant[0], grant[1], export_state(session.resume_state()).dumps())
            peer.shared_mark = mark
        except Exception:  # noqa: BLE001 - the call goes on without a cluster copy
            log.warning("[%s] could not share the resume state", log_id(peer.id), exc_info=True)

    async def _create(self, sdp: str, client: str, resume_id: str | None,
                      carried: ResumeState | None = None) -> tuple[str, RTCSessionDescription]:  # fmt: skip
        session_id = secrets.token_urlsafe(16)
        pc = RTCPeerConnection(RTCConfiguration(iceServers=self._ice_servers()))
        resume = carried or self._take_resume_state(resume_id)
        peer: PeerSession | None = None
        try:
            session = Session(log_id(session_id), self.engines, send=lambda ev: None, config=self.config.turn, resume=resume)
            peer = PeerSession(session_id, pc, session, client, offer_key=offer_key(sdp))
            session.announcer.send = lambda event, p=peer: self._send(p, event)
            self._wire(peer)
            try:
                await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
                pc.addTrack(session.playback.audio)
                if "video" in _M_LINE.findall(sdp):  # a track the offer has no section for breaks the answer
                    pc.addTrack(session.playback.video)
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
        self.headroom.admitted()
        hello: dict = {"type": "session", "session_id": session_id, "resumed": resume is not None, **Session.hello()}
        mouth_box = getattr(self.engines.renderer, "mouth_box", None)
        if mouth_box is not None:
            hello["mouth_box"] = [int(v) for v in mouth_box]  # lets benchmarks measure lip sync at the client
        self._send(peer, hello)
        session.start()
        peer.watchdog = asyncio.get_running_loop().create_task(self._watch(peer), name=f"{session_id[:8]}:watchdog")
        log.info("[%s] session created for %s (%d active)%s", log_id(session_id), client, len(self.sessions),
                 " resuming a conversation" if resume is not None else "")
        return session_id, pc.localDescription

    def _take_resume_state(self, resume_id: str | None) -> ResumeState | None:
        now = time.monotonic()
        for sid in [s for s, (t, _) in self._ended.items() if now - t > RESUME_WINDOW_S]:
            del self._ended[sid]
        if not resume_id:
            return None
        if resume_id in self.sessions:
            peer = self.sessions[resume_id]
            self._spawn_close(resume_id, "replaced by a reconnect")
            return peer.session.resume_state()
        item = self._ended.pop(resume_id, None)
        return item[1] if item else None

    def _wire(self, peer: PeerSession) -> None:
        pc, session = peer.pc, peer.session
        rate = self.config.messages_per_s
        peer.budget = MessageBudget(rate, max(1, int(2 * rate)))

        @pc.on("signalingstatechange")
        def on_signaling() -> None:
            guard_receive(pc.sctp, log_id(peer.id))  # the SCTP transport exists once the offer is applied

        @pc.on("track")
        def on_track(track) -> None:
            if track.kind == "audio" and not peer.audio_attached:
                peer.audio_attached = True
                release_audio_at_once(pc, track)
                session.attach_input(track)
            else:  # only the first microphone is heard: any other track is answered inactive, never decoded
                stop_receiving(pc, track)

        @pc.on("datachannel")
        def on_datachannel(channel) -> None:
            if not is_events_channel(channel, peer.channel):
                log.info("[%s] closing an extra data channel", log_id(peer.id))
                try:
                    channel.close()
                except Exception:  # noqa: BLE001 - a channel that cannot close is simply never used
                    log.debug("closing an extra data channel failed", exc_info=True)
                return
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
            log.info("[%s] connection %s", log_id(peer.id), state)
            if state == "connected":
                peer.connected = True
            elif state in ("failed", "closed"):
                if state == "failed" and not peer.connected and peer.id in self.sessions:
                    self.slots.never_connected(peer.client)
                self._spawn_close(peer.id, f"connection {state}")

    def _on_client_message(self, peer: PeerSession, message) -> None:
        """Whatever the client sends, the session lives on: a bad message gets ``bad_message``, a flood is dropped."""
        try:
            if peer.budget is not None and not peer.budget.take():
                now = time.monotonic()
                if now - peer.flood_noticed > 1.0:  # one notice a second, not one per dropped message
                    peer.flood_noticed = now
                    self._send(peer, {"type": "error", "code": "bad_message", "message": TOO_MANY_MESSAGES})
                return
            msg, error = parse_client_message(message)
            if error is not None:
                self._send(peer, {"type": "error", "code": "bad_message", "message": f"{BAD_MESSAGE} ({error})"})
                return
            peer.session.handle_client_message(msg)
        except Exception:  # noqa: BLE001 - raised into aiortc it would stop the receive loop and end the session
            log.exception("[%s] a client message could not be handled", log_id(peer.id))
            self._send(peer, {"type": "error", "code": "bad_message", "message": BAD_MESSAGE})

    def _send(self, peer: PeerSession, event: dict) -> None:
        try:
            if self.conversation_log is not None:
                self.conversation_log.observe(log_id(peer.id), event)
            if event.get("type") == "metrics" and isinstance(event.get("first_audio_ms"), int | float):
                self.headroom.record_latency(event["first_audio_ms"])
            data = json.dumps(event, ensure_ascii=False)
            if len(data.encode()) > MAX_EVENT_BYTES:
                log.warning("[%s] %s event of %d characters not sent", log_id(peer.id), event.get("type"), len(data))
                return
            channel = peer.channel
            if channel is not None and getattr(channel, "readyState", "") == "open":
                self._flush(peer)
                channel.send(data)
            else:
                peer.pending.append(data)
                del peer.pending[:-50]
        except Exception:  # noqa: BLE001 - a channel closing under us must not break the caller
            log.warning("[%s] could not send a %s event", log_id(peer.id), event.get("type"), exc_info=True)

    def _flush(self, peer: PeerSession) -> None:
        channel = peer.channel
        while peer.pending and channel is not None and channel.readyState == "open":
            channel.send(peer.pending.pop(0))

    async def _watch(self, peer: PeerSession) -> None:
        cfg = self.config
        while peer.id in self.sessions:
            await asyncio.sleep(1.0)
            self._share(peer)
            now = time.monotonic()
            if not peer.connected and now - peer.created > cfg.ice_timeout_s:
                self.slots.never_connected(peer.client)  # counts against the sender: see server/limits.py
                self._spawn_close(peer.id, "ICE connect timeout")
                return
            if peer.pc.connectionState == "disconnected" and now - peer.session.last_activity > VANISHED_PEER_S:
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
        log.info("[%s] closing: %s", log_id(session_id), reason)
        self.slots.release(peer.client)
        self.resume_tokens.ended(session_id)
        self._share(peer)
        self._ended[session_id] = (time.monotonic(), peer.session.resume_state())
        if peer.watchdog is not None and peer.watchdog is not asyncio.current_task():
            peer.watchdog.cancel()
            await asyncio.gather(peer.watchdog, return_exceptions=True)
        await peer.session.close()
        await peer.pc.close()
        release_memory_soon()
        return True

    async def close_all(self) -> None:
        await self.headroom.stop()
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


def stop_receiving(pc: RTCPeerConnection, track) -> None:
    """Answer the transceiver of ``track`` without a receive direction: aiortc then never starts its
    receiver (one decoder thread per track: an offer with 30 microphones made 30)."""
    for transceiver in pc.getTransceivers():
        if transceiver.receiver.track is track:
            transceiver.direction = "sendonly" if transceiver.kind == "video" else "inactive"


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
