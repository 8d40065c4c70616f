"""Rule cues under the trained classifier (``models.understanding``): a safety net for emergencies,
the kind of a voice-phishing situation (pressure or already a victim), and noise.

Intents themselves (control, small talk, abuse, out of domain) are the classifier's. These rules
only catch what must never be missed (an emergency the classifier scored low) or what a pattern
decides exactly (a Whisper hallucination on silence). All matching runs on ``compact(text)``:
lower case, Hangul/digits/latin only, no spaces.
"""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^가-힣ㄱ-ㅎㅏ-ㅣ0-9a-z]+")


def compact(text: str) -> str:
    return _NON_WORD.sub("", text.lower())


# --- emergencies ----------------------------------------------------------------------------------
# A stroke's signs, shared by the urgent cues and by the heart-or-stroke check that no question vetoes:
# speech that will not come, one side weak or numb, a face drooping.
_SPEECH_UNCLEAR = r"말이(?:자꾸|좀|막|갑자기|잘|제대로)?(?:어눌|안나와|안나오|꼬여|꼬이|헛나와|헛나오)"
_ONE_SIDE_WEAK = (r"(?:왼|오른|한쪽)(?:쪽)?(?:팔|다리|손|발|몸)[가-힣]{0,10}?(?:힘이(?:하나도|전혀|통|영|도통|갑자기|좀|쫌|잘)?"
                  r"(?:없|안들어|안들가|빠져|빠지)|마비|감각이없|못들|안들려|안들어올|안올라|말을안들)")
_FACE_DROOP = r"얼굴(?:이|한쪽이)?(?:좀|막|갑자기)?(?:한쪽이)?(?:마비|처졌|비뚤|삐뚤)"
# Symptoms happening now: always urgent.
_URGENT_STRONG = re.compile(
    r"가슴이(?:너무|막|갑자기|좀|많이|꽉)?(?:아파|아프|답답|조여|쥐어짜|찢어|터질)"
    r"|심장이(?:너무|막|갑자기)?(?:아파|아프|멎|안뛰|이상|벌렁)|숨(?:이|을|쉬기가?)(?:너무|잘|좀|제대로|막|갑자기|자꾸|계속|점점)?"
    r"(?:차|못쉬|안쉬|안쉬어|막혀|막히|가빠|가쁘|힘들|헐떡|안나와|넘어가)|숨을못|숨쉬기힘"
    r"|깔렸|깔려서|깔려있|매몰|식은땀|칼로찌르는|쥐어짜는|찢어지는것같|정신을잃|의식이없|의식을잃|피가(?:많이|안멈|멈추지|철철|계속|너무)|피를(?:토|많이)"
    r"|" + _SPEECH_UNCLEAR + r"|혀가(?:좀|막|갑자기)?(?:꼬여|꼬이|굳어|안돌|말려)"
    r"|발음이(?:좀|막|갑자기)?(?:이상|새|샌다|뭉개)|입(?:이|가)(?:좀|막|갑자기)?(?:돌아가|돌아갔|이상하게돌)|경련|발작|경기를하|거품을물|머리가깨질|(?:입술|얼굴)이(?:시|새)?(?:퍼래|퍼렇|파래|파랗|보라|퍼레|파레)"
    r"|(?:넘어져|미끄러져|자빠져|엎어져|넘어졌는데|미끄러졌는데|자빠졌는데)(?:서)?(?:혼자)?(?:못|안)일어나|못일어나겠|못움직이겠|못움직여|꼼짝을?못|움직일수가?없|일어서(?:질|지를)?못|일어나(?:질|지를)?못|일어설수가?없|죽을것같|살려(?:주세요|줘|주이소)"
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
    r"|불이났|불났|불이붙|연기가(?:나|많이|가득)|화재|큰일났어요"
    r"|교통사고가?났|차(?:가|에)?(?:뒤집|치였|받혔)|사고가났"
)
_SERVICE_QUESTION = re.compile(
    r"지원|신청|받을수|받나|되나|되노|돼요|되는|급여|보험|서비스|감지기|장치|기계|호출기|버튼|얼마|공짜|무료|비용|등급|바우처"
    r"|어디다|어디에|어디로|연결되|연락하|번호|몇번|그다음|뭐예요|있나요|있어요|있당가|뭐꼬|뭐고|뭔교|머시|뭐시|뭐여|뭔데|뭔디|미리|등록|되능|되는교|됩니까|될까|되남"
)
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
)
_CRISIS = re.compile(r"죽고싶|(?<!혼)자살|목숨을끊|살기싫|살고싶지않|죽어버리고싶|세상을떠나고싶|삶을끝내"
                     r"|그만살(?:래|란|겠|쿠|고싶|까|랑|라)|더살아서뭐|살아서뭐하|살아뭐하"
                     r"|죽는게낫|죽는기낫|죽었으면좋|죽어야겠|죽을란다|죽으련다|죽어불고|죽어뿔고|죽고잡|안살란다|그만죽"
                     r"|(?:바다|바당|강|강물|저수지|물)에[가-힣]{0,5}?(?:들어가|뛰어들|빠져)(?:불|버|죽|뿔|삘|야|랑|려)"
                     r"|살아도사는게아니|(?:나도|내도|나도인자|나도이제)[가-힣]{0,4}?따라(?:가야|갈까|가고싶|가믄|가면|갈란|가뿔|가불)")


# Too many kinds of medicine to sort out (약 정리, 복약 관리): a service, not pills swallowed
_MEDICATION_REVIEW = re.compile(r"약정리|약관리|복약|약을?줄이|다제약|약봉투정리")


_WISHED = re.compile(r"(?:넣|먹|묵|삼키|마시)(?:고싶|을라|으려|려고|을까|을란다|어버릴까|어버릴란|고잘까|고잘란|고자버릴|고잘래|고자야|고영영|고죽|을래|을거|을끼|으까)")


def _overdose(c: str) -> bool:
    """Swallowed, not only wished ("약을 다 털어 넣고 싶어" is a wish to die: the crisis reply)."""
    return bool(_OVERDOSE.search(c)) and not _MEDICATION_REVIEW.search(c) and not _WISHED.search(c)


def is_overdose(text: str) -> bool:
    """Pills, poison or cleaning fluid already swallowed (the medical reply then says 119 and "bring the pack")."""
    return _overdose(compact(text))


_FIRE_TRAPPED = re.compile(
    r"못나가|못나갈|나갈수가?없|나갈수없|못빠져|갇혔|갇혀|못내려가|문을못열|문이안열|복도에연기|계단에연기"
    r"|연기때문에|앞이안보|복도가[가-힣]{0,6}?안보|못걸어|못걷|거동을?못")
_INTRUDER_INSIDE = re.compile(
    r"안에(?:있|누가|숨)|들어와(?:있|서|버렸)|들어왔|집안에|방에(?:누가|모르는)|거실에(?:누가|모르는)|뒤져|숨어있|돌아다녀|넘어들어|깨고들어"
    r"|발소리")


def fire_trapped(text: str) -> bool:
    """A fire the person says they cannot get out of (the reply then says stay low, seal the door, 119 now)."""
    return bool(_FIRE_TRAPPED.search(compact(text)))


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


def body_in_trouble(text: str) -> bool:
    return bool(_BODY_IN_TROUBLE.search(plain(text)))


# Words of a stranger at the door or inside, or of being robbed: an emergency word of its own.
_INTRUDER_WORDS = re.compile(r"돈내놓|안나가|안가고|문을?[가-힣]{0,4}?(?:두드|두들|따려|따고|따고있|부수|차고|열라|열어라)|초인종|벨을계속|문고리|계속서|서있어|지켜보|들어와(?:가지고|서는|가)|숨어|누가집에|창문을깨|칼들|흉기|가만안둔|가만안둘|가만두지않|죽여버린")
# Said to be going on now (방금 누가 들어왔어): never dropped for lack of other emergency words.
#: 지금, but not 지금이라도 (even now), 지금까지 (until now) or 지금은 괜찮아 (fine now)
_JIGEUM = r"지금(?!이라도|까지|와서|도늦|은괜찮|은멀쩡|은다나|은좋|은잘)"
_NOW_WORDS = _JIGEUM + r"|방금|갑자기|막쓰러"
_SAID_NOW = re.compile(_NOW_WORDS + r"|금방|현재")


def intruder_words(text: str) -> bool:
    return bool(_INTRUDER_WORDS.search(compact(text)))


def said_now(text: str) -> bool:
    return bool(_SAID_NOW.search(compact(text)))


