"""Old names of offices and programmes that seniors still use, and everyday words for what the
knowledge base names formally, with the KB's words for them.

A counselor hears "동사무소" and knows it is the 주민센터; the knowledge base is written in today's
names, so "동사무소 일요일에도 하나요" ranked the opening-hours entry at 0.57 where "주민센터 …" ranks it
at 1.1; "전기세 깎아주는 거" finds the electricity discount less surely than "전기요금 할인해 주는 거"; "지하철
공짜로 타는 그 카드 잃어버렸는데" found the disability card. The retriever is asked both ways and keeps each
entry's better score (``kb_words``), so a question about the old name itself ("동사무소가 주민센터예요") loses
nothing.

Only names whose meaning today is one thing: 노령연금 stays (it is the national pension's own word),
and so does 구청 (still its name).
"""

from __future__ import annotations

import re

#: A thing described by what it does, not named (always looked up by its name too: the description is
#: the question's subject). (as said; the KB's name)
THINGS_DESCRIBED: tuple[tuple[str, str], ...] = (
    (r"(?:지하철|전철|버스)(?:을|를)?\s?(?:공짜로|무료로|돈\s?안\s?내고)\s?타는\s?(?:그\s?)?(?:카드|거)", "어르신 교통카드"),
    (r"(?:낮에\s?)?(?:시원하게|시원한\s?데서|더위\s?피해서?)\s?(?:좀\s?)?(?:쉴|쉬는|쉬다\s?올)\s?(?:데|디|곳|데가|디가)", "무더위쉼터"),
    (r"(?:쓰러지면|쓰러지믄|넘어지면)\s?(?:알아서\s?)?(?:[가-힣0-9]+(?:에|에게|한테|로)\s?)?(?:연락\s?가는|알려\s?주는|119\s?부르는)"
     r"\s?(?:그\s?)?(?:기계|거|장치)", "응급안전안심서비스 장비"),
    # papers by what they show: the address history is the 초본, the family the 가족관계증명서
    (r"주소\s?(?:옮긴|바뀐|이사\s?다닌|산)\s?(?:거|것|데)?\s?(?:다\s?|전부\s?)?(?:나오는|나와\s?있는|찍힌)\s?(?:그\s?)?(?:종이|서류|거)",
     "주민등록초본"),
    (r"가족(?:이)?\s?(?:누구누구|다|전부|몇)?\s?(?:있는지\s?)?(?:나오는|나와\s?있는|찍힌)\s?(?:그\s?)?(?:종이|서류|거)", "가족관계증명서"),
)

#: Old names and everyday words (as said or as a recogniser spells them; the KB's word). Looked up only
#: when nothing is sure: said beside a question the KB answers already, a rewrite pulls other entries
#: ("전화요금도 깎아준다" as 할인 ranked the electricity discount first; 동사무소 said as where to go made every
#: answer that says "주민센터에 가시면" rank). A row is not used where the KB's word is said already.
KB_WORDS: tuple[tuple[str, str], ...] = (
    (r"영세민|생활\s?보호\s?대상자|생보\s?대상자|생보자", "기초생활수급자"),
    (r"노인정", "경로당"),
    (r"의료\s?보호(?!\s?사)", "의료급여"),
    (r"의료\s?보험\s?(?:증|카드)", "건강보험증"),
    (r"의료\s?보험(?!\s?(?:증|카드))", "건강보험"),
    (r"호적\s?(?:등본|초본)", "가족관계증명서"),
    (r"(?:동|읍|면)\s?사무(?:소|실)|(?<![가-힣])동회(?=\s|$|에|서|가|를|는|로)", "주민센터"),
    # everyday words: a bill is 요금, not a tax; a discount is 할인
    (r"전기세", "전기요금"),
    (r"수도세", "수도요금"),
    (r"전화세", "전화요금"),
    (r"깎아\s?(?=주|줘|준|드리)", "할인해 "),
    (r"(?<![가-힣])(?:을마|을매|얼매|울매)", "얼마"),
    (r"(?:땡겨|댕겨|당겨)서?\s?(?=받)", "미리 "),
    # 경상도 "how" before getting or applying (우째 받노, 우예 신청하노); before anything else it may be "why"
    (r"(?<![가-힣])(?:우째|우예|우찌|우얘|우째야|우예야)(?=\s?(?:받|신청|만들|만드|떼|타|들어가|들어갈|가입))", "어떻게"),
)
_THINGS = tuple((re.compile(p), word) for p, word in THINGS_DESCRIBED)
_KB_WORDS = tuple((re.compile(p), word) for p, word in KB_WORDS)

#: The name itself is asked about ("옛날 동사무소 지금은 뭐라고 불러요", "동사무소가 주민센터예요"): no rewrite
_ABOUT_THE_NAME = re.compile(r"옛날|예전|이름|불러|부르|바뀌|같은\s?(?:곳|데|거)")


def kb_words(text: str, unsure: bool = True) -> str:
    """``text`` with its things described said by their names and, when ``unsure`` (nothing found
    surely as said), its old and everyday words in the KB's words too. ``text`` itself when it says
    none of the rows' words, says the KB's word beside them, or asks about the name."""
    if _ABOUT_THE_NAME.search(text):
        return text
    for pattern, word in (*_THINGS, *(_KB_WORDS if unsure else ())):
        if word.strip() not in text:
            text = pattern.sub(word, text)
    return text
