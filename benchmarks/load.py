"""How many simultaneous sessions keep 25 fps and p95 ≤ 1 s on this machine, and does the server
refuse the ones it cannot serve?

    python -m benchmarks.load --sessions 1 2 3 4 8 [--workers 1] [--seconds 40] [--admission headroom]
                              [--arrival-s 2] [--json PATH] [--png PATH]

For each offered load it starts a server with the default configuration (``--workers N`` worker
processes, ``--max-sessions`` as high as the offered load so only admission limits it), offers that
many aiortc peers on loopback, one every ``--arrival-s`` seconds, and has each admitted one ask
questions in a loop for ``--seconds``. Per offered load it reports sessions admitted, refused (503)
and dropped after admission, the received fps of the admitted sessions (median and worst), end of
speech → first reply audio (p50/p95 over all their turns) and the server's CPU use. The target
holds when every admitted session keeps ≥ 24 fps, p95 ≤ 1 s, no turn unanswered and none dropped.
``--admission count`` is the old rule (admit up to the count). Bounded in sessions (≤ 16) and
time. Note: the client peers decode video on the same 2 cores, so the figures are pessimistic for
a server that has the machine to itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from pathlib import Path

import numpy as np

from benchmarks.latency import SPEECH_DB, first_after
from benchmarks.serverproc import ServerProcess, process_cpu_seconds
from benchmarks.stats import machine, summary
from benchmarks.utterances import QUESTIONS
from benchmarks.webrtc_client import AvatarPeer, Refused, espeak_utterance
from server.config import ADMISSION_ENV

log = logging.getLogger("benchmarks.load")


async def one_session(url: str, index: int, seconds: float, audio: list[np.ndarray], arrival_s: float = 0.0) -> dict:
    """One simulated senior; a session that is refused, drops or fails is reported, not raised."""
    await asyncio.sleep(arrival_s * index)
    peer = AvatarPeer()
    try:
        await peer.connect(url, timeout=30)
    except Refused as exc:
        log.info("session %d refused (Retry-After %d s)", index, exc.retry_after_s)
        await peer.close(hang_up=False)
        return {"refused": True}
    except Exception as exc:  # noqa: BLE001 - a failed session is a result of the benchmark
        log.warning("session %d could not connect: %r", index, exc)
        await peer.close(hang_up=False)
        return {"fps": 0.0, "latencies_ms": [None], "turns": 0, "failed": repr(exc)}
    try:
        # bounded: a peer whose connection died stops pulling its microphone and would wait forever
        return await asyncio.wait_for(_one_session(peer, index, seconds, audio), seconds + 90)
    except Exception as exc:  # noqa: BLE001 - a failed session is a result of the benchmark
        log.warning("session %d failed: %r", index, exc)
        return {"fps": 0.0, "latencies_ms": [None], "turns": 0, "failed": repr(exc)}


async def _one_session(peer: AvatarPeer, index: int, seconds: float, audio: list[np.ndarray]) -> dict:
    await asyncio.sleep(0.7 * (index % 4))  # stagger the turns
    latencies: list[float | None] = []
    t_start, frames0 = time.monotonic(), peer.received.video_frames
    turn = 0
    try:
        while time.monotonic() - t_start < seconds:
            n = len(peer.received.events)
            peer.mic.say(audio[(index + turn) % len(audio)])
            await peer.mic.utterance_done.wait()
            eos = peer.mic.last_voiced_sent
            try:
                await peer.wait_for(lambda e: e["type"] == "reply", 20, n)
                deadline = time.monotonic() + 10
                t_audio = None
                while t_audio is None and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                    t_audio = first_after(peer.received.audio, eos, lambda db: db > SPEECH_DB)
                latencies.append(None if t_audio is None else (t_audio - eos) * 1000)
            except TimeoutError:
                latencies.append(None)
            await asyncio.sleep(1.5)
            peer.send({"type": "interrupt"})
            await asyncio.sleep(0.5)
            turn += 1
        wall = time.monotonic() - t_start
        fps = (peer.received.video_frames - frames0) / wall
    finally:
        await peer.close()
    return {"fps": round(fps, 2), "latencies_ms": latencies, "turns": turn}


async def run_count(sessions: int, workers: int, seconds: float, audio: list[np.ndarray],
                    server_args: list[str] = (), admission: str = "headroom", arrival_s: float = 0.0) -> dict:
    args = ["--max-sessions", str(max(sessions, 1))] + (["--workers", str(workers)] if workers > 1 else [])
    args += list(server_args)
    server = ServerProcess(args, log_path=Path(f"artifacts/load-server-{sessions}.log"), env={ADMISSION_ENV: admission})
    url = await server.__aenter__()
    try:
        pids = _children(server.proc.pid) + [server.proc.pid]
        cpu0, t0, own0 = _cpu(pids), time.monotonic(), time.process_time()
        results = await asyncio.gather(*(one_session(url, i, seconds, audio, arrival_s) for i in range(sessions)))
        wall = time.monotonic() - t0
        cpu = (_cpu(pids) - cpu0) / wall * 100
        clients = (time.process_time() - own0) / wall * 100
    finally:
        await server.__aexit__(None, None, None)
    row = summarise(sessions, workers, admission, results, cpu)
    row["client_cpu_percent"] = round(clients, 1)  # the simulated seniors' peers, on the same cores
    return row


def summarise(offered: int, workers: int, admission: str, results: list[dict], cpu_percent: float) -> dict:
    """One row of the table: the admitted sessions' figures, and how many were refused or dropped."""
    served = [r for r in results if not r.get("refused")]
    lat = [v for r in served for v in r["latencies_ms"]]
    fps = [r["fps"] for r in served] or [0.0]
    missing = sum(v is None for v in lat)
    s = summary([v for v in lat if v is not None])
    failed = [r["failed"] for r in served if "failed" in r]
    ok = bool(served) and min(fps) >= 24.0 and s["p95"] is not None and s["p95"] <= 1000 and missing == 0 and not failed
    return {"sessions": offered, "offered": offered, "admitted": len(served), "refused": offered - len(served),
            "admission": admission, "workers": workers,
            "fps_median": float(np.median(fps)), "fps_worst": min(fps),
            "failed_sessions": len(failed), "dropped_sessions": len(failed), "failures": failed[:3],
            "first_audio_ms": s, "turns": len(lat), "unanswered_turns": missing,
            "server_cpu_percent": round(cpu_percent, 1), "meets_target": ok}  # fmt: skip


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (the worker processes of a ``--workers`` server), from /proc."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            kids.append(int(stat.parent.name))
    return kids


