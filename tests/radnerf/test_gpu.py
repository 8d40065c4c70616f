"""GPU-only: the renderer keeps up with 25 fps at 512x512 (skipped without CUDA)."""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from avatar.radnerf import load_radnerf_renderer
from avatar.radnerf.config import RadNerfConfig
from avatar.radnerf.model import RadNerf
from avatar.radnerf.train import save_checkpoint
from streaming.types import OUTPUT_RATE, SpeechAudio

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]


def test_stream_keeps_up_at_512(tmp_path):
    cfg = RadNerfConfig(height=512, width=512, intrinsics=(614.4, 614.4, 256.0, 256.0), audio_kind="logmel",
                        audio_channels=16)
    pose = np.eye(4, dtype=np.float32)
    pose[2, 3] = -3.0
    save_checkpoint(RadNerf(cfg), pose[None], tmp_path)
    renderer = load_radnerf_renderer(str(tmp_path), size=512, device="cuda")
    stream = renderer.stream()
    pcm = (4000 * np.sin(np.arange(2 * OUTPUT_RATE) / OUTPUT_RATE * 2 * np.pi * 200)).astype(np.int16)
    stream.push(SpeechAudio(pcm=pcm, sample_rate=OUTPUT_RATE, text="테스트"))
    stream.next_frame()
    t0 = time.perf_counter()
    frames = [stream.next_frame() for _ in range(40)]
    fps = 40 / (time.perf_counter() - t0)
    renderer.close()
    assert all(f.video.shape == (512, 512, 3) for f in frames)
    assert fps >= 25, f"{fps:.1f} fps"
