"""The front's choice of worker from the figures each worker reports (no processes: scripted health)."""

from __future__ import annotations

from server.front import Worker, rank_by_headroom


def _worker(key: str, sessions: int, free: float, cost: float = 0.35) -> Worker:
    return Worker(key, f"http://127.0.0.1:1{key}", sessions=sessions, free_cores=free,
                  health={"admission": {"session_cost_cores": cost}})  # fmt: skip


def test_an_idle_worker_beats_a_busier_one_that_reads_a_little_more_free_cpu():
    # Worker 0 just took a session; worker 1 sampled the host during that session's start-up burst.
    busy, idle = _worker("0", 1, 1.20), _worker("1", 0, 1.05)
    assert [w.key for w in rank_by_headroom([busy, idle])] == ["1", "0"]


def test_a_real_difference_in_free_cpu_still_wins_over_the_session_count():
    # Another host with a whole core more free is the better place even with a session more.
    crowded_host, roomy_host = _worker("0", 0, 0.30), _worker("1", 1, 1.40)
    assert [w.key for w in rank_by_headroom([crowded_host, roomy_host])] == ["1", "0"]


def test_ties_keep_more_free_cpu_first_and_no_workers_is_no_ranking():
    a, b = _worker("0", 1, 0.90), _worker("1", 1, 1.00)
    assert [w.key for w in rank_by_headroom([a, b])] == ["1", "0"]
    assert rank_by_headroom([]) == []


def test_a_worker_that_never_reported_its_cost_is_charged_the_floor():
    w = Worker("0", "http://127.0.0.1:1")
    assert 0.0 < w.session_cost < 1.0
