"""GPU-only: the served configuration (trained at 256x256, the CLI's default; frames out at 512x512)
keeps up with 25 fps, untrained so that no empty space is skipped (skipped without CUDA)."""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from avatar.radnerf import load_radnerf_renderer
from avatar.radnerf.config import RadNerfConfig
from avatar.radnerf.encoding import fuse_hash_grids
from avatar.radnerf.model import RadNerf
from avatar.radnerf.render import render_image
from avatar.radnerf.train import save_checkpoint
from streaming.types import OUTPUT_RATE, SpeechAudio

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]


def test_stream_keeps_up_at_512(tmp_path):
    cfg = RadNerfConfig(height=256, width=256, intrinsics=(307.2, 307.2, 128.0, 128.0), audio_kind="logmel",
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
    print(f"radnerf stream: {fps:.1f} fps at 512x512 (rendered at 256x256, untrained)")
    assert all(f.video.shape == (512, 512, 3) for f in frames)
    assert fps >= 25, f"{fps:.1f} fps"


def test_fused_grids_render_what_the_eager_ones_do():
    cfg = RadNerfConfig(height=64, width=64, intrinsics=(76.8, 76.8, 32.0, 32.0), audio_kind="logmel",
                        audio_channels=16)
    model = RadNerf(cfg).cuda().eval()
    pose = torch.eye(4, device="cuda")
    pose[2, 3] = -3.0
    code = torch.randn(1, cfg.audio_dim, device="cuda") * 0.1
    with torch.no_grad():
        eager = render_image(model, pose, code, 0.0)
        fuse_hash_grids(model)
        fused = render_image(model, pose, code, 0.0)
    assert torch.allclose(eager, fused, atol=1e-4), float((eager - fused).abs().max())
