"""Multi-turn scripts: repeat, slower persistence, follow-ups, topic switches, blocked input."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from streaming.types import Intent


def test_repeat_says_the_last_answer_again(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    first = conv.reply("기초연금이 뭐예요?")
    assert first.intent is Intent.ANSWER
    for pardon in ("다시 말해 주세요", "뭐라고요?", "다시 한번", "잘 안 들려요", "네?"):
        again = conv.reply(pardon)
        assert again.intent is Intent.REPEAT, pardon
        assert again.entry_id == first.entry_id
        assert first.text in again.text  # "잘 안 들려요" says it again, louder and clearer


def test_repeat_before_any_answer(engine: DialogueEngine) -> None:
    reply = engine.conversation().reply("다시 말씀해 주세요")
    assert reply.intent is Intent.REPEAT and reply.entry_id is None and reply.text


@pytest.mark.parametrize("ask_slower", ["천천히 말해 주세요", "좀 천천히…", "너무 빨라요", "좀 천천히 다시 말씀해 주시겠어요?"])
def test_asking_to_slow_down_says_the_last_answer_again(engine: DialogueEngine, ask_slower: str) -> None:
    """The dialogue recognises the request and repeats; how slow is the session's (tests/streaming/test_speech_rate.py)."""
    conv = engine.conversation()
    first = conv.reply("기초연금 누가 받아요?")
    slow = conv.reply(ask_slower)
    assert slow.intent is Intent.SLOWER
    assert slow.entry_id == first.entry_id
    assert first.text in slow.text


