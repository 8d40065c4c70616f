"""The rule cues must not hijack real questions: every knowledge-base question and paraphrase is a
real senior utterance, so none may trigger small talk, noise or a false emergency."""

from __future__ import annotations

import pytest

from models.dialogue.cues import is_noise, phishing_kind, urgent_kind
from models.dialogue.followup import asked_aspect, is_anaphoric, is_elliptical
from models.knowledge import default_entries


def kb_utterances() -> list[tuple[str, str]]:
    return [(e.topic, t) for e in default_entries() for t in (e.question, *e.paraphrases)]


#: Topics whose questions are about emergencies (how to escape a fire, what to do about an intruder):
#: the emergency rules may rightly fire on them.
SAFETY_TOPICS = ("화재", "가스", "침입", "낯선", "실종", "학대", "소방", "한파", "구급차", "안심차단")


def test_kb_questions_are_not_taken_for_noise_or_emergencies_by_the_rules() -> None:
    wrong = []
    for topic, text in kb_utterances():
        if any(k in topic for k in SAFETY_TOPICS):
            continue
        if is_noise(text):
            wrong.append((text, "noise"))
        kind = urgent_kind(text)
        if kind == "medical" or (kind == "crisis" and "109" not in topic):
            wrong.append((text, kind))
        if phishing_kind(text) is not None and "보이스피싱" not in topic and not _about_scams(topic, text):
            wrong.append((text, "phishing"))
        if is_elliptical(text):  # would be read as a follow-up (or asked back at the start)
            wrong.append((text, "elliptical"))
    assert wrong == []


@pytest.mark.parametrize(("text", "aspect"), [
    ("그거 어디서 신청해요?", "where_to_apply"),
    ("서류는 뭐 가져가요?", "documents"),
    ("얼마나 나와요?", "amount"),
    ("누가 받을 수 있어요?", "eligibility"),
    ("언제 신청해요?", "timing"),
    ("어떻게 신청해요?", "how_to_apply"),
    ("전화번호 알려 주세요", "contact"),
    ("그게 뭐예요?", "overview"),
    ("고마워요", None),
])
def test_asked_aspect(text: str, aspect: str | None) -> None:
    assert asked_aspect(text) == aspect


@pytest.mark.parametrize(("text", "anaphoric", "elliptical"), [
    ("그거 어디서 신청해요?", True, True),
    ("거기서 서류는 뭐가 필요해요?", True, True),
    ("신청은 어디서 해요?", False, True),
    ("서류는요?", False, True),
    ("그럼 요양원은 어디서 신청해요?", False, False),
    ("우리 남편도 돼요?", False, True),
    ("기초연금 어디서 신청해요?", False, False),
])
def test_follow_up_markers(text: str, anaphoric: bool, elliptical: bool) -> None:
    assert is_anaphoric(text) is anaphoric
    assert is_elliptical(text) is elliptical


def _about_scams(topic: str, text: str) -> bool:
    """A KB entry that warns about a scam within its own topic (본인부담상한제 refund calls)."""
    from models.knowledge import default_entries

    return any(e.topic == topic and text in (e.question, *e.paraphrases) and "scam" in e.id for e in default_entries())
