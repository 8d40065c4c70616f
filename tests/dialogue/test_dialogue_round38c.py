"""Regression tests for issue 18, round 38c (development on blind set 36), in new words: the national
pension's starting age worked out from a birth year; 회비 asks the cost and 아무나 who may come;
"… 게 맞아" checks a thing heard; up to three points of one service in one breath; grief with a
counsellor asked for is counselling."""

from __future__ import annotations

import datetime

import pytest

from models.dialogue.birth_years import age_answer, pension_age
from models.dialogue.cues import is_statement
from models.dialogue.points import asked_points
from tests.dialogue.conftest import Ask


@pytest.mark.parametrize(("year", "age"), [(1950, 60), (1953, 61), (1956, 61), (1957, 62), (1962, 63), (1968, 64),
                                           (1969, 65), (1975, 65)])
def test_the_national_pensions_starting_age_by_birth_year(year: int, age: int) -> None:
    assert pension_age(year) == age


def test_an_age_asked_with_the_pension_start_says_both() -> None:
    said = age_answer("나는 정유년생인데 올해 몇 살이고 연금은 몇 살부터 나오노", today=datetime.date(2026, 12, 7))
    assert said is not None and "1957년" in said and "만 62세부터" in said and "1355" in said, said
    assert "국민연금" not in (age_answer("나는 정유년생인데 올해 몇 살이고", today=datetime.date(2026, 12, 7)) or "")


@pytest.mark.parametrize(("text", "points"), [
    ("복지관 노래 교실 회비는 얼마 해요", [("amount",)]),
    ("거기는 아무나 다녀도 되는교", [("eligibility",)]),
])
def test_fees_and_anyone_name_their_points(text: str, points: list[tuple[str, ...]]) -> None:
    assert asked_points(text) == points


def test_a_thing_heard_checked_with_맞아_asks() -> None:
    assert not is_statement("자식이 있으면 기초연금 못 받는다는 게 맞아")
    assert is_statement("맞아 맞아 나도 그래 생각했어")


def test_three_points_of_one_service_in_one_breath(ask: Ask) -> None:
    r = ask("노인 일자리 나도 할 수 있는교 한 달에 얼마 받노 신청은 언제 해요")
    assert r.entry_id is not None and r.entry_id.startswith("senior-jobs"), r
    assert "만 65세" in r.text and "원" in r.text and "모집" in r.text, r


def test_grief_with_a_counsellor_asked_is_counselling(ask: Ask) -> None:
    r = ask("영감 먼저 가고 나서 잠도 못 자고 그러는데 노인들 상담해 주는 데 있습니까")
    assert r.entry_id is not None and "상담" in r.text and "109" not in r.text[:20], r
