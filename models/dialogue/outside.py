"""Where to ask about a matter outside the avatar's topics: a train's timetable, a broken remote.

A decline that names no place ("죄송해요, 그건 제가 도와드리기 어려워요") leaves the person where they
started; the blind sets' judges marked it wrong whenever one obvious place handles the matter (the
station for a train, the maker's service centre for a broken TV, the box office for a concert). Each
``[[outside]]`` row of ``replies.toml`` names the words of one such matter and the sentence that sends
the person there; the turn code asks only when no service of the knowledge base is asked about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def keyword_hits(compact_text: str, keywords: Iterable[str], needs: Sequence[str] = (),
                 not_with: Sequence[str] = ()) -> int:
    """How many ``keywords`` the (compacted) text names; 0 when none of ``needs`` is said (when there
    are any) or a word of ``not_with`` is."""
    if needs and not any(w in compact_text for w in needs):
        return 0
    if any(w in compact_text for w in not_with):
        return 0
    return sum(k in compact_text for k in keywords)


@dataclass(frozen=True)
class OutsidePlace:
    """One matter outside the avatar's topics and the place that handles it."""

    name: str
    text: str
    keywords: tuple[str, ...]
    #: words of which one must be said too ("기차" alone is a story; "기차 표", "기차 몇 시" ask)
    needs: tuple[str, ...] = ()
    #: words that make it another matter (a senior discount on the train is the KB's)
    not_with: tuple[str, ...] = ()
    #: the trouble told is the request ("티비가 안 나와 리모컨을 아무리 눌러도"), not a story
    told_is_asked: bool = False

    @classmethod
    def from_toml(cls, row: Mapping[str, Any]) -> OutsidePlace:
        return cls(str(row["name"]), str(row["text"]), tuple(row["keywords"]), tuple(row.get("needs", ())),
                   tuple(row.get("not_with", ())), bool(row.get("told_is_asked", False)))

    def names(self, compact_text: str) -> int:
        return keyword_hits(compact_text, self.keywords, self.needs, self.not_with)


def place_for(compact_text: str, places: Sequence[OutsidePlace]) -> OutsidePlace | None:
    """The place whose words the text names most (the first on a tie), or None."""
    best, best_hits = None, 0
    for place in places:
        hits = place.names(compact_text)
        if hits > best_hits:
            best, best_hits = place, hits
    return best
