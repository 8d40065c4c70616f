"""Questions outside public services that share words with them are declined, not answered with the
nearest entry; service questions around an idiom or a story keep their answer (issue 18, round 14).
New wording: none of these lines is in the corpus, the KB or a blind set."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from streaming.types import Intent


@pytest.mark.parametrize("text", [
    "실손 의료 보험 하나 들어 둘라는데 어느 회사 게 괜찮노",        # a private insurer, not 건강보험
    "요새 적금 이자 높은 데가 어디여",                              # bank interest, not 보험료 조정
    "우리 영감 타던 승용차 중고로 팔믄 얼마나 쳐 줄랑가",            # a used car's price, not a call centre
    "초하룻날 절에 등 하나 다는 데 얼마씩 하노",                     # a temple's lantern, not 보험료
    "암보험 하나 더 들까 싶은데 어느 보험사 상품이 나은교",
])
def test_outside_questions_with_service_words_are_declined(engine: DialogueEngine, text: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is Intent.REFER and r.entry_id is None, (text, r)
    assert engine.understanding.out_of_scope(engine.understanding.normalize(text)) >= 0.5, text


@pytest.mark.parametrize(("text", "words"), [
    ("손주 재롱에 웃겨 죽겠는데 틀니는 몇 살부터 보험 돼요", "틀니"),
    ("우리 고양이가 새끼를 낳았는데 동물 등록은 어디서 해요", "동물등록"),
    ("주민등록등본 한 통 떼려면 어디로 가요", "등본"),
])
def test_service_questions_keep_their_answer(engine: DialogueEngine, text: str, words: str) -> None:
    r = engine.conversation().reply(text)
    assert r.intent is Intent.ANSWER and words in r.text.replace(" ", ""), (text, r)
