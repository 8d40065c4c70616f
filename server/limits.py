"""Admission per client address: nobody holds every session slot, and offers that never connect cost their sender.

A session slot is taken when the offer is answered, long before ICE connects. Without a per-client
cap one address could post an offer every 20 s, never connect, and keep every slot (issue 19).
``ClientSlots`` caps the sessions one address holds at once and remembers the offers of each
address that never connected: after ``unconnected_limit`` of them within ``window_s`` that address
is refused until the oldest one falls out of the window.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str
    retry_after: int


TOO_MANY_SESSIONS = "이미 연결된 대화가 있어요. 먼저 연결을 끝내고 다시 눌러 주세요."
TOO_MANY_FAILED = "연결이 여러 번 끊겼어요. 잠시 뒤에 다시 눌러 주세요."


class ClientSlots:
    """Counts held sessions and failed connects per client; ``refusal`` says whether one more may start."""

    def __init__(self, per_client: int, unconnected_limit: int, window_s: float, uncapped: Iterable[str] = (),
                 now: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.per_client = per_client
        self.uncapped = frozenset(uncapped)  # this machine: a kiosk browser, benchmarks
        self.unconnected_limit = unconnected_limit
        self.window_s = window_s
        self._now = now
        self._held: dict[str, int] = defaultdict(int)
        self._failed: dict[str, deque[float]] = defaultdict(deque)

    def refusal(self, client: str) -> Refusal | None:
        """None when ``client`` may start one more session now."""
        if client in self.uncapped:
            return None
        failed = self._recent_failures(client)
        if self.unconnected_limit > 0 and len(failed) >= self.unconnected_limit:
            wait = self.window_s - (self._now() - failed[0])
            return Refusal(429, "unconnected_offers", TOO_MANY_FAILED, max(1, int(wait) + 1))
        if self.per_client > 0 and self._held.get(client, 0) >= self.per_client:
            return Refusal(429, "too_many_sessions", TOO_MANY_SESSIONS, 15)
        return None

    def acquire(self, client: str) -> None:
        self._held[client] += 1

    def release(self, client: str) -> None:
        left = self._held.get(client, 0) - 1
        if left > 0:
            self._held[client] = left
        else:
            self._held.pop(client, None)

    def held(self, client: str) -> int:
        return self._held.get(client, 0)

    def never_connected(self, client: str) -> None:
        """An offer of ``client`` was answered but its peer never connected (ICE timeout or failure)."""
        if client in self.uncapped:
            return
        self._recent_failures(client).append(self._now())
        if len(self._failed) > 10_000:  # forget addresses with nothing recent
            for key in [k for k in self._failed if not self._recent_failures(k)]:
                del self._failed[key]

    def _recent_failures(self, client: str) -> deque[float]:
        window = self._failed[client]
        now = self._now()
        while window and now - window[0] > self.window_s:
            window.popleft()
        return window


class MessageBudget:
    """A token bucket for one session's data-channel messages: a flood is dropped, a person never notices.

    ``take`` returns True while the sender is within ``rate_per_s`` (bursts up to ``burst``).
    """

    def __init__(self, rate_per_s: float, burst: int, now: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate_per_s
        self.burst = burst
        self._now = now
        self._tokens = float(burst)
        self._at = now()

    def take(self) -> bool:
        now = self._now()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False
