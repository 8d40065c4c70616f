"""A wish to die and its signs: the 109 line, or 119 / 112 first when the means or the place are at hand.

Said outright (죽고 싶어, 그만 살란다, in dialect too), shown (a note, a farewell, belongings given away, pills
gathered, standing on a bridge or a roof), said as relief for the family (내가 없으면 다들 편할 텐데), or told as
everything settled with one's own funeral in the same breath. ``urgent_kind`` reads a crisis before a medical
emergency. Also who is the one in danger (``someone_else``: a friend or a spouse, not the speaker) and
suicide named as a word (``names_suicide``).
"""

from __future__ import annotations

import re

from models.dialogue.cues.kin import (
    CHILDREN,
    CHILDREN_IN_LAW,
    GRANDCHILDREN,
    GRANDPARENTS,
    PARENTS,
    PARENTS_IN_LAW,
    SPOUSE,
    alt,
)
from models.dialogue.cues.not_urgent import _STORY, plain
from models.dialogue.cues.text import compact

# A wish to die in so many words, standard and dialect ("그만 살란다", "죽고 잡다", "바다에 들어가불고").
_CRISIS = re.compile(r"죽고싶|(?<!혼)자살|목숨을끊|살기싫|살고싶지않|죽어버리고싶|세상을떠나고싶|삶을끝내"
                     r"|그만살(?:래|란|겠|쿠|고싶|까|랑|라)|더살아서뭐|살아서뭐하|살아뭐하"
                     r"|죽는게낫|죽는기낫|죽었으면좋|죽어야겠|죽을란다|죽으련다|죽어불고|죽어뿔고|죽고잡|안살란다|그만죽"
                     r"|(?:바다|바당|강|강물|저수지|물)에[가-힣]{0,5}?(?:들어가|뛰어들|빠져)(?:불|버|죽|뿔|삘|야|랑|려)"
                     r"|살아도사는게아니|(?:나도|내도|나도인자|나도이제)[가-힣]{0,4}?따라(?:가야|갈까|가고싶|가믄|가면|갈란|가뿔|가불)")


# Signs of a suicide attempt that make any urgent reading a crisis (a note, a farewell, a rope).
_CRISIS_SIGN_WORDS = (r"손목(?:을)?(?:좀|살짝|막|칼로)?(?:그었|그어|긋|베었|벴|그서)|유서|작별|죽는다고|죽겠다고하|끈을들|끈을찾|밧줄|"
                      r"죽어(?:버린|뿐|삔|불)다(?:고|꼬)|(?:죽|끝낸|끝내)[가-힣]{0,12}?(?:줄|노끈|빨랫줄)(?:을|를)?(?:들고|가지고|챙겨|찾아)|목을매|목매|목을맬|목맬|번개탄|뛰어내|투신"
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
                      r"|(?:난간|창틀)[가-힣]{0,3}?(?:올라가|올라서|올라갔|올라섰|매달|넘어가|넘어갔)"
                      # the means taken into a room or a shed, and no coming out or answer ("창고에 끈 가지고
                      # 들어가서 안 나와요")
                      r"|(?:끈|줄|밧줄|노끈|넥타이|허리띠|농약|약병|번개탄|연탄)(?:을|를|이랑|하고)?[가-힣]{0,6}?(?:가지고|갖고|들고|챙겨)"
                      r"[가-힣]{0,12}?(?:들어가|들어갔|들어간)[가-힣]{0,16}?(?:안나와|안나오|안나온|문을잠|문잠|대답이없|대답을안|기척이없|소리가없)")
_CRISIS_SIGNS = re.compile(_CRISIS_SIGN_WORDS)
# The act is at hand (those signs, or a roof, a bridge, pills or charcoal ready): 119 / 112 before the 109 line.
_CRISIS_NOW = re.compile(_CRISIS_SIGN_WORDS + r"|옥상|다리위|난간|한강|강물|연탄피워|줄을매|약을모아|약모아|모아놨|모아놓|모아둔|모아뒀|칼을|손목|간다고잘있|바다에들|바당에들|강에들어|저수지에|(?:바다|바당|강물|저수지)에[가-힣]{0,5}?(?:들어가|뛰어들)")


