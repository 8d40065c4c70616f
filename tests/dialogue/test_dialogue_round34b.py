"""Regression tests for issue 18, round 34b (development on blind set 32's failures), in new words:
someone collapsed who does not answer and may not breathe gets chest compressions; Jeju's choking and
money-sent words; a rope taken with death in the words; a diabetic in a cold sweat; people forcing
their way in; a first time with how to talk asked; a scam call hung up on; company asked for; a
service named outright in a question read as out of domain; a divorced spouse's pension share."""

from __future__ import annotations

import pytest

from models.dialogue.cues import asks_to_chat, is_statement
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize("text", [
    "할배가 마루에 쓰러져 있는데 흔들어도 반응이 없고 숨소리가 안 들려예",
    "집사람이 티비 보다가 고개를 떨구더니 깨워도 안 일어나 숨을 쉬는 건지 모르겄어",
])
def test_someone_who_does_not_answer_and_may_not_breathe_gets_chest_compressions(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.URGENT and "119" in r.text and "가슴" in r.text and "누르" in r.text, r


def test_choking_said_in_jeju_words_gets_back_blows(ask: Ask) -> None:
    r = ask("하르방이 떡 먹당 목에 걸련 얼굴이 퍼렁허우다")
    assert r.intent is Intent.URGENT and "어깨뼈" in r.text, r


def test_money_sent_said_in_jeju_words_is_stopped_at_the_bank(ask: Ask) -> None:
    r = ask("은행이랜 허는 사람이 시키는 대로 삼백만 원 보내부러수다 이상허우다")
    assert r.intent is Intent.URGENT and "지급정지" in r.text, r


def test_a_rope_taken_with_death_in_the_words_is_a_crisis_of_someone_else(ask: Ask) -> None:
    r = ask("아들이 다 끝낸다 카면서 노끈을 챙겨 뒷산으로 갔어")
    assert r.intent is Intent.URGENT and "109" in r.text and "문을 열지" not in r.text, r


def test_a_rope_for_a_parcel_is_no_crisis(ask: Ask) -> None:
    assert ask("노끈 가지고 택배 상자 묶는 거 어떻게 하노").intent is not Intent.URGENT


def test_a_diabetic_in_a_cold_sweat_gets_sugar_first_unless_one_side_is_weak(ask: Ask) -> None:
    sugar = ask("당뇨 있는 할멈이 진땀을 흘리고 헛소리를 해")
    assert sugar.intent is Intent.URGENT and "저혈당" in sugar.text, sugar
    stroke = ask("당뇨 있는 할멈이 식은땀 흘리더니 한쪽 팔이 안 올라가")
    assert stroke.intent is Intent.URGENT and "뇌졸중" in stroke.text, stroke


def test_people_who_barged_in_get_the_reply_for_someone_inside(ask: Ask) -> None:
    r = ask("모르는 남자들이 집에 들이닥쳐가 돈 내놓으라고 안 나간다")
    assert r.intent is Intent.URGENT and "문을 열지" not in r.text and "112" in r.text, r


def test_a_first_time_with_how_to_talk_asked_is_told_how(ask: Ask) -> None:
    r = ask("처음 써 보는 건데 우예 말하면 되는교")
    assert r.intent is Intent.SMALL_TALK and "처음" in r.text, r


def test_a_scam_call_hung_up_on_is_praised_with_where_to_tell(ask: Ask) -> None:
    r = ask("대출 해 준다 캐서 이상하길래 바로 끊었다 잘한 기제 그런 전화 어디 신고하노")
    assert r.intent is Intent.PHISHING and "잘하셨" in r.text and "112" in r.text, r


def test_company_asked_for_gets_a_yes_not_what_the_avatar_is(ask: Ask) -> None:
    r = ask("영감 가고 나니 말할 데가 없어 그냥 이야기 좀 들어 줄랑가")
    assert r.intent is Intent.SMALL_TALK and "들어 드릴게요" in r.text, r
    assert not asks_to_chat("이제 그만 얘기해도 되겠다")


def test_a_service_named_and_asked_is_answered_whatever_it_sounds_like(ask: Ask) -> None:
    r = ask("답답해 죽겠네 기초연금 올해는 얼마씩 오른다 카던데")
    assert r.intent is Intent.ANSWER and r.entry_id is not None and "기초연금" in r.text, r


def test_a_divorced_spouses_pension_share_is_no_case_for_132(ask: Ask) -> None:
    r = ask("전 남편이랑 갈라섰는데 그 사람 국민연금 나눠 받는 게 있다며")
    assert "132" not in r.text and r.entry_id is not None, r


@pytest.mark.parametrize("text", ["동백꽃 필 때 어디 가믄 좋수과", "로또 번호 하나 찍어 주우", "어제 그 드라마 우예 끝났노 못 봤다"])
def test_jeju_questions_requests_with_juu_and_uye_are_asked_not_told(text: str) -> None:
    assert not is_statement(text)


@pytest.mark.parametrize("text", [
    "그 주말 연속극에서 시어매가 우째 됐는지 아나 내가 못 봤다",
    "어제 축구 우리나라가 이겼나 졌나",
    "노래자랑에 나온 그 가수 이름이 뭐였더라",
])
def test_what_happened_on_tv_or_in_a_game_asked_gets_a_plain_no_tv_here(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.REFER and "텔레비전" in r.text, r
    assert ask("밥솥이 완전히 죽었어 새로 사야 될랑가 수리 맡길랑가").text != r.text


def test_a_song_asked_to_be_played_is_declined_plainly(ask: Ask) -> None:
    r = ask("적적한데 트로트 한 곡 틀어 줘 봐")
    assert r.intent is Intent.REFER and "틀어 드리" in r.text, r


def test_a_recipe_is_not_sent_to_a_doctor(ask: Ask) -> None:
    r = ask("깍두기 담글 때 새우젓을 얼마나 넣어야 맛있노")
    assert "의사" not in r.text, r


def test_what_an_office_does_asked_beside_a_pain_is_sent_to_that_office(ask: Ask) -> None:
    r = ask("어깨가 쑤시는데 보건소 가믄 침 같은 거 놔 준다매")
    assert "보건소" in r.text and "의사" not in r.text, r


def test_the_catch_all_local_line_does_not_send_everyone_to_seoul(ask: Ask) -> None:
    r = ask("아이고 허리야 그건 그렇고 우리 골목 가로등이 나갔는디 어디다 말하노")
    assert "시청" in r.text and "서울이시면" in r.text, r
