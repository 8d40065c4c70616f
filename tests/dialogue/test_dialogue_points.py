"""Two points asked in one breath get both answers, in the order asked (issue 18: "gives the age but
not how much", "says where but not whether it is free" were the most common in-domain failures of
blind set 19). One point asked gets one answer."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.points import asked_points, join_answers
from streaming.types import Intent


@pytest.mark.parametrize(("text", "points"), [
    ("보청기 얼마나 보태 주고 어디 가서 신청하노", ["amount", "where_to_apply"]),
    ("몇 살부터 되는 기고 돈은 얼마 드는교", ["eligibility|timing", "amount"]),   # an age: who, or when
    ("집값이 얼마 이하여야 되는교", ["eligibility|amount"]),                     # a limit
    ("언제까지 내야 되고 늦으면 얼마 더 붙어요", ["timing", "amount"]),
    ("어디 가서 하는지 뭐 챙겨 가야 되는지", ["where_to_apply", "documents"]),
    ("전화번호가 몇 번이고 누가 탈 수 있어요", ["contact", "eligibility"]),
    ("어디서 신청하고 어떻게 하는지", ["where_to_apply"]),          # one family: how to get it
    ("이사 온 지 얼마 안 됐는데 신청은 어디서 해요", ["where_to_apply"]),  # 얼마 as a time
    ("내 연금 얼마 받는지 확인하려면 어디 전화해요", ["where_to_apply"]),  # a sum to look up, not asked
    ("버스도 공짜라 카던데 카드는 어디서 만드노", ["where_to_apply"]),      # heard, not asked
    ("얼마나 걸려요", ["timing"]),
    ("그냥 궁금해서요", []),
])
def test_points_named_by_strict_cues_in_the_order_said(text: str, points: list[str]) -> None:
    assert ["|".join(p) for p in asked_points(text)] == points


def test_a_shared_referral_is_said_once_at_the_end() -> None:
    first = "일반 검진은 무료예요. 자세한 건 1577-1000에 물어보세요."
    second = "지정 병원 어디서든 받으세요. 가까운 곳은 1577-1000에서 알려 드려요."
    assert join_answers(first, second) == "일반 검진은 무료예요. 지정 병원 어디서든 받으세요. 가까운 곳은 1577-1000에서 알려 드려요."
    other = "어디서든 받으세요. 보건소 번호는 지역마다 달라요."
    assert join_answers(first, other) == f"{first} {other}"


def _answer_of(engine: DialogueEngine, topic: str, aspect: str) -> str:
    entry = engine.topics.entry_by(topic, aspect)
    assert entry is not None, (topic, aspect)
    return entry.answer


@pytest.mark.parametrize(("text", "topic", "first", "second"), [
    ("치과서 틀니 맞출라 카는데 그거 몇 살부터 해 주고 내 돈은 얼마나 드는교", "틀니 건강보험", "eligibility", "amount"),
    ("노인 일자리 그거 하믄 한 달에 얼마 나오고 어디 가서 신청하는 기요", "노인일자리", "amount", "where_to_apply"),
    ("국가 건강 검진 어느 병원 가서 받는 거고 뭐 들고 가믄 되요", "국가건강검진", "where_to_apply", "documents"),
])
def test_two_points_of_one_topic_get_both_answers_in_the_order_asked(
        engine: DialogueEngine, text: str, topic: str, first: str, second: str) -> None:
    r = engine.conversation().reply(text)
    a, b = _answer_of(engine, topic, first), _answer_of(engine, topic, second)
    key_a, key_b = a.split(". ")[0], b.split(". ")[0]  # answers put the key fact first
    assert r.intent is Intent.ANSWER and key_a in r.text and key_b in r.text, (text, r)
    assert r.text.index(key_a) < r.text.index(key_b), r.text


@pytest.mark.parametrize("text", ["틀니는 돈이 얼마나 들어요", "노인 일자리 어디서 신청해요"])
def test_one_point_asked_gets_one_answer(engine: DialogueEngine, text: str) -> None:
    r = engine.conversation().reply(text)
    entry = engine.retriever.entries[r.entry_id] if r.entry_id else None
    assert entry is not None and r.text == entry.answer, (text, r)
