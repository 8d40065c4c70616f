"""The domain lexicon: words a recogniser may split or misspell that the understanding stage snaps back.

Built from the knowledge base's topics (each word of a topic name, and the name without spaces)
plus the everyday names people use for the same things.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from models.knowledge import Entry, default_entries

#: Names of services, places and documents people say that are not topic names of the KB.
EVERYDAY_TERMS = (
    "기초연금", "국민연금", "유족연금", "노령연금", "건강보험", "건강보험료", "장기요양", "요양등급", "요양보호사",
    "주민등록등본", "주민등록초본", "등본", "초본", "인감증명서", "인감증명", "본인서명사실확인서", "가족관계증명서",
    "교통카드", "경로우대", "지하철", "보이스피싱", "치매안심센터", "치매", "틀니", "임플란트", "보청기",
    "에너지바우처", "전기요금", "기초생활수급", "기초생활보장", "수급자", "주거급여", "의료급여", "노인일자리",
    "예방접종", "대상포진", "폐렴구균", "긴급복지", "상속", "법률구조공단", "운전면허", "경로당", "무더위쉼터",
    "한파쉼터", "본인부담상한제", "보건소", "주민센터", "행정복지센터", "국민연금공단", "건강보험공단",
    "복지로", "정부24", "노인복지관", "도시락", "반찬배달", "개안수술", "백내장", "시니어클럽", "실종신고",
    "배회감지기", "지문사전등록", "돌봄서비스", "응급안전안심서비스",
)
_SPLIT = re.compile(r"[\s·/()]+")
_HANGUL_ONLY = re.compile(r"^[가-힣]+$")


#: Words of three syllables or more in topic names that are everyday words, not names of a
#: service: never snap targets ("돌아가셨" must not become 돌아가신, nor 만들게 become 만들기).
GENERIC_PARTS = frozenset({
    "만들기", "고르기", "프로그램", "클리닉", "이미용", "돌아가신", "어르신", "외로움", "방지시설", "방문지원",
    "분쟁조정", "평생교육", "자원봉사", "보험금", "환급금", "서비스", "원스톱", "상담전화", "활동지원서비스",
    "개인정보노출자", "안심차단", "계좌개설", "어르신집", "이동지원", "사람·침입자", "안부확인", "대응",
})


def terms_from(entries: Iterable[Entry]) -> tuple[str, ...]:
    """Lexicon terms (Hangul words of two syllables or more), longest first: the everyday names, the
    words of each topic name and the name without spaces, less the everyday words of three syllables
    or more a topic name may hold (their near-misses are ordinary words, and each costs snap time)."""
    terms: set[str] = set(EVERYDAY_TERMS)
    for entry in entries:
        parts = [p for p in _SPLIT.split(entry.topic) if p]
        terms.update(p for p in parts if len(p) < 3 or p not in GENERIC_PARTS)
        terms.add("".join(parts))
    return tuple(sorted((t for t in terms if len(t) >= 2 and _HANGUL_ONLY.match(t)), key=lambda t: (-len(t), t)))


@cache
def default_lexicon() -> tuple[str, ...]:
    return terms_from(default_entries())
