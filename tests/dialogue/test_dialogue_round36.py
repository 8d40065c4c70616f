"""Regression tests for issue 18, round 36b (development on blind set 34), in new words as well as the set's:
a neighbour beaten "자꾸" is still witnessed abuse; a smell or a pain checked and found to be nothing is no
emergency unless it is back now; dialect requests (갈차도, 봐주소) and tomorrow's weather said as 낼 are asked,
not told; time to think is waited for; the avatar praised is thanked; "내 말 들려유" beside "how does this work"
is answered yes first; a rough line asking 뭣, or for a person, gets the calm word and the answer."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine, urgent
from models.dialogue.cues import asks_if_heard, asks_wait, compliments, false_alarm, is_statement
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize("text", [
    "옆집 할머니 가 며느리 한테 자꾸 맞는 거 같은데 이런 거 어디다 말해야 돼",
    "뒷집 할아버지가 아들한테 맨날 맞는 것 같어 어디 신고해야 되나",
])
def test_a_neighbour_beaten_again_and_again_is_witnessed_abuse(engine: DialogueEngine, text: str) -> None:
    u = engine.understanding.understand(text)
    assert urgent.decide(u, None, lambda *_: False) == "urgent_abuse_witness"


@pytest.mark.parametrize("text", [
    "어제 가스 냄새 나서 가스회사 불렀는디 별거 아니었어 가스 점검은 원래 몇 달에 한 번 허는 거요",
    "지난번에 타는 냄새가 나서 소방서 불렀는데 아무것도 아니었어요 그런 거 불러도 돈 안 내죠",
])
def test_a_false_alarm_told_as_over_is_no_emergency(ask: Ask, text: str) -> None:
    assert false_alarm(text)
    assert ask(text).intent is not Intent.URGENT


@pytest.mark.parametrize("text", [
    "가스 냄새 나서 불렀는데 별거 아니래 근데 지금 또 냄새가 나",
    "가슴이 아파서 병원 갔는데 이상 없대 근데 지금 또 막 쪼여",
    "넘어져서 병원 갔는데 이상 없대 그래도 머리가 계속 어지러워",
    # "I thought it was nothing" is no false alarm: something since (development set 26, r072)
    "차에 살짝 치였는데 별거 아니라 그냥 왔어 근데 머리가 자꾸 아프고 토할 것 같아",
])
def test_found_to_be_nothing_but_back_now_is_an_emergency(ask: Ask, text: str) -> None:
    assert ask(text).intent is Intent.URGENT


@pytest.mark.parametrize("text", ["막걸리 담그는 법 좀 갈차도", "올해 내 운세 좀 봐주소", "화투 치는 법 좀 갈켜 주소"])
def test_a_dialect_request_is_asked_and_gets_a_kind_no(ask: Ask, text: str) -> None:
    assert not is_statement(text)
    r = ask(text)
    assert r.intent in (Intent.REFER, Intent.FALLBACK), r


def test_tomorrows_weather_said_as_nael_gets_the_forecast_line(ask: Ask) -> None:
    r = ask("낼 비 온다요 안 온다요 마당에 고추 널어놨는디")
    assert "131" in r.text, r


@pytest.mark.parametrize("text", ["쪼까 생각 좀 해보고 말헐게", "생각 좀 해 보고 다시 물어볼게요"])
def test_time_to_think_is_waited_for(ask: Ask, text: str) -> None:
    assert asks_wait(text)
    r = ask(text)
    assert r.intent is Intent.SMALL_TALK and "기다" in r.text, r


def test_thinking_then_asking_is_answered_not_waited_for(ask: Ask) -> None:
    r = ask("생각해보고 말할게 그거 기초연금 얼마라고")
    assert r.intent is Intent.ANSWER and "기초연금" in r.text, r


@pytest.mark.parametrize("text", ["니 참 똑똑하네 말도 이쁘게 하고", "너 참 착하다"])
def test_the_avatar_praised_is_thanked(ask: Ask, text: str) -> None:
    assert compliments(text)
    r = ask(text)
    assert "좋게 말씀해" in r.text, r


def test_a_question_after_praise_is_answered(ask: Ask) -> None:
    r = ask("너 참 똑똑하다 근데 기초연금 얼마여")
    assert r.intent is Intent.ANSWER, r


def test_heard_is_answered_yes_before_how_it_works(ask: Ask) -> None:
    assert asks_if_heard("내 말 들려유") and asks_if_heard("소리 잘 들리나") and not asks_if_heard("테레비 소리가 안 들려서")
    r = ask("아이고 이거 어떻게 하는 겨 처음 해보는디 내 말 들려유")
    assert r.text.startswith("네, 말씀 잘 들려요"), r
    assert not ask("이거 어떻게 쓰는 거예요").text.startswith("네, 말씀 잘 들려요")


@pytest.mark.parametrize(("text", "entry"), [
    ("느그 같은 거 만든 놈들 다 사기꾼이여 니도 사기꾼이제 그래서 기초연금 신청헐 때 뭣을 갖고 가야 혀", "documents"),
    ("아따 이 답답한 기계야 속 터지네 그래서 장기요양 쓰믄 얼마를 내는 거여", "copay"),
])
def test_a_rough_line_asking_in_dialect_gets_the_calm_word_and_the_answer(ask: Ask, text: str, entry: str) -> None:
    r = ask(text)
    assert r.intent is Intent.BLOCKED and r.entry_id is not None and entry in r.entry_id, r


@pytest.mark.parametrize("text", ["이런 바보 같은 게 뭘 안다고 떠드는 거래요 그냥 사람 바꿔요", "야 이 멍청한 기계야 상담원 바꿔"])
def test_a_rough_line_asking_for_a_person_gets_where_a_person_answers(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.BLOCKED and "129" in r.text, r


@pytest.mark.parametrize("text", ["가스 레인지 에 소매 에 불 이 붙었는디 팔 이 다 데어 쓰라려유", "옷에 불이 붙어서 끄긴 껐는데 손이 데어 따가워"])
def test_clothes_caught_at_the_stove_get_burn_first_aid_not_get_out(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.URGENT and "물" in r.text and "먼저 밖으로" not in r.text, r


@pytest.mark.parametrize("text", ["컥 떡 이 목 에 걸 려 숨 이", "컥 사탕이 목에 걸렸어 숨이"])
def test_choking_cut_off_mid_word_gets_choking_first_aid(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.URGENT and "기침" in r.text, r
