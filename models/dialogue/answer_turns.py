"""Answering a turn from the knowledge base, or referring it."""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from models.dialogue import urgent
from models.dialogue.bands import (
    ANSWER_UNSURE_MIN_QUESTION,
    CHAT_SURE,
    CLARIFY_BAND,
    CLARIFY_MIN_QUESTION,
    FALLBACK_ABUSE_P,
    HEARD_OF_BAND,
    LEGAL_AS_HELP_MIN_QUESTION,
    OOD_KIND_MIN,
    OOD_UNSURE,
    PART_MIN_QUESTION,
    SMALL_TALK_LABELS,
    SURE_MARGIN,
    UNSURE_CONTROL_LABELS,
    UNSURE_CONTROL_MIN,
    VAGUE_OOD_MAX,
)
from models.dialogue.cues import (
    about_cooking,
    about_crops,
    asks_a_service,
    asks_state_help,
    better_off_gone,
    clear_urgent,
    compact,
    crisis_signs,
    family_law,
    heard_of_something,
    idioms_out,
    is_statement,
    law_words,
    names_suicide,
    private_finance,
    remembered,
    told_as_over,
    told_as_story,
    told_of_past,
    urgent_kind,
    wants,
    wish_to_die,
)
from models.dialogue.followup import asked_aspect, is_anaphoric, is_elliptical, vague_thing
from models.dialogue.turn_base import TurnBase
from models.dialogue.turn_words import LONELY, LOW_OR_LONELY, REQUEST, heard_badly, telling
from models.knowledge import Entry
from models.understanding import CONTROL, OUT_OF_DOMAIN, URGENT, Understood
from streaming.types import Intent, Reply, Transcript

# A dispute, a right or a law in the words: what a lawyer (132) is asked about. A product, a price or an
# insurer's policy read as legal by the classifier is not ("안마의자 어느 회사 께 좋노")
_LEGAL_MATTER = re.compile(r"소송|고소|고발|법|변호사|재판|판결|상속|유산|유언|계약서|이혼|빚|채무|보증|합의|배상|벌금|압류|경매"
                           r"|명의|등기|임대차|전세금|보증금|집주인|세입자|분쟁|억울|사기당|떼먹|떼였|안갚|못받|경계|담장|층간"
                           r"|다투|다퉈|몫|친권|양육|갈라서|재산분할|위자료|권리|불법|신고하면|처벌")
# money paid out to the person ("그 돈 언제 나와", "나라서 주는 돈", "이달에 언제 들어오노")
_PAID_OUT = re.compile(r"나오|나와|나온|들어오|들어와|들어온|주는|준다|준대|받")
# a sum paid out that fell short of what it was ("들어온 돈이 이십칠만 원밖에 … 원래 삼십사만 원")
_SUM_PAID_CHANGED = re.compile(r"(?:들어온|나온|들어오던|나오던|받던|받은)돈[가-힣0-9]{0,24}?(?:밖에|뿐|줄었|적게|덜|모자)"
                               r"|(?:원래|전에는|전엔|지난달엔|지난달에는)[가-힣0-9]{0,10}?만원[가-힣]{0,6}?(?:나왔|들어왔|받았)")

# someone lost, or grief's marks, and a counsellor asked for
_LOSS = re.compile(r"보내고|여의고|떠나보내|떠나고|먼저가|가고나서|가고나니|돌아가시고|돌아가신뒤|죽고나서|죽고나니|세상뜨고|상치르고")
_GRIEF = re.compile(r"잠(?:도|을|이)?(?:못자|안와|안오)|밥(?:도|이)?안넘어|눈물|울기만|우울|허전|마음이(?:아프|힘들|무너|텅)|슬퍼|슬프")
_COUNSEL_ASKED = re.compile(r"상담(?:해|받|해주|을|할|하는)|(?:얘기|이야기|말)(?:좀)?들어(?:주|줄)")


