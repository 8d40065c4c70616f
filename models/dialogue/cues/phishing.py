"""Voice phishing: pressure going on now, money or numbers already given away, investment scams.

``phishing_kind`` sorts a scam into pressure (someone asks for money, an app or a card: hang up, send
nothing), victim (money sent, passwords told, an ID or gift-card numbers sent: the bank's stop-payment and
112) or asked (a loss asked about beforehand or someone else's told). The other predicates choose among the
replies: a remote-control app on the phone, gift cards, an ID sent, cash to be picked up, a ransom call, a
scam going on as the person speaks, a near miss, prevention asked about, an investment promise.
"""

from __future__ import annotations

import re

from models.dialogue.cues.not_urgent import _HYPOTHETICAL, _NEAR_MISS_RE
from models.dialogue.cues.text import _HAPPENING_NOW, compact

# Someone pressing for money, numbers, an app or the screen (a caller, "the prosecutor", a loan offer).
_PHISHING_PRESSURE = re.compile(
    r"(?:돈|현금|송금|이체|입금|계좌|통장|카드|비밀번호|인증번호|otp|신분증|주민등록증)[가-힣0-9]{0,12}?"
    r"(?:보내라|보내래|보내달|보내주라|보내야한대|넣으라|넣어라|넣어달|넣으래|이체하라|이체해달|이체해라|이체하래"
    r"|송금하라|송금해달|송금하래|입금하라|입금해달|입금하래|옮기라|옮겨라|옮겨달|옮기래|찾으라|찾아서|뽑아서|맡기라|맡겨라|맡겨달"
    r"|맡기래|알려달|알려주라|알려주래|불러달|불러주래|찍어서보내|사진(?:을)?보내)"
    r"|(?:검찰|검사(?:라|님|실|가전화)|경찰|수사관|금감원|금융감독원|국세청|법원|수사기관)[가-힣0-9]{0,14}?(?:돈|현금|계좌|이체|송금|안전|보호조치|통장|카드)"
    r"|대출[가-힣0-9]{0,14}?(?:앱|어플|링크|설치|깔)|(?:앱|어플)[가-힣0-9]{0,6}?(?:깔라|깔래|깔으라|깔으래|깔아달|깔아라|설치하라|설치하래|설치해달)"
    r"|(?:폰|휴대폰|핸드폰|전화기)[가-힣0-9]{0,4}?(?:고장|깨졌|액정)[가-힣0-9]{0,20}?(?:돈|신분증|문자|카드|상품권|인증)"
    r"|상품권[가-힣0-9]{0,8}?(?:사서|사달|사라|번호)|안전계좌|원격[가-힣0-9]{0,6}?(?:앱|제어|조종)"
    r"|(?:앱|어플|프로그램)[가-힣0-9]{0,14}?(?:깔고있|설치하고있|설치중|까는중)|전화[가-힣0-9]{0,12}?시키는대로"
    r"|폰을(?:막|혼자|지가)?움직|저절로움직|혼자움직|화면이혼자|누가내폰"
    r"|현금[가-힣0-9]{0,12}?(?:전달|건네|들고나오|가지고나오|갖고나오|주라|주래|주러)"
    r"|(?:만나서|직접)[가-힣0-9]{0,8}?(?:돈|현금)[가-힣0-9]{0,6}?(?:주|건네|전달)"
    r"|(?:대출|저금리|금리)[가-힣0-9]{0,30}?(?:현금으로|만나러|만나서|직접)"
    r"|(?:가지러|받으러|찾으러|챙기러)(?:온대|온다|오기로|올거|오고있|온다캐|온다카)|납치|(?:보내래서|보내라캐서|보내라해서|보내라카|넣으래서)|선입금|수수료[가-힣0-9]{0,8}?(?:보내|입금|넣)"
    r"|화면[가-힣0-9]{0,4}?(?:보여달|보여주라|보여주래|보여줘|보여달라|공유)|깔아준다|원격으로"
)
# Money, an app or numbers already handed over: the verbs of having sent, told or installed.
_SENT = (r"(?:보냈|보내버렸|보내줬|보내드렸|보내놨|부쳤|옮겼|옮겨놨|옮겨놓았|이체했|이체해버렸|이체해놨|송금했|줘버렸|넣었|넣어놨"
         r"|찾아줬|알려줬|불러줬|깔았|갈쳐줬|가르쳐줬|가르쳐드렸|일러줬"
         # the dialects' "did it (for good)": 이체해 뿟다, 보내 부렀다, 부쳐 삤다
         r"|(?:보내|이체해|송금해|부쳐|옮겨|넣어|줘)(?:뿟|뿠|뿌렀|부렀|부러수|부럿|삐렀|삤|삐맀))")
