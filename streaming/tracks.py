"""Paced WebRTC output tracks fed by one render loop, so audio and video stay in lock step.

The render loop (``AvPump``) asks the session's ``AvatarStream`` for a frame every 40 ms (in a worker
thread), then hands the video to ``AvatarVideoTrack`` and the frame's 40 ms of audio, as two 20 ms
frames, to ``AvatarAudioTrack``, both keyed by frame index. Both tracks derive deadlines and
timestamps from a counter on a shared monotonic clock (aiortc does not pace ``recv()``) and play
slot k's content at slot k, so a late or flushed frame can never shift audio against video: the
slot gets the previous picture and silence instead, and the tracks never stall.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import math
import time
from collections import deque
from collections.abc import Callable

import av
import numpy as np
from aiortc import MediaStreamTrack

from streaming.audio import mono_frame
from streaming.types import OUTPUT_RATE, SAMPLES_PER_VIDEO_FRAME, VIDEO_FPS, AvFrame

log = logging.getLogger(__name__)

#: Frames a track keeps for slots nobody has sent yet (a peer that never connects or never
#: negotiated video must not make the pump's frames pile up in memory).
MAX_QUEUED = 2 * VIDEO_FPS
VIDEO_CLOCK = 90_000
VIDEO_TICKS = VIDEO_CLOCK // VIDEO_FPS  # 3600
AUDIO_PTIME = 0.020
AUDIO_SAMPLES = int(OUTPUT_RATE * AUDIO_PTIME)  # 960
#: Most frames the pump renders ahead when the machine is starved (each adds 40 ms of latency).
MAX_LOOKAHEAD = 5
CALM_S = 10.0  # seconds without a late frame before the render-ahead margin narrows by one


class MediaClock:
    """Shared start time of a session's output tracks (monotonic seconds)."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self.start: float | None = None

    def started(self) -> float:
        if self.start is None:
            self.start = self.now()
        return self.start


class _Buffered(MediaStreamTrack):
    def __init__(self, clock: MediaClock) -> None:
        super().__init__()
        self._clock = clock
        self._count = 0

    async def _wait_until(self, due: float) -> None:
        delay = due - self._clock.now()
        if delay > 0:
            await asyncio.sleep(delay)


class AvatarVideoTrack(_Buffered):
    kind = "video"

    def __init__(self, clock: MediaClock, size: tuple[int, int]) -> None:
        super().__init__(clock)
        self._frames: dict[int, np.ndarray] = {}
        self._last = np.zeros((size[1], size[0], 3), np.uint8)
        self.late_frames = 0


    def put(self, index: int, rgb: np.ndarray) -> None:
        self._frames[index] = rgb
        if len(self._frames) > MAX_QUEUED:
            for stale in [i for i in self._frames if i <= index - MAX_QUEUED]:
                del self._frames[stale]

    def drop_queued(self) -> None:
        self._frames.clear()

    @property
    def last_picture(self) -> np.ndarray:
        return self._last

    async def recv(self) -> av.VideoFrame:
        if self.readyState != "live":
            raise _media_error()
        start = self._clock.started()
        await self._wait_until(start + self._count / VIDEO_FPS)
        rgb = self._frames.pop(self._count, None)
        for stale in [i for i in self._frames if i < self._count]:
            del self._frames[stale]
        if rgb is not None:
            self._last = rgb
        elif self._count > 0:
            self.late_frames += 1
        frame = av.VideoFrame.from_ndarray(self._last, format="rgb24")
        frame.pts = self._count * VIDEO_TICKS
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self._count += 1
        return frame


class AvatarAudioTrack(_Buffered):
    kind = "audio"

    def __init__(self, clock: MediaClock) -> None:
        super().__init__(clock)
        self._halves: dict[int, np.ndarray] = {}  # keyed by 20 ms slot = 2 * video frame index + half
        self._silence = np.zeros(AUDIO_SAMPLES, np.int16)
        self.late_frames = 0

    def put(self, index: int, pcm40ms: np.ndarray) -> None:
        self._halves[2 * index] = pcm40ms[:AUDIO_SAMPLES]
        self._halves[2 * index + 1] = pcm40ms[AUDIO_SAMPLES:]
        if len(self._halves) > 2 * MAX_QUEUED:
            for stale in [i for i in self._halves if i < 2 * (index - MAX_QUEUED)]:
                del self._halves[stale]

    def drop_queued(self) -> None:
        self._halves.clear()

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise _media_error()
        start = self._clock.started()
        await self._wait_until(start + self._count * AUDIO_PTIME)
        pcm = self._halves.pop(self._count, None)
        for stale in [i for i in self._halves if i < self._count]:
            del self._halves[stale]
        if pcm is None:
            pcm = self._silence
            if self._count > 0:
                self.late_frames += 1
        frame = mono_frame(pcm, OUTPUT_RATE, self._count)
        self._count += 1
        return frame


def _media_error() -> Exception:
    from aiortc.mediastreams import MediaStreamError

    return MediaStreamError()


