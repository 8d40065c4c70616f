"""The shape of an utterance before what it says: ``compact``, the now-words, telling or asking, noise.

Every cue matches on ``compact(text)`` (lower case, Hangul/digits/latin only, no spaces), so "가슴이 아파요"
and "가슴이아파요" read alike. The words that say something is going on as the person speaks (``_JIGEUM``,
``_NOW_WORDS``, ``_HAPPENING_NOW``) are shared by the emergency, the not-urgent and the phishing cues, so they
are defined here once. ``is_statement`` tells a story told (answered by listening) from a question or a
request; ``is_noise`` catches silence, fillers and Whisper's hallucinations before anything reads the text.
This module imports no other cue module.
"""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^가-힣ㄱ-ㅎㅏ-ㅣ0-9a-z]+")


def compact(text: str) -> str:
    return _NON_WORD.sub("", text.lower())


# Said to be going on now (방금 누가 들어왔어): never dropped for lack of other emergency words.
#: 지금, but not 지금이라도 (even now), 지금까지 (until now) or 지금은 괜찮아 (fine now)
_JIGEUM = r"지금(?!이라도|까지|와서|도늦|은괜찮|은멀쩡|은다나|은좋|은잘)"
_NOW_WORDS = _JIGEUM + r"|방금|갑자기|막쓰러"
_SAID_NOW = re.compile(_NOW_WORDS + r"|금방|현재")


def said_now(text: str) -> bool:
    return bool(_SAID_NOW.search(compact(text)))


# Going on as the person speaks (on the phone, on the way to the bank, installing the app): an event
# told of is not a story or the past, and a scam is going on now (phishing.happening_now).
_HAPPENING_NOW = re.compile(_JIGEUM + r"|가지러온|받으러온|가는길|가는중|하고있|깔고있|통화중|전화중|시키는대로|기다리래|끊지말|끊지마|밖에서기다")
# Syllables ending in ㄹ: "오를까", "할까" said mid-sentence ask ("지금 사믄 오를까 손주 용돈으로"), where
# "아프니까" and "아까" do not
_L_FINAL = "[" + "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 8) + "]"
# Question words, question and request endings (standard and dialect). Spoken Korean often drops the
# question mark and "먹었어요" is both, so this only separates telling from asking where the words show it.
_ASKING = re.compile(
    r"[?？]|뭐|뭘|뭣|무슨|무엇|어디|어데|어따|어느|을마|을매|얼[매메](?!나\s?(?:좋|이쁘|예쁘|반갑|고맙|기쁘|재미|재밌|귀엽|맛있))|우짜|" + _L_FINAL + r"까(?=\s)|언제|어떻|어때|어뗘|워뗘|워때|어떡|어찌|어째|우째|우찌|우예|어떵|왜|누가|누구|몇|얼마|참말|정말이|맞나|맞제|맞지|인가|는가"
    r"|며칠(?:이고|이노|인교|이여|이에요|이예요|인가|에요|예요|날)"  # "그기 매달 며칠이고": which day, asked
    r"|(?:나요|까요|가요|니까|ㄹ까|을까|는지|은지|인지|나유|까유|능교|는교|노|나|냐|니|가|까|래|지요|죠|당가|랑가|께라|니꺼|니꺼예|니껴)$"
    r"|줘|주세요|주이소|주라|줄래|알려|가르쳐|갈차|갈켜|갈쳐|갤차|가르켜|해봐|말해봐|추천|(?:봐|해|와)\s?주(?:소|우)(?=\s|$)|되나|됩니까|있나|없나|있어요$|없어요$|돼요$|되요$"
    # a question ending inside, then why it is asked ("기아가 이겼당가 테레비를 못 봤어")
    r"|(?:당가|랑가|능교|는교|나요|까요|습니까|니꺼|니껴|던가|을까요?|되냐|하냐|있냐|없냐)(?=\s)"
    r"|(?:는|인|은|던|ㄹ|할|될|볼|갈|올)겨$"  # Chungcheong's question "… 돈 안 받는겨", "나도 되는겨"
    r"|괜찮은거(?:여|야|가|고|요)$"  # "그 회사 거 괜찮은 거여": is it any good, asked
    r"|줄수있|(?:수있어|수있나|수있소|수있을까|수있겠나)$|겄소|겠소|도되|도돼|도괜찮|맞소|아니요$|(?<!다\s)(?<!다)아이가|카나|카대요|던데요?$|다던데|라던데|는감|나베|까예|능가"
    # asking the avatar about itself, for a song or an opinion; tomorrow's weather said flat
    r"|^(?:너는|니는|너도|니도|당신은|아가씨는|아가씨도|자네는)|불러봐|불러줘|틀어\s?(?:도|줘|주|봐|줄)(?=\s|$)|어떤|까말까|뭐가좋"
    r"|(?:내일|낼|모레|오늘|이번주|주말)(?:에|은|는)?(?:비|눈|날씨)(?!가?(?:참|너무|억수로|디게|되게|정말|진짜)?(?:좋|맑|화창|포근|따뜻|선선))"
    # a past tense asked with -나 mid-sentence (이겼나 졌나), hearsay to be confirmed (나온다매, 아니라메),
    # worth it (살 만해요), the avatar addressed (선생님은 …), is it only me (나만 그래요)
    r"|(?:었|았|였|겼|졌|했|됐|갔|왔|셨)나(?:\s|$)(?!봐|보|싶)|(?:라|다)(?:매|메|며|면서)(?:\s|$)"
    # a choice asked with 아니면 after a question's ending ("육수를 먼저 내는 거여 아니면 된장을 먼저 풀어")
    r"|(?:거여|건가|거야|거요|기가|긴가|는가|나|냐|노|니|까)\s아니면\s"
    # Jeju's question endings (좋수과, 되우꽈, 햄수꽈), and a request with 주우 / 주소 / 주이소 after a verb
    r"|(?:수과|우꽈|수꽈|쿠과|쿠가|우까)(?=\s|$)|(?:어|아|여)\s?주(?:우|소|이소|게)(?=\s|$)"
    # Jeju's requests (골아봅서 = 말해 보세요, 알려줍서)
    r"|(?:봅서|줍서|줍써|봅써)(?=\s|$)"
    # 경상도's request with 도 for 줘 ("번호 좀 찍어 도"), 충청도's "워디" and "볼만햐"
    r"|(?:어|아|여|해|러|려|쳐|줘|봐)\s도(?=\s|$)|워디|워딨|만햐(?=\s|$)"
    # "… 못 받는다는 게 맞아": a thing heard, checked
    r"|(?:게|거|기|건|것이)\s?맞아(?:요)?$"
    r"|만해요$|만한가|만할까|(?:법|방법)좀(?:요)?$|(?:있|없)(?:소|수|수꽈|우꽈)$|^(?:선생님은|선생님도|상담원은|상담원도|댁은|그쪽은|거기는)|나만그래|나만그런"
)
# "교회가 좋아요 절이 좋아요": the same last word said twice offers a choice; so does a word with a
# question's ending said twice around one word ("설탕 넣나 매실청 넣나 며느리가 물어싸서"), and two
# opposite pasts in a row ("기아가 이겼어 졌어")
_CHOICE = re.compile(r"(\S{2,})\s.+\s\1$|(\S+(?:나|냐|노|까|니|는가|은가|인가))\s\S+\s\2(?:\s|$)"
                     r"|(\S+(?:었|았|였|겼|졌|했|됐)어)\s(?!\3)(?:안\s?)?\S?(?:었|았|였|겼|졌|했|됐)어[.?!\s]*$")


