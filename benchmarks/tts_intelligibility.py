"""How well can the avatar's speech be understood? Synthesize knowledge-base answers, transcribe them
back with the bundled Whisper base, and report the character error rate (CER) per backend and setting.

    python -m benchmarks.tts_intelligibility --json artifacts/tts_intelligibility.json
    python -m benchmarks.tts_intelligibility --espnet-model-dir voices/kss-jets/exp   # add a JETS voice
    python -m benchmarks.tts_intelligibility --quick                                  # ~1 minute

Whisper is a proxy listener: it is harsher than a person on synthetic speech, but it is offline,
repeatable and the same model the avatar uses to listen. References and transcripts are both
normalized with ``normalize_ko`` (so "65세" and "육십오 세" match) and compared without spaces or
punctuation. Each utterance's errors are capped at its reference length so that one Whisper
repetition loop cannot push the CER past 100 %.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from models.tts.normalize_ko import normalize, split_sentences
from streaming.hangul import edit_distance
from streaming.types import ANALYSIS_RATE

logger = logging.getLogger(__name__)


def clean_for_cer(text: str) -> str:
    """Spoken form without spaces and punctuation: the unit CER counts."""
    return re.sub(r"[^0-9A-Za-z가-힣]", "", normalize(text))


def utterance_errors(ref: str, hyp: str) -> tuple[int, int]:
    """``(errors, reference length)`` with errors capped at the reference length."""
    r, h = clean_for_cer(ref), clean_for_cer(hyp)
    return min(edit_distance(r, h), len(r)), len(r)


def to_analysis_rate(pcm: np.ndarray, rate: int) -> np.ndarray:
    if rate == ANALYSIS_RATE:
        return pcm
    g = math.gcd(rate, ANALYSIS_RATE)
    out = resample_poly(pcm.astype(np.float32), ANALYSIS_RATE // g, rate // g)
    return np.clip(out, -32768, 32767).astype(np.int16)


@dataclass
class Setting:
    name: str
    group: str  # "rate", "voice", "pitch", "normalization", "default", "backend"
    config: dict


def espeak_settings(base: dict) -> list[Setting]:
    from models.tts.espeak import EspeakOptions

    d = EspeakOptions()
    out = [Setting("default", "default", dict(base))]
    for wpm in (110, 130, 150, 175):
        if wpm != d.wpm:
            out.append(Setting(f"{wpm} wpm", "rate", {**base, "wpm": wpm}))
    for voice in ("ko", "ko+klatt", "ko+klatt2", "ko+klatt4", "ko+m1", "ko+f2"):
        if voice != d.voice:
            out.append(Setting(f"voice {voice}", "voice", {**base, "voice": voice}))
    for pitch in (30, 60):
        out.append(Setting(f"pitch {pitch}", "pitch", {**base, "pitch": pitch}))
    out.append(Setting("normalization off", "normalization", {**base, "normalize": False}))
    out.append(Setting("sound-change rules off", "pronunciation", {**base, "pronounce": False}))
    return out


def _transcribe_sentences(synth, sentences: list[str], asr, rate: float = 1.0) -> tuple[int, int, list[dict]]:
    errors = total = 0
    samples = []
    for s in sentences:
        clip = (
            synth.synthesize_sentence(s, rate=rate)
            if hasattr(synth, "synthesize_sentence")
            else next(iter(synth.synthesize(s, rate=rate)))
        )
        hyp = asr.transcribe(to_analysis_rate(clip.pcm, clip.sample_rate), final=True, prompt="").text
        e, n = utterance_errors(s, hyp)
        errors, total = errors + e, total + n
        samples.append({"ref": s, "hyp": hyp, "cer": round(e / max(n, 1), 3)})
    return errors, total, samples


def first_audio_latency(synth, answers: list[str]) -> dict:
    """Milliseconds from calling ``synthesize`` to the first ``SpeechAudio``, and the real-time factor."""
    firsts, rtfs = [], []
    for text in answers:
        started = time.perf_counter()
        gen = iter(synth.synthesize(text))
        first = next(gen)
        firsts.append((time.perf_counter() - started) * 1000)
        audio = first.duration + sum(c.duration for c in gen)
        rtfs.append((time.perf_counter() - started) / max(audio, 1e-6))
    return {
        "first_audio_ms_median": round(statistics.median(firsts), 1),
        "first_audio_ms_p90": round(sorted(firsts)[int(0.9 * (len(firsts) - 1))], 1),
        "real_time_factor_median": round(statistics.median(rtfs), 4),
        "answers": len(answers),
    }


def run(args: argparse.Namespace) -> dict:
    from models.asr import load_transcriber
    from models.knowledge import default_entries
    from models.tts import load_synthesizer

    entries = default_entries()
    step = max(1, len(entries) // args.answers)
    answers = [e.answer for e in entries[::step]][: args.answers]
    sentences = [s for a in answers for s in split_sentences(a)]
    sweep = [split_sentences(a)[0] for a in answers[:: max(1, len(answers) // args.sweep_sentences)]][
        : args.sweep_sentences
    ]
    asr = load_transcriber()
    logger.info("%d answers (%d sentences); sweep on %d sentences", len(answers), len(sentences), len(sweep))
    result: dict = {
        "answers": len(answers),
        "sentences": len(sentences),
        "sweep_sentences": len(sweep),
        "backends": {},
        "sweep": [],
    }

    backends = {"espeak": {"backend": "espeak"}}
    if args.espnet_model_dir:
        backends["espnet"] = {"backend": "espnet", "model_dir": args.espnet_model_dir}
    for name, cfg in backends.items():
        synth = load_synthesizer(cfg)
        started = time.perf_counter()
        e, n, samples = _transcribe_sentences(synth, sentences, asr)
        slow_e, slow_n, _ = _transcribe_sentences(synth, sweep, asr, rate=0.8)
        result["backends"][name] = {
            "config": cfg,
            "cer": round(e / n, 4),
            "cer_at_rate_0.8_sweep_subset": round(slow_e / slow_n, 4),
            "latency": first_audio_latency(synth, answers),
            "examples": samples[:8],
            "seconds": round(time.perf_counter() - started, 1),
        }
        logger.info("%s: CER %.3f over %d sentences", name, e / n, len(sentences))

    if not args.no_sweep:
        from models.tts.espeak import EspeakOptions, EspeakSynthesizer

        for st in espeak_settings({}):
            synth = EspeakSynthesizer(EspeakOptions(**st.config))
            e, n, samples = _transcribe_sentences(synth, sweep, asr)
            result["sweep"].append(
                {
                    "name": st.name,
                    "group": st.group,
                    "config": st.config,
                    "cer": round(e / n, 4),
                    "example": samples[0],
                }
            )
            logger.info("sweep %-20s CER %.3f", st.name, e / n)
    return result


def write_plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(f"{b} (all {result['sentences']} sentences)", v["cer"]) for b, v in result["backends"].items()]
    rows += [(f"espeak: {s['name']}", s["cer"]) for s in result["sweep"]]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.5))
    names = [r[0] for r in rows][::-1]
    values = [r[1] * 100 for r in rows][::-1]
    ax.barh(names, values, color=["#c44" if v > 10 else "#4a4" for v in values])
    ax.axvline(10, color="k", linestyle="--", linewidth=1)
    ax.text(10.5, len(rows) - 0.6, "target 10 %", fontsize=8)
    ax.set_xlabel("character error rate of a Whisper-base round trip (%)")
    ax.set_xlim(0, 105)
    ax.set_title("Korean TTS intelligibility (lower is better)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown_table(result: dict) -> str:
    lines = ["| backend / setting | sentences | CER |", "|---|---|---|"]
    for b, v in result["backends"].items():
        lines.append(f"| {b} (default) | {result['sentences']} | {v['cer'] * 100:.1f} % |")
        lines.append(
            f"| {b}, rate 0.8 | {result['sweep_sentences']} | {v['cer_at_rate_0.8_sweep_subset'] * 100:.1f} % |"
        )
    for s in result["sweep"]:
        lines.append(f"| espeak: {s['name']} | {result['sweep_sentences']} | {s['cer'] * 100:.1f} % |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--json", type=Path, default=Path("artifacts/tts_intelligibility.json"))
    p.add_argument("--plot", type=Path, default=None, help="PNG path (default: next to --json)")
    p.add_argument("--answers", type=int, default=40)
    p.add_argument("--sweep-sentences", type=int, default=10)
    p.add_argument("--no-sweep", action="store_true", help="only the backends' defaults")
    p.add_argument("--espnet-model-dir", default=None, help="also measure this ESPnet voice")
    p.add_argument("--quick", action="store_true", help="10 answers, 5 sweep sentences")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("faster_whisper").setLevel(logging.WARNING)
    logging.getLogger("models.asr").setLevel(logging.ERROR)  # synthetic speech is often slower than real time
    if args.quick:
        args.answers, args.sweep_sentences = 10, 5
    started = time.perf_counter()
    result = run(args)
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    plot = args.plot or args.json.with_suffix(".png")
    write_plot(result, plot)
    print(markdown_table(result))
    for b, v in result["backends"].items():
        lat = v["latency"]
        print(
            f"{b}: first audio {lat['first_audio_ms_median']} ms median (p90 {lat['first_audio_ms_p90']} ms), "
            f"real-time factor {lat['real_time_factor_median']}"
        )
    print(f"wrote {args.json} and {plot} in {result['wall_seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
