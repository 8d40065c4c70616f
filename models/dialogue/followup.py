"""Follow-up questions: which aspect is asked, is the topic left out, which topics are named.

"그거 어디서 신청해요?" after an answer about 기초연금 asks the ``where_to_apply`` aspect of the
last topic. A question that names another topic ("그럼 장기요양은 어디서 해요?") moves on.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from models.dialogue.cues import compact
from models.knowledge import Entry

# Checked in this order; the first cue found decides.
_ASPECT_CUES: tuple[tuple[str, str], ...] = (
    ("documents", r"서류|준비물|뭘가져|뭐가져|무엇을가져|뭘챙|뭐챙|뭐가필요|뭐필요|필요한(?:거|것|게)|구비|가져가|가져갈|가지고가|가지고갈|챙겨|챙길|들고가|들고갈"),
    ("contact", r"전화|번호|연락|문의|상담(?:은|받|하)"),
    ("where_to_apply", r"어디|어느(?:곳|기관|데|사무소|지사|센터)|어데|워디"),
    ("timing", r"언제|기간|며칠|몇살|나이|마감|몇시|걸려|오래|몇월"),
    ("how_to_apply", r"어떻게(?:신청|해|하|받|접수)|신청(?:방법|하려면|하는법|은어떻게|하면돼|하나요|해요|할래|하고싶)|절차|방법|어찌|우째|우예|신청"),
    ("amount", r"얼마|금액|비용|돈은|본인부담|몇만원|수수료|공짜|무료|내야|액수"),
    ("eligibility", r"누가|누구|대상|자격|받을수있|나도|저도|해당|조건|될까|되나요|돼요|되는가|되남|되는감|되노|될랑가|받나|받는가"),
    ("overview", r"뭐예요|뭔가요|무엇|뭐에요|뭐하는|뭐허는|뭐지|설명|뭐여|뭔데|뭡니까"),
)
_ASPECT_RE = [(a, re.compile(p)) for a, p in _ASPECT_CUES]

#: Where to look when the topic has no entry for the asked aspect.
ASPECT_FALLBACK: dict[str, tuple[str, ...]] = {
    "where_to_apply": ("how_to_apply", "contact", "overview"),
    "how_to_apply": ("where_to_apply", "contact", "overview"),
    "documents": ("how_to_apply", "where_to_apply", "overview"),
    "contact": ("where_to_apply", "how_to_apply", "overview"),
    "amount": ("overview", "eligibility"),
    "eligibility": ("overview", "amount"),
    "timing": ("how_to_apply", "overview"),
    "overview": ("eligibility",),
    "other": ("overview",),
}

# Words that point back at the last topic. A bare 그럼 does not: "그럼 요양원은요?" names a new one.
_ANAPHORA = re.compile(
    r"^(?:그럼|그러면|그라믄|그라면|근데|그런데|그리고|그래서|그)?(?:그거|그건|그것|그게|거기|거긴|그런거|이거|이건|저거|그쪽|그분|그제도|그서비스|그돈|그연금)"
    r"|그거|그건|그것|그게|거기(?:서|에|는|로)|그제도|그서비스|그연금|그돈"
)
# What is left of a follow-up once anaphora, aspect cues, verbs and fillers are removed; if nothing
# is left, the question names no topic of its own.
_FUNCTION_TEXT = (
    "그럼 그러면 그라믄 그거 그건 그것 그게 거기 거긴 이거 이건 저거 그쪽 그 은 는 이 가 을 를 도 요 에서 에 서 로 으로 좀 또 "
    "신청 하 해 해야 하나 하면 돼 되 나요 까요 할 수 있 어요 아요 습니다 니까 나 저 제 우리 내 "
    "어디 어느 어떻게 얼마 언제 누가 누구 뭐 뭘 무엇 왜 몇 서류 준비물 가져가 가져갈 챙겨 필요 전화 번호 연락 문의 상담 "
    "받 을까 인가 는가 예요 에요 이에요 가요 데 면 려면 야 지 게 거 것 죠 까 가면 들고 갈 가야 만 같이 다 때 "
    "방법 절차 대상 자격 조건 해당 기간 나이 금액 비용 무료 공짜 돈 얼마나 마감 며칠 살 시 월 부터 까지 될까 "
    "맞 타 나오 나와 들어 내 올 와 알려 말해 말씀 주세요 줘 줘요 싶 어 아 음 네 예 정말 진짜 혹시 저기요 저기 "
    "남편 아내 부인 집사람 영감 할멈 어머니 아버지 엄마 아빠 아들 딸 며느리 사위 손주 손자 손녀 부모님 친구 같은 "
    # the way it is done, not what: "그건 인터넷으로도 돼", "거기 전화번호는 몇 번이에요"
    "번 인터넷 핸드폰 휴대폰 스마트폰 폰 앱 온라인 홈페이지 누리집 기계"
)
_FUNCTION_WORDS = _FUNCTION_TEXT.split()
# longest first, so that 서류 is removed as a whole and not as 서 + 류
_FUNCTION_RE = re.compile("|".join(sorted(set(_FUNCTION_WORDS), key=len, reverse=True)))

# A thing pointed at by a vague name ("그 카드", "나라 돈 그거", "그 종이"), by kind: which card, which
# money, which paper is the question back when nothing names it.
_VAGUE_THINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("card", re.compile(r"(?:그|저|그놈의|그뭐냐)카드")),
    ("money", re.compile(r"(?:그|저)돈|나라돈|나라(?:에서|서)?(?:주는|나오는|대주는)(?:돈|거|것)")),
    ("paper", re.compile(r"(?:그|저)(?:종이|서류|증명서|증명)|서류(?:를|좀)?떼")),
)
#: the most words a vague question has ("그 카드 그거 또 나오나"); a longer one tells enough to look up
VAGUE_MAX_WORDS = 7
# what the thing is for, said beside it ("버스 공짜로 타는 그 카드", "병원 갈 때 내는 그 카드", a bank's card)
_DESCRIBED = re.compile(r"버스|지하철|전철|기차|택시|병원|약국|복지|장애|경로|교통|문화|에너지|은행|신용|체크|농협|우체국|보험")


def vague_thing(text: str) -> str | None:
    """The kind of thing a short question points at by a vague name ("card", "money", "paper"), or
    None. A bare "그거" is ``is_anaphoric``'s ("그거 참말이여" of a singer's wedding asks no service);
    whether a programme is named beside the thing is the caller's check."""
    c = compact(text)
    if len(text.split()) > VAGUE_MAX_WORDS or _DESCRIBED.search(c):
        return None
    for kind, pattern in _VAGUE_THINGS:
        if pattern.search(c):
            return kind
    return None


