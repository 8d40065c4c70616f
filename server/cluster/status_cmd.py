"""``silver-avatar cluster status [--address ADDRESS] [--json]``: nodes, workers, sessions and headroom."""

from __future__ import annotations

import argparse
import json

import ray

from server.cluster import NAMESPACE, STORE_NAME, WORKER_PREFIX


def gather(address: str, timeout: float = 10.0) -> dict:
    """What the cluster runs now (connects as a Ray client; changes nothing)."""
    from server.cluster.front import _nodes

    ray.init(address=address, namespace=NAMESPACE, log_to_driver=False, ignore_reinit_error=True)
    try:
        names = [n["name"] for n in ray.util.list_named_actors(all_namespaces=True)
                 if n.get("namespace") == NAMESPACE]  # fmt: skip
        workers = []
        for name in sorted(n for n in names if n.startswith(WORKER_PREFIX)):
            try:
                workers.append(ray.get(ray.get_actor(name, namespace=NAMESPACE).info.remote(), timeout=timeout))
            except Exception as exc:  # noqa: BLE001 - a dead or restarting worker is part of the status
                workers.append({"name": name, "error": type(exc).__name__})
        store = None
        if STORE_NAME in names:
            store = ray.get(ray.get_actor(STORE_NAME, namespace=NAMESPACE).stats.remote(), timeout=timeout)
        return {"nodes": _nodes(), "workers": workers, "store": store,
                "sessions": sum(w.get("sessions", 0) for w in workers)}  # fmt: skip
    finally:
        ray.shutdown()


def render(status: dict) -> str:
    lines = ["nodes:"]
    for n in status["nodes"]:
        lines.append(f"  {n['node_id'][:12]} {n['address']:<15} {'alive' if n['alive'] else 'DEAD':<5} "
                     f"cpus {n['cpus']:g} gpus {n['gpus']:g} {' '.join(n['labels'])}")  # fmt: skip
    lines.append("workers:")
    for w in status["workers"]:
        if "error" in w:
            lines.append(f"  {w['name']:<10} not answering ({w['error']})")
            continue
        lines.append(f"  {w['name']:<10} {w.get('url') or 'loading':<26} node {w['node_id'][:12]} "
                     f"sessions {w.get('sessions', 0)} {'admitting' if w.get('admitting') else 'full (' + str(w.get('reason')) + ')'} "
                     f"free {w.get('free_cores', '?')} cores, a session costs {w.get('session_cost_cores', '?')}")  # fmt: skip
    store = status["store"]
    lines.append(f"sessions: {status['sessions']}; resumable conversations in the store: "
                 f"{store['conversations'] if store else 'no store'}")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="silver-avatar cluster", description="Inspect a Silver Avatar Ray cluster.")
    p.add_argument("action", choices=["status"])
    p.add_argument("--address", default="auto", help="the Ray cluster (default: auto, the local node's cluster)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = p.parse_args(argv)
    status = gather(args.address)
    print(json.dumps(status, indent=2) if args.json else render(status))
    return 0
