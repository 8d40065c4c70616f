"""Where a session's CPU goes: each stage of the real pipeline timed alone, in CPU seconds.

    python -m benchmarks.session_cost [--json artifacts/session_cost.json] [--png artifacts/session_cost.png]
                                      [--turn-every-s 6] [--whole-session-cpu 44]

Every stage runs the production code with one compute thread and the default models; CPU time is
``time.process_time`` (this process's CPU, all its threads), so other work on a shared machine does
not inflate it:

- per second of a call: the avatar frames (render), their VP8 encode, the Opus encode of the
  avatar's audio, and the microphone path (Opus decode, 48 → 16 kHz resampling, the voice
  detector), all at 25 frames / 50 packets a second;
- per turn: Whisper on a spoken question (its live-caption partials and the final decode), the
  understanding + retrieval of the answer, and the TTS of that answer.

A "conversation minute" then adds one turn every ``--turn-every-s`` seconds (what
``benchmarks.load`` does) and the avatar speaking ``--speaking-share`` of the time. Given the whole server's measured CPU for one session
(``--whole-session-cpu``, % of a core, e.g. from ``benchmarks.load``), the rest is reported as
aiortc's packet handling and Python overhead (RTP/SRTP/SCTP, the event loop, pacing).
"""

from __future__ import annotations

import argparse
import fractions
import json
import os
import time
from pathlib import Path

import numpy as np

from benchmarks.stats import machine
from benchmarks.utterances import QUESTIONS


def _one_thread() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import cv2

    cv2.setNumThreads(1)
    import torch

    torch.set_num_threads(1)


def _cpu_ms(fn, repeat: int) -> float:
    """Median CPU milliseconds of ``fn()`` on this thread over ``repeat`` runs (after one warm-up)."""
    fn()
    out = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        out.append((time.process_time() - t) * 1000)
    return float(np.median(out))


def measure(turn_every_s: float, speaking_share: float) -> dict:
    import av
    from aiortc.codecs.opus import OpusDecoder, OpusEncoder
    from aiortc.codecs.vpx import Vp8Encoder

    from benchmarks.webrtc_client import espeak_utterance
    from server.config import load_config
    from server.engines import load_engines, shutdown_engines
    from streaming.audio import InboundResampler
    from streaming.video_encoder import LeanVp8Encoder

    engines = load_engines(load_config())
    try:
        stream = engines.renderer.stream(seed=1)
        speech = next(iter(engines.synthesizer.synthesize("기초연금은 만 65세 이상이면 신청하실 수 있어요.")))

        # --- per frame / packet -----------------------------------------------------------
        def render_idle() -> None:
            stream.next_frame()

        idle_ms = _cpu_ms(render_idle, 100)
        frames_of_speech = int(len(speech.pcm) / 48000 * 25)
        for _ in range(3):
            stream.push(speech)
        speaking_ms = _cpu_ms(render_idle, min(150, 3 * frames_of_speech - 10))  # the same call, mouth moving
        stream.clear()
        frames = [stream.next_frame().video for _ in range(50)]
        def encode_with(encoder) -> float:
            i = [0]

            def encode() -> None:
                vf = av.VideoFrame.from_ndarray(frames[i[0] % len(frames)], format="rgb24")
                vf.pts, vf.time_base = i[0] * 3600, fractions.Fraction(1, 90000)
                i[0] += 1
                encoder.encode(vf)

            return _cpu_ms(encode, 150)

        vp8_ms = encode_with(LeanVp8Encoder())  # what the server uses (streaming/video_encoder.py)
        vp8_aiortc_ms = encode_with(Vp8Encoder())
        pcm48 = (np.random.default_rng(0).standard_normal(960) * 2000).astype(np.int16)
        opus_enc = OpusEncoder()

        def opus_out() -> None:
            af = av.AudioFrame.from_ndarray(np.repeat(pcm48, 2).reshape(1, -1), format="s16", layout="stereo")
            af.sample_rate, af.pts, af.time_base = 48000, 0, fractions.Fraction(1, 48000)
            opus_enc.encode(af)

        opus_out_ms = _cpu_ms(opus_out, 300)
        packet = opus_enc.encode(_audio_frame(pcm48))[0][0]
        opus_dec = OpusDecoder()
        from aiortc.jitterbuffer import JitterFrame

        mic_decode_ms = _cpu_ms(lambda: opus_dec.decode(JitterFrame(packet, 0)), 300)
        resampler = InboundResampler()
        mic_frame = _audio_frame(pcm48)
        resample_ms = _cpu_ms(lambda: resampler(mic_frame), 300)
        vad = engines.vad.stream()
        vad_frame = np.zeros(512, np.int16) + (np.random.default_rng(1).standard_normal(512) * 500).astype(np.int16)
        vad_ms = _cpu_ms(lambda: vad.speech_prob(vad_frame), 200)
        vad_frames_per_s = 16000 / len(vad_frame)

        # --- per turn ----------------------------------------------------------------------
        question = "기초연금은 누가 받을 수 있나요?"
        utter = espeak_utterance(question)
        utter16 = utter[::3] if len(utter) > 16000 * 8 else utter
        partials = max(0, int(len(utter16) / 16000) - 1)  # one live caption a second while speaking

        def whisper_turn() -> None:
            for k in range(partials):
                engines.transcriber.transcribe(utter16[: (k + 1) * 16000], final=False)
            engines.transcriber.transcribe(utter16, final=True)

        whisper_ms = _cpu_ms(whisper_turn, 3)
        answer = engines.responder.conversation().reply(question)
        asked = iter(QUESTIONS * 2)  # a new question each time: recent embeddings are memoised
        understand_ms = _cpu_ms(lambda: engines.responder.conversation().reply(next(asked)), 5)
        tts_ms = _cpu_ms(lambda: list(engines.synthesizer.synthesize(answer.text)), 3)
        answer_s = sum(len(s.pcm) for s in engines.synthesizer.synthesize(answer.text)) / 48000
    finally:
        shutdown_engines(engines)

    per_s = {
        "render (idle face)": idle_ms * 25,
        "VP8 encode 512 px": vp8_ms * 25,
        "render while speaking (extra over idle)": max(0.0, speaking_ms - idle_ms) * 25 * speaking_share,
        "Opus encode (avatar audio)": opus_out_ms * 50,
        "microphone: Opus decode": mic_decode_ms * 50,
        "microphone: 48→16 kHz resampling": resample_ms * 50,
        "voice detector (Silero)": vad_ms * vad_frames_per_s,
    }
    per_turn = {
        "Whisper (partials + final)": whisper_ms,
        "understanding + retrieval": understand_ms,
        "TTS of the answer": tts_ms,
    }
    minute = {k: v * 60 / 1000 for k, v in per_s.items()}
    minute.update({k: v * (60 / turn_every_s) / 1000 for k, v in per_turn.items()})
    return {
        "per_frame_ms": {"render_idle": idle_ms, "render_speaking": speaking_ms, "vp8_encode_512": vp8_ms,
                         "vp8_encode_512_aiortc_default": vp8_aiortc_ms},
        "speaking_share": speaking_share,
        "per_second_cpu_ms": per_s,
        "per_turn_cpu_ms": per_turn,
        "answer_seconds": answer_s,
        "turn_every_s": turn_every_s,
        "conversation_minute_cpu_s": minute,
    }


