"""The avatar's leaner VP8 encoder: installed into aiortc's sender, same picture quality and bitrate."""

from __future__ import annotations

import fractions

import av
import numpy as np
from aiortc.codecs import get_encoder
from aiortc.codecs.opus import OpusEncoder
from aiortc.codecs.vpx import Vp8Decoder, Vp8Encoder, vp8_depayload
from aiortc.jitterbuffer import JitterFrame
from aiortc.rtcrtpparameters import RTCRtpCodecParameters

from streaming import video_encoder
from streaming.video_encoder import LeanVp8Encoder

VP8 = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=97)
OPUS = RTCRtpCodecParameters(mimeType="audio/opus", clockRate=48000, channels=2, payloadType=96)


def _frames(n: int, size: int = 256) -> list[np.ndarray]:
    """A soft face-like picture with a moving 'mouth': what the renderer produces, roughly."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    base = np.stack([180 + 40 * np.sin(x / 40), 140 + 30 * np.cos(y / 50), 120 + 0 * x], -1)
    out = []
    for i in range(n):
        img = base.copy()
        h = 10 + 8 * abs(np.sin(i / 3))
        img[int(size * 0.7 - h / 2) : int(size * 0.7 + h / 2), size // 3 : 2 * size // 3] = (60, 20, 25)
        out.append(np.clip(img, 0, 255).astype(np.uint8))
    return out


def _round_trip(encoder, frames: list[np.ndarray]) -> tuple[float, float]:
    """(mean PSNR in dB of the decoded frames after the first five, kbps at 25 fps)."""
    decoder, psnr, sent = Vp8Decoder(), [], 0
    for i, rgb in enumerate(frames):
        vf = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        vf.pts, vf.time_base = i * 3600, fractions.Fraction(1, 90000)
        payloads, timestamp = encoder.encode(vf)
        sent += sum(len(p) for p in payloads)
        data = b"".join(vp8_depayload(p) for p in payloads)
        decoded = decoder.decode(JitterFrame(data=data, timestamp=timestamp))
        if i >= 5 and decoded:
            got = decoded[0].to_ndarray(format="rgb24").astype(np.float32)
            mse = float(np.mean((got - rgb.astype(np.float32)) ** 2))
            psnr.append(10 * np.log10(255**2 / max(mse, 1e-6)))
    return float(np.mean(psnr)), sent * 8 / len(frames) * 25 / 1000


def test_install_puts_the_lean_vp8_encoder_into_aiortc_senders_and_leaves_audio_alone():
    import aiortc.rtcrtpsender as sender

    assert video_encoder.install() is True
    assert sender.get_encoder is video_encoder.lean_get_encoder
    assert isinstance(sender.get_encoder(VP8), LeanVp8Encoder)
    assert isinstance(sender.get_encoder(OPUS), OpusEncoder)
    assert not isinstance(get_encoder(VP8), LeanVp8Encoder)  # aiortc's own function is untouched


def test_same_picture_quality_and_bitrate_as_aiortcs_encoder():
    frames = _frames(40)
    lean_psnr, lean_kbps = _round_trip(LeanVp8Encoder(), frames)
    base_psnr, base_kbps = _round_trip(Vp8Encoder(), frames)
    assert lean_psnr > 30 and lean_psnr > base_psnr - 1.5, (lean_psnr, base_psnr)
    assert lean_kbps < 1.3 * base_kbps + 50, (lean_kbps, base_kbps)


def test_a_new_bitrate_reopens_the_codec_with_the_lean_settings():
    encoder = LeanVp8Encoder()
    frames = _frames(3)
    _round_trip(encoder, frames)
    first = encoder.codec
    assert encoder.opened_with["noise-sensitivity"] == "0"
    encoder.target_bitrate = 2 * encoder.target_bitrate  # congestion control asks for more
    _round_trip(encoder, frames)
    assert encoder.codec is not first and encoder.codec.bit_rate == encoder.target_bitrate
    assert encoder.opened_with["maxrate"] == str(encoder.target_bitrate)  # our settings, not aiortc's
