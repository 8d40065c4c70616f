"""A scripted WebRTC peer (aiortc) that talks to the server like a browser does.

It plays utterances into a paced microphone track, records the moment the last voiced sample of
each utterance was sent, and timestamps everything it receives: data-channel events, reply audio
loudness, video frames and how open the avatar's mouth is. Tests and the latency/load benchmarks
share it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field

import aiohttp
import av
import numpy as np
from aiortc import MediaStreamTrack, RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError

from streaming.audio import mono_frame

log = logging.getLogger(__name__)

MIC_RATE = 48_000
MIC_SAMPLES = 960  # 20 ms


class ScriptedMicrophone(MediaStreamTrack):
    """A paced 48 kHz mono microphone: silence, except for utterances queued with ``say``."""

    kind = "audio"

    def __init__(self, voiced_threshold: int = 300) -> None:
        super().__init__()
        self._pending: deque[np.ndarray] = deque()
        self._start: float | None = None
        self._count = 0
        self._threshold = voiced_threshold
        self.last_voiced_sent: float | None = None  # monotonic time the last voiced sample left
        self.first_voiced_sent: float | None = None  # ... and the first one of the current utterance
        self.utterance_done = asyncio.Event()
        self._playing = False

    def say(self, pcm48k: np.ndarray) -> None:
        pcm = pcm48k.astype(np.int16)
        pad = (-len(pcm)) % MIC_SAMPLES
        pcm = np.concatenate([pcm, np.zeros(pad, np.int16)])
        for i in range(0, len(pcm), MIC_SAMPLES):
            self._pending.append(pcm[i : i + MIC_SAMPLES])
        self.utterance_done.clear()
        self.first_voiced_sent = None
        self._playing = True

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._count * MIC_SAMPLES / MIC_RATE
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if self._pending:
            pcm = self._pending.popleft()
            voiced = np.nonzero(np.abs(pcm) > self._threshold)[0]
            if len(voiced):
                self.last_voiced_sent = due + (voiced[-1] + 1) / MIC_RATE
                if self.first_voiced_sent is None:
                    self.first_voiced_sent = due + voiced[0] / MIC_RATE
        else:
            pcm = np.zeros(MIC_SAMPLES, np.int16)
            if self._playing:
                self._playing = False
                self.utterance_done.set()
        frame = mono_frame(pcm, MIC_RATE, self._count)
        self._count += 1
        return frame


@dataclass
class Received:
    events: list[tuple[float, dict]] = field(default_factory=list)
    audio: list[tuple[float, float]] = field(default_factory=list)  # (monotonic arrival, rms dBFS) per frame
    video: list[tuple[float, float]] = field(default_factory=list)  # (monotonic arrival, mouth darkness)
    video_frames: int = 0
    video_size: tuple[int, int] | None = None
    last_video: np.ndarray | None = None


class Refused(RuntimeError):
    """The server answered the offer 503: it has no room for another session now."""

    def __init__(self, retry_after_s: int, body: object) -> None:
        super().__init__(f"offer refused: 503 {body}")
        self.retry_after_s = retry_after_s


class AvatarPeer:
    """Connect with ``await peer.connect(base_url)``, then ``say()`` and ``wait_for()`` events."""

    def __init__(self, mouth_box: tuple[int, int, int, int] | None = None, keep_last_frame: bool = False) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.mic = ScriptedMicrophone()
        self.received = Received()
        self.session_id: str | None = None
        self.resume_token: str | None = None
        self.mouth_box = mouth_box
        self._keep_last = keep_last_frame
        self._channel = None
        self._tasks: list[asyncio.Task] = []
        self._event_signal = asyncio.Event()
        self.base_url = ""

    async def connect(self, base_url: str, timeout: float = 20.0, headers: dict | None = None,
                      extra: dict | None = None) -> None:  # fmt: skip
        """Offer, answer, connect. ``extra``: more offer fields (``session_id`` + ``resume_token`` to resume)."""
        self.base_url = base_url.rstrip("/")
        self.pc.addTransceiver(self.mic, direction="sendrecv")
        self.pc.addTransceiver("video", direction="recvonly")
        self._channel = self.pc.createDataChannel("events", ordered=True)
        self._channel.on("message", self._on_message)
        connected = asyncio.Event()

        @self.pc.on("connectionstatechange")
        def _state() -> None:
            if self.pc.connectionState == "connected":
                connected.set()

        @self.pc.on("track")
        def _track(track) -> None:
            handler = self._read_audio if track.kind == "audio" else self._read_video
            self._tasks.append(asyncio.get_running_loop().create_task(handler(track)))

        await self.pc.setLocalDescription(await self.pc.createOffer())
        body = {"sdp": self.pc.localDescription.sdp, "type": "offer", **(extra or {})}
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{self.base_url}/api/offer", json=body, headers=headers or {}) as resp:
                data = await resp.json()
                if resp.status == 503:
                    raise Refused(int(resp.headers.get("Retry-After", "0") or 0), data)
                if resp.status != 200:
                    raise RuntimeError(f"offer refused: {resp.status} {data}")
        self.session_id = data["session_id"]
        self.resume_token = data.get("resume_token")
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=data["sdp"], type=data["type"]))
        await asyncio.wait_for(connected.wait(), timeout)

    def _on_message(self, message: str) -> None:
        try:
            event = json.loads(message)
        except json.JSONDecodeError:
            event = {"type": "unparseable", "raw": message}
        if event.get("type") == "session" and "mouth_box" in event and self.mouth_box is None:
            self.mouth_box = tuple(event["mouth_box"])
        self.received.events.append((time.monotonic(), event))
        self._event_signal.set()

    def send(self, message: dict) -> None:
        self._channel.send(json.dumps(message))

    async def wait_for(self, predicate, timeout: float = 30.0, after: int = 0) -> tuple[float, dict]:
        """Wait for the first event (from index ``after``) matching ``predicate``."""
        deadline = time.monotonic() + timeout
        index = after
        while True:
            events = self.received.events
            while index < len(events):
                if predicate(events[index][1]):
                    return events[index]
                index += 1
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching event within {timeout} s; got {[e for _, e in events][-8:]}")
            self._event_signal.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event_signal.wait(), remaining)

    async def _read_audio(self, track) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            pcm = frame.to_ndarray().astype(np.float64) / 32768.0
            rms = float(10 * np.log10(np.mean(pcm * pcm) + 1e-12))
            self.received.audio.append((time.monotonic(), rms))

    async def _read_video(self, track) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            now = time.monotonic()
            self.received.video_frames += 1
            self.received.video_size = (frame.width, frame.height)
            darkness = 0.0
            if self.mouth_box is not None or self._keep_last:
                rgb = frame.to_ndarray(format="rgb24")
                if self._keep_last:
                    self.received.last_video = rgb
                if self.mouth_box is not None:
                    x, y, w, h = self.mouth_box
                    roi = rgb[y : y + h, x : x + w].astype(np.float32).mean(axis=2)
                    darkness = float((roi < 70).mean())
            self.received.video.append((now, darkness))

    async def close(self, hang_up: bool = True) -> None:
        if hang_up and self.session_id:
            try:
                async with aiohttp.ClientSession() as http:
                    await http.delete(f"{self.base_url}/api/sessions/{self.session_id}")
            except aiohttp.ClientError:
                pass
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.pc.close()


def espeak_utterance(text: str, rate_wpm: int = 150, sample_rate: int = MIC_RATE) -> np.ndarray:
    """A Korean utterance from espeak-ng as 48 kHz mono int16 (the only offline Korean voice)."""
    import subprocess

    from streaming.audio import resample_int16

    wav = subprocess.run(
        ["espeak-ng", "-v", "ko", "-s", str(rate_wpm), "--stdout", text], check=True, capture_output=True
    ).stdout
    container = av.open(__import__("io").BytesIO(wav))
    stream = container.streams.audio[0]
    chunks = [f.to_ndarray().reshape(-1) for f in container.decode(stream)]
    src_rate = stream.rate
    container.close()
    pcm = np.concatenate(chunks).astype(np.int16)
    return resample_int16(pcm, src_rate, sample_rate)
