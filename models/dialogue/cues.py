"""Rule-based cues of the dialogue policy: what kind of utterance is this, before retrieval.

All matching runs on ``compact(text)``: lower case, Hangul/digits/latin only, no spaces. Speech
recognition spaces Korean unpredictably (기초 연금 / 기초연금), so the rules ignore spacing.
Small talk and control phrases must make up the *whole* utterance (besides fillers): "안녕하세요,
기초연금 어디서 신청해요?" is a question, not a greeting.
"""

from __future__ import annotations

import re
from enum import StrEnum

_NON_WORD = re.compile(r"[^가-힣ㄱ-ㅎㅏ-ㅣ0-9a-z]+")


def compact(text: str) -> str:
    return _NON_WORD.sub("", text.lower())


class Control(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    REPEAT = "repeat"
    SLOWER = "slower"


# Control / small-talk phrases; the strongest wins when several occur (SLOWER over REPEAT, GOODBYE
# over THANKS over GREETING).
_POLITE_END = r"(?:주시겠어요|주실래요|주십시오|주세요|줄래요|주이소|주쇼|줘요|봐요|하세요|줘|봐|요)?"
_PHRASES: tuple[tuple[Control, str], ...] = (
    (Control.SLOWER, r"(?:쪼끔|쪼매|좀만|쫌만|조금|좀|쫌|더)*천천히(?:이야기|조금|다시|한번|얘기|말씀|좀|말)*"
                     r"(?:이야기해|말씀해|얘기해|말해|읽어|해|하)?" + _POLITE_END),
    (Control.SLOWER, r"(?:말소리가|말씀이|말이)?(?:너무|조금|좀)?빨라(?:가지고|요|서)?"
                     r"(?:잘못알아듣겠어요|알아듣기힘들어요|못알아듣겠어요|못알아듣겠네)?"),
    (Control.SLOWER, r"(?:조금|좀|더)*느리게(?:좀)?(?:이야기해|말씀해|얘기해|말해|해)?(?:줄수있어요|줄수있나요)?" + _POLITE_END),
    (Control.REPEAT, r"(?:다시한번만|다시한번|한번만더|한번더|다시)(?:만)?(?:좀)?(?:이야기해|말씀해|얘기해|말해|들려|읽어|알려|해)?"
                     + _POLITE_END),
    (Control.REPEAT, r"(?:방금|아까|지금)?뭐(?:라고|라구|라꼬|라카|랬|래)(?:하셨어요|하셨나요|하셨지요|하셨죠|했어요|했지|했나|요|예)?"),
    (Control.REPEAT, r"(?:하나도|잘|통)?(?:안|못)들려(?:요|서|유)?|(?:잘)?못들었(?:습니다|어요|네요)|(?:잘)?못알아들었(?:습니다|어요|네요)"),
    (Control.REPEAT, r"(?:목소리가|말소리가|소리가)(?:너무|좀)?작아요|(?:좀)?크게(?:좀)?(?:말씀해|말해)(?:주세요|줘요|줘)"),
    (Control.GOODBYE, r"안녕히(?:계십시오|계세요|가세요|주무세요|계시오)|잘있(?:으세요|어요|거라|어)|잘가(?:세요|요)?"
                      r"|(?:이만|그만)(?:들어갈게요|끊을게요|가볼게요|갈게요|할게요)|다음에(?:또)?(?:물어볼게요|전화할게요|올게요|봐요|뵐게요)"
                      r"|들어가세요|끊을게요|끊어요|수고(?:하십시오|많으셨어요|하셨어요|하세요|했어요)|고생(?:많으셨어요|하셨어요)|바이바이|빠이빠이"),
    (Control.THANKS, r"(?:정말|진짜|너무|참|아주)?(?:고마워(?:요|유)?|고맙(?:습니다|심더|데이|네요|구먼|구만|소|다)"
                     r"|감사(?:합니데이|합니다|드립니다|드려요|하네요|해요|혀요)|땡큐|덕분(?:이에요|입니다)|도움이(?:많이)?(?:되었어요|됐어요|됐네요))"),
    (Control.THANKS, r"(?:네|예|아|응)?(?:알겠(?:습니다|어요|네요|어)|알았(?:습니다|어요|네요|어)|그렇군요|그렇구나|그렇구먼|아하|됐어요|잘알겠어요|이해했어요)"),
    (Control.GREETING, r"안녕(?:하십니까|하셨어요|하신가요|하세요|하시오)?|반가(?:습니다|워요|워유|워)|반갑(?:습니다|네요|구먼)|여보세요|처음뵙겠습니다"
                       r"|좋은아침(?:이에요|입니다)?|계세요|(?:제|내)?(?:말|목소리|소리)?(?:이|가)?(?:잘)?(?:들려요|들리세요|들리나요|들립니까|들려)|(?:거기)?누구(?:없어요|있어요|세요)|말씀좀물을게요|뭐좀물어볼게요|물어볼게있어요"),
)
_PRIORITY = [Control.SLOWER, Control.REPEAT, Control.GOODBYE, Control.THANKS, Control.GREETING]
_PHRASE_RE = [(c, re.compile(p)) for c, p in _PHRASES]
_FILLERS = re.compile(
    r"(?:네|예|아|어|음|응|저|저기|저기요|그|정말|진짜|너무|참|많이|잘|요|그럼|이제|또|자|좀|조금|"
    r"선생님|상담사님|아가씨|총각|우리|한번|제가|내가|어르신|할머니|할아버지|그래요|그래|오늘도|오늘|아이고|에구|이고|야|거|말)*"
)


def control_intent(text: str) -> Control | None:
    """A control/small-talk intent when the utterance is nothing but such phrases and fillers."""
    rest = compact(text)
    if not rest:
        return None
    found: set[Control] = set()
    for control, pattern in _PHRASE_RE:  # every pattern needs at least one fixed word
        rest, n = pattern.subn("|", rest)
        if n:
            found.add(control)
    if not found:
        return None
    if any(_FILLERS.fullmatch(part) is None for part in rest.split("|")):
        return None
    return next(c for c in _PRIORITY if c in found)


# --- emergencies ----------------------------------------------------------------------------------
# Symptoms happening now: always urgent.
_URGENT_STRONG = re.compile(
    r"가슴이(?:너무|막|갑자기|좀|많이|꽉)?(?:아파|아프|답답|조여|쥐어짜|찢어|터질)"
    r"|심장이(?:너무|막|갑자기)?(?:아파|아프|멎|안뛰|이상|벌렁)|숨(?:이|을|쉬기가?)(?:너무|잘|좀|제대로|막|갑자기)?"
    r"(?:차|못쉬|안쉬|안쉬어|막혀|막히|가빠|가쁘|힘들|헐떡|안나와|넘어가)|숨을못|숨쉬기힘"
    r"|정신을잃|의식이없|의식을잃|피가(?:많이|안멈|멈추지|철철|계속|너무)|피를(?:토|많이)"
    r"|말이(?:어눌|안나와|꼬여)|한쪽(?:팔|다리|얼굴|몸)|마비(?:가왔|됐|돼|가와)|경련|발작|머리가깨질"
    r"|넘어져서(?:못|안)일어나|못일어나겠|죽을것같|살려(?:주세요|줘|주이소)"
    r"|(?:119|일일구|구급차|앰뷸런스)(?:좀|를|에|에다|빨리)*(?:불러|부르|전화해|와)|쓰러(?:졌어|지셨어|졌습니다|졌다)(?:요)?$"
    r"|불이났어요$|불났어요$|불이났다$|가스(?:가)?새(?:요|는것같|고있)"
)
# Emergency words that also occur in questions about services ("쓰러지면 알려 주는 기계", "불이 났는데
# 긴급복지 받을 수 있어"): urgent unless the utterance asks about a service.
_URGENT_WEAK = re.compile(
    r"쓰러(?:졌|져|지셨|질것|지려)|기절|심장마비|뇌졸중|중풍(?:이|온|왔)|119|일일구|구급차|앰뷸런스|응급실"
    r"|불이났|불났|불이붙|연기가(?:나|많이|가득)|화재|큰일났어요"
)
_SERVICE_QUESTION = re.compile(
    r"지원|신청|받을수|받나|되나|되노|돼요|되는|급여|보험|서비스|감지기|장치|기계|호출기|버튼|얼마|공짜|무료|비용|등급|바우처"
    r"|어디다|어디에|어디로|연결되|연락하|번호|몇번|그다음|뭐예요|있나요|있어요|있당가"
)
_CRISIS = re.compile(r"죽고싶|(?<!혼)자살|목숨을끊|살기싫|살고싶지않|죽어버리고싶|세상을떠나고싶|삶을끝내")


def urgent_kind(text: str) -> str | None:
    """``"crisis"`` (wish to die), ``"medical"`` (119 situations) or None."""
    c = compact(text)
    if _CRISIS.search(c):
        return "crisis"
    if _URGENT_STRONG.search(c):
        return "medical"
    if _URGENT_WEAK.search(c) and not _SERVICE_QUESTION.search(c):
        return "medical"
    return None


# --- voice phishing -------------------------------------------------------------------------------
_PHISHING_PRESSURE = re.compile(
    r"(?:돈|현금|송금|이체|입금|계좌|통장|카드|비밀번호|인증번호|otp|신분증|주민등록증)[가-힣0-9]{0,12}?"
    r"(?:보내라|보내래|보내달|보내주라|보내야한대|넣으라|넣어라|넣어달|넣으래|이체하라|이체해달|이체해라|이체하래"
    r"|송금하라|송금해달|송금하래|입금하라|입금해달|입금하래|옮기라|옮겨라|옮겨달|옮기래|찾으라|찾아서|뽑아서|맡기라|맡겨라|맡겨달"
    r"|맡기래|알려달|알려주라|알려주래|불러달|불러주래|찍어서보내|사진(?:을)?보내)"
    r"|(?:검찰|검사(?:라|님|실|가전화)|경찰|수사관|금감원|금융감독원|국세청|법원|수사기관)[가-힣0-9]{0,14}?(?:돈|현금|계좌|이체|송금|안전|보호조치|통장|카드)"
    r"|대출[가-힣0-9]{0,14}?(?:앱|어플|링크|설치|깔)|(?:앱|어플)[가-힣0-9]{0,6}?(?:깔라|깔래|깔아달|설치하라|설치하래|설치해달)"
    r"|(?:폰|휴대폰|핸드폰|전화기)[가-힣0-9]{0,4}?(?:고장|깨졌|액정)[가-힣0-9]{0,20}?(?:돈|신분증|문자|카드|상품권|인증)"
    r"|상품권[가-힣0-9]{0,8}?(?:사서|사달|사라|번호)|안전계좌|원격[가-힣0-9]{0,6}?(?:앱|제어|조종)"
)
_SENT = r"(?:보냈|보내버렸|부쳤|옮겼|이체했|이체해버렸|송금했|줘버렸|넣었|찾아줬|알려줬|깔았)"
_PHISHING_VICTIM = re.compile(
    r"(?:보이스피싱|피싱|사기|이상한전화|수상한전화|사기전화)[가-힣0-9]{0,10}?(?:당했|당한것|같아요|같은데|걸려|맞아요|맞나요|인가요|일까요)"
    r"|(?:돈|현금|앱|어플|비밀번호)[가-힣0-9]{0,6}?" + _SENT + r"[가-힣0-9]{0,20}?(?:사기|이상|속|가짜|연락이안|피싱)"
    r"|(?:사기|피싱|속아서|속았)[가-힣0-9]{0,12}?" + _SENT
)


def phishing_kind(text: str) -> str | None:
    """``"pressure"`` (someone asks for money / an app), ``"victim"`` (already fell for it) or None."""
    c = compact(text)
    if _PHISHING_VICTIM.search(c):
        return "victim"
    if _PHISHING_PRESSURE.search(c):
        return "pressure"
    return None


# --- empty / noise ------------------------------------------------------------------------------
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
