"""Abusive input in a conversation turn."""

from __future__ import annotations

import logging
import re

from models.dialogue import urgent
from models.dialogue.bands import (
    BOUNDARY_CUT_MARGIN,
    BOUNDARY_MIN_QUESTION,
    CLARIFY_BAND,
    HARMLESS_ABUSE_P,
    MILD_ABUSE_P,
    SURE_ABUSE_P,
    SURE_MARGIN,
    UNHEARD_ABUSE_MIN_P,
)
from models.dialogue.cues import compact, is_statement, said_to_avatar
from models.dialogue.rough import names_called, without_rough_frame
from models.dialogue.turn_base import TurnBase
from models.dialogue.turn_words import WH
from models.knowledge import Entry
from models.text_filter.lexicon import WHITELIST_RE
from models.text_filter.normalize import normalize
from models.understanding import Understood
from streaming.types import FilterResult, Intent, Reply

log = logging.getLogger(__name__)

#: a question or a request for facts in so many words: a question word, a word ending as a question
#: does (loosely: "번호나" passes too), or "tell me" (번호 대 봐, 알려 줘)
#: what a question asks in so many words: when, where, how much (not 뭐 / 왜: "뭐 이런 게 다 있노")
_WHEN_WHERE_HOW_MUCH = re.compile(r"언제|어디|어데|얼마|몇(?:번|시|일|월|살|개|만)")
_ASKS = re.compile(WH.pattern + r"|대\s?봐|대\s?라|알려\s?줘|알려\s?주|가르쳐"
                   r"|(?:나|노|냐|냐고|나요|까|까요|는지|는교|능교|나유|가요)(?:\s|$|\?)"
                   # "… 등본 떼는 거나 말해라", "… 등본 떼는 거 물었다 아이가", "… 짧게 말해 공단 전화번호"
                   r"|말해\s?(?:라|봐|줘|주|도|보)|말하라|물었(?:다|잖|는데|는디)|물어봤(?:다|잖|는데|는디)|묻잖"
                   r"|전화\s?번호\s*$"
                   # "… 장례비 나오는 거 있어 없어 똑바로 말해": either-or asked, or "say it" at the end
                   r"|(?:있어|있나|있냐|되나|돼|되냐|맞아|맞나)\s?(?:없어|없나|없냐|안\s?되나|안\s?돼|안\s?되냐|아니야|아니냐|틀려)|말해\s*$")


# A person asked for instead of the avatar ("사람 바꿔", "진짜 사람하고 얘기할래", "상담원 연결해")
_PERSON_ASKED = re.compile(r"사람(?:으로|을|좀)?(?:바꿔|바꾸|불러|연결)|(?:상담원|직원|담당자)(?:을|좀|하고|이랑|한테)?(?:바꿔|바꾸|불러|연결|대)"
                           r"|(?:진짜|산|살아있는|제대로된)사람(?:하고|이랑|한테|과|을|좀)")


# Pests killed ("바퀴벌레 약 뿌려서 다 죽여 놨는디 이놈들 또 나오겄지"): 이놈들 and 죽여 are the bugs'
_PESTS_KILLED = re.compile(r"(?:모기|파리|날파리|벌레|바퀴|쥐|개미|진드기|해충|지네|벼룩|빈대|노린재|돈벌레)(?:(?!같)[가-힣]){0,14}?"
                           r"(?:죽여|죽였|죽이|잡았|잡아|때려잡)")


# "이놈들 또 나오겄지", "이놈이 안 먹는대": someone or something talked about, not a name called (이놈아)
_THIRD_PARTY_NOM = re.compile(r"(?:이|요|저|그)\s?(?:놈|눔|녀석)(?:들)?(?:이|은|는|도|을|들)?(?![아야])")


_NAME_CALLED = re.compile(r"(?:놈|년|새끼|자식|것|기계|깡통|물건)(?:아|야)(?=\s|$)")


