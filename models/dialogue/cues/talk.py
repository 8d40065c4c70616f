"""What the person tells or asks about, where the words decide the route rather than the topic.

A want said flat is a request, not a story (``wants``); news of the family or the day is told, not asked
(``tells_news``). Some questions are not for the welfare knowledge base however close it scores: a dispute at
law (``law_words``), a private financial product (``private_finance``), a blight on crops (``about_crops``);
help asked of the state or a service (``asks_state_help``) keeps a question there.
"""

from __future__ import annotations

import re

from models.dialogue.cues.kin import CHILDREN, CHILDREN_IN_LAW, GRANDCHILDREN, PARENTS_IN_LAW, SPOUSE, alt
from models.dialogue.cues.text import compact

# A want said flat ("반품하고 싶은데", "등본 떼야 되는데"): a request, not a story
_WANT = re.compile(r"(?:고싶은데|고싶어|고싶다|고싶네|려고하는데|려는데|야되는데|야하는데|야겠는데|할라는데|할라카는데|할라꼬하는데|고자하는데|고잡은디|고잡은데)[.!\s]*$")


def wants(text: str) -> bool:
    return bool(_WANT.search(compact(text)))


# Told news of the family or the day ("손녀 합격했다고 전화 와서 … 너무 좋아가"), not asking the avatar
_NEWS = re.compile(r"합격|붙었|졸업|결혼했|장가|시집|태어났|손주봤|손녀봤|이사했|다녀왔|갔다왔|하고왔|놀러왔|찾아왔|전화왔|전화와|생일|칠순|팔순|환갑|잔치|취직|승진")


def tells_news(text: str) -> bool:
    return bool(_NEWS.search(compact(text)))


# Words of a dispute at law (a lawsuit, a contract, a debt): a question for 132, not a welfare service
_LAW_WORDS = re.compile(r"소송|재판|고소|고발|변호사|법원|판결|합의금|손해배상|위자료|계약서|계약금|보증금(?:을|를|이)?(?:안|못)|떼먹|떼였|사기죄|이혼|유언장|유류분|빚|채무|빌려준|갚으라|경매|압류|명도|내쫓|나가라")


def law_words(text: str) -> bool:
    return bool(_LAW_WORDS.search(compact(text)))


# Help asked of the state or a service ("월세 보태주는 거 있나", "지붕 고쳐주는 거 있다 카든데")
_STATE_HELP = re.compile(r"나라에서|보태주|보태준|보태줘|대주는|대준다|고쳐주|고쳐준|도와주는|도와준다|지원|혜택|수당|급여|감면|할인|공짜|무료|신청"
                         r"|돈(?:이|도)?(?:나오|나온|주는|준다|준대)")


# A service asked of an office after the chat ("바퀴벌레 … 근데 방역 소독 그런 거 동네서 해주나", "요새는
# 소화기 같은 거 나눠주나"): a question, whatever the classifier's chat reading; the answer or where to ask
_SERVICE_ASKED = re.compile(r"(?:해|나눠|대|갖다|가져다|달아|고쳐|챙겨|봐)주(?:나|는가|는교|능교|냐|노|나요|는지|는데있|는거있|는데없|는거없)"
                            r"|(?:해|나눠|달아|고쳐|봐)준다(?:요|요잉|매|며|던데|던디|카던데|하던데)"
                            r"|(?:구청|시청|군청|주민센터|동사무소|보건소|면사무소|읍사무소)(?:에서|서)[가-힣]{0,12}?(?:하나|해주|주나|있나|되나|받나)")


def asks_a_service(text: str) -> bool:
    return bool(_SERVICE_ASKED.search(compact(text)))


def asks_state_help(text: str) -> bool:
    return bool(_STATE_HELP.search(compact(text)))


# Something heard of, said at the end as the question ("집에 뭐 달아주는 기계 있다던데", "그거 뭐라 카더라"):
# a request to be told about it, though it ends like a statement
_HEARD_OF = re.compile(r"(?:있다|한다|해준다|준다|나온다|된다|봐준다|달아준다)(?:던데|카던데|하던데|카데|매|며|드만|드라|더라|카더라|하더라)(?:요)?$"
                       r"|뭐라(?:카|하|그러)더라(?:요)?$|뭐라카노$|뭐라하노$")


def heard_of_something(text: str) -> bool:
    return bool(_HEARD_OF.search(compact(text)))