# "손주가 왔어 사위도 왔어": the second said "too", news told twice over, not a choice
_ALSO = re.compile(r"\S도\s+\S+[.!\s]*$")


# A feeling that ends in 나 (생각나, 겁나, 화나): told, not asked with -나
_FEELING_NA = re.compile(r"(?:[이가]\s?)?(?:생각|기억|눈물|화|신|짜증|부아|약|겁|성|샘|진땀|식은땀)\s?나(?:네|지|데이|더라)?[.!\s]*$")


# An exclamation or insistence that only looks like a question ("얼마나 이쁜지", "끝내준다니까")
_EXCLAIMED = re.compile(r"(?:얼마나|을매나|울매나|월매나)\s?(?:이쁜|예쁜|이쁘던|예쁘던|귀여운|귀엽던|좋은|좋던|맛있는|맛있던|고마운|고맙던|반가운|반갑던"
                        r"|재밌는|재미있는|재밌던|신나던|기쁜|기쁘던|행복한|우스운|웃기던|웃긴|든든한|대견한|기특한|멋진|멋있는|시원한|따뜻한|뿌듯한)"
                        r"(?:지|던지|든지)[.!\s]*$|(?:다|라)\s?니까[.!\s]*$")


def is_statement(text: str) -> bool:
    """Telling (about the day, the family, a feeling) rather than asking or requesting."""
    t = _FEELING_NA.sub("", text.strip()).strip()
    t = _EXCLAIMED.sub("", _EXCLAIMED.sub("", t).strip()).strip()  # "… 알았다니까 얼마나 좋던지"
    return not _ASKING.search(t) and not _ASKING.search(compact(t)) and not (_CHOICE.search(t) and not _ALSO.search(t))


_ONLY_FILLERS = re.compile(r"(?:음+|어+|아+|으+|흠+|에+|엄+|엉+|저기|그+|네|예|응)*")
# Whisper's usual hallucinations on silence or noise (YouTube outros, subtitle credits).
_HALLUCINATION = re.compile(
    r"시청(?:해)?주셔서감사|구독(?:과|하고|와)?좋아요|좋아요(?:와|랑)?구독|구독(?:버튼|부탁)|알림설정|다음영상에서|다음시간에(?:만나|뵙)"
    r"|자막(?:제공|제작|by)|한국어자막|mbc뉴스|kbs뉴스|sbs뉴스|뉴스[가-힣]{2,3}입니다|thankyouforwatching|subtitlesby"
    r"|영상편집|시청자여러분"
)


def is_noise(text: str) -> bool:
    """Empty, punctuation, fillers only, no Hangul at all, or a known ASR hallucination."""
    c = compact(text)
    if not c or _ONLY_FILLERS.fullmatch(c):
        return True
    if not re.search(r"[가-힣0-9]", c):
        return True
    return bool(_HALLUCINATION.search(c))
