"""A body in danger now: the 119 net under the classifier.

Symptoms said as happening (the chest, the breath, a stroke's or a heart attack's signs, bleeding, a fit, a
fall one cannot get up from), pills or poison already swallowed, and collapse or accident words that are
urgent unless a service is asked about. These must never be missed when the classifier scores an emergency
low. ``clear_urgent`` says when the words leave no doubt (answered at once, never checked against the
knowledge base first); ``urgent_kind`` whether the cue rules read a crisis (``crisis``) or a medical
emergency at all. The ``not_urgent`` checks take back a memory, a what-if or a cost asked about.
"""

from __future__ import annotations

import re

from models.dialogue.cues.crisis import _BETTER_OFF_GONE, _CRISIS
from models.dialogue.cues.not_urgent import (
    _HYPOTHETICAL,
    _NEAR_MISS_RE,
    _RESOLVED_NOW,
    LATER_TALK,
    past_event,
    plain,
)
from models.dialogue.cues.text import _NOW_WORDS, compact

# A stroke's signs, shared by the urgent cues and by the heart-or-stroke check that no question vetoes:
# speech that will not come, one side weak or numb, a face drooping.
_SPEECH_UNCLEAR = (r"말이(?:자꾸|좀|막|갑자기|잘|제대로)?(?:어눌|안나와|안나오|꼬여|꼬이|헛나와|헛나오)"
                   # "말을 헛나오게 해 단어를 딴 걸로 말하고": words coming out wrong
                   r"|말을(?:자꾸|좀|막|갑자기)?(?:헛나오|헛나와|어눌하게|이상하게해|이상하게하|더듬더듬)|단어(?:를|가)?(?:자꾸|막)?(?:딴걸로|엉뚱한|다른걸로|틀리게)"
                   # "말을 하다가 멈추고": speech that stops midway
                   r"|말을?하다가(?:갑자기)?(?:멈추|멈췄|끊기|끊겼|뚝)")
_ONE_SIDE_WEAK = (r"(?:왼|오른|한쪽)(?:쪽)?(?:팔|다리|손|발|몸)[가-힣]{0,10}?(?:힘이(?:하나도|전혀|통|영|도통|갑자기|좀|쫌|잘)?"
                  r"(?:없|안들어|안들가|빠져|빠지)|마비|감각이없|못들|안들려|안들어올|안올라|말을안들)"
                  # "오른손을 못 쓰네", "한 쪽 다리를 질질 끄네": one side not used
                  r"|(?:왼|오른|한쪽)(?:쪽)?(?:팔|다리|손|발)(?:을|를|이|가)?(?:갑자기|통|영|자꾸)?(?:못쓰|못써|질질|못움직|안움직)")
