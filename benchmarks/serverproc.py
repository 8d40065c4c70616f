"""Start a Silver Avatar server in a child process for a benchmark, and read its CPU time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``async with ServerProcess(extra_args) as url:`` — a server with the default configuration."""

    def __init__(self, args: list[str] | None = None, log_path: Path | None = None,
                 env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.port = free_port()
        self.args = args or []
        self.log_path = log_path
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def spawn(self) -> None:
        if self.log_path:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        cmd = [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.args]
        # No preexec_fn: Python code run in the forked child before exec can free objects whose locks
        # another thread of this process held at the fork (a PyAV scaler's thread pool hung a test run in
        # pthread_cond_destroy), so the priority is set from here once the child exists.
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        _server_priority(self.proc.pid)

    async def __aenter__(self) -> str:
        await asyncio.get_running_loop().run_in_executor(None, self.spawn)
        assert self.proc is not None
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 240
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode} (log: {self.log_path})")
                try:
                    async with http.get(url + "/healthz") as resp:
                        if resp.status == 200:
                            return url
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.5)
        raise TimeoutError("server did not become healthy in 240 s")

    async def __aexit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def cpu_seconds(self) -> float | None:
        return process_cpu_seconds(self.proc.pid) if self.proc else None


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


CLIENT_NICE = 10
_BASE_NICE = os.getpriority(os.PRIO_PROCESS, 0)


def client_yields_cpu() -> None:
    """Lower this (client) process's priority once the server under test has started (idempotent).

    The benchmark client stands in for a browser on another machine, but here it shares the
    server's two cores and decodes every video frame. At a lower priority it takes only what the
    server leaves; its own timestamps can only get later, so measured latencies stay conservative.
    """
    with contextlib.suppress(OSError):
        if os.getpriority(os.PRIO_PROCESS, 0) < _BASE_NICE + CLIENT_NICE:
            os.setpriority(os.PRIO_PROCESS, 0, _BASE_NICE + CLIENT_NICE)


def _server_priority(pid: int) -> None:
    """The server child back at the priority the benchmark started with (needs privileges once the
    client has lowered its own; best effort otherwise)."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, _BASE_NICE)
