"""Which first aid an emergency gets, by its signs: heat stroke after field work, a diabetic's low
sugar, a stroke; a pan of oil or a socket on fire. The general 119 reply tells a person to call; these
replies also say what to do, and what never to do, until help comes (no water on burning oil, no food
for someone confused, never wait for a stroke to pass)."""

from __future__ import annotations

import re

from models.dialogue.cues import compact, heart_or_stroke_signs, hypothetical, past_event, stroke_signs

# Heat stroke: heat or field work, and no sweat, a spinning head, vomiting or confusion
_HEAT = re.compile(r"더위|땡볕|뙤약볕|밭일|밭에서|밭에|논에서|논일|햇볕|폭염|더워서|열사병|일사병|하우스|고추따|고추땄|풀베|벌초|마당일|일하다")
_NO_SWEAT = re.compile(r"땀(?:이|도)?(?:하나도|전혀|통|한방울도)?안나")
_HEAT_SIGNS = re.compile(r"땀(?:이|도)?(?:하나도|전혀|통|한방울도)?안나|핑돌|빙빙|뱅뱅|어지러|어지럽|토할|구토|토했|정신이|헛소리|쓰러|축처"
                         r"|몸이불덩|몸이뜨거|열이펄펄|의식")
# A diabetic's low blood sugar: sweat, confusion or shaking with insulin, diabetes or a missed meal named
_SUGAR = re.compile(r"당뇨|인슐린|혈당|당수치|저혈당|당떨어|당이떨어")
_LOW_SUGAR_SIGNS = re.compile(r"식은땀|진땀|헛소리|횡설수설|어지러|어질|손이떨|손을떨|몸이떨|덜덜|후들|정신이|의식이|쓰러|축처|축늘|기운이(?:하나도)?없|힘이(?:하나도)?없"
                              r"|말이이상|못알아|눈이풀|멍하|식은|저혈당|당떨어|당이떨어|눈앞이(?:캄캄|깜깜|뿌예|뿌얘|노래|하얘)|혀가꼬|어눌")
# insulin or diabetes pills and no meal: low sugar first, whatever else the signs look like
_SUGAR_CAUSE = re.compile(r"(?:인슐린|당뇨약|혈당약|당뇨주사)[가-힣]{0,16}?(?:밥|식사|끼니|아무것도)[가-힣]{0,4}?(?:못|안|굶|거르|걸러|건너)"
                          r"|(?:밥|식사|끼니|아무것도)[가-힣]{0,4}?(?:못|안|굶|거르|걸러|건너)[가-힣]{0,16}?(?:인슐린|당뇨약|혈당약|당뇨주사)")
# no answer when called, and breath gone or in doubt
_NO_ANSWER = re.compile(r"대답(?:을|도|이)?(?:안|않|없|못)|반응(?:이|도)?없|의식(?:이|도)?없|정신(?:을|이)?못차|깨워도(?:안|못)")
_NO_BREATH = re.compile(r"숨(?:을|도|이)?(?:안쉬|안셔|못쉬|쉬는|쉬나|없|멎|멈|안나|끊)|숨소리(?:가|도)?(?:안|없)")
_COLLAPSED = re.compile(r"쓰러|고꾸라|픽넘어|푹넘어|축늘어|축처|넘어가(?:더니|서|가|고)")
_STOPPED_BREATH = re.compile(r"숨(?:을|도|이)?(?:안쉬|안셔|안쉰|없|멎|멈|끊|안붙)")
# a cold sweat (low sugar's sign, rarely a stroke's), and a stroke's one-sided signs
_COLD_SWEAT = re.compile(r"식은땀|진땀|땀을?(?:줄줄|뻘뻘|비오듯)")
_ONE_SIDED = re.compile(r"한쪽|한짝|반쪽|편마비|입이[가-힣]{0,3}?(?:돌아|비뚤|삐뚤)|(?:얼굴|입꼬리)(?:이|가)?[가-힣]{0,3}?(?:처졌|쳐졌|처져|틀어|축)")
# A pan of oil or an electric socket on fire: never water on it
_OIL_FIRE = re.compile(r"기름(?!보일러|값|탱크|난로|차|집)|식용유|튀김|튀기|프라이팬|후라이팬|부침개|기름솥")
_ELECTRIC_FIRE = re.compile(r"콘센트|전기|전선|멀티탭|멀티콘센트|두꺼비집|누전|합선|플러그|전기장판|전기난로|히터|충전기|배선")
# the fire has left the socket (a blanket, the room full of smoke): out first, unless water is asked about
_FIRE_SPREAD = re.compile(r"자욱|가득|꽉차|이불|커튼|벽지|소파|쇼파|옷에|번지|번져|번졌|옮겨|활활|타고있|타요|타네|불이붙|불붙")
_OIL_FIRE_GROWN = re.compile(r"천장|천정|커튼|벽지|벽까지|번지|번져|번졌|옮겨|온집|집안에|부엌이다|주방이다|활활|감당|못끄|안꺼져|안꺼지")
_WATER_ASKED = re.compile(r"물(?:을|로)?[가-힣]{0,3}?(?:부어|붓|뿌려|뿌리|끼얹)")


