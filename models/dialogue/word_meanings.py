"""What a word that sounds rude means, asked by someone who heard it ("손주가 개꿀 개이득 이러는디 그거
욕이여", "시발점이 맞는 말이여").

These words share syllables with swear words, so the filter lets them through (its whitelist) and the
classifier reads the sentence as chat. A counselor would simply say what the word means and that it
is not a curse. Only words listed here get a gloss; any other word keeps the usual path.
"""

from __future__ import annotations

import re

from models.dialogue.cues import compact

#: (the word, as said or spaced by the recogniser; its meaning, said to an older person)
GLOSSES: tuple[tuple[str, str], ...] = (
    (r"시발(?:점|지)", "시발점은 '처음 출발하는 곳'이라는 뜻이에요. 출발점과 같은 뜻의 바른 말이고, 욕이 아니에요."),
    (r"시발(?:역|택시|버스)", "시발역은 기차나 버스가 처음 출발하는 역이에요. 한자로 '처음 떠난다'는 뜻이고, 욕이 아니에요."),
    (r"새끼(?:발가락|손가락)", "새끼발가락, 새끼손가락은 가장 작은 발가락과 손가락을 말해요. 작은 것을 '새끼'라고 부르는 바른 말이에요."),
    (r"병신년", "병신년은 육십갑자로 헤아린 해 이름이에요. 1956년과 2016년이 병신년이에요. 원숭이띠 해를 말하고, 욕이 아니에요."),
    (r"십팔번|18번", "십팔번은 '가장 자신 있게 부르는 노래'라는 뜻이에요. 요즘은 애창곡이라고도 해요."),
    (r"십장생", "십장생은 오래 사는 열 가지를 말해요. 해, 산, 물, 돌, 구름, 소나무, 불로초, 거북, 학, 사슴이에요."),
    (r"씨(?:를)?발라", "'씨 발라 먹다'는 과일이나 생선의 씨나 가시를 골라내고 먹는다는 뜻이에요. 욕이 아니에요."),
    (r"시바견|시바개", "시바견은 일본에서 온 작은 개 품종 이름이에요. 욕이 아니에요."),
    (r"개(?:꿀|이득|좋|웃|맛있|멋|귀엽|쩔)",
     "'개꿀', '개이득'처럼 앞에 붙는 '개'는 젊은 사람들이 '아주, 무척'이라는 뜻으로 쓰는 말이에요. 개꿀은 '아주 좋다', "
     "개이득은 '크게 이득을 봤다'는 뜻이에요. 남을 욕하는 말은 아니지만, 점잖은 말은 아니라서 어른 앞에서는 잘 안 써요."),
    (r"존맛", "'존맛'은 젊은 사람들이 '아주 맛있다'는 뜻으로 쓰는 말이에요. 점잖은 말은 아니라서 어른 앞에서는 잘 안 써요."),
    (r"킹받", "'킹받네'는 젊은 사람들 말로 '몹시 화가 난다, 열받는다'는 뜻이에요."),
)

# What it means, whether it is a curse, whether it is a proper word (asked after the word)
_ASKED = (r"[가-힣0-9]{0,24}?(?:뜻|뭐냐(?!믄|면|하면|카면|캄)|뭔지|몇년도|몇년인|몇년이|무슨말|뭔말|먼말|무신말|뭔소리|무슨소리|욕이|욕인|욕아|욕하는|나쁜말|맞는말|바른말|표준어|차이"
          r"|뭐여|뭐고|뭐야|뭐예요|뭐에요|뭐래|뭐라는|뭐꼬|뭔교|뭐라카|뭐라캐|뭐란|뭐지|뭐유|뭐시여|뭐당가|뭐랑께)")
_MEANING_ASKED = tuple((re.compile(f"(?:{word}){_ASKED}"), gloss) for word, gloss in GLOSSES)


def word_meaning(text: str) -> str | None:
    """The gloss of each listed word whose meaning (or rudeness) the text asks about, at most two; None
    when no listed word is asked about."""
    c = compact(text)
    found = [(m.start(), gloss) for pattern, gloss in _MEANING_ASKED if (m := pattern.search(c))]
    if not found:
        return None
    return " ".join(gloss for _, gloss in sorted(found)[:2])