def intruder_inside(text: str) -> bool:
    """Someone already inside the home (the reply then says get out or lock yourself in, then 112)."""
    return bool(_INTRUDER_INSIDE.search(compact(text)))


# A long-standing condition asked about as a cost ("숨이 차서 산소 쓰라 카는데 그 기계 값 보험 되나"):
# the symptom words are not news, the question is what it costs.
_CHRONIC = re.compile(r"평소|늘|항상|만성|오래|몇년|몇달|요즘|자주|의사가|병원에서|처방|쓰라|하라(?:고|카|캐|는)")
_COST_QUESTION = re.compile(r"보험(?:되|돼|이되|적용)|얼마|비용|값|지원(?:되|돼|받|해)|대여|공짜|무료|본인부담"
                            r"|돈(?:을|도|이)?(?:내야|내나|내요|들|드|나오|받)")
_NOW = re.compile(_NOW_WORDS + r"|안깨")
# "구급차 타면 돈 내야 돼요": if it happens, what does it cost (a question, not a call for help)
_CONDITIONAL = re.compile(r"(?:하|타|부르|불러|가|오|되|쓰|누르)면|불러서|부르믄|타믄")


# "배고파 죽을 것 같네": hunger, boredom or laughter, not a body in danger; sayings with 죽 (porridge),
# time or breath "killed", a heart that feels opened up or full: not a wish to die or a body in trouble
# Crops or trees blown down, enemies killed in a game, a thief's guilty feet: nobody hurt, nobody at the door.
_NOT_HURT_SAYINGS = (r"(?:배추|벼|고추|옥수수|콩|나무|비닐하우스|하우스|담장|울타리|곡식|농작물|작물|허수아비)(?:가|이|들이|도)?(?:다|싹|싹다|몽땅|전부|모두)?쓰러"
                     r"|게임(?:에서|에|하다가|하면서)[가-힣]{0,8}?죽|도둑(?:놈)?이제발저")
_NOT_HURT_SAYINGS_RE = re.compile(_NOT_HURT_SAYINGS)
_IDIOM_OF_DEATH = re.compile(r"(?:배고파|배고프|배가고파|배불러|배가불러|심심해|심심하|웃겨|우스워|졸려|지루해|보고싶어|궁금해|좋아|반가워|귀여워|예뻐|이뻐)"
                             r"(?:서|가지고|갖고)?(?:죽겠|죽을것같|죽을거같|죽을것|죽는줄)"
                             r"|(?:냉장고|세탁기|에어컨|선풍기|보일러|밥솥|자동차|경운기|트랙터|티비|테레비|텔레비전|핸드폰|휴대폰|폰|컴퓨터|라디오)[가-힣0-9]{0,30}?숨(?:이)?(?:넘어가|넘어갔|넘어갈|꼴딱)"
                             r"|(?:핸드폰|휴대폰|폰|전화기|배터리|밧데리|컴퓨터|티비|테레비|화면|시동|엔진|화분|꽃|나무|불씨|냉장고|세탁기|에어컨|선풍기|밥솥|라디오|경운기|트랙터)(?:이|가)?(?:자꾸|또|맨날|계속|금방|자주|다|벌써|그냥|확|툭하면)*죽"
                             # a card game won ("내가 다 죽여 부렀어 피박 씌우고")
                             r"|(?:고스톱|화투|윷|바둑|장기|게임|오목)[가-힣0-9]{0,24}?죽(?:여|였|이|인)|죽(?:여|였)[가-힣0-9]{0,12}?(?:피박|광박|독박|쓰리고)"
                             r"|죽(?:을)?쒀서|죽쑤|죽이되든|죽끓듯|죽만끓|죽을끓|시간(?:을)?죽이|숨(?:을)?죽이|기(?:가)?죽|죽이맞|죽여주"
                             r"|가슴이(?:뻥)?뚫리|속이(?:뻥)?뚫리|가슴이(?:설레|벅차|뭉클|찡|뿌듯|두근)"
                             r"|숨(?:이)?(?:넘어가|넘어갈|꼴딱넘어가)(?:게|도록|듯|는줄|것처럼|거같이)[가-힣]{0,4}?(?:웃|웃었|웃겨|웃기)"
                             # praise, temper, and a collapse denied ("당장 죽을 것 같은 건 아니고")
                             r"|(?:진짜|참|정말|완전|억수로|디게|되게|겁나)죽이(?:네|는데|더라|데이)|맛이?(?:진짜|참|완전)?죽(?:이|인|여|였|입)|(?:약올라|약이올라|열받아|화나|짜증나|분해|억울해)(?:서)?죽"
                             r"|죽을(?:것|거)같은(?:건|거는|게)(?:아니|아닌|아녀|아이)|죽을(?:것|거)같진않|죽을정도는(?:아니|아닌)"
                             # a business or shares that ruined someone ("주식 때문에 아들이 쓰러졌다카대")
                             r"|(?:주식|사업|회사|가게|장사|코인)[가-힣]{0,10}?쓰러졌"
                             # "쓰러질 것 같이 피곤한데 그래도 좋다": a simile for tired or busy
                             r"|(?:쓰러질|죽을|미칠)(?:것|거)같이(?:피곤|바쁘|바빠|바쁜|바빴|힘들|힘드|졸리|졸려|좋|기쁘|반갑|일하|일했|뛰어|뛰)"
                             r"|" + _NOT_HURT_SAYINGS + "|죽을맛|죽을지경")


# Fire words that are not a fire: alarms, extinguishers, a firefighter's job, a fire said not to be
_NOT_A_FIRE = re.compile(r"화재(?:경보기|감지기|보험|예방|안전|훈련|대피훈련)|(?:연기|가스)(?:감지기|탐지기|경보기)|소화기|소방관|소방서"
                         r"|불(?:은|이)?안났|불(?:이)?난(?:건|게|거)아니"
                         r"|가스(?:레인지|렌지|불|보일러|요금|비|점검|검침)|불이안(?:붙|켜|나와|올라)|점화|불은아니|화재는아니|연기는안|불(?:이|꽃이|꽃)?(?:파랗|빨갛|노랗|파란|빨간|노란)|불꽃색|전화(?:통|기)?에불|불티나|발등에불|눈에불|불같이|불같은"
                         # 불이 나게 바쁘다, 불나듯: hurry, not flames
                         r"|불(?:이)?나(?:게|도록|듯)"
                         # a burning mouth or stomach from chilli, anger as a fire inside ("속에서 불이 나는 것 같아")
                         r"|(?:속|속이|속에서|입|입안|입에서|혀|목구멍|뱃속|배속|열불)[가-힣]{0,3}?불(?:이)?(?:나|붙|난)")


def plain(text: str) -> str:
    """``compact(text)`` without idioms of death and fire words that are not a fire, for the emergency cues."""
    return _NOT_A_FIRE.sub("", _IDIOM_OF_DEATH.sub("", compact(text)))


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
    return bool(signs.search(c)) and not past_event(c) and not _HYPOTHETICAL.search(c)


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


# Fine again by now ("지금은 괜찮아", "이제 좀 나아졌어")
_RESOLVED_NOW = re.compile(r"(?:지금은|이제는?|인자는?|시방은)(?:좀|다|많이)?(?:괜찮|멀쩡|나아|나았|가라앉|진정)")
_HYPOTHETICAL = re.compile(
    r"(?:ㄹ|을|할|날|갈|질|칠|잃을|나갈|쓰러질|넘어질|릴|일|울)까봐|미리|예방|대비|만약|만일|혹시라도|나중에|평소에|앞으로"
    r"|(?:하|되|나|지|가)면어(?:떻|떡|째)|(?:하|되|나|지|가)면우(?:째|찌)|(?:하|되|나|지|가)면뭘|걱정이(?:에요|라|돼|되)"
    r"|(?:내가|내|제가|나)죽(?:으면|고나면|은뒤|은후|거든)"
    r"|[가-힣]려면"
)


_ASKS_FOR_HELP = re.compile(
    r"지원|신청|도와주는(?:건|거|데|게)|(?:해|가|봐|와|돌봐)주는(?:거|건|데|게|사람|서비스)|(?:해|봐|돌봐|도와)(?:줄|주실)(?:사람|분|데|곳)|필요하|필요해|필요한|도움받|받을수|받을만|혜택|제도|서비스|나라에서|수당|급여|연금"
    r"|비용|얼마|돈(?:을|은|도|이)?(?:내야|내나|내요|내는|낸다|내노|내예|들어|드나|드는|드노|나가|나오|받)|공짜|무료|요금|배우는|배울|가르쳐|교육|등록|상담"
    r"|입원(?:해서|했|하고)|퇴원|생활비|먹고살|병원비|간병|모시느라|돌보느라"
)


