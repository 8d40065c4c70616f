"""Regression tests for issue 18, round 23 (after blind set 22 became development), in new words: a
second point asked in dialect ("… 우째야 되노") gets its answer too; where to go is told by the "how"
entry when a topic has no "where" entry; a point of a topic named outright is answered even when a long
story ranks it low; "… 부부도 되나" asks who may get it; a choice asked between two things is a
question, not news told; a family matter asked about is referred to who listens, not "I can't help";
low mood or loneliness asked about gets free counselling or company, not the suicide line first (a wish to
die keeps it); custody and divorce are for the legal line, not a grandparent-family entry."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.cues import family_law, family_matter, is_statement, phishing_kind
from models.dialogue.points import answering_aspects, asked_points
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize(("text", "point"), [
    ("요양 등급 받게 할라믄 우째야 되는교", "how_to_apply"),
    ("그거 받을라면 어째야 돼요", "how_to_apply"),
    ("우리 부부도 되나 둘 다 칠십이 넘었는데", "eligibility"),
    ("월세 사는 사람도 받을 수 있는교", "eligibility"),
])
def test_dialect_words_name_the_point(text: str, point: str) -> None:
    assert [point] in [list(p) for p in asked_points(text)]


def test_where_to_go_may_be_told_by_how_to_apply_and_contact() -> None:
    assert answering_aspects(("where_to_apply",)) == ["where_to_apply", "contact", "how_to_apply"]
    assert answering_aspects(("amount",)) == ["amount"]


def test_a_point_asked_in_dialect_is_answered_beside_the_best_entry(engine: DialogueEngine, ask: Ask) -> None:
    how = engine.topics.entry_by("노인장기요양보험", "how_to_apply")
    assert how is not None
    reply = ask("우리 아버지가 인자 혼자 씻지도 못하시는데 장기 요양 등급 받게 할라믄 우째야 되는교")
    assert reply.intent == Intent.ANSWER
    assert how.answer.split(". ")[0] in reply.text


def test_where_is_told_by_the_how_entry_when_the_topic_has_no_where_entry(engine: DialogueEngine, ask: Ask) -> None:
    topic = engine.retriever.entries["fingerprint-preregistration-how"].topic
    assert not engine.topics.entries_by(topic, "where_to_apply")
    reply = ask("치매 있는 우리 영감 잃어버릴까 봐 지문 미리 등록해 두는 거 그거 어데 가서 하노")
    assert "경찰서" in reply.text


def test_a_named_topics_second_point_is_answered_after_a_long_story(engine: DialogueEngine, ask: Ask) -> None:
    amount = engine.topics.entry_by("노인일자리", "amount")
    assert amount is not None
    reply = ask("어제 교회 갔다 오는 길에 친구가 그라는데 학교 앞에서 아이들 건너는 거 봐주고 돈 받는다 카대 "
                "나도 노인 일자리 해 볼라 카는데 한 달에 얼마 받는 기고 어데 가서 신청하노")
    assert amount.answer.split(". ")[0] in reply.text
    assert "시니어클럽" in reply.text or "노인복지관" in reply.text


@pytest.mark.parametrize("text", [
    "어제 씨름 대회 우리 동네 총각이 이겼어 졌어",
    "김치 담글 때 새우젓 넣나 멸치젓 넣나 딸이 자꾸 물어보는데",
])
def test_a_choice_asked_is_a_question(text: str) -> None:
    assert not is_statement(text)


@pytest.mark.parametrize("text", [
    "손주가 왔어 사위도 왔어",
    "아침에 밥 먹었어 약도 먹었어",
])
def test_news_told_stays_told(text: str) -> None:
    assert is_statement(text)


def test_a_choice_outside_the_topics_is_declined_not_listened_to(ask: Ask) -> None:
    reply = ask("어제 배구 흥국생명이 이겼어 졌어")
    assert reply.intent != Intent.SMALL_TALK


@pytest.mark.parametrize("text", [
    "사위가 나를 영 무시하는 것 같은데 내가 한마디 해야 되나 그냥 있어야 되나",
    "딸이 몇 달째 연락 한 번 안 하는데 내가 먼저 해야 되나",
])
def test_a_family_matter_asked_about_is_referred_to_who_listens(ask: Ask, text: str) -> None:
    assert family_matter(text)
    reply = ask(text)
    assert reply.intent == Intent.REFER
    assert "노인복지관" in reply.text or "정신건강" in reply.text


@pytest.mark.parametrize("text", [
    "아들이 내 통장을 가져가서 안 돌려줘요 어떻게 해야 돼요",   # harm, not a family matter to talk over
    "며느리가 밥을 안 줘서 며칠째 굶었어",
])
def test_harm_by_family_is_never_the_family_referral(ask: Ask, text: str) -> None:
    assert "가족 일로" not in ask(text).text


def test_low_mood_or_loneliness_asked_about_gets_who_listens_not_the_suicide_line(ask: Ask) -> None:
    reply = ask("영감 가고 혼자 있으니 적적하고 마음이 축 처지는데 공짜로 말동무 해 주는 데 있나")
    assert "109" not in reply.text
    assert "말벗" in reply.text or "노인복지관" in reply.text or "정신건강" in reply.text


def test_a_wish_to_die_beside_low_mood_keeps_the_suicide_line(ask: Ask) -> None:
    assert "109" in ask("요새 너무 우울하고 그만 살고 싶은데 어디 얘기할 데 있나").text


def test_custody_asked_gets_the_legal_line(ask: Ask) -> None:
    reply = ask("딸 내외가 갈라서면 손자 친권은 누가 갖게 되는교")
    assert reply.entry_id is None and "132" in reply.text


def test_money_moved_as_a_caller_said_is_already_sent(ask: Ask) -> None:
    text = "아침에 은행이라꼬 전화 와서 통장이 위험하다꼬 하라는 대로 계좌 이체 해 뿟는데 찜찜하네"
    assert phishing_kind(text) == "victim"
    reply = ask(text)
    assert reply.intent is Intent.URGENT and "지급정지" in reply.text


@pytest.mark.parametrize("text", ["손주한테 용돈 보냈는데 전화를 안 받네", "딸이 하라는 대로 반찬 보냈어"])
def test_money_or_food_sent_to_family_is_not_a_scam(text: str) -> None:
    assert phishing_kind(text) != "victim"


@pytest.mark.parametrize("text", [
    "형님하고 어머니 집 가지고 다투는데 내 몫은 얼마나 되는교",
    "돌아가신 아부지 유산 때문에 동생들이랑 싸우는데 누가 맞는지 알려 줘",
])
def test_an_inheritance_fought_over_gets_the_legal_line(ask: Ask, text: str) -> None:
    assert family_law(text)
    reply = ask(text)
    assert reply.entry_id is None and "132" in reply.text


def test_a_moneylenders_interest_is_not_a_kb_answer(ask: Ask) -> None:
    assert ask("사채 쓰면 이자가 한 달에 얼마나 붙는교").entry_id is None
