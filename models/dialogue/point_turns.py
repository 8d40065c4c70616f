"""Two points asked at once (of one service, or two questions about two), and preferring the entry the
words name."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from models.dialogue import urgent
from models.dialogue.bands import (
    NAMED_SWAP_GAP,
    OVERVIEW_SWAP_GAP,
    PART_MIN_QUESTION,
    POINT_BAND,
    SURE_MARGIN,
)
from models.dialogue.cues import compact, exaggeration, is_statement
from models.dialogue.points import (
    FIRST_ASPECTS,
    Point,
    answering_aspects,
    asked_points,
    aspect_of,
    covers,
    join_answers,
)
from models.dialogue.subjects import clashes, misses_event
from models.dialogue.turn_base import TurnBase
from models.knowledge import Entry
from streaming.types import Intent, Reply

#: at most this many points of one service are answered together (more is too long to hear)
MAX_POINTS_ANSWERED = 3

# A second question joined by a word that turns the talk ("… 그라고 교통카드는 …"). Not a question mark
# or a pause: "그 연기연금? 그거 어떻게 신청해요" and "이사하면 다시 신청해요? 전입신고만 하면 되나" ask one thing.
_AND_THEN = re.compile(r"(?:^|\s)(?:그리고|그라고|그라고요|그리고요|근데|그런데|근디|그란디|그건\s?그렇고|그나저나|또\s?하나)(?=\s)")


# ... or a first question joined by -고 to a second ("전입 신고는 며칠 안에 해야 되고 기초 연금은 새로 신청해야
# 되남유"): split after the joining word, which stays with the first part
_AND_ASKED = re.compile(r"(?:야|서|면|믄)\s?(?:되고|돼고|되구)(?=\s)")


def _split_after_and_asked(text: str) -> list[str]:
    """``text`` cut after each "… 해야 되고" that joins a first question to a second."""
    cuts = [m.end() for m in _AND_ASKED.finditer(text)]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


# A word joined to the next by 랑 / 하고 / 과 / 와 ("국민연금하고", "번호랑"): its stem, then the joining particle
_JOINED_BY = re.compile(r"([가-힣0-9]{2,}?)(?:이랑|랑|하고|허고|하구|캉|과|와)")


# Words that pull retrieval to an emergency or a rough reading in a story told before a question
_ALARMING = re.compile(r"119|112|쓰러|넘어져|넘어졌|자빠|철렁|설레|죽을뻔|죽는줄|시발점|새끼발|병신년|칼(?:을|로|에)|불이|연기|가스|도둑|사기"
                       r"|죽(?:을)?(?:끓|쑤|쒀|쑨)|데일뻔|델뻔|다칠뻔|뻔했|뻔혔")


# What a place or a service does, asked ("뭐 하는 데여", "뭐 허는 곳이고"), not where it is
_WHAT_IT_DOES = re.compile(r"뭐(?:하|허|해)는(?:데|곳|기관|센터|거)|무슨일(?:을|을하|하|허)")


def _close_one_first(hits: list[Any], gap: float, wanted: Callable[[Any], bool]) -> list[Any]:
    """``hits`` with the first runner-up within ``gap`` of the top hit that is ``wanted`` moved to the
    front; ``hits`` unchanged when none is."""
    for hit in hits[1:]:
        if hits[0].score - hit.score > gap:
            break
        if wanted(hit):
            return [hit, *(h for h in hits if h is not hit)]
    return hits


# A later part that points back at what was named before it: its question is about the first service.
# Whole words, unlike ``followup.is_anaphoric`` (on compacted text "그 거래" reads as 그거, "그 기초연금" as 그기)
_POINTS_BACK = re.compile(r"(?:^|\s)(?:그거|그걸|그건|그게|그기|고거|그것|그것도|그거도)(?=\s|$)")


class PointTurns(TurnBase):
    """Two points asked in one breath, and the entry whose words are named."""

    def _answer_points(self, text: str, entry: Entry, score: float) -> Reply:
        """``entry``'s answer, and with it the answer to a second point of the same topic asked in the
        same breath ("몇 살부터 되고 얼마나 내야 돼요"), or to a second question about another service
        asked after a turn word, in the order the two were asked."""
        sure = score >= self.engine.retriever.accept_threshold + SURE_MARGIN
        both = (self._both_questions(text, entry) or self._side_by_side(text, entry)
                or self._both_points(text, entry, sure_of_the_thing=sure))
        return Reply(text=both or entry.answer, entry_id=entry.id, score=score, intent=Intent.ANSWER)

    def _side_by_side(self, text: str, entry: Entry) -> str | None:
        """Two services named side by side, joined by 랑 / 하고 / 과, and one point asked of both ("국민연금
        번호랑 건강보험 번호 좀 알려줘", "기초연금하고 장기요양 어디서 신청해"): each half looked up alone (the
        first with the question said after the second), answered in the order named, when the KB
        surely answers both halves, each names what it found, and ``entry`` answers one of them."""
        if len(asked_points(text)) != 1 or urgent.is_emergency_topic(entry.topic) or "보이스피싱" in entry.topic:
            return None
        cut = self._halves_side_by_side(text)
        if cut is None:
            return None
        halves, names = cut
        found = [self._sure_answer_alone(half, PART_MIN_QUESTION) for half in halves]
        # each service is named right where the two meet ("국민연금 번호랑 | 건강보험 번호"), not somewhere in a
        # story ("무릎 수술하고 허리 수술하고 병원비가 …" joins what was done, not two services)
        if any(f is None or not self.engine.names_entry(name, f[0]) for f, name in zip(found, names, strict=True)):
            return None
        first, second = (f[0] for f in found if f is not None)
        if first.topic == second.topic or entry.topic not in (first.topic, second.topic):
            return None
        return join_answers(first.answer, second.answer)

    def _halves_side_by_side(self, text: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
        """``text`` cut where a word naming a service (or what is asked of it) ends in 랑 / 하고 / 과 and
        the next word names another: the first half with the words asked after the second name, and
        the second half; with the words on each side of the cut that name the two. None when there
        is no such place."""
        words = text.split()
        for i, word in enumerate(words[:-1]):
            m = _JOINED_BY.fullmatch(word)
            if m is None:
                continue
            left = [*words[:i], m.group(1)]
            right = words[i + 1:]
            if not self.engine.lexicon_words_in(compact(" ".join(left)), min_len=2) or not (
                    self.engine.lexicon_words_in(compact(right[0]), min_len=2)) or len(right) < 2:
                continue
            return (" ".join([*left, *right[1:]]), " ".join(right)), (" ".join(left[-2:]), right[0])
        return None

    def _both_questions(self, text: str, entry: Entry) -> str | None:
        """Two questions about two services, asked one after the other with a turn word between ("틀니는 몇
        살부터 되고요 그리고 교통카드는 어디서 만들어요"): each part's own answer, when the KB surely answers
        both parts on their own and one of them is ``entry``'s topic; in the order they were asked. Each
        part is answered by its own entry (the whole's entry may mix the two: 틀니 asked "how old", the
        whole's "어디서" from the other part). None when no such pair."""
        if urgent.is_emergency_topic(entry.topic) or "보이스피싱" in entry.topic:
            return None
        parts = [p.strip() for p in _AND_THEN.split(text) if p.strip()]
        joined = len(parts) < 2  # "… 해야 되고 …": the first half of a question, asked by its joining word
        if joined:
            parts = [p.strip() for p in _split_after_and_asked(text) if p.strip()]
        if len(parts) < 2:
            return None
        answered: list[Entry] = []
        first_asks = False  # the first part answered ends asking: a later part may be said of its service
        for i, part in enumerate(parts):
            if is_statement(part) and not (joined and i < len(parts) - 1) or i > 0 and _POINTS_BACK.search(part):
                continue  # told, not asked; or about what was named before ("그라고 그거 할라믄 기초연금 받아야 되나")
            found = self._sure_answer_alone(part, PART_MIN_QUESTION)
            if joined and found is not None and found[0].topic == entry.topic:
                found = (entry, found[1])  # the whole's entry answers its own service's half, with the other half's context
            if found is None and first_asks:
                found = self._said_of_the_first(part, answered[0])
            elif found is not None and not self.engine.names_entry(part, found[0]):
                continue  # the part does not name what it found ("그 신청은 언제 하는 거요" is no new service)
            if found is None or "보이스피싱" in found[0].topic or any(e.topic == found[0].topic for e in answered) and (
                    found[0].topic != entry.topic or any(e.id == found[0].id for e in answered)):
                continue  # nothing sure, or the first question's own part
            if not answered:  # "… 어데 물어보노" asks; "몇 달 밀렸어 … 가게를 접었거든" tells
                first_asks = not is_statement(" ".join(part.split()[-2:]))
            answered.append(found[0])
        if len(answered) < 2 or all(e.topic != entry.topic for e in answered):
            return None
        return join_answers(answered[0].answer, answered[1].answer)

    def _question_after_a_story(self, text: str, entry: Entry) -> tuple[Entry, float] | None:
        """A story with an alarming or rough word told first and a question asked after a turn word ("작년에
        옆집 양반이 쓰러져서 119 불러 줬잖여 근디 그때 구급차는 돈 안 받는겨", "… 내 친구 사귄 시발점이여 근디
        경로당 점심은 나라에서 쌀을 대주는 겨"): the entry that surely answers the question alone, when
        it is not ``entry`` (the whole's, pulled by the story's words); else None."""
        parts = [p.strip() for p in _AND_THEN.split(text) if p.strip()]
        if len(parts) < 2 or is_statement(parts[-1]) or _POINTS_BACK.search(parts[-1]):
            return None
        story = " ".join(parts[:-1])
        if not all(is_statement(p) for p in parts[:-1]) or not (exaggeration(story) or _ALARMING.search(compact(story))):
            return None
        found = self._sure_answer_alone(parts[-1], PART_MIN_QUESTION)
        if found is None or found[0].id == entry.id or urgent.is_emergency_topic(found[0].topic):
            return None
        return found if self.engine.names_entry(parts[-1], found[0]) else None

    def _said_of_the_first(self, part: str, first: Entry) -> tuple[Entry, float] | None:
        """A later part that names no service of its own, read as said of the first part's ("국민연금 …
        얼마 받는지 어데 물어보노 그라고 통장을 바꿀라 카믄 우째 하노": the pension's account): the entry of
        that topic that surely answers it, else None."""
        if self.engine.named_topic(part) is not None:
            return None
        key = self.engine.topic_key(first.topic)
        if not key:
            return None
        found = self._sure_answer_alone(f"{key} {part}", PART_MIN_QUESTION)
        return found if found is not None and found[0].topic == first.topic and found[0].id != first.id else None

    def _both_points(self, text: str, entry: Entry, sure_of_the_thing: bool = False) -> str | None:
        """The answers of ``entry`` and of a second point asked with it, in the order they were asked;
        None when no second point is asked (or nothing near answers it). ``sure_of_the_thing``: the
        retriever is far past sure of ``entry``, so a point asked of it is its topic's however low
        the point's own entry ranks (a thing described, not named: "쓰러지믄 연락 가는 기계 … 워디다 말허믄")."""
        points = asked_points(text)
        answering = [entry]
        for point in points:  # up to three points in one breath ("할 수 있나 … 얼마 주노 … 언제 하는교")
            if len(answering) == MAX_POINTS_ANSWERED or any(covers(aspect_of(e), point) for e in answering):
                continue
            found = self._second_point(text, entry, [point], sure_of_the_thing)
            if found is not None and all(found.id != e.id for e in answering):
                answering.append(found)
        if len(answering) == 1:
            return None  # most turns ask no point, or nothing near answers it

        def said_at(e: Entry) -> int:  # the best entry first when its point was not named (공짜라던데 … 언제부터)
            return next((i for i, p in enumerate(points) if covers(aspect_of(e), p)), -1)

        ordered = sorted(answering, key=said_at)  # (stable: the best entry first among the unnamed)
        text_said = ordered[0].answer
        for e in ordered[1:]:
            text_said = join_answers(text_said, e.answer)
        return text_said

    def _second_point(self, text: str, entry: Entry, points: list[Point], sure_of_the_thing: bool = False) -> Entry | None:
        """The entry of ``entry``'s topic for a point the question names and ``entry`` does not answer,
        when retrieval ranks it close enough. Not for emergency or scam procedures, whose steps are
        told together by their own replies. When the words name the topic outright and it has one
        entry for the point, that entry answers it however a long story around ranks it ("… 공원 청소 하고
        돈 받는다 카더라 … 노인 일자리 한 달에 얼마 주는 기고 어데 가서 신청하노")."""
        aspect = aspect_of(entry)
        if aspect not in FIRST_ASPECTS or urgent.is_emergency_topic(entry.topic) or "보이스피싱" in entry.topic:
            return None
        floor = self.engine.retriever.accept_threshold - POINT_BAND
        ranked = {h.entry_id: h.score for h in self._ranked(text)}
        topic_named = self.engine.names_topic(text, entry.topic)
        for point in points:
            if covers(aspect, point):
                continue
            own = self._siblings(entry, point)  # the point's own aspect; its family only where it has none
            if sure_of_the_thing and entry.aspect == "overview":  # what it is, then the point asked of it
                asked_first = dict.fromkeys((*point, *(a for a in ("how_to_apply", "where_to_apply", "contact")
                                                          if a in answering_aspects(point))))
                family = self._siblings(entry, tuple(asked_first))  # how to get it before whom to call
                if family:
                    return family[0]
            # the point's aspects in their order of preference: 몇 살부터 is who may get it before when
            # it starts, however closely a "7년에 한 번" entry ranks
            # when it is paid, asked beside another point: an entry filed under no aspect counts when its
            # own question asks just that ("국민연금은 매달 며칠에 들어오나요?" for "며칠에 들어오는 겨 … 통장
            # 바꾸면 워디다"), beside the timing entries. (Other points' unfiled entries ask them of a
            # special case: a card's balance is no "얼마 주노".)
            unfiled = [e for e in self.engine.topics.entries_by(entry.topic, "other")
                       if e.id != entry.id and point == ("timing",) and aspect_of(e) == "timing"]
            for n, aspects in enumerate([(a,) for a in point] if own else [answering_aspects(point)]):
                candidates = [*self._siblings(entry, aspects), *(unfiled if n == 0 else ())]
                near = [e for e in candidates if ranked.get(e.id, -1.0) >= floor
                        and not clashes(text, f"{e.question} {e.topic}")]  # 요양원 asked: not care at home's sum
                if near:
                    return max(near, key=lambda e: ranked[e.id])
            if topic_named and len(own) == 1:
                return own[0]
        return None

    def _siblings(self, entry: Entry, aspects: Sequence[str]) -> list[Entry]:
        """The other entries of ``entry``'s topic for ``aspects``."""
        return [e for aspect in aspects for e in self.engine.topics.entries_by(entry.topic, aspect) if e.id != entry.id]

    def _prefer_what_it_does(self, text: str, hits: list[Any]) -> list[Any]:
        """``hits`` with the topic's overview first when what a place does is asked ("치매 안심 센터는 뭐
        하는 데여": 데 is no "where") and the top hit tells where it is; the overview must rank close."""
        if len(hits) < 2 or not _WHAT_IT_DOES.search(compact(text)):
            return hits
        entries = self.engine.retriever.entries
        top = entries[hits[0].entry_id]
        if top.aspect != "where_to_apply":
            return hits
        return _close_one_first(hits, OVERVIEW_SWAP_GAP, lambda hit: (
            entries[hit.entry_id].topic == top.topic and entries[hit.entry_id].aspect == "overview"))

    def _prefer_named(self, text: str, hits: list[Any], threshold: float) -> list[Any]:
        """``hits`` with a close runner-up first when the words name more of its entry's terms."""
        if len(hits) < 2:
            return hits
        c = compact(text)
        named = self.engine.lexicon_words_in(c, min_len=3)
        if not named:
            return hits
        entries = self.engine.retriever.entries

        def cover(hit: Any) -> int:
            terms = set(self.engine.entry_terms(entries[hit.entry_id]))
            return sum(t in terms for t in named)

        top, top_cover = hits[0], cover(hits[0])
        return _close_one_first(hits, NAMED_SWAP_GAP, lambda hit: (
            cover(hit) > top_cover and (hit.score >= threshold or top.score < threshold)
            and not clashes(text, " ".join(self._asked_in(hit)))  # 국민연금 named, a death told: not its move entry
            and (not misses_event(text, self._asked_in(hit)[0]) or misses_event(text, self._asked_in(top)[0]))))
