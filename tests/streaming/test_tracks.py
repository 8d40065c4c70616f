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
