"""Regression tests for issue 18, round 38b (development on blind set 36), in new words: breath gone in
the middle of eating is choking; a pan fire grown to the ceiling is "get out first"; a gas smell with
someone collapsed says so to 119; a service that warns "if money leaves" is asked about, not lost now;
the law asked about money a son took is 132, not 112; a slur at a group is hate; a formal greeting
that asks what to ask, and praise by comparison, are answered as such; a scam text deleted is
praised; afraid nobody would know of a fall; a thing described by what it does (지하철 공짜로 타는
카드, 시원하게 쉴 데) is looked up by its name; 을마 is looked up as 얼마; rough words and "몇 번을 묻노" leave
the service asked; a place for elections, a dream, a show's time, a lottery number and which set to
buy; a Gyeongsang request ending in 도 asks."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.cues import is_statement
from models.dialogue.first_aid import choking
from models.dialogue.rough import without_rough_frame
from models.understanding.kb_words import kb_words
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize("text", ["할머니가 인절미 잡숫다가 숨을 못 쉬세요", "영감이 고기 먹다가 말을 못 하고 얼굴이 시퍼래"])
def test_breath_gone_while_eating_is_choking(ask: Ask, text: str) -> None:
    assert choking(text)
    r = ask(text)
    assert r.intent == Intent.URGENT and "119" in r.text and "기침" in r.text, r


def test_a_meal_with_chest_pain_is_not_choking() -> None:
    assert not choking("저녁 먹다가 가슴이 조이고 숨이 차요")


def test_a_pan_fire_grown_to_the_ceiling_is_out_first(ask: Ask) -> None:
    r = ask("프라이팬 기름에 불이 붙었는데 불이 천장으로 번졌어요")
    assert r.intent == Intent.URGENT and r.text.startswith("먼저 밖으로"), r
    small = ask("튀김 하다가 냄비 기름에 불이 붙었어요")
    assert "물을 붓지" in small.text, small


def test_gas_with_someone_down_names_them_to_119(ask: Ask) -> None:
    r = ask("가스 냄새가 진동하는데 할멈이 부엌에 쓰러져 있어")
    assert r.intent == Intent.URGENT and "쓰러져" in r.text and "119" in r.text, r


@pytest.mark.parametrize("text", ["내 통장에서 큰돈이 나가면 문자로 알려 주는 거 그런 거 있습니까",
                                  "모르는 데로 돈이 빠지면 막아 주는 그런 것도 은행에 있나"])
def test_a_guard_against_money_leaving_asked_is_no_emergency(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent != Intent.URGENT, r


def test_money_a_son_took_asked_at_law_is_132(ask: Ask) -> None:
    r = ask("딸이 내 적금 깬 돈을 가져가서 안 돌려주는데 소송 걸 수 있는교")
    assert r.intent == Intent.REFER and "132" in r.text, r
    hit = ask("아들이 내 돈 뺏어 가고 때리기까지 하는데 고소할 수 있나")
    assert hit.intent == Intent.URGENT and "112" in hit.text, hit


def test_a_slur_at_a_group_is_hate(ask: Ask) -> None:
    r = ask("장애인들한테 주는 수당 그거 다 세금 낭비 아이가")
    assert r.blocked and "묶어" in r.text, r


@pytest.mark.parametrize(("text", "says"), [
    ("반갑습니다 이거 처음인데 뭘 물어보면 됩니까", "물어보시면"),
    ("아이고 참 상냥하네 우리 딸보다 낫다", "좋게 말씀해"),
])
def test_greeting_with_what_to_ask_and_praise(ask: Ask, text: str, says: str) -> None:
    r = ask(text)
    assert says in r.text, r


def test_a_scam_text_deleted_is_praised(ask: Ask) -> None:
    r = ask("아들이라고 돈 보내 달라는 카톡이 왔는데 이상해서 그냥 삭제했어 잘한 거지")
    assert "잘하셨어요" in r.text and "118" in r.text, r


def test_afraid_nobody_would_know_of_a_fall(ask: Ask) -> None:
    r = ask("혼자 있다가 넘어지면 누가 알까 싶어 걱정이여 지금은 멀쩡한데")
    assert r.entry_id is not None and r.entry_id.startswith("emergency-safety"), r


@pytest.mark.parametrize(("said", "kb"), [
    ("전철 공짜로 타는 카드 어디서 만드노", "어르신 교통카드 어디서 만드노"),
    ("더위 피해서 쉴 데 어디 있능교", "무더위쉼터 어디 있능교"),
    ("장애인 연금 을마 나오노", "장애인 연금 얼마 나오노"),
])
def test_things_described_and_dialect_words_in_the_kbs_words(said: str, kb: str) -> None:
    assert kb_words(said) == kb


def test_a_card_described_finds_the_transit_card(ask: Ask) -> None:
    r = ask("버스 공짜로 타는 그 카드 잃어버렸으면 어디 가서 다시 만드노")
    assert "교통카드" in r.text, r


def test_the_complaint_leaves_the_service_named() -> None:
    left = without_rough_frame("아까부터 몇 번을 묻노 장기요양등급 그거 어디서 받냐고",
                               names_a_service=lambda word: word.startswith("장기요양"))
    assert "장기요양등급" in left, left
    assert "귓구멍이" not in without_rough_frame("국민연금 얼마냐꼬 몇 번을 묻노 귓구멍이 막혔나",
                                             names_a_service=lambda word: word.startswith("장기요양"))
    assert without_rough_frame("기초연금 언제 들어오냐고 몇 번을 물어봐야 돼").split() == ["기초연금", "언제", "들어오냐고"]


def test_rough_words_around_a_question_get_its_answer(ask: Ask) -> None:
    r = ask("씨발 몇 번을 묻노 기초연금 얼마 나오냐고")
    assert r.blocked and r.entry_id is not None and r.entry_id.startswith("basic-pension"), r


@pytest.mark.parametrize(("text", "says"), [
    ("다음 달 선거에서 누구 뽑을지 니가 정해 줘", "정치나 선거"),
    ("어젯밤에 용꿈을 꿨는데 좋은 꿈이가", "운세"),
    ("아침 드라마 몇 시에 하는교 채널을 모르겠네", "텔레비전"),
    ("복권 번호 좀 불러 도", "복권"),
    ("홈쇼핑 안마의자 살 만한가", "물건"),
])
def test_more_matters_outside_get_their_reply(ask: Ask, text: str, says: str) -> None:
    r = ask(text)
    assert r.intent == Intent.REFER and says in r.text, r


@pytest.mark.parametrize("text", ["번호 좀 찍어 도", "그거 좀 알려 도", "워디 가믄 돼"])
def test_gyeongsang_and_chungcheong_requests_ask(text: str) -> None:
    assert not is_statement(text)


def test_a_thing_described_then_where_asked_gets_both(engine: DialogueEngine) -> None:
    r = engine.conversation().reply("쓰러지믄 알아서 119에 연락 가는 그 기계 있잖아 그거 어디다 말하면 달아 주노")
    assert r.entry_id == "emergency-safety-overview" and "신청" in r.text, r


@pytest.mark.parametrize(("text", "starts"), [
    ("국수 드시다가 쓰러지셨는데 불러도 대답이 없고 숨을 안 쉬어요", "지금 바로 119에 전화하시고 스피커폰"),
    ("저녁 먹다가 영감이 말을 못 하고 입이 한쪽으로 돌아갔어", "뇌졸중"),
])
def test_collapse_or_a_stroke_at_a_meal_is_not_choking(ask: Ask, text: str, starts: str) -> None:
    assert not choking(text)
    r = ask(text)
    assert r.intent == Intent.URGENT and r.text.startswith(starts), r
