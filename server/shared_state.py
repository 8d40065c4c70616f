"""Conversation state shared between workers, so a client can resume on a worker it never met.

A single server keeps resume state in memory (server/peers.py). In a cluster (server/cluster) a
worker's node may die mid-call; the client reconnects through a front and lands on another worker,
which must find the conversation (history, follow-up context, speech rate) and check the resume
token. ``SharedState`` is that contract; ``server.cluster.store`` implements it on Ray.

What crosses processes is :class:`PortableResume`: the dialogue state without the engine it runs
on, and the speech rate. The resume token itself never leaves the worker that issued it, only its
SHA-256 digest and the bearer subject it is bound to.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any, Protocol

from streaming.session import ResumeState


@dataclass
class PortableResume:
    dialogue_state: Any  # Conversation.snapshot(): plain data (last reply, topic, offer, turns)
    speech_rate: float

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(blob: bytes) -> PortableResume:
        """Only ever called on blobs our own workers wrote into the cluster's store."""
        value = pickle.loads(blob)  # noqa: S301 - written by our workers, inside the cluster
        if not isinstance(value, PortableResume):
            raise TypeError("not a PortableResume")
        return value


def export_state(state: ResumeState) -> PortableResume:
    return PortableResume(state.conversation.snapshot(), state.speech_rate)


def import_state(portable: PortableResume, engine: Any) -> ResumeState:
    """A ``ResumeState`` on this worker's dialogue ``engine`` from another worker's export."""
    conversation = engine.conversation()
    conversation.restore(portable.dialogue_state)
    return ResumeState(conversation, portable.speech_rate)


class SharedState(Protocol):
    def save(self, session_id: str, digest: bytes, subject: str | None, blob: bytes) -> None:
        """Store (or refresh) a live session's resume state; never blocks the caller."""

    async def claim(self, session_id: str, token_digest: bytes, subject: str | None) -> bytes | None:
        """The state of ``session_id`` if the token's digest and subject match, removed from the store."""

    def drop(self, session_id: str) -> None:
        """Forget ``session_id`` (it was resumed on the worker that served it)."""
