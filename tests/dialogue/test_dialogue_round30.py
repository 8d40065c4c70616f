"""Regression tests for issue 18, round 30 (causes read on sets 26 and 27, tested in new words):
a scam loss weeks past or already reported, asked about now, gets how the money may come back, not the
"happening now" script; what a word that sounds rude means (시발점, 개이득, 병신년) is explained; flirting
demanded of the avatar gets a boundary."""

from __future__ import annotations

import pytest

from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize("text", [
    "석 달 전에 딸이라 캐서 문자 온 거에 돈을 오십만 원 부쳐 뿟는데 그 돈 돌려받을 길은 없나",
    "작년 가을에 검찰청이라고 전화 와서 통장 돈을 옮겼거든요 경찰서에 신고는 해 뒀는데 돈은 찾을 수 있어요",
])
def test_a_scam_loss_weeks_past_gets_how_money_comes_back(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is not Intent.URGENT and "피해구제" in r.text, r


def test_money_sent_a_minute_ago_still_gets_stop_payment_now(ask: Ask) -> None:
    r = ask("아까 손자라고 문자가 와서 돈을 이백만 원 보냈어요 이거 사기 같아요")
    assert r.intent is Intent.URGENT and "지급정지" in r.text and "112" in r.text, r


@pytest.mark.parametrize(("text", "word"), [
    ("손녀가 받아쓰기하다 시발점이 욕이냐고 묻던데 뭐라 캐 줘야 되노", "출발"),
    ("테레비에서 젊은 애들이 개이득 개이득 카던데 그기 무슨 뜻이고", "이득"),
    ("우리 막내가 병신년 생인디 그거 욕 아이가 뭔 말이여", "1956"),
])
def test_what_a_rude_sounding_word_means_is_explained(ask: Ask, text: str, word: str) -> None:
    r = ask(text)
    assert r.intent is Intent.SMALL_TALK and word in r.text and not r.blocked, r


def test_a_rude_sounding_word_used_plainly_keeps_its_question(ask: Ask) -> None:
    r = ask("시발점에서 버스 타고 복지관 가면 되나요")
    assert "뜻이에요" not in r.text, r


@pytest.mark.parametrize("text", [
    "니 목소리가 너무 딱딱하다 애교 한번 떨어 봐라",
    "상담하기 전에 애교 좀 부려 보거라",
])
def test_flirting_demanded_of_the_avatar_gets_a_boundary(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.BLOCKED, r


def test_a_grandchild_charming_told_of_is_not_blocked(ask: Ask) -> None:
    r = ask("손녀가 애교를 부려서 용돈을 줬네 허허")
    assert r.intent is not Intent.BLOCKED, r


def test_two_questions_about_two_services_get_both_answers(ask: Ask) -> None:
    r = ask("틀니 건강보험은 몇 살부터 돼요 그리고 교통카드 어르신 무료는 어디서 만들어요")
    assert r.intent is Intent.ANSWER and "틀니" in r.text and ("교통" in r.text or "지하철" in r.text), r


def test_one_question_told_in_two_parts_gets_one_answer(ask: Ask) -> None:
    r = ask("기초연금 신청하려고 하는데요 그리고 신청은 어디서 해요")
    assert r.intent is Intent.ANSWER and r.text.count("기초연금") >= 1 and "틀니" not in r.text, r


def test_a_question_after_a_drama_read_as_chat_is_answered(ask: Ask) -> None:
    r = ask("어젯밤 연속극에서 시누이가 올케한테 막 퍼붓는데 아이고 속이 다 시원하더라 그나저나 노인 틀니는 몇 살부터 해 주노")
    assert r.intent is Intent.ANSWER and "틀니" in r.text, r


@pytest.mark.parametrize("text", ["그간 잘 지냈나 나 또 왔데이", "아이고 오랜만이네 잘 있었는가"])
def test_hello_again_is_a_greeting_not_a_goodbye(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.GREETING, r


def test_every_gloss_passes_the_outgoing_filter() -> None:
    """A gloss names the word it explains; the filter screens what the avatar says, so each must pass."""
    from models.dialogue.word_meanings import GLOSSES
    from models.text_filter import load_filter

    screen = load_filter()
    blocked = [gloss for _, gloss in GLOSSES if screen.check(gloss).blocked]
    assert not blocked, blocked


def test_a_later_part_that_points_back_is_no_second_service(ask: Ask) -> None:
    """Round 30b (set 28): "그리고 그거 하려면 기초연금 …" asks about the senior job named first, so the
    basic pension's general eligibility is not joined on."""
    r = ask("노인일자리 하면 돈 얼마 받아요 그리고 그거 하려면 기초연금 받는 사람이어야 돼요")
    assert r.intent is Intent.ANSWER and "노인일자리" in r.text and "하위 70퍼센트" not in r.text, r
