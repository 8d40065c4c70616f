"""Paced tracks: counter-based timestamps, real-time pacing, slot-keyed A/V content."""

import asyncio
import time

import numpy as np

from streaming.tracks import AUDIO_SAMPLES, VIDEO_TICKS, AvatarAudioTrack, AvatarVideoTrack, MediaClock


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


async def test_speech_replaces_the_idle_frame_rendered_ahead_and_slots_stay_in_lock_step():
    """Reply speech goes into the frame already rendered ahead (one 40 ms slot sooner), and slot k
    still carries the same frame's picture and audio."""
    from streaming.tracks import AvPump
    from streaming.types import SAMPLES_PER_VIDEO_FRAME, AvFrame

    clock = MediaClock()
    video, audio = AvatarVideoTrack(clock, (8, 8)), AvatarAudioTrack(clock)
    queued = []  # the avatar: idle frames until speech is queued
    made = []

    async def render() -> AvFrame:
        speaking = bool(queued)
        value = 200 if speaking else 1
        made.append(speaking)
        return AvFrame(np.full((8, 8, 3), value, np.uint8), np.full(SAMPLES_PER_VIDEO_FRAME, value, np.int16),
                       speaking=speaking)

    seen = []
    pump = AvPump(clock, video, audio, render, lambda f, due: seen.append((due, f.speaking)), lookahead=1)
    task = asyncio.create_task(pump.run())
    try:
        await asyncio.sleep(0.1)
        for _ in range(100):  # early in a slot: the pump has rendered one frame ahead and sleeps
            await asyncio.sleep(0.004)
            if pump.due_time(pump.frames - 1) - clock.now() > 0.03:
                break
        ahead = pump.frames - 1
        assert not made[-1]
        queued.append("speech")
        assert pump.speech_queued()
        await asyncio.sleep(0.01)
        assert pump.frames - 1 == ahead and made[-1]  # the same slot, now speaking
        assert not pump.speech_queued()  # already speaking: nothing to replace
        v = [await video.recv() for _ in range(ahead + 1)]
        a = [await audio.recv() for _ in range(2 * (ahead + 1))]
        assert int(v[ahead].to_ndarray()[0, 0, 0]) == 200
        assert int(a[2 * ahead].to_ndarray()[0, 0]) == 200 and int(a[2 * ahead - 1].to_ndarray()[0, 0]) == 1
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
