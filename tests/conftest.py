"""Shared fixtures: a real server (all real models) on a loopback port, loaded once per test run."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import hypothesis.internal.conjecture.optimiser  # noqa: F401 - see below
import pytest

from server.config import ADMISSION_ENV
from server.loopback import enable_loopback_candidates

# Hypothesis imports its optimiser lazily, in the middle of a run with its own recursion limit raised;
# pytest's assertion rewriter then compiles that module there and CPython 3.11 can fail with
# "SystemError: AST constructor recursion depth mismatch" (seen once in CI on a hostile-HTTP fuzz test).
# Importing it up front, above, compiles it at a normal depth.

# Servers started by the tests (in-process and as subprocesses) admit by session count: the suite
# shares a loaded CPU with its own clients, and headroom admission would refuse sessions the tests
# need. tests/server/test_admission.py switches headroom admission on where it is under test.
os.environ.setdefault(ADMISSION_ENV, "count")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    app: object
    loop: asyncio.AbstractEventLoop

    def call(self, coro, timeout: float = 30.0):
        """Run a coroutine on the server's loop (e.g. to inspect the session manager)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


class _ServerThread(threading.Thread):
    def __init__(self, config, engines) -> None:
        super().__init__(name="live-server", daemon=True)
        self.config, self.engines = config, engines
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.error: BaseException | None = None

    def run(self) -> None:
        from aiohttp import web

        from server.app import create_app

        asyncio.set_event_loop(self.loop)
        try:
            self.app = create_app(self.config, self.engines)
            self.runner = web.AppRunner(self.app)
            self.loop.run_until_complete(self.runner.setup())
            site = web.TCPSite(self.runner, self.config.host, self.config.port)
            self.loop.run_until_complete(site.start())
        except BaseException as exc:  # surface start-up errors to the fixture
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.runner.cleanup())

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.join(timeout=30)


@pytest.fixture(scope="session")
def engines():
    """All default models, loaded once for the whole test run."""
    from server.config import load_config
    from server.engines import load_engines, shutdown_engines

    loaded = load_engines(load_config())
    yield loaded
    shutdown_engines(loaded)


def start_server(engines, **overrides) -> tuple[_ServerThread, LiveServer]:
    from server.config import load_config

    enable_loopback_candidates()
    config = load_config(host="127.0.0.1", port=free_port(), **overrides)
    thread = _ServerThread(config, engines)
    thread.start()
    thread.ready.wait(60)
    if thread.error is not None:
        raise thread.error
    return thread, LiveServer(f"http://127.0.0.1:{config.port}", thread.app, thread.loop)


@pytest.fixture(scope="session")
def live_server(engines) -> Iterator[LiveServer]:
    """Base URL (``.url``) of a real server with the default models on 127.0.0.1."""
    thread, server = start_server(engines)
    yield server
    thread.stop()