_FACE_DROOP = r"얼굴(?:이|한쪽이)?(?:좀|막|갑자기|축|푹|쳐|확)?(?:한쪽이)?(?:마비|처졌|처지|쳐졌|비뚤|삐뚤)"
# Symptoms happening now: always urgent.
_URGENT_STRONG = re.compile(
    r"가슴이(?:너무|막|갑자기|좀|많이|꽉)?(?:아파|아프|답답|조여|쥐어짜|찢어|터질)"
    r"|심장이(?:너무|막|갑자기)?(?:아파|아프|멎|안뛰|이상|벌렁)|숨(?:이|을|쉬기가?)(?:너무|잘|좀|제대로|막|갑자기|자꾸|계속|점점)?"
    r"(?:차|못쉬|안쉬|안쉬어|막혀|막히|가빠|가쁘|힘들|헐떡|안나와|넘어가)|숨을못|숨쉬기힘"
    r"|깔렸|깔려서|깔려있|매몰|식은땀|칼로찌르는|쥐어짜는|찢어지는것같|정신을잃|의식이없|의식을잃|피가(?:많이|안멈|멈추지|철철|계속|너무)|피를(?:토|많이)"
    r"|" + _SPEECH_UNCLEAR + r"|혀가(?:좀|막|갑자기)?(?:꼬여|꼬이|굳어|안돌|말려)"
    r"|발음이(?:좀|막|갑자기)?(?:이상|새|샌다|뭉개)|입(?:이|가)(?:좀|막|갑자기)?(?:돌아가|돌아갔|이상하게돌)|경련|발작|경기를하|거품을물|머리가깨질|(?:입술|얼굴)이(?:시|새)?(?:퍼래|퍼렇|파래|파랗|보라|퍼레|파레)"
    r"|(?:넘어져|미끄러져|자빠져|엎어져|넘어졌는데|미끄러졌는데|자빠졌는데)(?:서)?(?:혼자)?(?:못|안)일어나|못일어나겠|못움직이겠|못움직여|꼼짝을?못|움직일수가?없|일어서(?:질|지를)?못|일어나(?:질|지를)?못|일어설수가?없|일어날수가?없|일어날수도없|죽을것같|살려(?:주세요|줘|주이소)"
    r"|(?:119|일일구|구급차|앰뷸런스)(?:좀|를|에|에다|빨리)*(?:불러|부르|전화해|와)|쓰러(?:졌어|지셨어|졌습니다|졌다)(?:요)?$"
    r"|불이났어요$|불났어요$|불이났다$|가스(?:가)?새(?:요|는것같|고있)"
    r"|(?:가슴|심장|명치)[가-힣]{0,8}?(?:묵직|뻐근|답답|조이|쪼이|짓눌|짓누르|아프|아파)[가-힣]{0,24}?(?:땀|팔이저|팔까지|턱이|턱까지|어깨까지)"
    r"|두개로보|겹쳐보|(?:다리|팔|몸)(?:가|이)?말을안(?:들|듣)"
    r"|꼼짝(?:을|도)?안(?:해|하|햄|한다)|(?:굴렀|굴러떨어|떨어졌)[가-힣]{0,10}?(?:꼼짝|못일어|안일어|정신이없)"
    r"|(?:헛소리|횡설수설)[가-힣]{0,12}?(?:뜨겁|뜨거|불덩|열이)|(?:몸이뜨겁|몸이불덩|열이펄펄)[가-힣]{0,12}?(?:헛소리|횡설수설)"
    r"|(?:집|방|부엌|거실)(?:안)?(?:이|에)?[가-힣]{0,4}?(?:뿌옇|뿌얘|연기)[가-힣]{0,12}?(?:눈이따가|따가워|매워|콜록|목이따)"
    r"|가슴(?:통증|이아픈거|아픈게)[가-힣]{0,4}?(?:안가라앉|안멈|안나아|계속|더심해)"
    r"|(?:고립|갇혀|못나가)[가-힣]{0,16}?(?:인슐린|혈압약|심장약|약)이?(?:다)?떨어졌"
    # dizzy and one eye gone dark: a stroke's signs, however mildly said
    r"|(?:핑돌|어지럽|어질)[가-힣]{0,16}?한쪽눈[가-힣]{0,6}?안보|한쪽눈[가-힣]{0,6}?안보[가-힣]{0,16}?(?:핑돌|어지럽|어질)"
    r"|(?:턱|어깨|왼팔)[가-힣]{0,8}?(?:뻐근|아프|아파|저리|저려)[가-힣]{0,16}?(?:메슥|식은땀|땀이|숨이|가슴)"
    # collapsed and the breathing unsure; a face or mouth drooping or numb (a stroke however mildly said);
    # one eye or one side gone suddenly; shivering that has stopped with drowsiness (deep cold)
    r"|숨을?(?:쉬는지|쉬시는지|쉬는건지|쉬나)[가-힣]{0,4}?(?:모르|몰라)"
    r"|입(?:이|가)?(?:좀|막|갑자기)?(?:한쪽으로|마비|비뚤|삐뚤)|" + _FACE_DROOP
    + r"|갑자기(?:눈한쪽|한쪽눈)[가-힣]{0,4}?안보|갑자기[가-힣]{0,8}?(?:한쪽|왼쪽|오른쪽)(?:팔|다리|몸)[가-힣]{0,4}?(?:힘이없|저리|저릿|마비|안움직)"
    # one side's arm, hand or leg numb or weak, however calmly said ("아침부터 왼쪽 다리가 저릿하고 힘이 없는디")
    r"|" + _ONE_SIDE_WEAK
    # hurt in a fall just now and the leg will not move
    + r"|(?:아까|방금|좀전에|조금전에|오늘)[가-힣]{0,6}?(?:넘어져|넘어졌|떨어져|떨어졌|자빠져|미끄러져)[가-힣]{0,16}?(?:안움직|못움직|꼼짝|못일어|못걷|못걸어)"
    # water at the knees or higher in the house
    r"|(?:집|방|집안|안방|거실|부엌)[가-힣]{0,4}?물이[가-힣]{0,4}?(?:무릎|허리|가슴|발목)[가-힣]{0,4}?(?:까지|넘게)?(?:찼|차올|차고|올라)"
    r"|칼(?:을)?(?:들고|들었|휘둘)[가-힣]{0,10}?(?:설치|위협|소리|난리|죽인|찌른|찌르|덤비|쫓아)"
    r"|떨리(?:다가|더니|던게|던것도)[가-힣]{0,10}?(?:안떨리|떨리지도않|떨리지않)[가-힣]{0,10}?(?:졸리|잠이|잠만)"
)
# Emergency words that also occur in questions about services ("쓰러지면 알려 주는 기계", "불이 났는데
# 긴급복지 받을 수 있어"): urgent unless the utterance asks about a service.
_URGENT_WEAK = re.compile(
    r"쓰러(?:졌|져|지셨|질것|지려)|기절|한쪽(?:팔|다리|얼굴|몸)|마비(?:가왔|됐|돼|가와)|심장마비|뇌졸중|중풍(?:이|온|왔)|119|일일구|구급차|앰뷸런스|응급실"
    r"|불이났|불났|불이붙|연기가(?:나|많이|가득|자욱|꽉|들어와|들어오|새어)|화재|큰일났어요"
    r"|교통사고가?났|차(?:가|에)?(?:뒤집|치였|받혔)|사고가났|뒤에서(?:쾅|꽝)?(?:받|박|들이받)(?:았|혔|은|고)|추돌|들이받"
)
_SERVICE_QUESTION = re.compile(
    r"지원|신청|받을수|받나|되나|되노|돼요|되는|급여|보험|서비스|감지기|장치|기계|호출기|버튼|얼마|공짜|무료|비용|등급|바우처"
    r"|어디다|어디에|어디로|연결되|연락하|번호|몇번|그다음|뭐예요|있나요|있어요|있당가|뭐꼬|뭐고|뭔교|머시|뭐시|뭐여|뭔데|뭔디|미리|등록|되능|되는교|됩니까|될까|되남"
)
# Whether to get out or stay put, asked in the middle of it ("복도에 연기가 자욱한데 나가야 되나 그냥 있어야 되나"):
# the question of an emergency, not of a service
_WHERE_TO_BE_ASKED = re.compile(r"(?:나가야|피해야|있어야|기다려야|내려가야|올라가야|나가|피해|도망가야)(?:되나|되노|돼|하나|하노|할까|혀|되는교|됩니까)")
# Pills, poison or cleaning fluid already swallowed: 119 now, never "ask your doctor".
_OVERDOSE = re.compile(
    r"(?:약|알약|수면제|진통제|혈압약|당뇨약|신경안정제|농약|제초제|살충제|락스|세제|부동액|표백제)(?:을|를|이랑|하고)?[가-힣0-9]{0,16}?"
    r"(?:한움큼|한주먹|통째로|잔뜩|몽땅|다먹|다묵|다뭇|다삼|다마셨|다마싰|많이먹|많이묵|너무많이먹|열알|스무알|한통|한병|털어넣|털어묵|털어먹|다털어)"
    r"|(?:농약|제초제|살충제|락스|세제|부동액|표백제|소독약|유연제|퐁퐁|휘발유|석유|등유)(?:을|를)?[가-힣0-9]{0,16}?(?:마셨|마셔버|마셔부|마싰|마셔뿟|들이켰|먹었|먹어버|묵었|무뿟|묵어뿟|삼켰|삼킸)"
    # wild mushrooms or puffer fish eaten, then sick: poisoning, 119 now
    r"|(?:버섯|복어|독초)[가-힣0-9]{0,12}?(?:먹었|먹고|무뿟|묵었|묵고|먹은)[가-힣0-9]{0,20}?(?:토하|토해|토를|설사|어지럽|어지러|쓰러|마비|저려|숨)"
    # a dose taken twice by mistake, or someone else's pills: 119 says what to do
    r"|(?:깜빡|깜박|실수로|모르고|착각|헷갈)[가-힣0-9]{0,14}?(?:또|두번|한번더|두알|두봉|두개)[가-힣0-9]{0,4}?(?:먹었|묵었|먹은|묵은|삼켰|먹어버|먹어뿟)"
    r"|(?:약|알약|혈압약|당뇨약|수면제)[가-힣0-9]{0,10}?(?:잘못먹었|잘못묵었|잘못먹은|바꿔먹었|바꿔묵었)"
    r"|(?:남의|남편|영감|할배|할매|아내|마누라|다른사람)약을?(?:잘못)?(?:먹었|묵었|먹어버)"
    # a small child into the pills ("손주가 약통을 열어서 알약을 몇 개 삼킨 것 같아 세 살이여")
    r"|(?:손주|손자|손녀|아기|애기|아이가|애가|꼬맹이)[가-힣0-9]{0,16}?(?:약|알약|약통|세제|락스|건전지|배터리|담배)[가-힣0-9]{0,12}?(?:삼켰|삼킨|먹었|먹은|주워먹|집어먹|입에넣)"
    # the same pills taken again and again by mistake ("까먹고 또 먹고 또 먹었나 봐 세 번 먹은 거 같은데")
    r"|(?:약|혈압약|당뇨약|수면제)[가-힣0-9]{0,20}?(?:또먹[가-힣]{0,6}?또먹|세번먹|세번묵|네번먹|세알|세봉|세번이나)"
)


