"""Old names of offices and programmes that seniors still use, and everyday words for what the
knowledge base names formally, with the KB's words for them.

A counselor hears "동사무소" and knows it is the 주민센터; the knowledge base is written in today's
names, so "동사무소 일요일에도 하나요" ranked the opening-hours entry at 0.57 where "주민센터 …" ranks it
at 1.1; "전기세 깎아주는 거" finds the electricity discount less surely than "전기요금 할인해 주는 거". The
retriever is asked both ways and keeps each entry's better score (``kb_words``), so a question about
the old name itself ("동사무소가 주민센터예요") loses nothing.

Only names whose meaning today is one thing: 노령연금 stays (it is the national pension's own word),
and so does 구청 (still its name).
"""

from __future__ import annotations

import re

#: (the old or everyday word, as said or as a recogniser spells it; the KB's word). A row is not used
#: where the KB's word is said already ("동사무소 말고 주민센터" needs no rewrite).
KB_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?:동|읍|면)\s?사무(?:소|실)|(?<![가-힣])동회(?=\s|$|에|서|가|를|는|로)", "주민센터"),
    (r"영세민|생활\s?보호\s?대상자|생보\s?대상자|생보자", "기초생활수급자"),
    (r"노인정", "경로당"),
    (r"의료\s?보호(?!\s?사)", "의료급여"),
    (r"의료\s?보험\s?(?:증|카드)", "건강보험증"),
    (r"의료\s?보험(?!\s?(?:증|카드))", "건강보험"),
    (r"호적\s?(?:등본|초본)", "가족관계증명서"),
    # everyday words: a bill is 요금, not a tax; a discount is 할인
    (r"전기세", "전기요금"),
    (r"수도세", "수도요금"),
    (r"전화세", "전화요금"),
    (r"깎아\s?(?=주|줘|준|드리)", "할인해 "),
    # 경상도 "how" before getting or applying (우째 받노, 우예 신청하노); before anything else it may be "why"
    (r"(?<![가-힣])(?:우째|우예|우찌|우얘|우째야|우예야)(?=\s?(?:받|신청|만들|만드|떼|타|들어가|들어갈|가입))", "어떻게"),
)
_KB_WORDS = tuple((re.compile(p), word) for p, word in KB_WORDS)

#: The name itself is asked about ("옛날 동사무소 지금은 뭐라고 불러요", "동사무소가 주민센터예요"): no rewrite
_ABOUT_THE_NAME = re.compile(r"옛날|예전|이름|불러|부르|바뀌|같은\s?(?:곳|데|거)")


def kb_words(text: str) -> str:
    """``text`` in the KB's words (``text`` itself when it says none of the rows' words, says the KB's
    word beside them, or asks about the name)."""
    if _ABOUT_THE_NAME.search(text):
        return text
    for pattern, word in _KB_WORDS:
        if word.strip() not in text:
            text = pattern.sub(word, text)
    return text
