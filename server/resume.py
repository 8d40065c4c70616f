"""Resume tokens: a page may reconnect to its own conversation, and nobody else may.

A session id is an address, not a secret: it is in log lines, in the optional conversation log and
in ``DELETE`` URLs. Resuming a conversation (and ending the call it belonged to) therefore needs a
separate secret, the resume token, handed out once in the answer to the offer. The server keeps
only its SHA-256. With bearer tokens on, the resume token is also bound to the token's subject, so a
resume token copied from one page does not work for another deployment user.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

LOG_ID_CHARS = 8


def log_id(session_id: str) -> str:
    """The part of a session id that goes into log lines: enough to follow one session, useless to resume it."""
    return session_id[:LOG_ID_CHARS]


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


@dataclass
class _Grant:
    digest: bytes
    subject: str | None
    expires: float | None  # None while the session lives


class ResumeTokens:
    """Issues and checks one resume token per session; an ended session's token lives ``ttl_s`` more."""

    def __init__(self, ttl_s: float = 600.0, now: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._now = now
        self._grants: dict[str, _Grant] = {}

    def issue(self, session_id: str, subject: str | None) -> str:
        token = secrets.token_urlsafe(24)
        self._grants[session_id] = _Grant(token_digest(token), subject, None)
        return token

    def check(self, session_id: str, token: str | None, subject: str | None) -> bool:
        """True when ``token`` is the resume token of ``session_id`` (and the bearer subject matches)."""
        self._expire()
        grant = self._grants.get(session_id)
        if grant is None or not token:
            return False
        return hmac.compare_digest(grant.digest, token_digest(token)) and grant.subject == subject

    def grant(self, session_id: str) -> tuple[bytes, str | None] | None:
        """``(token digest, subject)`` of a session, for the cluster's shared store (never the token)."""
        grant = self._grants.get(session_id)
        return (grant.digest, grant.subject) if grant is not None else None

    def subject_of(self, session_id: str) -> str | None:
        grant = self._grants.get(session_id)
        return grant.subject if grant is not None else None

    def ended(self, session_id: str) -> None:
        """The session closed: its token may still resume the conversation for ``ttl_s``."""
        grant = self._grants.get(session_id)
        if grant is not None:
            grant.expires = self._now() + self.ttl_s

    def revoke(self, session_id: str) -> None:
        """A resumed session's token is spent: the new session has its own."""
        self._grants.pop(session_id, None)

    def _expire(self) -> None:
        now = self._now()
        for sid in [s for s, g in self._grants.items() if g.expires is not None and g.expires < now]:
            del self._grants[sid]
