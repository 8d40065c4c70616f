"""Regression tests for issue 18, round 39 (written before blind set 37 was answered): an entry about
the opposite of what the person named is not the answer (the eyes, not the ears; a nursing home, not
care at home; a death, not a move; drawing the pension early, not earning beside it; a first care
grade, not a change of one); a point asked beside another is answered by an entry filed under no
aspect when its own question asks just that (a pension's payday); "기계 어데 있는교" asks where."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models.dialogue.points import asked_points
from models.dialogue.subjects import clashes, first_without_clash
from streaming.types import Intent
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize(("said", "entry", "clash"), [
    ("눈이 침침해서 장애 등록 할라는데", "청각장애 등록은 어떻게 하나요? 청각장애 등록", True),
    ("귀가 안 들려서 장애 등록", "눈이 잘 안 보이면 시각장애로 등록할 수 있나요? 장애인 등록", True),
    ("귀도 어둡고 눈도 침침한데 장애 등록", "청각장애 등록은 어떻게 하나요? 청각장애 등록", False),  # both named
    ("장애 등록 어떻게 해요", "청각장애 등록은 어떻게 하나요? 청각장애 등록", False),  # neither named
    ("엄니 요양원 들어가면 한 달 얼마", "장기요양 등급마다 집에서 받는 서비스는 한 달에 얼마까지 쓸 수 있나요? 노인장기요양보험", True),
    ("영감 돌아가셨는데 공단에 알려야 되나", "이사하면 국민연금공단에 주소를 따로 알려야 하나요? 국민연금", True),
    ("국민연금 당겨 받으면 얼마나 줄어", "일해서 소득이 있으면 국민연금이 줄어드나요? 국민연금", True),
    ("장기요양 등급 우째 받는교", "등급을 받은 뒤 상태가 더 나빠지면 등급을 바꿀 수 있나요? 노인장기요양보험", True),
    ("어머니가 더 나빠지셨는데 등급 올릴 수 있나", "등급을 받은 뒤 상태가 더 나빠지면 등급을 바꿀 수 있나요? 노인장기요양보험", False),
    ("이사 가면 요양 등급 다시 받아야 되나", "다른 지역으로 이사하면 장기요양 등급을 다시 받아야 하나요? 노인장기요양보험", False),
])
def test_an_entry_about_the_opposite_clashes(said: str, entry: str, clash: bool) -> None:
    assert clashes(said, entry) is clash


@dataclass(frozen=True)
class _Hit:
    entry_id: str
    score: float
    rank: int = 0


_ABOUT = {
    "hearing": ("청각장애 등록은 어떻게 하나요?", "청각장애 등록"),
    "register": ("장애인 등록은 어떻게 신청하나요?", "장애인 등록"),
    "eye-surgery": ("눈 수술비 지원은 어떻게 신청하나요?", "개안수술"),
}


def test_the_nearest_entry_that_does_not_clash_takes_the_first_place_and_its_score() -> None:
    hits = [_Hit("hearing", 0.93, 1), _Hit("register", 0.91, 2), _Hit("eye-surgery", 0.85, 3)]
    out = first_without_clash("눈이 안 보여서 장애 등록 어떻게 해", hits, lambda h: _ABOUT[h.entry_id], 0.12)
    assert [h.entry_id for h in out] == ["register", "hearing", "eye-surgery"]
    assert [h.score for h in out] == [0.93, 0.91, 0.85]  # places traded, scores kept where they were
    far = [_Hit("hearing", 0.93), _Hit("register", 0.70)]
    assert first_without_clash("눈이 안 보여서 장애 등록", far, lambda h: _ABOUT[h.entry_id], 0.12) == far


@pytest.mark.parametrize(("text", "entry"), [
    ("우리 영감이 눈이 침침해서 글씨를 못 읽는데 장애인 등록 어떻게 해요", "disability"),  # low vision or how
    ("귀가 어두워서 장애 등록 할라카는데 어디 가서 하노", "hearing-disability"),
    ("엄니를 요양원에 보내면 한 달에 돈이 얼마나 들어요", "l-nursing-home-monthly-total"),
    ("국민연금 일찍 당겨 받으면 얼마나 줄어", "national-pension-early"),
    ("국민연금 타면서 일해서 돈 벌면 줄어드나", "national-pension-working-reduction"),
    ("장기요양 등급 처음 받을라면 어떻게 해", "ltc-how-to-apply"),
    ("엄마가 더 나빠지셨는데 장기요양 등급 올리려면 어떻게 해", "f-ltc-grade-change"),
])
def test_the_side_named_finds_its_entry(ask: Ask, text: str, entry: str) -> None:
    r = ask(text)
    assert r.intent == Intent.ANSWER and entry in (r.entry_id or ""), r


@pytest.mark.parametrize(("text", "entry"), [
    ("우리 영감이 눈이 침침해서 글씨를 못 읽는데 장애인 등록 어떻게 해요", "hearing-disability-registration"),
    ("엄니를 요양원에 보내면 한 달에 돈이 얼마나 들어요", "h-ltc-monthly-limit"),
    ("영감 죽고 나서 국민연금 공단에도 따로 알려야 되는교", "h-npension-address-change"),
    ("요양등급 받을라믄 우째 하능교 어무이가 혼자 못 걸어예", "f-ltc-grade-change"),
])
def test_the_opposite_side_is_not_answered(ask: Ask, text: str, entry: str) -> None:
    assert ask(text).entry_id != entry


def test_a_payday_asked_beside_a_new_account_is_answered(ask: Ask) -> None:
    r = ask("국민연금 매달 며칠에 나오노 그라고 통장 바꿀라믄 어데 가노")
    assert r.intent == Intent.ANSWER and "25일" in r.text and "통장" in r.text, r


@pytest.mark.parametrize(("text", "points"), [
    ("등본 떼는 기계 어데 있는교 돈 얼마 하노", [("where_to_apply",), ("amount",)]),
    ("경로당 어디 있어요", [("where_to_apply",)]),
    ("통장이 어디 어디 있는지 모르겠어", []),  # where things are, told: no place asked
])
def test_where_a_thing_is_asked(text: str, points: list[tuple[str, ...]]) -> None:
    assert asked_points(text) == points


def test_where_the_machine_is_and_its_fee_are_both_answered(ask: Ask) -> None:
    r = ask("등본 떼는 기계 어디 있어요 한 장에 얼마 해요")
    assert r.intent == Intent.ANSWER and "원" in r.text and "주민센터" in r.text, r


@pytest.mark.parametrize(("text", "entry"), [  # development set 36, as written
    ("눈이 점점 안 보여서 장애 등록을 하고 싶은데 그거 어떻게 하는 거야 병원 먼저 가야 돼", "disability-registration-how-to-apply"),
    ("요양원에 어매를 모실라고 그라는디 한 달에 얼마씩 들어간다요 등급은 이등급이여", "l-nursing-home-monthly-total"),
    ("국민연금을 좀 땡겨서 받을 수 있다믄서유 그러믄 을마나 깎이는 겨", "m-npension-early-age"),
    ("저 우리 어무이가 올해 아흔인데 혼자 화장실도 못 가시고 내가 모시고 있는데 허리가 다 나갔심더 그 장기 요향 등급인가 그거 우째 받는교",
     "ltc-eligibility"),
])
def test_set_36_lines_named_one_side(ask: Ask, text: str, entry: str) -> None:
    r = ask(text)
    assert r.intent == Intent.ANSWER and r.entry_id == entry, r


def test_set_36_payday_and_where_to_change_the_account(ask: Ask) -> None:
    r = ask("국민 년금 매달 며칠에 들어오는 겨 통장 바꾸면 워디다 말혀야 햐")
    assert r.entry_id == "f-npension-account-change" and "25일" in r.text, r


def test_set_36_where_the_machine_is_and_its_fee(ask: Ask) -> None:
    r = ask("주민 등굽 떼는 기계 어데 있는교 돈 얼마 하노")
    assert "200원" in r.text and "무인민원발급기" in r.text and r.text.index("주민센터에 신분증") < r.text.index("200원"), r
