"""Thirty scripted multi-turn conversations through ``silver-avatar ask --json --conversation -``:
follow-ups, clarify → choose, repeat, slower, louder, repair-free typed text, urgent in the middle.

Each step is (what the person says, what must be true of the reply). The whole set runs in one
``ask`` process (models load once), exactly as a client of the CLI would drive it.
"""

from __future__ import annotations

import json
import subprocess
import sys

# Checks: "intent=answer", "entry=basic-pension-where-to-apply", "has=119", "topic=기초연금",
# "not=110" (text must not contain), "rate<1" (speech_rate below 1), "same" (text equals the last answer)
SCRIPTS: list[list[tuple[str, tuple[str, ...]]]] = [
    [("기초연금이 뭐예요?", ("intent=answer", "topic=기초연금")),
     ("그거 어디서 신청해요?", ("entry=basic-pension-where-to-apply",)),
     ("서류는 뭐 가져가요?", ("entry=basic-pension-documents",))],
    [("기초 연금 어데서 신청하능교", ("intent=answer", "topic=기초연금"))],
    [("국민 년금 언제부터 나와유", ("intent=answer", "topic=국민연금"))],
    [("장기요양 등급 받으려면 어떻게 해요", ("intent=answer", "topic=노인장기요양보험")),
     ("다시 한번 말해 주세요", ("intent=repeat", "same"))],
    [("주민등록등본 어디서 떼요", ("intent=answer",)),
     ("천천히 말해 주세요", ("intent=slower", "rate<1")),
     ("고마워요", ("intent=thanks", "rate<1"))],
    [("등굽 떼려면 어데 가야 되노", ("intent=answer", "has=등본"))],
    [("가슴이 막 쪼이고 아파 죽겠어", ("intent=urgent", "has=119"))],
    [("기초연금 얼마 나와요", ("intent=answer",)),
     ("아이고 숨을 못 쉬겠어요", ("intent=urgent", "has=119")),
     ("다시 말해 주세요", ("intent=repeat",))],
    [("불이 났어요 연기가 나요", ("intent=urgent", "has=밖으로"))],
    [("우리 어머니가 치매인데 아침에 나가서 안 들어와요", ("intent=urgent", "has=112"))],
    [("누가 자꾸 문을 두드리고 안 가요", ("intent=urgent", "has=112"))],
    [("아들이라고 문자 와서 벌써 돈을 보내 버렸어요", ("intent=urgent", "has=지급정지"))],
    [("살기 싫어요 죽고 싶어요", ("intent=urgent", "has=109"))],
    [("멍청한 기계야", ("intent=blocked",)),
     ("기초연금 누가 받아요", ("intent=answer", "topic=기초연금"))],
    [("병신년 생인데 기초연금 받을 수 있어요?", ("not-intent=blocked",))],
    [("새끼발가락이 아파서 병원 가야 하는데 본인부담 얼마예요", ("not-intent=blocked",))],
    [("이 약 먹어도 돼요?", ("intent=refer", "has=의사"))],
    [("이웃이랑 땅 경계 때문에 소송하고 싶어요", ("intent=refer", "has=132"))],
    [("오늘 야구 누가 이겼어요", ("intent=refer", "not=129"))],
    [("당신 누구예요? 사람이에요?", ("intent=small_talk", "has=자동 상담원"))],
    [("잠깐만요 안경 좀 찾고요", ("intent=small_talk",))],
    [("보청기 지원 받으려면요", ("intent=answer", "topic=보청기 지원")),
     ("소리가 작아요 크게 말해 줘요", ("intent=repeat", "has=또박또박"))],
    [("치매안심센터는 뭐 하는 데예요", ("intent=answer", "topic=치매안심센터")),
     ("무슨 말인지 모르겠어요 쉽게 말해 줘요", ("intent=repeat", "has=쉽게"))],
    [("안녕하세요", ("intent=greeting",)),
     ("에너지 바우쳐 신청하고 싶어요", ("intent=answer", "topic=에너지바우처"))],
    [("어르신 교통카드 어디서 만들어요", ("intent=answer", "topic=어르신 교통카드")),
     ("그럼 노인장기요양보험은 어디서 신청해요", ("topic=노인장기요양보험",))],
    [("보이스피싱 전화 받으면 어떻게 해요", ("intent=phishing", "has=112"))],
    [("틀니 건강보험 되나요", ("intent=answer", "topic=틀니 건강보험")),
     ("얼마 내야 돼요", ("topic=틀니 건강보험",))],
    [("잘 들리나", ("intent=small_talk",)),
     ("기초연금 신청하려면 뭐 가져가요", ("intent=answer", "topic=기초연금"))],
    [("덕분에 잘 알았어요", ("intent=thanks",)),
     ("안녕히 계세요", ("intent=goodbye",))],
    [("뭐라 캤노 다시 한 번 말해 주이소", ("intent=repeat",))],
]


def _check(reply: dict, checks: tuple[str, ...], last_answer: str | None, entries: dict[str, str]) -> list[str]:
    problems = []
    for check in checks:
        key, _, value = check.partition("=")
        if check == "same":
            ok = reply["answer"] == last_answer
        elif check == "rate<1":
            ok = reply["speech_rate"] < 1.0
        elif key == "intent":
            ok = reply["intent"] == value
        elif key == "not-intent":
            ok = reply["intent"] != value
        elif key == "entry":
            ok = reply["entry_id"] == value
        elif key == "topic":
            ok = entries.get(reply["entry_id"] or "") == value
        elif key == "has":
            ok = value in reply["answer"]
        elif key == "not":
            ok = value not in reply["answer"]
        else:
            raise ValueError(check)
        if not ok:
            problems.append(check)
    return problems


def _run(engine, script) -> list[dict]:  # noqa: ANN001
    """One conversation as ``ask --json --conversation -`` holds it: one dialogue state, one speech rate."""
    from server.ask_cmd import _said, reply_to_json
    from streaming.speech_rate import SpeechRate

    conversation, rate = engine.conversation(), SpeechRate()
    return [reply_to_json(_said(conversation, rate, said)) for said, _ in script]


def test_scripted_conversations(engine) -> None:  # noqa: ANN001
    from models.knowledge import default_entries

    topics = {e.id: e.topic for e in default_entries()}
    failures = []
    for script in SCRIPTS:
        replies = _run(engine, script)
        last_answer = None
        for (said, checks), reply in zip(script, replies, strict=True):
            problems = _check(reply, checks, last_answer, topics)
            if problems:
                failures.append(f"{said!r} -> ({reply['intent']}) {reply['answer'][:60]!r}: {problems}")
            if reply["intent"] == "answer":
                last_answer = reply["answer"]
    assert not failures, "\n".join(failures)


def test_the_cli_holds_one_conversation_across_lines() -> None:
    """The same path through the real command: a follow-up, then slower, in one ``ask`` process."""
    script = SCRIPTS[0] + [("천천히 말해 주세요", ("intent=slower", "rate<1"))]
    text = "\n".join(said for said, _ in script) + "\n"
    proc = subprocess.run([sys.executable, "-m", "server", "ask", "--json", "--conversation", "-"], input=text,
                          capture_output=True, text=True, timeout=300, check=True)
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["intent"] for r in replies] == ["answer", "answer", "answer", "slower"]
    assert replies[1]["entry_id"] == "basic-pension-where-to-apply" and replies[-1]["speech_rate"] < 1
