"""Regression tests for issue 18, round 34, in new words: a birth year named (by the sixty-year cycle,
in digits or in numerals) with an age asked is worked out, for the speaker, a child or a grandchild;
a first-turn "say that again" owns the gap instead of saying nothing was said."""

from __future__ import annotations

import datetime

import pytest

from models.dialogue import DialogueEngine
from models.dialogue.birth_years import age_answer, birth_year
from streaming.types import Intent
from tests.dialogue.conftest import Ask

_DAY = datetime.date(2026, 5, 1)


@pytest.mark.parametrize(("text", "year"), [
    ("내가 을유년생인데", 1945),  # oneself: 50 to 105 years back
    ("우리 손녀 을유년에 났는디", 2005),  # a grandchild: the last 40 years
    ("큰아들이 무오년생", 1978),  # a son: 15 to 70 years back
    ("나는 사십팔년생이여", 1948),
    ("손자가 일칠년에 태어났는디", None),  # "일칠" is no numeral read as a year
    ("손자가 17년생", 2017),
    ("영감이 1939년생", 1939),
    ("갑축년생", None),  # no such year: stems and branches keep step
])
def test_the_birth_year_is_placed_by_whose_birth_it_is(text: str, year: int | None) -> None:
    assert birth_year(text, 2026) == year


def test_an_age_asked_of_a_cycle_year_is_worked_out_with_the_animal() -> None:
    said = age_answer("내가 경인년 생이라 카던데 그라믄 올해 만으로 몇 살이고", _DAY)
    assert said is not None and "1950년" in said and "호랑이띠" in said and "만 76세" in said and "만 75세" in said, said


def test_a_grandchild_gets_a_school_year_when_it_is_asked() -> None:
    said = age_answer("손주가 무술년에 났는디 올해 몇 학년이나 됐을꼬", _DAY)
    assert said is not None and "2018년" in said and "초등학교 2학년" in said and "이시면" not in said, said


def test_the_seniors_age_of_65_is_said_when_a_benefit_is_named() -> None:
    over = age_answer("오십칠년생인디 나이로는 지하철 무임 되는 거 맞제 만 나이가 몇이여", _DAY)
    assert over is not None and "1957년" in over and "넘으셨어요" in over, over
    under = age_answer("나 육십사년생인데 기초연금 받을 나이 될라믄 몇 살 더 먹어야 되노 만으로 몇 살이여", _DAY)
    assert under is not None and "1964년" in under and "3년쯤 더" in under, under


@pytest.mark.parametrize("text", [
    "임진년에 왜놈들이 쳐들어왔다 카던데 그게 몇 년 전이고",  # no age asked of a birth
    "니 몇 살이고",  # no year named
    "병신년아 니는 몇 살이나 처먹었노",  # a year word called out as an insult
])
def test_no_age_is_worked_out_without_a_birth_year_and_an_age_asked(text: str) -> None:
    assert age_answer(text, _DAY) is None


def test_a_birth_year_asked_in_a_call_is_answered_not_declined_or_blocked(ask: Ask) -> None:
    r = ask("우리 외손자가 병신년에 태어났응께 인자 몇 살이나 묵었을꼬")
    assert r.intent is Intent.SMALL_TALK and "2016년" in r.text and "원숭이띠" in r.text, r


def test_a_year_word_called_out_as_an_insult_is_still_blocked(ask: Ask) -> None:
    r = ask("이 병신년아 니는 몇 살이나 처먹었노")
    assert r.intent is Intent.BLOCKED, r


@pytest.mark.parametrize("text", ["방금 그거 한 번만 더 말해 주이소 받아 적을라꼬", "뭐라꼬예 번호를 못 들었는데"])
def test_a_first_turn_say_it_again_owns_the_gap_and_offers_to_tell_it_slowly(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.REPEAT and "없어요" not in r.text and "천천히" in r.text, r


def test_a_cycle_year_of_someone_whose_generation_is_unclear_gets_both_years() -> None:
    said = age_answer("우리 조카가 경진년생이라는디 올해 몇 살이여", _DAY)
    assert said is not None and "2000년" in said and "1940년" in said and "만 26세" in said, said


def test_an_age_threshold_asked_of_a_service_is_the_services_answer_not_an_age(ask: Ask) -> None:
    r = ask("나가 육십이년생인디 국민 연금은 몇 살부터 타 묵는당가")
    assert r.intent is Intent.ANSWER and r.entry_id is not None, r


@pytest.mark.parametrize("text", [
    "이 년 전에 이사 왔는디 기초연금 주소도 바꿔야 되나",
    "영감이 칠십이년생인데 장기요양 등급 받을라믄 어데로 가노",
])
def test_a_year_counted_with_two_is_no_insult_beside_a_question(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.ANSWER and not r.blocked and r.entry_id is not None, r


def test_the_insult_the_year_count_looks_like_is_still_heard(engine: DialogueEngine) -> None:
    assert engine.filter.mild_insult("이년아 대답 좀 해라")
    assert not engine.filter.mild_insult("팔십이년생 우리 딸")


@pytest.mark.parametrize("text", [
    "카카오톡 프로필 사진 바꾸는 거 우째 하노",
    "유튜브에서 노래 크게 트는 거 어떻게 하노",
    "당근마켓에서 물건 파는 거 어찌 하는 거여",
])
def test_how_to_use_a_phone_or_an_app_is_sent_to_the_free_smartphone_classes(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.REFER and "디지털 배움터" in r.text, r


@pytest.mark.parametrize("text", [
    "카톡으로 이상한 링크가 왔는디 눌러도 되나",  # a scam's question
    "이거 어떻게 쓰는 거여",  # the avatar itself
    "폰이 물에 빠져가 안 켜지는데 우째 살리노",  # a broken phone: no class teaches that
])
def test_a_scam_the_avatar_or_a_broken_phone_is_not_sent_to_a_class(ask: Ask, text: str) -> None:
    r = ask(text)
    assert "디지털 배움터" not in r.text, r


@pytest.mark.parametrize("text", [
    "날이 추우니 손이 곱아 죽겠네 그건 그렇고 재활용 쓰레기는 무슨 요일에 내놓노",
    "어제 개미가 줄을 지어 들어와가 약 뿌려 싹 잡았다 근데 방역 소독 그런 거 구청서 해 주나",
])
def test_a_local_matter_named_where_the_kb_only_guesses_gets_the_line_that_knows(ask: Ask, text: str) -> None:
    r = ask(text)
    assert r.intent is Intent.FALLBACK and r.entry_id is None and ("번에 전화" in r.text or "물어보시면" in r.text), r
