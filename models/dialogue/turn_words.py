"""Words and recogniser signs the turn policy reads: requests, questions, loneliness, trouble told, a
transcript heard badly."""

from __future__ import annotations

import re

from models.dialogue.bands import NO_SPEECH, UNSURE_LOGPROB
from models.dialogue.cues import compact, is_statement, said_to_avatar, tells_news
from models.understanding import Understood
from streaming.types import Transcript

#: the captions too small ("글씨가 작아", "자막 좀 크게"): the page's zoom, not the voice
TEXT_SIZE = re.compile(r"(?:글씨|글자|자막|화면에나오는글)[가-힣]{0,8}?(?:작|크게|키워|키와|안보|못읽|깨알)")
#: Something told as not working ("리모콘이 안 먹히는데 건전지 바꿔도 안 돼"): help wanted, though not asked
TROUBLE = re.compile(r"안(?:돼|되네|되노|되는|먹혀|먹히|나와|나오|켜져|켜지|열려|열리|들려|보여)|고장|망가|말을안들")
REQUEST = re.compile(r"줘|주세요|주이소|주소|주라|해라|해봐|하소|불러|다시|한번더|한번만더|잠깐|잠시|한마디로|쉽게|간단히")
WH = re.compile(r"누구|뭐|무엇|어디|어데|언제|왜|어떻게|얼마|몇")
PARDON = {"네", "예", "응", "뭐", "뭐요", "네에", "예에", "어", "에"}  # with "?": "pardon?"
ACK = {"네", "예", "응", "네네", "예예", "넵", "그래요", "그래", "좋아요"}  # without "?": "go on"
LONELY_WORDS = r"외로|적적|쓸쓸|말벗|말동무"
LONELY = re.compile(LONELY_WORDS + r"|심심|친구")
LOW_OR_LONELY = re.compile(LONELY_WORDS + r"|우울|울적|마음이(?:축|무거|가라앉|힘들|허전)|허전")
def telling(text: str) -> bool:
    """Told rather than asked of the avatar: a statement, or family news ("손녀 합격했다고 전화 와서 …
    너무 좋아가", whose dialect ending looks like a question)."""
    return is_statement(text) or tells_news(text) and not said_to_avatar(text) and not WH.search(compact(text))


def heard_badly(transcript: Transcript | None) -> bool:
    """Spoken words the recogniser was unsure of (typed text never is)."""
    return transcript is not None and (transcript.avg_logprob < UNSURE_LOGPROB or transcript.no_speech_prob > NO_SPEECH)


def misheard(transcript: Transcript | None, u: Understood) -> bool:
    """Spoken words the recogniser was unsure of and the classifier could not place: ask again
    rather than answer (or refuse) something that was never said."""
    return heard_badly(transcript) and u.intent.confidence < 0.6