def test_repeat_command_says_the_last_answer_without_a_sentence(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    assert conv.repeat().intent is Intent.REPEAT  # nothing said yet: a polite "nothing to repeat"
    first = conv.reply("기초연금이 뭐예요?")
    again = conv.repeat()
    assert (again.intent, again.entry_id, again.text) == (Intent.REPEAT, first.entry_id, first.text)
    # a follow-up after the repeat still knows the topic
    assert conv.reply("그거 어디서 신청해요?").entry_id == "basic-pension-where-to-apply"


def test_unknown_dialogue_options_are_refused() -> None:
    from models.dialogue import EngineOptions

    assert EngineOptions.from_dict({"k": 3, "replies": "x.toml"}).k == 3
    with pytest.raises(ValueError, match="slow_rate"):
        EngineOptions.from_dict({"slow_rate": 0.7})


FOLLOW_UPS = [
    # (first question, follow-up, expected entry of the follow-up)
    ("기초연금이 뭐예요?", "그거 어디서 신청해요?", "basic-pension-where-to-apply"),
    ("기초연금이 뭐예요?", "그럼 서류는 뭐 가져가요?", "basic-pension-documents"),
    ("기초연금이 뭐예요?", "그건 얼마나 나와요?", "basic-pension-amount"),
    ("기초연금이 뭐예요?", "신청은 어디서 해요?", "basic-pension-where-to-apply"),
    ("기초연금이 뭐예요?", "저도 해당돼요?", "basic-pension-eligibility"),
    ("기초연금이 뭐예요?", "우리 남편도 받을 수 있어요?", "basic-pension-eligibility"),
    ("노인장기요양보험이 뭐예요?", "그거 어디서 신청해요?", "ltc-where-to-apply"),
    ("노인일자리 사업이 뭐예요?", "그거 언제 신청해요?", "senior-jobs-timing"),
    # 국민연금 has no where_to_apply entry: how_to_apply answers instead
    ("국민연금은 언제부터 받아요?", "그거 어디서 신청해요?", "national-pension-how-to-apply"),
]


@pytest.mark.parametrize(("first", "follow", "expected"), FOLLOW_UPS)
def test_follow_up_resolves_against_the_last_topic(engine: DialogueEngine, first: str, follow: str,
                                                   expected: str) -> None:
    conv = engine.conversation()
    r1 = conv.reply(first)
    assert r1.intent is Intent.ANSWER
    r2 = conv.reply(follow)
    assert r2.intent is Intent.ANSWER
    assert r2.entry_id == expected, (first, follow, r2.entry_id)


def test_follow_up_after_small_talk_still_uses_the_topic(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    conv.reply("기초연금이 뭐예요?")
    conv.reply("아 그렇군요 고마워요")
    assert conv.reply("그거 어디서 신청해요?").entry_id == "basic-pension-where-to-apply"


def test_a_question_naming_a_new_topic_goes_to_that_topic(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    conv.reply("기초연금이 뭐예요?")
    r = conv.reply("그럼 장기요양보험은 어디서 신청해요?")
    assert r.intent is Intent.ANSWER
    assert engine.retriever.entries[r.entry_id].topic == "노인장기요양보험"
    # and the next follow-up is about the new topic
    assert engine.retriever.entries[conv.reply("그거 서류는 뭐가 필요해요?").entry_id].topic == "노인장기요양보험"


@pytest.mark.parametrize("text", ["그거 어디서 신청해요?", "얼마예요?", "서류는 뭐 가져가요?"])
def test_without_context_a_topicless_follow_up_asks_which_one(engine: DialogueEngine, text: str) -> None:
    reply = engine.conversation().reply(text)
    # no earlier topic: ask back instead of guessing an entry
    assert reply.entry_id is None and reply.fallback
    assert reply.text.endswith("?") or "말씀해" in reply.text


def test_blocked_input_keeps_the_conversation_going(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    conv.reply("기초연금이 뭐예요?")
    blocked = conv.reply("아 씨1발 왜 이렇게 말이 길어")
    assert blocked.intent is Intent.BLOCKED and blocked.blocked and blocked.entry_id is None
    assert "씨" not in blocked.text
    # still in the same conversation: follow-up and repeat refer to the earlier answer
    assert conv.reply("그거 어디서 신청해요?").entry_id == "basic-pension-where-to-apply"
    assert conv.reply("다시 말해 주세요").entry_id == "basic-pension-where-to-apply"


def test_blocked_replies_vary(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    texts = {conv.reply(t).text for t in ("병신", "꺼져", "닥쳐")}
    assert len(texts) >= 2


def test_fork_answers_speculatively_without_touching_the_original(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    conv.reply("기초연금이 뭐예요?")
    fork = conv.fork()
    fork.reply("천천히 말해 주세요")
    fork.reply("노인장기요양보험이 뭐예요?")
    original = conv.reply("그거 어디서 신청해요?")
    assert original.entry_id == "basic-pension-where-to-apply"
    forked = fork.reply("그거 어디서 신청해요?")
    assert forked.entry_id == "ltc-where-to-apply"


def test_clarify_then_choose(engine: DialogueEngine) -> None:
    """Unsure between close entries: a short question back, and the next words choose."""
    from models.dialogue.clarify import Offer

    conv = engine.conversation()
    entries = engine.retriever.entries
    where, documents = entries["basic-pension-where-to-apply"], entries["basic-pension-documents"]
    for answer, expected in (("응 그거요", where.id), ("아니 서류요", documents.id), ("둘 다 알려 주세요", where.id)):
        fork = conv.fork()
        fork._s.offer = Offer((where.id, documents.id), where.topic)  # as after "기초연금 신청하는 곳이요, 아니면 준비 서류요?"
        reply = fork.reply(answer)
        assert reply.intent is Intent.ANSWER and reply.entry_id == expected, (answer, reply)
    fork = conv.fork()
    fork._s.offer = Offer((where.id,), where.topic)
    assert fork.reply("아니요").intent is Intent.CLARIFY  # a plain no: asked what they meant
    fork._s.offer = Offer((where.id,), where.topic)
    assert fork.reply("장기요양 등급은 어떻게 받아요").entry_id != where.id  # a new question is a new question