# A private financial product (an insurer's policy, a bank's product, shares, a loan's interest): never a
# public service, however close the KB's 보험료 or 연금 entries score. A public programme named beside
# it (실손보험 and 본인부담상한제, 주택담보대출 and 주택연금) keeps the question in the KB's hands.
_PRIVATE_FINANCE = re.compile(
    r"보험회사|보험사(?!기)|실비|(?<!장)실손|암보험|자동차보험|차보험|간병인보험|간병보험|치아보험|종신보험|운전자보험|연금보험(?!료)"
    r"|변액|보험상품|연금상품|금융상품|즉시연금|연금저축|주식(?!회사)|코인|펀드|배당|(?:적금|예금|대출)이자|담보대출|은행대출|대출금리|이자가얼마|보험설계사|설계사"
    r"|대부업|사채|카드론|현금서비스|복권|로또|카드포인트|포인트가쌓|포인트로")
_PUBLIC_PROGRAMME = re.compile(
    r"건강보험|국민연금|기초연금|공단|장기요양|의료급여|주택연금|농지연금|고용보험|산재|기초생활|수급|상한제|보청기|정부|나라에서"
    r"|보건소|주민센터|구청|시청|보이스피싱|피싱|사기|풍수해"
    r"|등본|초본|증명서|가족관계|인감|주민등록")  # a public paper an insurer asks for ("보험회사서 초본을 떼 오라는데")


# One's own bet on stocks, whatever public body it names ("국민연금이 … 주식 샀다 카던데 나도 따라 사믄")
_OWN_BET = re.compile(r"주식[가-힣0-9]{0,12}?(?:따라사|따라서사|따라사믄|돈벌|벌겄|벌까|벌수|오를까|오르겄|오르나)")


def private_finance(text: str) -> bool:
    """A question about a private financial product (lottery tickets and card points too), with no public
    programme named, or a bet on stocks whatever it names."""
    c = compact(text)
    return bool(_PRIVATE_FINANCE.search(c)) and not _PUBLIC_PROGRAMME.search(c) or bool(_OWN_BET.search(c))


_CROPS = re.compile(r"(?:고추|배추|벼|콩|참깨|들깨|마늘|양파|감자|고구마|사과|포도|복숭아|작물|농작물|모종|화분|과수|하우스)(?:에|이|가|잎|잎이|잎에|나무)"
                    r"[가-힣]{0,12}?(?:병|벌레|진딧물|곰팡이|썩|시들|약을?(?:쳐|뿌|줘))")


def about_crops(text: str) -> bool:
    """A blight or pests on crops or plants ("고추에 탄저병이 왔는디 무슨 약을 쳐야 돼"): not a person's health."""
    return bool(_CROPS.search(compact(text)))


# Cooking asked ("갓김치 담글라믄 멸치젓을 얼매나 넣어야"): how much of what goes in a dish, not a dose
_COOKING = re.compile(r"김치|깍두기|담글|담그|젓갈|멸치젓|새우젓|액젓|양념|고춧가루|찌개|국물|육수|반찬|나물|장아찌|식혜|떡국|만두|"
                      r"요리|레시피|끓이|볶|무쳐|무치|절여|절이")
_BODY = re.compile(r"혈압|당뇨|혈당|약을|약은|약이|병원|의사|아프|아파|통증|몸에|먹어도되|먹으면안|드셔도|환자|수술")


def about_cooking(text: str) -> bool:
    """A dish and how to make it, with no illness or medicine in the words."""
    c = compact(text)
    return bool(_COOKING.search(c)) and not _BODY.search(c)


# A family matter asked about (how to take a daughter-in-law's sharp words, a son who does not call):
# the avatar cannot advise on it, but a welfare centre's counsellor listens for free
_KIN = alt(CHILDREN, CHILDREN_IN_LAW, GRANDCHILDREN, SPOUSE, PARENTS_IN_LAW, "시누", "올케", "동서", "형제", "자매", "사돈")
_FAMILY_MATTER = re.compile(
    _KIN + r"[가-힣]{0,20}?(?:말을?(?:툭툭|함부로|막|험하게|밉게)|서운|섭섭|싸우|싸웠|다투|다퉜|사이가|속상|잔소리|한소리|무시"
    r"|(?:전화|연락)[가-힣]{0,4}?안(?:하|해|와|오|받|줘|주)|안찾아|발길|미워|밉|눈치|참아야|참을까)"
)


def family_matter(text: str) -> bool:
    """A family relation asked about (feelings, quarrels, not calling), with no harm in the words."""
    return bool(_FAMILY_MATTER.search(compact(text)))