# Too many kinds of medicine to sort out (약 정리, 복약 관리): a service, not pills swallowed
_MEDICATION_REVIEW = re.compile(r"약정리|약관리|복약|약을?줄이|다제약|약봉투정리")


_WISHED = re.compile(r"(?:넣|먹|묵|삼키|마시)(?:고싶|을라|으려|려고|을까|을란다|어버릴까|어버릴란|고잘까|고잘란|고자버릴|고잘래|고자야|고영영|고죽|을래|을거|을끼|으까"
                     # taken and gone, as a plan ("오늘 밤에 약 다 먹고 갈라고")
                     r"|고(?:갈|떠날|끝낼|끝내|잠들|눈감을)(?:라|란|려|까|거|꺼|래|기로)"
                     # 묵어불라고, 먹어뿔란다 (= 먹어 버리려고): going to, not done
                     r"|(?:어|아)(?:불|뿔|버리|버릴)(?:라|려|래|란|까|꺼|거))")


def _overdose(c: str) -> bool:
    """Swallowed, not only wished ("약을 다 털어 넣고 싶어" is a wish to die: the crisis reply)."""
    return bool(_OVERDOSE.search(c)) and not _MEDICATION_REVIEW.search(c) and not _WISHED.search(c)


def is_overdose(text: str) -> bool:
    """Pills, poison or cleaning fluid already swallowed (the medical reply then says 119 and "bring the pack")."""
    return _overdose(compact(text))