def asks_for_help(text: str) -> bool:
    """Asks about a service or tells of a hardship that follows an event ("쓰러져 입원해서 생활비가
    없어요"): a reading of emergency is checked against the knowledge base first."""
    return bool(_ASKS_FOR_HELP.search(compact(text)))


def hypothetical(text: str) -> bool:
    """Worry about what might happen, or preparing for it ("길 잃을까 봐", "미리", "쓰러지면 어떡해요"),
    not something happening now."""
    return bool(_HYPOTHETICAL.search(compact(text)))


# Water, earth or a quake: get to safety (higher ground, out of the building), then 119.
_DISASTER = re.compile(r"물이(?:[가-힣]{0,3}?)(?:방|집|마당|차|들어|넘|불어)|물이[가-힣]{0,8}?(?:문턱|현관|무릎|허리)[가-힣]{0,4}?(?:까지|올라)|침수|물에잠|물이잠|잠겼[가-힣]{0,2}?물|넘쳐|범람|산사태|흙이(?:쏟|무너|내려)|무너질|무너져|무너졌"
                       r"|지진|크게흔들|흔들렸|벽에금|축대")
# Unmistakable on its own (water in the house, earth coming down, the ground shaking): a disaster now
# even when the classifier reads none ("문이 잠겼어요" is not in it).
_DISASTER_NOW = re.compile(
    r"물이[가-힣]{0,4}?(?:들어오|들어와|들어온|들어왕|들어옴|차오|찼|차서|넘쳐|불어나)|(?:집|방|마을)이잠(?:겼|겸|기)|(?:무릎|허리|발목|가슴|종아리)까지(?:물|찼|차올|차오)"
    r"|물이[가-힣]{0,6}?(?:문턱|현관|마루|안방|거실)[가-힣]{0,4}?(?:까지|올라|찼|차올|넘어)"
    r"|물이[가-힣]{0,14}?(?:마당|집|방|현관|문턱|마루|부엌|거실)[가-힣]{0,4}?(?:까지|으로|안으로|에)[가-힣]{0,2}?(?:넘어오|넘어와|넘어온|넘쳐|들어오|들어와|차오|찼)"
    r"|(?:무너|주저앉|내려앉)[가-힣]{0,14}?(?:안에|밑에|깔|갇|사람이)|침수되|침수됐|산사태|흙이[가-힣]{0,3}?(?:쏟아|무너|밀려|내려오|내려와|흘러내|쓸려)|(?:언덕|비탈|뒷산|산비탈|옹벽)[가-힣]{0,6}?(?:흘러내|무너지|무너져|갈라지|쏟아지)|돌이[가-힣]{0,3}?(?:굴러|쏟아)|지붕이[가-힣]{0,8}?(?:날아|들썩|무너|내려앉)|(?:유리창|창문)이[가-힣]{0,4}?(?:깨지|깨졌|박살)|축대가(?:무너|갈라)|지진(?:이|났|나서)|(?:땅|집|건물|방|벽)이[가-힣]{0,3}?흔들(?:리고|려|린다|리네|리는데|렸)"
)
# A gas smell or hiss (not a fire): valve, windows, out.
_GAS = re.compile(r"가스[가-힣]{0,4}?(?:냄새|새(?=요|는|나|네|고|서|어|다|노|능|니|지|잖|유|예|더|드|$)|샌|샙|셈|누출|쉭)|가스[가-힣]{0,24}?(?:안켜|안붙|딸깍)[가-힣]{0,12}?냄새|가스(?:아닌|인가|인거|같)|(?:계란|달걀)[가-힣]{0,2}?썩(?:은|는)|썩(?:은|는)(?:계란|달걀)")
# A fire on the hill coming down to the village: away from the wind to open ground, not "take the stairs".
_WILDFIRE = re.compile(r"산불|(?:산|뒷산|앞산|야산)(?:에|에서|이)?[가-힣]{0,4}?불(?:이|길)|불이[가-힣]{0,10}?(?:내려와|내려오|번져|번진|번지|넘어와|넘어오)|(?:산|마을|동네)(?:쪽|으로|까지)[가-힣]{0,6}?(?:번져|번진|번지)")
# Shut in a lift or a room and cannot get out.
_TRAPPED = re.compile(r"(?:엘리베이터|엘레베이터|승강기|화장실|방|창고)[가-힣]{0,6}?(?:갇혔|갇혀|갇힌)")
# Told as a story, a show or a joke ("드라마에서 쓰러지던데", "농담이여"): not something happening to them now.
_STORY = re.compile(r"(?:드라마|연속극|티비|테레비|텔레비전|뉴스|영화|유튜브)(?:에서|에|보니까|보니|봤는데|에나오|얘기)|꿈에|꿈속|꿈을꿨|꿈꿨|노래제목|노래가사|하는노래|라는노래|농담|장난이|장난으로|호호|허허|하하|헤헤|히히|껄껄|ㅋㅋ|ㅎㅎ")
# Hurt by family or carers (bruises nobody explains, being hit): 112 and the elder-abuse line, not only 119.
_ABUSE_SIGNS = re.compile(r"멍이|멍들|때렸|때리|(?:나를|내를|날|저를|나를막)때려|때려(?:요|유|예|서|가지고|갖고|싸|대|쌓)|(?<!주사)(?<!인슐린을)(?<!인슐린)(?<!주사를)(?<!백신을)(?<!접종을)(?:맞았|맞고|맞아서|맞은데|맞은자리|맞은자국)|맞는소리|맞는다|학대|밥을안줘|밥도안줘|가둬|묶어|묶여있|묶여서|묶어놓|머리채|밀치|칼들고|칼을들|흉기"
                          r"|손찌검|손을댔|꼬집|밀친|밀쳤|밀쳐|두들겨(?:패|맞|줬)|걷어차|발로차|패(?:고|서|네|더라|요)|팼|쥐어박"
                          r"|기저귀도안|기저귀를안|밥도못드|밥도못먹|방치|굶겨|씻기지도"
                          r"|(?:몸|가슴|엉덩이|아랫도리|속옷|허벅지)[가-힣]{0,6}?(?:만지|만진|만졌|더듬)|이상하게(?:만지|만진|만졌|더듬)|성추행|추행")
# Money or freedom taken by family or carers (a pension card kept, not let out of the house): abuse,
# 112 and the elder-abuse line, even when nobody is hurt.
_FAMILY = r"(?:아들|딸|며느리|사위|자식|손자|손녀|조카|요양보호사|간병인|남편|영감|마누라|아내|동생|형|오빠|언니|누나)"
_ABUSE_STRONG = re.compile(
    _FAMILY + r"[가-힣0-9]{0,24}?(?:통장|카드|연금|도장|돈|수급비|용돈)[가-힣0-9]{0,14}?(?:뺏|빼앗|빼돌|못쓰게|안줘|안준|안주|안돌려|돌려주(?:지|질)않|(?:가져가|가져갔|가가)[가-힣0-9]{0,10}?(?:안|못|않))"
    r"|" + _FAMILY + r"[가-힣0-9]{0,24}?(?:못나가게|나가지도못|나가지말라|밖에도못|가둬|가두|감금|묶어|밥(?:을|도)안(?!먹|묵|드시|드셔|드신|자시|자셔|넘어)|굶기)"
    r"|(?:방문|문)이밖에서잠겨"
    r"|" + _FAMILY + r"[가-힣0-9]{0,24}?(?:집문서|땅문서|인감|도장|통장|카드|연금|집을|땅을)[가-힣0-9]{0,10}?"
    r"(?:내놓으라|내놔라|내노라|넘기라|넘겨라|찍으라|찍어라|팔라고|협박|윽박)"
    r"|(?:인감|도장|집문서|땅문서)[가-힣0-9]{0,20}?(?:자기앞으로|자기명의|지앞으로|지명의|제앞으로|지이름으로|명의를바꾸|등기한|넘긴다|넘기려|팔아버|몰래)"
)
# An emergency word used as exaggeration in a question ("골치 아파 죽겠다 등본은 어서 떼노").
_EXAGGERATION = re.compile(r"(?:없으면|없이는)굶어죽|죽겠|죽을맛|죽을지경|미치겠|돌아버리겠|환장하겠|속터져|철렁|덜컥|뜨끔|간떨어|십년감수|깜짝")
# Told of as over, or as a near miss ("작년에 당할 뻔했는디"): not an emergency now, whatever the words.
# (밥이 안 넘어가: food will not go down, not a scam not fallen for)
_NEAR_MISS = r"뻔했|뻔한|뻔봤|뻔하|안속았|안당했|(?<!밥도)(?<!밥이)(?<!밥은)(?<!음식이)(?<!목에)안넘어(?:갔|가)|안속고"
# Hanging up is a near miss only on a scam call (a friend who says goodbye and hangs up is not).
_HUNG_UP_ON_SCAM = re.compile(r"(?:검찰|검사|경찰|은행|사기|피싱|금감원|수사관|국세청|택배|모르는번호)[가-힣0-9]{0,30}?(?:바로끊|끊어버렸|끊어뿟|끊었|끊어부렀)")
_PAST_EVENT = re.compile(_NEAR_MISS + r"|작년|재작년|지난해|예전에|옛날에|옛날엔|지난번|몇년전|몇달전|한참전|그때는|그때참|지난주|지난달|저번주|저번달"
                         r"|(?:[0-9]+|[일이삼사오육칠팔구십백몇]+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|스물|서른|마흔|쉰|예순|일흔|여든)"
                         r"(?:년|해)(?:쯤|정도|이나|가량)?(?:전|이전)|젊었을때|젊을때|어릴때|어렸을때|왕년에"
                         r"|(?:열|스무|스물|서른|마흔|쉰|예순|[0-9]+)[가-힣]{0,2}?살(?:때|적에|무렵)|처녀때|총각때|시집올때|군대있을때|학교다닐때"
                         r"|다나았|다나아서|다나은|이제다나|이제괜찮아졌")
