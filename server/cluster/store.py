"""The cluster's store of resume state: one detached Ray actor on the head node.

Workers copy a live session's state here after every turn (fire and forget: a Ray actor call
returns at once), so when a worker's node dies the conversation is still in the cluster, and the
worker the client reconnects to takes it back with the resume token. The store keeps only the
token's digest; an entry expires ``ttl_s`` after its last update. If the head node dies the
cluster is gone anyway (Ray's own state lives there too); a store that must outlive it would be
Redis with persistence, which is not worth its operation cost for a 10-minute resume window.
"""

from __future__ import annotations

import hmac
import secrets
import time

import ray

from server.cluster import NAMESPACE, STORE_NAME

RESUME_TTL_S = 600.0


class StateStore:
    """The actor's class (created with ``ray.remote`` in :func:`store_handle`)."""

    def __init__(self, ttl_s: float = RESUME_TTL_S) -> None:
        self.ttl_s = ttl_s
        self._items: dict[str, tuple[bytes, str | None, bytes, float]] = {}  # id -> (digest, subject, blob, expires)
        self._secret = secrets.token_urlsafe(32)

    def secret(self) -> str:
        """The secret fronts use to vouch for a client's address to workers (``X-Silver-Front``)."""
        return self._secret

    def save(self, session_id: str, digest: bytes, subject: str | None, blob: bytes) -> None:
        self._expire()
        self._items[session_id] = (digest, subject, blob, time.monotonic() + self.ttl_s)

    def claim(self, session_id: str, token_digest: bytes, subject: str | None) -> bytes | None:
        self._expire()
        item = self._items.get(session_id)
        if item is None or not hmac.compare_digest(item[0], token_digest) or item[1] != subject:
            return None
        del self._items[session_id]
        return item[2]

    def drop(self, session_id: str) -> None:
        self._items.pop(session_id, None)

    def stats(self) -> dict:
        self._expire()
        return {"conversations": len(self._items)}

    def _expire(self) -> None:
        now = time.monotonic()
        for sid in [s for s, item in self._items.items() if item[3] < now]:
            del self._items[sid]


def store_handle() -> ray.actor.ActorHandle:
    """The cluster's store, created on the head node by the first front that asks."""
    actor = ray.remote(StateStore).options(
        name=STORE_NAME, namespace=NAMESPACE, lifetime="detached", get_if_exists=True, num_cpus=0,
        resources={"node:__internal_head__": 0.001}, max_restarts=-1,
    )  # fmt: skip
    return actor.remote()


class RayShared:
    """``server.shared_state.SharedState`` over the store actor, used inside a worker."""

    def __init__(self, handle: ray.actor.ActorHandle) -> None:
        self.handle = handle

    def save(self, session_id: str, digest: bytes, subject: str | None, blob: bytes) -> None:
        self.handle.save.remote(session_id, digest, subject, blob)  # fire and forget

    async def claim(self, session_id: str, token_digest: bytes, subject: str | None) -> bytes | None:
        return await self.handle.claim.remote(session_id, token_digest, subject)

    def drop(self, session_id: str) -> None:
        self.handle.drop.remote(session_id)
