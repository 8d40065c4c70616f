"""``silver-avatar serve --workers 2``: a front routes sessions to two model-holding worker processes."""

from __future__ import annotations

import aiohttp

from benchmarks.serverproc import ServerProcess
from benchmarks.webrtc_client import AvatarPeer


async def test_front_spreads_sessions_over_workers_and_routes_hangups(tmp_path):
    server = ServerProcess(["--workers", "2", "--max-sessions", "4"], log_path=tmp_path / "front.log")
    url = await server.__aenter__()
    peers = [AvatarPeer(), AvatarPeer()]
    try:
        await _settled(url)
        for peer in peers:
            await peer.connect(url, timeout=30)
            await peer.wait_for(lambda e: e["type"] == "session", timeout=15)
        workers = sorted(p.session_id.split(".", 1)[0] for p in peers)
        assert workers == ["0", "1"]
        async with aiohttp.ClientSession() as http:
            async with http.get(url + "/healthz") as resp:
                health = await resp.json()
        assert health["workers_alive"] == 2 and health["sessions"] == 2
        peers[0].send({"type": "ask", "text": "안녕하세요"})
        _, reply = await peers[0].wait_for(lambda e: e["type"] == "reply", timeout=30)
        assert reply["intent"] == "greeting"
    finally:
        for peer in peers:
            await peer.close()  # DELETE through the front
        async with aiohttp.ClientSession() as http:
            async with http.delete(f"{url}/api/sessions/{peers[0].session_id}") as resp:
                assert resp.status == 404  # already closed on its worker
            async with http.delete(f"{url}/api/sessions/9.nope") as resp:
                assert resp.status == 404
        await server.__aexit__(None, None, None)


async def _settled(url: str, timeout: float = 40.0) -> None:
    """Wait until every worker's CPU window holds no start-up of its own or of its sibling.

    Workers become ready one after the other, so the first one's window shows the second still
    loading its models as host load; offers in those seconds are placed on that noise (and the CI
    run at 5bb8fb4 put both sessions on one worker). A full window (8 s of samples) is what a
    server that has been up a while routes with.
    """
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            async with http.get(url + "/healthz") as resp:
                workers = (await resp.json())["worker_list"]
            if all(w["admitting"] and (w["admission"] or {}).get("samples", 0) >= 16 for w in workers):
                return
            await asyncio.sleep(0.5)
    raise AssertionError(f"workers never settled: {workers}")


async def test_workers_stop_with_the_front(tmp_path):
    import asyncio
    import os
    import signal
    import time

    from benchmarks.load import _children

    server = ServerProcess(["--workers", "2"], log_path=tmp_path / "front.log")
    await server.__aenter__()
    workers = _children(server.proc.pid)
    assert len(workers) == 2
    os.kill(server.proc.pid, signal.SIGKILL)  # even a hard kill of the front takes the workers down
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(w) for w in workers):  # noqa: ASYNC110 - polling /proc
        await asyncio.sleep(0.2)
    assert not any(_alive(w) for w in workers)
    await server.__aexit__(None, None, None)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
