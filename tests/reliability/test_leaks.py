"""No leaks: 100 connect/disconnect cycles with real aiortc peers on loopback, a third of them vanishing
without a goodbye. Afterwards no session, task, thread or peer connection may be left, and the process'
resident memory may have grown by less than 10 % over a warmed-up baseline (the server returns memory
freed by ended sessions to the OS, see ``server.memory``; nothing here trims it for the test)."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import threading
import time

import aiohttp
import pytest
from aiortc import RTCPeerConnection

from benchmarks.webrtc_client import AvatarPeer

from .conftest import describe_tasks, eventually, request, server_tasks

CYCLES = 100
PARALLEL = 4
WARMUP = 16
# loop default executors are bounded pools that grow on demand (Python 3.11 names them asyncio_N)
_POOL_THREAD = re.compile(r"^(asyncio_\d+(_\d+)?|ThreadPoolExecutor-\d+_\d+)$")


def rss_bytes() -> int:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def peer_connections() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, RTCPeerConnection) and o.connectionState != "closed")


def named_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if not _POOL_THREAD.match(t.name)}


async def cycle(url: str, index: int) -> None:
    peer = AvatarPeer()
    try:
        await peer.connect(url, timeout=20)
        await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
        await eventually(lambda: peer.received.video_frames >= 3, 5, interval=0.05, what="video received")
    finally:
        await peer.close(hang_up=index % 3 != 0)  # every third peer vanishes: the server must reap it


async def run_cycles(url: str, start: int, count: int) -> None:
    for batch in range(start, start + count, PARALLEL):
        await asyncio.gather(*(cycle(url, i) for i in range(batch, min(batch + PARALLEL, start + count))))


async def wait_no_sessions(http: aiohttp.ClientSession, url: str, timeout: float) -> float:
    t0 = time.monotonic()
    while True:
        _, body, _ = await request(http, "GET", url + "/healthz")
        if body["sessions"] == 0:
            return time.monotonic() - t0
        assert time.monotonic() - t0 < timeout, f"{body['sessions']} sessions left after {timeout} s"
        await asyncio.sleep(0.25)


def own_tasks() -> set[str]:
    me = asyncio.current_task()
    return set(describe_tasks(t for t in asyncio.all_tasks() if t is not me))


@pytest.mark.own_process  # the suite's earlier heap (1.5 GB) makes the RSS figure swing 2-12 %
async def test_connect_disconnect_cycles_leak_nothing(spawn_server):
    server = spawn_server(max_sessions=PARALLEL + 2, offers_per_minute=10_000, ice_timeout_s=8.0)
    async with aiohttp.ClientSession() as http:
        await run_cycles(server.url, 0, WARMUP)
        await wait_no_sessions(http, server.url, timeout=20)
        await asyncio.sleep(3.0)  # the server hands freed memory back 2 s after the last session ended
        gc.collect()
        rss0, threads0 = rss_bytes(), named_threads()
        server_tasks0, client_tasks0 = set(server_tasks(server)), own_tasks()

        t0 = time.monotonic()
        await run_cycles(server.url, WARMUP, CYCLES)
        elapsed = time.monotonic() - t0
        reap_s = await wait_no_sessions(http, server.url, timeout=20)

        await asyncio.sleep(3.0)  # closing transports finish their last callbacks; the server trims
        assert peer_connections() == 0, "peer connections left open"
        assert set(server_tasks(server)) <= server_tasks0, set(server_tasks(server)) - server_tasks0
        assert own_tasks() <= client_tasks0, own_tasks() - client_tasks0
        assert not [n for n in named_threads() - threads0], named_threads() - threads0
        growth = (rss_bytes() - rss0) / rss0
        print(f"\n{CYCLES} cycles in {elapsed:.1f} s, vanished peers reaped {reap_s:.1f} s after the last; "
              f"RSS {rss0 / 2**20:.0f} MiB -> {rss_bytes() / 2**20:.0f} MiB ({growth:+.1%})")
        assert growth < 0.10
        status, body, _ = await request(http, "GET", server.url + "/healthz")
        assert status == 200 and body["status"] == "ok"