# A scald or a burn on the body: cool it under running water, nothing smeared on it. A burn said as such
# (not 문화상품권, 화상 통화), or skin come up or off with something hot named (a blister from walking is not one)
_BURNT = re.compile(r"(?<!문)화상(?!품|통화|회의|카메라|전화|채팅|수업|진료|상담|으로)|데었|데어서|데였|데여서|데여가|다데어|데어(?:쓰라|따가|아파|아퍼|갖고|가지고|부렀|버렸|뿌렀)")
_SKIN_HURT = re.compile(r"물집|(?:살갗|살|피부|껍질|껍데기)(?:이|가)?[가-힣]{0,4}?(?:벗겨|일어났|홀랑|허옇|벌겋)|벌겋게")
_HOT = re.compile(r"뜨거|끓|팔팔|기름|냄비|주전자|다리미|난로|전기장판|찜질|핫팩|증기|불에|불이|불똥|튀김|솥|쏟았|쏟아|쏟은|쏟았")
_SCALD = re.compile(r"(?:뜨거운|끓는|팔팔)(?:물|국|국물|기름|죽|물을|물이)[가-힣]{0,16}?(?:쏟|엎|튀|부었|뒤집어)"
                    r"|(?:주전자|냄비|솥|국|물)[가-힣]{0,8}?(?:쏟|엎)[가-힣]{0,24}?(?:벗겨|물집|데었|데였|화상)")
# A crash with the speaker in the car (hit from behind, run into): out of a smoking car, 119 for a hurting
# neck, then 112 and the insurer. A person hit by a car, or a crash seen, gets the plain 119 reply.
_IN_THE_CAR = re.compile(r"접촉사고|추돌|뒤에서(?:쾅|꽝)?(?:받|박)(?:았|혔|은|고)|(?:내|우리|제|내가탄|타고가던)차(?:를|가|에)?[가-힣]{0,6}?(?:받|박|들이받|부딪)"
                         r"|(?:운전|타고가)[가-힣]{0,12}?(?:받|박|들이받|부딪|사고)")
_HIT_OR_SEEN = re.compile(r"치였|치여|치어|치고|앞차|옆차|사람이안에|사람이타|구경")


# food or a thing stuck in the throat ("떡이 목에 걸렸는가 숨을 못 쉬고", "캑캑거리다가 소리도 안 나")
_CHOKING = re.compile(r"목에(?:딱|꽉)?(?:걸렸|걸려|걸린|걸련|걸령|막혔|막혀|막현)|목구멍에[가-힣]{0,3}?(?:걸|막)|캑캑|컥컥|켁켁|사레(?:가|들)[가-힣]{0,4}?숨")
_CHOKE_SIGNS = re.compile(r"숨을?(?:못|안)|숨이(?:안|막)|숨이$|소리도?안|말을?못|시퍼|새파|파래|퍼래|얼굴이|캑캑|컥컥|켁켁|^컥|넘어가질|안넘어")


# breath gone while eating, with nothing said of the throat ("떡을 드시다가 숨을 못 쉬어요 얼굴이 빨개요")
_EATING_NOW = re.compile(r"(?:떡|고기|사탕|밥|음식|인절미|찹쌀|빵|과자|땅콩|알약|약)[가-힣]{0,6}?(?:먹|묵|드시|드셨|잡수|잡숫|삼키)[가-힣]{0,3}?(?:다가|다|는데|는디|던)")
_BREATH_GONE = re.compile(r"숨을?(?:못|안)쉬|숨이(?:안|막)|숨(?:도)?못|소리도?안나|시퍼|새파|파래|퍼래")