# Any word of despair, loss of will or ending: without one, a half-sure "crisis" reading is the
# classifier guessing ("둘이 다 받으면 깎인다 카던데 참말이가" read as a crisis).
_CRISIS_HINT = re.compile(
    r"죽|살기|살고|살아서|살쿠|못살|힘들|힘드|외로|우울|울적|끝내|끝낼|사라지|사라질|떠나|떠날|귀찮|버티|견디|괴로|괴롭|눈물|희망"
    r"|의미가|쓸모|짐이|짐만|미안하|고마웠|잘있|그만|약을|뛰어|바다|강에|옥상|다리위|유서|작별|마지막|편해지|편하겠|잠들"
    r"|미련|정리했|농약|낙이없|살맛|살만큼|짐되|짐이되|지쳤|지친다|같이가는게|같이죽|번개탄|연탄|따라가고싶|따라갈까|따라가야|따라가믄|따라가면"
)


# How to die asked of pills or a height ("수면제 한 통 다 먹으면 안 아프게 가나"): a wish to die, not pills
# already swallowed; the 109 line, not the poisoning reply
_MEANS_ASKED = re.compile(
    r"(?:약|알약|수면제|잠오는약|진통제|농약|제초제|연탄|번개탄|옥상|다리)[가-힣0-9]{0,14}?(?:먹으면|묵으면|무면|삼키면|넣으면|먹어도|묵어도|먹을까|묵을까|마시면|피우면|뛰어내리면|떨어지면)"
    r"[가-힣]{0,10}?(?:가나|가노|갈수|죽나|죽노|죽을까|죽을수|안아프|안아파|많이아프|많이아파|아프나|아프노|아플까|편하게|편히|잠들|끝나|깨지않|못깨)")


def means_asked(text: str) -> bool:
    return bool(_MEANS_ASKED.search(compact(text)))


# Quitting something named, or told to stop ("운전을 그만둘라 카는데 아들도 자꾸 그만하라 카고"): no despair
_QUIT_SOMETHING = re.compile(r"(?:운전|일|농사|장사|가게|담배|술|공부|알바|일자리|직장|택시|경운기|화물|노인일자리)(?:을|를|도|은|는)?(?:인자|이제|고마|마)?그만"
                             r"|그만(?:하라|해라|하래|두라|둬라|두래|하이소|하시라|하셔)")


# A farewell with thanks for everything and a last time ("그동안 고마웠수다 이제 너랑도 마지막이우다 잘 있으라"):
# how a person who means to end their life may say goodbye; a goodbye for today names no last time
_THANKS_FOR_ALL = re.compile(r"(?:그동안|그간|여태|여태껏|지금껏|이때껏)[가-힣]{0,6}?(?:고마웠|고마왔|고맙|신세|잘해줘|잘해주)")
_LAST_TIME = re.compile(r"마지막|다시는못|다시못볼|못볼것|이제간다|먼저간다|먼저갈께|먼저갈게"
                        # going to the one who went first ("이제 나는 먼저 간 사람 보러 갈라고")
                        # (a grave visited is not: "먼저 간 영감 산소 보러 갈라고요 추석이라")
                        r"|먼저간(?:(?!산소|묘|납골|추모|봉안|성묘|제사|기일)[가-힣]){0,4}?(?:보러|만나러|곁으로|옆으로|한테|따라)"
                        r"[가-힣]{0,2}?(?:갈라|갈란|갈거|갈끼|갈게|갈께|가야|가련|가려|간다)(?!.{0,12}(?:산소|묘|납골|추모|봉안|성묘|제사|기일|추석|설날|명절))")


def final_farewell(text: str) -> bool:
    """Thanks for everything said with a last time: a check on the person, naming the 109 line."""
    c = plain(text)
    return bool(_THANKS_FOR_ALL.search(c) and _LAST_TIME.search(c))