_PHISHING_VICTIM = re.compile(
    # (a lease-deposit fraud, 전세사기, is a matter for HUG and the police, not a bank's stop-payment)
    r"(?:보이스피싱|피싱|(?<!전세)사기|이상한전화|수상한전화|사기전화)[가-힣0-9]{0,10}?(?:당했|당한것|같아요|같은데|걸려|맞아요|맞나요|인가요|일까요)"
    r"|(?:돈|현금|만원|앱|어플|비밀번호)[가-힣0-9]{0,6}?" + _SENT + r"[가-힣0-9]{0,20}?(?:사기|이상|속|가짜|연락이안|피싱|모른다|모른대|모르더|아니래|아니라카|아니라네"
    r"|잘못된|잘못한|수상|찜찜|께름)"
    # moved to a "safe account" a caller named: money gone
    + r"|안전계좌[가-힣0-9]{0,20}?" + _SENT
    # money moved as a caller said ("통장 안전하게 옮기라 캐서 시킨 대로 계좌 이체 했는데")
    + r"|(?:시킨대로|시키는대로|하라는대로|하라캐서|하라해서|하라고해서|옮기라|옮기랜|하랜)[가-힣0-9]{0,20}?(?:이체|송금|계좌|통장|돈)[가-힣0-9]{0,6}?" + _SENT
    + r"|(?:사기|피싱|속아서|속았)[가-힣0-9]{0,12}?" + _SENT
    # a fee paid ahead for a promised loan ("저금리 대출해 준다 캐서 수수료 백만 원 먼저 보냈거든")
    + r"|(?:수수료|선입금|공탁금|인지세|예치금|보증보험료|(?:대출|저금리)[가-힣0-9]{0,20}?보증금)[가-힣0-9]{0,14}?" + _SENT
    # money leaving an account now, unasked: the bank's stop-payment, not prevention advice
    + r"|(?:통장|계좌|카드|적금|예금|저금)[가-힣0-9]{0,14}?(?:빠져나가|빠져나갔|빠져나간|빼가|빼갔|인출되|출금되|결제되|결제가되|텅비)"
    # passwords or card numbers told to a caller who said they were a bank, a courier or the police
    + r"|(?:은행|직원|검찰|검사|경찰|금감원|택배|우체국|카드사|전화|공단|이라면서|라면서|이라캐서|라캐서)[가-힣0-9]{0,24}?(?:비밀번호|카드번호|인증번호|otp|보안카드|유효기간)"
    r"[가-힣0-9]{0,14}?(?:알려줬|알려드렸|불러줬|불러드렸|말해줬|보내줬|보냈|찍어줬|눌러줬)"
    # money put into an investment or a job offer that now cannot be taken out or reached
    + r"|(?:넣었|보냈|부쳤|줬는데|입금했|송금했|투자했)[가-힣0-9]{0,20}?(?:출금이안|출금도안|못빼|안빠|연락이안|연락도안|잠수|사라졌)"
    # cash handed over to a stranger who came for it or asked for it ("어떤 사람이 집에 와서 … 줘 버렸어요")
    + r"|(?:어떤사람|모르는사람|낯선사람|웬사람|누가와|직원이라는|검사라는|경찰이라는|수사관이라는|은행에서왔|라는사람|라던사람|라카는사람|라카던사람|이라카는사람)[가-힣0-9]{0,30}?"
    r"(?:현금|돈|만원|천만|백만)[가-힣0-9]{0,12}?(?:줘버렸|줘뿟|줘부렀|줘삐|줬어|줬다|줬는데|건넸|건네줬|넘겼|넘겨줬|맡겼|가져갔|가져가버렸|들고갔)"
    # cash drawn and then handed to a person met for it ("돈을 찾아가 아까 지하철역에서 어떤 남자한테 줬는데")
    r"|(?:현금|돈)(?:을|을다|도)?(?:찾아|뽑아|인출해|빼)[가-힣0-9]{0,30}?(?:사람|남자|여자|직원|아저씨|젊은이|청년)(?:한테|에게|헌테|한티)"
    r"(?:다)?(?:줘버렸|줘뿟|줘부렀|줘삐|줬|건넸|건네줬|넘겼|넘겨줬|맡겼)"
)


