"""``silver-avatar serve``: load the models, then serve the page and the signaling API."""

from __future__ import annotations

import argparse
import asyncio
import logging

from aiohttp import web

from server.app import create_app, load_engines_async
from server.config import load_config
from server.engines import shutdown_engines
from server.loopback import enable_loopback_candidates

log = logging.getLogger(__name__)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="silver-avatar serve", description="Start the Silver Avatar server.")
    parser.add_argument("--host", default=None, help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default 8080)")
    parser.add_argument("--config", default=None, help="TOML configuration file")
    parser.add_argument("--portrait", default=None, help="portrait photo for the CPU avatar")
    parser.add_argument("--renderer", choices=["cpu", "radnerf"], default=None)
    parser.add_argument("--radnerf-checkpoint", default=None)
    parser.add_argument("--max-sessions", type=int, default=None)
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes (each holds the models and a few real-time sessions)")
    parser.add_argument("--cluster", metavar="ADDRESS", default=None,
                        help="run as a front of a Ray cluster (needs the 'cluster' extra): 'auto' or HOST:PORT")
    parser.add_argument("--worker-cpus", type=float, default=1.0, help="--cluster: CPUs Ray reserves per worker")
    parser.add_argument("--worker-gpus", type=float, default=None,
                        help="--cluster: GPU share per worker (default 0.5 with --renderer radnerf, else 0)")
    parser.add_argument("--worker-resources", default="{}",
                        help='--cluster: extra Ray resources per worker, as JSON (e.g. \'{"zone_seoul": 1}\')')
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    from server.privacy import install_log_masking

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_masking()
    config = load_config(
        args.config,
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        **{"avatar.portrait": args.portrait, "avatar.renderer": args.renderer,
           "avatar.radnerf_checkpoint": args.radnerf_checkpoint},
    )
    if config.host in ("127.0.0.1", "localhost"):
        enable_loopback_candidates()
    if args.cluster:
        return _serve_cluster(config, args)
    if args.workers > 1:
        from server.front import serve_front

        passthrough = _drop_option(argv, ("--host", "--port", "--config", "--max-sessions", "--workers"))
        asyncio.run(_until_signalled(serve_front(config, args.workers, args.config, passthrough)))
    else:
        asyncio.run(_until_signalled(_serve(config)))
    return 0


def _serve_cluster(config, args) -> int:
    import json

    try:
        from server.cluster.front import ClusterOptions, serve_cluster_front
    except ImportError as exc:
        raise SystemExit(f"--cluster needs Ray: pip install -e '.[cluster]' ({exc})") from None
    try:
        resources = {str(k): float(v) for k, v in json.loads(args.worker_resources).items()}
    except (ValueError, AttributeError) as exc:
        raise SystemExit(f"--worker-resources must be a JSON object of numbers: {exc}") from None
    gpus = args.worker_gpus if args.worker_gpus is not None else (0.5 if config.avatar.renderer == "radnerf" else 0.0)
    options = ClusterOptions(args.cluster, workers=args.workers, worker_cpus=args.worker_cpus, worker_gpus=gpus,
                             worker_resources=resources)  # fmt: skip
    asyncio.run(_until_signalled(serve_cluster_front(config, options)))
    return 0


async def _until_signalled(main) -> None:
    """Run ``main`` until SIGTERM or SIGINT, then cancel it so every ``finally`` (session teardown,
    worker shutdown) runs instead of the process dying mid-call."""
    import signal

    task = asyncio.ensure_future(main)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        log.info("shutting down")


def _drop_option(argv: list[str], names: tuple[str, ...]) -> list[str]:
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in names:
            skip = True
            continue
        if any(arg.startswith(n + "=") for n in names):
            continue
        out.append(arg)
    return out


async def _serve(config) -> None:
    log.info("loading models (Whisper base, retriever, TTS, avatar)...")
    engines = await load_engines_async(config)
    app = create_app(config, engines)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port)
    await site.start()
    log.info("Silver Avatar is serving on http://%s:%d", config.host, config.port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        shutdown_engines(engines)
