"""Regression tests for issue 18, round 19's second half (after blind set 19 was answered and judged), in
new words: symptoms beyond doubt after a service question, a parent with dementia not seen since last
night, a bag snatched, a password sent to a fake grandchild, money moved to a "safe account", a house
put in a child's name, papers settled before "leaving soon", a cut wrist, a half-basement door that will
hardly open; sayings (맛이 죽인다), a gas check found fine; thanks and "once more" said plainly; insults
answered with a calm boundary."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.text_filter import load_filter
from streaming.types import Intent


@pytest.mark.parametrize(("text", "number"), [
    ("연금 서류 뭐 챙기는지 물어볼라 했는데 좀 전부터 가슴이 묵직하고 왼팔이 저려 괜찮겠지", "119"),
    ("요양 등급 물어보려고 했는데 어머니가 아침부터 안 들어오셔 치매가 좀 있으신데 경로당 가셨겠지", "112"),
    ("시장에서 누가 내 지갑을 뺏기고 도망갔어 지금", "112"),
    ("아들이라고 문자가 와서 통장 비밀번호를 보내 줬는데 아들은 모른대", "112"),
    ("금감원이라는 사람이 안전계좌로 옮기라 해서 오백만 원 옮겨 놨어", "112"),
    ("며느리가 인감을 가져가서 집을 지 명의로 바꿨다 카네", "1577-1389"),
    ("손목을 좀 그었어 피는 조금 나", "109"),
    ("반지하에 물이 차서 현관문이 잘 안 열려요", "119"),
])
def test_emergencies_said_calmly_get_their_number(engine: DialogueEngine, text: str, number: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is Intent.URGENT and number in r.text, (text, r)


def test_papers_settled_before_leaving_soon_get_the_crisis_line(engine: DialogueEngine) -> None:
    r = engine.conversation().reply("보험 서류 정리 좀 해 놓으려고 내가 곧 떠날 거니까 애들 고생 안 하게")
    assert r.intent is Intent.URGENT and "109" in r.text, r


@pytest.mark.parametrize("text", [
    "동치미 맛이 죽여 준다 한 그릇 더 묵을까",                                   # a saying
    "도시가스에서 점검 나와서 가스 새는지 보고 갔는데 이상 없대",                 # a check found fine
])
def test_sayings_and_checks_found_fine_are_not_emergencies(engine: DialogueEngine, text: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is not Intent.URGENT, (text, r)


def test_thanks_in_dialect_is_thanks(engine: DialogueEngine) -> None:
    r = engine.conversation().reply("아이고 욕봤소 덕분에 잘 알았네")
    assert r.intent is Intent.THANKS, r


def test_once_more_said_plainly_repeats_the_last_answer(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    first = conv.reply("기초연금 어디서 신청해요")
    again = conv.reply("귀가 어두버서 그라는데 한 번만 더")
    assert first.entry_id and first.text.split(".")[0] in again.text, (first, again)


@pytest.mark.parametrize("text", ["이 놈아 똑바로 좀 해라", "니보다 우리 집 고양이도 낫겠다"])
def test_names_in_the_vocative_and_worse_than_a_pet_are_insults(text: str) -> None:
    verdict = load_filter().check(text)
    assert verdict.blocked and verdict.category == "insult", (text, verdict)


def test_an_insult_gets_a_calm_boundary(engine: DialogueEngine) -> None:
    r = engine.conversation().reply("이 멍청한 기계야 말귀를 그렇게 못 알아듣나")
    assert r.intent is Intent.BLOCKED and any(w in r.text for w in ("삼가", "힘들어요", "거친 말씀")), r