# A family matter at law (custody, divorce, an inheritance fought over): for 132, never a welfare entry
# about grandchildren, spouses or land that shares its words
_FAMILY_LAW = re.compile(r"양육권|친권|면접교섭|갈라서|갈라선|갈라설|재산분할|이혼소송|이혼하면[가-힣]{0,6}?(?:누가|누구|재산|집|돈)|위자료"
                         # an inheritance fought over ("형제들끼리 아버지 땅 나누는 문제로 싸우는데"): who gets what is law
                         r"|(?:유산|상속|땅|재산|집)[가-힣]{0,12}?(?:싸우|싸워|싸움|쌈났|쌈이|분쟁|다투|다퉈|나누는문제|혼자(?:서)?(?:다|몽땅|싹)?(?:가질|가지려|먹으려|먹을라|차지)|독차지|가로채|가로챌|몫)"
                         r"|(?:내|제|우리)몫"
                         # who raises the grandchildren after a divorce ("이혼한다고 하는데 손주는 누가 키우게 되는 거여")
                         r"|이혼[가-힣]{0,16}?(?:누가|누구)[가-힣]{0,4}?(?:키우|데려|맡|가져)")


def family_law(text: str) -> bool:
    return bool(_FAMILY_LAW.search(compact(text)))


# A phone or an app's use asked about ("쿠팡서 기저귀 시키는 거 어떻게 누르노", "카톡으로 사진 우째 보내노"):
# no question for the avatar's knowledge base nor about the avatar itself, but one the free smartphone
# classes answer. A link or a caller asking for money is a scam's question and is read elsewhere.
_APP = re.compile(r"카톡|카카오톡|카카오|유튜브|유투브|쿠팡|배민|배달의민족|배달앱|요기요|네이버|구글|인스타|페이스북|당근마켓|"
                  r"앱|어플|애플리케이션|스마트폰|핸드폰|휴대폰|휴대전화|폰으로|폰에|폰에서|폰이|와이파이|블루투스|"
                  r"영상통화|문자보내|문자를보내|사진보내|사진을보내|사진찍|동영상|벨소리|알람|글씨크기|글자크기|단톡|이모티콘|"
                  r"인터넷뱅킹|모바일뱅킹|은행앱|기프티콘|큐알|QR|qr")
_HOW = re.compile(r"어떻게|어떡|우째|우찌|우예|우얘|어떵|어찌|어케|어캐|(?:하|허|쓰|키우|크게하|크게허)는(?:법|방법)|누르|눌러|깔아|까는|설치")
_NOT_PHONE_HELP = re.compile(r"고장|안켜|안커|죽어|꺼져|꺼졌|깨졌|물에빠|떨어뜨|잃어|분실|링크|주소를?눌|url|URL|보이스피싱|사기|(?:돈|현금|만원|계좌)[가-힣0-9]{0,6}?보내라|송금하라|입금하라|원격|악성|해킹|배우|교육|가르쳐주는|수업")


def phone_how_to(text: str) -> bool:
    """How to do something on a phone or in an app is asked, with no scam in the words."""
    c = compact(text)
    return bool(_APP.search(c) and _HOW.search(c)) and not _NOT_PHONE_HELP.search(c)


# What happened on TV, in a game or to a singer, asked ("어제 그 연속극 마지막에 며느리가 우예 됐노", "기아
# 이겼능가", "임영웅이 장가갔다 카는 말이 참말이가"): not chat to thank for, but a question the avatar
# cannot answer (it has no TV or news)
_MEDIA = re.compile(r"연속극|드라마|테레비|텔레비전|트로트|노래자랑|가요무대|경기결과|임영웅|영탁|송가인|이찬원|나훈아|조용필"
                    # short words only where a word starts (수리 맡길랑가 holds 가수 across two words)
                    r"|(?<![가-힣])(?:가수|배우|야구|축구|배구|농구|씨름|골프|티비|경연|탤런트|연예인)")


# the set itself in trouble (리모컨이 안 먹는데, 채널이 안 나와): a repair, not the news
_SET_BROKEN = r"리모컨|고장|안켜|안커|고쳐|고치|수리"  # the set itself broken, whatever else is asked
_SET_TROUBLE = re.compile(_SET_BROKEN + r"|안나와|안나오|안먹|채널|화면이|소리가안")


# when a show is on, or on which channel ("연속극 몇 시에 하나요 채널을 못 찾겠어"): the show, not the set
_SHOW_TIME = re.compile(r"몇시|언제|무슨요일|몇번채널|채널(?:을|이|은)?(?:몇|못찾|어디|뭐)")


