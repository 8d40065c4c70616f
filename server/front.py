"""Serve with several worker processes: one front process, N model-holding workers.

One event loop holds only a few real-time sessions (the GIL and the loop are the limit, not the
cores), so ``silver-avatar serve --workers N`` starts N ordinary servers on private loopback ports
and a front process on the public port. The front serves the page and routes each offer to the
worker with the fewest sessions; the session id it returns carries the worker's index
(``"2.abc..."``) so ``DELETE`` and reconnects reach the same worker. Media never passes through
the front: ICE connects the browser straight to the worker's aiortc peer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

from server.config import Config
from server.headroom import AdmissionConfig
from server.http_guard import BodyError, json_error, read_body
from server.peers import BUSY
from server.protocol import InvalidJson, parse_json
from server.security import (
    CLIENT_HEADER,
    FRONT_HEADER,
    FRONT_SECRET_ENV,
    RateLimiter,
    check_bearer,
    client_address,
)

log = logging.getLogger(__name__)


@dataclass
class Worker:
    """A session worker the front routes to: a local child process or, in a cluster, a Ray actor."""

    key: str  # the session-id prefix ("2.abc..."): the index locally, the actor's number in a cluster
    url: str
    proc: subprocess.Popen | None = None
    sessions: int = 0
    alive: bool = True
    admitting: bool = True
    free_cores: float = 0.0
    health: dict = field(default_factory=dict)

    @property
    def session_cost(self) -> float:
        """Cores one more session takes on it, as the worker last reported (its floor if unknown)."""
        reported = (self.health.get("admission") or {}).get("session_cost_cores")
        return float(reported or AdmissionConfig.session_cpu_cores)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


def _die_with_parent() -> None:
    """In the worker (Linux): receive SIGTERM when the front process dies, however it dies."""
    import contextlib
    import ctypes
    import signal

    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rank_by_headroom(workers: list[Worker]) -> list[Worker]:
    """Most free cores first, but a difference under one session's cost is no difference.

    Workers on one host read the same CPU a moment apart, and a session starting up is a burst, so
    their free-core figures differ by noise; ranked on that alone, two idle workers could both be
    handed the next sessions. Within one session's cost of the best, fewest sessions go first.
    """
    if not workers:
        return []
    best = max(w.free_cores for w in workers)

    def key(w: Worker) -> tuple[int, int, float]:
        return int((best - w.free_cores) // max(w.session_cost, 0.05)), w.sessions, -w.free_cores

    return sorted(workers, key=key)


class Front:
    def __init__(self, config: Config, workers: int, config_path: str | None, extra_args: list[str]) -> None:
        self.config = config
        self.workers = [Worker(str(i), f"http://127.0.0.1:{_free_port()}") for i in range(workers)]
        self.config_path = config_path
        self.extra_args = extra_args
        self.http: aiohttp.ClientSession | None = None
        self.limiter = RateLimiter(config.offers_per_minute)
        self.secret = secrets.token_urlsafe(32)  # lets workers trust the client address this front reports

    def spawn(self) -> None:
        per_worker = max(1, -(-self.config.max_sessions // len(self.workers)))
        for w in self.workers:
            cmd = [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(w.port),
                   "--max-sessions", str(per_worker), *self.extra_args]  # fmt: skip
            if self.config_path:
                cmd += ["--config", self.config_path]
            env = {**os.environ, FRONT_SECRET_ENV: self.secret}
            w.proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parent.parent, env=env,
                                      preexec_fn=_die_with_parent)  # fmt: skip

    async def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        assert self.http is not None
        for w in self.workers:
            while True:
                if w.proc is not None and w.proc.poll() is not None:
                    raise RuntimeError(f"worker {w.key} exited with {w.proc.returncode}")
                try:
                    async with self.http.get(w.url + "/healthz") as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"worker {w.key} not ready")
                await asyncio.sleep(0.5)

    async def _refresh(self) -> None:
        """Ask every worker for its load and headroom (``/healthz``); an unreachable one is down."""
        assert self.http is not None

        async def one(w: Worker) -> None:
            try:
                async with self.http.get(w.url + "/healthz", timeout=aiohttp.ClientTimeout(total=2)) as resp:
                    health = await resp.json()
                w.sessions, w.alive, w.health = int(health["sessions"]), True, health
                w.admitting = bool(health.get("admitting", True))
                w.free_cores = float((health.get("admission") or {}).get("free_cores") or 0.0)
            except (aiohttp.ClientError, TimeoutError, KeyError, ValueError, TypeError):
                w.alive, w.admitting = False, False

        await asyncio.gather(*(one(w) for w in self.workers))

    def _find(self, key: str) -> Worker | None:
        return next((w for w in self.workers if w.key == key), None)

    def _ranked(self) -> list[Worker]:
        """Live workers, those with headroom first, then the rest (fewest sessions)."""
        alive = [w for w in self.workers if w.alive]
        return rank_by_headroom([w for w in alive if w.admitting]) + sorted(
            (w for w in alive if not w.admitting), key=lambda w: w.sessions)  # fmt: skip

    async def offer(self, request: web.Request) -> web.Response:
        check_bearer(request.headers.get("Authorization"), self.config.auth_secret)
        wait = self.limiter.hit(client_address(request, trusted_proxies=self.config.trusted_proxies))
        if wait:
            return json_error(429, "rate_limited", "요청이 너무 잦아요. 잠시 뒤에 다시 시도해 주세요.", {"Retry-After": str(wait)})
        try:
            body = await read_body(request, self.config.max_body_bytes, self.config.body_timeout_s)
        except BodyError as exc:
            response = json_error(exc.status, exc.code, exc.message)
            response.force_close()
            return response
        try:
            data = parse_json(body)
        except InvalidJson:
            data = None  # the worker answers malformed input with its own 400
        sid = data.get("session_id") if isinstance(data, dict) else None
        home = None
        if isinstance(sid, str) and "." in sid:
            key, inner = sid.split(".", 1)
            home = self._find(key)
            data["session_id"] = inner  # another worker may resume it from the cluster's store
            body = json.dumps(data).encode()
        if home is not None and home.alive:
            response = await self._forward("POST", home, "/api/offer", body, request, prefix=True)
            if response.status != 503:
                return response  # else: full or gone; another worker can carry the conversation on
        await self._refresh()
        response = json_error(503, "busy", BUSY, {"Retry-After": "10"})
        for worker in self._ranked():
            if worker is home:
                continue  # it has just answered 503
            worker.sessions += 1  # reserve until the next refresh, so concurrent offers spread out
            worker.free_cores -= worker.session_cost
            response = await self._forward("POST", worker, "/api/offer", body, request, prefix=True)
            if response.status != 503:
                break
        return response

    async def delete(self, request: web.Request) -> web.Response:
        key, _, inner = request.match_info["session_id"].partition(".")
        worker = self._find(key)
        if worker is None or not inner:
            return json_error(404, "unknown_session", "no such session (it may have ended already)")
        return await self._forward("DELETE", worker, f"/api/sessions/{inner}", b"", request)

    async def _forward(self, method: str, worker: Worker, path: str, body: bytes, request: web.Request,
                       prefix: bool = False) -> web.Response:  # fmt: skip
        assert self.http is not None
        headers = {k: v for k, v in request.headers.items() if k in ("Content-Type", "Authorization")}
        headers[FRONT_HEADER] = self.secret
        headers[CLIENT_HEADER] = client_address(request, trusted_proxies=self.config.trusted_proxies)
        try:
            timeout = aiohttp.ClientTimeout(total=30, sock_connect=3)  # a dead node's address may never answer
            async with self.http.request(method, worker.url + path, data=body, headers=headers, timeout=timeout) as resp:
                payload = await resp.read()
                out_headers = {k: v for k, v in resp.headers.items() if k in ("Content-Type", "Retry-After")}
                if prefix and resp.status == 200:
                    data = json.loads(payload)
                    data["session_id"] = f"{worker.key}.{data['session_id']}"
                    payload = json.dumps(data).encode()
                return web.Response(status=resp.status, body=payload, headers=out_headers)
        except (aiohttp.ClientError, TimeoutError):
            log.exception("worker %s unreachable", worker.key)
            worker.alive = False
            return json_error(503, "busy", "지금은 연결이 어려워요. 잠시 뒤에 다시 눌러 주세요.", {"Retry-After": "5"})

    def describe(self) -> dict:
        """Workers as the front sees them (``/healthz``, ``silver-avatar cluster status``)."""
        alive = [w for w in self.workers if w.alive]
        return {
            "workers": len(self.workers),
            "workers_alive": len(alive),
            "sessions": sum(w.sessions for w in alive),
            "max_sessions": self.config.max_sessions,
            "admitting": any(w.admitting for w in alive),
            "worker_list": [
                {"key": w.key, "url": w.url, "alive": w.alive, "sessions": w.sessions if w.alive else None,
                 "admitting": w.alive and w.admitting, "admission": w.health.get("admission") if w.alive else None}
                for w in self.workers
            ],
        }  # fmt: skip

    async def healthz(self, request: web.Request) -> web.Response:
        await self._refresh()
        info = self.describe()
        ok = info["workers_alive"] > 0
        return web.json_response({"status": "ok" if ok else "down", **info}, status=200 if ok else 503)

    async def close(self) -> None:
        for w in self.workers:
            if w.proc and w.proc.poll() is None:
                w.proc.terminate()
        for w in self.workers:
            if w.proc:
                try:
                    await asyncio.get_running_loop().run_in_executor(None, w.proc.wait, 20)
                except subprocess.TimeoutExpired:
                    w.proc.kill()
        if self.http is not None:
            await self.http.close()


async def serve_front(config: Config, workers: int, config_path: str | None, extra_args: list[str]) -> None:
    front = Front(config, workers, config_path, extra_args)
    await run_front(front, front.spawn)


async def run_front(front: Front, start: Callable[[], None]) -> None:
    """Start ``front``'s workers (``start`` blocks: it runs off the loop), wait until they answer, then
    serve the page and the signaling API until cancelled. Local and cluster fronts share this."""
    from server.app import add_method_fallbacks, build_static_app

    config = front.config
    await asyncio.get_running_loop().run_in_executor(None, start)
    front.http = aiohttp.ClientSession()
    try:
        await front.wait_ready()
        app = build_static_app(config)
        app.router.add_post("/api/offer", front.offer)
        app.router.add_delete("/api/sessions/{session_id}", front.delete)
        app.router.add_get("/healthz", front.healthz)
        add_method_fallbacks(app)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, config.host, config.port).start()
        log.info("front on http://%s:%d routing to %d workers", config.host, config.port, len(front.workers))
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
    finally:
        await front.close()
