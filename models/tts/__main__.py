"""Write a reply as speech to a wav file, to listen to a voice or setting.

python -m models.tts "기초연금은 만 65세부터 받으세요." --out artifacts/say.wav [--rate 0.8]
python -m models.tts "…" --backend espnet --model-dir voices/kss-jets/exp
"""

from __future__ import annotations

import argparse
import json
import time
import wave
from pathlib import Path

import numpy as np

from models.tts import load_synthesizer


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m models.tts", description=__doc__.split("\n\n")[0])
    p.add_argument("text")
    p.add_argument("--out", type=Path, default=Path("artifacts/say.wav"))
    p.add_argument("--rate", type=float, default=1.0, help="per-call speed multiplier (0.8 = slower)")
    p.add_argument("--backend", default="espeak", choices=("espeak", "espnet"))
    p.add_argument("--model-dir", default=None)
    p.add_argument("--voice", default=None, help="espeak voice, e.g. ko+f2")
    args = p.parse_args(argv)
    config: dict = {"backend": args.backend}
    if args.model_dir:
        config["model_dir"] = args.model_dir
    if args.voice:
        config["voice"] = args.voice
    synth = load_synthesizer(config)
    started = time.perf_counter()
    clips, first_ms = [], None
    for clip in synth.synthesize(args.text, rate=args.rate):
        first_ms = first_ms if first_ms is not None else (time.perf_counter() - started) * 1000
        clips.append(clip)
    pcm = np.concatenate([c.pcm for c in clips]) if clips else np.zeros(0, np.int16)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(args.out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(synth.sample_rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    summary = {
        "out": str(args.out),
        "sentences": len(clips),
        "seconds": round(len(pcm) / synth.sample_rate, 2),
        "first_audio_ms": round(first_ms or 0.0, 1),
        "visemes": sum(len(c.visemes) for c in clips),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
