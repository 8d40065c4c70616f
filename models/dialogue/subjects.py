"""Things a question can be about that exclude each other: the eyes or the ears, a nursing home or care
at home, a death or a move, drawing the pension early or earning beside it, a train or a bus, a test or a
class, care by day or a stay of days; and what happened that an answer must be about (a thing lost).

Why: the retriever ranks by how alike the words are, and neighbouring entries share nearly all of them.
"눈이 점점 안 보여서 장애 등록을 하고 싶은데" ranked hearing-loss registration first (장애 등록 … 어떻게 …
병원 먼저), "요양원에 어매를 모실라고 … 한 달에 얼마씩" the monthly limit of care *at home*, "아버지 돌아가신
거 국민연금 공단에두 따로 알려야 되는 겨" telling the pension service about a *move*. A counselor never
confuses these: the person named one side and the entry is about the other. ``clashes`` says so, and
``first_without_clash`` lets the engine put the nearest entry that does not clash first.

A side counts for the person only when they name it and not its opposite ("이사하고 나서 영감이 죽었는데"
names both: nothing is decided by it). An entry is read by its canonical question and topic, not its
answer (answers mention the neighbours on purpose).

A thing lost ("잃어버렸어") wants an entry that names the loss: when the first does not and a close one of
its topic does, that one goes first (``misses_event``).

One-sided marks: an entry about *changing* a care grade already held answers only someone who says the
grade should change ("더 나빠지셔서 등급 올리려면"); "등급 우째 받는교" is the first application.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from models.dialogue.cues.text import compact


@dataclass(frozen=True)
class Side:
    name: str
    said: re.Pattern[str]  # in the person's words (compacted: no spaces)
    entry: re.Pattern[str]  # in an entry's question and topic (compacted)


def _side(name: str, said: str, entry: str) -> Side:
    return Side(name, re.compile(said), re.compile(entry))


_TRAIN = _side("train", r"기차|열차|ktx|케이티엑스|철도|무궁화호|새마을호|itx|srt|에스알티|코레일", r"기차|열차|ktx|철도|코레일|srt")
_BUS = _side("bus", r"버스|뻐스", r"버스")
_PLANE = _side("plane", r"비행기|항공|제주행", r"비행기|항공")

#: pairs of sides that exclude each other
OPPOSITES: tuple[tuple[Side, Side], ...] = (
    (_side("sight", r"눈이|눈을|눈에|눈도|눈은|시력|시각|안과|백내장|녹내장|황반|안보여|안보이|안뵈|침침",
           r"시각|시력|눈|안과|개안|백내장|녹내장|안경|돋보기"),
     _side("hearing", r"귀가|귀에|귀를|귀도|귀는|청력|청각|보청기|가는귀|이비인후과|난청|귀먹",
           r"청각|청력|보청기|귀|이비인후과|난청")),
    (_side("facility", r"요양원|양로원|요양시설|시설에|시설로|입소|요양병원",
           r"요양원|양로원|시설|입소|요양병원"),
     _side("home", r"집으로와|집에와|집에서받|방문요양|재가|집에찾아|요양보호사(?:가|이)?(?:집에|집으로)?(?:오|와)"
                   r"|집에서[가-힣]{0,8}(?:오는|와주|와서)",
           r"집에서받|집으로|방문요양|재가")),
    (_side("death", r"돌아가|사망|죽었|죽고|죽으|별세|세상떠|세상을떠|상을당|초상",
           r"사망|돌아가|유족|장례|상속|별세"),
     _side("moving", r"이사|전입|주소를?옮|주소가?바뀌|주소를?바꾸",
           r"이사|전입|주소")),
    (_side("early", r"땡겨|땡기|앞당|당겨|일찍받|일찍타|미리받|미리타|조기",
           r"조기|앞당|일찍|미리"),
     _side("working", r"일하|일을하|일해|벌이|돈을?벌|월급|소득이있|취직|취업",
           r"일해서|일하|근로|벌면|버는|소득이있")),
    # a fare asked of one way to travel is not another's
    (_TRAIN, _BUS), (_TRAIN, _PLANE), (_BUS, _PLANE),
    # a test asked (치매 검사) is not a class (치매 예방 교실)
    (_side("test", r"검사|검진|진단|테스트", r"검사|검진|진단"),
     _side("class", r"예방교실|예방프로그램|교실|프로그램|체조", r"예방프로그램|교실|프로그램")),
    # care by day (주야간보호) is not a stay of days and nights (단기보호)
    (_side("by_day", r"낮에만|낮동안|낮에는|주간보호|주야간|데이케어|노치원|아침에[가-힣]{0,8}?저녁에", r"주야간|주간보호|낮"),
     _side("days_away", r"며칠|단기보호|자고오|밤에도|밤새|숙박|하룻밤|집을비", r"단기보호|며칠|밤")),
)

#: what happened that an answer must be about: a thing lost. (Not a hospital stay: whose stay it is, and
#: whether it is over, decide which entry answers: "나도 병원에 며칠 입원해야 되거든유 … 영감 맡길 데"
#: is the husband's short stay, "요양병원에 석 달 있다가 … 퇴원했는디" an application after it.)
EVENTS: tuple[Side, ...] = (
    _side("lost", r"잃어버|잃어뿌|잃어뿠|잃어삐|잃어삤|이자뿟|이자뿠|이자삤|잊어버렸|분실|없어졌|잃었", r"잃어버|분실|다시받|재발급"),
)

#: entries about a change to something held, with what the person says when they want that change
ONE_SIDED: tuple[Side, ...] = (
    _side("grade_change", r"변경|바꾸|바꿔|바꿀|올려|올리|올릴|높여|높이|나빠|심해|재신청|다시받|다시신청|다시해|재판정|등급이낮"
                          r"|등급외|등급이?안나|떨어졌|떨어져",
          r"등급(?:을|이)?(?:변경|바꾸|바꿀|올리|올릴)"),
)


def _named_sides(s: str) -> list[tuple[Side, Side]]:
    """(the side named, its opposite) for every pair of which the person (compacted words ``s``) named
    one side and not the other."""
    return [(mine, other) for a, b in OPPOSITES for mine, other in ((a, b), (b, a))
            if mine.said.search(s) and not other.said.search(s)]


def clashes(said: str, entry_text: str) -> bool:
    """Whether an entry (its question and topic, ``entry_text``) is about the opposite of what the
    person named, or about a change they did not ask for."""
    s, e = compact(said), compact(entry_text)
    if any(other.entry.search(e) and not mine.entry.search(e) for mine, other in _named_sides(s)):
        return True
    return any(side.entry.search(e) and not side.said.search(s) for side in ONE_SIDED)


def first_without_clash(said: str, hits: Sequence[Any], about: Callable[[Any], tuple[str, str]],
                        band: float) -> list[Any]:
    """``hits`` (best first) with a better one moved to the front when the first clashes: the nearest
    entry that names the side the person named, of the first one's topic or of a topic the person
    named ("땡겨서 … 을마나 깎이는 겨": drawing early, not earning; "요양원에 … 한 달에 얼마": the nursing
    home's month), else the nearest that does not clash ("눈이 … 장애 등록 어떻게":
    registration, not eye surgery, which names the eyes too), within ``band`` of the first. The
    entries trade places, not scores: each takes the score of the place it moves to, so the engine's
    bands mean what they meant. ``about(hit)`` is the entry's (question, topic)."""
    if len(hits) < 2:
        return list(hits)
    if not clashes(said, " ".join(about(hits[0]))):
        return _first_naming_the_event(said, hits, about, band)
    topic = about(hits[0])[1]
    near = [i for i, hit in enumerate(hits) if i and hit.score >= hits[0].score - band
            and not clashes(said, " ".join(about(hit)))]
    if not near:
        return list(hits)
    s = compact(said)

    def of_the_thing(question: str, its_topic: str) -> bool:  # the first one's service, or one named
        return its_topic == topic or any(len(w) >= 2 and w in s for w in its_topic.split())

    i = next((i for i in near if of_the_thing(*about(hits[i])) and agrees(said, " ".join(about(hits[i])))), near[0])
    return _moved_first(hits, i)


