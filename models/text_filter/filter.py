"""The filter object: normalize, drop whitelisted look-alikes, search the lexicon."""

from __future__ import annotations

from functools import cache

from models.text_filter.lexicon import (
    COMPILED,
    HATE_DRIVE_OUT_RE,
    HATE_GROUP_NAMES_RE,
    HATE_GROUPS_RE,
    HATE_JUDGEMENTS_RE,
    HATE_SLUR_INSULT_RE,
    HATE_SLURS_RE,
    HATE_SPLIT_PLURAL_RE,
    HATE_SWEEP_RE,
    MILD_RE,
    WHITELIST_RE,
)
from models.text_filter.normalize import normalize
from streaming.types import FilterResult

_CLEAN = FilterResult(blocked=False)
#: a sweeping judgement this close after the group it is about (characters of normalised text)
HATE_SPAN = 30
#: a call to drive the group out counts this far after it
HATE_DRIVE_OUT_SPAN = 50


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
                # a threat said with a swear word in it is a threat first ("그 직원 놈 가만 안 둔다")
                category = cat if category is None or (cat == "threat" and category == "insult") else category
                matches.append(m.group(0).strip())
        hate = _hate_remark(norm)
        if hate:
            # a group put down with a swear word in it is hate, not an insult at the avatar
            category = "hate" if category in (None, "insult") else category
            matches.append(hate)
        if not matches:
            return _CLEAN
        return FilterResult(blocked=True, category=category, matches=tuple(matches))


    def mild_insult(self, text: str) -> bool:
        """A mild insult or slur in the text (not blocked by itself; see ``lexicon.MILD``)."""
        norm = normalize(text)
        return bool(norm) and bool(MILD_RE.search(WHITELIST_RE.sub(" ", norm)))


def _hate_remark(norm: str) -> str | None:
    """A group named, then within ``HATE_SPAN`` a judgement that sweeps over all of it, calls for
    driving it out, or follows a slur ("장애인들이 불편하게 사는 게 안타까워" is none of these)."""
    norm = HATE_SPLIT_PLURAL_RE.sub("들", norm)
    insult = HATE_SLUR_INSULT_RE.search(norm) or HATE_GROUP_NAMES_RE.search(norm)
    if insult is not None:
        return insult.group(0)
    group = HATE_GROUPS_RE.search(norm)
    if group is None:
        return None
    drive_out = HATE_DRIVE_OUT_RE.search(norm, group.end())
    if drive_out is not None and drive_out.start() - group.end() <= HATE_DRIVE_OUT_SPAN:
        return norm[group.start():drive_out.end()].strip()  # "… 그 새끼들 다 쫓아내야": farther, still a call to drive out
    judged = HATE_JUDGEMENTS_RE.search(norm, group.end())
    if judged is None or judged.start() - group.end() > HATE_SPAN:
        return None
    span = norm[group.start():judged.end()]
    if HATE_SWEEP_RE.search(span) or HATE_DRIVE_OUT_RE.search(norm, group.end()) or HATE_SLURS_RE.search(span):
        return span.strip()
    return None


@cache
def load_filter() -> LexiconFilter:
    """The shared filter instance (one per process)."""
    return LexiconFilter()
