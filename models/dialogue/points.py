"""Questions that ask two things in one breath: "틀니 몇 살부터 되고 얼마나 내야 되노",
"건강검진 돈 내야 돼요 어디 가서 받아요".

A counselor answers both. ``asked_points`` lists the aspects a question names, in the order they are
said, by words that name one aspect only (얼마 / 어디 / 언제 / 서류 / 누가 …). Unlike
``followup.asked_aspect`` (the first cue decides, loose cues such as 되나요 count) it is used only to
add a second answer to a confident one, so its cues are strict.
"""

from __future__ import annotations

import re
from typing import Any

from models.dialogue.cues import compact

#: Each cue names a point: the aspects that answer it, in order of preference (몇 살부터 is answered by
#: who may get it or by when it starts; 얼마 이하 by who qualifies or by the sum).
_POINT_CUES: tuple[tuple[tuple[str, ...], str], ...] = (
    # 얼마 as a sum asked, not a time (얼마 전에, 얼마나 걸려), a sum to be looked up (얼마 받는지 확인)
    # or a limit (얼마 이하여야)
    (("amount",), r"얼마(?!전|만에|나걸|나오래|동안|안돼|안됐|안되|나자주|나있|쯤전|이하|이상|미만|까지|넘)"
                  r"(?!.{0,5}(?:확인|알아|알려|알수|조회))"
                  r"|비용|본인부담|돈(?:을|은|이|도)?(?:내야|내나|내요|드노|드나|드는|드냐|들어요|들어가나|들어가요|안드|안들)"
                  r"|(?:공짜|무료)(?:예요|에요|인가|인교|이가|냐|나요|지요|죠|야|입니까)|몇개|몇만원|수수료|회비|이용료|참가비|수강료"
                  # 얼마 in the dialects' spelling (을매 받구, 을마나 깎이는 겨, 얼매 주노)
                  r"|(?:을매|을마|얼매|울매)(?!전|만에|나걸|동안|나오래|쯤전)"),
    (("eligibility", "amount"), r"얼마(?:이하|이상|미만|까지|넘)"),
    (("eligibility", "timing"), r"몇살(?:부터|이상|되|이면|까지)"),
    (("timing",), r"언제|기한|마감|며칠|몇월|얼마나걸려|얼마나오래"),
    (("where_to_apply",), r"어디(?:서|로|에|가서|가면|다|에서|가야|전화|물어|연락|문의|가(?:요|노|나)?$)|어데(?:서|로|가|에)|워디"
                          # where it is, asked ("기계 어데 있는교"), not told ("통장이 어디 어디 있는지")
                          r"|(?:어디|어데)(?:에)?있(?:노|나|어|어요|는교|능교|소|슈|습니까|을까|지요|죠)"
                          # "… 해 주는 데가 있다던데 어디예요": the place itself asked
                          r"|(?:어디|어데)(?:예요|에요|인가요|입니까|인교|인지|고|여|요|야)$"
                          r"|어느(?:곳|기관|병원|사무소|지사|센터|창구)"),
    (("documents",), r"서류|준비물|(?:뭘|뭐|뭐뭐|무엇을|뭣을)(?:가져|챙|들고|갖고|가지고)"
                     r"|(?:챙겨|챙길|들고|갖고|가지고)가(?:야|노|나|면|요|는)"),
    (("eligibility",), r"누가|누구(?:나|든|한테|까지)|대상|자격|조건|해당(?:되|돼)|아무나"
                       r"|(?:나|저|우리|사람|노인)(?:도|같은사람도)(?:되|돼|받|할수|주나|줘|탈수)"
                       r"|(?:집|가구|혼자|부부|둘이|둘만|자가|월세|전세)(?:인사람)?도(?:되|돼|받|신청|들어갈|해당)"
                       r"|도(?:할|받을|탈|들어갈|신청할|들수|다닐)수있"),
    (("contact",), r"번호|몇번(?:이|으로|에|이고)|전화(?:는|를|해야|하면)"),
    # "… 받을라면 우째야 되노", "… 할라믄 어째야 돼": how, in the dialects' words
    (("how_to_apply",), r"어떻게(?:신청|해|하|받|만들|야되|야돼)|신청(?:방법|하려면|하는법)|방법"
                        r"|(?:우째|어째|어찌|우예|어떡|우찌|어뜨케|어떠케)(?:해야|하믄|하면|야되|야돼|해예|해얄|하노|하는교|하능교)"),
)
_POINT_RE = [(aspects, re.compile(p)) for aspects, p in _POINT_CUES]

#: Aspects one answer covers together: where, how and whom to call are one "how do I get it".
_FAMILY = {"where_to_apply": "apply", "how_to_apply": "apply", "contact": "apply"}

#: Aspects a second answer may be added for (an overview or a special case answers in its own way).
POINT_ASPECTS = frozenset({"amount", "timing", "where_to_apply", "documents", "eligibility", "contact", "how_to_apply"})
#: ... and added to: an overview tells what a thing is, and a point named besides is answered after it
#: ("참전명예수당 그거 얼마 나오고 어디서 신청하노")
FIRST_ASPECTS = POINT_ASPECTS | {"overview"}

Point = tuple[str, ...]


def family(aspect: str) -> str:
    return _FAMILY.get(aspect, aspect)


def answering_aspects(point: Point) -> list[str]:
    """The aspects whose entries answer ``point``: its own in order, then those of the same family
    (where to apply is also told by how to apply: "지문 등록 어디서 하노")."""
    same_family = [a for a in sorted(_FAMILY) if a not in point and any(family(a) == family(p) for p in point)]
    return [*point, *same_family]


def covers(aspect: str, point: Point) -> bool:
    """Whether an entry of ``aspect`` answers ``point``."""
    return family(aspect) in {family(a) for a in point}


def asked_points(text: str) -> list[Point]:
    """The points ``text`` names by strict cues, in the order they are said; a point covered by an
    earlier one (where after how) is left out."""
    c = compact(text)
    found: list[tuple[int, Point]] = []
    for aspects, pattern in _POINT_RE:
        m = pattern.search(c)
        if m:
            found.append((m.start(), aspects))
    points: list[Point] = []
    for _, point in sorted(found):
        if not any(covers(a, p) for a in point for p in points):
            points.append(point)
    return points


def aspect_of(entry: Any) -> str:
    """An entry's aspect; for one filed under none ("other"), the one point its own question asks, if
    just one ("국민연금은 매달 며칠에 들어오나요?": timing; "… 통장을 바꾸려면 어떻게 하나요?": how)."""
    if entry.aspect != "other" or entry.question.count("?") > 1:  # two questions: no one point
        return entry.aspect
    points = asked_points(entry.question)
    return points[0][0] if len(points) == 1 and len(points[0]) == 1 else entry.aspect


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d{3,4}(?:-\d{3,4}){0,2}")


def join_answers(first: str, second: str) -> str:
    """Two answers said one after the other. Where both end by sending the person to the same number,
    the first one's referral is left out: it is said once, at the end."""
    sentences = _SENTENCE_END.split(first.strip())
    numbers = set(_NUMBER.findall(sentences[-1]))
    if len(sentences) > 1 and numbers and numbers <= set(_NUMBER.findall(second)):
        first = " ".join(sentences[:-1])
    return f"{first} {second.strip()}"