_KEYS = {"sexual": "blocked_sexual", "hate": "blocked_hate", "threat": "blocked_threat"}


def innocent_lookalike(text: str) -> bool:
    """An innocent phrase that looks rude (수박 씨 발라, 시발점, pests killed): what the classifier's
    abuse reading may rest on when the lexicon finds no rude word."""
    if _NAME_CALLED.search(text):
        return False  # "모기 같은 놈아 죽여 버린다": a name called, whatever else is in it
    norm = normalize(text)
    return bool(norm and WHITELIST_RE.search(norm)) or bool(_PESTS_KILLED.search(compact(text)))


# where a question ends mid-rant ("등본 떼는 데 돈이 얼마냐고 | 묻잖어 귓구멍이 막혔냐")
_ASK_END = re.compile(r"(?:냐고|냐|나요|노|까요|는지|는교|능교|나유|가요|는가)(?=\s)")


def _asked_part(question: str) -> str | None:
    """The words up to the first question's ending, when more is said after it (the rest is the rant)."""
    m = _ASK_END.search(question)
    return question[:m.end()] if m and question[m.end():].strip() else None


# What a question inside a rant asks of a thing (where, how much, when, how, which papers): enough to ask
# back which one when the knowledge base is close but unsure ("누가 정한 거냐", "왜 이것밖에" are complaints)
_ASKED_WHAT = re.compile(r"어디|어데|워디|얼마|얼매|을매|언제|어떻게|어떡|우째|우찌|어찌|몇|뭐가져|뭘가져|뭐필요|뭐가필요|무슨서류|드냐|드나|드노")

# The device threatened ("확 전원 빼불곡 창 밖으로 던져불켜"): a threat heard in the words, however read
_SMASHING = re.compile(r"던져|던지|집어던|부숴|부셔|뽀사|뽀개|박살|깨뿐|깨버|때려부|빼불|빼버|뽑아버|내던")