# A body in trouble in the person's own words ("가슴이 막 쪼이고 아파", "배가 뒤틀려"): an emergency word
# even when "죽겠어" makes the sentence look like exaggeration.
_BODY_IN_TROUBLE = re.compile(
    r"(?:가슴|심장|숨|머리|배|속|피|다리|팔|허리|엉덩이|눈|입|얼굴)(?:이|가|를|을|도)?[가-힣]{0,6}?"
    r"(?:아파|아프|쪼이|쪼여|조이|조여|답답|저려|저리|마비|안움직|터질|찢|못쉬|막혀|흘러|철철|돌아가|뒤틀|안보여|깨질|묵직|뻐근|짓눌|지끈|띵하|띵해)"
    # dizzy and sick, no sweat; choking; speech or a hand gone; numb
    r"|어지럽|어질어질|핑돌|토할|구토|땀도안|땀이안|목에[가-힣]{0,4}?걸(?!고다니|고있는|치|어놓|어두|어둔|이|고다녀)|켁켁|컥컥|말을못하|발음이꼬|입꼬리|숟가락을떨|감각이없|열이펄펄|열이불덩|정신이가물|정신이없어|의식이흐|화상"
    r"|(?:다리|팔|손|몸)(?:가|이)?말을안(?:들|듣)|기어(?:서|오|왔|가)|물집|살이벗겨|데었|데어서|경기를하|경기를해|거품을물|쌕쌕"
    r"|(?:입술|얼굴)이(?:시|새)?(?:퍼레|파레|퍼래|파래)|두개로보|겹쳐보|(?:컵|숟가락|젓가락|물건)을?(?:자꾸)?떨어뜨"
    r"|메슥|울렁거|구역질|앞뒤가안맞|횡설수설|헛소리를|사람을못알아|나를못알아|못알아봐|못알아보|깨워도|자꾸졸|축늘어"
)


