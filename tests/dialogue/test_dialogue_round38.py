"""Regression tests for issue 18, round 38 (written before blind set 36 was answered): old names
(동사무소, 영세민, 노인정) and everyday words (전기세, 깎아 주는) looked up in the KB's words when nothing is
sure; asking leave to ask ("뭐 좀 물어볼게요") is "go on", and a question after it is answered; two
services named side by side with one point asked get both answers; a phone number said back is told
whose it is; dialect "how" before getting (우째 받노) asks how to apply; a lease whose holder died has
its own entry."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.numbers_heard import NumberBook, checked_number, numbers_said, only_a_check
from models.understanding.kb_words import kb_words
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize(("said", "kb"), [
    ("동사무소 토요일에도 문 여나", "주민센터 토요일에도 문 여나"),
    ("면사무소 점심시간에 해요", "주민센터 점심시간에 해요"),
    ("영세민 되면 병원비 싸나", "기초생활수급자 되면 병원비 싸나"),
    ("노인정에서 밥 주나", "경로당에서 밥 주나"),
    ("에어컨 때문에 전기세 깎아 주는 거 없나", "에어컨 때문에 전기요금 할인해 주는 거 없나"),
    ("교통카드 우예 만드노", "교통카드 어떻게 만드노"),
])
def test_old_and_everyday_words_in_the_kbs_words(said: str, kb: str) -> None:
    assert kb_words(said) == kb


@pytest.mark.parametrize("said", [
    "동사무소가 요새 주민센터 맞지요",  # today's name said beside: nothing to rewrite
    "옛날 동사무소를 요새는 뭐라 캐요",  # the name itself asked about
    "기초연금 우째 이리 적게 나오노",  # 우째 before no getting or applying: maybe "why"
])
def test_the_name_itself_or_a_why_is_not_rewritten(said: str) -> None:
    assert kb_words(said) == said


@pytest.mark.parametrize(("text", "entry"), [
    ("동사무소 일요일에도 문 열어요", "community-center-hours"),
    ("영세민 되려면 어찌 해야 되는지", "basic-livelihood"),
])
def test_an_old_name_finds_the_entry(ask: Ask, text: str, entry: str) -> None:
    r = ask(text)
    assert r.intent == Intent.ANSWER and (r.entry_id or "").startswith(entry), r


@pytest.mark.parametrize("text", ["뭐 좀 여쭤봐도 될까요", "저기요 하나만 더 물어볼게", "나 또 왔슈 물어볼 게 있어서",
                                  "말 좀 물어봅시다"])
def test_asking_leave_to_ask_is_go_on(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent == Intent.GREETING and "말씀하세요" in r.text, r


@pytest.mark.parametrize(("text", "entry"), [
    ("그라고 하나 더 물어볼께예 교통카드는 어디서 맹그는교", "senior-transit"),
    ("뭐 좀 여쭤봐도 될까요 기초연금은 한 달에 얼마 나와요", "basic-pension-amount"),
])
def test_a_question_after_asking_leave_is_answered(ask: Ask, text: str, entry: str) -> None:
    r = ask(text)
    assert r.intent == Intent.ANSWER and (r.entry_id or "").startswith(entry), r


@pytest.mark.parametrize(("text", "first", "second"), [
    ("국민연금하고 건강보험 전화번호 좀 같이 불러 주소", "1355", "1577-1000"),
    ("기초연금이랑 장기요양 등급은 어디 가서 신청하는교", "기초연금", "장기요양"),
])
def test_two_services_side_by_side_both_answered_in_order(ask: Ask, text: str, first: str, second: str) -> None:
    r = ask(text)
    assert r.intent == Intent.ANSWER and first in r.text and second in r.text, r
    assert r.text.index(first) < r.text.index(second), r


def test_two_services_not_side_by_side_is_one_question(ask: Ask) -> None:
    r = ask("기초연금 받는 사람은 건강보험료 할인해 주나")  # one question about the two, not one point of each
    assert "1355" not in r.text or "1577-1000" not in r.text, r


@pytest.mark.parametrize(("said", "numbers"), [
    ("일오칠칠 다시 일공공공 맞지요", ["1577-1000"]),
    ("아까 그 번호가 일삼삼이여 일삼삼이", ["1332", "1332"]),
    ("백이십구 맞나", ["129"]),
    ("1355 맞아유", ["1355"]),
])
def test_numbers_said_back_are_read(said: str, numbers: list[str]) -> None:
    assert numbers_said(said) == numbers and only_a_check(said)


def test_a_number_with_a_question_around_it_is_no_check() -> None:
    assert not only_a_check("1355에 전화하면 연금 얼마 나오는지 알려 주나")
    book = NumberBook([("1355", "국민연금공단")])
    assert checked_number("1355에 전화하면 연금 얼마 나오는지 알려 주나", book) is None
    assert checked_number("일이삼사 맞나", book) is None  # not a number the avatar gives


@pytest.mark.parametrize(("text", "owner"), [
    ("아까 그 번호가 일삼삼이여 일삼삼이", "금융감독원"),
    ("일오칠칠 일공공공 그거 맞지예", "국민건강보험공단"),
])
def test_a_number_said_back_is_told_whose(ask: Ask, text: str, owner: str) -> None:
    r = ask(text)
    assert owner in r.text, r


def test_a_number_just_given_is_confirmed(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    first = conv.reply("국민연금공단 전화번호가 몇 번이에요")
    assert "1355" in first.text
    r = conv.reply("일삼오오 맞지요")
    assert r.text.startswith("네, 맞아요") and "1355" in r.text, r


@pytest.mark.parametrize("text", ["장기 요양 등급 그거 우째 받는교", "노인 교통카드 우예 만드노"])
def test_dialect_how_before_getting_asks_how_to_apply(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent == Intent.ANSWER and (r.entry_id or "").split("-")[-1] in ("apply", "how"), r


@pytest.mark.parametrize("text", ["남편이 계약자인 임대아파트인데 남편이 세상을 떠나면 저는 계속 살 수 있나요",
                                  "임대주택 계약자가 사망하면 같이 살던 배우자는 우째 되나요"])
def test_a_lease_whose_holder_died(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.entry_id == "r-public-rental-succession" and "승계" in r.text, r
