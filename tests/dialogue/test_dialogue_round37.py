"""Regression tests for issue 18, round 37 (before blind set 35 is read), in new words: a matter outside the
avatar's topics that one place handles (a train's timetable, a broken washing machine, a concert ticket, a
stock, a recipe, a fortune, a tailor, a flat's price, a lottery, the gas check, thanks to firefighters, help
for the young) gets that place, not only "I can't help"; a service question beside the same words keeps the
knowledge base's answer; a fire drill announced gets the drill's entry, a fire now the emergency."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.cues import compact
from models.dialogue.outside import keyword_hits, place_for
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize(("text", "place", "says"), [
    ("부산 가는 무궁화호 막차가 몇 시에 있는지 알 수 있나", "train", "1544-7788"),
    ("동서울 터미널에서 속초 가는 고속버스 표 어디서 끊어요", "coach", "터미널"),
    ("세탁기가 갑자기 안 돌아가는데 어디다 고쳐 달라고 해야 돼", "appliance_repair", "서비스센터"),
    ("나훈아 공연 표 좀 구해 볼라카는데 어디서 파노", "show_tickets", "매표소"),
    ("아들이 펀드 하나 들라 카는데 그거 들어도 괜찮겠나", "investment", "1332"),
    ("깍두기 맛있게 담그는 법 좀 알려 주이소", "cooking", "복지관"),
    ("우리 딸이랑 사위 궁합 좀 봐 줄 수 있어요", "faith_and_fortune", "교회"),
    ("바지 기장 줄여야 되는데 수선집 어디 있는지 아나", "local_shop", "시장"),
    ("우리 동네 아파트값이 요새 얼마나 하는지 알 수 있어요", "property_prices", "공인중개사"),
    ("복권 당첨 번호 이번 주에 뭐 나왔는지 알려 줘", "lottery", "복권"),
    ("가스 정기 점검은 일 년에 몇 번 나오는 거예요", "gas_inspection", "도시가스 회사"),
    ("지난달 우리 집 불 꺼 준 소방관들한테 고맙다고 하고 싶은데 어떻게 해요", "thank_responders", "소방서"),
    ("대학 졸업한 손자가 청년 월세 지원 받을 수 있나 궁금해서요", "youth_support", "1350"),
])
def test_a_matter_one_place_handles_gets_that_place(engine: DialogueEngine, ask: Ask, text: str, place: str,
                                                     says: str) -> None:
    found = place_for(compact(text), engine.replies.places)
    assert found is not None and found.name == place, found
    r = ask(text)
    assert r.intent is Intent.REFER and says in r.text, r
    assert any(w in r.text for w in ("연금", "복지")), r  # and what the avatar is for


@pytest.mark.parametrize("text", [
    "손녀 결혼 선물로 뭐 사 주면 좋을까",  # 사 주면 is no 사주 (a fortune)
    "명절에 절에 가는 사람이 많다던데",  # told, not asked
    "티비가 고장 나서 어제 뉴스를 못 봤어",  # a broken set told of, no repair asked
    "지금 사는 집이 너무 좁아서 답답해",  # 지금사는 is no 금사
    "사망신고는 했는데 따로 또 해야 되는 게 있나",  # 따로 또 is no 로또
])
def test_words_that_only_sound_like_a_place_are_not_sent_there(engine: DialogueEngine, ask: Ask, text: str) -> None:
    found = place_for(compact(text), engine.replies.places)
    r = ask(text)
    assert found is None or r.intent is not Intent.REFER or found.text not in r.text, (found, r)


@pytest.mark.parametrize("text", [
    "케이티엑스 노인 할인 몇 프로나 해 줘요",
    "기차표 노인은 싸게 해 주는 거 맞나",
    "공연장 경로 할인 되는 데가 있나",
])
def test_a_service_asked_beside_a_places_words_keeps_the_kbs_answer(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.entry_id is not None and r.intent is Intent.ANSWER, r


def test_keyword_hits_needs_one_needed_word_and_no_excluding_word() -> None:
    assert keyword_hits("기차표어디서사요", ("기차",), ("표",)) == 1
    assert keyword_hits("기차가지나가네", ("기차",), ("표",)) == 0
    assert keyword_hits("기차표할인", ("기차",), ("표",), ("할인",)) == 0


@pytest.mark.parametrize("text", [
    "관리사무소에서 내일 소방 대피 훈련 있다는데 우리 같은 노인도 참여해야 돼요",
    "화재 대피 훈련 한다는데 계단 내려가기 힘든 노인은 어떻게 해야 돼요",
])
def test_a_fire_drill_announced_gets_the_drills_entry(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.ANSWER and r.entry_id == "fire-drill", r


@pytest.mark.parametrize("text", ["아랫집에서 불이 났는지 연기가 올라와요 어떡해", "훈련 아니고 진짜 불났어 복도에 연기가 꽉 찼어"])
def test_a_fire_now_is_still_an_emergency(ask: Ask, text: str) -> None:
    assert ask(text).intent is Intent.URGENT