_NEAR_MISS_RE = re.compile(_NEAR_MISS)


def disaster_now(text: str) -> bool:
    """Water in the house, earth coming down, the ground shaking, said as happening, not feared or past."""
    c = compact(text)
    return bool(_DISASTER_NOW.search(c)) and not _HYPOTHETICAL.search(c) and not past_event(c) and not told_as_story(c)


# Someone else is the one in danger ("친구가 … 이제 간다 카고 끊었어", "남편이 농약병을 들고"): what to do for them.
_SOMEONE_ELSE = re.compile(r"(?:친구|형님|언니|오빠|누나|동생|옆집|이웃|남편|아내|마누라|영감|할매|할배|아들|딸|며느리|사위|아버지|어머니|엄마|아빠|조카)"
                           r"(?:이|가|는|도|께서)")


_REPORTED = re.compile(r"(?:싶|겠|간|끝낸|죽는|란|련|랜)다(?:고|카|캐|는|네)|싶대|겠대|간대|란대|싶다카|하더라")
# "영감 가고 나서": the one who died, not the one in danger now
_DIED = re.compile(r"(?:이|가|는|께서)?(?:가고나|간뒤|간후|가신뒤|떠나고|떠난뒤|죽고나|죽은뒤|돌아가시고|돌아가신뒤|세상떠나|먼저가)")


# The speaker's own plan ("오늘 밤에 한강에 가려고 해요"), said before anyone else is named
_OWN_PLAN = re.compile(r"(?:가|먹|끝내|뛰어내리|떠나|죽으)려고(?:해|합|하|요|그래|마음)|(?:갈|먹을|끝낼|뛰어내릴|떠날|죽을)(?:라|려)(?:고|꼬)(?:해|하|합|요|마음|생각|그래)"
                       r"|(?:갈|먹을|끝낼|뛰어내릴|떠날)까(?:싶|해|하|생각)")


def someone_else(text: str) -> bool:
    """Another person is the one in danger: named as the subject, and any wish to die is theirs
    (reported: "죽고 싶다고 해요"), not the speaker's ("남편이 죽고 나서 나도 죽고 싶어"), nor a plan
    the speaker tells of before naming anyone ("… 한강에 가려고 해요 그 전에 연금은 아들이 …")."""
    c = compact(text)
    named = [m for m in _SOMEONE_ELSE.finditer(c) if not _DIED.match(c, m.end() - 1) and not _DIED.match(c, m.end())]
    if not named:
        return False
    plan = _OWN_PLAN.search(c)
    if plan is not None and plan.start() < named[0].start() and not _REPORTED.search(c):
        return False
    return not _CRISIS.search(c) or bool(_REPORTED.search(c))


def wildfire(text: str) -> bool:
    return bool(_WILDFIRE.search(compact(text)))


# A leak checked for and found to be none ("검침원이 가스 새는지 봐 주고 갔는데 아무 이상 없다 카네")
_NO_LEAK = re.compile(r"이상(?:이)?없|이상없|괜찮다|괜찮대|괜찮다카|안샌다|안샌대|안새|멀쩡")


def gas_checked_fine(text: str) -> bool:
    c = compact(text)
    return bool(_NO_LEAK.search(c) and re.search(r"검침|점검|검사|봐주고|보고갔|살펴", c))


def gas_leak(text: str) -> bool:
    return bool(_GAS.search(compact(text))) and not gas_checked_fine(text)


def trapped(text: str) -> bool:
    return bool(_TRAPPED.search(compact(text)))


def told_as_story(text: str) -> bool:
    """A show, the news or a joke is being told about, and nothing says it is happening now."""
    c = compact(text)
    return bool(_STORY.search(c)) and not _HAPPENING_NOW.search(c)


def told_of_past(text: str) -> bool:
    """A memory or a near miss named, even with "지금도" beside it (그때 생각하면 지금도 아찔해)."""
    return bool(_PAST_EVENT.search(compact(text)))


# Remembering, not living it ("그 생각만 하면 지금도 가슴이 아파")
_REMEMBERING = re.compile(r"생각(?:하면|만하면|하믄|만하믄|나|이나|이날)|기억(?:나|이나|이)|그때를?생각")


# Now, not "still" (지금도) or "now that I think of it" (지금 생각해도)
_NOW_NOT_STILL = re.compile(r"(?:지금|방금|당장|아까부터)(?!도|생각|까지|껏)")


def remembered(text: str) -> bool:
    """Something long past told as a memory, however much "지금도" it still hurts, and nothing said to
    be happening now besides ("… 생각이 나서 무서운데 지금 가슴이 아파" is not only a memory)."""
    c = compact(text)
    return told_of_past(c) and bool(_REMEMBERING.search(c)) and not _NOW_NOT_STILL.search(c)


def past_event(text: str) -> bool:
    """An event told as over or as a near miss, with no word that it is going on now."""
    c = compact(text)
    return bool(_PAST_EVENT.search(c)) and not _HAPPENING_NOW.search(c)


# A private financial product (an insurer's policy, a bank's product, shares, a loan's interest): never a
# public service, however close the KB's 보험료 or 연금 entries score. A public programme named beside
# it (실손보험 and 본인부담상한제, 주택담보대출 and 주택연금) keeps the question in the KB's hands.
_PRIVATE_FINANCE = re.compile(
    r"보험회사|보험사(?!기)|실비|(?<!장)실손|암보험|자동차보험|차보험|간병인보험|간병보험|치아보험|종신보험|운전자보험|연금보험(?!료)"
    r"|변액|보험상품|연금상품|금융상품|즉시연금|연금저축|주식(?!회사)|코인|펀드|배당|(?:적금|예금|대출)이자|담보대출|은행대출|대출금리|이자가얼마|보험설계사|설계사")
_PUBLIC_PROGRAMME = re.compile(
    r"건강보험|국민연금|기초연금|공단|장기요양|의료급여|주택연금|농지연금|고용보험|산재|기초생활|수급|상한제|보청기|정부|나라에서"
    r"|보건소|주민센터|구청|시청|보이스피싱|피싱|사기|풍수해")


def private_finance(text: str) -> bool:
    """A question about a private financial product, with no public programme named."""
    c = compact(text)
    return bool(_PRIVATE_FINANCE.search(c)) and not _PUBLIC_PROGRAMME.search(c)


# Money, an account or numbers named: what makes an unsure scam reading said with 지금 a scam going on now.
_MONEY_OR_NUMBERS = re.compile(r"돈|만원|계좌|통장|송금|이체|입금|대출|카드|앱|어플|번호|현금|상품권|비밀번호")
# Asked to be quieter (a loudness request the other way: "목소리가 너무 커, 좀 줄여").
_QUIETER = re.compile(r"작게|줄여|줄이|낮춰|너무커|너무크|쩌렁|귀아파|귀가아파|귀가따가|귀청")
# "잠깐만 기다려", "쪼매만 기다리래이": wait
_WAIT = re.compile(r"(?:잠깐|잠시|쪼매|쪼끔|쬐끔|조금|쫌|좀)만?(?:더)?기다리|기다리(?:래이|보래이|보이소|소|시오|라이)$")


def names_money(text: str) -> bool:
    return bool(_MONEY_OR_NUMBERS.search(compact(text)))


