"""Regression tests for issue 18, round 39b (development on blind set 37, tested in new words): an
attempt in progress told of someone else (the means taken into a shed, no coming out); first aid for a
scald from a pot, for bleach fumes, and staying in behind the door when a follower knocks; a question
inside rough words answered when a wh-word asks it or either-or is asked; a number or talk asked again
in dialect; a vague "거기 / 그건" with nothing said before is asked about; a train fare is not a bus
fare, care by day is not a stay of days; a lost card's entry; a question after a sentence told with no
turn word; a benefit's age worked out from a birth year."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.answer_turns import _told_then_asked
from models.dialogue.cues import crisis_signs
from models.dialogue.first_aid import chemical_fumes
from models.dialogue.subjects import clashes, misses_event
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize("text", [
    "아들이 밧줄 들고 창고에 들어가서 문을 잠갔어요 며칠째 죽고 싶다 했는데",
    "영감이 넥타이 챙겨서 방에 들어갔는디 대답이 없어",
])
def test_an_attempt_told_of_someone_else_is_urgent(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent == Intent.URGENT and ("112" in r.text or "119" in r.text), r


@pytest.mark.parametrize(("text", "sign"), [
    ("아들이 밧줄 들고 창고에 들어가서 문을 잠갔어요", True),
    ("창고에 끈 가지고 들어가서 짐 묶고 나왔어", False),  # a chore done, nobody shut in
    ("노끈 들고 들어가서 박스 묶는다", False),
])
def test_the_means_taken_in_and_no_coming_out_is_a_sign(text: str, sign: bool) -> None:
    assert crisis_signs(text) is sign


@pytest.mark.parametrize("text", [
    "곰국 솥을 엎어서 발등에 쏟았는데 물집이 잡히고 벌겋게 올라와",
    "냄비 물 쏟아서 팔에 살이 벌겋게 됐어요",
])
def test_a_scald_gets_running_water(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent == Intent.URGENT and "흐르는" in r.text and "물" in r.text, r


@pytest.mark.parametrize(("text", "fumes"), [
    ("욕실 청소하다 락스에 다른 세제 섞었더니 목이 따갑고 기침이 나요", True),
    ("락스 냄새 맡고 숨이 차고 어지러워", True),
    ("락스를 모르고 마셨어 목이 타", False),  # swallowed: the poisoning reply
    ("락스 쓸 때 뭐랑 섞으면 안 돼요", False),  # asked, nobody sick
])
def test_bleach_fumes(text: str, fumes: bool) -> None:
    assert chemical_fumes(text) is fumes


def test_bleach_fumes_get_fresh_air_first(ask: Ask) -> None:
    r = ask("세제랑 락스를 섞어 부렀더니 눈이 맵고 숨을 못 쉬겄어")
    assert r.intent == Intent.URGENT and "바깥 공기" in r.text and "119" in r.text, r


def test_a_follower_knocking_at_the_door_gets_stay_in(ask: Ask) -> None:
    r = ask("모르는 놈이 계속 따라오더니 우리 집 현관문을 쾅쾅 두드려요")
    assert r.intent == Intent.URGENT and "문을 열지" in r.text and "112" in r.text, r


@pytest.mark.parametrize(("text", "entry"), [
    ("이 바보 로봇아 기초연금 받는 거 되나 안 되나 똑바로 말해", "basic-pension"),
    ("이 새끼야 주민등록등본 떼는 데 얼마냐고 몇 번을 묻노", "resident-copy-fee"),
])
def test_a_question_inside_rough_words_is_answered(ask: Ask, text: str, entry: str) -> None:
    r = ask(text)
    assert r.blocked and (r.entry_id or "").startswith(entry), r


@pytest.mark.parametrize("text", ["중간에 말을 놓쳤는데 처음부터 다시 말해 줘요", "일 삼 오 오 다음에 뭐라 했어요"])
def test_asked_again_in_other_words_is_a_repeat(ask: Ask, text: str) -> None:
    assert ask(text).intent == Intent.REPEAT


@pytest.mark.parametrize("text", ["거기 전화번호는 몇 번이에요", "그건 핸드폰으로도 돼요"])
def test_a_vague_first_turn_asks_which(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent == Intent.FALLBACK and "어떤" in r.text, r


@pytest.mark.parametrize(("said", "entry", "clash"), [
    ("기차 타면 노인 할인 돼요", "고속버스도 경로 할인이 되나요? 고속버스 경로 할인", True),
    ("고속버스 경로 할인 돼요", "기차는 몇 살부터 할인되나요? 경로우대", True),
    ("낮에만 어머니 맡길 데 있나", "보호자가 며칠 돌보기 어려울 때 이용하는 단기보호는 무엇인가요? 노인장기요양보험", True),
    ("며칠 집을 비우는데 어머니 맡길 데", "주야간보호는 무엇인가요? 노인장기요양보험", True),
])
def test_train_bus_and_day_care_sides(said: str, entry: str, clash: bool) -> None:
    assert clashes(said, entry) is clash


def test_a_lost_thing_needs_its_entry() -> None:
    assert misses_event("교통카드 잃어버렸는데 다시 만들면 돈 드나", "어르신 교통카드를 다른 지역에서도 쓸 수 있나요?")
    assert not misses_event("교통카드 잃어버렸는데", "어르신 교통카드를 잃어버렸으면 어디에 물어봐요?")
    assert not misses_event("교통카드 어디서 만들어요", "어르신 교통카드를 다른 지역에서도 쓸 수 있나요?")


def test_a_lost_senior_card_is_answered_by_its_entry(ask: Ask) -> None:
    r = ask("지하철 공짜로 타는 카드 그거 잃어버렸는데 다시 맹글라믄 우째 하노")
    assert r.entry_id == "senior-transit-contact", r


@pytest.mark.parametrize(("text", "tail"), [
    ("딸이 다음 주에 온다 해서 가슴이 설레 죽겄어 딸이랑 기차 타면 나는 할인 되나",
     "딸이랑 기차 타면 나는 할인 되나"),
    ("새끼발가락이 아파서 걸을 때마다 힘든데 보건소에서 봐 주나",
     None),  # 때마다 ends no sentence
])
def test_a_question_after_a_sentence_told(text: str, tail: str | None) -> None:
    parts = _told_then_asked(text)
    assert (parts[-1] if len(parts) == 2 else None) == tail


def test_a_train_fare_after_a_story_is_answered(ask: Ask) -> None:
    r = ask("손자가 제대한다 해서 마음이 들떠 죽겄어 손자 보러 기차 타믄 노인 할인 되는가")
    assert r.intent == Intent.ANSWER and r.entry_id == "senior-discount-rail", r


def test_a_birth_year_and_the_basic_pension(ask: Ask) -> None:
    r = ask("나는 갑오년 생이여 올해 기초연금 나오나")
    assert "1954년" in r.text and "만 72세" in r.text and "1355" in r.text, r


@pytest.mark.parametrize(("text", "entry"), [
    ("은행에서 주소 옮긴 거 다 나오는 종이를 떼 오라는데 그게 뭐요", ("f-abstract-address-history", "resident-copy")),
    ("은행에서 가족 다 나오는 그 서류를 가져오라 카는데 그기 뭐꼬", ("family-cert",)),
])
def test_a_paper_a_bank_asks_for_is_no_scam(ask: Ask, text: str, entry: tuple[str, ...]) -> None:
    r = ask(text)
    assert r.intent == Intent.ANSWER and (r.entry_id or "").startswith(entry), r


def test_a_bank_asking_for_a_password_is_still_a_scam(ask: Ask) -> None:
    assert ask("은행이라면서 전화 와서 통장 비밀번호를 알려 달라 카던데").intent in (Intent.PHISHING, Intent.URGENT)


def test_a_sum_paid_out_short_asks_which_money_then_answers(engine: DialogueEngine) -> None:
    conversation = engine.conversation()
    first = conversation.reply("통장에 들어온 돈이 이십만 원밖에 안 돼요 원래 삼십만 원 나왔는데")
    second = conversation.reply("기초연금이요")
    assert first.intent == Intent.CLARIFY and "어떤 돈" in first.text, first
    assert second.intent == Intent.ANSWER and (second.entry_id or "").startswith(("f-basic-pension", "basic-pension",
                                                                                  "i-basic-pension")), second


@pytest.mark.parametrize("text", ["지매 검사 공짜로 하는 데가 있다던데 어디예요", "치매 검사 무료로 해 주는 데 어데 있노"])
def test_a_free_dementia_test_is_the_dementia_centre(ask: Ask, text: str) -> None:
    r = ask(text)
    assert (r.entry_id or "").startswith(("dementia-center", "dementia-screening")), r


def test_wind_at_sea_asked_gets_the_forecast_line(ask: Ask) -> None:
    r = ask("내일 바다에 나가도 될랑가 바람이 쎄게 분다 카던데")
    assert "131" in r.text, r


def test_siblings_fighting_over_land_is_the_legal_line(ask: Ask) -> None:
    r = ask("아버지 돌아가시고 땅 때문에 형제끼리 싸움이 났는데 누가 옳은지 좀 봐 주소")
    assert "132" in r.text, r
