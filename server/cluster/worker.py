"""A model-holding session worker as a Ray actor: the single-box server, placed on a node by Ray.

Each actor loads the models once and serves ``/api/offer``, ``/api/sessions/…`` and ``/healthz``
on its own node's address, exactly as ``silver-avatar serve`` does on one box, with admission by
measured headroom. Fronts forward offers to it over HTTP; the media then flows between the browser
and this node (directly, or through TURN), never through a front.

Ray places the actor by resources: every worker asks for one ``silver_avatar_worker`` slot (a node
offers as many as it can hold: ``ray start --resources '{"silver_avatar_worker": 2}'``), its CPUs,
and with ``--renderer radnerf`` a share of a GPU.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

import ray
from aiohttp import web

from server.config import Config

log = logging.getLogger(__name__)


class SessionWorker:
    """The actor's class (``ray.remote`` is applied in :func:`worker_handle`)."""

    def __init__(self, name: str, config: Config, front_secret: str, loopback_ice: bool = False) -> None:
        self.name = name
        self.config = config
        self.front_secret = front_secret
        self.loopback_ice = loopback_ice
        self.url: str | None = None
        self.runner: web.AppRunner | None = None
        self.app: web.Application | None = None
        self.started = time.monotonic()
        self._starting: asyncio.Task | None = None

    async def start(self) -> str:
        """Load the models and start serving; returns the worker's URL. Every call waits for the one start."""
        if self._starting is None:
            self._starting = asyncio.get_running_loop().create_task(self._start())
        return await asyncio.shield(self._starting)

    async def _start(self) -> str:
        from server.app import create_app, load_engines_async
        from server.cluster import NAMESPACE, STORE_NAME
        from server.cluster.store import RayShared
        from server.loopback import enable_loopback_candidates
        from server.security import FRONT_SECRET_ENV

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        os.environ[FRONT_SECRET_ENV] = self.front_secret  # read by create_app: trust this cluster's fronts
        if self.loopback_ice:
            enable_loopback_candidates()
        engines = await load_engines_async(self.config)
        store = ray.get_actor(STORE_NAME, namespace=NAMESPACE)
        self.app = create_app(self.config, engines, shared=RayShared(store))
        self.runner = web.AppRunner(self.app)
        await self.runner.setup()
        host = ray.util.get_node_ip_address()
        site = web.TCPSite(self.runner, host, 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://{host}:{port}"
        log.info("worker %s serving on %s", self.name, self.url)
        return self.url

    async def info(self) -> dict:
        """Where the worker runs and how loaded it is (``silver-avatar cluster status``)."""
        from server.app import CONFIG, MANAGER

        out = {"name": self.name, "url": self.url, "node_id": ray.get_runtime_context().get_node_id(),
               "node_ip": ray.util.get_node_ip_address(), "pid": os.getpid(),
               "uptime_s": round(time.monotonic() - self.started, 1)}  # fmt: skip
        if self.app is not None:
            manager = self.app[MANAGER]
            decision = manager.headroom.decide(manager.active, self.app[CONFIG].max_sessions)
            out.update(sessions=manager.active, admitting=decision.admit, reason=decision.reason, **decision.figures)
        return out

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner, self.url, self._starting = None, None, None


def worker_handle(index: int, config: Config, front_secret: str, *, num_cpus: float, num_gpus: float,
                  resources: dict[str, float], loopback_ice: bool) -> ray.actor.ActorHandle:  # fmt: skip
    """Worker ``index`` of the cluster, created (detached, so it outlives the front) if it does not exist.

    If its node dies Ray restarts it wherever a ``silver_avatar_worker`` slot is free; until then
    fronts simply do not route to it.
    """
    from server.cluster import NAMESPACE, WORKER_PREFIX, WORKER_RESOURCE

    actor = ray.remote(SessionWorker).options(
        name=f"{WORKER_PREFIX}{index}", namespace=NAMESPACE, lifetime="detached", get_if_exists=True,
        num_cpus=num_cpus, num_gpus=num_gpus, resources={WORKER_RESOURCE: 1, **resources},
        max_restarts=-1, max_concurrency=64,
    )  # fmt: skip
    return actor.remote(f"{WORKER_PREFIX}{index}", config, front_secret, loopback_ice)
