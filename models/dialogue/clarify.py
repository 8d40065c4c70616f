"""Clarifying questions: when the best entries are close but not sure, ask which one was meant.

"기초연금 신청하는 곳을 여쭤보신 거지요?" (one candidate: yes or no) or "기초연금 신청 방법이요, 아니면
준비 서류요?" (two aspects of one topic). The person's next words are read against the offer:
응 / 그거요 → the first, 아니 서류 → the named aspect, 둘 다 → both, anything else → a new question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.dialogue.cues import compact
from models.dialogue.followup import asked_aspect
from models.knowledge import Entry

#: How an aspect of a topic is named in a question back to the person.
ASPECT_PHRASES = {
    "overview": "{topic} 무엇인지",
    "eligibility": "{topic} 대상",
    "amount": "{topic} 금액",
    "how_to_apply": "{topic} 신청 방법",
    "where_to_apply": "{topic} 신청하는 곳",
    "documents": "{topic} 준비 서류",
    "timing": "{topic} 시기",
    "contact": "{topic} 문의 전화번호",
}
_YES = re.compile(r"^(?:응|어|예|네|맞아|맞아요|맞습니다|그래|그래요|그렇지|그렇죠|그거|그거요|그거예요|그래그거|네그거|예그거"
                  r"|네맞아요|예맞아요|응그거|어그거|맞다|하모|그려|그랴)+(?:요|예|유)?$")
_NO = re.compile(r"^(?:아니|아니요|아뇨|아니야|아니에요|아이다|아녀|아니유|그게아니라|그거말고|그건아니고)")
_BOTH = re.compile(r"둘다|두개다|둘다요|다알려|전부|모두")


def has_final(word: str) -> bool:
    """Does the last syllable end in a consonant (받침)? Picks 을/를, 이요/요."""
    last = word.rstrip()[-1:] or "가"
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def phrase(entry: Entry) -> str:
    """"기초연금 신청하는 곳" for an entry (the overview reads "기초연금이 무엇인지")."""
    if entry.aspect == "overview":
        return f"{entry.topic}{'이' if has_final(entry.topic) else '가'} 무엇인지"
    if entry.aspect not in ASPECT_PHRASES or entry.aspect == "other":
        return f"'{entry.question.rstrip('?')}' 이것"  # no aspect to name: the entry's own question
    return ASPECT_PHRASES[entry.aspect].format(topic=entry.topic)


def as_object(words: str) -> str:
    return words + ("을" if has_final(words) else "를")


def as_choice(words: str) -> str:
    return words + ("이요" if has_final(words) else "요")


@dataclass(frozen=True)
class Offer:
    """What a clarifying question offered: entry ids, the first the most likely."""

    entry_ids: tuple[str, ...]
    topic: str


def resolve(offer: Offer, text: str, entry_by) -> tuple[str, ...] | None:  # noqa: ANN001
    """The entries the person chose, () for a plain no, None when the words are not an answer to the offer.

    ``entry_by(topic, aspect)``: the topic's entry for an aspect (``TopicIndex.entry_by``)."""
    c = compact(text)
    if not c:
        return None
    if _BOTH.search(c):
        return offer.entry_ids
    aspect = asked_aspect(text)
    named = entry_by(offer.topic, aspect) if aspect else None
    if _NO.match(c):
        return (named.id,) if named is not None else ()
    if _YES.match(c):
        return offer.entry_ids[:1]
    if named is not None and len(c) <= 8:  # "서류요", "신청하는 곳이요": a short answer naming an aspect
        return (named.id,)
    return None
