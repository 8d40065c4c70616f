"""One worker thread, two queues: the transcription that ends a turn never waits behind live captions.

Whisper runs one decode at a time (two at once starve the avatar's video on two cores). With a
plain FIFO pool, a turn's final transcription queued behind every partial (live caption) other
sessions had submitted: with two sessions speaking, first replies came ~2 s later. ``TwoLaneWorker``
keeps the single thread but always takes urgent work first; each lane is a ``concurrent.futures``
executor, so ``loop.run_in_executor(worker.urgent, fn)`` works, and a cancelled caller's queued job
is skipped.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any


class _Lane(Executor):
    def __init__(self, worker: TwoLaneWorker, index: int) -> None:
        self._worker = worker
        self._index = index

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self._worker._submit(self._index, fn, args, kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._worker.shutdown(wait, cancel_futures=cancel_futures)


class TwoLaneWorker:
    """A single worker thread serving ``urgent`` before ``background`` (each FIFO within its lane)."""

    def __init__(self, name: str) -> None:
        self._cv = threading.Condition()
        self._queues: tuple[deque, deque] = (deque(), deque())
        self._closed = False
        self.urgent: Executor = _Lane(self, 0)
        self.background: Executor = _Lane(self, 1)
        # started now, not on first use: a thread that appears mid-session looks like a leak
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _submit(self, lane: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> Future:
        future: Future = Future()
        with self._cv:
            if self._closed:
                raise RuntimeError("cannot schedule new work after shutdown")
            self._queues[lane].append((future, fn, args, kwargs))
            self._cv.notify()
        return future

    def pending(self) -> tuple[int, int]:
        """Queued (not yet running) jobs per lane: (urgent, background)."""
        with self._cv:
            return len(self._queues[0]), len(self._queues[1])

    def _run(self) -> None:
        while True:
            with self._cv:
                while not (self._queues[0] or self._queues[1] or self._closed):
                    self._cv.wait()
                if not (self._queues[0] or self._queues[1]):
                    return  # closed and drained
                future, fn, args, kwargs = (self._queues[0] or self._queues[1]).popleft()
            if not future.set_running_or_notify_cancel():
                continue  # its caller gave up while it was queued
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
                future.set_exception(exc)
            else:
                future.set_result(result)
            del future, fn, args, kwargs  # drop references before blocking again

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._cv:
            self._closed = True
            if cancel_futures:
                for queue in self._queues:
                    while queue:
                        queue.popleft()[0].cancel()
            self._cv.notify_all()
        if wait and threading.current_thread() is not self._thread:
            self._thread.join()
