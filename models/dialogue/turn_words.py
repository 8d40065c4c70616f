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
#: Asking leave to ask, and nothing asked yet ("뭐 좀 물어볼게요", "하나만 더 여쭤봐도 될까요"): "go on"
ASKING_LEAVE = re.compile(r"(?:(?:아이고|저기|저|있잖아|그라고|그리고|근데|그럼|예|네|선생님|여보세요|나|또"
                          r"|왔어|왔다|왔슈|왔어요|왔습니다|왔소|왔데이|왔구먼)(?:요)?)*"
                          r"(?:뭐|하나|한가지|한개|좀|뭘|말)*(?:만)?(?:더|또)?(?:좀)?(?:물어|여쭤|여쭈어|물)"
                          r"(?:볼게|볼께|볼란다|볼라요|볼랍니다|봅시다|보입시더|보께|보겠습니다|볼라카는데|볼라는데|볼려고|볼라고|볼라구|볼라꼬"
                          r"|봐도(?:돼|되|될))(?:게|거|께|기)?(?:있는데|있어요|있어서|있심더|있습니다|있는디)?"
                          r"(?:요|예|유|는데|는데요|습니다|까요|까|나요|나|노|니|는교|능교)?")
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