# A remote-control app already on the phone: the phone off, the bank stopped from another phone.
# An app installed is everyday ("카톡 깔았는데 어떻게 써요") unless someone told them to or a link did it.
_APP_INSTALLED = re.compile(r"(?:앱|어플|프로그램|원격|뭐가|뭔가|뭐시|뭘|뭐를|이상한거)[가-힣0-9]{0,12}?(?:깔았|깔아버렸|깔아줬|깔렸|깔리|설치했|설치해버렸|설치됐|설치되|설치해줬|깔고(?!싶|오라|와라|오래|가라|가래)|깔아서|설치하고(?!싶|오라)|설치해서)")
_INSTALL_PUSHED = re.compile(r"링크|깔라|깔래|깔으라|깔아라|설치하라|설치하래|설치해라|시키는대로|원격|직원|검찰|검사|경찰|수사|대출|택배|금감원"
                             r"|라캐서|라케서|라고해서|라해서|하래서|업데이트")
_PHONE_BY_ITSELF = re.compile(
    r"(?:폰|핸드폰|휴대폰|화면)[가-힣0-9]{0,6}?(?:혼자|지맘대로|지멋대로|제멋대로|저절로|지가)[가-힣]{0,2}?(?:움직|눌리|넘어가|켜지)")
# Gift-card numbers already sent: the issuer can block them, not the bank.
_GIFT_CARD_SENT = re.compile(r"(?:상품권|기프트카드|구글플레이|문상)[가-힣0-9]{0,16}?(?:보냈|보내버렸|보내줬|보내드렸|알려줬|불러줬|찍어보냈|찍어서보냈|넘겨줬)")


# An ID card's photo or number, or card numbers, already sent (no money gone yet): the cards stopped, the ID
# registered as exposed. (Passwords or OTP given: the bank's stop-payment reply is the one.)
_IDENTITY_SENT = re.compile(
    r"(?:신분증|주민등록증|주민번호|주민등록번호|운전면허증|여권|카드번호|유효기간)[가-힣0-9]{0,20}?"
    r"(?:보냈|보내버렸|보내줬|보내줐|보내드렸|알려줬|알려줐|알려버렸|불러줬|불러줐|불러뿟|찍어보냈|찍어서보냈|넘겨줬|줘버렸)"
    # card numbers and the PIN typed into a page a text message opened
    r"|(?:카드번호|계좌번호|카드비밀번호)[가-힣0-9]{0,16}?(?:넣어버렸|넣었|입력했|입력해버렸|쳐버렸|눌러버렸)")


def identity_sent(text: str) -> bool:
    c = compact(text)
    typed = re.search(r"(?:넣어버렸|넣었|입력했|입력해버렸|쳐버렸|눌러버렸)", c)
    return bool(_IDENTITY_SENT.search(c)) and (typed is not None or not re.search(
        r"비밀번호|otp|인증번호|보안카드|빠져나|이체|송금|돈을", c))


def remote_installed(text: str) -> bool:
    """A remote-control app is on the phone: one installed when a caller or a link said so, or the
    phone moving by itself."""
    c = compact(text)
    return bool(_PHONE_BY_ITSELF.search(c) or (_APP_INSTALLED.search(c) and _INSTALL_PUSHED.search(c)))


