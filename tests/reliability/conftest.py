"""Fixtures for the reliability tests: extra servers with other settings, the OpenAPI validator, HTTP helpers."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import aiohttp
import pytest

from .openapi_check import OpenApi

ROOT_CONFTEST = Path(__file__).resolve().parent.parent / "conftest.py"


@pytest.fixture(scope="session")
def start_server_fn(request):
    """``start_server(engines, **config_overrides)`` from tests/conftest.py (found through pytest's plugins,
    because every conftest module is named ``conftest``)."""
    for plugin in request.config.pluginmanager.get_plugins():
        if Path(getattr(plugin, "__file__", "") or "").resolve() == ROOT_CONFTEST:
            return plugin.start_server
    raise RuntimeError("tests/conftest.py is not loaded")


@pytest.fixture
def spawn_server(engines, start_server_fn):
    """Start extra servers (stopped after the test): ``spawn_server(max_sessions=1)`` → LiveServer."""
    threads = []

    def spawn(engines_override=None, **overrides):
        thread, server = start_server_fn(engines_override or engines, **overrides)
        threads.append(thread)
        return server

    yield spawn
    for thread in threads:
        thread.stop()


@pytest.fixture(scope="session")
def openapi() -> OpenApi:
    return OpenApi()


async def request(http: aiohttp.ClientSession, method: str, url: str, **kwargs) -> tuple[int, object, dict[str, str]]:
    """(status, JSON body or text, headers) of one request."""
    async with http.request(method, url, **kwargs) as resp:
        raw = await resp.read()
        body: object = raw.decode("utf-8", "replace")
        if resp.content_type == "application/json" and raw:
            import json

            body = json.loads(raw)
        return resp.status, body, dict(resp.headers)


async def eventually(predicate, timeout: float, interval: float = 0.1, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout} s")
        await asyncio.sleep(interval)


def server_session_count(server) -> int:
    async def count() -> int:
        from server.app import MANAGER

        return len(server.app[MANAGER].sessions)

    return server.call(count())


def describe_tasks(tasks) -> list[str]:
    """``name coroutine`` of tasks, leaving out aiohttp's per-connection handlers (keep-alive HTTP)."""
    out = []
    for task in tasks:
        coro = task.get_coro()
        what = getattr(coro, "__qualname__", type(coro).__name__)
        if what != "RequestHandler.start":
            out.append(f"{task.get_name()} {what}")
    return sorted(out)


def server_tasks(server, prefix: str = "") -> list[str]:
    """The unfinished tasks on a server's loop (optionally only those whose name starts with ``prefix``)."""

    async def names() -> list[str]:
        me = asyncio.current_task()
        return describe_tasks(t for t in asyncio.all_tasks() if t is not me and t.get_name().startswith(prefix))

    return server.call(names())


def thread_names(prefix: str) -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(prefix)]
