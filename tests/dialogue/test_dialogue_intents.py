"""Single utterances → intent, table-driven, on the real engine (real retriever and knowledge base)."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine
from streaming.types import Intent

SINGLE_TURN = [
    # (utterance, intent)
    ("안녕하세요", Intent.GREETING),
    ("네 안녕하세요 선생님", Intent.GREETING),
    ("여보세요?", Intent.GREETING),
    ("반가워요", Intent.GREETING),
    ("제 말 들려요?", Intent.SMALL_TALK),
    ("네", Intent.GREETING),  # a bare "네": "go on"
    ("고마워요", Intent.THANKS),
    ("고마워", Intent.THANKS),
    ("정말 감사합니다", Intent.THANKS),
    ("아이고 고맙습니다", Intent.THANKS),

    ("안녕히 계세요", Intent.GOODBYE),
    ("고마워요 안녕히 계세요", Intent.GOODBYE),
    ("수고하세요", Intent.GOODBYE),
    ("이만 끊을게요", Intent.GOODBYE),
    ("", Intent.EMPTY),
    ("...", Intent.EMPTY),
    ("   ", Intent.EMPTY),
    ("음...", Intent.EMPTY),
    ("시청해 주셔서 감사합니다.", Intent.EMPTY),
    ("구독과 좋아요 부탁드립니다", Intent.EMPTY),
    ("MBC 뉴스 이덕영입니다.", Intent.EMPTY),
    ("Thank you.", Intent.EMPTY),
    ("가슴이 아파요", Intent.URGENT),
    ("남편이 쓰러졌어요", Intent.URGENT),
    ("숨이 차요", Intent.URGENT),
    ("숨을 못 쉬어요", Intent.URGENT),
    ("119 좀 불러 주세요", Intent.URGENT),
    ("갑자기 한쪽 팔에 힘이 없어요", Intent.URGENT),
    ("죽고 싶어요", Intent.URGENT),
    ("아들이라며 돈 보내라고 문자가 왔어요", Intent.PHISHING),
    ("계좌로 이체하라고 전화가 왔어요", Intent.PHISHING),
    ("검찰이라며 돈을 안전하게 옮겨야 한대요", Intent.PHISHING),
    ("대출해 준다며 앱 깔라고 하네요", Intent.PHISHING),
    ("씨발 기초연금 언제 나와", Intent.BLOCKED),
    ("이 병신아", Intent.BLOCKED),
    ("ㅅㅂ 느려", Intent.BLOCKED),
    ("기초연금 어디서 신청해요?", Intent.ANSWER),
    ("안녕하세요, 기초연금 어디서 신청해요?", Intent.ANSWER),
]


@pytest.mark.parametrize(("text", "intent"), SINGLE_TURN)
def test_single_turn_intent(engine: DialogueEngine, text: str, intent: Intent) -> None:
    reply = engine.conversation().reply(text)
    assert reply.intent is intent, (text, reply)
    assert reply.text.strip()
    assert reply.blocked is (intent is Intent.BLOCKED)


@pytest.mark.parametrize("text", ["귀가 잘 안 들리는데 보청기 지원 받을 수 있어요?", "다시 한번 기초연금 얼마인지 말해 주세요",
                                  "천천히 걸으면 숨이 덜 차요"])
def test_questions_that_contain_control_words_are_not_commands(engine: DialogueEngine, text: str) -> None:
    """A question about hearing is not "pardon?"; asking again about a topic is not a bare repeat."""
    reply = engine.conversation().reply(text)
    # a statement about one's day ("천천히 걸으면 숨이 덜 차요") may be taken as sharing: still not a command
    assert reply.intent in (Intent.ANSWER, Intent.FALLBACK, Intent.CLARIFY, Intent.REFER, Intent.SMALL_TALK), (text, reply)
    assert reply.intent is not Intent.SMALL_TALK or reply.text in engine.replies.texts["sharing"], (text, reply)


def test_ack_and_thanks_after_an_answer(engine: DialogueEngine) -> None:
    conv = engine.conversation()
    conv.reply("기초연금 어디서 신청해요?")
    assert conv.reply("네 알겠어요").intent in (Intent.THANKS, Intent.GREETING)


def test_answer_fields(engine: DialogueEngine) -> None:
    reply = engine.conversation().reply("기초연금 어디서 신청해요?")
    assert reply.entry_id == "basic-pension-where-to-apply"
    assert reply.score >= engine.retriever.accept_threshold
    assert not reply.fallback and not reply.blocked
    assert reply.text == engine.retriever.entries[reply.entry_id].answer


def test_urgent_comes_first_even_with_swearing(engine: DialogueEngine) -> None:
    reply = engine.conversation().reply("씨발 가슴이 너무 아파요")
    assert reply.intent is Intent.URGENT
    assert "119" in reply.text


def test_crisis_gives_109_and_medical_gives_119(engine: DialogueEngine) -> None:
    assert "109" in engine.conversation().reply("살기 싫어요 죽고 싶어요").text
    assert "119" in engine.conversation().reply("할아버지가 쓰러졌어요").text


@pytest.mark.parametrize("text", [
    "돈 보내라고 전화가 왔는데 아들 목소리 같아요",
    "검찰이라며 돈을 안전계좌로 옮기래요",
    "대출해 준다며 앱 깔라고 해요",
])
def test_phishing_uses_kb_entry_with_112_and_1332(engine: DialogueEngine, text: str) -> None:
    reply = engine.conversation().reply(text)
    assert reply.intent is Intent.PHISHING
    assert "112" in reply.text and "1332" in reply.text
    assert reply.entry_id is not None and "보이스피싱" in engine.retriever.entries[reply.entry_id].topic


@pytest.mark.parametrize("text", [
    "기초연금은 통장으로 입금되나요?",  # money + account, but no pressure
    "손주한테 용돈 보내주려면 어떻게 해요?",
])
def test_money_words_without_pressure_are_not_phishing(engine: DialogueEngine, text: str) -> None:
    assert engine.conversation().reply(text).intent is not Intent.PHISHING


OUT_OF_KB = [
    "손흥민 오늘 경기 몇 시에 해요?",
    "김치찌개 맛있게 끓이는 법 알려 주세요",
    "트로트 노래 하나 틀어 주세요",
]


@pytest.mark.parametrize("text", OUT_OF_KB)
def test_out_of_domain_is_referred_with_what_the_avatar_can_help_with(engine: DialogueEngine, text: str) -> None:
    """Sports, cooking, music: not a public service. No call centre (it could not help either), but
    what the avatar can do."""
    reply = engine.conversation().reply(text)
    assert reply.intent is Intent.REFER, (text, reply)
    assert reply.fallback and reply.entry_id is None
    assert not any(n in reply.text for n in ("129", "120", "110")) and "안내" in reply.text or "알려" in reply.text


@pytest.mark.parametrize(("text", "must"), [("이 약 먹어도 돼요?", "의사"), ("이웃이랑 땅 경계 소송을 하고 싶어요", "132")])
def test_medical_and_legal_questions_are_referred_to_the_right_place(engine: DialogueEngine, text: str,
                                                                    must: str) -> None:
    reply = engine.conversation().reply(text)
    assert reply.intent is Intent.REFER and must in reply.text, (text, reply)


@pytest.mark.parametrize(("text", "number"), [
    ("치매 걸린 어머니 요양병원 비용이 궁금해요", "129"),
    ("노인 복지 혜택 뭐가 있는지 알고 싶어요", "129"),
    ("서울 지하철 엘리베이터 고장 신고요", "120"),
    ("우리 동네 쓰레기 버리는 요일이요", "120"),
    ("여권 재발급 민원이요", "110"),
    ("비트코인 사도 돼요?", "110"),
])
def test_call_centre_choice(engine: DialogueEngine, text: str, number: str) -> None:
    center = engine.call_center(text)
    # the local line names the town hall and Seoul's 120 in its name (120 answers in Seoul only)
    assert center.number == number or not center.number and number in center.name


def test_every_fixed_reply_passes_the_filter_and_is_polite(engine: DialogueEngine) -> None:
    samples = {"what": "기초연금 신청 방법을", "first": "기초연금 신청 방법이요", "second": "준비 서류요",
               "heard": "기초 연금", "name": "보건복지상담센터", "number": "129", "owner": "보건복지상담센터"}
    for template in engine.replies.all_texts():
        text = template.format(**samples)
        assert not engine.filter.check(text).blocked, text
        assert text.rstrip().endswith(("요.", "요?", "요", "세요.", "니다.", ".")), text
        assert "해라" not in text and "한다." not in text, text


def test_every_kb_answer_passes_the_filter(engine: DialogueEngine) -> None:
    flagged = [e.id for e in engine.retriever.entries.values() if engine.filter.check(e.answer).blocked]
    assert flagged == []
