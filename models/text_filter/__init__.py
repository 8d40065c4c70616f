"""Korean abusive-language filter: normalizer + regex lexicon + whitelist of innocent look-alikes.

``LexiconFilter().check(text)`` implements ``streaming.protocols.TextFilter``. It is pure Python,
stateless and thread-safe, and takes well under a millisecond per utterance.
"""

from __future__ import annotations

from models.text_filter.filter import LexiconFilter, load_filter
from models.text_filter.normalize import normalize

__all__ = ["LexiconFilter", "load_filter", "normalize"]
