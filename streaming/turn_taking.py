"""Does a (speculative) transcript read as a finished Korean utterance?

Seniors pause mid-sentence and use fillers. After a short pause the session transcribes what was
said so far; a sentence that ends like a question or request ends the turn after a short silence,
while a trailing filler or connective ending (어…, 그러니까, -는데, -하고) waits much longer.
"""

from __future__ import annotations

import re
from enum import StrEnum

from streaming.hangul import edit_distance, spell_jamo


class Completeness(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    UNSURE = "unsure"


_FILLERS = ("어", "음", "으음", "저", "저기", "저기요", "그", "그러니까", "그니까", "그래서", "근데", "그런데", "뭐냐", "뭐더라", "아", "에")
_CONNECTIVE_ENDINGS = (
    "는데", "은데", "인데", "ㄴ데", "고", "하고", "랑", "이랑", "서", "해서", "니까", "면", "으면", "하면",
    "거나", "든지", "지만", "는", "은", "를", "을", "이", "가", "의", "도", "에", "에서", "한테", "로", "으로",
)
_FINAL_ENDINGS = (
    "요", "까", "죠", "니다", "나", "니", "래", "냐", "노", "고요", "어", "아", "지", "다", "네", "세요", "주세요",
    "할까", "나요", "가요", "데요", "유", "당가",
)
_TRAIL = re.compile(r"[\s.,!~…·\-]+$")
_NON_HANGUL = re.compile(r"[^가-힣]+")

#: Closing formulas: a whole utterance that is one of these is finished, whatever its pitch does
#: (a greeting or thanks falls in pitch, so without this a mis-heard one waited the "unsure" silence).
CLOSED_FORMULAS = (
    "안녕하세요", "안녕하십니까", "반갑습니다", "고맙습니다", "감사합니다", "고마워요", "수고하세요",
    "수고하셨습니다", "안녕히계세요", "안녕히가세요", "알겠습니다", "알겠어요", "잘알겠습니다",
)
#: Largest jamo edit distance, as a share of the longer jamo string, for a guess to count as a formula
#: (아, 논하세요 → 안녕하세요: 3 of 13 jamo; 도맙 습니까 → 고맙습니다: 2 of 14).
FORMULA_DISTANCE = 0.25
_SPELLED_FORMULAS = tuple(spell_jamo(f) for f in CLOSED_FORMULAS)


#: Below this mean token log-probability the recognizer is guessing (unclear audio): its closing
#: period says nothing about whether the person finished (it closes whatever it heard). Chosen as
#: −0.6 with the full Whisper vocabulary; the Korean-only vocabulary (models/whisper_vocab.py)
#: renormalizes over fewer tokens and reads ~15 % higher for the same transcript, hence −0.5.
CONFIDENT_LOGPROB = -0.5


def completeness(text: str, avg_logprob: float = 0.0) -> Completeness:
    """How finished ``text`` sounds; ``avg_logprob`` is the recognizer's confidence in it."""
    stripped = text.strip()
    if not stripped:
        return Completeness.INCOMPLETE
    if stripped.endswith(("?", "？")):
        return Completeness.COMPLETE
    if stripped.endswith(("…", "...", ",")):
        return Completeness.INCOMPLETE
    core = _TRAIL.sub("", stripped)
    if not core:
        return Completeness.INCOMPLETE
    last_word = core.split()[-1]
    if last_word in _FILLERS:
        return Completeness.INCOMPLETE
    if len(core) >= 3 and last_word.endswith(_FINAL_ENDINGS) and not last_word.endswith(("는데", "인데", "은데")):
        return Completeness.COMPLETE
    if last_word.endswith(_CONNECTIVE_ENDINGS):
        return Completeness.INCOMPLETE
    if stripped.endswith((".", "!")) and len(core) >= 4 and avg_logprob >= CONFIDENT_LOGPROB:
        return Completeness.COMPLETE  # Whisper, sure of what it heard, closes a sentence it heard as finished
    return Completeness.UNSURE


def near_closed_formula(text: str) -> bool:
    """Is ``text`` (possibly mis-heard) a closing formula such as 안녕하세요 or 고맙습니다 and nothing else?

    Compared on jamo, spacing and punctuation ignored, with a leading 아/어/네 allowed."""
    core = _NON_HANGUL.sub("", text)
    readings = [core] + ([core[1:]] if core[:1] in ("아", "어", "네", "예") else [])
    return any(_near_formula(spell_jamo(r)) for r in readings if 3 <= len(r) <= 8)


def _near_formula(spelled: str) -> bool:
    return any(edit_distance(spelled, target) <= FORMULA_DISTANCE * max(len(spelled), len(target))
               for target in _SPELLED_FORMULAS)


def end_of_turn_verdict(text: str, avg_logprob: float = 0.0, pitch_slope: float | None = None,
                        rise_threshold: float | None = None) -> Completeness:
    """:func:`completeness` of the transcript, refined by the final pitch movement
    (``streaming.prosody``, octaves per second) when ``rise_threshold`` is given.

    When the recognizer is sure of what it heard (mean log-probability at least
    :data:`CONFIDENT_LOGPROB`), the words lead: a filler or connective ending ("incomplete") always
    waits, and a rise only turns "unsure" into "complete". When it is guessing, its words say
    nothing about the turn, whatever ending the guess happens to have: a rise makes the turn
    "complete"; without one, a guess that ends like a sentence is only "unsure", so that garbage
    cannot cut off a speaker who is still thinking. The exception is a guess within a few jamo of a
    closing formula (:func:`near_closed_formula`: 안녕하세요, 고맙습니다, …): those are whole
    utterances and fall in pitch, so the pitch cannot tell, and a hesitant start does not sound like them.
    """
    verdict = completeness(text, avg_logprob)
    if rise_threshold is None or pitch_slope is None:
        return verdict
    guessing = avg_logprob < CONFIDENT_LOGPROB
    if verdict is Completeness.INCOMPLETE and not guessing:
        return verdict
    if pitch_slope >= rise_threshold or (guessing and near_closed_formula(text)):
        return Completeness.COMPLETE
    if verdict is Completeness.COMPLETE and guessing:
        return Completeness.UNSURE
    return verdict
