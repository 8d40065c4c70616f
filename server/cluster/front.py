"""A stateless front on a Ray cluster: ``silver-avatar serve --cluster ADDRESS``.

The front joins the cluster, makes sure the shared store and ``--workers`` session workers exist
(detached actors: any number of fronts share them, and they outlive any one front), and every
``discover_s`` seconds lists the workers Ray is running, wherever Ray placed them. Offers go to the
live worker with the most headroom (``/healthz`` of each); a worker that stops answering gets no
new offers from the next refresh on (a couple of seconds), and a client whose worker died is
resumed on another worker from the cluster's store. The front serves the page and signaling only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

import ray

from server.cluster import NAMESPACE, WORKER_PREFIX
from server.cluster.store import store_handle
from server.cluster.worker import worker_handle
from server.config import Config
from server.front import Front, Worker, run_front

log = logging.getLogger(__name__)


@dataclass
class ClusterOptions:
    address: str  # the Ray cluster ("auto", "HOST:6379" or "ray://HOST:10001")
    workers: int = 1  # session workers this front makes sure exist (0: route to the existing ones)
    worker_cpus: float = 1.0
    worker_gpus: float = 0.0  # e.g. 0.5 with --renderer radnerf: two workers share a GPU
    worker_resources: dict[str, float] = field(default_factory=dict)  # extra labels to place workers by
    discover_s: float = 2.0


class ClusterFront(Front):
    def __init__(self, config: Config, options: ClusterOptions) -> None:
        super().__init__(config, 0, None, [])
        self.options = options
        self.handles: dict[str, ray.actor.ActorHandle] = {}
        self.nodes: list[dict] = []
        self._discovery: asyncio.Task | None = None

    def connect(self) -> None:
        """Join the cluster; create the store and the workers if they do not exist yet (blocking)."""
        ray.init(address=self.options.address, namespace=NAMESPACE, log_to_driver=False, ignore_reinit_error=True)
        store = store_handle()
        self.secret = ray.get(store.secret.remote(), timeout=60)
        loopback = self.config.host in ("127.0.0.1", "localhost", "::1")
        o = self.options
        for i in range(o.workers):
            handle = worker_handle(i, self.config, self.secret, num_cpus=o.worker_cpus, num_gpus=o.worker_gpus,
                                   resources=o.worker_resources, loopback_ice=loopback)  # fmt: skip
            handle.start.remote()  # loads the models where Ray placed it; discovery picks up its URL

    async def wait_ready(self, timeout: float = 600) -> None:
        """Until at least one worker answers (every worker when this front created them)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        want = max(1, self.options.workers)
        while True:
            await self.discover()
            await self._refresh()
            if sum(w.alive for w in self.workers) >= want:
                break
            if loop.time() > deadline:
                raise TimeoutError(f"{sum(w.alive for w in self.workers)} of {want} cluster workers ready")
            await asyncio.sleep(1.0)
        self._discovery = loop.create_task(self._discover_forever(), name="cluster-discovery")

    async def _discover_forever(self) -> None:
        while True:
            await asyncio.sleep(self.options.discover_s)
            try:
                await self.discover()
                await self._refresh()
            except Exception:  # noqa: BLE001 - the next round tries again; routing goes on meanwhile
                log.warning("cluster discovery failed", exc_info=True)

    async def discover(self) -> None:
        """The workers Ray runs now, and their URLs; the nodes, for ``/healthz``."""
        loop = asyncio.get_running_loop()
        names = await loop.run_in_executor(None, lambda: ray.util.list_named_actors(all_namespaces=True))
        found = sorted(n["name"] for n in names if n.get("namespace") == NAMESPACE and n["name"].startswith(WORKER_PREFIX))
        known = {w.key: w for w in self.workers}
        workers: list[Worker] = []
        for name in found:
            key = name[len(WORKER_PREFIX) :]
            try:
                handle = self.handles.get(key) or await loop.run_in_executor(
                    None, lambda n=name: ray.get_actor(n, namespace=NAMESPACE)
                )  # a GCS lookup: off the loop
                self.handles[key] = handle
                url = await asyncio.wait_for(asyncio.wrap_future(handle.start.remote().future()), 2.0)
            except Exception:  # noqa: BLE001 - dead, restarting or still loading: not routable now
                self.handles.pop(key, None)
                if key in known:
                    known[key].alive = False
                    workers.append(known[key])
                continue
            worker = known.get(key)
            if worker is None or worker.url != url:
                worker = Worker(key, url)
            workers.append(worker)
        self.workers = workers
        self.nodes = await loop.run_in_executor(None, _nodes)

    def describe(self) -> dict:
        return {**super().describe(), "nodes": self.nodes}

    async def close(self) -> None:
        if self._discovery is not None:
            self._discovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._discovery
        if self.http is not None:
            await self.http.close()
        ray.shutdown()  # the workers are detached: they keep serving for other fronts


def _nodes() -> list[dict]:
    out = []
    for node in ray.nodes():
        res = node.get("Resources", {})
        labels = sorted(k for k in res if not k.startswith("node:") and k not in ("CPU", "GPU", "memory",
                                                                                  "object_store_memory"))  # fmt: skip
        out.append({"node_id": node["NodeID"], "address": node.get("NodeManagerAddress"), "alive": node["Alive"],
                    "cpus": res.get("CPU", 0), "gpus": res.get("GPU", 0), "labels": labels})  # fmt: skip
    return out


async def serve_cluster_front(config: Config, options: ClusterOptions) -> None:
    front = ClusterFront(config, options)
    await run_front(front, front.connect)
