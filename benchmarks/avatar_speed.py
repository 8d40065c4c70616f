"""CPU avatar speed: ms per frame at 512x512 and 256x256 on one core.

    python -m benchmarks.avatar_speed --json artifacts/avatar_speed.json

Times ``AvatarStream.next_frame()`` (queue bookkeeping + mouth + eyes + head warp) while speaking
(espeak-ng Korean with visemes, looped) and while idle, after a warm-up. torch/cv2 threads = 1 so
the figure is per core: at 25 fps a session needs 40 ms per frame of one core.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

BUDGET_MS = 15.0


def _pin_one_thread() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import cv2

    cv2.setNumThreads(1)
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass


def _measure(size: int, frames: int, speech) -> dict:
    import numpy as np

    from avatar import load_renderer

    t0 = time.perf_counter()
    renderer = load_renderer(None, size)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    stream = renderer.stream(seed=1)
    stream_ms = (time.perf_counter() - t0) * 1000

    stream_state = {"queued": 0}

    def _queued_enough(state: dict) -> bool:
        return state["queued"] > 2 * 1920

    def run(n: int, speaking: bool) -> list[float]:
        out = []
        for _ in range(n):
            if speaking and not _queued_enough(stream_state):
                stream.push(speech)
                stream_state["queued"] += len(speech.pcm)
            t = time.perf_counter()
            frame = stream.next_frame()
            out.append((time.perf_counter() - t) * 1000)
            stream_state["queued"] -= 1920
            assert frame.video.shape == (size, size, 3)
        return out

    run(25, speaking=True)  # warm-up
    talk = np.array(run(frames, speaking=True))
    stream.clear()
    stream_state["queued"] = 0
    idle = np.array(run(frames // 2, speaking=False))

    def stats(a):
        return {"mean_ms": round(float(a.mean()), 3), "p50_ms": round(float(np.percentile(a, 50)), 3),
                "p95_ms": round(float(np.percentile(a, 95)), 3), "max_ms": round(float(a.max()), 3)}

    return {"size": size, "load_s": round(load_s, 3), "stream_open_ms": round(stream_ms, 3),
            "speaking": stats(talk), "idle": stats(idle), "samples_ms": [round(float(x), 3) for x in talk]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--json", default="artifacts/avatar_speed.json", help="where to write the results")
    p.add_argument("--frames", type=int, default=250)
    args = p.parse_args(argv)
    _pin_one_thread()
    from models.tts import load_synthesizer

    speech = next(iter(load_synthesizer().synthesize("기초연금은 가까운 주민센터에서 신청하실 수 있어요.")))
    results = [_measure(size, args.frames, speech) for size in (512, 256)]
    summary = {
        "threads": 1,
        "budget_ms_512": BUDGET_MS,
        "meets_budget_512": results[0]["speaking"]["p95_ms"] <= BUDGET_MS,
        "sessions_per_core_at_25fps_512": round(40.0 / results[0]["speaking"]["mean_ms"], 1),
        "results": results,
        "note": "shared CPU: other jobs may inflate the tail",
    }
    for r in results:
        s = r["speaking"]
        print(f"{r['size']}x{r['size']}: speaking mean {s['mean_ms']:.2f} ms p50 {s['p50_ms']:.2f} ms p95 {s['p95_ms']:.2f} ms "
              f"max {s['max_ms']:.2f} ms | idle mean {r['idle']['mean_ms']:.2f} ms | load {r['load_s']:.2f} s")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2))
    _plot(results, out.with_suffix(".png"))
    print(f"wrote {out} and {out.with_suffix('.png')}")
    return 0


def _plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.5))
    for r in results:
        ax.plot(r["samples_ms"], lw=0.8, label=f"{r['size']}x{r['size']} (mean {r['speaking']['mean_ms']:.1f} ms)")
    ax.axhline(BUDGET_MS, color="r", ls="--", lw=0.8, label=f"budget {BUDGET_MS:.0f} ms")
    ax.set_xlabel("frame")
    ax.set_ylabel("ms per frame (1 thread)")
    ax.set_title("CPU portrait avatar: next_frame() while speaking")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