class AvPump:
    """Renders one frame per 40 ms slot ahead of the tracks and feeds both of them.

    ``on_frame`` sees every frame as it is queued (the session derives speaking/caption events from
    it). The pump stays ``lookahead`` frames ahead of real time at most, which bounds added latency.
    The margin adapts like a jitter buffer: a frame handed over after its slot began (its audio is
    then dropped: the track has already sent silence for it) widens it by one frame, up to
    ``max_lookahead``; ten seconds without a late frame narrow it again by one.
    A renderer exception never ends the pump: the slot keeps the previous picture and silence, the
    error is logged and ``on_error`` (the session) may reset the avatar; rendering goes on.
    """

    def __init__(
        self,
        clock: MediaClock,
        video: AvatarVideoTrack,
        audio: AvatarAudioTrack,
        render: Callable[[], asyncio.Future[AvFrame]],
        on_frame: Callable[[AvFrame, float], None],
        lookahead: int = 2,
        video_delay: int = 0,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._clock = clock
        self._on_error = on_error
        self.render_errors = 0
        self._failing = False
        #: While True the avatar is paused in place: silence and the last picture, speech kept queued.
        self.hold = False
        self._silence = np.zeros(SAMPLES_PER_VIDEO_FRAME, np.int16)
        self._last_video = np.zeros_like(video.last_picture)
        self._video = video
        self._audio = audio
        self._render = render
        self._on_frame = on_frame
        self.lookahead = lookahead
        self.base_lookahead = lookahead
        self.max_lookahead = max(lookahead, MAX_LOOKAHEAD)
        self.late_puts = 0
        self._calm_since = clock.now()
        #: Frames by which the picture trails its audio at the sender. Browsers hold more audio than
        #: video in their jitter buffers and do not re-align aiortc's tracks; the JS client's
        #: ``startLipSync`` evens the buffers out, a client that cannot may need 1-2 frames here.
        self.video_delay = video_delay
        self.frames = 0
        #: Slots skipped because the pump fell behind real time (CPU starvation): their tracks sent
        #: the previous picture and silence; speech waits in the avatar's queue instead of being lost.
        self.skipped_frames = 0
        self.render_ms: deque[float] = deque(maxlen=250)

    def due_time(self, index: int) -> float:
        return self._clock.started() + index / VIDEO_FPS

    async def run(self) -> None:
        while True:
            # Render frame N when real time reaches slot N - lookahead.
            now = self._clock.now()
            if self.lookahead > self.base_lookahead and now - self._calm_since > CALM_S:
                self.lookahead -= 1
                self._calm_since = now
            wait = self.due_time(self.frames - self.lookahead) - now
            if wait > 0:
                await asyncio.sleep(wait)
            elif now >= self.due_time(self.frames):
                self._skip_missed_slots(now)
            t0 = time.perf_counter()
            if self.hold:
                self._put(AvFrame(self._last_video, self._silence, meta={"held": True}))
                continue
            try:
                frame = await self._render()
                if len(frame.audio) != SAMPLES_PER_VIDEO_FRAME:
                    raise ValueError(f"renderer returned {len(frame.audio)} audio samples, expected {SAMPLES_PER_VIDEO_FRAME}")
            except Exception as exc:  # the slot gets the previous picture + silence; the media never stops
                self._render_failed(exc)
                self._put(AvFrame(self._last_video, self._silence, meta={"render_error": True}))
                continue
            self._failing = False
            self.render_ms.append((time.perf_counter() - t0) * 1000)
            behind = self._clock.now() - self.due_time(self.frames)
            if behind > 0.2:
                log.warning("render loop %.0f ms behind real time", behind * 1000)
            self._put(frame)

    def _skip_missed_slots(self, now: float) -> None:
        """Jump past slots whose time has passed: a frame rendered for them would arrive after its
        slot was sent and be dropped, burning the reply's speech into silence (seen with two
        sessions on a starved machine). Skipped, the speech plays a little later instead."""
        missed = math.floor((now - self.due_time(self.frames)) * VIDEO_FPS) + 1
        self.frames += missed
        self.skipped_frames += missed
        if self.skipped_frames == missed or self.skipped_frames % (10 * VIDEO_FPS) < missed:
            log.warning("render loop fell %d slots behind real time: skipped (%d so far)", missed, self.skipped_frames)

    def _put(self, frame: AvFrame) -> None:
        now = self._clock.now()
        # too late for its slot: widen the render-ahead margin (not for the first second's frames,
        # rendered while the peer is still connecting and the renderer warms its buffers)
        if now > self.due_time(self.frames) and self.frames >= VIDEO_FPS:
            self.late_puts += 1
            self._calm_since = now
            if self.lookahead < self.max_lookahead:
                self.lookahead += 1
                log.info("render-ahead margin widened to %d frames (%d late frames)", self.lookahead, self.late_puts)
        self._last_video = frame.video
        self._video.put(self.frames + self.video_delay, frame.video)
        self._audio.put(self.frames, frame.audio)
        self._on_frame(frame, self.due_time(self.frames))
        self.frames += 1

    def _render_failed(self, exc: Exception) -> None:
        self.render_errors += 1
        if not self._failing or self.render_errors % (10 * VIDEO_FPS) == 0:
            log.error("renderer failed at frame %d (%d errors so far)", self.frames, self.render_errors, exc_info=exc)
        self._failing = True
        if self._on_error is not None:
            try:
                self._on_error(exc)
            except Exception:
                log.exception("render error handler failed")

    def flush(self) -> None:
        """Drop frames not yet sent (barge-in: stop the avatar's audio now)."""
        self._video.drop_queued()
        self._audio.drop_queued()
