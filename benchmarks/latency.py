"""End of a senior's sentence → the avatar's first word, through a real WebRTC connection.

    python -m benchmarks.latency [--url http://127.0.0.1:8080] [--turns 22] [--json PATH] [--png PATH]

Without ``--url`` it starts its own server (default configuration) in a child process. The client
is an aiortc peer in this process (loopback only) that speaks espeak-ng Korean questions. Per turn it
measures from the end of speech (the last voiced sample the client sent) to: the final transcript
event, the reply event, the first non-silent reply audio received, and the first received frame
with the mouth open. It also reports received fps, the audio/video offset, barge-in (speech onset →
avatar audio stopped) and the server's CPU use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from pathlib import Path

import numpy as np

from benchmarks.serverproc import ServerProcess, client_yields_cpu
from benchmarks.stats import machine, summary
from benchmarks.utterances import QUESTIONS
from benchmarks.webrtc_client import AvatarPeer, espeak_utterance

log = logging.getLogger("benchmarks.latency")
SPEECH_DB = -45.0  # received audio louder than this is speech (silence is digital zero)


def first_after(samples: list[tuple[float, float]], t0: float, predicate) -> float | None:
    for t, value in samples:
        if t > t0 and predicate(value):
            return t
    return None


async def run_turn(peer: AvatarPeer, pcm: np.ndarray, baseline: float) -> dict:
    n_events = len(peer.received.events)
    peer.mic.say(pcm)
    await peer.mic.utterance_done.wait()
    eos = peer.mic.last_voiced_sent
    t_final, final = await peer.wait_for(lambda e: e["type"] == "transcript" and e["final"], 30, n_events)
    t_reply, reply = await peer.wait_for(lambda e: e["type"] == "reply", 30, n_events)
    deadline = time.monotonic() + 20
    t_audio = t_mouth = None
    while time.monotonic() < deadline and (t_audio is None or (t_mouth is None and peer.mouth_box)):
        await asyncio.sleep(0.05)
        t_audio = t_audio or first_after(peer.received.audio, eos, lambda db: db > SPEECH_DB)
        if peer.mouth_box:
            t_mouth = t_mouth or first_after(peer.received.video, eos, lambda d: d > baseline + 0.08)
    metrics = next((e for _, e in peer.received.events[n_events:] if e["type"] == "metrics"), {})
    ms = lambda t: None if t is None else round((t - eos) * 1000, 1)  # noqa: E731
    return {
        "question_text": final.get("text"),
        "entry_id": reply.get("entry_id"),
        "eos_to_final_transcript_ms": ms(t_final),
        "eos_to_reply_ms": ms(t_reply),
        "eos_to_first_audio_ms": ms(t_audio),
        "eos_to_mouth_open_ms": ms(t_mouth),
        "av_offset_ms": None if (t_audio is None or t_mouth is None) else round((t_mouth - t_audio) * 1000, 1),
        "t_first_audio": t_audio,
        "server_asr_ms": metrics.get("asr_ms"),  # Whisper time inside the (speculative) turn
        "server_respond_ms": metrics.get("respond_ms"),
        "server_first_audio_ms": metrics.get("first_audio_ms"),  # the server's own clock: slot of the first speaking frame
    }


async def measure_barge_in(peer: AvatarPeer, question: np.ndarray, interjection: np.ndarray) -> dict | None:
    n_events = len(peer.received.events)
    peer.mic.say(question)
    await peer.mic.utterance_done.wait()
    await peer.wait_for(lambda e: e["type"] == "state" and e["state"] == "speaking", 30, n_events)
    await asyncio.sleep(0.8)
    n_events = len(peer.received.events)
    peer.mic.say(interjection)
    try:
        _, event = await peer.wait_for(lambda e: e["type"] == "interrupted", 10, n_events)
    except TimeoutError:
        return None
    await asyncio.sleep(0.5)
    onset = peer.mic.first_voiced_sent or time.monotonic()
    # the avatar's audio stopped: first of 5 consecutive silent packets after the onset
    audio = [(t, db) for t, db in peer.received.audio if t > onset]
    stopped = None
    for i in range(len(audio) - 5):
        if all(db < SPEECH_DB for _, db in audio[i : i + 5]):
            stopped = audio[i][0]
            break
    await peer.mic.utterance_done.wait()
    await peer.wait_for(lambda e: e["type"] == "reply", 30, n_events)  # the new utterance is handled
    peer.send({"type": "interrupt"})
    return {"onset_to_audio_stopped_ms": None if stopped is None else round((stopped - onset) * 1000, 1),
            "played_s": event.get("played_s")}


async def benchmark(url: str | None, turns: int, barge_ins: int, server_args: list[str]) -> dict:
    server = ServerProcess(server_args, log_path=Path("artifacts/latency-server.log")) if url is None else None
    if server is not None:
        url = await server.__aenter__()
    client_yields_cpu()
    try:
        questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(turns)]
        audio = {q: espeak_utterance(q) for q in set(questions)}
        peer = AvatarPeer()
        await peer.connect(url)
        await peer.wait_for(lambda e: e["type"] == "session", 10)
        await asyncio.sleep(1.5)
        baseline = float(np.median([d for _, d in peer.received.video])) if peer.received.video else 0.0
        cpu0, wall0 = (server.cpu_seconds() if server else None), time.monotonic()
        frames0 = peer.received.video_frames
        results = []
        for i, q in enumerate(questions):
            result = await run_turn(peer, audio[q], baseline)
            log.info("turn %d/%d: %s", i + 1, turns, {k: v for k, v in result.items() if k.endswith("_ms")})
            results.append(result)
            peer.send({"type": "interrupt"})  # skip the rest of the answer: the benchmark measures onsets
            await asyncio.sleep(1.2)
        wall = time.monotonic() - wall0
        fps = (peer.received.video_frames - frames0) / wall
        cpu1 = server.cpu_seconds() if server else None
        barge = []
        stop_word = espeak_utterance("잠깐만요, 그게 아니고요")
        for i in range(barge_ins):
            b = await measure_barge_in(peer, audio[questions[i % len(questions)]], stop_word)
            if b:
                barge.append(b)
            await asyncio.sleep(1.0)
        await peer.close()
    finally:
        if server is not None:
            await server.__aexit__(None, None, None)
    key = lambda k: [r[k] for r in results]  # noqa: E731
    return {
        "turns": len(results),
        "url": url if server is None else "own server (default configuration)",
        "machine": machine(),
        "end_of_speech_to_final_transcript_ms": summary(key("eos_to_final_transcript_ms")),
        "end_of_speech_to_reply_ms": summary(key("eos_to_reply_ms")),
        "end_of_speech_to_first_audio_ms": summary(key("eos_to_first_audio_ms")),
        "end_of_speech_to_mouth_open_ms": summary(key("eos_to_mouth_open_ms")),
        "av_offset_ms": summary(key("av_offset_ms")),
        "server_asr_ms": summary(key("server_asr_ms")),
        "server_respond_ms": summary(key("server_respond_ms")),
        "fps": round(fps, 2),
        "server_cpu_percent_of_one_core": None if cpu1 is None or cpu0 is None else round(100 * (cpu1 - cpu0) / wall, 1),
        "barge_in_onset_to_audio_stopped_ms": summary([b["onset_to_audio_stopped_ms"] for b in barge]),
        "barge_in_trials": len(barge),
        "per_turn": results,
    }


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    turns = report["per_turn"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    idx = np.arange(len(turns))
    asr = [t["eos_to_final_transcript_ms"] or 0 for t in turns]
    respond = [max(0, (t["eos_to_reply_ms"] or 0) - (t["eos_to_final_transcript_ms"] or 0)) for t in turns]
    speak = [max(0, (t["eos_to_first_audio_ms"] or 0) - (t["eos_to_reply_ms"] or 0)) for t in turns]
    ax1.bar(idx, asr, label="end of speech → final transcript (turn end + ASR)")
    ax1.bar(idx, respond, bottom=asr, label="→ reply (dialogue)")
    ax1.bar(idx, speak, bottom=np.add(asr, respond), label="→ first audio at client (TTS, render, network)")
    ax1.axhline(600, color="k", ls="--", lw=1, label="600 ms target")
    ax1.set_xlabel("turn")
    ax1.set_ylabel("ms")
    ax1.legend(fontsize=7)
    firsts = sorted(t["eos_to_first_audio_ms"] for t in turns if t["eos_to_first_audio_ms"] is not None)
    if firsts:
        ax2.plot(firsts, np.arange(1, len(firsts) + 1) / len(firsts), drawstyle="steps-post")
    ax2.axvline(600, color="k", ls="--", lw=1)
    ax2.set_xlabel("end of speech → first reply audio (ms)")
    ax2.set_ylabel("CDF")
    fig.suptitle(f"Silver Avatar latency ({report['machine']['cores']} cores, {report['turns']} turns)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server; default: start one with the default configuration")
    parser.add_argument("--turns", type=int, default=22)
    parser.add_argument("--barge-ins", type=int, default=5)
    parser.add_argument("--json", default="artifacts/latency.json", help="where to write the JSON report")
    parser.add_argument("--png", default="artifacts/latency.png")
    parser.add_argument("--server-arg", action="append", default=[], help="extra argument for the started server")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    from server.loopback import enable_loopback_candidates

    enable_loopback_candidates()
    report = asyncio.run(benchmark(args.url, args.turns, args.barge_ins, args.server_arg))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    plot(report, Path(args.png))
    print(f"turns: {report['turns']}   fps: {report['fps']}   server CPU: {report['server_cpu_percent_of_one_core']}% of a core")
    for key in ("end_of_speech_to_final_transcript_ms", "end_of_speech_to_reply_ms", "end_of_speech_to_first_audio_ms",
                "end_of_speech_to_mouth_open_ms", "av_offset_ms", "barge_in_onset_to_audio_stopped_ms",
                "server_asr_ms", "server_respond_ms"):
        s = report[key]
        print(f"{key:<45} p50 {s['p50']!s:>8}  p95 {s['p95']!s:>8}  (n={s['n']})")
    print(f"wrote {args.json} and {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
