"""Understanding: what a (possibly mis-heard, dialect-spoken) utterance asks for, before any answer.

>>> u = load_understanding()                 # once per process (trains or loads the classifier)
>>> u.understand("기초 연금 어데서 신청하능교").normalized
'기초연금 어디서 신청하나요'

Parts: ``normalize`` (spoken → written Korean, domain words snapped to the lexicon), ``intents`` (a
trained classifier over the e5 embedding and character n-grams) and ``heard`` (was it heard well
enough to answer?).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from models.understanding.intents import (
    CONTROL,
    LABELS,
    OUT_OF_DOMAIN,
    URGENT,
    Intent,
    IntentClassifier,
    load_classifier,
)
from models.understanding.lexicon import default_lexicon
from models.understanding.normalize import normalize_spoken
from models.understanding.scope import ScopeGuard, load_scope_guard


@dataclass(frozen=True)
class Understood:
    text: str  # as recognised (or typed)
    normalized: str
    intent: Intent


class Understanding:
    """Shared and thread-safe: normalise, then classify."""

    def __init__(self, classifier: IntentClassifier, lexicon: tuple[str, ...], scope: ScopeGuard | None = None) -> None:
        self.classifier = classifier
        self.lexicon = lexicon
        self.scope = scope

    def normalize(self, text: str) -> str:
        return normalize_spoken(text, self.lexicon)

    def understand(self, text: str) -> Understood:
        normalized = self.normalize(text)
        return Understood(text, normalized, self.classifier.predict(normalized))

    def out_of_scope(self, normalized: str) -> float:
        """How likely the (normalised) text is not a public-service question at all (0 without a guard)."""
        return self.scope.out_of_scope(normalized) if self.scope is not None else 0.0


_loaded: Understanding | None = None
_lock = threading.Lock()


def build_understanding(embed: Callable[[str], np.ndarray]) -> Understanding:
    lexicon = default_lexicon()
    def normalize(text: str) -> str:
        return normalize_spoken(text, lexicon)

    return Understanding(load_classifier(embed, normalize), lexicon, load_scope_guard(embed, normalize))


def load_understanding() -> Understanding:
    """The process's understanding stage, on the retriever's e5 query encoder (loaded once)."""
    global _loaded
    with _lock:
        if _loaded is None:
            from models.retrieval.retriever import fast_query_encoder

            _loaded = build_understanding(fast_query_encoder())
        return _loaded


__all__ = ["CONTROL", "LABELS", "OUT_OF_DOMAIN", "URGENT", "Intent", "Understanding", "Understood",
           "build_understanding", "load_understanding"]
