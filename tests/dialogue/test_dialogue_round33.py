"""Regression tests for issue 18, round 33, in new words: a short question about a thing named only
vaguely ("그 카드", "그 돈", "그 종이") is asked back (which one?) and the name said next is read with
the first question; "X 같은 거" about a thing is a question, not an insult; worries the development
sets repeated and no entry answered (a hospital stay and the basic pension, a care grade after a move,
the basic pension beside the housing benefit) are answered from the knowledge base."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.cues.phishing import cash_pickup
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize(("text", "named"), [
    ("저 카드 그거 다시 만들 수 있나", "교통카드"),
    ("그 종이 어디서 떼 주노", "등본"),
    ("나라서 주는 돈 그거 얼마나 되노", "기초연금"),
])
def test_a_vague_thing_is_asked_back_and_its_name_next_answers_the_first_question(
        engine: DialogueEngine, text: str, named: str) -> None:
    talk = engine.conversation()
    first = talk.reply(text)
    assert first.intent is Intent.CLARIFY and first.text.endswith("요.") and named[:2] in first.text, first
    second = talk.reply(f"{named}요")
    assert second.intent is Intent.ANSWER and second.entry_id is not None, second


def test_money_asked_by_its_day_gets_the_usual_days_before_which_one(ask: Ask) -> None:
    r = ask("그 돈 이번 달은 며칠에 들어오노")
    assert r.intent is Intent.CLARIFY and "25일" in r.text, r


@pytest.mark.parametrize("text", [
    "그거 참 고맙게 잘 썼어요",  # said, not asked
    "버스 공짜로 타는 그 카드는 어디서 만드노",  # the card is described: looked up
])
def test_a_vague_word_alone_does_not_make_a_question_back(ask: Ask, text: str) -> None:
    assert ask(text).intent is not Intent.CLARIFY


def test_a_vague_card_after_another_topic_is_asked_back_not_refused(engine: DialogueEngine) -> None:
    talk = engine.conversation()
    talk.reply("기초연금은 얼마 나와요")
    r = talk.reply("그라믄 그 카드는 또 나오나")
    assert r.intent is Intent.CLARIFY, r


@pytest.mark.parametrize("text", [
    "보청기 건전지 같은 것도 지원해 주나",
    "틀니 세정제 같은 거 보건소에서 주나요",
    "효도폰 같은 거 싸게 해 주는 데 있나",
])
def test_a_thing_asked_with_gateun_geo_is_not_an_insult(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is not Intent.BLOCKED and not r.blocked, r


@pytest.mark.parametrize(("text", "entry_id"), [
    ("영감이 요양병원에 반년 넘게 누워 있는디 기초연금 끊기는 건 아니제", "q-basic-pension-hospital-stay"),
    ("어머니 장기요양 등급 받으셨는데 우리 집 근처로 모셔 오면 등급 새로 받아야 돼요",
     "q-ltc-grade-after-moving"),
    ("기초연금 받는 노인도 주거급여 같이 타 먹을 수 있나", "q-basic-pension-with-housing-benefit"),
])
def test_worries_the_development_sets_repeated_are_answered(ask: Ask, text: str, entry_id: str) -> None:
    r = ask(text)
    assert r.entry_id == entry_id, r


# Round 33b: development on blind set 31's failures, tested in new words.

def test_choking_gets_the_thrusts_not_only_119(ask: Ask) -> None:
    r = ask("어머니가 찰떡 드시다가 목에 딱 걸렸는지 말을 못 하고 얼굴이 파래지네")
    assert r.intent is Intent.URGENT and "119" in r.text and "어깨뼈" in r.text and "주먹" in r.text, r


def test_a_fish_bone_that_pricks_is_not_choking(ask: Ask) -> None:
    assert "주먹" not in ask("생선 가시가 목에 걸렸는지 따끔거리는데 병원 가야 되나").text


@pytest.mark.parametrize("text", [
    "검찰청 수사관이라 카는 사람이 돈을 현금으로 찾아서 맡기라 카대 지금 집 앞으로 곧 온다고",
    "대출 직원이 기존 빚 갚을 돈을 현금으로 건네라 캐서 지금 그 사람 만나러 터미널에 나와 있어",
])
def test_cash_to_hand_to_a_stranger_now_is_the_collector_reply(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.URGENT and "건네지 마시고" in r.text, r


def test_pocket_money_for_a_son_is_no_cash_handover() -> None:
    assert not cash_pickup("아들한테 용돈 주라 캐서 내일 만나기로 했다")
    assert cash_pickup("은행 직원이라 카는 사람한테 현금 찾아서 주라 캐서 지금 만나러 나와 있다")


def test_someone_climbing_a_railing_now_is_an_emergency(ask: Ask) -> None:
    r = ask("치매 걸린 우리 할매가 창틀에 자꾸 올라갈라 캐서 내 힘으론 못 말리겄다")
    assert r.intent is Intent.URGENT and "119" in r.text, r


@pytest.mark.parametrize("text", [
    "애들한테 편지 다 써놨고 통장도 정리해서 서랍에 넣어 놨다 인자 더 할 일이 없다",
    "살 만큼 살았다 농약 한 병 사다 놨으니 아무한테도 말하지 마래이",
])
def test_affairs_settled_or_poison_bought_is_a_crisis(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.URGENT and "109" in r.text and "드셨는지" not in r.text, r


def test_pesticide_for_the_field_is_not_a_crisis(ask: Ask) -> None:
    assert ask("고추밭에 칠 농약 사다 놨다 내일 아침에 뿌릴라꼬").intent is not Intent.URGENT


def test_worry_about_dialect_is_answered_whatever_the_reading(ask: Ask) -> None:
    assert "사투리" in ask("내 말 잘 알아듣겄나 내가 사투리가 억세가꼬").text


def test_asked_to_hear_them_out_gets_time(ask: Ask) -> None:
    assert "기다리" in ask("내가 말이 느리니까 끊지 말고 끝까지 좀 들어 주소").text


@pytest.mark.parametrize("text", [
    "그 회사 주식 지금 사믄 오를까 연금 모은 걸로 쪼매 사 볼라꼬",
    "테레비 소리가 안 나오는데 우짜노 리모컨을 눌러도 안 된다",
])
def test_a_question_mid_sentence_is_declined_not_listened_to(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent in (Intent.REFER, Intent.FALLBACK), r


def test_a_rant_after_the_question_still_gets_the_answer(ask: Ask) -> None:
    r = ask("이 문디야 등본 떼는 데 수수료 얼마냐고 몇 번 묻노 귀가 먹었나")
    assert r.blocked and r.entry_id is not None, r


@pytest.mark.parametrize(("text", "place"), [
    ("모기를 밤새 때려잡았네 아이고 근데 동네 방역 소독은 구청서 해주나", "구청"),
    ("옛날에 우리 동네에 불난 거 생각하믄 아직도 떨린다 요새 화재 감지기 같은 거 달아주나", ""),
])
def test_a_service_asked_after_chat_is_not_small_talk(ask: Ask, text: str, place: str) -> None:
    r = ask(text)
    assert r.intent is not Intent.SMALL_TALK and place in r.text, r


def test_chat_told_is_still_listened_to(ask: Ask) -> None:
    assert ask("오늘 날씨 좋아가 산책 한 바퀴 하고 왔다").intent is Intent.SMALL_TALK


def test_pocket_money_for_a_son_is_not_money_lost(ask: Ask) -> None:
    assert ask("손주한테 용돈 주라 캐서 주말에 보기로 했다").intent is not Intent.URGENT


@pytest.mark.parametrize("text", [
    "수사관이라 캐서 현금을 봉투에 넣어 줘뿟는데 아무래도 속은 갑다",
    "딸이라꼬 문자가 와서 백만 원 부쳐 줬는데 딸은 모른다 카네",
])
def test_money_already_handed_over_is_still_stop_payment(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.URGENT and "112" in r.text, r


@pytest.mark.parametrize("text", [
    "지붕에 올라가가 물 새는 데 고칠라 카는데 사다리는 어디서 빌리노",
    "옥상에 올라가서 고추 말리는데 자꾸 비가 와서 속상하다",
])
def test_climbing_a_roof_for_a_chore_is_no_emergency(ask: Ask, text: str) -> None:
    assert ask(text).intent is not Intent.URGENT
