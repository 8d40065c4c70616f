"""The ASR worker: a turn's final transcription goes before queued live-caption partials."""

import asyncio
import threading

import pytest

from streaming.lanes import TwoLaneWorker


@pytest.fixture
def worker():
    w = TwoLaneWorker("test-lanes")
    yield w
    w.shutdown(wait=True, cancel_futures=True)


def _blocked(worker: TwoLaneWorker, order: list[str]) -> threading.Event:
    """Occupy the worker until the returned event is set."""
    release, started = threading.Event(), threading.Event()

    def hold():
        started.set()
        release.wait(5)
        order.append("running")

    worker.background.submit(hold)
    assert started.wait(5)
    return release


def test_urgent_work_jumps_the_queue_of_background_work(worker):
    order: list[str] = []
    release = _blocked(worker, order)
    later = [worker.background.submit(order.append, f"partial {i}") for i in range(3)]
    final = worker.urgent.submit(order.append, "final")
    assert worker.pending() == (1, 3)
    release.set()
    final.result(5)
    for f in later:
        f.result(5)
    assert order == ["running", "final", "partial 0", "partial 1", "partial 2"]


def test_a_job_cancelled_while_queued_never_runs(worker):
    order: list[str] = []
    release = _blocked(worker, order)
    dropped = worker.background.submit(order.append, "stale caption")
    kept = worker.urgent.submit(order.append, "final")
    assert dropped.cancel()
    release.set()
    kept.result(5)
    worker.urgent.submit(lambda: None).result(5)
    assert order == ["running", "final"]


def test_errors_reach_the_caller_and_the_worker_goes_on(worker):
    def boom():
        raise ValueError("bad audio")

    with pytest.raises(ValueError, match="bad audio"):
        worker.urgent.submit(boom).result(5)
    assert worker.background.submit(lambda: 42).result(5) == 42


def test_lanes_work_with_run_in_executor_and_cancellation(worker):
    async def scenario():
        loop = asyncio.get_running_loop()
        order: list[str] = []
        release = _blocked(worker, order)
        caption = asyncio.ensure_future(loop.run_in_executor(worker.background, order.append, "caption"))
        await asyncio.sleep(0.05)
        caption.cancel()  # the session cancels a queued partial when the turn's final starts
        await asyncio.sleep(0)  # asyncio passes the cancellation on to the executor's future
        final = loop.run_in_executor(worker.urgent, order.append, "final")
        release.set()
        await final
        return order

    assert asyncio.run(scenario()) == ["running", "final"]


def test_shutdown_cancels_queued_work_and_ends_the_thread():
    w = TwoLaneWorker("test-lanes-shutdown")
    order: list[str] = []
    release = _blocked(w, order)
    queued = w.background.submit(order.append, "never")
    threading.Timer(0.1, release.set).start()
    w.shutdown(wait=True, cancel_futures=True)
    assert queued.cancelled() and order == ["running"]
    assert not any(t.name == "test-lanes-shutdown" for t in threading.enumerate())
    with pytest.raises(RuntimeError):
        w.urgent.submit(print)
