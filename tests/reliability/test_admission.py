"""Admission by measured headroom (server/headroom.py): scripted readings, then a real server on a busy host."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import aiohttp
import pytest

from benchmarks.webrtc_client import AvatarPeer
from server.config import ADMISSION_ENV, ConfigError, load_config
from server.headroom import AdmissionConfig, Headroom

from .conftest import request
from .hostile import offer_pc


class Script:
    """Host and process CPU counters that advance as the test says (jiffies: 100 per core-second)."""

    def __init__(self, cores: int = 2) -> None:
        self.cores, self.t, self.busy, self.total, self.own = cores, 0.0, 0.0, 0.0, 0.0

    def advance(self, seconds: float, host_busy: float, own_cores: float = 0.0) -> None:
        self.t += seconds
        self.total += 100 * self.cores * seconds
        self.busy += 100 * self.cores * seconds * host_busy
        self.own += own_cores * seconds

    def headroom(self, **config) -> Headroom:
        return Headroom(AdmissionConfig(**config), cores=self.cores, read_host=lambda: (self.busy, self.total),
                        read_own=lambda: self.own, now=lambda: self.t)  # fmt: skip


def feed(script: Script, room: Headroom, seconds: float, host_busy: float, own_cores: float = 0.0,
         lag_ms: float = 2.0, sessions: int = 0) -> None:  # fmt: skip
    for _ in range(int(seconds / 0.5)):
        script.advance(0.5, host_busy, own_cores)
        room.sample(lag_ms, sessions)


def test_idle_host_admits_and_busy_host_refuses():
    s = Script()
    room = s.headroom(max_process_cores=4.0)  # the host rule alone
    room.sample(0.0)
    assert room.decide(0, 8).admit  # nothing measured yet: one session may start
    assert not room.decide(1, 8).admit and room.decide(1, 8).reason == "warming_up"
    feed(s, room, 4, host_busy=0.10)
    assert room.decide(2, 8).admit
    feed(s, room, 10, host_busy=0.95)
    decision = room.decide(1, 8)
    assert not decision.admit and decision.reason == "cpu" and decision.free_cores < 0.45


def test_an_empty_worker_needs_only_half_a_session_of_room():
    s = Script()
    room = s.headroom(session_cpu_cores=0.6)
    feed(s, room, 4, host_busy=0.80)  # 2 cores × 0.2 − 0.15 reserve = 0.25 free: < 0.6, ≥ 0.3? no
    assert not room.decide(0, 8).admit
    feed(s, room, 10, host_busy=0.70)  # 0.45 free: enough to start an empty worker, not a second session
    assert room.decide(0, 8).admit and not room.decide(1, 8).admit


def test_just_admitted_sessions_are_charged_before_they_show_in_the_cpu():
    s = Script()
    room = s.headroom(session_cpu_cores=0.5, warmup_s=10, max_process_cores=4.0)
    feed(s, room, 4, host_busy=0.30)  # 2 × 0.7 − 0.15 = 1.25 free
    assert room.decide(1, 8).admit
    room.admitted()
    room.admitted()
    assert not room.decide(3, 8).admit  # 1.25 − 2 × 0.5 < 0.5
    feed(s, room, 11, host_busy=0.30)
    assert room.decide(3, 8).admit


def test_late_loop_and_slow_replies_refuse_even_with_free_cpu():
    s = Script()
    room = s.headroom()
    feed(s, room, 4, host_busy=0.1, lag_ms=150.0)
    assert room.decide(1, 8).reason == "loop_lag"
    assert room.decide(0, 8).admit  # an empty worker is not judged by its own lateness
    feed(s, room, 10, host_busy=0.1, lag_ms=2.0)
    for ms in (600, 700, 2500, 2600):
        room.record_latency(ms)
    assert room.decide(1, 8).reason == "latency"
    s.advance(61, 0.1)
    feed(s, room, 2, host_busy=0.1)
    assert room.decide(1, 8).admit  # old latencies age out


def test_session_cost_is_learnt_upwards_quickly_and_downwards_slowly():
    s = Script()
    room = s.headroom(session_cpu_cores=0.3)
    feed(s, room, 8, host_busy=0.5, own_cores=1.6, sessions=2)  # 0.8 cores a session
    assert room.cost > 0.7
    feed(s, room, 8, host_busy=0.2, own_cores=0.4, sessions=2)
    assert room.cost > 0.6  # one quiet spell does not make the worker over-admit
    feed(s, room, 8, host_busy=0.2, own_cores=0.0, sessions=2)
    assert room.cost >= 0.3


def test_count_mode_and_max_sessions():
    s = Script()
    room = s.headroom(mode="count")
    feed(s, room, 4, host_busy=1.0)
    assert room.decide(3, 4).admit
    assert room.decide(4, 4).reason == "max_sessions"


def test_mode_from_config_and_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(ADMISSION_ENV, raising=False)
    assert load_config().admission.mode == "headroom"
    path = tmp_path / "c.toml"
    path.write_text("[admission]\nmode = 'count'\nsession_cpu_cores = 0.7\n")
    assert load_config(path).admission == AdmissionConfig(mode="count", session_cpu_cores=0.7)
    monkeypatch.setenv(ADMISSION_ENV, "headroom")
    assert load_config(path).admission.mode == "headroom"
    monkeypatch.setenv(ADMISSION_ENV, "nonsense")
    with pytest.raises(ConfigError):
        load_config()
    path.write_text("[admission]\nmode = 'lottery'\n")
    monkeypatch.delenv(ADMISSION_ENV)
    with pytest.raises(ConfigError):
        load_config(path)


async def until_admitting(http: aiohttp.ClientSession, url: str, admitting: bool, timeout: float,
                          reason: str | None = None) -> None:  # fmt: skip
    deadline = time.monotonic() + timeout
    while True:
        _, health, _ = await request(http, "GET", url + "/healthz")
        if health["admitting"] is admitting and reason in (None, health["admission"]["reason"]):
            return
        assert time.monotonic() < deadline, f"admitting is not {admitting} after {timeout} s: {health}"
        await asyncio.sleep(0.5)


def _hogs(n: int) -> list[subprocess.Popen]:
    """Busy loops at the lowest priority: the host looks full, the test itself still gets the CPU."""
    code = "import os, time\nos.nice(19)\nend = time.time() + 60\nwhile time.time() < end: pass\n"
    return [subprocess.Popen([sys.executable, "-c", code]) for _ in range(n)]


async def test_a_busy_host_answers_503_with_retry_after_then_admits_when_it_frees(spawn_server, openapi):
    """A busy host refuses new callers, never a reconnect that replaces its own call."""
    import os

    server = spawn_server(admission=AdmissionConfig(mode="headroom", session_cpu_cores=0.45))
    caller = AvatarPeer()
    await caller.connect(server.url)  # admitted while the host is quiet
    hogs = _hogs(os.cpu_count() or 2)
    pc, again = await offer_pc(), AvatarPeer()
    try:
        async with aiohttp.ClientSession() as http:
            await until_admitting(http, server.url, False, 30, reason="cpu")  # not merely warming up
            offer = {"sdp": pc.localDescription.sdp, "type": "offer"}
            status, body, headers = await request(http, "POST", server.url + "/api/offer", json=offer)
            assert status == 503, body
            assert body["error"]["code"] == "busy" and int(headers["Retry-After"]) > 0
            openapi.check("post", "/api/offer", status, headers, body)
            status, health, headers = await request(http, "GET", server.url + "/healthz")
            openapi.check("get", "/healthz", status, headers, health)
            assert health["admission"]["reason"] == "cpu" and health["admission"]["host_cpu_percent"] > 80

            # The caller's network dropped: its reconnect replaces its own call and is let in.
            await again.connect(server.url, extra={"session_id": caller.session_id, "resume_token": caller.resume_token})
            _, hello = await again.wait_for(lambda e: e["type"] == "session", 15)
            assert hello["resumed"] is True

            for hog in hogs:
                hog.kill()
            await request(http, "DELETE", f"{server.url}/api/sessions/{again.session_id}")
            await until_admitting(http, server.url, True, 45)
            status, body, _ = await request(http, "POST", server.url + "/api/offer", json=offer)
            assert status == 200, body
            await request(http, "DELETE", f"{server.url}/api/sessions/{body['session_id']}")
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
        await pc.close()
        await again.close(hang_up=False)
        await caller.close(hang_up=False)


def test_a_worker_whose_own_loop_is_full_refuses_though_the_host_has_cores():
    s = Script(cores=16)
    room = s.headroom(session_cpu_cores=0.4, max_process_cores=0.9)
    feed(s, room, 8, host_busy=0.05, own_cores=0.7, sessions=1)  # one process ≈ one core (the GIL)
    decision = room.decide(1, 8)
    assert not decision.admit and decision.reason == "process_cpu" and decision.free_cores > 10
    feed(s, room, 60, host_busy=0.05, own_cores=0.15, sessions=1)  # a long quiet spell: the cost falls back
    assert room.decide(1, 8).admit
    assert not room.decide(2, 8).admit  # two sessions at their learnt cost fill the process
