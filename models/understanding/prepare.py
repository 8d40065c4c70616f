"""Train (or load from the cache) the intent classifier at set-up, so no server pays for it at start."""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


def prepare() -> None:
    from models.understanding import load_understanding

    t0 = time.perf_counter()
    understanding = load_understanding()
    log.info("understanding stage ready (%d intents) in %.1f s", len(understanding.classifier.labels),
             time.perf_counter() - t0)