# A heavy heart said with tears or grief ("속이 답답허곡 눈물만 나", "가슴이 답답하고 서러워"): sorrow, not a body
_HEAVY_HEART = re.compile(r"(?:속|가슴)(?:이|도)?[가-힣]{0,2}?(?:답답|터질|미어)")
_GRIEF = re.compile(r"눈물|서러|서럽|슬프|슬퍼|보고싶|그리워|외로|적적|허전|울적|우울|밤이[가-힣]{0,3}?(?:길|질)")


def body_in_trouble(text: str) -> bool:
    """A body in trouble in the person's words; a heavy heart told with grief is not one (unless the body
    is in trouble in other words too)."""
    p = plain(text)
    found = [m.group() for m in _BODY_IN_TROUBLE.finditer(p)]
    if found and _GRIEF.search(p) and all(_HEAVY_HEART.match(f) for f in found):
        return False
    return bool(found)


# A long-standing condition asked about as a cost ("숨이 차서 산소 쓰라 카는데 그 기계 값 보험 되나"):
# the symptom words are not news, the question is what it costs.
_CHRONIC = re.compile(r"평소|늘|항상|만성|오래|몇년|몇달|요즘|자주|의사가|병원에서|처방|쓰라|하라(?:고|카|캐|는)")
_COST_QUESTION = re.compile(r"보험(?:되|돼|이되|적용)|얼마|비용|값|지원(?:되|돼|받|해)|대여|공짜|무료|본인부담"
                            r"|돈(?:을|도|이)?(?:내야|내나|내요|들|드|나오|받)")
_NOW = re.compile(_NOW_WORDS + r"|안깨")
# "구급차 타면 돈 내야 돼요": if it happens, what does it cost (a question, not a call for help)
_CONDITIONAL = re.compile(r"(?:하|타|부르|불러|가|오|되|쓰|누르)면|불러서|부르믄|타믄")


# A heart attack's or a stroke's signs, however a question around them reads: pressure in the chest with
# the arm, the jaw or sweat; speech that will not come; one side weak or a face drooping.
# a stroke's signs: speech that will not come, the tongue, one side weak, a mouth or face drooping
_STROKE_SIGNS = (_SPEECH_UNCLEAR + r"|혀가(?:좀|막|갑자기)?(?:꼬여|꼬이|굳어|안돌)|" + _ONE_SIDE_WEAK
                 + r"|입(?:이|가)?(?:좀|막|갑자기)?(?:한쪽으로|마비|비뚤|삐뚤|돌아가|돌아갔)|" + _FACE_DROOP)