def crisis_hint(text: str) -> bool:
    return bool(_CRISIS_HINT.search(_QUIT_SOMETHING.sub("", plain(text))))


# Belongings given away or pills put by, said beside weariness of life ("살 만큼 살았으니 짐 되기 싫어 … 다
# 정리해서 나눠 줬어", "낙이 없어 약을 모아 뒀는디"); either alone is an ordinary thing (kimchi shared, old pills
# kept for the pharmacy)
_GIVEN_AWAY = re.compile(r"(?:다|전부|몽땅|싹|하나씩)[가-힣]{0,10}?(?:나눠줬|나눠주었|나눠줘버|물려줬|넘겨줬|줘버렸|줘뿌|나눠놨|나눠뒀)")
_PUT_BY = re.compile(r"(?:약|수면제|알약|농약)(?:을|를|도)?[가-힣]{0,6}?(?:모아뒀|모아놨|모아두|모아놓|모아났|모았|쌓아뒀|쌓아놨|챙겨뒀|숨겨뒀)"
                     # "농약 한 병 사다 놨다": bought and kept by
                     r"|농약[가-힣0-9]{0,6}?(?:사다놨|사다뒀|사놨|사뒀|구해놨|구해뒀|사왔)")
_WEARY = re.compile(r"살만큼살|살만치살|살만큼산|오래살았|짐(?:이|만)?되기싫|짐이되|짐만되|짐덩어리|낙이없|살맛|사는게(?:재미|의미|낙)|재미가하나도"
                    r"|미련(?:이)?없|갈때가|갈날이|그만가|먼저간영감|따라가")


# Sleeping pills saved up instead of taken ("잠이 안 와서 받은 수면제를 안 먹고 모아놨어 꽤 되더라"): a stock of
# the means is a warning sign by itself, unless it is kept to be thrown away or taken back
_PILLS_HOARDED = re.compile(r"(?:수면제|수면유도제|수면약|잠오는약|잠약|신경안정제|안정제)[가-힣0-9]{0,14}?(?:모아|모았|모다|모닸|쌓아|쟁여|숨겨)")
_DISPOSAL = re.compile(r"버리|버릴|버려|갖다주|가져다주|반납|폐의약품|폐기|유통기한|약국에|보건소에|수거")
# Ending it, said of oneself ("인자 끝낼라꼬", "다 끝낼 거니까"), beside weariness, a short time left or
# money sent off to family first ("받으믄 손주들한테 다 부쳐주고")
_ENDING = re.compile(r"(?:인자|이제|다|고마|그냥)끝낼(?:거|꺼|라|란|려|끼|랍)|끝내(?:버릴|뿔|불|삘)")
_LEFT_FOR_FAMILY = re.compile(r"(?:손주|손자|손녀|자식|애들|아들|딸|며느리|조카)[가-힣]{0,3}?(?:한테|에게|들한테|들에게)[가-힣]{0,4}?다"
                              r"[가-힣]{0,4}?(?:부쳐주|보내주|나눠주|넘겨주|물려주|주고)"
                              r"|살날(?:도|이)?(?:없|얼마안|얼마없|며칠)")
# Following a late spouse or parent, said as one's own plan ("영감 따라갈라고 혀"); not an errand with them
_FOLLOW_THE_DEAD = re.compile(r"(?:영감|남편|마누라|할멈|할망구|아내|집사람|엄마|어머니|어무이|엄니|아부지|아버지)[가-힣]{0,4}?따라"
                              r"(?:갈라|갈란|가야겠|갈거|갈끼|갈께|갈게|가고싶|가련|가려|갈래|갈까)")