_QUIETER_ASKED = re.compile(r"(?:소리|볼륨|목소리)[가-힣]{0,6}?(?:줄여|줄이|작게|낮춰)")


def asks_quieter_plainly(text: str) -> bool:
    """The sound named and turned down ("소리 좀 줄여"): a request whatever the classifier reads."""
    return bool(_QUIETER_ASKED.search(compact(text)))


_CROPS = re.compile(r"(?:고추|배추|벼|콩|참깨|들깨|마늘|양파|감자|고구마|사과|포도|복숭아|작물|농작물|모종|화분|과수|하우스)(?:에|이|가|잎|잎이|잎에|나무)"
                    r"[가-힣]{0,12}?(?:병|벌레|진딧물|곰팡이|썩|시들|약을?(?:쳐|뿌|줘))")


def about_crops(text: str) -> bool:
    """A blight or pests on crops or plants ("고추에 탄저병이 왔는디 무슨 약을 쳐야 돼"): not a person's health."""
    return bool(_CROPS.search(compact(text)))


def saying_nobody_hurt(text: str) -> bool:
    return bool(_NOT_HURT_SAYINGS_RE.search(compact(text)))


def idiom_of_death(text: str) -> bool:
    """죽 or 쓰러지 in a saying (약 올라 죽겠네, 배고파 죽겠다): not despair, not a collapse."""
    return bool(_IDIOM_OF_DEATH.search(compact(text)))


# "글씨로 좀 보여 줄 수 없나": the captions, not the voice
_IN_WRITING = re.compile(r"(?:글씨|글자|글)로[가-힣]{0,6}?(?:보여|써|적어|띄워)|종이에[가-힣]{0,6}?(?:적어|써)|적어(?:줄|주|달)"
                         r"|문자로[가-힣]{0,6}?(?:보내|찍어|넣어)(?:줄|주|달|줘)")
# Leaving for the night or the day, said plainly ("졸리다 이제 자야겠다 잘 있어")
_GOODBYE = re.compile(r"(?<![가-힣])잘있(?:어|거라|으소|으래이|그라|드라고|으시오)|잘계(?:세요|시소|시오|셔)|이만(?:끊|들어가|가볼|잘게|자야)"
                      r"|(?:인제|이제)(?:그만)?(?:자야겠|자러가|끊을게|끊어야|끊는다)"
                      # "이따가 다시 물어볼게 지금은 밥 먹어야 돼서": later, not now
                      r"|(?:나중에|이따가?|내일|다음에|좀있다가?|있다가)[가-힣]{0,10}?(?:다시)?(?:물어볼게|물어볼께|물어보께|할게|할께|하께|얘기할게|전화할게|올게|들어올게)")
# Sorry for a temper lost earlier ("아까 화내서 미안허요")
_APOLOGY = re.compile(r"(?:화내|화를내|성질|소리질러|소리를질러|욕해|욕을해|큰소리|짜증)[가-힣]{0,12}?(?:미안|죄송)")
# Worried the avatar cannot follow a dialect ("내가 사투리가 심한데 알아듣겠나")
_DIALECT = re.compile(r"사투리[가-힣]{0,10}?(?:알아듣|알아들|알아묵|알아먹|괜찮|되나|되것|되겠|심한데|심해서|쓰는데)")
# Worn out by the avatar, said with sarcasm ("참 똑똑하기도 하시네", "벽에다 대고 말하는 게 낫겄다")
_FRUSTRATED = re.compile(r"(?:똑똑하기도|잘나기도|대단하기도)하(?:시)?네|벽(?:에다|에|보고|하고)[가-힣]{0,4}?말하는(?:게|기)낫"
                         r"|말이안통하|이짓을(?:하고|해야|왜)"
                         # praise turned sour in the same breath ("참 똑똑하시네 … 이 모양이니 세금이 아깝다")
                         r"|(?:똑똑하|잘났|대단하|훌륭하)(?:시)?네[가-힣0-9]{0,30}?(?:이모양|아깝|헛소리|엉터리|쓸모없|한심|꼴이)")


def asks_in_writing(text: str) -> bool:
    return bool(_IN_WRITING.search(compact(text)))


# Thanks said plainly, in any dialect ("아따 고맙소잉", "고맙데이", "욕봤소")
_THANKS = re.compile(r"고맙(?:소|데이|구먼|구만|습니다|심더|네|다|어|당께|수다)|고마워(?:요|예|유)?|감사(?:합니다|해요|하요|허요|혀요)|욕봤(?:소|네|다|데이)|수고했(?:소|어|네)")
# Once more, said plainly ("한 번만 더", "다시 한번 말해 줘")
_ONCE_MORE = re.compile(r"한번만더(?:$|말|해|얘기|들려)|다시한번(?:만)?(?:말해|얘기|해줘|해주|들려)|다시(?:말해|얘기해)(?:줘|주|도|달)")


def thanks_plainly(text: str) -> bool:
    return bool(_THANKS.search(compact(text)))


def asks_once_more(text: str) -> bool:
    return bool(_ONCE_MORE.search(compact(text)))


def says_goodbye(text: str) -> bool:
    return bool(_GOODBYE.search(compact(text)))


def apologises(text: str) -> bool:
    return bool(_APOLOGY.search(compact(text)))


def worried_about_dialect(text: str) -> bool:
    return bool(_DIALECT.search(compact(text)))


def frustrated(text: str) -> bool:
    return bool(_FRUSTRATED.search(compact(text)))


def asks_wait(text: str) -> bool:
    return bool(_WAIT.search(compact(text)))


# Said to the avatar itself (its age, its name, whether it is a person), not about the speaker's day
_TO_AVATAR = re.compile(r"(?:^|\s)(?:너|니|넌|니는|너는|니가|네가|니도|너도|(?:당신|선생님|아가씨|총각|자기|상담원)(?:은|는|도|이|가)?)(?=\s|$)")
_AVATAR_WORDS = re.compile(r"당신|로봇|인공지능|프로그램|컴퓨터|몇살|이름이뭐|사람이가|사람이여|사람이야|사람이에요|사람맞|기계가|기계야|기계여")


def said_to_avatar(text: str) -> bool:
    """Small talk about the avatar itself, not a story of the speaker's day."""
    return bool(_TO_AVATAR.search(text) or _AVATAR_WORDS.search(compact(text)))


# Words of a dispute at law (a lawsuit, a contract, a debt): a question for 132, not a welfare service
_LAW_WORDS = re.compile(r"소송|재판|고소|고발|변호사|법원|판결|합의금|손해배상|위자료|계약서|계약금|보증금(?:을|를|이)?(?:안|못)|떼먹|떼였|사기죄|이혼|유언장|유류분|빚|채무|빌려준|갚으라|경매|압류|명도|내쫓|나가라")


def law_words(text: str) -> bool:
    return bool(_LAW_WORDS.search(compact(text)))


# Help asked of the state or a service ("월세 보태주는 거 있나", "지붕 고쳐주는 거 있다 카든데")
_STATE_HELP = re.compile(r"나라에서|보태주|보태준|보태줘|대주는|대준다|고쳐주|고쳐준|도와주는|도와준다|지원|혜택|수당|급여|감면|할인|공짜|무료|신청"
                         r"|돈(?:이|도)?(?:나오|나온|주는|준다|준대)")


def asks_state_help(text: str) -> bool:
    return bool(_STATE_HELP.search(compact(text)))


# Sorry, a slip of the tongue, starting over ("미안해요 말을 잘못했어요 다시 할게요")
_MISSPOKE = re.compile(r"(?:잘못말|말을잘못|말이잘못|잘못얘기|틀리게말|헛말|말이헛나|말실수)|(?:미안|죄송|아이고|아니)[가-힣]{0,6}?잘못했")


def misspoke(text: str) -> bool:
    """A slip owned and a fresh start promised: no harm done, take your time (not "say that again")."""
    return bool(_MISSPOKE.search(compact(text))) and len(text.split()) <= 8


# How to end the call ("이거 끝낼라면 어떻게 해야 되노", "어떻게 끊어")
_END_CALL = re.compile(r"(?:끝낼|끝내|끊을|끊으|끊는|끝나는|그만할|그만하|마칠|마치|끄는|끌라|끌려|끄려|끄나|끄노|끄면|꺼야)(?:라면|려면|라믄|려믄|래면|을라면|는거|는법|는건|고싶|ㄹ라면)?[가-힣]{0,6}?"
                       r"(?:어떻게|어떡|우째|우찌|어찌|뭘눌|뭐눌|뭐를눌|어디눌|어느거|어딜눌|어데눌)"
                       r"|(?:어떻게|어찌|우째|우찌|어데|어디)[가-힣]{0,6}?(?:끝내|끊어|끊나|끊노|끊는|끝나|끝내노|그만하|끄는|끄나|끄노|꺼)")