_STROKE = re.compile(_STROKE_SIGNS)
_HEART_OR_STROKE = re.compile(
    r"(?:가슴|심장|명치)[가-힣]{0,8}?(?:묵직|뻐근|답답|조이|쪼이|짓눌|짓누르|아프|아파)[가-힣]{0,24}?(?:식은땀|팔이저|팔까지|왼팔|턱이|턱까지|어깨까지)"
    r"|" + _STROKE_SIGNS)


def _signs_now(signs: re.Pattern[str], text: str) -> bool:
    """``signs`` in the words (idioms of death taken out), neither long past nor a what-if."""
    c = plain(text)
    return bool(signs.search(c)) and not past_event(c) and not _HYPOTHETICAL.search(LATER_TALK.sub("", c))


def stroke_signs(text: str) -> bool:
    """A stroke's signs now: speech that will not come, one side weak, a face or mouth drooping."""
    return _signs_now(_STROKE, text)


def heart_or_stroke_signs(text: str) -> bool:
    return _signs_now(_HEART_OR_STROKE, text)


def clear_urgent(text: str) -> bool:
    """The words themselves leave no doubt (symptoms now, pills swallowed, a wish to die): such an
    emergency is answered at once, never checked against the knowledge base first. Symptoms told as
    a long-standing condition in a question about its cost are not clear (they get the KB check), nor
    is preparing for one ("만약에 급할 때 119 부르면 뭐라고 해요"), nor one told as over ("30년 전에 다쳤던 다리").
    """
    c = plain(text)
    if (_NEAR_MISS_RE.search(c) or past_event(c)) and not _NOW.search(c):
        return False  # "오십 년 전에 빠져 죽을 뻔했어": a memory is checked, not answered as an emergency at once
    if _CRISIS.search(c) or _overdose(c):
        return True
    if _RESOLVED_NOW.search(c):
        return False  # "가슴이 답답해서 깼는데 지금은 괜찮아 그래도 …": checked against the KB, not answered at once
    if not _URGENT_STRONG.search(c) or ((_HYPOTHETICAL.search(c) or past_event(c)) and not _NOW.search(c)):
        return False
    return not ((_CHRONIC.search(c) or _CONDITIONAL.search(c)) and _COST_QUESTION.search(c) and not _NOW.search(c))


def urgent_kind(text: str) -> str | None:
    """``"crisis"`` (wish to die), ``"medical"`` (119 situations) or None."""
    c = plain(text)
    if _CRISIS.search(c) or _BETTER_OFF_GONE.search(c):
        return "crisis"
    if _overdose(c) or (_URGENT_STRONG.search(c) and clear_urgent(c)):
        return "medical"
    if _URGENT_WEAK.search(c) and (not _SERVICE_QUESTION.search(c) or _WHERE_TO_BE_ASKED.search(c)):
        return "medical"
    return None


# Days without food because there is none ("쌀이 떨어진 지 사흘 됐어 물만 먹고 있어"): not appetite lost to an
# illness, not a fast before a test, not a diet
_DAYS_WITHOUT = re.compile(r"(?:이틀|사흘|나흘|닷새|며칠|메칠|일주일|[0-9]+일|여러날)(?:째|동안|이나|채|간|됐|이됐|이되|넘게|지났)"
                           r"|(?:지|진)(?:이틀|사흘|나흘|며칠|일주일)")
_NOTHING_TO_EAT = re.compile(r"(?:쌀|먹을거|먹을것|먹을게|묵을거|묵을게|양식|반찬|라면)[가-힣]{0,4}?(?:떨어|없|다먹|다묵|바닥)"
                             r"|굶(?:었|고|은|는|어|다)|물만(?:먹|묵|마시)|사먹을돈|살돈(?:이|도)?없")
_NOT_HUNGER = re.compile(r"금식|단식|다이어트|내시경|수술전|검사전|입맛|속이안좋|소화|체했|토해|토하|아파서못")


def without_food(text: str) -> bool:
    """Days without food and nothing to eat: help with food today, 119 when faint."""
    c = compact(text)
    return bool(_NOTHING_TO_EAT.search(c) and (_DAYS_WITHOUT.search(c) or "물만" in c)) and not _NOT_HUNGER.search(c)