_ERRAND = re.compile(r"시장|장에|장보|병원|읍내|서울|교회|성당|절에|마실|놀러|구경|여행|산책|밭에|논에|모임")
# Ending it with a place to do it named ("저수지 가서 다 끝낼라 카는데"), or with a pet left to others tonight
_ENDING_PLACE = re.compile(r"저수지|강가|강물|한강|바다|바닷가|바당|옥상|다리위|철길|기찻길|철로|낭떠러지|절벽")
_PET_LEFT = re.compile(r"(?:강아지|고양이|괭이|개|똥개|화분|새)[가-힣]{0,8}?(?:맡아|맡길|부탁|누가키우|키워줄|돌봐|거둬)")
_TONIGHT = re.compile(r"오늘밤|오늘저녁|오늘안|내일아침|마지막|이따밤")
# Letters left and affairs settled, said together ("통장 정리 다 해놨고 애들한테 편지도 써놨어 … 할 일은 다 한 거 같어")
_LETTERS_LEFT = re.compile(r"편지(?:를|도|까지)?[가-힣]{0,3}?(?:써놨|써뒀|써두|써놓|남겨)")
# The bankbook, the seal or the deeds handed over, with "my work is done" ("통장이랑 도장이랑 다 딸한테 줬다 인제
# 내 할 일은 다 했지 싶다"): a farewell told calmly
_VALUABLES_GIVEN = re.compile(r"(?:통장|도장|인감|집문서|땅문서|패물|귀중품)[가-힣]{0,16}?(?:줬|주었|넘겼|넘겨줬|맡겼|물려줬|줘뿟|줘삤)")
_AFFAIRS_DONE = re.compile(r"정리(?:를|도)?(?:다|싹|전부)?(?:해놨|해뒀|해놓|했|끝냈|마쳤|해서)|할일(?:은|을|도)?다(?:한|했|끝|마쳤)"
                           r"|(?:더|인자|이제|인제)할일(?:이|도)?없")


# Charcoal lit in a sealed room ("연탄 피워놓고 문을 다 막아놨어"): an attempt with carbon monoxide, never an intruder
_CHARCOAL_LIT = re.compile(r"(?:연탄|번개탄|숯|착화탄|숯불)(?:을|을다|를)?[가-힣]{0,4}?(?:피워|피운|피웠|피워놓|태우|태워|펴놓|펴놨|붙여)")
_SEALED = re.compile(r"(?:문|창문|문틈|창틈|틈|방문)[가-힣]{0,8}?(?:막|테이프|청테이프|닫아|닫고|잠가|잠갔|잠궈|잠겄|봉해|틀어막)")


def charcoal_in_sealed_room(text: str) -> bool:
    """Charcoal lit in a room sealed shut: carbon monoxide and likely an attempt on a life."""
    c = compact(text)
    return bool(_CHARCOAL_LIT.search(c) and _SEALED.search(c))


def crisis_signs(text: str) -> bool:
    c = compact(text)
    return (bool(_CRISIS_SIGNS.search(c)) or bool((_GIVEN_AWAY.search(c) or _PUT_BY.search(c)) and _WEARY.search(c))
            or bool(_PILLS_HOARDED.search(c)) and not _DISPOSAL.search(c)
            or bool(_ENDING.search(c) and (_WEARY.search(c) or _LEFT_FOR_FAMILY.search(c) or _ENDING_PLACE.search(c)
                                           or _PET_LEFT.search(c) and _TONIGHT.search(c)))
            or bool((_LETTERS_LEFT.search(c) or _VALUABLES_GIVEN.search(c)) and _AFFAIRS_DONE.search(c))
            or bool(_FOLLOW_THE_DEAD.search(c)) and not _ERRAND.search(c))


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
_BETTER_OFF_GONE = re.compile(r"(?:내가|나만|내만|나하나|나하나만|(?<![가-힣])내)(?:없어지면|없어지믄|없으면|없으믄|사라지면|사라지믄|가고나면|가고나믄|죽으면|죽으믄)"
                              r"[가-힣]{0,6}?(?:다들|모두|식구들|자식들|애들)?[가-힣]{0,4}?편(?:해질|하겠|할|해지|하겄|하것|하긋)"
                              # "나 없어도 누가 받아가겠지 이젠 다 귀찮아": the world going on without them, and weary of it all
                              r"|(?:나|내가|내)(?:없어도|없으면|가고나도|가도)[가-힣]{0,16}?(?:겠지|것지|겄지|거야|기라)[가-힣]{0,6}?"
                              r"(?:다귀찮|만사귀찮|다싫|사는게싫|살기싫|지겨)")


