"""The filter object: normalize, drop whitelisted look-alikes, search the lexicon."""

from __future__ import annotations

from functools import cache

from models.text_filter.lexicon import COMPILED, MILD_RE, WHITELIST_RE
from models.text_filter.normalize import normalize
from streaming.types import FilterResult

_CLEAN = FilterResult(blocked=False)


class LexiconFilter:
    """``TextFilter`` over a regex lexicon (see ``models.text_filter.lexicon``)."""

    def check(self, text: str) -> FilterResult:
        norm = normalize(text)
        if not norm:
            return _CLEAN
        norm = WHITELIST_RE.sub(" ", norm)
        category: str | None = None
        matches: list[str] = []
        for cat, pattern in COMPILED:
            m = pattern.search(norm)
            if m:
                category = category or cat
                matches.append(m.group(0).strip())
        if not matches:
            return _CLEAN
        return FilterResult(blocked=True, category=category, matches=tuple(matches))


    def mild_insult(self, text: str) -> bool:
        """A mild insult or slur in the text (not blocked by itself; see ``lexicon.MILD``)."""
        norm = normalize(text)
        return bool(norm) and bool(MILD_RE.search(WHITELIST_RE.sub(" ", norm)))


@cache
def load_filter() -> LexiconFilter:
    """The shared filter instance (one per process)."""
    return LexiconFilter()
