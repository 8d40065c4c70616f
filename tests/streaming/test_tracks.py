"""Paced tracks: counter-based timestamps, real-time pacing, slot-keyed A/V content."""

import asyncio
import time

import numpy as np

from streaming.tracks import (
    AUDIO_SAMPLES,
    VIDEO_TICKS,
    AvatarAudioTrack,
    AvatarVideoTrack,
    AvPump,
    MediaClock,
)
from streaming.types import AvFrame


async def test_tracks_pace_in_real_time_with_exact_timestamps():
    clock = MediaClock()
    video, audio = AvatarVideoTrack(clock, (64, 48)), AvatarAudioTrack(clock)
    t0 = time.monotonic()
    vframes = [await video.recv() for _ in range(13)]
    elapsed = time.monotonic() - t0
    assert [f.pts for f in vframes] == [i * VIDEO_TICKS for i in range(13)]
    assert 0.44 <= elapsed <= 0.7  # 12 frame intervals of 40 ms
    aframes = [await audio.recv() for _ in range(5)]
    assert [f.pts for f in aframes] == [i * AUDIO_SAMPLES for i in range(5)]
    assert all(f.samples == AUDIO_SAMPLES and f.sample_rate == 48_000 for f in aframes)
    assert vframes[0].width == 64 and vframes[0].height == 48


async def test_slot_k_plays_frame_k_in_both_tracks_and_flush_gives_silence():
    clock = MediaClock()
    video, audio = AvatarVideoTrack(clock, (8, 8)), AvatarAudioTrack(clock)
    for k in range(4):
        video.put(k, np.full((8, 8, 3), 10 * k, np.uint8))
        audio.put(k, np.full(2 * AUDIO_SAMPLES, 100 * k, np.int16))
    v = [await video.recv() for _ in range(2)]
    a = [await audio.recv() for _ in range(4)]
    assert [int(f.to_ndarray()[0, 0, 0]) for f in v] == [0, 10]
    assert [int(f.to_ndarray()[0, 0]) for f in a] == [0, 0, 100, 100]
    video.drop_queued()
    audio.drop_queued()
    v2 = await video.recv()
    a2 = [await audio.recv() for _ in range(2)]
    assert int(v2.to_ndarray()[0, 0, 0]) == 10  # repeats the last picture
    assert all(not f.to_ndarray().any() for f in a2)  # silence, never stale speech
    assert video.late_frames == 1


async def test_late_frames_never_stall_the_track():
    clock = MediaClock()
    video = AvatarVideoTrack(clock, (8, 8))
    frames = await asyncio.wait_for(asyncio.gather(*[video.recv() for _ in range(1)]), timeout=1)
    assert frames[0].pts == 0


async def test_a_pump_that_fell_behind_skips_the_missed_slots_instead_of_burning_the_speech():
    """A starved render thread: frames rendered for slots already sent would be dropped, and with
    them the reply's audio (the avatar's speech queue is consumed per frame). The pump jumps ahead."""
    fake = [100.0]
    clock = MediaClock(now=lambda: fake[0])
    clock.started()
    video, audio = AvatarVideoTrack(clock, (8, 8)), AvatarAudioTrack(clock)
    rendered: list[int] = []
    due_times: list[float] = []

    async def render() -> AvFrame:
        rendered.append(len(rendered))
        return AvFrame(np.zeros((8, 8, 3), np.uint8), np.full(2 * AUDIO_SAMPLES, 1000, np.int16), speaking=True)

    pump = AvPump(clock, video, audio, render=render, on_frame=lambda f, due: due_times.append(due), lookahead=1)
    fake[0] = 101.0  # a whole second (25 slots) passed without rendering
    task = asyncio.create_task(pump.run())
    await asyncio.sleep(0.1)
    task.cancel()
    assert pump.skipped_frames == 26  # slots 0..25 were due by t = 1.0 s
    assert rendered and len(rendered) <= 4  # not 26 frames of speech thrown away
    assert min(due_times) > 101.0  # every rendered frame is for a slot still to come
    assert pump.frames == 26 + len(rendered)


async def test_late_frames_widen_the_render_ahead_margin_and_calm_narrows_it(monkeypatch):
    """Like a jitter buffer: a starved renderer gets more frames of margin (its audio would otherwise
    be dropped), and the margin, which costs latency, shrinks again once frames are on time."""
    monkeypatch.setattr("streaming.tracks.CALM_S", 0.3)
    clock = MediaClock()
    video, audio = AvatarVideoTrack(clock, (8, 8)), AvatarAudioTrack(clock)
    slow = [True]

    async def render() -> AvFrame:
        await asyncio.sleep(0.07 if slow[0] else 0.001)  # starved: 70 ms for a 40 ms frame
        return AvFrame(np.zeros((8, 8, 3), np.uint8), np.zeros(2 * AUDIO_SAMPLES, np.int16))

    pump = AvPump(clock, video, audio, render=render, on_frame=lambda f, due: None, lookahead=1)
    task = asyncio.create_task(pump.run())
    try:
        await asyncio.sleep(1.8)  # the first second (25 slots) is a warm-up that does not count
        assert pump.late_puts >= 2 and pump.lookahead >= 3
        widest = pump.lookahead
        slow[0] = False
        await asyncio.sleep(1.5)
        assert pump.lookahead < widest and pump.lookahead == pump.base_lookahead == 1
    finally:
        task.cancel()