# Cash taken out to hand over to someone coming for it: a scam's collector
_COMING = r"(?:지금|벌써|막|곧)?(?:집앞|문앞|집|우리집)?(?:에|으로|까지)?[가-힣]{0,4}?(?:온다|온대|온다네|오기로|와요|오네|온다카|온다해|왔|와있|와서)"
#: money a collector comes for: cash, or "settlement" or hospital money for a relative's "accident"
_MONEY_FOR = r"(?:돈|현금|합의금|병원비|수술비|치료비|보석금)"
#: who a scam says is coming or waiting: an official, a bank's or an agency's staff
_OFFICIALS = r"직원|수사관|검사|경찰|금감원|금융감독원|검찰|은행|기관|공무원"
_CASH_PICKUP = re.compile(r"(?:" + _MONEY_FOR + r"|찾은돈|찾아놓|찾아놨|인출|합의볼돈)[가-힣0-9]{0,30}?"
                          r"(?:받으러|가지러|가질러|찾으러|수거하러)" + _COMING
                          # "… 병원비 받으러 사람 보낸다 카네", "… 가지러 저녁에 누가 온다는데": a stranger sent for the money
                          + r"|" + _MONEY_FOR + r"[가-힣0-9]{0,30}?(?:받으러|가지러|가질러)[가-힣]{0,6}?"
                          r"(?:사람|누가|누군가)(?:을|이|가)?(?:보낸|보내|온다|온대|와)"
                          # a card, a bankbook or its password collected by "an official" at the door
                          + r"|(?:" + _OFFICIALS + r")[가-힣0-9]{0,12}?(?:카드|통장|비밀번호|도장|신분증)[가-힣0-9]{0,20}?"
                          r"(?:받으러|가지러|가질러|찾으러|수거하러)" + _COMING
                          # "an official" at the door now, asking for the card to be handed over ("우체국 직원이라는
                          # 사람이 … 카드 맡기믄 새 걸로 바꿔 준다꼬 지금 문 앞에")
                          + r"|(?:직원|수사관|검사|경찰|금감원|금융감독원|검찰|은행|기관|공무원|우체국|집배원)[가-힣0-9]{0,16}?"
                          r"(?:카드|통장|비밀번호|도장|신분증)[가-힣0-9]{0,4}?(?:맡기|맡겨|넘겨|건네|내놔|달라|주라)[가-힣0-9]{0,24}?"
                          r"(?:문앞|문밖|현관|집앞|와있|서있|기다리)"
                          # "an official" coming to take the cash away ("금감원 직원이 집에 와서 현금 받아 간다고")
                          + r"|(?:직원|수사관|검사|경찰|금감원|금융감독원|검찰|기관|공무원)[가-힣0-9]{0,16}?(?:현금|돈)(?:을|를|도)?"
                          r"(?:받아가|받아간|가져가|가져간|걷어가|수거)"
                          # told to keep the cash at home, drawn, and "someone comes later"
                          + r"|(?:집에|집에다)[가-힣]{0,3}?(?:두라|놔두라|보관하라|갖고있으라|가지고있으라)[가-힣0-9]{0,40}?(?:사람|직원|수사관|누가)[가-힣]{0,4}?(?:온대|온다|오기로|온다카|온다해|올거)")


# cash to hand over to "an official" or a lender's "staff" who is coming, or whom the person is out to meet
# now ("현금 찾아서 맡기라 하더라고 … 곧 온다고", "현금으로 주라 카는데 지금 그 사람 만나러 역 앞에 나와 있다")
_CASH_HANDOVER = re.compile(r"(?:현금|(?<!용)돈)[가-힣0-9]{0,30}?(?:맡기라|맡겨라|맡기래|주라|전달하라|건네라|갖다주라|넘기라)"
                            r"[가-힣0-9]{0,40}?(?:곧온|온다고|만나러|나와있|기다리고)")
_STRANGER = re.compile(_OFFICIALS + r"|대출|모르는사람")


def cash_pickup(text: str) -> bool:
    c = compact(text)
    return bool(_CASH_PICKUP.search(c) or _CASH_HANDOVER.search(c) and _STRANGER.search(c))


def gift_card_sent(text: str) -> bool:
    return bool(_GIFT_CARD_SENT.search(compact(text)))


# Someone in touch: a caller, a text, a stranger or an app (not "비트코인 지금 해도 돼", a plan of one's own)
_IN_TOUCH = re.compile(r"불러주|불러준|(?:으|하|이)라고|하래|라캐|라카|전화|문자|카톡|톡이|톡으로|메시지|연락|사람이|사람한테|놈이|직원|검찰|검사|경찰|은행|금감원|수사|앱|어플|링크|택배|우체국|아들이라|딸이라|엄마라")


