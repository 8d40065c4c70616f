"""Unsure answers, clarifying questions and follow-ups on the last topic."""

from __future__ import annotations

import logging
from typing import Any

from models.dialogue.bands import CLARIFY_TIE
from models.dialogue.clarify import ASPECT_PHRASES, Offer, as_choice, as_object, phrase
from models.dialogue.followup import asked_aspect, is_anaphoric, is_elliptical
from models.dialogue.turn_base import TurnBase
from models.knowledge import Entry
from streaming.types import Intent, Reply

log = logging.getLogger(__name__)


#: Aspects a lead-in can name ("기초연금 신청 방법을 말씀드릴게요"); other entries are answered as they are.
ASPECT_NAMED = frozenset(ASPECT_PHRASES) - {"other"}


class UnsureTurns(TurnBase):
    """Close but unsure: answer saying what it answers, ask which one, or follow the last topic."""

    def _close_pair(self, hits: list[Any]) -> tuple[Entry, Entry | None]:
        """The best entry and, if one of the next two is another aspect of its topic scored within
        ``CLARIFY_TIE`` of it, that runner-up (what an unsure answer offers, what a question names)."""
        entries = self.engine.retriever.entries
        first = entries[hits[0].entry_id]
        second = next((entries[h.entry_id] for h in hits[1:3]
                       if entries[h.entry_id].topic == first.topic and entries[h.entry_id].aspect != first.aspect
                       and hits[0].score - h.score <= CLARIFY_TIE), None)
        return first, second

    def _answer_unsure(self, hits: list[Any], text: str = "") -> Reply:
        """Close to the threshold: answer the best entry, saying what it answers (so a wrong guess is
        plain at once), and offer a close second of the same topic; "네" then answers that one."""
        first, second = self._close_pair(hits)
        replies = self.engine.replies
        elsewhere = self._asked_elsewhere(text, first) if text else None
        if elsewhere is not None:
            return elsewhere
        both = self._both_points(text, first) if text else None
        if both is not None:  # "한 달에 얼마 주는 기고 어데 가서 신청하노", a little under the threshold
            return Reply(text=f"{both} {replies.pick('unsure_tail')}", entry_id=first.id,
                         score=float(hits[0].score), intent=Intent.ANSWER)
        parts = []
        if first.aspect in ASPECT_NAMED:
            what = f"{first.topic}에 대해" if first.aspect == "overview" else as_object(phrase(first))
            parts.append(replies.pick("unsure_lead").format(what=what))
        parts.append(first.answer)
        if second is not None and second.aspect in ASPECT_NAMED:
            parts.append(replies.pick("unsure_offer").format(what=phrase(second)))
            self._s.offer = Offer((second.id,), first.topic)
        else:
            parts.append(replies.pick("unsure_tail"))
        return Reply(text=" ".join(parts), entry_id=first.id, score=float(hits[0].score), intent=Intent.ANSWER)

    def _asked_elsewhere(self, text: str, guess: Entry) -> Reply | None:
        """Where to ask, when a guess under the threshold is named nowhere in the words while a call
        centre's own matter is ("분리수거는 무슨 요일에 내놓노" is no house-repair question): the centre's
        line, not a wrong answer with an apology after it."""
        engine = self.engine
        center = engine.call_center_by_keywords(text)
        if center is None or engine.names_entry(text, guess) or engine.named_topic(text) is not None:
            return None
        return self._center_line(center)

    def _clarify(self, hits: list[Any]) -> Reply:
        """Ask which of the close entries was meant; the next turn reads the answer (``clarify.resolve``)."""
        first, second = self._close_pair(hits)
        replies = self.engine.replies
        if second is not None:
            text = replies.pick("clarify_two").format(first=as_choice(phrase(first)), second=as_choice(phrase(second)))
            ids: tuple[str, ...] = (first.id, second.id)
        else:
            text = replies.pick("clarify_one").format(what=as_object(phrase(first)))
            ids = (first.id,)
        self._s.offer = Offer(ids, first.topic)
        return Reply(text=text, entry_id=None, score=float(hits[0].score), intent=Intent.CLARIFY)

    def _followup(self, text: str, hits: list[Any], top_ok: bool) -> Reply | None:
        """Resolve a question that leaves out its topic against the last topic, or None."""
        last_topic = self._s.last_topic
        if last_topic is None:
            return None
        engine = self.engine
        entries = engine.retriever.entries
        named = engine.topics.topics_named(text)
        if named and last_topic not in named:
            return None  # names another topic: a new question
        topicless = is_anaphoric(text) or is_elliptical(text)
        points_back = topicless or bool(named)
        top_entry = entries[hits[0].entry_id] if hits else None
        aspect = asked_aspect(text)
        if top_ok and top_entry is not None and top_entry.topic == last_topic:
            # a short topic-less follow-up is judged by its aspect cue; a full question by retrieval
            exact = engine.topics.entry_by(last_topic, aspect) if aspect and topicless else None
            if exact is None or exact.id == top_entry.id:
                return None  # retrieval already answers within the topic
            # right topic, wrong aspect ("저도 해당돼요?" → how_to_apply): the asked aspect wins
            score = next((h.score for h in hits if h.entry_id == exact.id), engine.retriever.accept_threshold)
            return Reply(text=exact.answer, entry_id=exact.id, score=float(score), intent=Intent.ANSWER)
        if top_ok and not points_back:
            return None  # a confident answer about something else, and nothing points back
        if aspect is None and not points_back:
            return None
        threshold = engine.retriever.accept_threshold
        entry = engine.topics.entry_for(last_topic, aspect) if aspect is not None else None
        if entry is not None and points_back:
            # the usual case ("그거 어디서 신청해요?"): no second search needed
            score = next((h.score for h in hits if h.entry_id == entry.id), threshold)
        else:
            # ask the retriever again with the topic spelled out, keep the best entries of that topic
            rewritten = engine.retriever.search(f"{last_topic} {text}", k=engine.options.k * 2)
            same_topic = [h for h in rewritten if entries[h.entry_id].topic == last_topic]
            if not points_back and (not same_topic or same_topic[0].score < threshold):
                return None  # low confidence + an aspect cue, but the topic does not fit either
            if entry is None:
                if not same_topic:
                    return None
                entry = entries[same_topic[0].entry_id]
            score = next((h.score for h in same_topic if h.entry_id == entry.id), threshold)
        log.debug("follow-up on %s (aspect %s) -> %s", last_topic, aspect, entry.id)
        return Reply(text=entry.answer, entry_id=entry.id, score=float(score), intent=Intent.ANSWER)