def asks_how_to_end(text: str) -> bool:
    return bool(_END_CALL.search(compact(text))) and len(text.split()) <= 10


# First time on such a call, and nervous ("이런 거 처음 해 봐서 떨리네")
_FIRST_TIME = re.compile(r"처음[가-힣]{0,8}?(?:떨리|떨려|긴장|어색|서툴|잘모르|모르겠|겁나|무섭|자신이없)|(?:떨리|떨려|긴장)[가-힣]{0,8}?처음")


def first_time_nervous(text: str) -> bool:
    return bool(_FIRST_TIME.search(compact(text)))


# A kind word about the avatar ("아가씨 목소리가 참 곱네", "설명을 참 잘하네")
_COMPLIMENT = re.compile(r"(?:목소리|얼굴|말씨|말투|설명|말을|말씀|발음)[가-힣]{0,6}?(?<!안)(?<!못)(?:곱|좋네|좋다|좋아|좋구|예쁘|이쁘|친절|잘하|최고|상냥|똑똑|참하|또랑또랑|시원시원)")


def compliments(text: str) -> bool:
    return bool(_COMPLIMENT.search(compact(text))) and not _ASKING_WHAT.search(compact(text))


_ASKING_WHAT = re.compile(r"뭐|어디|언제|어떻게|얼마|몇")


# A want said flat ("반품하고 싶은데", "등본 떼야 되는데"): a request, not a story
_WANT = re.compile(r"(?:고싶은데|고싶어|고싶다|고싶네|려고하는데|려는데|야되는데|야하는데|야겠는데|할라는데|할라카는데|할라꼬하는데|고자하는데|고잡은디|고잡은데)[.!\s]*$")


def wants(text: str) -> bool:
    return bool(_WANT.search(compact(text)))


# Investing talk (stocks, coins); with a promise too good to be true it is a likely scam
_INVEST = re.compile(r"코인|가상화폐|비트코인|리딩방|투자|주식|펀드|선물옵션|증권")
_TOO_GOOD = re.compile(r"두배|세배|곱절|원금보장|고수익|수익보장|떼돈|대박|무조건오른|무조건번|백프로|손해없")


def investing(text: str) -> bool:
    return bool(_INVEST.search(compact(text)))


def investment_pitch(text: str) -> bool:
    """"코인 … 친구가 돈 두 배 된다고": a promise of sure, doubled money, the mark of an investment scam."""
    return investing(text) and bool(_TOO_GOOD.search(compact(text)))


# Asked whether the avatar sees them ("내 얼굴 보이나 화면에 나오나"): it uses no camera
_SEEN = re.compile(r"(?:내|제)얼굴[가-힣]{0,6}?(?:보이|보여|나오|나와|비치|비쳐)|(?:나|내가|저|제가|내모습)(?:도)?(?:보이|보여)(?:나|노|요|니|냐|는가|능교|제|지)")
# The avatar's picture gone (화면이 까매, 멈췄어): the screen, not the camera
_SCREEN_TROUBLE = re.compile(r"안보|화면이[가-힣]{0,4}?(?:까맣|까매|시커|멈췄|멈춰|안나|깨졌|이상)")


def asks_if_seen(text: str) -> bool:
    c = compact(text)
    return bool(_SEEN.search(c)) and "녹" not in c and not _SCREEN_TROUBLE.search(c)


# Told news of the family or the day ("손녀 합격했다고 전화 와서 … 너무 좋아가"), not asking the avatar
_NEWS = re.compile(r"합격|붙었|졸업|결혼했|장가|시집|태어났|손주봤|손녀봤|이사했|다녀왔|갔다왔|하고왔|놀러왔|찾아왔|전화왔|전화와|생일|칠순|팔순|환갑|잔치|취직|승진")


def tells_news(text: str) -> bool:
    return bool(_NEWS.search(compact(text)))


# Asked whether this call is recorded or kept ("이거 지금 녹음되는 거요", "내 얼굴 찍히나")
_RECORDED = re.compile(
    r"(?:이거|이게|지금|여기|내말|내얼굴|내목소리|얘기|대화|이통화|이전화|우리)[가-힣]{0,8}?(?:녹음|녹화|저장되|저장돼|기록되|기록돼|기록남|찍히|찍혀|찍고|엿듣)"
    r"|(?:녹음|녹화)(?:되|돼|하|해)(?:는거|는기|는교|능교|나|노|냐|니|요|유|예|남|는가|고있|고있나|고있어)")
_RECORDING_TOPIC = re.compile(r"보이스피싱|사기|증거|신고|통화녹음해|녹음해놓|녹음해둔|녹음한거|녹음파일|카톡|병원|의사")


def asks_if_recorded(text: str) -> bool:
    """Asked whether the avatar records or keeps the call (not a scam call's recording kept as evidence)."""
    c = compact(text)
    return bool(_RECORDED.search(c)) and not _RECORDING_TOPIC.search(c) and "사람" not in c  # "사람 아니지 녹화된 거여": who


# Told as over and fine ("이제 다 나았어", "괜찮어 파스 붙이믄 돼")
_RESOLVED = re.compile(r"다나았|이제나았|나았어|괜찮어|괜찮아|괜찮다|괜찮제|괜찮혀|괜찮아졌|살았제|살았어|막아줘서|바꿔줘서")


def told_as_over(text: str) -> bool:
    """An everyday mishap told as over or as fine: listened to, never referred elsewhere."""
    c = compact(text)
    return bool(_RESOLVED.search(c) or _NEAR_MISS_RE.search(c))


def asks_quieter(text: str) -> bool:
    return bool(_QUIETER.search(compact(text)))


# How not to fall for it ("안 당할라면 뭘 조심해야 돼요"): prevention, not stop-payment
_PREVENTION = re.compile(r"안당하(?:려|게|도록|ㄹ라)|안당할라|안당할려|당하지않(?:으려|을려|게|도록)|안속(?:으려|을려|을라|게|도록)"
                         r"|예방|조심해야|조심할")


def asks_prevention(text: str) -> bool:
    return bool(_PREVENTION.search(compact(text)))


# on the spoken text: 자살 as a word ("혼자 살면" compacts to 혼자살면)
_SUICIDE_NAMED = re.compile(r"(?<![가-힣])자살(?!골)|극단적\s?선택")


def names_suicide(text: str) -> bool:
    """Suicide named (a neighbour worried about, the news): any help asked for it includes the 109 line."""
    return bool(_SUICIDE_NAMED.search(text))


def near_miss(text: str) -> bool:
    """It almost happened ("당할 뻔했는디", "안 속았어"): nothing to stop now."""
    c = compact(text)
    return (bool(_NEAR_MISS_RE.search(c) or _HUNG_UP_ON_SCAM.search(c)) and not _HAPPENING_NOW.search(c)
            and not re.search(r"(?<!안)(?<!못)" + _SENT, c))


def disaster(text: str) -> bool:
    return bool(_DISASTER.search(compact(text)))


def abuse_signs(text: str) -> bool:
    """Harm (blows, bruises, neglect) or money or freedom taken by family (``abuse_by_family``)."""
    c = compact(text)
    return bool(_ABUSE_SIGNS.search(c) or _ABUSE_STRONG.search(c))


_BY_OTHERS = re.compile(_FAMILY + r"|요양원|요양병원|요양보호사|간병인|시설에서|보호사")


def abuse_signs_by_others(text: str) -> bool:
    """Bruises, blows or being tied, with family or carers named: abuse, however the classifier reads it."""
    c = compact(text)
    return bool(_ABUSE_SIGNS.search(c) and _BY_OTHERS.search(c)) or bool(_ABUSE_STRONG.search(c))


def family_named(text: str) -> bool:
    """A family member or a carer is named (money or things they take are abuse, not a robbery)."""
    return bool(re.search(_FAMILY, compact(text)))


# Harm heard through the wall (screams, blows, things smashed next door): the witness calls 112
_NEIGHBOUR = r"(?:옆집|윗집|아랫집|앞집|이웃집|이웃|옆방|윗층|위층|아래층|복도|건너편집)"
_HARM_HEARD = (r"(?:비명|사람살려|살려(?:달라|줘|주세요|주이소)|때리는소리|맞는소리|퍽퍽|퍽하는|부수는소리|깨지는소리|던지는소리"
               r"|우당탕|와장창|쿵쾅[가-힣]{0,6}?(?:비명|울|소리지르)|소리를?지르[가-힣]{0,6}?(?:울|맞|때리|살려))")
