"""The avatar's output in one session: its renderer stream, the render pump and the paced tracks.

``Playback`` is the only owner of the pump's hold and of whether the avatar is audibly speaking. The
listener holds it when someone may be talking over the avatar (``hold`` / ``release``), the session
stops it on a barge-in or a new turn (``stop`` returns the seconds the listener actually heard) and
resets it when the renderer fails. Frame observers hear when speech starts, moves to another
sentence and ends, each at the time the frame is due at the client.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import Protocol

import numpy as np

from streaming.engines import Engines
from streaming.tracks import AvatarAudioTrack, AvatarVideoTrack, AvPump, MediaClock
from streaming.types import VIDEO_FPS, AvatarCue, AvFrame, SpeechAudio

log = logging.getLogger(__name__)

FRAME_S = 1 / VIDEO_FPS


class FrameObserver(Protocol):
    def speech_started(self, frame: AvFrame, due: float) -> None: ...

    def speech_frame(self, frame: AvFrame, due: float) -> None: ...

    def speech_finished(self, due: float) -> None: ...


class Playback:
    def __init__(
        self,
        session_id: str,
        engines: Engines,
        clock: Callable[[], float],
        observer: FrameObserver,
        replying: Callable[[], bool],
        on_render_error: Callable[[Exception], None],
        lookahead_frames: int = 1,
        video_delay_frames: int = 0,
    ) -> None:
        self._id = session_id
        self._renderer = engines.renderer
        self._now = clock
        self._observer = observer
        self._replying = replying  # a reply is still being prepared or pushed (a gap between sentences is no end)
        self._avatar = engines.renderer.stream()
        self._pool = engines.new_render_pool(session_id)
        media_clock = MediaClock(clock)
        self.video = AvatarVideoTrack(media_clock, engines.renderer.size)
        self.audio = AvatarAudioTrack(media_clock)
        self._pump = AvPump(
            media_clock, self.video, self.audio, self._render_next, self._on_frame, lookahead_frames,
            video_delay=video_delay_frames, on_error=on_render_error,
        )  # fmt: skip
        self._recent: deque[tuple[float, bool]] = deque(maxlen=8)  # (due, speaking) of the last frames
        self._held_unsent = 0  # speaking frames dropped when the avatar was held
        self._closed = False
        self.speaking = False

    # ---- lifecycle ---------------------------------------------------------------------------
    async def run(self) -> None:
        await self._pump.run()

    def close(self) -> None:
        self._closed = True
        self.video.stop()
        self.audio.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def stats(self) -> dict:
        pump = self._pump
        return {
            "frames": pump.frames,
            "late_video": self.video.late_frames,
            "late_audio": self.audio.late_frames,
            "render_ms_p50": float(np.median(pump.render_ms)) if pump.render_ms else None,
        }

    # ---- speech in ---------------------------------------------------------------------------
    async def push(self, speech: SpeechAudio) -> None:
        await asyncio.get_running_loop().run_in_executor(self._pool, self._avatar.push, speech)

    def cue(self, cue: AvatarCue) -> None:
        if not self._closed:
            self._pool.submit(self._avatar.set_cue, cue)

    # ---- pausing and stopping ----------------------------------------------------------------
    @property
    def held(self) -> bool:
        return self._pump.hold

    def hold(self) -> None:
        """Pause in place (silence, still face, speech kept queued): someone may be talking over it."""
        if self._pump.hold:
            return
        self._held_unsent += self._unsent_speaking_frames()
        self._pump.flush()
        self._pump.hold = True

    def release(self) -> None:
        """Go on where the hold stopped (it was a cough, or a sound the VAD did not confirm)."""
        self._pump.hold = False

    async def stop(self) -> float:
        """Stop speaking now; returns the seconds of the reply the listener actually heard."""
        unsent = 0 if self._pump.hold else self._unsent_speaking_frames()
        self._pump.flush()
        rendered = await asyncio.get_running_loop().run_in_executor(self._pool, self._avatar.clear)
        unsent += self._held_unsent
        self._held_unsent = 0
        self._pump.hold = False
        self.speaking = False
        return max(0.0, rendered - unsent * FRAME_S)

    async def reset(self) -> None:
        """A fresh renderer stream after a failure (the pump kept the media flowing meanwhile)."""
        self._pump.flush()
        self._pump.hold = False
        self._held_unsent = 0
        self._avatar = await asyncio.get_running_loop().run_in_executor(self._pool, self._renderer.stream)
        self.speaking = False

    def _unsent_speaking_frames(self) -> int:
        now = self._now()
        return sum(1 for due, speaking in self._recent if speaking and due > now)

    # ---- frames out --------------------------------------------------------------------------
    def _render_next(self) -> asyncio.Future[AvFrame]:
        return asyncio.get_running_loop().run_in_executor(self._pool, self._avatar.next_frame)

    def _on_frame(self, frame: AvFrame, due: float) -> None:
        self._recent.append((due, frame.speaking))
        if frame.meta.get("held"):
            return
        if frame.speaking and not self.speaking:
            self.speaking = True
            self._observer.speech_started(frame, due)
        elif frame.speaking:
            self._observer.speech_frame(frame, due)
        elif self.speaking and not self._replying():
            self.speaking = False
            self._observer.speech_finished(due)
