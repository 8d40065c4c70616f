"""Opt-in conversation log: what the person said and what the avatar answered, masked, in SQLite.

Off by default (``[privacy] conversation_log = true`` turns it on). It stores text only — final
transcripts and replies with their intent — never audio, and every text passes through
``mask_personal_numbers`` before it reaches the file. Rows older than ``retention_days`` are
deleted when the log opens, about once an hour while it runs, and by ``silver-avatar purge-logs``.
Deleted rows are overwritten on disk (``secure_delete``), not just unlinked from the b-tree.

Writes run on one worker thread so the event loop never waits for the disk.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from server.privacy import mask_personal_numbers

log = logging.getLogger(__name__)

DAY_S = 86_400.0
PURGE_EVERY_S = 3_600.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,                 -- unix time (seconds)
    session TEXT NOT NULL,
    turn INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'avatar')),
    text TEXT NOT NULL,               -- masked
    intent TEXT,
    entry_id TEXT
);
CREATE INDEX IF NOT EXISTS turns_ts ON turns (ts);
"""


@dataclass(frozen=True)
class LoggedTurn:
    ts: float
    session: str
    turn: int
    role: str
    text: str
    intent: str | None
    entry_id: str | None


class ConversationLog:
    """A SQLite file of masked conversation turns with a retention period."""

    def __init__(
        self,
        path: str | Path,
        retention_days: float = 30,
        clock: Callable[[], float] = time.time,
        purge_on_open: bool = True,
    ) -> None:
        if retention_days <= 0:
            raise ValueError("retention_days must be positive")
        self.path = Path(path)
        self.retention_days = retention_days
        self._clock = clock
        self._lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():  # readable by the service account only
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA secure_delete = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(_SCHEMA)
        self._last_purge = self._clock()
        if purge_on_open:
            self.purge_expired()

    # ---- writing ---------------------------------------------------------------------------
    def record(
        self,
        session: str,
        turn: int,
        role: str,
        text: str,
        *,
        intent: str | None = None,
        entry_id: str | None = None,
    ) -> None:
        """Store one masked turn (blocking; ``observe`` is the non-blocking way in)."""
        now = self._clock()
        with self._lock:
            self._db.execute(
                "INSERT INTO turns (ts, session, turn, role, text, intent, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now, session, int(turn), role, mask_personal_numbers(text), intent, entry_id),
            )
        if now - self._last_purge > PURGE_EVERY_S:
            self.purge_expired()

    def observe(self, session: str, event: dict) -> None:
        """Log a session event if it is a final transcript, a reply or an apology (non-blocking)."""
        row = _row_from_event(event)
        if row is None:
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="conversation-log")
        future = self._writer.submit(self.record, session, *row[:3], intent=row[3], entry_id=row[4])
        future.add_done_callback(_log_failure)

    # ---- reading and deleting ----------------------------------------------------------------
    def rows(self, session: str | None = None) -> list[LoggedTurn]:
        query = "SELECT ts, session, turn, role, text, intent, entry_id FROM turns"
        args: tuple = ()
        if session is not None:
            query, args = query + " WHERE session = ?", (session,)
        with self._lock:
            return [LoggedTurn(*r) for r in self._db.execute(query + " ORDER BY id", args)]

    def purge(self, older_than_days: float | None = None) -> int:
        """Delete rows older than ``older_than_days`` (0 deletes everything); returns how many."""
        days = self.retention_days if older_than_days is None else older_than_days
        cutoff = self._clock() - days * DAY_S if days > 0 else float("inf")
        with self._lock:
            deleted = self._db.execute("DELETE FROM turns WHERE ts <= ?", (cutoff,)).rowcount
            if deleted:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._last_purge = self._clock()
        if deleted:
            log.info("conversation log: deleted %d turns older than %s days", deleted, days)
        return deleted

    def purge_expired(self) -> int:
        return self.purge(self.retention_days)

    def purge_all(self) -> int:
        """Delete every row and compact the file."""
        deleted = self.purge(0)
        with self._lock:
            self._db.execute("VACUUM")
        return deleted

    def close(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        with self._lock:
            self._db.close()


def _row_from_event(event: dict) -> tuple[int, str, str, str | None, str | None] | None:
    kind = event.get("type")
    turn = event.get("turn", 0)
    if kind == "transcript" and event.get("final") and event.get("text"):
        return turn, "user", str(event["text"]), None, None
    if kind == "reply" and event.get("text"):
        return turn, "avatar", str(event["text"]), event.get("intent"), event.get("entry_id")
    if kind == "error" and "turn" in event:
        return turn, "avatar", str(event.get("message", "")), "apology", None
    return None


def _log_failure(future) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("conversation log write failed", exc_info=exc)


def open_conversation_log(privacy) -> ConversationLog | None:
    """The log described by a ``PrivacyConfig``, or None when the deployer has not opted in."""
    if not privacy.conversation_log:
        return None
    return ConversationLog(privacy.log_path, privacy.retention_days)