def better_off_gone(text: str) -> bool:
    return bool(_BETTER_OFF_GONE.search(plain(text)))


# on the spoken text: 자살 as a word ("혼자 살면" compacts to 혼자살면)
_SUICIDE_NAMED = re.compile(r"(?<![가-힣])자살(?!골)|극단적\s?선택")


def names_suicide(text: str) -> bool:
    """Suicide named (a neighbour worried about, the news): any help asked for it includes the 109 line."""
    return bool(_SUICIDE_NAMED.search(text))


# Someone else is the one in danger ("친구가 … 이제 간다 카고 끊었어", "남편이 농약병을 들고"): what to do for them.
# (a bare 형 is left out here: 성형이, 외형이)
_SOMEONE_ELSE = re.compile(alt("친구", "옆집", "이웃", "형님", "언니", "오빠", "누나", "동생", SPOUSE, GRANDPARENTS, CHILDREN,
                               CHILDREN_IN_LAW, GRANDCHILDREN, PARENTS, PARENTS_IN_LAW, "조카") + r"(?:이|가|는|도|께서)")


_REPORTED = re.compile(r"(?:싶|겠|간|끝낸|죽는|란|련|랜)다(?:고|카|캐|는|네)|싶대|겠대|간대|란대|싶다카|하더라")
# "영감 가고 나서": the one who died, not the one in danger now;
# "영감도 가고 자식들도 안 찾아오고": gone (but "영감이 가고 싶대" is his wish)
_DIED = re.compile(r"(?:이|가|는|께서|도)?(?:가고나|간뒤|간후|가신뒤|떠나고|떠난뒤|죽고나|죽은뒤|돌아가시고|돌아가신뒤|세상떠나|먼저가"
                   r"|가고(?!싶|파|시퍼|잡|자하|자한|자합))")


# "영감도 없고 자식들도 안 오고": the ones missed, not the one in danger now
_ABSENT = re.compile(r"(?:들)?(?:도|는|이|가)?(?:없고|없어|없는|없으|없이|안오|안와|안찾|연락도없|연락이없|연락도안|전화도없|전화도안)")


# The speaker's own plan ("오늘 밤에 한강에 가려고 해요"), said before anyone else is named
_OWN_PLAN = re.compile(r"(?:가|먹|끝내|뛰어내리|떠나|죽으)려고(?:해|합|하|요|그래|마음)|(?:갈|먹을|끝낼|뛰어내릴|떠날|죽을)(?:라|려)(?:고|꼬)(?:해|하|합|요|마음|생각|그래)"
                       r"|(?:갈|먹을|끝낼|뛰어내릴|떠날)까(?:싶|해|하|생각)")


def someone_else(text: str) -> bool:
    """Another person is the one in danger: named as the subject, and any wish to die is theirs
    (reported: "죽고 싶다고 해요"), not the speaker's ("남편이 죽고 나서 나도 죽고 싶어"), nor a plan
    the speaker tells of before naming anyone ("… 한강에 가려고 해요 그 전에 연금은 아들이 …")."""
    c = compact(text)
    named = [m for m in _SOMEONE_ELSE.finditer(c) if not any(
        gone.match(c, at) for gone in (_DIED, _ABSENT) for at in (m.end() - 1, m.end()))]
    if not named:
        return False
    plan = _OWN_PLAN.search(c)
    if plan is not None and plan.start() < named[0].start() and not _REPORTED.search(c):
        return False
    return not _CRISIS.search(c) or bool(_REPORTED.search(c))


def wish_to_die(text: str) -> bool:
    """A wish to die said in words (not only low mood or loneliness, which are the hint's words)."""
    return bool(_CRISIS.search(compact(text)))