def asked_aspect(text: str) -> str | None:
    c = compact(text)
    for aspect, pattern in _ASPECT_RE:
        if pattern.search(c):
            return aspect
    return None


def is_anaphoric(text: str) -> bool:
    return bool(_ANAPHORA.search(compact(text)))


def is_elliptical(text: str) -> bool:
    """True when the question has no content words left besides cues: "신청은 어디서 해요?"."""
    return not _FUNCTION_RE.sub("", compact(text))


# Pieces of these phrases name no particular topic ("상담 전화는요?" is not about 109 자살예방 상담전화).
_GENERIC_PHRASES = ("상담전화", "상담센터", "안내콜센터", "민원안내", "서비스", "전화번호")
_GENERIC_KEYWORDS = {
    "어르신", "서비스", "신청", "노인", "지원", "증명서", "센터", "상담", "보건복지", "콜센터", "무료", "교육", "등록",
    "갱신", "대처", "예방", "고령", "할인", "급여", "복지", "보험", "건강",
}


class TopicIndex:
    """Topics of the knowledge base, the entries of each by aspect, and the words that name them."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.by_topic: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
        for e in entries:
            self.by_topic[e.topic][e.aspect].append(e)
        keyword_topics: dict[str, set[str]] = defaultdict(set)
        for topic in self.by_topic:
            name = compact(topic)
            words = {compact(w) for w in re.split(r"[\s·,/()]+", topic) if len(compact(w)) >= 2}
            subs = {name[i:j] for i in range(len(name)) for j in range(i + 3, len(name) + 1)}
            for w in words | subs | {name}:
                if w and not w.isdigit() and w not in _GENERIC_KEYWORDS and not any(w in g for g in _GENERIC_PHRASES):
                    keyword_topics[w].add(topic)
        # a keyword shared by many topics names none of them
        self._keywords = {w: ts for w, ts in keyword_topics.items() if len(ts) <= 4}
        self._keyword_re = re.compile("|".join(sorted(map(re.escape, self._keywords), key=len, reverse=True)))

    def topics_named(self, text: str) -> set[str]:
        found: set[str] = set()
        if not self._keywords:
            return found
        for m in self._keyword_re.finditer(compact(text)):
            found |= self._keywords[m.group(0)]
        return found

    def entry_for(self, topic: str, aspect: str) -> Entry | None:
        """The topic's entry for ``aspect``, or for the nearest aspect it has (see ``ASPECT_FALLBACK``)."""
        aspects = self.by_topic.get(topic)
        if not aspects:
            return None
        for a in (aspect, *ASPECT_FALLBACK.get(aspect, ())):
            if aspects.get(a):
                return aspects[a][0]
        return None

    def entry_by(self, topic: str, aspect: str) -> Entry | None:
        """Exactly the topic's entry for ``aspect`` (no fallback)."""
        found = self.entries_by(topic, aspect)
        return found[0] if found else None

    def entries_by(self, topic: str, aspect: str) -> list[Entry]:
        """All the topic's entries for ``aspect`` (a topic may answer one aspect for several cases)."""
        return list(self.by_topic.get(topic, {}).get(aspect, ()))