def _cpu(pids: list[int]) -> float:
    return sum(process_cpu_seconds(p) or 0.0 for p in pids)


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = report["runs"]
    x = [r["sessions"] for r in rows]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    a1.plot(x, [r["fps_median"] for r in rows], "o-", label="median session")
    a1.plot(x, [r["fps_worst"] for r in rows], "s--", label="worst session")
    a1.axhline(25, color="k", lw=1, ls=":")
    a1.set_xlabel("simultaneous sessions")
    a1.set_ylabel("received fps")
    a1.legend()
    a2.plot(x, [r["first_audio_ms"]["p50"] or np.nan for r in rows], "o-", label="p50")
    a2.plot(x, [r["first_audio_ms"]["p95"] or np.nan for r in rows], "s--", label="p95")
    a2.axhline(1000, color="k", lw=1, ls=":")
    a2.set_xlabel("simultaneous sessions")
    a2.set_ylabel("end of speech → first audio (ms)")
    a2.legend()
    fig.suptitle(f"Load on {report['machine']['cores']} cores, {report['workers']} worker process(es)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 2, 3, 4, 8])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--json", default="artifacts/load.json")
    parser.add_argument("--png", default="artifacts/load.png")
    parser.add_argument("--server-arg", action="append", default=[], help="extra argument for the started server")
    parser.add_argument("--admission", choices=("headroom", "count"), default="headroom",
                        help="the server's admission rule (count: admit up to the offered load)")
    parser.add_argument("--arrival-s", type=float, default=2.0, help="seconds between two sessions' offers")
    args = parser.parse_args(argv)
    if max(args.sessions) > 16 or args.seconds > 600:
        parser.error("bounded benchmark: at most 16 sessions and 600 s per count")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    from server.loopback import enable_loopback_candidates

    enable_loopback_candidates()
    audio = [espeak_utterance(q) for q in QUESTIONS[:8]]

    async def run_all() -> list[dict]:
        out = []
        for n in args.sessions:
            row = await run_count(n, args.workers, args.seconds, audio, args.server_arg, args.admission, args.arrival_s)
            log.info("%s", row)
            out.append(row)
        return out

    runs = asyncio.run(run_all())
    report = {"machine": machine(), "workers": args.workers, "seconds": args.seconds, "admission": args.admission,
              "arrival_s": args.arrival_s, "runs": runs,
              "max_sessions_meeting_target": max((r["sessions"] for r in runs if r["meets_target"]), default=0)}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2))
    plot(report, Path(args.png))
    print(f"{'offered':>7} {'admitted':>8} {'refused':>7} {'dropped':>7} {'fps med':>7} {'fps worst':>9} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'cpu %':>6}  target")
    for r in runs:
        print(f"{r['offered']:>7} {r['admitted']:>8} {r['refused']:>7} {r['dropped_sessions']:>7} "
              f"{r['fps_median']:>7.1f} {r['fps_worst']:>9.1f} {r['first_audio_ms']['p50']!s:>8} "
              f"{r['first_audio_ms']['p95']!s:>8} {r['server_cpu_percent']:>6}  {'yes' if r['meets_target'] else 'no'}")
    print(f"wrote {args.json} and {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