def someone_in_touch(text: str) -> bool:
    return bool(_IN_TOUCH.search(compact(text)))


def happening_now(text: str) -> bool:
    """The scam is going on as the person speaks (on the phone, on the way to the bank)."""
    return bool(_HAPPENING_NOW.search(compact(text)))


# A loss weeks or months past, or one already reported to the police or the bank, asked about now ("지난달에
# … 백만 원 보내 뿟어 … 경찰에 신고는 했는디 그 돈 찾을 수 있나"): how the money may come back (the refund
# answer), not the stop-payment script for a transfer made a minute ago.
_LOSS_WEEKS_AGO = re.compile(r"지난달|저번달|지지난달|작년|지난해|지난겨울|지난여름|지난봄|지난가을|보름전"
                             r"|(?:한|두|세|석|네|넉|몇|[0-9]+)(?:달|개월)(?:전|쯤전|정도전|됐|이나)")
_MONEY_BACK_ASKED = re.compile(r"돌려받|돌려주|되찾|다시찾|찾을수|찾을방법|찾을길|환급|돌려줄|돌려준|받을수있|받을길|받을방법|구제")
_ALREADY_REPORTED = re.compile(r"(?:신고|지급정지|정지신청)(?:는|도|를|을)?(?:했|해뒀|해놨|해놓|해부렀|해뿟|다했|이미했|하고왔)"
                               r"|경찰서?(?:에|엔)(?:는|도)?(?:갔다|다녀|댕겨|말했|알렸)")


def loss_asked_after(text: str) -> bool:
    """Money lost weeks ago and whether it comes back asked, or a loss already reported: nothing is going
    on as the person speaks, so the answer is how recovery works."""
    c = compact(text)
    # weeks past and not yet reported ("지난달에 … 빠져나간 거 같은데 어디 신고해요"): still report and stop it
    weeks_ago = bool(_LOSS_WEEKS_AGO.search(c) and _MONEY_BACK_ASKED.search(c))
    return (weeks_ago or bool(_ALREADY_REPORTED.search(c))) and not happening_now(text)


# Money sent on a day named ("어제 … 수수료 백만 원 먼저 보냈거든"): lost, even in a sentence that began by
# asking about prevention ("예방 서비스 물어볼라 했는데")
_SENT_ON_A_DAY = re.compile(r"(?:어제|오늘|아까|방금|그저께|엊그제|좀전에|금방|어저께)[가-힣0-9]{0,40}?" + _SENT)
_VICTIM_REPORTED = re.compile(r"(?:당했|보냈|줬)(?:다대|대|다카|다캐|다더|다고하|다네|다던데|다드라)")


# Harm to family threatened unless money is sent ("돈 안 주믄 손주를 해친다고"): a ransom call, 112 now.
_RANSOM = re.compile(
    r"(?:돈|송금|입금|현금)[가-힣0-9]{0,10}?(?:안주|안보내|안부치|안넣|안해주)(?:면|믄|몬|으면)[가-힣0-9]{0,20}?"
    r"(?:해친|해코지|죽인|죽이|다치게|다친|가만안|납치|데려간|잡아간|팔을|손가락)"
    r"|(?:손주|손자|손녀|아들|딸|자식|남편|영감|며느리)[가-힣0-9]{0,12}?"
    r"(?:납치|잡혀|잡고있|데리고있|붙잡)[가-힣0-9]{0,24}?(?:돈|송금|보내|입금|부치)")


_CALLER = re.compile(r"전화|문자|카톡|연락|모르는|낯선|어떤")


def ransom_threat(text: str) -> bool:
    """A caller or a stranger (not a grandson with a knife: abuse) wants money or family get hurt."""
    c = compact(text)
    return bool(_RANSOM.search(c) and _CALLER.search(c))


# a service that warns or blocks "if money leaves" asked about ("돈이 큰 게 빠져나가면 알려 주는 서비스 있대유")
_GUARD_ASKED = re.compile(r"(?:가|오|나|되|하|지|으|르)면[가-힣]{0,8}?(?:알려|알림|문자|연락|막아|차단|정지)[가-힣]{0,4}?"
                          r"(?:주는|해주는|오는|가는|되는|준다는|해준다는)")


