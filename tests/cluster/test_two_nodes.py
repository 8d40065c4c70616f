"""Two Ray nodes on loopback: a call placed on the second node, the node killed mid-call, and the
client's reconnect resumed on the first node with its conversation.

The test starts the cluster itself (Ray's own ``cluster_utils.Cluster``: a head node and a second
node, each with one ``silver_avatar_worker`` slot and a label of its own), then a real front
(``silver-avatar serve --cluster``) in a subprocess, which creates two session workers that Ray
places one per node. Real aiortc peers, real models in each worker.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from ray.cluster_utils import Cluster

from benchmarks.serverproc import free_port
from benchmarks.webrtc_client import AvatarPeer
from server.cluster import WORKER_RESOURCE
from server.config import ADMISSION_ENV
from server.loopback import enable_loopback_candidates

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "기초연금은 누가 받을 수 있나요?"

pytestmark = [pytest.mark.timeout(600), pytest.mark.cluster]


@pytest.fixture
def two_nodes():
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 2, "resources": {WORKER_RESOURCE: 1, "zone_a": 1}, "include_dashboard": False},
    )
    second = cluster.add_node(num_cpus=2, resources={WORKER_RESOURCE: 1, "zone_b": 1})
    try:
        yield cluster, second
    finally:
        cluster.shutdown()


@pytest.fixture
def front(two_nodes, tmp_path):
    cluster, _ = two_nodes
    port = free_port()
    log = open(tmp_path / "front.log", "w")  # noqa: SIM115 - closed below
    env = {**os.environ, ADMISSION_ENV: "count", "RAY_ADDRESS": cluster.address}
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--cluster", cluster.address, "--workers", "2",
         "--worker-cpus", "1", "--host", "127.0.0.1", "--port", str(port), "--max-sessions", "4"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(_wait_healthy(url, proc, tmp_path / "front.log"))
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


async def _wait_healthy(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 420) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"front exited: {_tail(log_path)}"
            try:
                async with http.get(url + "/healthz") as resp:
                    if resp.status == 200 and (await resp.json())["workers_alive"] == 2:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(1)
    raise TimeoutError(f"cluster front not ready: {_tail(log_path)}")


def _tail(path: Path) -> str:
    return path.read_text()[-3000:]


async def _health(url: str) -> dict:
    async with aiohttp.ClientSession() as http, http.get(url + "/healthz") as resp:
        return await resp.json()


async def _worker_nodes(url: str) -> tuple[dict[str, str], dict]:
    """(worker key -> the id of the node it runs on, the whole status), from ``silver-avatar cluster status``."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server", "cluster", "status", "--json", "--address", os.environ["RAY_ADDRESS"],
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), 120)
    status = json.loads(out)
    return {w["name"].split("-", 1)[1]: w["node_id"] for w in status["workers"] if "node_id" in w}, status


def test_a_call_on_a_dying_node_resumes_on_the_other_with_its_conversation(two_nodes, front, monkeypatch):
    cluster, second = two_nodes
    monkeypatch.setenv("RAY_ADDRESS", cluster.address)
    enable_loopback_candidates()
    asyncio.run(_scenario(front, cluster, second))


async def _scenario(url: str, cluster: Cluster, second) -> None:
    nodes, status = await _worker_nodes(url)
    assert len(nodes) == 2 and len(set(nodes.values())) == 2, f"one worker per node: {status}"
    assert status["store"] is not None and len(status["nodes"]) == 2
    on_b = next(k for k, node in nodes.items() if node == second.node_id)

    # Connect until a call lands on the second node (the front places by headroom, then fewest sessions).
    peers: list[AvatarPeer] = []
    try:
        call = None
        for _ in range(3):
            peer = AvatarPeer()
            await peer.connect(url, timeout=30)
            peers.append(peer)
            if peer.session_id.split(".", 1)[0] == on_b:
                call = peer
                break
        assert call is not None, f"no call reached the second node's worker {on_b}: {[p.session_id for p in peers]}"
        await call.wait_for(lambda e: e["type"] == "session", 15)
        n = len(call.received.events)
        call.send({"type": "ask", "text": QUESTION})
        _, reply = await call.wait_for(lambda e: e["type"] == "reply", 60, n)
        assert reply["entry_id"], reply
        await asyncio.sleep(2.5)  # the worker copies the conversation to the store within a second or two

        # The second node dies mid-call: its raylet and the worker process with it.
        frames = call.received.video_frames
        killed_at = time.monotonic()
        cluster.remove_node(second, allow_graceful=False)
        await asyncio.sleep(3)
        stalled = call.received.video_frames
        await asyncio.sleep(2)
        assert call.received.video_frames == stalled, "video still arriving from a dead node"
        assert stalled >= frames

        # The front stops routing to the dead worker within seconds.
        while True:
            health = await _health(url)
            dead = [w for w in health["worker_list"] if w["key"] == on_b]
            if dead and not dead[0]["alive"]:
                break
            assert time.monotonic() - killed_at < 15, f"front still routes to the dead worker: {health}"
            await asyncio.sleep(0.5)
        assert health["workers_alive"] == 1 and health["status"] == "ok"
        print(f"front stopped routing to the dead worker {time.monotonic() - killed_at:.1f} s after the kill")

        # The page reconnects as it does after a network drop; it lands on the first node, resumed.
        again = AvatarPeer()
        peers.append(again)
        await again.connect(url, timeout=30, extra={"session_id": call.session_id, "resume_token": call.resume_token})
        assert again.session_id.split(".", 1)[0] != on_b
        _, hello = await again.wait_for(lambda e: e["type"] == "session", 15)
        assert hello["resumed"] is True, hello
        n = len(again.received.events)
        again.send({"type": "repeat"})
        _, repeated = await again.wait_for(lambda e: e["type"] == "reply", 60, n)
        assert repeated["text"] == reply["text"], (repeated, reply)
        frames = again.received.video_frames
        for _ in range(20):  # 25 frames is one second at full rate; a loaded box is slower (10 s at most)
            if again.received.video_frames > frames + 25:
                break
            await asyncio.sleep(0.5)
        assert again.received.video_frames > frames + 25, "the resumed call is not streaming video"

        # The spent token resumes nothing a second time.
        third = AvatarPeer()
        peers.append(third)
        await third.connect(url, timeout=30, extra={"session_id": call.session_id, "resume_token": call.resume_token})
        _, hello = await third.wait_for(lambda e: e["type"] == "session", 15)
        assert hello["resumed"] is False
    finally:
        for peer in peers:
            await peer.close(hang_up=False)
