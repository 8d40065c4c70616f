"""Helpers to drive Debian's Chromium with Playwright (never ``playwright install``)."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BASE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]


def chromium_args(wav: Path | None = None, loop: bool = False) -> list[str]:
    args = list(BASE_ARGS)
    if wav is not None:
        args.append(f"--use-file-for-fake-audio-capture={wav}{'' if loop else '%noloop'}")
    return args


def write_question_wav(path: Path, text: str, lead_s: float = 1.5, tail_s: float = 8.0, rate_wpm: int = 150) -> float:
    """espeak-ng speaks ``text`` into a 48 kHz mono WAV padded with silence; returns speech end (s)."""
    raw = subprocess.run(
        ["espeak-ng", "-v", "ko", "-s", str(rate_wpm), "--stdout", text], check=True, capture_output=True
    ).stdout
    tmp = path.with_suffix(".espeak.wav")
    tmp.write_bytes(raw)
    with wave.open(str(tmp)) as w:
        src_rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    from streaming.audio import resample_int16

    pcm = resample_int16(pcm, src_rate, 48_000)
    lead, tail = np.zeros(int(lead_s * 48_000), np.int16), np.zeros(int(tail_s * 48_000), np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(np.concatenate([lead, pcm, tail]).tobytes())
    return lead_s + len(pcm) / 48_000