_NEIGHBOUR_HARM = re.compile(_NEIGHBOUR + r"[가-힣0-9]{0,30}?" + _HARM_HEARD + "|" + _HARM_HEARD + r"[가-힣0-9]{0,20}?" + _NEIGHBOUR)


def neighbour_harm(text: str) -> bool:
    """Screams or blows heard from a neighbour's home ("참견할 일은 아니지만"): report it to 112."""
    return bool(_NEIGHBOUR_HARM.search(compact(text)))


def abuse_by_family(text: str) -> bool:
    """Money or freedom taken by a family member or carer: abuse even without a blow."""
    return bool(_ABUSE_STRONG.search(compact(text)))


def exaggeration(text: str) -> bool:
    return bool(_EXAGGERATION.search(compact(text)))


# Signs of a suicide attempt that make any urgent reading a crisis (a note, a farewell, a rope).
_CRISIS_SIGN_WORDS = (r"손목(?:을)?(?:좀|살짝|막|칼로)?(?:그었|그어|긋|베었|벴|그서)|유서|작별|죽는다고|죽겠다고하|끈을들|끈을찾|밧줄|목을매|목매|목을맬|목맬|번개탄|뛰어내|투신"
                      r"|내일이면[가-힣]{0,4}?(?:없을|없겄|없겠|가고없)"
                      # thanks for everything, the bank password left for a daughter, "now I'll rest"
                      r"|(?:그동안|그간|여태)[가-힣]{0,4}?고마웠[가-힣]{0,60}?(?:편히쉴|쉴라고|쉴란다|쉬련다|쉬어야겠|갈란다|떠날)"
                      r"|(?:비밀번호|통장|도장|집문서)[가-힣0-9]{0,30}?전해[가-힣]{0,20}?(?:편히|푹)쉴"
                      r"|(?:통장|도장|집문서|땅문서|보험증서|유서)[가-힣]{0,24}?(?:전해|맡겨|부탁)[가-힣]{0,12}?(?:갈란다|가련다|갈끼다|떠난다|떠날란다)"
                      r"|떠날준비|마지막인사|먼저갈게|먼저간다|먼저가께|다나눠주|다나눠줬|다나눠줘|물건을다정리|신변정리"
                      r"|미련(?:이)?없|다정리했|농약병|농약을들|농약들고|약병을들"
                      # belongings given away because "I won't need them any more"
                      r"|(?:다|전부|몽땅|싹)[가-힣]{0,12}?(?:줬|줘버렸|나눠줬|넘겨줬|물려줬|정리했)[가-힣]{0,12}?(?:더|이제|인자)?(?:필요없|쓸데없|쓸일없|쓸일이없)"
                      # thanks said as a goodbye with a pet or the papers left in someone's care
                      r"|고마웠[가-힣]{0,24}?(?:강아지|고양이|개|화분|통장|도장|열쇠)[가-힣]{0,12}?(?:맡겨|맡기|맡아|부탁|줘놨|주고)"
                      r"|(?:강아지|고양이|화분|통장|도장|열쇠)[가-힣]{0,12}?(?:맡겨|맡기|부탁)[가-힣]{0,20}?고마웠"
                      # pills gathered to be taken (a plan, not yet swallowed)
                      r"|(?:약|수면제|농약)[가-힣0-9]{0,12}?(?:먹을라고|먹으려고|먹을려고|먹을란다|먹어버릴|묵을라꼬|묵을끼다|삼킬라고)"
                      r"|(?:약|수면제|농약)[가-힣0-9]{0,12}?(?:털어넣|다먹|다묵|삼키)[가-힣]{0,2}?(?:고싶|을라|으려|려고|을까|버릴)"
                      r"|(?:강아지|고양이|개|화분)[가-힣]{0,12}?(?:맡아|맡길|부탁)[가-힣]{0,20}?(?:멀리|떠날|떠나|먼길)"
                      r"|(?:다리위|옥상|난간|한강|강가|저수지|바닷가)[가-힣]{0,6}?(?:서있|올라와|올라왔|와있|나와있)[가-힣]{0,16}?(?:깊|높|뛰어|떨어지|마지막|그만)"
                      # over a railing or a window frame
                      r"|(?:난간|창틀)[가-힣]{0,3}?(?:올라가|올라서|올라갔|올라섰|매달|넘어가|넘어갔)")
_CRISIS_SIGNS = re.compile(_CRISIS_SIGN_WORDS)
# The act is at hand (those signs, or a roof, a bridge, pills or charcoal ready): 119 / 112 before the 109 line.
_CRISIS_NOW = re.compile(_CRISIS_SIGN_WORDS + r"|옥상|다리위|난간|한강|강물|연탄피워|줄을매|약을모아|모아놨|칼을|손목|간다고잘있|바다에들|바당에들|강에들어|저수지에|(?:바다|바당|강물|저수지)에[가-힣]{0,5}?(?:들어가|뛰어들)")


# Any word of despair, loss of will or ending: without one, a half-sure "crisis" reading is the
# classifier guessing ("둘이 다 받으면 깎인다 카던데 참말이가" read as a crisis).
_CRISIS_HINT = re.compile(
    r"죽|살기|살고|살아서|살쿠|못살|힘들|힘드|외로|우울|울적|끝내|끝낼|사라지|사라질|떠나|떠날|귀찮|버티|견디|괴로|괴롭|눈물|희망"
    r"|의미가|쓸모|짐이|짐만|미안하|고마웠|잘있|그만|약을|뛰어|바다|강에|옥상|다리위|유서|작별|마지막|편해지|편하겠|잠들"
    r"|미련|정리했|농약"
)


# How to die asked of pills or a height ("수면제 한 통 다 먹으면 안 아프게 가나"): a wish to die, not pills
# already swallowed; the 109 line, not the poisoning reply
_MEANS_ASKED = re.compile(
    r"(?:약|알약|수면제|잠오는약|진통제|농약|제초제|연탄|번개탄|옥상|다리)[가-힣0-9]{0,14}?(?:먹으면|삼키면|넣으면|먹어도|먹을까|마시면|피우면|뛰어내리면|떨어지면)"
    r"[가-힣]{0,10}?(?:가나|가노|갈수|죽나|죽노|죽을까|죽을수|안아프|안아파|편하게|편히|잠들|끝나|깨지않|못깨)")


def means_asked(text: str) -> bool:
    return bool(_MEANS_ASKED.search(compact(text)))


def crisis_hint(text: str) -> bool:
    return bool(_CRISIS_HINT.search(plain(text)))


def crisis_signs(text: str) -> bool:
    return bool(_CRISIS_SIGNS.search(compact(text)))


# Everything to be settled now, with one's own death or funeral in the same breath ("나 죽으믄 그걸로
# 하믄 되겄네 이제 다 정리할라고요"): a sign even though "when I die" sounds like a what-if.
_SETTLING_NOW = re.compile(r"(?:이제|인자|인제|이젠)[가-힣]{0,4}?다(?:정리|처분|나눠)(?:할라|하려|할려|할란|할끼|해야겠|할거|할께|할게|하고갈)"
                           r"|(?:정리|처분)(?:좀)?(?:해놓을|해놓으|해둘|해두려|해놔야)[가-힣]{0,20}?(?:내가|나)곧(?:떠날|떠나|갈거|간다)")
_OWN_DEATH = re.compile(r"(?:나|내가|내|나도)(?:죽으|죽거든|죽고|가고나|떠나고|없어지|곧떠날|곧떠나|곧갈거)|장례|장례비|묻어|화장해|영정")


def settling_affairs(text: str) -> bool:
    c = compact(text)
    return bool(_SETTLING_NOW.search(c) and _OWN_DEATH.search(c)) and not bool(_STORY.search(c))


def crisis_now(text: str) -> bool:
    """A wish to die with the means or the place at hand: emergency services first."""
    return bool(_CRISIS_NOW.search(compact(text)))


#: the family "better off" without the speaker: despair said as relief for others, a classifier that
#: reads a question about papers around it does not veto it
_BETTER_OFF_GONE = re.compile(r"(?:내가|나만|내만|나하나|나하나만)(?:없어지면|없으면|사라지면|가고나면|죽으면)[가-힣]{0,6}?"
                              r"(?:다들|모두|식구들|자식들|애들)?[가-힣]{0,4}?편(?:해질|하겠|할|해지)")


def better_off_gone(text: str) -> bool:
    return bool(_BETTER_OFF_GONE.search(plain(text)))