class AbuseTurns(TurnBase):
    """Abusive input: which block, and when a calm boundary comes with the answer asked beside it."""

    def _innocent_lookalike(self, text: str) -> bool:
        """``innocent_lookalike(text)``, read once per turn however many decisions ask."""
        if text not in self._lookalikes:
            self._lookalikes[text] = innocent_lookalike(text)
        return self._lookalikes[text]

    def _blocked_key(self, u: Understood, verdict: FilterResult) -> str | None:
        """The reply key for abusive input ("blocked"; "blocked_sexual" for remarks about the avatar's
        body or invitations: a plain, calm no; "blocked_hate" for a group put down), or None. ``verdict``
        is the lexicon filter's on the normalised text, run once per turn."""
        p = u.intent.p("abusive")
        if urgent.death_wished_at_avatar(u.text):
            return "blocked"  # whatever the classifier's reading (despair, at 0.5)
        # the lexicon filter flags words inside harmless compounds (병신년 생): the classifier overrules
        # it only when it is nearly certain
        sure_harmless = u.intent.label != "abusive" and u.intent.confidence >= 0.6 and p < HARMLESS_ABUSE_P
        if not verdict.blocked and self._innocent_lookalike(u.text) and not self._abuse_heard_in_words(u):
            return None  # "손주 줄라고 수박 씨 발라 놨는디": the look-alike is all the rudeness in it
        if u.intent.abuse_kind == "hate" and verdict.category != "hate" and not (
                verdict.blocked or self._abuse_heard_in_words(u)):
            return None  # a group named and no sweeping judgement in the words (the filter's hate rules)
        if p < 0.5 and not (verdict.blocked and not sure_harmless):
            if p >= MILD_ABUSE_P and self._abuse_heard(u):
                return "blocked"  # "이거 완전 맹추구먼 … 대답도 못 허고": a mild insult, and the classifier half hears it
            return None
        if not verdict.blocked and self._unheard_abuse(u):
            # only the classifier hears it, half-sure, in dialect it rarely met ("보청기 허젠 허난 비싸 … 이시냐",
            # "속이 답답허곡 눈물만 나 … 이시냐"): no rough word anywhere, so no boundary
            return None
        log.info("blocked input (classifier %.2f, %s; filter %s)", p, u.intent.abuse_kind, verdict.category)
        # the lexicon's kind when its words say it; else the classifier's, which hears a sexual remark
        # or a threat with no listed word in it ("이리 와서 옆에 누워 봐라", "망치로 깨 뿐다")
        kind = verdict.category if verdict.category in _KEYS else u.intent.abuse_kind
        if kind == "hate" and verdict.category != "hate":
            kind = ""  # a group put down only as the filter's hate rules judge it; else plain rough words
        return _KEYS.get(kind, "blocked")

    def _boundary_and_answer(self, u: Understood, verdict: FilterResult) -> Reply | None:
        """Rough words around a plain question ("씨발 기초연금 언제 들어오냐고 몇 번을 물어봐야 돼"):
        a calm word about the language, then the answer the knowledge base is sure of. Asking again
        would punish a person who is already frustrated at not being answered. ``verdict``: the
        filter's on the normalised text (its matches are the rough words)."""
        if _PERSON_ASKED.search(compact(u.text)):
            # "이런 바보 같은 게 … 그냥 사람 바꿔요": the calm word, then where a person answers
            return self._with_boundary(self._fixed("human", Intent.REFER))
        question = without_rough_frame(u.normalized, verdict.matches, self._mild_list(),
                                       lambda word: bool(self.engine.lexicon_words_in(compact(word), min_len=3)))
        if len(question.split()) < 2 or is_statement(u.text) and not _ASKS.search(question):
            return None  # told, not asked ("… 빨리 말해" after "… 깎이나" still asks)
        # Where the question is: at the end of a rant that may name other topics first ("… 나라 연금
        # 쥐꼬리만큼 주고 … 등본 어디서 떼냐고"), else the whole of what is left, else from the first topic
        # word ("아이고 또 딴소리하네 주민등록등본 어디서 떼냐니까 …"). Nothing found: no question was
        # left once the rough words were gone ("병신 같은 게 무슨 상담을 한다고").
        def sure(text: str | None) -> tuple[Entry, float] | None:
            return self._sure_answer_alone(text, BOUNDARY_MIN_QUESTION, rude=True) if text else None

        cut, whole = sure(self._from_topic_word(question, last=True)), sure(question)
        if cut and whole and cut[0].topic == whole[0].topic and cut[1] - whole[1] < BOUNDARY_CUT_MARGIN:
            found = whole  # the same topic, no surer cut: the words before the topic word were part of the
            # question ("땅 판 돈 들어오믄 기초연금 끊기나" is not about staying abroad)
        else:
            found = cut or whole or sure(self._from_topic_word(question)) or sure(_asked_part(question))
        if found is None:
            where = self._boundary_and_where(question)
            if where is not None or not _ASKED_WHAT.search(compact(question)):
                return where
            hits = self._search(question)
            if hits and hits[0].score >= self.engine.retriever.accept_threshold - CLARIFY_BAND and (
                    self.engine.names_entry(question, self.engine.retriever.entries[hits[0].entry_id])):
                # a thing named and asked where, how much or when, close but not sure ("등본 떼는 데 돈 드냐고":
                # 주민등록 or 등기부): the calm word, then which one; a rant with no such ask keeps the boundary
                return self._with_boundary(self._clarify(hits), "blocked_then_clarify")
            return None
        entry, score = found
        return self._with_boundary(Reply(text=entry.answer, entry_id=entry.id, score=score, intent=Intent.ANSWER))

    def _boundary_and_where(self, question: str) -> Reply | None:
        """Rough words around a question about a service the words name, which the knowledge base is not
        sure of ("적금 탄 거 들어오믄 기초연금 끊기나 이 등신아"): the calm word, then where that service's
        details are answered. A boundary alone would leave the question unheard."""
        engine = self.engine
        topic = engine.named_topic(question)
        if topic is None or is_statement(question) or not _ASKS.search(question):
            return None  # "주민센터 놈들 니도 한통속이지 꺼져": a service named, nothing asked of it
        hits = self._search(question)
        near = engine.retriever.accept_threshold - CLARIFY_BAND
        if not hits or hits[0].score < near or engine.retriever.entries[hits[0].entry_id].topic != topic:
            return None  # the word only looks like a topic ("누가 정한": 가정), or no question about it is near
        center = engine.call_center(question, hits, topic=topic)
        boundary = self._fixed("blocked_then_refer", Intent.BLOCKED).text
        return Reply(text=f"{boundary} {engine.replies.fallback_text(center, topic)}", intent=Intent.BLOCKED,
                     blocked=True, fallback=True)

    def _no_then_answer(self, u: Understood) -> Reply | None:
        """A remark about the avatar's body and then, in a part of its own, a question the KB surely
        answers ("가슴이 크네 허허 그건 그렇고 노인 일자리 언제 뽑아"): a plain no, then the answer."""
        # the parts after a turn word, else the words from the last service named on ("… 나랑 자자 그라믄
        # 기초 연금 얼마여")
        tail = self._from_topic_word(u.text, last=True)
        for part in [*urgent.parts_of(u.text)[1:], *([tail] if tail else [])]:
            if self._verdict(part).blocked:
                continue
            found = self._sure_answer_alone(part, BOUNDARY_MIN_QUESTION)
            if found is not None:
                entry, score = found
                answered = Reply(text=entry.answer, entry_id=entry.id, score=score, intent=Intent.ANSWER)
                return self._with_boundary(answered, "blocked_sexual_then_answer")
        return None

    def _from_topic_word(self, text: str, last: bool = False) -> str | None:
        """``text`` from its first (``last``: its last) word naming a KB term on, when words come before
        it (a complaint said before the question), else None."""
        words = text.split()
        found = list(enumerate(words[1:], start=1))
        for i, word in reversed(found) if last else found:
            if self.engine.lexicon_words_in(compact(word), min_len=2):
                if last and i > 1 and self._term_across(words[i - 1], word):
                    i -= 1  # "기초 연금": the term the recogniser split starts a word earlier
                if len(words) - i >= 2:
                    return " ".join(words[i:])
                if not last:
                    return None
        return None

    def _term_across(self, before: str, word: str) -> bool:
        """``before`` and ``word`` joined name a longer domain term than ``word`` alone (기초 + 연금)."""
        alone = max(map(len, self.engine.lexicon_words_in(compact(word), min_len=2)), default=0)
        joined = self.engine.lexicon_words_in(compact(before + word), min_len=alone + 1)
        return any(compact(before) in compact(t) for t in joined)

    def _rude_to_avatar(self, u: Understood) -> bool:
        """A mild insult aimed at the avatar beside a plain question ("니 같은 고물딱지는 … 근데 장기요양
        전화번호는", "이 깡통아 …"): the answer comes with a calm word about the language."""
        if not self._mild_insult(u.normalized, u.text):
            return False
        return said_to_avatar(u.text) or names_called(u.text, self.engine.filter.mild_insult)

    def _read_as_abuse(self, u: Understood) -> bool:
        """Abuse is the classifier's likeliest reading, though under the blocking bar, and no innocent
        look-alike explains it: a threat or contempt with no listed word beside a plain question ("자꾸
        엉뚱한 소리 하면 이 기계 확 던져 뿔 끼다 … 어디서 하노") is answered with the calm word."""
        if u.intent.abuse_kind == "hate" and self._verdict(u.normalized).category != "hate" and not (
                self._abuse_heard_in_words(u)):
            return False  # a group named, no sweeping judgement in the words ("장애인들이 다니기 불편한 길이 많아")
        if self._unheard_abuse(u):
            return False  # half-sure, no rough word: a Jeju question read abusive for its endings ("… 이시냐")
        return u.intent.label == "abusive" and not self._innocent_lookalike(u.text)

    def _unheard_abuse(self, u: Understood) -> bool:
        """A half-sure abusive reading (under ``UNHEARD_ABUSE_MIN_P``) nothing in the words bears out, of
        something asked: no rough or mild word, nothing said to the avatar, no threat or sexual remark heard
        (those have no listed word and rely on the classifier), and a question or request, not a rant ("이
        미련한 거 … 꺼져 뿌려")."""
        return (u.intent.p("abusive") < UNHEARD_ABUSE_MIN_P and u.intent.abuse_kind not in ("sexual", "threat", "hate")
                and not self._abuse_heard_in_words(u)
                and not said_to_avatar(u.text) and not is_statement(u.text) and not _SMASHING.search(compact(u.text)))

    def _with_boundary(self, answered: Reply, key: str = "blocked_then_answer") -> Reply:
        boundary = self._fixed(key, Intent.BLOCKED).text
        return Reply(text=f"{boundary} {answered.text}", entry_id=answered.entry_id, score=answered.score,
                     blocked=True, intent=Intent.BLOCKED)

    def _sure_answer_alone(self, text: str, min_question: float, rude: bool = False) -> tuple[Entry, float] | None:
        """The KB entry that surely answers ``text`` read on its own (a part of what was said, or what
        is left of it), when it reads as a question at least ``min_question`` (or at all, when the KB is
        ``SURE_MARGIN`` past sure) and is no emergency's procedure; with its score."""
        asked = self.engine.understanding.understand(text)
        # ``rude``: the question left of a rant keeps its tone ("등본 어디서 떼냐고" reads as abusive);
        # it is trusted only when the KB is far past sure
        # ... or is read as something else while a wh-word asks it ("장기요양 결과 언제 나오냐꼬"): the same
        toned = rude and (asked.intent.label == "abusive" or asked.intent.label != "question"
                          and bool(_WHEN_WHERE_HOW_MUCH.search(compact(text))))
        if asked.intent.label != "question" and not toned:
            return None
        hits = self._search(asked.normalized)  # the turn's own lookup: a part looked up twice is searched once
        threshold = self.engine.retriever.accept_threshold
        if not hits or hits[0].score < threshold:
            return None
        if (toned or asked.intent.confidence < min_question) and hits[0].score < threshold + SURE_MARGIN:
            return None  # a weak question reading is enough only when the KB is far past sure ("등본 떼는 거")
        entry = self.engine.retriever.entries[hits[0].entry_id]
        if urgent.is_emergency_topic(entry.topic):
            return None
        return entry, float(hits[0].score)

    def _abuse_heard_in_words(self, u: Understood) -> bool:
        """A mild insult in the words (the lexicon's mild list) besides "이놈들" said of the bugs or the
        grandchild the look-alike is about ("이놈이 안 먹는대"; "이놈아" called out still counts)."""
        return bool(self._mild_insult(_THIRD_PARTY_NOM.sub(" ", u.normalized), _THIRD_PARTY_NOM.sub(" ", u.text)))

    def _abuse_heard(self, u: Understood) -> bool:
        """A half-sure abuse reading is trusted when sure enough or when the words hold an insult."""
        if self._innocent_lookalike(u.text) and not self._verdict(u.normalized).blocked:
            return self._abuse_heard_in_words(u)  # the look-alike is what the classifier hears ("모기 이놈들 … 잡았다")
        if self._unheard_abuse(u):
            return False  # half-sure and nothing in the words bears it out
        if u.intent.p("abusive") >= SURE_ABUSE_P:
            return True
        return self._mild_insult(u.normalized, u.text) is not False
