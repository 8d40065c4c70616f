"""Regression tests for issue 18, round 17 (after sets 14 and 15 were read), in new words: 경상 hearsay
(카던데), the everyday names of 기초연금, points the KB lacked, and emergencies the retrained
classifier must not lose."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from streaming.types import Intent


@pytest.mark.parametrize(("text", "entry_prefix"), [
    ("그 노인 연금 말이야 받을라카믄 어데 가서 신청하노", "basic-pension-"),              # 노인 연금 = 기초연금
    ("나라서 주는 노인 돈 그거 받을라믄 뭐를 챙겨 가야 되는교", "basic-pension-"),
])
def test_everyday_names_of_the_basic_pension_find_it(engine: DialogueEngine, text: str, entry_prefix: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is Intent.ANSWER and (r.entry_id or "").startswith(entry_prefix), (text, r)


@pytest.mark.parametrize(("text", "entry_id"), [
    ("참전 유공자 상담하는 전화 번호가 몇 번이라요", "i-veterans-counseling-center"),     # 1577-0606
    ("장애인 연금 타는 사람은 기초 연금 따로 또 받을 수 있는교", "i-disability-pension-with-basic-pension"),
    ("남편이 국민 연금 받다가 갔는데 공단에서 장례 치르는 돈 주나", "i-npension-funeral-expense"),
])
def test_points_seniors_asked_are_answered(engine: DialogueEngine, text: str, entry_id: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is Intent.ANSWER and r.entry_id == entry_id, (text, r)


@pytest.mark.parametrize(("text", "number"), [
    ("지하 방에 비가 들이쳐서 물이 무릎까지 찼는데 문이 안 열려", "119"),            # shut in by water now
    ("누가 멀리서 내 폰을 만지는지 화면이 혼자 막 넘어가 지금", "112"),              # a remote app, not a person at the door
    ("은행이라는 사람이 지금 대출 갚으라고 계좌 번호를 불러 주고 있어", "112"),       # a scam going on now
])
def test_emergencies_the_classifier_wavers_on(engine: DialogueEngine, text: str, number: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is Intent.URGENT and number in r.text, (text, r)


def test_a_remote_controlled_phone_is_not_an_intruder(engine: DialogueEngine) -> None:
    r = engine.conversation().reply("누가 원격으로 내 휴대폰을 움직이고 있어 화면이 지 혼자 움직여 지금")
    assert r.intent is Intent.URGENT and "문을 열지" not in r.text, r


@pytest.mark.parametrize("text", [
    "지금 금을 사 두면 오른다고 사위가 사라 카던데",              # a tip with 지금, no money asked for
    "우리 할배는 나 없으면 굶어 죽는다카이 노인 반찬 배달 그런 거 있나",  # hyperbole about someone else
])
def test_everyday_talk_is_not_an_emergency(engine: DialogueEngine, text: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is not Intent.URGENT, (text, r)


def test_death_wished_on_the_avatar_is_blocked(engine: DialogueEngine) -> None:
    r = engine.conversation().reply("니 같은 깡통은 그냥 죽어 버려라 쓰레기통에 처박게")
    assert r.intent is Intent.BLOCKED, r


def test_custody_is_a_legal_question_not_a_child_allowance(engine: DialogueEngine) -> None:
    r = engine.conversation().reply("아들 내외가 갈라선다는데 손녀 양육권은 누구한테 가는 기요")
    assert r.entry_id is None and r.intent is not Intent.ANSWER, r
