"""The RAD-NeRF renderer through the Renderer contract, in a session-like loop."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from avatar.radnerf import load_radnerf_renderer
from avatar.radnerf.config import tiny_config
from avatar.radnerf.model import RadNerf
from avatar.radnerf.train import save_checkpoint
from streaming.types import OUTPUT_RATE, SAMPLES_PER_VIDEO_FRAME, AvatarCue, SpeechAudio


@pytest.fixture(scope="module")
def renderer(clip, tmp_path_factory):
    data, _ = clip
    out = tmp_path_factory.mktemp("radnerf_ckpt")
    torch.manual_seed(0)
    model = RadNerf(tiny_config(num_steps=12))
    model.background.copy_(torch.from_numpy(data.background).float() / 255)
    save_checkpoint(model, data.poses, out)
    r = load_radnerf_renderer(str(out), size=48, device="cpu")
    yield r
    r.close()


def _speech(seconds: float, index: int, freq: float = 220.0) -> SpeechAudio:
    t = np.arange(int(seconds * OUTPUT_RATE)) / OUTPUT_RATE
    pcm = (8000 * np.sin(2 * np.pi * freq * t)).astype(np.int16)
    return SpeechAudio(pcm=pcm, sample_rate=OUTPUT_RATE, text=f"문장 {index}", sentence_index=index, is_last=False)


def test_frames_carry_the_pushed_audio_in_order(renderer):
    assert renderer.size == (48, 48)
    stream = renderer.stream()
    idle = stream.next_frame()
    assert idle.video.shape == (48, 48, 3) and idle.video.dtype == np.uint8
    assert not idle.speaking and not idle.audio.any() and len(idle.audio) == SAMPLES_PER_VIDEO_FRAME

    first, second = _speech(0.3, 0), _speech(0.1, 1, freq=330.0)
    stream.push(first)
    stream.push(second)
    frames = [stream.next_frame() for _ in range(12)]
    speaking = [f for f in frames if f.speaking]
    # 0.3 s -> 8 frames (the last padded), 0.1 s -> 3 frames (padded), then idle.
    assert len(speaking) == 11 and not frames[-1].speaking
    assert all(f.audio.shape == (SAMPLES_PER_VIDEO_FRAME,) and f.audio.dtype == np.int16 for f in frames)
    assert all(f.video.shape == (48, 48, 3) for f in frames)
    assert [f.meta["sentence_index"] for f in speaking] == [0] * 8 + [1] * 3
    got = np.concatenate([f.audio for f in speaking[:8]])
    assert np.array_equal(got[: len(first.pcm)], first.pcm) and not got[len(first.pcm) :].any()
    got = np.concatenate([f.audio for f in speaking[8:]])
    assert np.array_equal(got[: len(second.pcm)], second.pcm)
    assert speaking[3].mouth_open > 0.1 and frames[-1].mouth_open == 0.0


def test_clear_drops_queued_speech_and_reports_played_time(renderer):
    stream = renderer.stream()
    stream.set_cue(AvatarCue.LISTENING)
    stream.push(_speech(2.0, 0))
    played = [stream.next_frame() for _ in range(5)]
    assert all(f.speaking for f in played)
    assert stream.clear() == pytest.approx(5 * SAMPLES_PER_VIDEO_FRAME / OUTPUT_RATE)
    after = stream.next_frame()
    assert not after.speaking and not after.audio.any()
    assert after.meta["cue"] == "listening"
    assert stream.clear() == 0.0

