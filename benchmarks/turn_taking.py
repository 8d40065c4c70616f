"""Choose the end-of-turn silences by measurement: cut-offs of hesitant speakers vs. turn-end delay.

    python -m benchmarks.turn_taking [--json PATH] [--png PATH]

Senior-like utterances are built from espeak-ng speech: finished questions, greetings and thanks,
and questions broken by a filler and a pause of 0.4–1.4 s ("기초연금은 어… [pause] 누가 받아요?"). The real
Silero VAD and segmenter run over each; at every pause the real Whisper transcribes what was said
so far and the session's completeness rule picks a silence threshold. For each candidate setting
the benchmark replays the decisions and reports how often a hesitant speaker would be cut off
mid-sentence and how long a finished question waits before the turn ends.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np

from benchmarks.stats import machine
from benchmarks.webrtc_client import espeak_utterance
from models.asr import load_transcriber
from models.vad import load_vad
from streaming.audio import resample_int16
from streaming.prosody import final_pitch_slope
from streaming.segmenter import Paused, Resumed, Segmenter
from streaming.turn_config import TurnConfig
from streaming.turn_taking import Completeness, completeness, end_of_turn_verdict

COMPLETE = [
    "기초연금은 누가 받을 수 있나요?", "주민등록등본은 어디서 떼요?", "장기요양 등급은 어떻게 신청해요?",
    "국민연금은 몇 살부터 받아요?", "치매 검사는 어디서 받아요?", "보청기 지원을 받을 수 있나요?",
    # closing formulas: whole utterances whose pitch falls
    "안녕하세요", "고맙습니다", "감사합니다", "안녕히 계세요",
]
HESITANT = [
    ("기초연금은 어…", "누가 받을 수 있나요?"), ("그러니까 등본을", "어디서 떼요?"),
    ("장기요양 등급을 그", "어떻게 신청해요?"), ("제가 작년에 이사를 했는데", "주소를 어디서 바꿔요?"),
    ("음 국민연금을", "몇 살부터 받아요?"), ("저기요 치매 검사를", "어디서 받아요?"),
]
PAUSES_S = (0.4, 0.8, 1.2, 1.4)
RATE = 16_000


def _speech(text: str) -> np.ndarray:
    return resample_int16(espeak_utterance(text), 48_000, RATE)


def pauses_with_transcripts(pcm: np.ndarray, pause_ms: int) -> tuple[list[dict], int]:
    """Every Paused event: silence budget until speech resumes (None at the end) and its transcript."""
    vad = load_vad("silero")
    stream, n = vad.stream(), vad.frame_samples
    seg = Segmenter(TurnConfig(pause_ms=pause_ms, end_silence_ms=10**6, partial_interval_ms=10**6).segmenter_options())
    asr = load_transcriber()
    events, last_voiced = [], 0
    for i in range(0, len(pcm) - n + 1, n):
        frame = pcm[i : i + n]
        prob = stream.speech_prob(frame)
        for ev in seg.push(frame, prob):
            if isinstance(ev, Paused):
                heard = asr.transcribe(ev.segment.pcm, final=True)
                verdict = str(completeness(heard.text, heard.avg_logprob))
                slope = final_pitch_slope(ev.segment.pcm)
                events.append({"at": ev.segment.end, "text": heard.text, "avg_logprob": round(heard.avg_logprob, 2),
                               "verdict": verdict, "pitch_slope": None if slope is None else round(slope, 3),
                               "resumes": None})
            elif isinstance(ev, Resumed) and events:
                events[-1]["resumes"] = ev.at
        if prob >= 0.5:
            last_voiced = i + n
    return events, last_voiced


def decide(events: list[dict], thresholds: dict[str, int], rise: float | None = None) -> tuple[bool, float | None]:
    """(cut off mid-sentence?, turn-end delay after the final pause in ms); ``rise``: the pitch-rise
    threshold that turns "unsure" into "complete" (None: transcript only)."""
    for ev in events:
        wait = thresholds[str(end_of_turn_verdict(ev["text"], ev["avg_logprob"], ev["pitch_slope"], rise))]
        if ev["resumes"] is not None:
            if (ev["resumes"] - ev["at"]) / RATE * 1000 > wait:
                return True, None
        else:
            return False, float(wait)
    return False, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pause-ms", type=int, default=160)
    parser.add_argument("--json", default="artifacts/turn_taking.json")
    parser.add_argument("--png", default="artifacts/turn_taking.png")
    args = parser.parse_args(argv)
    lead = np.zeros(RATE // 2, np.int16)
    tail = np.zeros(3 * RATE, np.int16)
    cases = [("complete", q, np.concatenate([lead, _speech(q), tail])) for q in COMPLETE]
    for (a, b), pause in itertools.product(HESITANT, PAUSES_S):
        gap = np.zeros(int(pause * RATE), np.int16)
        cases.append((f"hesitant {pause:.1f}s", f"{a} … {b}", np.concatenate([lead, _speech(a), gap, _speech(b), tail])))
    analysed = []
    for kind, text, pcm in cases:
        events, _ = pauses_with_transcripts(pcm, args.pause_ms)
        analysed.append({"kind": kind, "text": text, "events": events})
        print(kind, text, [(e["text"], e["avg_logprob"], e["verdict"], e["pitch_slope"]) for e in events], flush=True)
    grid = []
    settings = itertools.product((150, 250, 400, 600), (500, 700, 1000, 1200, 1500, 2000), (1000, 1500, 2000),
                                 (None, 0.1, 0.15, 0.25, 0.5, 1.0))
    for complete_ms, unsure_ms, incomplete_ms, rise in settings:
        th = {str(Completeness.COMPLETE): complete_ms, str(Completeness.UNSURE): unsure_ms,
              str(Completeness.INCOMPLETE): incomplete_ms}  # fmt: skip
        cut = [decide(c["events"], th, rise)[0] for c in analysed if c["kind"].startswith("hesitant")]
        delays = [decide(c["events"], th, rise)[1] for c in analysed if c["kind"] == "complete"]
        delays = [d for d in delays if d is not None]
        grid.append({"eot_complete_ms": complete_ms, "eot_unsure_ms": unsure_ms, "eot_incomplete_ms": incomplete_ms,
                     "eot_rise_octaves_per_s": rise, "hesitant_cut_off_rate": round(float(np.mean(cut)), 3),
                     "complete_turn_end_ms_mean": round(float(np.mean(delays)), 1) if delays else None})  # fmt: skip
    fixed = []
    for ms in (300, 500, 700, 1000, 1500):
        th = {v: ms for v in (str(c) for c in Completeness)}
        cut = [decide(c["events"], th)[0] for c in analysed if c["kind"].startswith("hesitant")]
        fixed.append({"fixed_silence_ms": ms, "hesitant_cut_off_rate": round(float(np.mean(cut)), 3),
                      "complete_turn_end_ms_mean": float(ms)})  # fmt: skip
    verdicts = [e["verdict"] for c in analysed for e in c["events"]]
    report = {"machine": machine(), "pause_ms": args.pause_ms, "cases": analysed, "adaptive": grid, "fixed": fixed,
              "verdict_counts": {v: verdicts.count(v) for v in set(verdicts)}}  # fmt: skip
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, rows in (("adaptive: transcript only", [g for g in grid if g["eot_rise_octaves_per_s"] is None]),
                        ("adaptive: transcript + final pitch rise", [g for g in grid if g["eot_rise_octaves_per_s"]])):
        ax.scatter([g["complete_turn_end_ms_mean"] for g in rows], [g["hesitant_cut_off_rate"] for g in rows], s=12,
                   alpha=0.6, label=label)
    ax.plot([f["complete_turn_end_ms_mean"] for f in fixed], [f["hesitant_cut_off_rate"] for f in fixed], "rs-", label="one fixed silence")
    ax.set_xlabel("finished question: silence before the turn ends (ms)")
    ax.set_ylabel("hesitant speakers cut off mid-sentence")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.png, dpi=110)
    print("fixed:", fixed)
    best = sorted(grid, key=lambda g: (g["hesitant_cut_off_rate"], g["complete_turn_end_ms_mean"] or 1e9))[:5]
    print("best adaptive settings:", best)
    print(f"wrote {args.json} and {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