def _first_naming_the_event(said: str, hits: Sequence[Any], about: Callable[[Any], tuple[str, str]],
                            band: float) -> list[Any]:
    """``hits`` with the nearest entry of the first one's topic that names what happened to the person
    ("잃어버렸어": the lost card's entry, not other regions' cards) moved to the front, when the first
    does not name it; else ``hits`` as they are."""
    question, topic = about(hits[0])
    if not misses_event(said, question):
        return list(hits)
    i = next((i for i, hit in enumerate(hits) if i and hit.score >= hits[0].score - band
              and about(hit)[1] == topic and not misses_event(said, about(hit)[0])
              and not clashes(said, " ".join(about(hit)))), None)
    return list(hits) if i is None else _moved_first(hits, i)


def misses_event(said: str, entry_text: str) -> bool:
    """Whether the person names something that happened (a thing lost) that the entry's question does
    not."""
    s, e = compact(said), compact(entry_text)
    events = [ev for ev in EVENTS if ev.said.search(s)]
    return bool(events) and not any(ev.entry.search(e) for ev in events)


def agrees(said: str, entry_text: str) -> bool:
    """Whether an entry is about a side the person named (and not its opposite)."""
    e = compact(entry_text)
    return any(mine.entry.search(e) for mine, _ in _named_sides(compact(said)))


def _moved_first(hits: Sequence[Any], i: int) -> list[Any]:
    """``hits`` with the ``i``-th first; they trade places, not scores (each takes the place's score)."""
    order = [hits[i], *hits[:i], *hits[i + 1:]]
    return [_at(h, place) for h, place in zip(order, hits, strict=True)]


def _at(hit: Any, place: Any) -> Any:
    """``hit`` with the score (and rank) of the place it takes."""
    if hit is place or not dataclasses.is_dataclass(hit):
        return hit
    moved = {"score": place.score}
    if hasattr(hit, "rank") and hasattr(place, "rank"):
        moved["rank"] = place.rank
    return dataclasses.replace(hit, **moved)