def grief_counselling_asked(text: str) -> bool:
    """A loss told with grief's marks, and someone to counsel asked for ("할매 보내고 석 달째라 밥도 안 넘어가고
    잠도 못 잔다 … 상담해 주는 데가 있나"); not a dispute after a death ("… 집 명의를 … 상담해 주는 데")."""
    c = compact(text)
    return bool(_LOSS.search(c) and _GRIEF.search(c) and _COUNSEL_ASKED.search(c)) and not law_words(text) and (
        not is_statement(text))


log = logging.getLogger(__name__)


# A word that ends a sentence told ("설레 죽겄어", "잠이 안 옵니다", "좀 멍들었다")
_TOLD_END = re.compile(r"(?:겠어|겄어|었어|았어|였어|했어|어요|아요|네요|데요|거든|거든요|구먼|구만|습니다|니다|네|(?<![마바보에])다)$")
#: the fewest words a question after a told sentence has
ASKED_AFTER_MIN_WORDS = 3


def _told_then_asked(text: str) -> list[str]:
    """``text`` cut after its last sentence told, when a question of a few words follows ("손주가 … 휴가
    나온다 해서 가슴이 설레 죽겄어 | 손주랑 기차 타믄 나는 할인 되는가"); else the whole alone."""
    words = text.split()
    for i in range(len(words) - ASKED_AFTER_MIN_WORDS, 0, -1):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if _TOLD_END.search(words[i - 1]) and is_statement(head) and not is_statement(tail):
            return [head, tail]
    return [text]


