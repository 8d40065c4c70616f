"""Bounded soak: several sessions talk to one server for N minutes; fps and A/V offset must stay steady.

    python -m benchmarks.soak [--minutes 10] [--sessions 3] [--url URL] [--json PATH] [--png PATH]

Not part of ``make test`` (it runs for minutes). Without ``--url`` it starts its own server (default
configuration) in a child process. Each session is a real aiortc peer on loopback that asks a question
(text, over the data channel) every ``--ask-every`` seconds, so the avatar alternates between idle and
speaking the whole time. Per window of ``--window`` seconds it reports, for every session, the video
frames received per second, and for every reply the audio/video offset: first mouth-open frame minus
first loud audio frame, both as received. It also samples the server's resident memory and CPU.
The report ends with the drift: the last window against the first (fps, offset, memory).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import time
from pathlib import Path

import numpy as np

from benchmarks.latency import SPEECH_DB, first_after
from benchmarks.serverproc import ServerProcess, process_cpu_seconds
from benchmarks.stats import machine, summary
from benchmarks.utterances import QUESTIONS
from benchmarks.webrtc_client import AvatarPeer

log = logging.getLogger("benchmarks.soak")


def rss_mib(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def measure_reply(peer: AvatarPeer, text: str, baseline: float) -> dict | None:
    """Ask one question; the offset of the first mouth-open frame against the first loud audio."""
    after = len(peer.received.events)
    peer.send({"type": "ask", "text": text})
    try:
        t_reply, _ = await peer.wait_for(lambda e: e["type"] == "reply", 30, after)
    except TimeoutError:
        return {"t": time.monotonic(), "error": "no reply"}
    t_audio = t_mouth = None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (t_audio is None or (t_mouth is None and peer.mouth_box)):
        await asyncio.sleep(0.05)
        t_audio = t_audio or first_after(peer.received.audio, t_reply, lambda db: db > SPEECH_DB)
        if peer.mouth_box:
            t_mouth = t_mouth or first_after(peer.received.video, t_reply, lambda d: d > baseline + 0.08)
    offset = None if t_audio is None or t_mouth is None else round((t_mouth - t_audio) * 1000, 1)
    return {"t": t_reply, "av_offset_ms": offset, "reply_to_audio_ms": None if t_audio is None else round((t_audio - t_reply) * 1000, 1)}


async def run_session(index: int, url: str, stop_at: float, ask_every: float, log_: list[dict]) -> AvatarPeer:
    peer = AvatarPeer()
    await peer.connect(url)
    await peer.wait_for(lambda e: e["type"] == "session", 10)
    await asyncio.sleep(1.5)
    darkness = [d for _, d in peer.received.video[-25:]] or [0.0]
    baseline = float(np.median(darkness))
    k = index
    while time.monotonic() < stop_at - ask_every / 2:
        started = time.monotonic()
        result = await measure_reply(peer, QUESTIONS[k % len(QUESTIONS)], baseline)
        if result is not None:
            log_.append({"session": index, **result})
        k += 1
        await asyncio.sleep(max(0.0, ask_every - (time.monotonic() - started)))
    return peer


async def soak(url: str | None, minutes: float, sessions: int, ask_every: float, window: float) -> dict:
    server = ServerProcess(log_path=Path("artifacts/soak-server.log")) if url is None else None
    async with server if server is not None else contextlib.nullcontext(url) as base:
        pid = server.proc.pid if server is not None and server.proc else None
        t0 = time.monotonic()
        stop_at = t0 + minutes * 60
        replies: list[dict] = []
        samples: list[dict] = []
        tasks = [asyncio.create_task(run_session(i, base, stop_at, ask_every, replies)) for i in range(sessions)]
        cpu_prev, t_prev = process_cpu_seconds(pid) if pid else None, time.monotonic()
        while time.monotonic() < stop_at and not all(t.done() for t in tasks):
            await asyncio.sleep(min(5.0, max(0.1, stop_at - time.monotonic())))
            cpu, now = process_cpu_seconds(pid) if pid else None, time.monotonic()
            samples.append({"t": now - t0, "rss_mib": rss_mib(pid),
                            "cpu_percent": None if cpu is None or cpu_prev is None else round(100 * (cpu - cpu_prev) / (now - t_prev), 1)})  # fmt: skip
            cpu_prev, t_prev = cpu, now
        peers = []
        for task in tasks:
            try:
                peers.append(await task)
            except Exception as exc:  # a session that failed is a finding, not a crash of the benchmark
                log.error("session failed: %r", exc)
        windows = _windows(peers, replies, samples, t0, minutes * 60, window)
        for peer in peers:
            await peer.close()
    first, last = windows[0], windows[-1]
    return {
        "benchmark": "soak",
        "machine": machine(),
        "minutes": minutes,
        "sessions": sessions,
        "sessions_survived": len(peers),
        "ask_every_s": ask_every,
        "window_s": window,
        "replies": len(replies),
        "replies_failed": sum(1 for r in replies if r.get("error")),
        "fps": summary([w["fps_min"] for w in windows]),
        "av_offset_ms": summary([r.get("av_offset_ms") for r in replies]),
        "drift": {
            "fps_first_last": [first["fps_mean"], last["fps_mean"]],
            "av_offset_ms_first_last": [first["av_offset_ms_p50"], last["av_offset_ms_p50"]],
            "server_rss_mib_first_last": [first["server_rss_mib"], last["server_rss_mib"]],
        },
        "windows": windows,
    }


def _windows(peers: list[AvatarPeer], replies: list[dict], samples: list[dict], t0: float, total: float, size: float) -> list[dict]:
    out = []
    for start in np.arange(0, total, size):
        lo, hi = t0 + start, t0 + min(start + size, total)
        fps = [sum(1 for t, _ in p.received.video if lo <= t < hi) / (hi - lo) for p in peers]
        offsets = [r["av_offset_ms"] for r in replies if lo <= r["t"] < hi and r.get("av_offset_ms") is not None]
        rss = [s["rss_mib"] for s in samples if lo - t0 <= s["t"] < hi - t0 and s["rss_mib"] is not None]
        cpu = [s["cpu_percent"] for s in samples if lo - t0 <= s["t"] < hi - t0 and s["cpu_percent"] is not None]
        out.append({
            "t_s": round(float(start), 1),
            "fps_mean": round(float(np.mean(fps)), 2) if fps else None,
            "fps_min": round(float(np.min(fps)), 2) if fps else None,
            "av_offset_ms_p50": round(float(np.median(offsets)), 1) if offsets else None,
            "replies": len(offsets),
            "server_rss_mib": round(rss[-1], 1) if rss else None,
            "server_cpu_percent": round(float(np.mean(cpu)), 1) if cpu else None,
        })  # fmt: skip
    return out


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    w = report["windows"]
    t = [x["t_s"] / 60 for x in w]
    fig, axes = plt.subplots(3, 1, figsize=(9, 8), sharex=True)
    axes[0].plot(t, [x["fps_mean"] for x in w], label="mean over sessions")
    axes[0].plot(t, [x["fps_min"] for x in w], label="worst session")
    axes[0].axhline(25, color="k", ls="--", lw=1)
    axes[0].set_ylabel("received fps")
    axes[0].legend(fontsize=8)
    axes[1].plot(t, [x["av_offset_ms_p50"] for x in w], marker="o")
    axes[1].axhspan(-45, 45, color="g", alpha=0.1, label="±45 ms (ITU-R BT.1359 detectability)")
    axes[1].set_ylabel("A/V offset p50 (ms)\n(mouth − audio)")
    axes[1].legend(fontsize=8)
    axes[2].plot(t, [x["server_rss_mib"] for x in w])
    axes[2].set_ylabel("server RSS (MiB)")
    axes[2].set_xlabel("minutes")
    fig.suptitle(f"Soak: {report['sessions']} sessions, {report['minutes']} min, {report['machine']['cores']} cores (shared CPU)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server; default: start one with the default configuration")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--ask-every", type=float, default=15.0, help="seconds between questions per session")
    parser.add_argument("--window", type=float, default=30.0, help="seconds per reported window")
    parser.add_argument("--json", default="artifacts/soak.json")
    parser.add_argument("--png", default="artifacts/soak.png")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    from server.loopback import enable_loopback_candidates

    enable_loopback_candidates()
    report = asyncio.run(soak(args.url, args.minutes, args.sessions, args.ask_every, args.window))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    plot(report, Path(args.png))
    d = report["drift"]
    print(f"{report['sessions_survived']}/{report['sessions']} sessions survived {report['minutes']} min; "
          f"{report['replies']} replies ({report['replies_failed']} failed)")
    worst = [x["fps_min"] for x in report["windows"] if x["fps_min"] is not None]
    print(f"fps (worst session per window): p50 {report['fps']['p50']}  min {min(worst) if worst else None}")
    print(f"A/V offset ms: p50 {report['av_offset_ms']['p50']}  p95 {report['av_offset_ms']['p95']}  (n={report['av_offset_ms']['n']})")
    print(f"first → last window: fps {d['fps_first_last']}, offset {d['av_offset_ms_first_last']} ms, "
          f"server RSS {d['server_rss_mib_first_last']} MiB")
    print(f"wrote {args.json} and {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
