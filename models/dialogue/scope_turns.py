"""Scope checks: is the nearest entry what was asked?"""

from __future__ import annotations

import re
from typing import Any

from models.dialogue import urgent
from models.dialogue.bands import (
    CHAT_SURE,
    CLARIFY_BAND,
    FALLBACK_ABUSE_P,
    OOD_MARGIN,
    OOD_SURE,
    PLACE_MAX_QUESTION,
    SCOPE_OUT_MIN,
    TOLD_MAX_ADVICE_P,
)
from models.dialogue.cues import (
    abuse_signs,
    asks_state_help,
    compact,
    family_law,
    family_matter,
    hypothetical,
    is_statement,
    law_words,
    private_finance,
    told_as_story,
    wants,
)
from models.dialogue.turn_base import TurnBase
from models.dialogue.turn_words import TROUBLE
from models.knowledge import Entry
from models.understanding import OUT_OF_DOMAIN, URGENT, Understood
from streaming.types import Intent, Reply

# a divorced spouse's share of the pension (분할연금) asked: a pension question, not a dispute for 132
_PENSION_SPLIT = re.compile(r"연금[가-힣]{0,12}?(?:나눠|나누|일부|반|분할)|분할연금")


class ScopeTurns(TurnBase):
    """Whether a near entry was really asked for: outside the topics, chat, a family matter."""

    def _outside(self, u: Understood, top: Any) -> bool:
        """Not a public-service question by the scope guard, and the words name nothing of the nearest
        entry (틀니, 동물등록, 여권 keep their answer however the sentence around them reads). Only a
        question or out-of-domain reading is checked (a custody question read as legal must not get a
        child-allowance entry because it scored over the threshold): an emergency told as a story,
        control and abuse readings keep their own paths."""
        if u.intent.label not in ("question", "fraud_question", *OUT_OF_DOMAIN, *URGENT):
            return False
        if private_finance(u.normalized):  # an insurer's or a bank's product: the KB has none
            return True  # (however read: "적금 만기 됐는데 주식에 넣을까" was a dropped money-sent reading)
        if family_law(u.text) and not asks_state_help(u.text) and not _PENSION_SPLIT.search(compact(u.text)):
            # custody or divorce: 132, not 조손가족 (a share of the ex-spouse's pension is the pension's own question)
            return True
        if u.intent.label in URGENT:  # a dropped emergency reading keeps its own paths
            return False
        if (u.intent.label in ("ood_other", "ood_medical") and u.intent.confidence >= OOD_SURE and top is not None
                and not self._names_longer_term(u, self.engine.retriever.entries[top.entry_id])):
            return True  # "손주 대학 어디 보내면 좋을까": surely not a service, and only "손주" is the entry's
        if self.engine.understanding.out_of_scope(u.normalized) < SCOPE_OUT_MIN:
            return False
        return top is None or not self.engine.names_entry(u.normalized, self.engine.retriever.entries[top.entry_id])

    def _outside_place(self, u: Understood) -> Reply | None:
        """A matter outside the topics that one place handles, asked (not told), with no close entry's
        longer terms said: that place, then what the avatar is for. A topic named but not close (고속버스
        of 고속버스 경로 할인 beside "표 어디서 끊어요") is the place's: the places leave discounts out. A close
        entry naming none of the terms ("구급대원들한테 감사 인사" near 119 안심콜, "청년 월세" near 대학
        장학금) is near by its sound, not asked for."""
        if u.intent.label == "abusive":
            return None
        place = self.engine.outside_place(u.normalized)
        if place is None or is_statement(u.text) and not wants(u.text) and not place.told_is_asked:
            return None
        hits = self._search(u.normalized)
        threshold = self.engine.retriever.accept_threshold
        if hits and hits[0].score >= threshold - CLARIFY_BAND and (
                self._names_longer_term(u, self.engine.retriever.entries[hits[0].entry_id])):
            return None  # a service question naming a close entry's matter (경로우대, 수선유지): the answer's path
        if hits and hits[0].score >= threshold and u.intent.label == "question" and u.intent.confidence >= PLACE_MAX_QUESTION:
            return None  # surely a service question the knowledge base answers ("면허 내놓으믄 버스 카드 주나")
        tail = self._fixed("outside_tail", Intent.REFER).text
        return Reply(text=f"{place.text} {tail}", intent=Intent.REFER, fallback=True)

    def _chat_beside_an_entry(self, u: Understood, entry: Entry) -> bool:
        """News told and read as chat, naming none of the entry's longer terms: the entry is near by its
        words ("손주", "대학"), not asked for."""
        return (u.intent.label in ("ood_other", "chitchat") and u.intent.confidence >= CHAT_SURE
                and is_statement(u.text) and not asks_state_help(u.text) and not self._names_longer_term(u, entry))

    def _names_longer_term(self, u: Understood, entry: Entry) -> bool:
        """The words name one of ``entry``'s terms of three syllables or more (not 손주, 대학, 지원)."""
        said = compact(u.normalized)
        return any(len(t) >= 3 and compact(t) in said for t in self.engine.entry_terms(entry))

    @staticmethod
    def _told_in_passing(u: Understood) -> bool:
        """A story outside the avatar's topics, not a question without its ending ("혈압약을 아침에 먹어야
        돼 저녁에 먹어야 돼" is asked of a doctor), nor trouble wanting help, nor a private product."""
        return (is_statement(u.text) and not TROUBLE.search(compact(u.text)) and not u.intent.urgent and not wants(u.text)
                and u.intent.p("ood_medical", "ood_legal") < TOLD_MAX_ADVICE_P and not private_finance(u.normalized))

    @staticmethod
    def _family_matter_asked(u: Understood) -> bool:
        """A family relation asked about, with no dispute at law and no harm in the words."""
        return (family_matter(u.text) and not is_statement(u.text) and not law_words(u.text)
                and not family_law(u.text) and not abuse_signs(u.text))

    def _asked_answerable(self, u: Understood, top: Any) -> bool:
        """A question by its words the classifier did not read as one may be answered from a close entry,
        but not a half-sure insult, and an emergency procedure only after a story or a "what if" (불고기
        재울 때 불을 얼마나 is not a fire)."""
        if u.intent.p("abusive") >= FALLBACK_ABUSE_P:
            return False
        entry = self.engine.retriever.entries[top.entry_id]
        clearly_ood = u.intent.label in OUT_OF_DOMAIN and u.intent.confidence - u.intent.p("question") >= OOD_MARGIN
        if clearly_ood and not self.engine.names_entry(u.normalized, entry):
            return False  # read as out of domain and nothing names the entry: "달까지 거리가 얼마나" is not a discount
        return not urgent.is_emergency_topic(entry.topic) or told_as_story(u.text) or hypothetical(u.text)