def choking(text: str) -> bool:
    """Something stuck in the throat and breath or voice gone (not a fish bone that pricks), or breath
    gone in the middle of eating, still awake (collapsed and not answering is the heart; a face
    drooping on one side is a stroke)."""
    c = compact(text)
    if _CHOKING.search(c) and _CHOKE_SIGNS.search(c):
        return True
    return bool(_EATING_NOW.search(c) and _BREATH_GONE.search(c)) and not (
        _COLLAPSED.search(c) or _NO_ANSWER.search(c) or _ONE_SIDED.search(c) or stroke_signs(text))


# someone collapsed, out or dizzy beside a hazard ("영감은 방에 쓰러져 있고 나도 어지러워")
_DOWN = re.compile(r"쓰러|정신(?:을|이)?(?:잃|없|못차)|의식(?:이|을)?(?:없|잃)|어지러|어질어질|핑핑|축늘어|못일어나")


def someone_down(text: str) -> bool:
    """Someone collapsed, unconscious or dizzy, said as now."""
    return bool(_DOWN.search(compact(text))) and not past_event(text) and not hypothetical(text)


def not_breathing(text: str) -> bool:
    """Someone who does not answer and may not be breathing ("쓰러졌는디 불러도 대답을 안 혀 숨을 쉬는지
    모르겄어"), or who collapsed and has stopped breathing ("쓰러져서 숨을 안 쉬어"): the heart may have
    stopped."""
    c = compact(text)
    stopped = bool(_NO_ANSWER.search(c) and _NO_BREATH.search(c) or _COLLAPSED.search(c) and _STOPPED_BREATH.search(c))
    return stopped and not past_event(text) and not hypothetical(text)


# Blood that will not stop ("피가 안 멈춰유 수건이 다 젖었슈"): pressure on the wound now, 119
_BLEEDING = re.compile(r"피(?:가|는|도)?[가-힣]{0,4}?(?:안멈|안멎|안그쳐|안그치|계속나|계속흘|철철|줄줄|콸콸|펑펑|솟|멈추질|멈추지를|안막|그치질)"
                       r"|(?:수건|휴지|옷|이불)[가-힣]{0,6}?(?:피로|피에|피범벅)|피범벅|피바다|(?:수건|휴지)[가-힣]{0,4}?다젖")
_WOUND = re.compile(r"피|베었|베여|베였|찔렸|찢어|찢겼|다쳤|상처")


def bleeding(text: str) -> bool:
    """A wound bleeding hard now (not a nosebleed told of long ago, nor one feared)."""
    c = compact(text)
    return bool(_BLEEDING.search(c) and _WOUND.search(c)) and not past_event(text) and not hypothetical(text)


# Cleaning products mixed or their fumes breathed, and the eyes, throat or breath hurt now
_CHEMICAL = re.compile(r"(?:락스|표백제|세제|염소|곰팡이제거|청소약|세정제|뚫어뻥|배수구약)[가-힣]{0,20}?(?:섞|냄새|가스|연기|김이|김을)")
_CHEMICAL_SICK = re.compile(r"숨(?:을|이)?(?:못|안|막|차|가빠|쉬기)|기침|캑캑|눈(?:이|을)?(?:따가|따갑|못뜨|아파|맵)|목(?:이)?(?:따가|따갑|아파|타)"
                            r"|어지러|어질|메슥|토할|가슴(?:이)?답답")
_SWALLOWED = re.compile(r"마셨|마셔|마신|먹었|묵었|삼켰|들이켰")


def chemical_fumes(text: str) -> bool:
    """Fumes of mixed cleaning products breathed now ("락스랑 뭐 섞었더니 … 눈이 따갑고 숨을 못 쉬겠어"),
    not swallowed (the poisoning reply) and not told of before."""
    c = compact(text)
    return (bool(_CHEMICAL.search(c) and _CHEMICAL_SICK.search(c)) and not _SWALLOWED.search(c)
            and not past_event(text) and not hypothetical(text))


