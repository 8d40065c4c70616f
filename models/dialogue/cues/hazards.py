"""Danger around the person rather than in the body: fire, gas, water or earth, being shut in, an intruder.

Each hazard's reply tells a different first step (stay low and keep the door shut, close the valve and open
the windows, get to higher ground, never go down to the car park, don't face someone already inside), so
each has its own predicate for the urgent reply to choose by. The not-urgent checks keep a feared, past or
story flood from being news of one.
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
    SIBLINGS,
    SPOUSE,
    alt,
)
from models.dialogue.cues.not_urgent import _HYPOTHETICAL, past_event, told_as_story
from models.dialogue.cues.text import compact

_FIRE_TRAPPED = re.compile(
    r"못나가|못나갈|나갈수가?없|나갈수없|못빠져|갇혔|갇혀|못내려가|문을못열|문이안열|복도에연기|계단에연기"
    r"|연기때문에|앞이안보|복도가[가-힣]{0,6}?안보|못걸어|못걷|거동을?못"
    # a hot door or handle: do not open it (the reply says seal the door, 119 now)
    r"|(?:문|손잡이|문고리)[가-힣]{0,8}?뜨(?:거|겁)")


def fire_trapped(text: str) -> bool:
    """A fire the person says they cannot get out of (the reply then says stay low, seal the door, 119 now)."""
    return bool(_FIRE_TRAPPED.search(compact(text)))


# A gas smell or hiss (not a fire): valve, windows, out.
_GAS = re.compile(r"가스[가-힣]{0,4}?(?:냄새|새(?=요|는|나|네|고|서|어|다|노|능|니|지|잖|유|예|더|드|$)|샌|샙|셈|누출|쉭)|가스[가-힣]{0,24}?(?:안켜|안붙|딸깍)[가-힣]{0,12}?냄새|가스(?:아닌|인가|인거|같)|(?:계란|달걀)[가-힣]{0,2}?썩(?:은|는)|썩(?:은|는)(?:계란|달걀)")


# A leak checked for and found to be none ("검침원이 가스 새는지 봐 주고 갔는데 아무 이상 없다 카네")
_NO_LEAK = re.compile(r"이상(?:이)?없|이상없|괜찮다|괜찮대|괜찮다카|안샌다|안샌대|안새|멀쩡")


def gas_checked_fine(text: str) -> bool:
    c = compact(text)
    return bool(_NO_LEAK.search(c) and re.search(r"검침|점검|검사|봐주고|보고갔|살펴", c))


def gas_leak(text: str) -> bool:
    return bool(_GAS.search(compact(text))) and not gas_checked_fine(text)


# A fire on the hill coming down to the village: away from the wind to open ground, not "take the stairs".
_WILDFIRE = re.compile(r"산불|(?:산|뒷산|앞산|야산)(?:에|에서|이)?[가-힣]{0,4}?불(?:이|길)|불이[가-힣]{0,10}?(?:내려와|내려오|번져|번진|번지|넘어와|넘어오)|(?:산|마을|동네)(?:쪽|으로|까지)[가-힣]{0,6}?(?:번져|번진|번지)")


def wildfire(text: str) -> bool:
    return bool(_WILDFIRE.search(compact(text)))


# Water, earth or a quake: get to safety (higher ground, out of the building), then 119.
_DISASTER = re.compile(r"물이(?:[가-힣]{0,3}?)(?:방|집|마당|차|들어|넘|불어)|물이[가-힣]{0,8}?(?:문턱|현관|무릎|허리)[가-힣]{0,4}?(?:까지|올라)|침수|물에잠|물이잠|잠겼[가-힣]{0,2}?물|넘쳐|범람|산사태|흙이(?:쏟|무너|내려)|무너질|무너져|무너졌"
                       r"|지진|크게흔들|흔들렸|벽에금|축대")
# Unmistakable on its own (water in the house, earth coming down, the ground shaking): a disaster now
# even when the classifier reads none ("문이 잠겼어요" is not in it).
_DISASTER_NOW = re.compile(
    r"물이[가-힣]{0,4}?(?:들어오|들어와|들어온|들어왕|들어옴|차오|찼|차서|넘쳐|불어나)|(?:집|방|마을)이잠(?:겼|겸|기)|(?:무릎|허리|발목|가슴|종아리)까지(?:물|찼|차올|차오)"
    r"|물이[가-힣]{0,12}?(?:문턱|현관|마루|안방|거실)[가-힣]{0,4}?(?:까지|올라|찼|차올|넘어)"
    r"|물이[가-힣]{0,14}?(?:마당|집|방|현관|문턱|마루|부엌|거실)[가-힣]{0,4}?(?:까지|으로|안으로|에)[가-힣]{0,2}?(?:넘어오|넘어와|넘어온|넘쳐|들어오|들어와|차오|찼)"
    r"|(?:무너|주저앉|내려앉)[가-힣]{0,14}?(?:안에|밑에|깔|갇|사람이)|침수되|침수됐|산사태|흙이[가-힣]{0,3}?(?:쏟아|무너|밀려|내려오|내려와|흘러내|쓸려)|(?:언덕|비탈|뒷산|산비탈|옹벽)[가-힣]{0,6}?(?:흘러내|무너지|무너져|갈라지|쏟아지)|돌이[가-힣]{0,3}?(?:굴러|쏟아)|지붕이[가-힣]{0,8}?(?:날아|들썩|무너|내려앉)|(?:유리창|창문)이[가-힣]{0,4}?(?:깨지|깨졌|박살)|축대가(?:무너|갈라)|지진(?:이|났|나서)|(?:땅|집|건물|방|벽)이[가-힣]{0,3}?흔들(?:리고|려|린다|리네|리는데|렸)"
)


def disaster_now(text: str) -> bool:
    """Water in the house, earth coming down, the ground shaking, said as happening, not feared or past."""
    c = compact(text)
    return bool(_DISASTER_NOW.search(c)) and not _HYPOTHETICAL.search(c) and not past_event(c) and not told_as_story(c)


def disaster(text: str) -> bool:
    return bool(_DISASTER.search(compact(text)))


# Water in an underground car park or basement: never go down for the car
_FLOOD_BELOW = re.compile(r"(?:지하주차장|지하실|지하차고|주차장)[가-힣]{0,10}?물이[가-힣]{0,6}?(?:들어차|들어와|차오르|차올라|차고|찼|넘쳐)")


def flood_below(text: str) -> bool:
    return bool(_FLOOD_BELOW.search(compact(text)))


# Shut in a lift or a room and cannot get out.
_TRAPPED = re.compile(r"(?:엘리베이터|엘레베이터|승강기|화장실|방|창고)[가-힣]{0,6}?(?:갇혔|갇혀|갇힌)")


def trapped(text: str) -> bool:
    return bool(_TRAPPED.search(compact(text)))


# Words of a stranger at the door or inside, or of being robbed: an emergency word of its own.
_INTRUDER_WORDS = re.compile(r"돈내놓|안나가|안가고|문을?[가-힣]{0,4}?(?:두드|두들|따려|따고|따고있|부수|차고|열라|열어라)|초인종|벨을계속|문고리|계속서|서있어|지켜보|들어와(?:가지고|서는|가)|숨어|누가집에|창문을깨|칼들|흉기|가만안둔|가만안둘|가만두지않|죽여버린")


# What comes in that is no person ("개미가 줄을 지어 들어와가", "빗물이 들어와가", "찬바람이 들어와서")
_NOT_A_PERSON_IN = re.compile(r"(?:개미|바퀴|벌레|모기|파리|쥐|고양이|강아지|새|빗물|물이|비가|바람|햇빛|햇볕|냉기|황사|먼지|냄새)"
                              r"[가-힣]{0,8}들어와(?:가지고|서는|가)")


def intruder_words(text: str) -> bool:
    c = compact(text)
    return bool(_INTRUDER_WORDS.search(_NOT_A_PERSON_IN.sub(" ", c)))


# Someone armed or threatening to kill, outside one's own door ("윗집 남자가 … 문 앞에서 칼 들고 죽여 분다고"):
# keep the door shut and call 112; going out past them is the danger
_AT_THE_DOOR = re.compile(r"문앞|문밖|현관|대문|문을?[가-힣]{0,4}?(?:두드|두들|차|발로|부수|열라|열어라)|문너머|복도에서")
_ARMED_OR_DEADLY = re.compile(r"(?:칼|낫|흉기|몽둥이|망치|도끼|각목|쇠파이프)(?:을|를|이|가|로|으로)?(?:들|쥐|휘두|꺼내|갖고|가지고)"
                              r"|죽여|죽인다|죽일|죽이겄|죽이겠|죽여분|죽여뿐|죽여버|가만안둬|가만안둔")


def threat_at_the_door(text: str) -> bool:
    """A weapon or a threat to kill, at the door from outside."""
    c = compact(text)
    return bool(_AT_THE_DOOR.search(c) and _ARMED_OR_DEADLY.search(c))


_INTRUDER_INSIDE = re.compile(
    r"안에(?:있|누가|숨)|들어와(?:있|서|버렸)|들어왔|집안에|방에(?:누가|모르는)|거실에(?:누가|모르는)|뒤져|숨어있|돌아다녀|넘어들어|깨고들어"
    r"|발소리|들이닥|쳐들어|밀고들어|집에와서(?:안나가|행패|소리|물건)|집에(?:눌러앉|죽치)")


def intruder_inside(text: str) -> bool:
    """Someone already inside the home (the reply then says get out or lock yourself in, then 112)."""
    return bool(_INTRUDER_INSIDE.search(compact(text)))


# Shut out of one's own home in the cold ("열쇠를 안에 두고 나왔는데 문이 잠겨서 못 들어가 … 손이 다 얼었어"):
# warmth first, then 119 opens the door; not an intruder at the door
_SHUT_OUT = re.compile(r"열쇠(?:를|도)?[가-힣]{0,4}?(?:안에|집에|방에)?(?:두고|놓고|놔두고|잃어|잊어)|문이(?:안|잠겨|잠겼|안열)|비밀번호(?:를|가)?[가-힣]{0,3}?(?:까먹|잊|생각이안|틀려)"
                       r"|못들어가|못들어간|집에를?못들어")
_COLD_OUTSIDE = re.compile(r"추워|추운|춥다|춥고|춥네|얼었|얼어|얼겠|떨려|덜덜|오들오들|한겨울|눈이(?:와|오|펑펑)|영하|칼바람|손이곱")


# No heating at home ("보일러가 고장 나갖고 사흘째 냉방에서 자는디 손발이 막 저리고 떨려"): the cold is
# hurting the body now; warmth and 119 if it gets worse, emergency heating help today (not small talk,
# not a boiler-repair question)
_NO_HEAT = re.compile(r"(?:보일러|난방|기름보일러|연탄|등유|기름|가스|전기장판|온수)[가-힣]{0,6}?(?:고장|끊겼|끊겨|끊어|떨어졌|떨어져|"
                      r"바닥났|없어|없는|안돌|안들어|안켜|못때|못떼|못돌|안돼|안되)|냉방에서|냉골|불을못때|불도못때")
_COLD_BODY = re.compile(r"(?:손|발|손발|몸|다리|팔)[가-힣]{0,3}?(?:저리|저려|떨리|떨려|굳|감각이없|얼어|얼었|퍼렇|파래)"
                        r"|덜덜|오들오들|이가딱딱|정신이멍|입술이파|입술이퍼|몸이안움직|몸이굳")


def cold_at_home(text: str) -> bool:
    """No heating at home and the body hurting from the cold now (numb, shaking, stiff)."""
    c = compact(text)
    return bool(_NO_HEAT.search(c) and _COLD_BODY.search(c))


# Lost oneself out in the hills or fields, with night or a dying phone pressing ("산에 나물 캐러 왔다가 길을 잃어
#부렀어 해는 떨어지고 밧데리도 얼마 없어"): mountain rescue is 119
_LOST_OUT = re.compile(r"길을?잃(?:어|었|고|은)|길을?못찾|어디가어딘지|여가어딘지|내려가는길을?(?:모르|몰라|못찾)|헤매")
_OUT_THERE = re.compile(r"산(?:에|속|길|으로|중|꼭대기|골|자락)|(?:뒷|앞|동네|마을)산|등산|나물|고사리|버섯|약초|둘레길|계곡|들판|논두렁|밭에서|숲")
_PRESSING = re.compile(r"해(?:는|가|도)?(?:떨어|지|저물|넘어)|어두워|어둡|깜깜|캄캄|밤이|날이저물|밧데리|배터리|충전|춥|추워|다리가|못걷|발을삐|넘어졌")
_SOMEONE_ELSE_LOST = re.compile(alt(SPOUSE, PARENTS, PARENTS_IN_LAW, GRANDPARENTS, CHILDREN, CHILDREN_IN_LAW, GRANDCHILDREN,
                                    SIBLINGS, "친구") + "(?:가|이|는|께서)")


def lost_outdoors(text: str) -> bool:
    """The speaker is lost out in the hills or fields now, with night, cold or a dying phone pressing
    (someone else lost is the missing-person reply)."""
    c = compact(text)
    return bool(_LOST_OUT.search(c) and _OUT_THERE.search(c) and _PRESSING.search(c)) and not _SOMEONE_ELSE_LOST.search(c)


def shut_out_in_cold(text: str) -> bool:
    """Locked out of home and cold outside: a warm place first, 119 to open the door."""
    c = compact(text)
    return bool(_SHUT_OUT.search(c) and _COLD_OUTSIDE.search(c))