class AnswerTurns(TurnBase):
    """Answering from the knowledge base, or saying where to ask when it has nothing."""

    def _answer_entries(self, entry_ids: tuple[str, ...]) -> Reply:
        entries = [self.engine.retriever.entries[i] for i in entry_ids]
        text = " ".join(e.answer for e in entries)
        return Reply(text=text, entry_id=entries[0].id, score=1.0, intent=Intent.ANSWER)

    def _answer(self, u: Understood, transcript: Transcript | None) -> Reply:
        engine = self.engine
        retriever = engine.retriever
        text = u.normalized
        threshold = retriever.accept_threshold
        hits = self._prefer_what_it_does(text, self._prefer_named(text, self._search(idioms_out(text)), threshold))
        top = hits[0] if hits else None
        top_ok = top is not None and top.score >= threshold
        followup = self._followup(text, hits, top_ok)
        if followup is not None:
            return followup
        vague = self._vague_question(u)
        if vague is not None:
            return vague
        if _SUM_PAID_CHANGED.search(compact(u.text)) and self.engine.named_topic(u.text) is None:
            # "이번 달에 들어온 돈이 이십칠만 원밖에 안 되는디 원래 삼십사만 원": money paid out less than before,
            # no programme named: which money, so the right office can tell why (any entry would be a guess)
            self._s.vague = u.normalized  # the name that comes next is looked up with this question
            return self._fixed("clarify_money", Intent.CLARIFY, fallback=True, score=top.score if top else 0.0)
        if self._s.last_topic is None and is_elliptical(text) and (is_anaphoric(text) or asked_aspect(text)):
            # "그거 어디서 신청해요?" / "얼마예요?" with nothing said before: ask which one, don't guess
            return self._fixed("clarify", Intent.FALLBACK, fallback=True, score=top.score if top else 0.0)
        if top is None or top.score < threshold - CLARIFY_BAND or (
                not top_ok and u.intent.label not in ("question", "fraud_question")):
            # nothing near, or the whole read as chat: maybe a story drowns a question
            asked_after = self._question_part(u)
            if asked_after is not None:
                return asked_after
        outside = self._outside(u, top)
        if names_suicide(u.text) and not is_statement(u.text) and (top is None or "109" not in self._answer_of(top)):
            crisis = self._configured_entry("crisis_entry")  # help asked where suicide is named: the 109 line
            if crisis is not None and "109" in crisis.answer:
                return Reply(text=crisis.answer, entry_id=crisis.id, score=top.score if top else 0.0,
                             intent=Intent.ANSWER)
        if grief_counselling_asked(u.text) and not wish_to_die(u.text):
            counsel = self._configured_entry("low_mood_entry")  # "할매 보내고 … 잠도 못 잔다 상담해 주는 데가 있나"
            if counsel is not None:  # grief asked about: counselling, not the meals a lost appetite is near
                return Reply(text=counsel.answer, entry_id=counsel.id, score=top.score if top else 0.0, intent=Intent.ANSWER)
        if top_ok and not outside:
            top = self._gentler_than_crisis(u, top)
        if top_ok and not outside and self._chat_beside_an_entry(u, retriever.entries[top.entry_id]):
            return self._listen(u, top.score)  # "손주가 대학에 붙었어요 자랑 좀 할라고": not a scholarship question
        if top_ok and not outside and self._family_matter_asked(u) and not asks_state_help(u.text) and not (
                self._names_longer_term(u, retriever.entries[top.entry_id])):
            # "며느리가 전화를 통 안 하는데 먼저 해야 되나": feelings in a family, however near an entry on
            # parents out of touch scores, are listened to, not sent to 112
            return self._fixed("refer_family", Intent.REFER, fallback=True, score=top.score)
        if top_ok and not outside:
            after = self._question_after_a_story(text, retriever.entries[top.entry_id])
            if after is not None:  # the story's words pulled the whole elsewhere: the question alone answers
                return Reply(text=after[0].answer, entry_id=after[0].id, score=after[1], intent=Intent.ANSWER)
            return self._answer_points(text, retriever.entries[top.entry_id], top.score)
        label = u.intent.label
        score = top.score if top else 0.0
        if heard_badly(transcript):
            # nothing answers it and the recogniser was guessing: never refuse, block or chat about
            # words that may not have been said; ask again, showing what was heard
            return self._repair(u.text)
        if is_statement(u.text) and (told_of_past(u.text) or remembered(u.text)) and not asks_state_help(u.text):
            return self._listen(u, score)  # a memory told ("육이오 때 … 아직도 생각나"): listened to, no call centre
        if label == "ood_other" and is_statement(u.text):  # telling about their day, not asking
            return self._listen(u, score)
        if is_statement(u.text) and told_as_over(u.text) and not u.intent.urgent:
            return self._listen(u, score)  # a mishap told as over ("이제 다 나았어"): listened to, not referred
        if outside and self._told_in_passing(u):
            return self._listen(u, score)  # told, not asked ("칼 가는 아저씨가 요새 안 오네"), and nothing is broken
        if outside:  # private insurance, a used car's price, a temple's lantern: not the KB's nearest entry
            kind = max(OUT_OF_DOMAIN, key=u.intent.p)
            if family_law(u.text):
                return self._refer_out_of_domain(u, "ood_legal", score)
            return self._refer_out_of_domain(u, kind if u.intent.p(kind) >= OOD_KIND_MIN else "ood_other", score)
        if self._family_matter_asked(u):  # "며느리가 전화를 통 안 하는데 먼저 해야 되나": who listens
            return self._fixed("refer_family", Intent.REFER, fallback=True, score=score)
        asked = not is_statement(u.text) and label not in CONTROL  # asked in so many words
        close = top is not None and top.score >= threshold - CLARIFY_BAND
        asks = u.intent.p("question")
        if label == "ood_legal" and not law_words(u.text) and asks_state_help(u.text) and asks >= LEGAL_AS_HELP_MIN_QUESTION:
            # "월세 보태주는 거 있나", "지붕 고쳐주는 거 있다 카든데": help asked of the state, no dispute at law
            label, asks = "question", max(asks, ANSWER_UNSURE_MIN_QUESTION)
        if label in OUT_OF_DOMAIN and asked and close and engine.names_topic(u.text, retriever.entries[top.entry_id].topic):
            # the service is named outright and asked about ("궁금해서 죽겠어요 기초연금 올해 얼마 오른대요"):
            # whatever else the words sound like, the near entry of that service is the answer
            label, asks = "question", max(asks, ANSWER_UNSURE_MIN_QUESTION)
        if label in OUT_OF_DOMAIN and not (asked and close and u.intent.confidence < OOD_UNSURE):
            return self._refer_out_of_domain(u, label, score)
        # a question by its words that the classifier read as something else it was unsure of (a
        # drama's fire, then "그런 건 어떻게 해야 돼"; 참전 수당 read as legal) is answered when close
        if close and (asks >= ANSWER_UNSURE_MIN_QUESTION or asked and self._asked_answerable(u, hits[0])):
            return self._answer_unsure(hits, text)
        if close and asks >= CLARIFY_MIN_QUESTION:
            return self._clarify(hits)
        if label in UNSURE_CONTROL_LABELS and u.intent.confidence >= UNSURE_CONTROL_MIN and (
                len(u.text.split()) <= 3 or REQUEST.search(compact(u.text))):  # "안 들려", "… 다시 불러 줘"
            control = self._control(u, min_confidence=UNSURE_CONTROL_MIN)  # "안 들려": louder, not chat
            if control is not None:
                return control
        if LOW_OR_LONELY.search(compact(u.text)) and not is_statement(u.text) and not wish_to_die(u.text):
            company = self._gentler_entry(u)  # "적적한데 공짜로 말동무 해 주는 데 있나", nothing near
            if company is not None:
                return Reply(text=company.answer, entry_id=company.id, score=score, intent=Intent.ANSWER)
        if close and label == "chitchat" and u.intent.confidence < CHAT_SURE and heard_of_something(u.text) and (
                top.score >= threshold - HEARD_OF_BAND):
            # "혼자 사는 노인네 집에 사람이 와서 들여다봐 주는 거 그거 뭐라 카더라": a service heard of is asked
            # about, however much it sounds like chat; answered saying what it answers
            return self._answer_unsure(hits, text)
        if label in ("how_to_use", "chitchat", "ood_other") and self._phone_use_asked(u):
            return self._fixed("refer_phone", Intent.REFER, fallback=True, score=score)  # "카톡 사진 우째 보내노"
        if label in SMALL_TALK_LABELS and not (label == "chitchat" and asks_a_service(u.text)):
            # unsure small talk nothing answers: still small talk, not a call centre
            if label == "chitchat" and telling(u.text):
                return self._listen(u, score)
            return self._fixed(label, Intent.SMALL_TALK, score=score)
        if u.intent.p("abusive") >= FALLBACK_ABUSE_P and self._abuse_heard(u):  # a half-sure insult nothing answers
            return self._fixed("blocked", Intent.BLOCKED, blocked=True)
        if u.intent.urgent and told_as_story(u.text):  # a drama's collapse, told: listen, no call centre
            return self._listen(u, score)
        named = engine.named_topic(u.text)
        if named is None and asks < CLARIFY_MIN_QUESTION and not engine.call_center_by_keywords(text):
            # not a service question anyone could place: say what the avatar is for, not "call 110"
            if is_statement(u.text):
                return self._listen(u, score)
            return self._fixed("refer_other", Intent.REFER, fallback=True, score=score)
        center = engine.call_center(text, hits, topic=named)
        return self._center_line(center, score, named)

    def _gentler_than_crisis(self, u: Understood, top: Any) -> Any:
        """The suicide line's entry found for low mood or loneliness with no wish to die in the words
        ("적적하고 우울해서 … 돈 안 드는 상담 받을 데가 있나 말벗이라도"): the free counselling or the
        company the person asked for instead, with the same score. Signs of danger keep the 109 line."""
        crisis = self._configured_entry("crisis_entry")
        if crisis is None or top.entry_id != crisis.id:
            return top
        if (wish_to_die(u.text) or names_suicide(u.text) or crisis_signs(u.text) or better_off_gone(u.text)
                or "109" in u.text):
            return top
        gentler = self._gentler_entry(u)
        return top if gentler is None else dataclasses.replace(top, entry_id=gentler.id)

    def _gentler_entry(self, u: Understood) -> Entry | None:
        """Company for loneliness, free counselling for low mood (configured entries)."""
        return self._configured_entry("lonely_entry" if LONELY.search(compact(u.text)) else "low_mood_entry")

    def _vague_question(self, u: Understood) -> Reply | None:
        """A short question about a thing named only vaguely, no programme named and nothing said before
        that it follows up ("그 카드 그거 또 나오나", "나라 돈 그거 이달에 언제 들어와"): ask which one,
        and keep the question for the name that comes next. Any hit would be a guess between cards,
        payments or papers."""
        thing = vague_thing(u.text)
        if thing is None or self.engine.lexicon_words_in(compact(u.normalized), 2):
            return None
        if thing == "card" and u.intent.label in OUT_OF_DOMAIN and u.intent.confidence >= VAGUE_OOD_MAX:
            return None  # "그 카드 한도가 얼마여" about a credit card: not a programme's card
        if thing == "money" and not _PAID_OUT.search(compact(u.text)):
            return None  # "아들이 빌려 간 그 돈 언제 갚노": money, but nothing paid out to the person
        aspect = asked_aspect(u.normalized)
        if aspect is None and is_statement(u.text) and not REQUEST.search(compact(u.text)):
            return None  # "그거 참 좋네": said, not asked
        self._s.vague = u.normalized
        key = {"card": "clarify_card", "paper": "clarify_paper"}.get(thing, "clarify_money")
        if thing == "money" and aspect == "timing":
            key = "clarify_money_timing"
        return self._fixed(key, Intent.CLARIFY, fallback=True)

    def _names_the_thing(self, u: Understood) -> bool:
        """A short reply that names a programme or a document ("교통카드요", "기초연금 말이여")."""
        return len(u.text.split()) <= 4 and bool(self.engine.lexicon_words_in(compact(u.normalized), 2))

    def _question_part(self, u: Understood) -> Reply | None:
        """A question after a story ("드라마에서 … 속 터져 죽는 줄 알았네 그나저나 건강검진은 올해 짝수 해라
        받는 거 맞지"): when nothing is near for the whole, the last part that asks is looked up alone,
        so that the story neither drowns the question nor gets it refused."""
        parts = urgent.parts_of(u.text)
        turned = len(parts) >= 2  # talk turned by a word (그나저나, 근데): the part after it is the question
        if not turned:
            parts = _told_then_asked(u.text)  # no turn word: where a sentence told ends ("… 설레 죽겄어 | 손주랑 …")
        if len(parts) < 2:
            return None
        part = next((p for p in reversed(parts) if not is_statement(p)), None)
        found = self._sure_answer_alone(part, PART_MIN_QUESTION) if part is not None else None
        if found is None and part is not None:
            # the part names its service and an entry of it is near ("… 바다가 그립다 바닷가 노인 일자리 같은
            # 거 없나"): answered saying what it answers, not sent to a call centre. A part found only where
            # a told sentence ends is not sure enough to send anywhere else: the whole decides.
            return self._named_part_unsure(part) or (self._line_for_part(part) if turned else None)
        if found is None:
            return None
        entry, score = found
        log.debug("answered the question after the story: %r -> %s", part, entry.id)
        return Reply(text=entry.answer, entry_id=entry.id, score=score, intent=Intent.ANSWER)

    def _named_part_unsure(self, part: str) -> Reply | None:
        """An unsure answer for a part asked after a story that names the service of the entry the KB
        ranks first, close to sure; else None."""
        asked = self.engine.understanding.understand(part)
        if asked.intent.label != "question" or asked.intent.confidence < PART_MIN_QUESTION:
            return None
        hits = self._search(asked.normalized)
        threshold = self.engine.retriever.accept_threshold
        if not hits or hits[0].score < threshold - CLARIFY_BAND:
            return None
        entry = self.engine.retriever.entries[hits[0].entry_id]
        if urgent.is_emergency_topic(entry.topic) or self.engine.named_topic(part) != entry.topic:
            return None  # ("보건소에서도 이런 거 봐 주나" names the health centre, not its stop-smoking clinic)
        return self._answer_unsure(hits, asked.normalized)

    def _line_for_part(self, part: str) -> Reply | None:
        """The call centre for a part asked after chat that names its matter ("… 그건 그렇고 재활용
        쓰레기는 무슨 요일에 내놓노"), when the part reads as a question; None otherwise."""
        center = self.engine.call_center_by_keywords(part)
        if center is None:
            return None
        label = self.engine.understanding.understand(part).intent.label
        # "우리 골목 가로등이 나갔는디 어디다 말하노" can read as someone gone out: with no word of an
        # emergency in it (the whole was already checked for one), the part is still a question
        asks = label in ("question", "ood_other") or (
            label in URGENT and not is_statement(part) and not clear_urgent(part) and urgent_kind(part) is None)
        return self._center_line(center) if asks else None

    def _question_beside_chat(self, u: Understood) -> Reply | None:
        """A question inside chat or a story, read as chat ("… 혼났다 하하 기초연금 들어오는 날을 까묵었거든
        그기 매달 며칠이고", "어제 드라마 … 그건 그렇고 경로당 점심 그거 매일 주나"): answered when the part that
        asks, or the whole, is one the KB surely answers; otherwise None and the chat is listened to."""
        if u.intent.label not in ("chitchat", "ood_other") or is_statement(u.text):
            return None
        asked_after = self._question_part(u)
        if asked_after is not None:
            return asked_after
        hits = self._search(u.normalized)
        if not hits or hits[0].score < self.engine.retriever.accept_threshold + SURE_MARGIN:
            return None
        entry = self.engine.retriever.entries[hits[0].entry_id]
        if urgent.is_emergency_topic(entry.topic) or self._chat_beside_an_entry(u, entry):
            return None
        return self._answer_points(u.normalized, entry, float(hits[0].score))

    def _answer_of(self, hit: Any) -> str:
        return self.engine.retriever.entries[hit.entry_id].answer

    def _refer_out_of_domain(self, u: Understood, label: str, score: float) -> Reply:
        """Outside the avatar's topics: the one place that handles exactly this (분실물: 182, 모종:
        농업기술센터) when asked, else the referral of its kind (a doctor, 132, what the avatar is for)."""
        engine = self.engine
        center = engine.call_center_by_keywords(u.normalized)
        if label == "ood_legal" and not (_LEGAL_MATTER.search(compact(u.text)) or family_law(u.text)):
            label = "ood_other"  # no dispute or law in the words: where to ask, not a lawyer
        if label == "ood_medical" and about_crops(u.text):
            label = "ood_other"  # a pest or a blight on the peppers: the farm centre, not a doctor
        office = engine.call_center_by_keywords(u.normalized, specific=True) if label == "ood_medical" else None
        if office is not None and asks_a_service(u.text):
            # "새끼발가락이 아픈디 보건소 가믄 물리치료 해 준다요": what an office does, asked of it
            return self._center_line(office, score)
        if label == "ood_medical" and about_cooking(u.text):
            label = "ood_other"  # how much 젓갈 goes in the kimchi: a recipe, not a dose
        if label == "ood_other" and self._phone_use_asked(u):
            return self._fixed("refer_phone", Intent.REFER, fallback=True, score=score)  # the smartphone classes
        if label in ("ood_other", "ood_legal") and self._family_matter_asked(u):
            label = "ood_family"  # "며느리가 말을 툭툭 하는데 참아야 되나": who listens, not "I can't help"
        if label == "ood_other" and (not is_statement(u.text) or wants(u.text)) and center is not None and not center.general and not (
                # a private policy or a bet on the pension fund's stocks: a financial line, not the public agency's
                private_finance(u.normalized) and "금융" not in center.name):
            return self._center_line(center, score)
        return self._fixed("refer_" + label.removeprefix("ood_"), Intent.REFER, fallback=True, score=score)
