"""Admission by measured headroom: a worker takes a new session only while it can serve it.

Counting sessions is not enough: the same box serves 1 session at p95 0.6 s and 4 at p95 9 s, and
what else runs on the host (another worker, the load clients, a backup job) changes the answer by
the minute. So the worker measures, every ``sample_s``:

- the host's CPU use (all processes, from ``/proc/stat``) and this process's own use (one worker's
  sessions share one event loop and one GIL: about one core, however many the host has);
- how late its event loop wakes up (a starved loop delays every frame and every reply);
- the reply latency (end of speech → first audio) its sessions report.

A new session is admitted when the host's free cores, less what recently admitted sessions will
soon use, cover one more session's measured cost, the loop is on time and recent replies meet the
target, and this process has room for one more session under ``max_process_cores``. Otherwise the
offer gets 503 with ``Retry-After``, and a front routes it elsewhere. The
cost of a session is learnt from this process (its CPU over its sessions), never below the
configured floor, so a worker that has not served anyone yet is still careful.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class AdmissionConfig:
    """``[admission]``: when a worker refuses a new session.

    ``mode = "count"`` admits up to ``max_sessions`` whatever the machine is doing (the old rule);
    ``SILVER_AVATAR_ADMISSION=count`` in the environment does the same without a config file.
    """

    mode: str = "headroom"  # "headroom" | "count"
    session_cpu_cores: float = 0.35  # floor for one session's CPU (cores; measured 0.39-0.43 here); learnt upwards
    reserve_cores: float = 0.15  # kept free for the loop, signalling and the OS
    # One worker process runs its sessions on one event loop under one GIL. Measured on the 2-core
    # VM (benchmarks.load, one worker, quiet): 2 sessions used 0.75 core at p95 0.59 s, 3 used 1.05
    # at p95 1.02 s, 4 used 1.2 at p95 7.9 s. So a worker stops at about one core of its own.
    max_process_cores: float = 1.0
    max_loop_lag_ms: float = 60.0  # p90 event-loop lateness above this: refuse
    first_audio_p95_ms: float = 1000.0  # recent replies slower than this at p95: refuse
    window_s: float = 8.0  # how far back CPU and lag samples count
    latency_window_s: float = 60.0  # how far back reply latencies count
    warmup_s: float = 12.0  # a just-admitted session is charged its cost until it shows in the CPU figures
    sample_s: float = 0.5
    retry_after_s: int = 10

    def __post_init__(self) -> None:
        if self.mode not in ("headroom", "count"):
            raise ValueError("[admission] mode must be 'headroom' or 'count'")


def host_cpu_times() -> tuple[float, float]:
    """``(busy, total)`` jiffies of all CPUs since boot, from ``/proc/stat`` (Linux)."""
    with open("/proc/stat", encoding="ascii") as f:
        values = [float(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0.0)  # idle + iowait
    total = sum(values[:8])  # guest time is already inside user
    return total - idle, total


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass
class Sample:
    at: float
    host_busy: float  # fraction of all usable cores, 0..1
    own_cores: float  # cores this process used since the last sample
    loop_lag_ms: float


@dataclass
class Decision:
    admit: bool
    reason: str  # "ok" or why not, for logs and /healthz
    figures: dict  # Headroom.figures() the decision was made on

    @property
    def free_cores(self) -> float:
        return self.figures["free_cores"]

    @property
    def session_cost(self) -> float:
        return self.figures["session_cost_cores"]


@dataclass
class Headroom:
    """Samples the host and decides admissions; one per worker process, started with the server."""

    config: AdmissionConfig = field(default_factory=AdmissionConfig)
    cores: int = field(default_factory=usable_cores)
    read_host: Callable[[], tuple[float, float]] = host_cpu_times
    read_own: Callable[[], float] = time.process_time
    now: Callable[[], float] = time.monotonic
    count_sessions: Callable[[], int] = lambda: 0

    def __post_init__(self) -> None:
        self.samples: deque[Sample] = deque()
        self.latencies: deque[tuple[float, float]] = deque()  # (at, first audio ms)
        self.admitted_at: deque[float] = deque()
        self.cost = self.config.session_cpu_cores
        self._last: tuple[float, float, float, float] | None = None  # (at, busy, total, own)
        self._task: asyncio.Task | None = None

    # -- sampling ------------------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="headroom-sampler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            planned = loop.time() + self.config.sample_s
            await asyncio.sleep(self.config.sample_s)
            self.sample(max(0.0, (loop.time() - planned) * 1000.0), self.count_sessions())

    def sample(self, loop_lag_ms: float, sessions: int | None = None) -> Sample | None:
        """Take one reading (the sampler calls this; tests call it with scripted readers)."""
        at, (busy, total), own = self.now(), self.read_host(), self.read_own()
        last, self._last = self._last, (at, busy, total, own)
        if last is None or total <= last[2] or at <= last[0]:
            return None
        host_busy = min(1.0, max(0.0, (busy - last[1]) / (total - last[2])))
        s = Sample(at, host_busy, max(0.0, (own - last[3]) / (at - last[0])), loop_lag_ms)
        self.samples.append(s)
        while self.samples and self.samples[0].at < at - self.config.window_s:
            self.samples.popleft()
        if sessions:
            self._learn_cost(sessions)
        return s

    def _learn_cost(self, sessions: int) -> None:
        """A session costs what this process used per session over the window (its turns' bursts
        averaged in: the host's 90th percentile already keeps room for bursts)."""
        if len(self.samples) < 4 or self._recently_admitted():
            return
        per_session = float(np.mean([s.own_cores for s in self.samples])) / sessions
        # Rises quickly, falls slowly: one quiet minute must not make the worker over-admit.
        rate = 0.5 if per_session > self.cost else 0.02
        self.cost = max(self.config.session_cpu_cores, self.cost + rate * (per_session - self.cost))

    def record_latency(self, first_audio_ms: float) -> None:
        at = self.now()
        self.latencies.append((at, float(first_audio_ms)))
        while self.latencies and self.latencies[0][0] < at - self.config.latency_window_s:
            self.latencies.popleft()

    def admitted(self) -> None:
        self.admitted_at.append(self.now())

    def _recently_admitted(self) -> int:
        at = self.now()
        while self.admitted_at and self.admitted_at[0] < at - self.config.warmup_s:
            self.admitted_at.popleft()
        return len(self.admitted_at)

    # -- the decision --------------------------------------------------------------------------
    def figures(self) -> dict:
        """What the worker knows now (``/healthz`` and ``cluster status`` show it)."""
        c = self.config
        busy = [s.host_busy for s in self.samples]
        lag = [s.loop_lag_ms for s in self.samples]
        now = self.now()
        recent = [ms for at, ms in self.latencies if at >= now - c.latency_window_s]
        host_busy = float(np.percentile(busy, 90)) if busy else 0.0
        own = float(np.mean([s.own_cores for s in self.samples])) if busy else 0.0
        free = self.cores * (1.0 - host_busy) - c.reserve_cores - self._recently_admitted() * self.cost
        return {
            "cores": self.cores,
            "host_cpu_percent": round(100 * host_busy, 1),
            "free_cores": round(free, 2),
            "session_cost_cores": round(self.cost, 2),
            "process_cores": round(own, 2),
            "loop_lag_p90_ms": round(float(np.percentile(lag, 90)), 1) if lag else None,
            "first_audio_p95_ms": round(float(np.percentile(recent, 95)), 1) if len(recent) >= 3 else None,
            "samples": len(busy),
        }

    def decide(self, sessions: int, max_sessions: int) -> Decision:
        c = self.config
        f = self.figures()
        if sessions >= max_sessions:
            return Decision(False, "max_sessions", f)
        if c.mode == "count":
            return Decision(True, "ok", f)
        if f["samples"] < 2:  # just started: nothing measured yet; admit one session at most
            return Decision(sessions == 0, "ok" if sessions == 0 else "warming_up", f)
        # An empty worker needs only half a session's room: refusing everyone on a busy host helps nobody.
        need = self.cost * (0.5 if sessions == 0 else 1.0)
        if f["free_cores"] < need:
            return Decision(False, "cpu", f)
        # Its sessions at their learnt cost or at what the process measurably uses, whichever is more
        # (a just-admitted session is not fully in the measurement yet), plus the new one.
        if sessions and max(f["process_cores"], sessions * self.cost) + self.cost > c.max_process_cores:
            return Decision(False, "process_cpu", f)  # this loop is full: another worker
        if sessions and f["loop_lag_p90_ms"] is not None and f["loop_lag_p90_ms"] > c.max_loop_lag_ms:
            return Decision(False, "loop_lag", f)
        if sessions and f["first_audio_p95_ms"] is not None and f["first_audio_p95_ms"] > c.first_audio_p95_ms:
            return Decision(False, "latency", f)
        return Decision(True, "ok", f)
