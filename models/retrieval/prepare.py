"""Set-up step: warm the on-disk cache of candidate embeddings for the served retriever.

Nothing is trained here: the trained head is committed (``weights/*.npz``). Building the served
retriever once embeds the index texts (~1,500 short texts, tens of seconds on 2 cores) and caches
them under ``~/.cache/silver-avatar/retrieval``; later calls and server start-ups load the cache.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


def prepare() -> None:
    """Idempotent; fast (about a second) when the cache is warm."""
    from models.retrieval.retriever import load_retriever

    t0 = time.perf_counter()
    r = load_retriever()
    log.info("retriever prepared (%s, %d entries) in %.1f s", r.name, len(r.entries), time.perf_counter() - t0)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    prepare()