def phishing_kind(text: str) -> str | None:
    """``"pressure"`` (someone asks for money / an app), ``"victim"`` (already fell for it), ``"asked"``
    (money sent asked about beforehand, or someone else's loss told) or None."""
    c = compact(text)
    if _PHISHING_VICTIM.search(c) or identity_sent(c) or _GIFT_CARD_SENT.search(c):
        if (_HYPOTHETICAL.search(c) or _VICTIM_REPORTED.search(c) or _GUARD_ASKED.search(c)) and not _HAPPENING_NOW.search(c) and not (
                _SENT_ON_A_DAY.search(c) and not _VICTIM_REPORTED.search(c)):
            return "asked"  # "나중에 보냈으면 막을 수 있나, 미리", "옆집 할매가 당했다대": asked, not lost now
        return "victim"
    if _PHISHING_PRESSURE.search(c):
        return "pressure"
    return None


# Hanging up is a near miss only on a scam call (a friend who says goodbye and hangs up is not).
_HUNG_UP_ON_SCAM = re.compile(r"(?:검찰|검사|경찰|은행|사기|피싱|금감원|수사관|국세청|택배|모르는번호|대출|수상|이상해서|이상혀서|이상하길래)[가-힣0-9]{0,30}?"
                              r"(?:바로끊|끊어버렸|끊어뿟|끊었|끊어부렀|끊어불었|끊어벼렸)")


def near_miss(text: str) -> bool:
    """It almost happened ("당할 뻔했는디", "안 속았어"): nothing to stop now."""
    c = compact(text)
    return (bool(_NEAR_MISS_RE.search(c) or _HUNG_UP_ON_SCAM.search(c)) and not _HAPPENING_NOW.search(c)
            and not re.search(r"(?<!안)(?<!못)" + _SENT, c))


# How not to fall for it ("안 당할라면 뭘 조심해야 돼요"): prevention, not stop-payment
_PREVENTION = re.compile(r"안당하(?:려|게|도록|ㄹ라)|안당할라|안당할려|당하지않(?:으려|을려|게|도록)|안속(?:으려|을려|을라|게|도록)"
                         r"|예방|조심해야|조심할")


def asks_prevention(text: str) -> bool:
    return bool(_PREVENTION.search(compact(text)))


# Money, an account or numbers named: what makes an unsure scam reading said with 지금 a scam going on now.
_MONEY_OR_NUMBERS = re.compile(r"돈|만원|계좌|통장|송금|이체|입금|대출|카드|앱|어플|번호|현금|상품권|비밀번호")


def names_money(text: str) -> bool:
    return bool(_MONEY_OR_NUMBERS.search(compact(text)))


# Investing talk (stocks, coins); with a promise too good to be true it is a likely scam
_INVEST = re.compile(r"코인|가상화폐|비트코인|리딩방|투자|주식|펀드|선물옵션|증권")
_TOO_GOOD = re.compile(r"두배|세배|곱절|원금보장|고수익|수익보장|떼돈|대박|무조건오른|무조건번|백프로|손해없")


def investing(text: str) -> bool:
    return bool(_INVEST.search(compact(text)))


def investment_pitch(text: str) -> bool:
    """"코인 … 친구가 돈 두 배 된다고": a promise of sure, doubled money, the mark of an investment scam."""
    return investing(text) and bool(_TOO_GOOD.search(compact(text)))


# What scammers ask for: numbers, an app, a link, money moved, or a name of authority
_SCAM_ASKS = re.compile(r"비밀번호|비번|인증번호|카드번호|계좌번호|보안카드|otp|앱|어플|링크|눌러|누르라|설치|송금|이체|보내라|보내달|현금|찾아서"
                        r"|맡기|검찰|검사|경찰|수사|금감원|금융감독원|대출|택배|문자|톡|상품권|개인정보")


def asks_what_scammers_ask(text: str) -> bool:
    """Numbers, an app, a link, money moved or an authority's name in the words: what a scam asks for
    (a bank asking for a certificate is not one)."""
    return bool(_SCAM_ASKS.search(compact(text)))