def urgent_kind(text: str) -> str | None:
    """``"crisis"`` (wish to die), ``"medical"`` (119 situations) or None."""
    c = plain(text)
    if _CRISIS.search(c) or _BETTER_OFF_GONE.search(c):
        return "crisis"
    if _overdose(c) or (_URGENT_STRONG.search(c) and clear_urgent(c)):
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
_SENT = (r"(?:보냈|보내버렸|보내줬|보내드렸|보내놨|부쳤|옮겼|옮겨놨|옮겨놓았|이체했|이체해버렸|이체해놨|송금했|줘버렸|넣었|넣어놨"
         r"|찾아줬|알려줬|불러줬|깔았|갈쳐줬|가르쳐줬|가르쳐드렸|일러줬)")
_PHISHING_VICTIM = re.compile(
    # (a lease-deposit fraud, 전세사기, is a matter for HUG and the police, not a bank's stop-payment)
    r"(?:보이스피싱|피싱|(?<!전세)사기|이상한전화|수상한전화|사기전화)[가-힣0-9]{0,10}?(?:당했|당한것|같아요|같은데|걸려|맞아요|맞나요|인가요|일까요)"
    r"|(?:돈|현금|앱|어플|비밀번호)[가-힣0-9]{0,6}?" + _SENT + r"[가-힣0-9]{0,20}?(?:사기|이상|속|가짜|연락이안|피싱|모른다|모른대|모르더|아니래|아니라카|아니라네"
    r"|잘못된|잘못한|수상|찜찜|께름)"
    # moved to a "safe account" a caller named: money gone
    + r"|안전계좌[가-힣0-9]{0,20}?" + _SENT
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
    + r"|(?:어떤사람|모르는사람|낯선사람|웬사람|누가와|직원이라는|검사라는|경찰이라는|수사관이라는|은행에서왔|라는사람|라던사람)[가-힣0-9]{0,30}?"
    r"(?:현금|돈|만원|천만|백만)[가-힣0-9]{0,12}?(?:줘버렸|줘뿟|줘부렀|줘삐|줬어|줬다|줬는데|건넸|건네줬|넘겼|넘겨줬|맡겼|가져갔|가져가버렸|들고갔)"
)


# A remote-control app already on the phone: the phone off, the bank stopped from another phone.
# An app installed is everyday ("카톡 깔았는데 어떻게 써요") unless someone told them to or a link did it.
_APP_INSTALLED = re.compile(r"(?:앱|어플|프로그램|원격|뭐가|뭔가|뭐시|뭘|뭐를|이상한거)[가-힣0-9]{0,12}?(?:깔았|깔아버렸|깔아줬|깔렸|깔리|설치했|설치해버렸|설치됐|설치되|설치해줬)")
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
_CASH_PICKUP = re.compile(r"(?:돈|현금|찾은돈|찾아놓|찾아놨|인출)[가-힣0-9]{0,30}?(?:받으러|가지러|가질러|찾으러|수거하러)[가-힣]{0,4}?(?:온다|온대|온다네|오기로|와요|오네|온다카|온다해)"
                          # told to keep the cash at home, drawn, and "someone comes later"
                          r"|(?:집에|집에다)[가-힣]{0,3}?(?:두라|놔두라|보관하라|갖고있으라|가지고있으라)[가-힣0-9]{0,40}?(?:사람|직원|수사관|누가)[가-힣]{0,4}?(?:온대|온다|오기로|온다카|온다해|올거)")


def cash_pickup(text: str) -> bool:
    return bool(_CASH_PICKUP.search(compact(text)))


# Water in an underground car park or basement: never go down for the car
_FLOOD_BELOW = re.compile(r"(?:지하주차장|지하실|지하차고|주차장|반지하)[가-힣]{0,10}?물이[가-힣]{0,6}?(?:들어차|들어와|차오르|차올라|차고|찼|넘쳐)")


def flood_below(text: str) -> bool:
    return bool(_FLOOD_BELOW.search(compact(text)))


def gift_card_sent(text: str) -> bool:
    return bool(_GIFT_CARD_SENT.search(compact(text)))


_HAPPENING_NOW = re.compile(_JIGEUM + r"|가지러온|받으러온|가는길|가는중|하고있|깔고있|통화중|전화중|시키는대로|기다리래|끊지말|끊지마|밖에서기다")


# Someone in touch: a caller, a text, a stranger or an app (not "비트코인 지금 해도 돼", a plan of one's own)
_IN_TOUCH = re.compile(r"불러주|불러준|(?:으|하|이)라고|하래|라캐|라카|전화|문자|카톡|톡이|톡으로|메시지|연락|사람이|사람한테|놈이|직원|검찰|검사|경찰|은행|금감원|수사|앱|어플|링크|택배|우체국|아들이라|딸이라|엄마라")


def someone_in_touch(text: str) -> bool:
    return bool(_IN_TOUCH.search(compact(text)))


def happening_now(text: str) -> bool:
    """The scam is going on as the person speaks (on the phone, on the way to the bank)."""
    return bool(_HAPPENING_NOW.search(compact(text)))


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


def phishing_kind(text: str) -> str | None:
    """``"pressure"`` (someone asks for money / an app), ``"victim"`` (already fell for it), ``"asked"``
    (money sent asked about beforehand, or someone else's loss told) or None."""
    c = compact(text)
    if _PHISHING_VICTIM.search(c) or identity_sent(c) or _GIFT_CARD_SENT.search(c):
        if (_HYPOTHETICAL.search(c) or _VICTIM_REPORTED.search(c)) and not _HAPPENING_NOW.search(c) and not (
                _SENT_ON_A_DAY.search(c) and not _VICTIM_REPORTED.search(c)):
            return "asked"  # "나중에 보냈으면 막을 수 있나, 미리", "옆집 할매가 당했다대": asked, not lost now
        return "victim"
    if _PHISHING_PRESSURE.search(c):
        return "pressure"
    return None


# --- statement or question ------------------------------------------------------------------------
# Question words, question and request endings (standard and dialect). Spoken Korean often drops the
# question mark and "먹었어요" is both, so this only separates telling from asking where the words show it.
_ASKING = re.compile(
    r"[?？]|뭐|뭘|무슨|무엇|어디|어데|어느|언제|어떻|어때|어떡|어찌|어째|우째|우찌|왜|누가|누구|몇|얼마|참말|정말이|맞나|맞제|맞지|인가|는가"
    r"|(?:나요|까요|가요|니까|ㄹ까|을까|는지|은지|인지|나유|까유|능교|는교|노|나|냐|니|가|까|래|지요|죠|당가|랑가|께라|니꺼|니꺼예|니껴)$"
    r"|줘|주세요|주이소|주라|줄래|알려|가르쳐|해봐|말해봐|추천|되나|됩니까|있나|없나|있어요$|없어요$|돼요$|되요$"
    r"|줄수있|(?:수있어|수있나|수있소|수있을까|수있겠나)$|겄소|겠소|도되|도돼|도괜찮|맞소|아니요$|(?<!다\s)(?<!다)아이가|카나|카대요|던데요?$|다던데|라던데|는감|나베|까예|능가"
    # asking the avatar about itself, for a song or an opinion; tomorrow's weather said flat
    r"|^(?:너는|니는|너도|니도|당신은|아가씨는|아가씨도|자네는)|불러봐|불러줘|어떤|까말까|뭐가좋"
    r"|(?:내일|모레|오늘|이번주|주말)(?:에|은|는)?(?:비|눈|날씨)(?!가?(?:참|너무|억수로|디게|되게|정말|진짜)?(?:좋|맑|화창|포근|따뜻|선선))"
    # a past tense asked with -나 mid-sentence (이겼나 졌나), hearsay to be confirmed (나온다매, 아니라메),
    # worth it (살 만해요), the avatar addressed (선생님은 …), is it only me (나만 그래요)
    r"|(?:었|았|였|겼|졌|했|됐|갔|왔|셨)나(?:\s|$)(?!봐|보|싶)|(?:라|다)(?:매|메|며|면서)(?:\s|$)"
    r"|만해요$|만한가|만할까|(?:법|방법)좀(?:요)?$|(?:있|없)(?:소|수|수꽈|우꽈)$|^(?:선생님은|선생님도|상담원은|상담원도|댁은|그쪽은|거기는)|나만그래|나만그런"
)
# "교회가 좋아요 절이 좋아요": the same last word said twice offers a choice
_CHOICE = re.compile(r"(\S{2,})\s.+\s\1$")


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
    return not _ASKING.search(t) and not _ASKING.search(compact(t)) and not _CHOICE.search(t)


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