def burn(text: str) -> bool:
    """A scald or a burn on the body now (not a burn told of long ago, nor one feared)."""
    c = compact(text)
    now = not past_event(text) and not hypothetical(text)
    return now and bool(_BURNT.search(c) or _SCALD.search(c) or (_SKIN_HURT.search(c) and _HOT.search(c)))


def crash(text: str) -> bool:
    """A road accident now with the speaker in the car (not a person hit, nor a crash seen)."""
    c = compact(text)
    return bool(_IN_THE_CAR.search(c)) and not _HIT_OR_SEEN.search(c) and not past_event(text) and not hypothetical(text)


def heat_stroke(text: str) -> bool:
    """Heat stroke's signs after heat or field work: no sweat, or two signs of a body failing."""
    c = compact(text)
    if not _HEAT.search(c) or past_event(text) or hypothetical(text):
        return False
    return bool(_NO_SWEAT.search(c)) or len({m.group(0)[:2] for m in _HEAT_SIGNS.finditer(c)}) >= 2


def low_sugar(text: str) -> bool:
    """A diabetic's low blood sugar by its signs (sweat, confusion, shaking after insulin or no meal)."""
    c = compact(text)
    return bool(_SUGAR.search(c) and _LOW_SUGAR_SIGNS.search(c)) and not past_event(text) and not hypothetical(text)


def medical_key(text: str, overdose: bool) -> str | None:
    """The ``replies.toml`` key of a body in trouble with its own first aid, or None (the general 119
    reply). ``overdose``: pills or poison swallowed, whose reply ("bring the pack") comes first."""
    if chemical_fumes(text) and not overdose:
        return "urgent_chemical"  # out into fresh air first: "숨을 못 쉬겠어" here is fumes, not choking
    if heat_stroke(text):
        return "urgent_heat"  # 119, into the shade, cool the body; no water forced on someone confused
    if choking(text):
        return "urgent_choking"  # 119, and back blows and thrusts now: nobody waits for the ambulance to breathe
    if not_breathing(text):
        return "urgent_cpr"  # 119 on the speaker, and hands on the chest now: the minutes before the ambulance count
    if overdose:
        return None
    if low_sugar(text) and _SUGAR_CAUSE.search(compact(text)):
        return "urgent_low_sugar"  # insulin or diabetes pills and no meal: the sugar first
    if low_sugar(text) and _COLD_SWEAT.search(compact(text)) and not _ONE_SIDED.search(compact(text)):
        return "urgent_low_sugar"  # a diabetic in a cold sweat, confused, one side not weak: the sugar first
    if stroke_signs(text):
        return "urgent_stroke"  # never wait for it to pass; the time it began
    if bleeding(text):
        return "urgent_bleeding"  # press hard on it and keep pressing, raise it, 119
    if crash(text):
        return "urgent_crash"  # out of a smoking car first, 119 for the neck, 112 and the insurer after
    if burn(text):
        return "urgent_burn"  # running water, never 된장 or toothpaste, 119 when skin came off
    if low_sugar(text) and not heart_or_stroke_signs(text):
        return "urgent_low_sugar"  # sugar now if they can swallow, 119 if not or if it does not pass
    return None


# Clothes or hair caught fire on the body ("가스레인지에 소매에 불이 붙었는디"): a burn, not a house fire
_CLOTHES_CAUGHT = re.compile(r"(?:소매|옷|옷자락|치마|바지|잠옷|머리카락|앞치마|장갑)(?:에|이|가)?불(?:이)?(?:붙|옮|댕)")


def fire_key(text: str) -> str | None:
    """The ``replies.toml`` key of a fire that must never get water (a pan of oil: a lid; a socket:
    the breaker), or None (the general fire reply: out first)."""
    c = compact(text)
    if _CLOTHES_CAUGHT.search(c) and burn(text):
        return "urgent_burn"  # a sleeve caught at the stove and the arm burnt: cool the burn, not "get out of the house"
    if _OIL_FIRE.search(c) and (_WATER_ASKED.search(c) or not _OIL_FIRE_GROWN.search(c)):
        return "urgent_fire_oil"  # a pan alight: a lid; grown past it (to the ceiling, the curtains): out first
    if _ELECTRIC_FIRE.search(c) and (_WATER_ASKED.search(c) or not _FIRE_SPREAD.search(c)):
        return "urgent_fire_electric"
    return None
