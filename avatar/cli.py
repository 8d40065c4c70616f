"""``silver-avatar contact-sheet``: render the avatar speaking a Korean sentence into a PNG sheet + MP4.

Evidence a person can look at: closed, open and rounded mouths and a blink, labelled with time and
mouth opening. Speech comes from ``models.tts.load_synthesizer()`` (espeak-ng with phoneme-timed
visemes by default).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import tempfile
import time
import wave
from pathlib import Path

import cv2
import numpy as np

from streaming.types import OUTPUT_RATE, VIDEO_FPS, AvFrame, SpeechAudio

log = logging.getLogger(__name__)

DEFAULT_TEXT = "안녕하세요. 오늘 무엇을 도와드릴까요?"


def synthesize_demo(text: str) -> list[SpeechAudio]:
    """Korean speech for the demo, from the project's synthesizer (phoneme-timed visemes)."""
    from models.tts import load_synthesizer

    return list(load_synthesizer().synthesize(text))


def render_frames(speech: list[SpeechAudio], portrait: str | None, size: int, lead_s: float = 0.6,
                  tail_s: float = 0.8, seed: int = 7) -> list[AvFrame]:
    """Frames for: a short idle lead-in, the speech, then idle again."""
    from avatar import load_renderer

    stream = load_renderer(portrait, size).stream(seed=seed)
    frames = [stream.next_frame() for _ in range(int(lead_s * VIDEO_FPS))]
    for s in speech:
        stream.push(s)
    total = sum(len(s.pcm) * OUTPUT_RATE // s.sample_rate for s in speech)
    n = int(np.ceil(total / (OUTPUT_RATE / VIDEO_FPS))) + int(tail_s * VIDEO_FPS)
    frames += [stream.next_frame() for _ in range(n)]
    return frames


def pick_frames(frames: list[AvFrame], count: int = 12) -> list[tuple[int, str]]:
    """Indices to show: closed, widest open, most rounded, a blink, then evenly spread speech frames."""
    speaking = [i for i, f in enumerate(frames) if f.speaking]
    chosen: list[tuple[int, str]] = []

    def add(i: int | None, label: str) -> None:
        if i is not None and all(abs(i - j) > 1 for j, _ in chosen):
            chosen.append((i, label))

    add(0, "idle")
    if speaking:
        add(max(speaking, key=lambda i: frames[i].mouth_open), "open")
        add(min(speaking, key=lambda i: frames[i].meta.get("spread", 0.0) - frames[i].mouth_open * 0.2
                if frames[i].mouth_open > 0.25 else 9), "rounded")
        inner = [i for i in speaking if frames[i].mouth_open < 0.05]
        add(inner[len(inner) // 2] if inner else None, "closed")
    blinks = [i for i, f in enumerate(frames) if f.meta.get("blink", 0.0) >= 0.9]
    add(blinks[0] if blinks else None, "blink")
    pool = speaking or list(range(len(frames)))
    for i in np.linspace(pool[0], pool[-1], count * 2).astype(int):
        if len(chosen) >= count:
            break
        add(int(i), "")
    return sorted(chosen)


def contact_sheet(frames: list[AvFrame], picks: list[tuple[int, str]], cols: int = 4, tile: int = 256) -> np.ndarray:
    """A grid of face close-ups, each labelled with its time, mouth opening and why it was picked."""
    from avatar import load_renderer  # noqa: F401  (keeps the import graph obvious)

    size = frames[0].video.shape[0]
    # Close-up on the lower two thirds of the head: where the mouth and eyes move.
    x0, y0, side = int(size * 0.2), int(size * 0.12), int(size * 0.6)
    rows = -(-len(picks) // cols)
    sheet = np.full((rows * (tile + 22), cols * tile, 3), 255, np.uint8)
    for k, (i, label) in enumerate(picks):
        f = frames[i]
        crop = cv2.resize(f.video[y0:y0 + side, x0:x0 + side], (tile, tile), interpolation=cv2.INTER_AREA)
        r, c = divmod(k, cols)
        sheet[r * (tile + 22):r * (tile + 22) + tile, c * tile:(c + 1) * tile] = crop
        text = f"{i / VIDEO_FPS:5.2f}s open {f.mouth_open:.2f} {label}"
        cv2.putText(sheet, text, (c * tile + 6, r * (tile + 22) + tile + 16), cv2.FONT_HERSHEY_SIMPLEX,
                    0.45, (20, 20, 20), 1, cv2.LINE_AA)
    return sheet


def write_mp4(frames: list[AvFrame], path: Path, crf: int = 30) -> None:
    """H.264 + AAC via the ffmpeg binary; the audio is exactly the frames' audio slices."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not installed; cannot write the MP4")
    h, w = frames[0].video.shape[:2]
    with tempfile.TemporaryDirectory() as tmp:
        wav_path = Path(tmp) / "a.wav"
        with wave.open(str(wav_path), "wb") as wf:
            wf.setnchannels(1)
            wf.setsampwidth(2)
            wf.setframerate(OUTPUT_RATE)
            wf.writeframes(np.concatenate([f.audio for f in frames]).tobytes())
        cmd = [ffmpeg, "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
               "-r", str(VIDEO_FPS), "-i", "-", "-i", str(wav_path), "-c:v", "libx264", "-preset", "slow",
               "-crf", str(crf), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-shortest",
               "-movflags", "+faststart", str(path)]
        raw = b"".join(np.ascontiguousarray(f.video).tobytes() for f in frames)
        subprocess.run(cmd, input=raw, check=True)


def contact_sheet_main(argv: list[str]) -> int:
    """Render a contact sheet PNG and an MP4 of the avatar saying a Korean sentence."""
    p = argparse.ArgumentParser(prog="silver-avatar contact-sheet", description=contact_sheet_main.__doc__)
    p.add_argument("--text", default=DEFAULT_TEXT, help="Korean sentence to speak")
    p.add_argument("--portrait", default=None, help="photo of a face (default: the bundled portrait)")
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--out", default="artifacts/avatar_contact_sheet.png", help="PNG path")
    p.add_argument("--mp4", default=None, help="MP4 path (default: next to --out); 'none' to skip")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    from avatar import NoFaceError

    t0 = time.perf_counter()
    speech = synthesize_demo(args.text)
    try:
        frames = render_frames(speech, args.portrait, args.size, seed=args.seed)
    except NoFaceError as exc:
        log.error("%s", exc)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet = contact_sheet(frames, pick_frames(frames))
    cv2.imwrite(str(out), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    log.info("contact sheet: %s (%d frames rendered)", out, len(frames))
    if args.mp4 != "none":
        mp4 = Path(args.mp4) if args.mp4 else out.with_suffix(".mp4")
        write_mp4(frames, mp4)
        log.info("video: %s (%.0f kB)", mp4, mp4.stat().st_size / 1024)
    log.info("done in %.1f s", time.perf_counter() - t0)
    return 0
