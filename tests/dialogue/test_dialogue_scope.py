"""Questions outside public services that share words with them are declined, not answered with the
nearest entry; service questions around an idiom or a story keep their answer (issue 18, round 14).
New wording: none of these lines is in the corpus, the KB or a blind set."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from streaming.types import Intent


@pytest.mark.parametrize("text", [
    "암보험 하나 더 들까 싶은데 어느 보험사 상품이 나은교",          # a private insurer, not 건강보험
    "타던 트럭 팔면 시세가 얼마나 나올랑가",                        # a used truck's price, not 상속
    "정기적금 만기 되면 어느 은행에 다시 넣는 게 이자가 세",          # bank interest, not 기초연금 재산
    "절에 연등 하나 올리는 데 보시를 얼마나 하는교",                 # a lantern, not 등본
    "휴대폰에 화투 게임 까는 법 좀 알려 주라",                      # a game, not 모바일 신분증
])
def test_outside_questions_with_service_words_are_declined(engine: DialogueEngine, text: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent in (Intent.REFER, Intent.FALLBACK) and r.entry_id is None, (text, r)
    assert engine.understanding.out_of_scope(engine.understanding.normalize(text)) >= 0.5, text


@pytest.mark.parametrize(("text", "words"), [
    ("손주 재롱에 웃겨 죽겠는데 틀니는 몇 살부터 보험 돼요", "틀니"),
    ("우리 고양이가 새끼를 낳았는데 동물 등록은 어디서 해요", "동물등록"),
    ("주민등록등본 한 통 떼려면 어디로 가요", "등본"),
])
def test_service_questions_keep_their_answer(engine: DialogueEngine, text: str, words: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is Intent.ANSWER and words in r.text.replace(" ", ""), (text, r)
