"""`silver-avatar train-radnerf --video` end to end on a short real-face clip (MediaPipe, PyAV)."""

from __future__ import annotations

import json

import av
import cv2
import matplotlib.cbook
import numpy as np

from avatar.radnerf.cli import train_main
from avatar.radnerf.data import ClipData


def _write_clip(path, n_frames: int = 20) -> None:
    """A public-domain portrait drifting a few pixels per frame, with a tone on the audio track."""
    with matplotlib.cbook.get_sample_data("grace_hopper.jpg") as f:
        face = cv2.imdecode(np.frombuffer(f.read(), np.uint8), cv2.IMREAD_COLOR)[..., ::-1]
    face = np.ascontiguousarray(cv2.resize(face, (256, 320)))
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=25)
        video.width, video.height, video.pix_fmt = 256, 320, "yuv420p"
        audio = out.add_stream("aac", rate=16000, layout="mono")
        for i in range(n_frames):
            shifted = np.roll(face, (i % 5) - 2, axis=1)
            out.mux(video.encode(av.VideoFrame.from_ndarray(shifted, format="rgb24")))
        t = np.arange(int(n_frames * 0.04 * 16000)) / 16000
        pcm = (6000 * np.sin(2 * np.pi * 220 * t) * (t > 0.3)).astype(np.int16)
        for s in range(0, len(pcm), 1024):
            frame = av.AudioFrame.from_ndarray(pcm[None, s : s + 1024], format="s16", layout="mono")
            frame.sample_rate = 16000
            out.mux(audio.encode(frame))
        out.mux(video.encode())
        out.mux(audio.encode())


def test_train_radnerf_from_video(tmp_path):
    clip_path, out = tmp_path / "clip.mp4", tmp_path / "ckpt"
    _write_clip(clip_path)
    argv = ["--video", str(clip_path), "--out", str(out), "--size", "32", "--audio", "logmel", "--tiny",
            "--head-steps", "6", "--lip-steps", "2", "--torso-steps", "2", "--rays", "64", "--no-progress"]
    assert train_main(argv) == 0
    data = ClipData.load(out / "data.npz")
    assert data.n_frames == 20 and data.images.shape == (20, 32, 32, 3)
    assert np.isfinite(data.poses).all()
    # The camera sits in front of the head box, looking into it.
    assert np.all(np.abs(data.poses[:, :3, 3]).max(1) > 1.0)
    assert np.all(data.poses[:, 2, 2] > 0.8)
    heads = data.head_masks.mean((1, 2))
    assert np.all((heads > 0.05) & (heads < 0.8))
    x0, y0, x1, y1 = data.lip_boxes[0]
    assert 8 <= (x0 + x1) / 2 <= 24 and y0 > data.head_masks[0].nonzero()[0].min()
    assert ((data.eye >= 0) & (data.eye <= 1)).all()
    report = json.loads((out / "report.json").read_text())
    assert report["steps"] == 10 and report["heldout_frames"] == 2 and report["heldout_psnr"] > 5
    assert (out / "model.pt").exists() and (out / "config.json").exists()
    # Resume finds the checkpoint and has nothing left to do.
    assert train_main(["--out", str(out), "--resume", "--tiny", "--head-steps", "6", "--lip-steps", "2",
                       "--torso-steps", "2", "--rays", "64", "--no-progress"]) == 0
