"""A cheaper VP8 encoder for the avatar's video, put in place of aiortc's for this process.

aiortc encodes every outgoing frame with libvpx tuned for camera video: a temporal denoiser
(``noise-sensitivity`` 4) and speed ``-6``, after converting RGB to YUV with swscale. The avatar's
frames are rendered, not filmed: there is no sensor noise to remove. Measured on this project's
2-core VM (``benchmarks/session_cost.py``; 512 × 512, 500 kbps, one thread): 3.0 ms of CPU a frame
with aiortc's settings, 1.8 ms with OpenCV's RGB → I420 conversion, no denoiser and speed -10, at
the same bitrate. At 25 fps that is 3 % of a core per session.

Everything else is aiortc's: packetisation, the bitrate the congestion control asks for (a change
of more than 10 % reopens the codec, as aiortc does), keyframes on request.
"""

from __future__ import annotations

import aiortc.rtcrtpsender as rtcrtpsender
import av
import cv2
from aiortc.codecs import get_encoder as aiortc_get_encoder
from aiortc.codecs.base import Encoder
from aiortc.codecs.vpx import Vp8Encoder
from aiortc.rtcrtpparameters import RTCRtpCodecParameters

#: libvpx settings: aiortc's real-time CBR settings, without the denoiser and at a faster speed.
LEAN_OPTIONS = {
    "cpu-used": "-10",
    "deadline": "realtime",
    "lag-in-frames": "0",
    "noise-sensitivity": "0",
    "overshoot-pct": "15",
    "partitions": "0",
    "static-thresh": "1",
    "undershoot-pct": "100",
}


def to_i420(frame: av.VideoFrame) -> av.VideoFrame:
    """An RGB frame as YUV 4:2:0 (OpenCV's SIMD conversion), keeping its timestamp."""
    yuv = cv2.cvtColor(frame.to_ndarray(format="rgb24"), cv2.COLOR_RGB2YUV_I420)
    out = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
    out.pts, out.time_base = frame.pts, frame.time_base
    return out


class LeanVp8Encoder(Vp8Encoder):
    def encode(self, frame: av.VideoFrame, force_keyframe: bool = False) -> tuple[list[bytes], int]:
        if frame.format.name == "rgb24" and frame.width % 2 == 0 and frame.height % 2 == 0:
            frame = to_i420(frame)
        if self._stale(frame):
            self._open(frame)
        return super().encode(frame, force_keyframe)  # finds our codec open and uses it

    def _stale(self, frame: av.VideoFrame) -> bool:
        codec = self.codec
        return (
            codec is None
            or frame.width != codec.width
            or frame.height != codec.height
            or abs(self.target_bitrate - codec.bit_rate) / codec.bit_rate > 0.1
        )

    def _open(self, frame: av.VideoFrame) -> None:
        rate = self.target_bitrate
        codec = av.CodecContext.create("libvpx", "w")
        codec.width, codec.height, codec.pix_fmt = frame.width, frame.height, "yuv420p"
        codec.bit_rate, codec.gop_size, codec.qmin, codec.qmax = rate, 3000, 2, 56
        # bufsize = bitrate gives libvpx a 1 s rate-control buffer; minrate = maxrate = bitrate is CBR.
        self.opened_with = {**LEAN_OPTIONS, "bufsize": str(rate), "minrate": str(rate), "maxrate": str(rate)}
        codec.options = dict(self.opened_with)
        codec.thread_count = 1
        self.codec = codec


def lean_get_encoder(codec: RTCRtpCodecParameters) -> Encoder:
    if codec.mimeType.lower() == "video/vp8":
        return LeanVp8Encoder()
    return aiortc_get_encoder(codec)


def install() -> bool:
    """Make aiortc's senders in this process use :class:`LeanVp8Encoder` (idempotent).

    aiortc has no setting for its encoders; its sender looks ``get_encoder`` up in its own module,
    which is what is replaced. Returns False if aiortc no longer has that hook (tests check it does).
    """
    if not hasattr(rtcrtpsender, "get_encoder"):
        return False
    rtcrtpsender.get_encoder = lean_get_encoder
    return True