def _audio_frame(pcm48: np.ndarray):
    import av

    af = av.AudioFrame.from_ndarray(np.repeat(pcm48, 2).reshape(1, -1), format="s16", layout="stereo")
    af.sample_rate, af.pts, af.time_base = 48000, 0, fractions.Fraction(1, 48000)
    return af


def table(report: dict, whole_percent: float | None) -> list[tuple[str, float]]:
    """(stage, % of one core over a conversation minute), with aiortc/Python overhead if the whole is known."""
    rows = [(k, 100 * v / 60) for k, v in report["conversation_minute_cpu_s"].items()]
    if whole_percent is not None:
        rows.append(("aiortc packets, event loop, pacing (rest of the measured whole)",
                     max(0.0, whole_percent - sum(v for _, v in rows))))  # fmt: skip
    return sorted(rows, key=lambda r: -r[1])


def plot(rows: list[tuple[str, float]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.4 * len(rows) + 1.2))
    ax.barh([r[0] for r in rows][::-1], [r[1] for r in rows][::-1], color="#4a7")
    ax.set_xlabel("% of one core (conversation minute)")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", default="artifacts/session_cost.json")
    parser.add_argument("--png", default="artifacts/session_cost.png")
    parser.add_argument("--turn-every-s", type=float, default=6.0)
    parser.add_argument("--speaking-share", type=float, default=0.4, help="share of the call the avatar speaks")
    parser.add_argument("--whole-session-cpu", type=float, default=None,
                        help="measured server CPU of one session, %% of a core (benchmarks.load's server_cpu_percent)")
    args = parser.parse_args(argv)
    _one_thread()
    report = measure(args.turn_every_s, args.speaking_share)
    rows = table(report, args.whole_session_cpu)
    report.update(machine=machine(), whole_session_cpu_percent=args.whole_session_cpu,
                  table_percent_of_core=dict(rows))  # fmt: skip
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    plot(rows, Path(args.png), f"One session's CPU by stage, a turn every {args.turn_every_s:g} s")
    print(f"{'stage':<66} % of a core")
    for name, pct in rows:
        print(f"{name:<66} {pct:6.1f}")
    print(f"{'sum':<66} {sum(p for _, p in rows):6.1f}")
    f = report["per_frame_ms"]
    print(f"VP8 per frame: {f['vp8_encode_512']:.2f} ms served, {f['vp8_encode_512_aiortc_default']:.2f} ms aiortc's settings")
    print(f"wrote {args.json} and {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