def asks_about_media(text: str) -> bool:
    """A TV show, a game, a singer or a song is asked about (not the set itself being broken)."""
    c = compact(text)
    return bool(_MEDIA.search(text)) and (not _SET_TROUBLE.search(c) or bool(
        _SHOW_TIME.search(c) and not re.search(_SET_BROKEN, c)))


# A political opinion asked of the avatar ("이번 대통령 잘 하구 있는 거여 니 생각은 어뗘"), not where to vote
_POLITICS = re.compile(r"대통령|정치|국회|여당|야당|정당|국회의원|도지사|국무총리|선거|대선|총선|투표")
_OPINION = re.compile(r"잘하|못하|잘한|못한|잘허|못허|누구찍|누굴찍|누구뽑|누굴뽑|누구를찍|(?:니|너|네|느)(?:생각|는어|는우)|어떻게생각|어뗘|어때|어떠냐|어떻노|좋아하|싫어하|편이")


def asks_political_opinion(text: str) -> bool:
    """What the avatar thinks of a politician or a party is asked."""
    c = compact(text)
    return bool(_POLITICS.search(c) and _OPINION.search(c))


# Which product to buy, asked ("노인들 보는 폰은 어떤 게 좋으냐 큰 글씨 나오는 거"): a shop's question
_PRODUCT = re.compile(r"폰|핸드폰|휴대폰|휴대전화|스마트폰|안마의자|안마기|영양제|밥솥|냉장고|세탁기|티비|텔레비|테레비|가습기|제습기|전기장판|온수매트"
                      r"|선풍기|에어컨|청소기|보행보조기|실버카|유모차|라디오|돋보기|신발|운동화|등산화|이불|침대")
_WHICH_TO_BUY = re.compile(r"(?:어떤|어느|무슨|뭔)(?:게|걸|거|것이|걸로|거를|(?:제품|회사|브랜드)(?:게|거|꺼|것)?)(?:가|이)?(?:좋|나아|낫|괜찮|싸|사야|살까|사믄|사면)"
                           r"|뭐가(?:좋|나아|낫|괜찮)|뭘(?:사야|살까|사믄|사면)|추천(?:해|좀)|(?:사|장만하)(?:야|면|믄)[가-힣]{0,4}?(?:좋|나아|낫)"
                           # worth buying (살 만하나), and whose make is good in 경상도 words (어데 께 좋노)
                           r"|(?:살|사볼|장만할)만(?:하|한|해)|(?:어데|어디|어느)(?:께|꺼|것)(?:가|이)?(?:좋|나아|낫|괜찮)")


def asks_which_to_buy(text: str) -> bool:
    """Which product to buy is asked (a phone, a massage chair, a rice cooker)."""
    c = compact(text)
    return bool(_PRODUCT.search(c) and _WHICH_TO_BUY.search(c))


# A name asked to be made up ("증손주 이름을 지어야 쓴디 좋은 이름 하나 지어 주쇼")
_NAMING = re.compile(r"이름(?:을|좀|하나|도)?[가-힣]{0,6}?(?:지어|짓어|지어다)(?:줘|주쇼|주이소|주라|줄래|주소|주세요|주시|봐|도|주까|줄수)|작명(?:해|좀)")


def asks_for_a_name(text: str) -> bool:
    return bool(_NAMING.search(compact(text)))


# The weather of a day to come or of now (내일 비 온다 카던데 맞나, 모레 눈 오나, 오늘 많이 춥나)
_FORECAST = re.compile(r"(?:내일|낼|모레|글피|오늘|이번주|다음주|주말|밤에|오후에|아침에)[가-힣]{0,6}?"
                       r"(?:비(?:가|는|도)?(?:온|오|와|올)|눈(?:이|은|도)?(?:온|오|와|올)|날씨|춥|추울|추워|덥|더울|더워|기온|영하)"
                       r"|날씨(?:가|는)?(?:어떻|어때|어떠|우떻|우째|좋|궂)")
# weather in a question about a service or damage (난방비, 피해, 무더위쉼터): not the forecast
_WEATHER_SERVICE = re.compile(r"피해|지원|신청|대피|침수|보상|바우처|난방|냉방|쉼터|수당|연금|보험|요금")


def asks_forecast(text: str) -> bool:
    """The weather asked as a forecast, no service or damage named with it."""
    c = compact(text)
    return bool(_FORECAST.search(c)) and not _WEATHER_SERVICE.search(c)
