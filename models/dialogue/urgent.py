"""Is this turn an emergency, and which one? The urgent decision of the dialogue policy.

The trained classifier is the judge; the cue rules of the ``cues`` package are a net under it (a symptom, a
fire, a gas smell, water coming in, signs of an attempt, harm by family). A reading that is not
clear is checked twice before it wins: a confident knowledge-base answer from a service topic means
a question about a service ("남편이 연금 받다 돌아가셨는데 나오는 게 있나요"), and words of worry, help,
cost, the past or exaggeration with no word of an emergency mean the classifier is guessing.

``decide`` returns the ``replies.toml`` key of the reply (each kind its own advice), or None. The key
``"crisis"`` means the configured crisis entry (the 109 line) where the knowledge base has one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from models.dialogue import first_aid
from models.dialogue.cues import (
    abuse_by_family,
    abuse_signs,
    abuse_signs_by_others,
    abused_in_care,
    arms_as_skill,
    as_if_dying,
    asks_for_help,
    better_off_gone,
    body_in_trouble,
    calls_avatar_a_cheat,
    cash_pickup,
    charcoal_in_sealed_room,
    clear_urgent,
    cold_at_home,
    compact,
    crisis_hint,
    crisis_now,
    crisis_signs,
    disaster,
    disaster_now,
    exaggeration,
    false_alarm,
    family_law,
    family_named,
    final_farewell,
    fire_trapped,
    flood_below,
    gas_checked_fine,
    gas_leak,
    gift_card_sent,
    happening_now,
    heart_or_stroke_signs,
    hypothetical,
    identity_sent,
    idiom_of_death,
    intruder_inside,
    intruder_words,
    is_overdose,
    is_statement,
    law_words,
    loss_asked_after,
    lost_outdoors,
    means_asked,
    near_miss,
    neighbour_abused,
    neighbour_harm,
    past_event,
    plain,
    ransom_threat,
    remembered,
    remote_installed,
    said_now,
    saying_nobody_hurt,
    settling_affairs,
    shut_out_in_cold,
    someone_else,
    threat_at_the_door,
    told_as_story,
    told_of_past,
    trapped,
    urgent_kind,
    wildfire,
    without_food,
)
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
from models.knowledge import Entry
from models.understanding import URGENT, Understood

log = logging.getLogger(__name__)

FRAUD_PAID_MIN = 0.5  # "money already sent" must be the classifier's own clear reading (or the victim rule's)
#: The cue rules are a net under the classifier, except where the classifier is sure the words are an
#: idiom or a service question (심장이 벌렁벌렁했네 알고 보니 손주였어, 가슴이 설레요): it then overrules them.
RULE_VETO_URGENT_P = 0.2
RULE_VETO_CONFIDENCE = 0.7
#: At or above this summed urgent probability (or with a clear cue: symptoms now, pills swallowed, a
#: wish to die) an emergency is answered at once. Below it, an urgent reading is first checked
#: against the knowledge base.
URGENT_CLEAR_P = 0.8
#: An urgent reading at least this sure, with an emergency word in the sentence, is overruled only by a
#: knowledge-base answer over the threshold (not by one in the clarify band under it).
URGENT_SURE_WITH_WORDS_P = 0.6
#: Knowledge-base topics that *are* emergency procedures: a hit there confirms the emergency.
EMERGENCY_TOPIC_WORDS = ("화재 대피", "가스 누출", "침입", "실종 신고", "109", "학대", "보이스피싱 대처", "지진 대피")
#: A crisis cue with the means at hand (유서, 끈, 작별) turns any urgent reading into the crisis reply
#: when the classifier gives crisis at least this much.
CRISIS_NOW_MIN_P = 0.05
#: Bruises or blows in a medical reading become family violence / abuse with this much of it.
ABUSE_SIGNS_MIN_P = 0.02
#: the classifier's abuse or crisis reading with no word of harm (blows, bruises, money kept, shut in)
#: or of despair needs this much
READING_ALONE_P = 0.6
#: an urgent reading under this much in all, with not one word of an emergency, is the classifier
#: choosing among nothing ("사투리가 심한데 알아듣겄나" read as an intruder at 0.17, "한글 배우고 싶은데
#: 부끄러워서" as medical at 0.18)
URGENT_ALONE_MIN_P = 0.6
#: the same for a question by its words ("불고기 재울 때 불을 얼마나 세게 해야 돼")
URGENT_ASKED_MIN_P = 0.6
# (불이 안 켜져요, 불이 나갔어: a light or the power, not a fire)
_LIGHT = r"(?!안켜|안들어|안와|나갔|나가|꺼졌|깜빡|들어왔|안붙|안나와|안올라|잘안)"
# A war or a flight long ago told of ("육이오 때 … 사람 죽는 거 다 봤어"), with no wish to die now
_WAR_MEMORY = re.compile(r"(?:육이오|625|전쟁|피난|난리|월남|베트남|사변)(?:때|적에|통에|나던해|중에)")
_WISH_TO_DIE = re.compile(r"죽고싶|죽고잡|살기싫|살고싶지않|못살겠|끝내고싶|끝내버리|가고싶다|따라가고싶")
# Death named in passing: refused "to the death" (죽어도 싫다), pests killed, someone else's death long
# ago or an accident survived, with no wish to die now (see ``death_in_passing``)
_DEATH_IN_PASSING = re.compile(
    r"죽어도(?:싫|안|못|모르|그건)|죽기보다싫|죽기살기"
    r"|(?:모기|파리|벌레|바퀴|쥐|개미|진드기|해충|잡초|풀|진딧물|벼룩|빈대)[가-힣]{0,14}?죽(?:여|였|이|인|었|은)"
    # a thing or a plant that "died": a phone's battery, flowers gone dry ("전화기가 어제 죽어 뿌가", "꽃이 다 말라 죽었다")
    r"|(?:전화기|핸드폰|휴대폰|폰|배터리|밧데리|꽃|화분|화초|나무|모종|고추|배추|시계|테레비|티비|컴퓨터|보일러|엔진|냉장고)"
    r"(?:가|이|는|도)?[가-힣]{0,10}?죽(?:어|었|은|을)")
# ... and a stronger wish than _WISH_TO_DIE spells out (죽을란다, 그만 살고 싶다)
_OWN_DEATH_MEANT = re.compile(r"죽을란|죽을래|죽을라고|죽으려|죽어버릴|죽어야겠|죽어야지|그만살|살맛이없|살아뭐|사는게(?:무슨|의미|지옥)")
# Smoke or flames seen next door, not coming into one's own home: the witness's 119 reply
_NEIGHBOUR_FIRE = re.compile(r"(?:옆집|윗집|아랫집|앞집|이웃집|건너편집|옆동|뒷집)(?:에서|에|이|쪽)?[가-힣]{0,10}?(?:연기|불이|불났|불길|타는냄새)")
_OWN_FIRE = re.compile(r"우리집[가-힣]{0,6}?(?:불|연기)|(?:연기|불)[가-힣]{0,10}?(?:우리집|들어와|들어오|넘어와)")
_FIRE = re.compile(r"불이" + _LIGHT + r"|불났|불붙|연기|화재|가스")
_LIGHT_OUT = re.compile(r"불이안켜|불이안들어|전구|형광등|정전|불이나갔|전기가나갔|두꺼비집|차단기")
# The ground shaking (under a table while it shakes, then out), not water or earth coming in
_QUAKE = re.compile(r"지진|흔들")
_WATER = re.compile(r"물이|물에|침수|비가|홍수|흙|산사태|축대|옹벽")
# Flames or smoke (a gas smell alone gets the gas reply, not "get out through the smoke")
_FIRE_NOW = re.compile(r"불이" + _LIGHT + r"|불났|불붙|불길|연기|타는|화재|폭발|펑")
# any sign of flames, smoke or gas: a fire reading without one is the classifier hearing 불 (a grandson
# who puts out fires for a living, a stove's flame turned down)
_FIRE_SIGNS = re.compile(_FIRE_NOW.pattern + r"|탄내|냄새|불꽃|불똥|불씨|활활|번져|번지|그을|뜨거|가스|산불|타(?:고|요|오|네|는데)")
# Coal-briquette or boiler fumes and a sick head or stomach: carbon monoxide, out to fresh air first
_FUMES = re.compile(r"연탄|보일러|난로|번개탄|숯|화로|일산화탄소")
_FUMES_SICK = re.compile(r"(?:머리|골)[가-힣]{0,4}?(?:아프|아파|지끈|띵|깨질|무겁)|어지럽|어질|메슥|울렁|토할|토했|토를|토해|구토|구역|속이안좋|정신이"
                         r"|졸리|졸려|축늘어")
# everyone at home with a headache (and the dog limp): fumes even when no heater is named
_ALL_SICK = re.compile(r"(?:식구|가족|다들|모두|둘다|둘이다)[가-힣]{0,8}?(?:머리|골)[가-힣]{0,4}?(?:아프|아파|지끈|띵)")
# A heater broken or out and the person cold: hypothermia (119), not fumes
_NO_HEAT = re.compile(r"고장|꺼져|꺼졌|안돌|안들어와|추워|추웠|떨었|떨려|덜덜|얼어|냉골")
# A road accident: 119 for the injured (someone "inside" is a car's passenger, not an intruder)
_ROAD_ACCIDENT = re.compile(r"교통사고|차사고|접촉사고|추돌|들이받|뒤에서(?:쾅|꽝)?(?:받|박)(?:았|혔|은|고)|차(?:가|에)?(?:뒤집|치였|받혔|박았|부딪)"
                            r"|사고가났|오토바이")
# Now, as the person speaks (갑자기 also tells of how a past illness began: not here)
_RIGHT_NOW = re.compile(r"지금(?!이라도|까지|와서|도늦)|방금")
# Water around a car (an underpass, a road): out of the car at once, up high
_FLOOD_CAR = re.compile(r"(?:지하차도|차도|도로|차|자동차|버스)[가-힣]{0,8}?(?:물이차|물이들어|물에잠|잠겨|물에떠|침수)"
                        r"|(?:물이차|물에잠|침수)[가-힣]{0,10}?(?:차가|차에서|차안|차문)")
# Robbed in the street or at home: 112, then the cards and bankbooks stopped
_ROBBED = re.compile(r"(?:낚아채|날치기|소매치기|강도|훔쳐\s?갔|훔쳐가|뺏어\s?갔|뺏어가|빼앗아|뺏기|빼앗기|털어\s?갔|털어가|털렸|들고\s?튀|들고\s?도망"
                     r"|도둑맞|도둑을맞|도둑질당)")
# A neighbour not seen for days, with a smell, post piled up or no answer at the door (a lonely death feared)
_NEIGHBOUR_UNSEEN = re.compile(r"(?:옆집|윗집|아랫집|앞집|이웃|건너집|혼자사는)[가-힣0-9]{0,24}?(?:며칠|몇일|한참|사흘|나흘|일주일)[가-힣0-9]{0,8}?"
                               r"(?:안보|못보|기척이없|인기척|소식이없|연락이안)[가-힣0-9]{0,30}?(?:냄새|우유|신문|택배|쌓|대답이없|문을안열)")
# Followed in the street right now ("어떤 남자가 계속 따라와 지금 골목인데")
_FOLLOWED = re.compile(r"(?:계속|자꾸|아까부터|뒤에서|뒤를)[가-힣0-9]{0,8}?(?:따라와|따라오|쫓아와|쫓아오|따라붙)|미행")
# Followed from the door and the follower still outside the home: stay in, the door locked, 112 (not "go to a shop")
_WAITING_AT_HOME = re.compile(r"(?:집|현관|대문|문)(?:앞|밖)[가-힣0-9]{0,30}?(?:지금도|아직도|아직|또)[가-힣0-9]{0,6}?(?:밖에|앞에|서있|있어|있다|있는|서성)"
                              # at the door now, knocking or shouting through it ("집 앞까지 왔어 문 두드리면서")
                              r"|(?:문|현관문|대문|현관)(?:을|를)?(?:막|자꾸|계속|쾅쾅|탕탕)?(?:두드리|두드려|두들기|두들겨|두둘겨|차고|발로차|열라|열어라|열어달)"
                              r"|(?:지금도|아직도|아직)[가-힣0-9]{0,6}?(?:집|현관|대문|문)(?:앞|밖)(?:에)?(?:서있|있|서성|버티|왔다갔다)")
# Fallen and hurting, too sore to get up (a hip: not to be lifted)
_FALLEN_HURT = re.compile(r"(?:넘어|자빠|미끄러|떨어)[가-힣0-9]{0,20}?(?:엉덩이|골반|고관절|허리|다리|무릎)[가-힣0-9]{0,12}?"
                          r"(?:아파|아프|못움직|꼼짝|못일어|안일어|일으켜|일으킬|부었|붓)")
# Fallen and still on the floor a while later ("넘어져 가꼬 바닥에 한 시간째 누워 있는디 별일은 아이고"): not
# getting up for that long is the emergency, whatever the person says of it
_FELL = r"(?:넘어|자빠|미끄러|쓰러)"
_ON_THE_FLOOR = r"(?:누워|있|엎어|앉아)"
_STILL_DOWN = re.compile(_FELL + r"[가-힣0-9]{0,12}?(?:바닥|방바닥|마룻바닥|화장실|욕실)[가-힣]{0,3}?"
                         r"(?:한시간|두시간|몇시간|[0-9]+시간|한참|아까부터|밤새|새벽부터|아침부터)[가-힣]{0,4}?" + _ON_THE_FLOOR
                         + r"|" + _FELL + r"[가-힣0-9]{0,12}?(?:한시간|두시간|몇시간|[0-9]+시간|한참|밤새)[가-힣]{0,3}?"
                         r"(?:바닥|방바닥|마룻바닥)[가-힣]{0,3}?" + _ON_THE_FLOOR
                         + r"|" + _FELL + r"[가-힣0-9]{0,20}?(?:못일어|안일어|일어날수가없|일어나질못|일어나지를못)")


def fallen_still_down(text: str) -> bool:
    return bool(_STILL_DOWN.search(compact(text)))


# Fallen and not getting up or answering ("쓰러지셔서 안 일어나셔")
_COLLAPSED = re.compile(r"쓰러(?:지셔|져|졌|지셨|지시|진)[가-힣]{0,8}?(?:안일어|못일어|일어나지|안움직|대답이없|대답을안|반응이없|눈을안떠)")
# A lost or stolen card being used as the person speaks ("방금 카드 결제 문자가 막 와")
_CARD_USED_NOW = re.compile(r"(?:결제|승인|출금|인출|사용)(?:된)?(?:문자|알림|내역|메시지)[가-힣]{0,8}?(?:와|오|왔|떠|뜨|들어와|들어오)"
                            r"|돈이(?:막|자꾸|계속)?빠져나가")
_CARD_GONE = re.compile(r"잃어버렸|잃어뿟|잊어먹|분실|없어졌|도둑|훔쳐|뺏기|소매치기|날치기")
_ROBBED_WHAT = re.compile(r"가방|지갑|돈|통장|카드|핸드백|휴대폰|핸드폰|목걸이|반지|금")
# Someone gone from sight and searched for now
_MISSING_NOW = re.compile(r"(?:없어|안보여|안보이|사라졌|없어졌)[가-힣0-9]{0,14}?(?:찾고있|찾아도|찾는데|시간째|찾아봐도)")
# Someone with dementia not seen since a time named ("아버지가 어젯밤부터 안 보이셔 치매 초기신데"), however offhand
_WENT_OUT_NOT_BACK = (r"(?:아까|조금전|좀전|아침에|오전에|점심때|점심에|새벽에|[한두세네]시간전|[한두세네]시간째)[가-힣0-9]{0,14}?(?:나가|나갔|나간)"
                      r"[가-힣0-9]{0,8}?(?:안보여|안보이|안들어|안돌아|안와|안오|연락이안|연락이없|없어)")
_DEMENTIA_GONE = re.compile(
    r"(?:어젯밤|어제|아침|새벽|점심|저녁|낮|밤)(?:부터|에나가)[가-힣0-9]{0,8}?(?:안보이|안들어오|안돌아오|안오|연락이안)[가-힣0-9]{0,30}?치매"
    r"|치매[가-힣0-9]{0,30}?(?:어젯밤|어제|아침|새벽|점심|저녁|낮|밤)(?:부터|에나가)[가-힣0-9]{0,8}?(?:안보이|안들어오|안돌아오|안오|연락이안)"
    # went out a while ago and not back ("치매인데 아까 시장 간다고 나가서 안 보여")
    r"|치매[가-힣0-9]{0,30}?" + _WENT_OUT_NOT_BACK + r"|" + _WENT_OUT_NOT_BACK + r"[가-힣0-9]{0,30}?치매")
# The speaker lost ("여기가 어딘지 모르겠어 집에 가는 길을 몰라")
#: death wished on the one addressed (the avatar), not on oneself
_DIE_AT_YOU = re.compile(r"(?:너|니|넌|니는|너는|니같은|너같은)[가-힣]{0,24}?(?:죽어버려|죽어뿌라|죽어라|뒈져|뒤져라|죽어삐라)")
_LOST_MYSELF = re.compile(r"여기가어딘지|여가어딘지|어딘지모르겠|집에가는길을?몰|길을잃었어|길을잃어버렸|내가길을|집을못찾")
# Someone gone: out and not back, lost, not answering
_GONE_WORDS = r"나가|나갔|나간|안들어|안돌아|안와|안오|없어졌|사라졌|길을잃|길잃|행방|연락이안|전화를안|어디갔|어디로"
_GONE = re.compile(_GONE_WORDS + r"|찾")
# Someone who went out or cannot be reached: a person named, or the verbs of going and not coming back
_SOMEONE_GONE = re.compile(alt(PARENTS, GRANDPARENTS, SPOUSE, CHILDREN, GRANDCHILDREN, SIBLINGS, PARENTS_IN_LAW, CHILDREN_IN_LAW,
                               "아이", "애가", "애기", "아기", "사람", "친구", "이웃", "어르신", "노인", "양반", "조카", "식구", "치매")
                           + r"|나가|나갔|들어오|들어와|돌아오|돌아와|안보여|안보이|연락|찾고|찾아|실종|길을잃|집을못찾|헤매")
# Things that cannot be found (money, a bankbook, a seal) with nobody gone: lost property, not a missing person
_LOST_THING = re.compile(r"돈|통장|예금|적금|도장|인감|서류|카드|지갑|열쇠|물건|보험금|연금|유산|계좌|은행|보험|재산|땅|주식|증권|집문서|땅문서|안경|틀니|보청기")
_PERSON_GONE = re.compile(_GONE_WORDS + r"|실종")
# Water rising and the way out shut: 119 now, from the highest place
_FLOOD_TRAPPED = re.compile(r"(?:물이|물에|침수|잠겨|잠겼|물차|물이차)[가-힣]{0,24}?(?:문이(?:잘)?안열|문이안|못나가|못나오|갇혔|갇혀|나갈수가?없)")


# Hurt by the fire that is out now (a burn, eyes that will not open)
_BURNT = re.compile(r"화상|데었|데어|물집|살갗|벗겨|눈을?못뜨|눈이안떠|눈이안보|다쳤|따가워|쓰라려|얼굴에불|손에불|옷에불")
# Trying out a new gas stove or boiler (불 세기, 켜는 법): an appliance, not a leak or a fire
_APPLIANCE_USE = re.compile(r"(?:가스렌지|가스레인지|가스불|버너|인덕션|보일러|가스보일러|곤로)[가-힣0-9]{0,16}?"
                            r"(?:조절|세기|켜는|켜나|켜노|켜요|켜야|끄는|끄나|사용법|쓰는법|바꿨|바꿔|새로|설치|고쳐|수리|교체|요금|점검|온도)")
# Smoke or a flame that is gone by the time it is told ("창문 열어서 다 빠졌어", "바로 껐어")
_FIRE_OVER = re.compile(r"(?:연기|불|냄새)[가-힣0-9]{0,16}?(?:다빠졌|빠졌어|빠졌는|빠졌고|빠졌다|다꺼졌|꺼졌어|꺼졌고|꺼졌는|바로껐|다껐|껐어|껐는|껐고|잡았|괜찮아졌|금방꺼|다나갔"
                        r"|환기(?:를)?(?:시켰|했|시키니|하니|시켜서|해서)|환풍기(?:를)?(?:틀|돌리)|창문(?:을)?(?:다)?(?:열었|열어놨|열어놔|열어둬|열어뒀|열어서|여니))")
# Money, numbers or papers gone to someone: sent, handed over, taken, drawn, paid, told ("보냈", "넘겨줬",
# "털렸", "빠져나갔", "알려 줬"); a loss the classifier reads with none of these is not stop-payment's case
_MONEY_GONE = re.compile(r"보냈|보내뿌|보내삐|보내버|부쳤|부치|송금|이체|입금|넣었|넣어버|넣어뿌|넘겼|넘겨|넘어갔|줬|주었|줘버|줘뿌|줘삐"
                         r"|줘뿟|줘뿠|줘삣|건넸|건네|뺏|털렸|털려|날렸|날아갔|빠져나|빼갔|빼가|가져갔|가져가|찍혔|결제|인출|찾아서|찾아줬|당했|당한|속았|속아"
                         r"|알려줬|알려주|불러줬|불러주|불러줘|불러줐|줐|눌렀|누르고|깔았|깔고|깔라|깔으라|설치|옮겼|옮겨|옮기"
                         # a scam's flow going on: cash drawn or kept for a collector, numbers written down or
                         # passed on, gift cards bought, a farewell's password left (the dialogue's other rules
                         # decide which reply; this only keeps the urgent reading)
                         r"|찾아놨|찾아놓|찾아왔|찾고있|찾으러|받으러|가지러|받아간|맡아|보관|만나러|보내래|보내라|사서"
                         r"|적어놨|적어놓|비밀번호|비번|전해")
# "돈은 안 보냈어": nothing sent, told of a call (how to report it, not stop-payment)
_NOTHING_SENT = re.compile(r"(?:돈|송금|이체|계좌|비밀번호|번호)[가-힣]{0,4}?(?:안보냈|안보내|안줬|안부쳤|안넘어|안알려|보내지는않|보내진않|안했)|안속았|안넘어갔")


# A carer at breaking point: a hand raised, "I'll do something", with the one cared for named
_CARING = re.compile(alt("수발", "간병", "병수발", "모시", "돌보", "돌봐", "치매", PARENTS_IN_LAW, SPOUSE, PARENTS))
_BREAKING = re.compile(r"손이(?:막|확|그만)?올라|손찌검을?했|때릴것같|때릴거같|때리고싶|해칠것같|해칠거같|무슨일(?:을)?낼|무슨짓(?:을)?할|무슨짓을?할|일낼것|일낼거"
                       r"|같이죽|같이가자|목을조르|확죽여|죽여버리고싶|더는못하겠|더이상못하겠|한계야|한계다|한계인")


def caregiver_breaking(text: str) -> bool:
    """A carer at breaking point ("치매 남편 … 손이 올라갔어 이러다 무슨 일 낼 것 같어")."""
    c = compact(text)
    return bool(_BREAKING.search(c) and _CARING.search(c)) and not past_event(text) and not told_as_story(text)


# hurt, shut in, starved or threatened (not only money taken): the abuse reply, whatever law is asked
_HARMED = re.compile(r"때리|때려|때린|맞았|맞고|맞아|두들겨|밀쳐|밀치|가두|가둬|굶기|굶겨|위협|죽인다|죽여|칼|흉기|다쳤|멍이|멍들|욕하고|소리지르")


def decide(u: Understood, phishing: str | None,
           kb_answers_service: Callable[[Understood, bool], bool]) -> str | None:
    """The reply key of the emergency this turn is, or None. ``phishing`` is the cue rules' scam
    kind ("victim": money already sent); ``kb_answers_service(u, lenient)`` is asked only when the
    reading is not clear (it costs a retrieval)."""
    if neighbour_abused(u.text) and not told_as_story(u.text):
        return "urgent_abuse_witness"  # a neighbour beaten by family, however the classifier reads it: 1577-1389, 112
    if abused_in_care(u.text) and not told_as_story(u.text) and not told_of_past(u.text):
        return "urgent_abuse_care"  # a relative bruised or hit in a care home, however read: report it for them
    if charcoal_in_sealed_room(u.text) and not _imagined_or_over(u.text) and not told_as_story(u.text):
        return "urgent_charcoal"  # air in, 119, nobody breathes the smoke; the 109 line after
    if lost_outdoors(u.text) and not _imagined_or_over(u.text) and not told_as_story(u.text):
        return "urgent_lost_outdoors"  # stay put, 119 (mountain rescue), save the battery, say the trail sign
    if shut_out_in_cold(u.text) and not _imagined_or_over(u.text) and not intruder_words(u.text):
        return "urgent_shut_out"  # a warm shop or a neighbour first, then 119 opens the door (not the intruder reply)
    if cold_at_home(u.text) and not _imagined_or_over(u.text) and not told_as_story(u.text):
        return "urgent_cold_home"  # no heating and numb, shaking hands: 119, warmth meanwhile, heating help
    if without_food(u.text) and not _imagined_or_over(u.text) and not (abuse_by_family(u.text) or abuse_signs(u.text)):
        return "urgent_hunger"  # days without food and nothing left: help today (129, the centre), 119 if faint
    if at_the_edge(u.text) and not _imagined_or_over(u.text) and not told_as_story(u.text):
        return "urgent_edge"  # someone climbing a railing or a sill now, and not to be held back: 119, no struggle
    if cash_pickup(u.text) and not near_miss(u.text) and (not hypothetical(u.text) or happening_now(u.text)):
        # "… 맡기라 카대 지금 집 앞으로 곧 온다고": told what they said, and the collector on the way now
        return "urgent_fraud_pickup"  # cash drawn for someone coming to collect it: hand nothing over, 112
    if caregiver_breaking(u.text):
        return "urgent_caregiver"  # a step away now, the 109 line, respite care (never the missing-person reply)
    if ransom_threat(u.text) and phishing != "victim" and not near_miss(u.text) and not past_event(u.text) and not told_as_story(u.text):
        return "urgent_fraud_threat"  # family to be harmed unless money is sent: hang up, check on them, 112
    key = reply_key_for(u, phishing)
    if key == "urgent_abuse" and u.intent.label == "ood_legal" and law_words(u.text) and not _HARMED.search(compact(u.text)):
        return None  # "아들이 내 돈 가 가고 안 갚는다 고소할 수 있나": the law asked about money taken, nobody hurt now
    if key is not None and false_alarm(u.text) and not crisis_signs_now(u.text):
        log.info("urgent reading (%s %.2f) dropped: told as a false alarm", u.intent.label, u.intent.confidence)
        return None  # "가스 냄새 나서 가스회사 불렀는디 별거 아니었어": checked and nothing, told as over
    if key is None or is_clear(u, phishing):
        return key
    if key == "urgent_flood_trapped" and not (hypothetical(u.text) or past_event(u.text)):
        return key  # shut in by water now: the flood-barrier subsidy entry is never the answer
    words = emergency_words(u, phishing)
    # said to be happening now, only a confident answer from a service topic overrules it (a roof torn
    # off in a typhoon is not a question about cold-weather tips because the words are near)
    # a sure reading with the words of an emergency is overruled only by a confident answer, never by
    # one within the clarify band (a husband collapsed, "숨을 쉬는지 모르겠어", is not 긴급복지 at 0.65)
    sure = bool(words) and u.intent.p(*URGENT) >= URGENT_SURE_WITH_WORDS_P
    if kb_answers_service(u, not happening(u) and not sure):
        log.info("urgent reading (%s %.2f) overruled: the knowledge base answers it as a service question",
                 u.intent.label, u.intent.confidence)
        return None
    if words:
        return key
    p = u.intent.p(*URGENT)
    if p < URGENT_ALONE_MIN_P or (p < URGENT_ASKED_MIN_P and not is_statement(u.text)):
        log.info("urgent reading (%s %.2f) dropped: weak and no emergency words", u.intent.label, u.intent.confidence)
        return None
    if second_look(u):
        # worry, help, cost, the past or exaggeration, and not one word of an emergency
        log.info("urgent reading (%s %.2f) dropped: no emergency words", u.intent.label, u.intent.confidence)
        return None
    return key


def reply_key_for(u: Understood, phishing: str | None) -> str | None:
    """The emergency the classifier (with the cue rules under it) reads, before any second look."""
    kind = _kind(u, phishing)
    if kind is None:
        return None
    if phishing is None and kind in ("urgent_fraud_paid", "urgent_abuse") and (
            crisis_signs_now(u.text) or final_farewell(u.text)):  # a farewell with a password left for a son
        kind = "crisis"  # "통장 다 아들한테 넘겨줬어 이제 필요 없을 것 같아서": a sign of despair, not money lost
    now = crisis_now(u.text) or crisis_now(u.normalized)
    # a wish to die with the means at hand; signs of an attempt (유서 … 문을 잠갔어) whatever kind
    # the classifier named
    if (kind == "crisis" and now) or (crisis_signs(u.text) and u.intent.p("crisis") >= CRISIS_NOW_MIN_P):
        return "crisis_other" if someone_else(u.text) else "crisis_now"
    if kind in ("urgent_medical", "crisis") and means_asked(u.text) and not someone_else(u.text):
        return "crisis"  # how to die asked of pills: the 109 line, not the poisoning reply
    if fumes(u.text) and kind in ("urgent_medical", "urgent_fire", "urgent_disaster"):
        return "urgent_co"
    if first_aid.chemical_fumes(u.text) and kind in ("urgent_medical", "urgent_fire", "urgent_disaster"):
        return "urgent_chemical"  # bleach mixed: the smell is no fire, the air outside is the first aid
    if robbed(u.text):
        return "urgent_robbery"
    if _FLOOD_TRAPPED.search(compact(u.text)) and not _imagined_or_over(u.text):
        return "urgent_flood_trapped"  # shut in by water (a half-basement door that will not open) before the car park
    if flood_below(u.text) and not _imagined_or_over(u.text):
        return "urgent_flood_below"  # water in the car park: never go down for the car (not "get out of the car")
    if _FLOOD_CAR.search(compact(u.text)) and not past_event(u.text):
        return "urgent_flood_car"
    if _FLOOD_TRAPPED.search(compact(u.text)):
        return "urgent_flood_trapped"
    if kind == "urgent_disaster" or disaster_now(u.text) or (disaster(u.text) and not _FIRE.search(compact(u.normalized))):
        return "urgent_quake" if _QUAKE.search(compact(u.text)) and not _WATER.search(compact(u.text)) else "urgent_disaster"
    if (kind in ("urgent_medical", "urgent_missing", "urgent_intruder") and abuse_signs(u.text) and not _threat_from_outside(u.text)
            and (u.intent.p("urgent_abuse") >= ABUSE_SIGNS_MIN_P or abuse_signs_by_others(u.text))):
        kind = "urgent_abuse"
    if kind == "crisis":
        return "crisis_other" if someone_else(u.text) else "crisis"
    if kind in ("urgent_abuse", "urgent_intruder", "urgent_medical") and neighbour_harm(u.text):
        return "urgent_neighbour"  # heard through the wall: the witness calls 112, never goes over
    if kind == "urgent_abuse" and neighbour_abused(u.text):
        return "urgent_abuse_witness"  # a neighbour seems beaten: 1577-1389 (in secret), 112 if it is going on
    c = compact(u.text)
    if kind in ("urgent_fire", "urgent_missing", "urgent_medical", "urgent_intruder") and _NEIGHBOUR_UNSEEN.search(c):
        return "urgent_neighbour_unseen"  # not seen for days and a smell at the door: 119 opens it, not a fire
    if kind in ("urgent_intruder", "urgent_missing") and _FOLLOWED.search(c) and not _WAITING_AT_HOME.search(c):
        return "urgent_followed"  # followed in the street now: into a lit shop, 112 (no door to lock)
    if kind == "urgent_medical" and _FALLEN_HURT.search(c) and not _COLLAPSED.search(c):
        return "urgent_fall"  # fallen and hurting, awake: do not lift, keep warm, 119
    return reply_key(kind, u.normalized)


# Where talk turns from one thing to another ("근데 그건 그렇고", "그나저나")
_TURN = re.compile(r"(?:^|\s)(?:근데|그런데|근디|그란디|그건\s?그렇고|그나저나|아무튼|어쨌든|하여튼|그리고|그라고)(?=\s)|[.!?]\s")


def parts_of(text: str) -> list[str]:
    """``text`` cut where talk turns ("… 피가 좀 나네 근데 그건 그렇고 …"); parts under three words
    stay with the one before."""
    parts: list[str] = []
    for piece in _TURN.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if parts and len(piece.split()) < 3:
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def death_in_passing(text: str) -> bool:
    """Death named with no wish to die now: a memory or a near miss (탄광에서 죽을 뻔했지), an
    exaggeration (미쳐 죽겠어), a refusal (죽어도 싫다), pests killed; never when a wish to die or a
    sign of an attempt is in the words too."""
    c = compact(text)
    if _WISH_TO_DIE.search(c) or _OWN_DEATH_MEANT.search(c) or crisis_signs(text) or settling_affairs(text):
        return False
    return told_of_past(text) or exaggeration(text) or bool(_DEATH_IN_PASSING.search(c))


def death_wished_at_avatar(text: str) -> bool:
    """"너 같은 건 … 죽어 버려": abuse aimed at the avatar, never despair."""
    return bool(_DIE_AT_YOU.search(compact(text)))


def _threat_from_outside(text: str) -> bool:
    """A weapon or a threat to kill at the door, from someone outside: not family, not already inside."""
    return threat_at_the_door(text) and not abuse_by_family(text) and not intruder_inside(text)


def _kind(u: Understood, phishing: str | None) -> str | None:
    kind = u.intent.label if u.intent.urgent else None
    if kind == "urgent_abuse" and _threat_from_outside(u.text):
        kind = "urgent_intruder"  # a knife at the door from outside: the door kept shut, 112 (not "go out to a neighbour")
    if kind == "urgent_fraud_paid" and phishing != "victim" and (
            u.intent.p("urgent_fraud_paid") < FRAUD_PAID_MIN):
        kind = None  # asked to send money, not surely sent yet: the phishing advice, not stop-payment
    if kind == "urgent_fraud_paid" and phishing != "victim" and calls_avatar_a_cheat(u.text):
        kind = None  # "야 이 사기꾼아 …": the avatar called a cheat, no money lost to anyone
    if kind == "crisis" and death_wished_at_avatar(u.text):
        kind = None  # "너 같은 건 … 죽어 버려": wishing the avatar dead is abuse, not despair
    if kind == "crisis" and idiom_of_death(u.text) and urgent_kind(u.text) != "crisis" and not crisis_signs(u.text):
        kind = None  # "약 올라 죽겄네": the saying is all the death in it
    if kind == "crisis" and _WAR_MEMORY.search(compact(u.text)) and not _WISH_TO_DIE.search(compact(u.text)) and not (
            crisis_signs(u.text)):
        kind = None  # "육이오 때 … 사람 죽는 거 다 봤어": a memory of the war, listened to
    if kind == "crisis" and death_in_passing(u.text):
        kind = None  # "젊을 때 탄광에서 죽을 뻔했지", "코 고는 소리에 미쳐 죽겠어", "모기를 다 죽여버렸어"
    if kind in ("urgent_medical", "urgent_intruder") and saying_nobody_hurt(u.text) and urgent_kind(u.text) is None and not (
            clear_urgent(u.text) or body_in_trouble(u.text) or intruder_words(u.text)):
        kind = None  # "태풍에 배추가 다 쓰러져", "도둑이 제 발 저린다고": a saying, nobody hurt, nobody at the door
    if kind == "urgent_medical" and as_if_dying(u.text) and urgent_kind(u.text) is None and not (
            clear_urgent(u.text) or body_in_trouble(u.text) or heart_or_stroke_signs(u.text)):
        kind = None  # "코를 어찌나 골던지 숨 넘어가는 줄 알았다니까": a saying of what it seemed, nobody ill
    if kind == "crisis" and u.intent.p("crisis") < READING_ALONE_P and not crisis_hint(u.text):
        kind = None  # no word of despair or ending: the classifier is guessing
    if kind == "urgent_abuse" and u.intent.p("urgent_abuse") < READING_ALONE_P and not abuse_signs(u.text):
        kind = None  # family and money in one sentence is not abuse unless something says harm
    if kind == "urgent_abuse" and u.intent.p("urgent_abuse") < URGENT_CLEAR_P and not abuse_signs(u.text) and not (
            abuse_signs_by_others(u.text) or is_statement(u.text)):
        kind = None  # "며느리가 말을 툭툭 하는데 … 참아야 되나": a question about family manners, no harm in the words
    if kind == "urgent_abuse" and arms_as_skill(u.text) and not abuse_signs(u.text) and not abuse_signs_by_others(u.text):
        kind = None  # "손자가 군대에서 사격 만발 쐈대 총 잘 쏜다": a skill told with pride, nobody threatened
    if kind == "urgent_fraud_paid" and phishing == "pressure" and happening_now(u.text):
        return None  # being told what to do on the phone right now: hang up (phishing_now), not stop-payment
    if kind == "urgent_fire" and _LIGHT_OUT.search(compact(u.text)) and not _FIRE_NOW.search(plain(u.normalized)):
        return None  # a light gone out or the power off: 불 as light, not flames
    if kind == "urgent_fire" and gas_checked_fine(u.text) and not _FIRE_NOW.search(plain(u.normalized)):
        return None  # the gas checked by the meter reader and found fine
    if kind == "urgent_fire" and _APPLIANCE_USE.search(compact(u.text)) and not (
            _FIRE_NOW.search(plain(u.normalized)) or gas_leak(u.text)):
        return None  # a new gas stove's flame setting: an appliance asked about, not a leak
    if kind == "urgent_fire" and fire_over(u.text):
        if not _BURNT.search(compact(u.text)):
            return None  # the smoke cleared, the pan put out: told, then (often) a question
        kind = "urgent_medical"  # the flame is out but a face or a hand is burnt: 119 for the burn
    if kind == "urgent_fraud_paid" and _NOTHING_SENT.search(compact(u.text)) and phishing != "victim":
        kind = None  # "돈은 안 보냈어 그래도 신고해야 되나": where to report a call, not stop-payment
    if kind == "urgent_fraud_paid" and phishing is None and not _MONEY_GONE.search(compact(u.text)):
        kind = None  # "아들한테 용돈 주라 캐서 내일 만나기로 했다": nothing sent, taken or given away in the words
    if kind == "urgent_fire" and not fire_signs(u):
        # no flame, smoke, heat or gas in the words: 불 heard in a job, a stove's setting, an alarm; water
        # or earth coming in read as a fire is the disaster it is ("거실에 물이 … 발목까지 왔어")
        kind = "urgent_disaster" if disaster(u.text) and not _imagined_or_over(u.text) else None
    if kind == "urgent_missing" and _LOST_THING.search(compact(u.text)) and not _PERSON_GONE.search(compact(u.text)):
        kind = None  # "엄마 통장에 돈이 있는데 … 찾을 수가 없네": money not found, nobody gone
    if kind == "crisis" and family_law(u.text) and not (crisis_signs(u.text) or _WISH_TO_DIE.search(compact(u.text))):
        kind = None  # "큰아들이 유산을 혼자 다 먹으려고": an inheritance taken, for 132, not despair
    if kind == "urgent_missing" and _LOST_MYSELF.search(compact(u.text)):
        return "urgent_lost_self"  # the speaker is the one lost: stay put, 112, say what is around
    if kind == "urgent_missing" and not _SOMEONE_GONE.search(compact(u.text)) and not trapped(u.text):
        kind = None  # "그 철길 … 지금은 다 없어졌지만": a place or a thing gone, nobody who went out
    if kind == "urgent_missing" and body_in_trouble(u.text) and not _GONE.search(compact(u.text)):
        kind = "urgent_medical"  # a mind wandering at home ("나를 못 알아봐"), nobody gone
    if kind == "urgent_intruder" and _ROAD_ACCIDENT.search(compact(u.text)):
        kind = "urgent_medical"  # people inside an overturned car
    if kind == "urgent_intruder" and fire_signs(u) and not intruder_words(u.text):
        kind = "urgent_fire"  # smoke from next door and nobody coming out: a fire, not someone at the door
    if kind is None:
        kind = _rule_kind(u, phishing)
    if kind is not None and (near_miss(u.text) or told_as_story(u.text) or remembered(u.text)) and not (
            clear_urgent(u.normalized) and not remembered(u.text) and not _scene_of_a_show(u.text)):
        return None  # told as something that almost happened, a memory, a show or a joke
    if kind == "crisis" and death_in_passing(u.text):
        return None  # the cue rules' despair, in a memory or a saying
    if kind == "crisis" and urgent_kind(u.normalized) == "medical":
        kind = "urgent_medical"  # the words describe a body in trouble, not a wish to die
    if kind == "urgent_missing" and (body_in_trouble(u.text) or _COLLAPSED.search(compact(u.text))) and not (
            _DEMENTIA_GONE.search(compact(u.text))):
        kind = "urgent_medical"  # fallen and not getting up, far away on a video call: 119 to that address
    if kind == "urgent_fire" and _BUSY_AS_FIRE.search(compact(u.text)) and not _SMOKE_OR_FLAMES.search(compact(u.text)):
        return None  # "딸 가게가 불났어 손님이 줄을 선다": business booming, no flames
    if kind == "urgent_abuse" and idiom_of_death(u.text) and not (abuse_signs(u.text) or abuse_signs_by_others(u.text)):
        return None  # "배고파 죽겠네 손주들 온다 캐서 … 기다리고 있다": a saying, nobody harmed
    if kind == "urgent_fraud_paid" and loss_asked_after(u.text):
        return None  # "지난달에 … 보내 뿟어 … 신고는 했는디 그 돈 찾을 수 있나": how money comes back, not stop-payment now
    return _not_urgent_after_all(kind, u.text)


# A heart pounding for joy (good news, a grandchild's exam passed), with no pain or breathlessness
_JOY = re.compile(r"좋아서|좋아가|좋아갖고|좋아가지고|기뻐서|기뻐가|반가워서|설레서|신나서|감격|경사|합격|붙었|당첨|좋은소식|기분이좋")
_FLUTTER = re.compile(r"두근|벌렁|콩닥|쿵쾅|떨려|떨리|뛰어|뛰네|뛴다|뛰더")
_BODY_WORSE = re.compile(r"아프|아파|조이|조여|쪼이|답답|숨(?:이|을)?(?:차|막|못|안)|식은땀|저려|저리|어지럽|쓰러|안멎|안멈|계속나|철철|콸콸|많이나"
                         r"|안그쳐|안그치|멈추지|멎지")
# A small cut or burn already seen to: the bleeding stopped, or a slight cut with a plaster on
_BLEEDING_STOPPED = re.compile(r"(?:피가|피도|피는)[가-힣]{0,6}?(?:멎었|멈췄|그쳤|멎더|멈추더|멎어|멈춰)")
_SLIGHT_HURT = re.compile(r"(?:살짝|조금|쪼금|쪼매|약간|쬐끔|째끔)[가-힣]{0,6}?(?:베|긁|까졌|까져|데었|데여|데였|찧|찍)")
_PLASTER_ON = re.compile(r"(?:밴드|반창고|대일밴드|연고|후시딘|마데카솔)(?:를|도|는|하나)?[가-힣]{0,2}?(?:붙였|붙여놨|붙여뒀|발랐|발라놨|붙이고|바르고)")
# Old pills gathered to be thrown away, and asked where: no intake in the words
_PILLS_TO_THROW = re.compile(r"(?:약|약봉지|약봉투|알약|약통)[가-힣0-9]{0,24}?(?:어디(?:다|에|로)?|어떻게|우째|어찌)[가-힣]{0,4}?(?:버려|버리|버릴|갖다|내놓|처리)"
                             r"|(?:날짜지난|유통기한지난|기한지난|유통기간지난|안먹는|남은|묵은)약[가-힣0-9]{0,20}?(?:버려|버리|버릴|처리|갖다)")
_PILLS_TAKEN = re.compile(r"먹었|묵었|삼켰|털어넣|먹어버|다먹|다묵|먹을라|묵을라|먹으려|먹을려")
# Porridge (죽) cooked, served or refused: food, not death
_PORRIDGE = re.compile(r"(?:호박|팥|전복|야채|채소|흰|깨|잣|녹두|소고기|쇠고기|단호박|쌀|닭|버섯|새알|동지|김치|참치)죽"
                       r"|죽(?:을|도|은|이)?(?:한)?(?:솥|그릇|냄비|사발|숟가락)|죽(?:을|도)?(?:쒀|쑤|끓|데워|데펴)"
                       r"|죽(?:은|을|도)(?:싫|안먹|안묵|못먹|잘먹|맛)")


def everyday_lookalike(text: str, kind: str) -> bool:
    """``kind`` (a medical or a crisis reading) is everyday news that only sounds like it (see below)."""
    return kind in ("urgent_medical", "crisis") and _not_urgent_after_all(kind, text) is None


def _not_urgent_after_all(kind: str | None, text: str) -> str | None:
    """Everyday news that only sounds like an emergency, once the reading is made: a heart pounding for
    joy, a small cut already seen to, old pills to be thrown away, porridge."""
    if kind not in ("urgent_medical", "crisis"):
        return kind
    c = compact(text)
    if _JOY.search(c) and _FLUTTER.search(c) and not _BODY_WORSE.search(c):
        return None  # "손주가 대학 붙었다꼬 … 가슴이 벌렁벌렁 … 좋아서"
    if kind == "urgent_medical" and (_BLEEDING_STOPPED.search(c) or _SLIGHT_HURT.search(c) and _PLASTER_ON.search(c)) and not (
            _BODY_WORSE.search(c)):
        return None  # "칼에 살짝 베였는데 밴드 붙였어 피도 멎었고"
    if _PILLS_TO_THROW.search(c) and not _PILLS_TAKEN.search(c) and not _WISH_TO_DIE.search(c):
        return None  # "유통기한 지난 약을 잔뜩 모아 놨는디 어디다 버려야 돼"
    if kind == "crisis" and _PORRIDGE.search(c):
        rest = _PORRIDGE.sub("", c)
        if not (_WISH_TO_DIE.search(rest) or _OWN_DEATH_MEANT.search(rest) or "죽" in rest and crisis_signs(text)):
            return None  # "호박죽을 한 솥 쒀 놨는데 영감이 죽은 싫다고"
    return kind


# Business "on fire" (a shop, a phone ringing off the hook), with the customers or the trade that say so
_SMOKE_OR_FLAMES = re.compile(r"연기|불길|타는|불꽃|119|소방|다쳤|화상")
_BUSY_AS_FIRE = re.compile(r"(?:가게|장사|식당|매장|전화통|전화기|주문)[가-힣]{0,8}?불(?:났|이났|이나)[가-힣]{0,24}?(?:손님|장사|줄을|줄서|대박|잘되|주문|인기|전화가)")


# A scene of a drama, a film or the news told ("드라마에서 범인이 칼 들고 쫓아오는데 … 무서워서 혼났네")
_SHOW_SCENE = re.compile(r"(?:드라마|연속극|영화|뉴스|사극)(?:에서|에나오|에서는|속에서|보는데|보다가|봤는데)")


def _scene_of_a_show(text: str) -> bool:
    """A show's scene with no body in trouble of the speaker's own: the knife or the fire is on the screen."""
    return bool(_SHOW_SCENE.search(compact(text))) and not body_in_trouble(text)


def _rule_kind(u: Understood, phishing: str | None) -> str | None:
    """The cue rules' emergency, where the classifier read none and does not firmly veto it."""
    rule = urgent_kind(u.normalized) or urgent_kind(u.text)
    if rule is None and (_MISSING_NOW.search(compact(u.text)) or _DEMENTIA_GONE.search(compact(u.text))) and not past_event(u.text):
        return "urgent_missing"  # gone from sight and searched for now ("놀이터에 있다가 없어 한 시간째 찾고 있어")
    signs = rule is None and crisis_signs_now(u.text)
    hurt_in_crash = crash_hurt(u.text)
    if signs:
        rule = "crisis"  # a note, a rope, pesticide in hand, affairs settled: never only chat
    elif rule is None and disaster_now(u.text):
        rule = "disaster"
    elif rule is None and means_asked(u.text) and not someone_else(u.text) and not _imagined_or_over(u.text):
        rule = "crisis"  # "농약 그거 묵으면 많이 아프나 그냥 궁금해서": how it feels to take it asked, 109
    elif rule is None and fallen_still_down(u.text) and not _imagined_or_over(u.text):
        rule = "medical"  # on the floor an hour after a fall, "별일 아이고": 119
    elif rule is None and heart_or_stroke_signs(u.text) and not _imagined_or_over(u.text):
        rule = "medical"  # chest tight and the left arm tingling, beside a check-up question: 119 first
    elif rule is None and first_aid.heat_stroke(u.text):
        rule = "medical"  # refined to the heat-stroke reply by ``reply_key``
    elif rule is None and _FLOOD_CAR.search(compact(u.text)) and not _imagined_or_over(u.text):
        rule = "disaster"  # a car going under on a flooded road: refined to the car reply by ``reply_key_for``
    elif rule is None and gas_leak(u.text) and not second_look(u):
        rule = "gas"
    elif rule is None and fumes(u.text):
        rule = "medical"  # refined to carbon monoxide by ``reply_key_for``
    elif rule is None and robbed(u.text):
        rule = "medical"  # refined to the robbery reply by ``reply_key_for``
    elif rule is None and (hurt_in_crash or first_aid.burn(u.text)):
        rule = "medical"  # refined to the crash or the burn reply by ``first_aid.medical_key``
    vetoed = (u.intent.p(*URGENT) < RULE_VETO_URGENT_P and u.intent.confidence >= RULE_VETO_CONFIDENCE
              and u.intent.label != "ood_medical")
    if rule is not None and vetoed and not signs and not heart_or_stroke_signs(u.text) and not hurt_in_crash:  # signs of an attempt, or
        # of a heart attack or a stroke ("아까부터 가슴이 뻐근하고 왼팔이 저리네" after a pension question), are never a
        # question's words
        log.info("cue rule %s overruled by the classifier (%s %.2f)", rule, u.intent.label, u.intent.confidence)
        rule = None  # and still: money already sent, harm by family
    if rule == "crisis" or better_off_gone(u.text) and not _imagined_or_over(u.text):
        return "crisis"
    if rule == "medical":
        # smoke from a crashed car: out of the car (the crash reply), not out of a building
        return "urgent_fire" if _FIRE.search(compact(u.normalized)) and not hurt_in_crash else "urgent_medical"
    if rule == "disaster":
        return "urgent_disaster"
    if rule == "gas":
        return "urgent_fire"  # refined to the gas reply by ``reply_key``
    if phishing == "victim":
        return "urgent_fraud_paid"
    if neighbour_harm(u.text) and not _imagined_or_over(u.text):
        return "urgent_abuse"  # screams or blows next door, however offhand ("내가 참견할 일은 아니지만")
    if flood_below(u.text) and not _imagined_or_over(u.text):
        return "urgent_disaster"  # water pouring into the car park, asked as "shall I go down for the car"
    if abuse_by_family(u.text) or abuse_by_family(u.normalized) or (
            abuse_signs_by_others(u.text) and not past_event(u.text) and not hypothetical(u.text)):
        return "urgent_abuse"  # money or freedom taken, or harm done, by family or carers
    return None


_HURT_OR_SMOKE = re.compile(r"아파|아프|연기|피가|피나|다쳤|다친|못움직|어지럽|정신이|의식")


def crash_hurt(text: str) -> bool:
    """A road accident now with pain, blood or smoke: never a question's words, whatever else is asked
    ("차가 뒤에서 받았는데 목이 좀 아파 … 보험사 부르면 되나")."""
    return first_aid.crash(text) and bool(_HURT_OR_SMOKE.search(compact(text)))


def is_clear(u: Understood, phishing: str | None) -> bool:
    """Sure enough to answer at once, without asking the knowledge base first."""
    if phishing == "victim" or clear_urgent(u.normalized) or clear_urgent(u.text) or abuse_by_family(u.text):
        return True
    if _DEMENTIA_GONE.search(compact(u.text)) and not past_event(u.text):
        return True  # "어젯밤부터 안 보이셔 … 친구 집에 가셨겠지 뭐": 112 now, whatever the question before it
    if crisis_signs_now(u.text):
        return True  # "내일이면 나 없을 거니께" after a pension question: the question waits
    if heart_or_stroke_signs(u.text) and not _imagined_or_over(u.text):
        return True  # a heart attack's or a stroke's signs now: never weighed against a check-up entry
    if (fallen_still_down(u.text) or means_asked(u.text) and not someone_else(u.text)) and not _imagined_or_over(u.text):
        return True  # still on the floor after a fall; how taking the pesticide would feel, "just curious"
    if card_used_now(u.text):
        return True  # a lost or stolen card spent as the person speaks: stop it now, questions after
    if gas_leak(u.text) and not _imagined_or_over(u.text) and not gas_checked_fine(u.text):
        return True  # a strong gas smell and a sick head, after an errand named: the valve and out first
    if first_aid.heat_stroke(u.text):
        return True  # "땀도 안 나 … 물 먹으면 되겄지": heat stroke, never the KB's heat-wave tips
    if disaster_now(u.text) and not asks_for_help(u.text):
        return True  # water coming into the room now ("나가야 되나"): get out first, never a KB entry's advice
    # worry about what might happen ("길 잃을까 봐 미리") is checked against the KB however sure
    # the classifier is: it learnt the words of an emergency, not its tense
    return u.intent.p(*URGENT) >= URGENT_CLEAR_P and not second_look(u)


def said_of_its_kind(key: str, part: str) -> bool:
    """A part of what was said, read alone, holds words of the kind of emergency ``key`` names: a
    missing person needs someone gone (not only a person named: a mother who cannot walk to the toilet
    alone is cared for), a crisis a word of despair ("운전을 그만둘라 카는데 아들도 그만하라 카고" has none).
    A part has less around it to veto a guess than the whole has."""
    c = compact(part)
    if key == "urgent_missing":
        return bool(_PERSON_GONE.search(c) or _GONE.search(c) or _MISSING_NOW.search(c) or _DEMENTIA_GONE.search(c))
    if key.startswith("crisis"):
        return crisis_hint(part) or crisis_signs(part)
    return True


def crisis_signs_now(text: str) -> bool:
    """Signs of an attempt that are not imagined or over, or affairs being settled with one's own
    funeral in mind (which sounds like a what-if but is not one), or the world said to go on
    without them, weary of it all ("나 없어도 누가 받아가겠지 이젠 다 귀찮아")."""
    return (crisis_signs(text) or better_off_gone(text)) and not _imagined_or_over(text) or settling_affairs(text)


# Someone (often with dementia) climbing a balcony railing, a window sill or a roof's edge now, and the
# speaker cannot hold them back ("치매 있는 영감이 자꾸 베란다 난간에 올라갈라 카는데 내 힘으로는 못 말리겠다")
_EDGE = re.compile(r"(?:난간|베란다|창틀|창문|옥상|지붕)[가-힣]{0,6}?(?:올라가|올라갈|올라서|올라탔|넘어가|넘어갈|매달)")
_NOT_HELD = re.compile(r"못말리|못말린|말려도|안말려|말릴수가|말릴수없|붙잡을수|못붙잡|감당이안|힘으로는|힘으론")


def at_the_edge(text: str) -> bool:
    c = compact(text)
    return bool(_EDGE.search(c) and _NOT_HELD.search(c))


def _imagined_or_over(text: str) -> bool:
    """A "what if", something long past, or a story: signs of despair in it are not a crisis now."""
    return hypothetical(text) or past_event(text) or told_as_story(text)


def second_look(u: Understood) -> bool:
    """Words of worry, of asking for help, of something over, or an emergency word used as exaggeration: an urgent
    reading is checked against the knowledge base (within the clarify band) however sure."""
    return hypothetical(u.text) or asks_for_help(u.text) or exaggeration(u.text) or past_event(u.text)


def fire_over(text: str) -> bool:
    """Smoke or a flame told as gone already ("연기가 좀 났는데 창문 열어서 다 빠졌어"), with no fire now."""
    c = compact(text)
    return bool(_FIRE_OVER.search(c)) and not _RIGHT_NOW.search(c.replace("방금", "")) and not fire_trapped(text)


def card_used_now(text: str) -> bool:
    """A card lost or stolen and being spent now (charges coming in as the person speaks)."""
    c = compact(text)
    return bool(_CARD_USED_NOW.search(c) and _CARD_GONE.search(c)) and not past_event(text) and not hypothetical(text)


def robbed(text: str) -> bool:
    """A bag, a wallet or money snatched or stolen, just now (not a family member keeping a card: abuse)."""
    c = compact(text)
    return (bool(_ROBBED.search(c) and _ROBBED_WHAT.search(c)) and not family_named(text) and not past_event(text)
            and not told_as_story(text))


def happening(u: Understood) -> bool:
    """Words that the emergency is going on now: water or earth coming in, fumes, a road accident."""
    return bool(disaster_now(u.text) or _RIGHT_NOW.search(compact(u.text)) or fumes(u.text)
                or _FLOOD_TRAPPED.search(compact(u.text))
                or _ROAD_ACCIDENT.search(compact(u.text)) and not past_event(u.text))


def fire_signs(u: Understood) -> bool:
    """Flames, smoke, heat or gas in the words (not 불 as a phone ringing off the hook or a job)."""
    return bool(_FIRE_SIGNS.search(plain(u.text)) or _FIRE_SIGNS.search(plain(u.normalized)))


def fumes(text: str) -> bool:
    """Fumes from coal, a boiler or a heater and a sick head or stomach: carbon monoxide."""
    c = compact(text)
    return (bool(_FUMES.search(c) and _FUMES_SICK.search(c) or _ALL_SICK.search(c)) and not _NO_HEAT.search(c)
            and not past_event(text) and not hypothetical(text))


def emergency_words(u: Understood, phishing: str | None) -> bool:
    """Any word of an emergency itself, as the cue rules read it."""
    return bool(phishing == "victim" or urgent_kind(u.normalized) or urgent_kind(u.text) or gas_leak(u.text)
                or disaster_now(u.text) or abuse_signs(u.text) or crisis_signs(u.text) or settling_affairs(u.text)
                or ransom_threat(u.text)
                or crisis_hint(u.text) and u.intent.label == "crisis" and not hypothetical(u.text)
                or _FIRE_NOW.search(plain(u.normalized)) or trapped(u.text) or is_overdose(u.text)
                or intruder_words(u.text) or said_now(u.text) or neighbour_harm(u.text)
                or flood_below(u.text) or body_in_trouble(u.text) or fumes(u.text) or robbed(u.text) or first_aid.burn(u.text)
                or bool(_ROAD_ACCIDENT.search(compact(u.text))) and not past_event(u.text)
                or bool(_FLOOD_TRAPPED.search(compact(u.text))) or bool(_FLOOD_CAR.search(compact(u.text)))
                or bool(_MISSING_NOW.search(compact(u.text))) and not past_event(u.text))


def kb_answers_service(u: Understood, hits: Sequence[Any], threshold: float, entries: Mapping[str, Entry],
                       band: float, lenient: bool = True) -> bool:
    """A knowledge-base answer from a topic that is not itself an emergency procedure: confident,
    or (``lenient``, for worry about what might happen) within ``band`` under the threshold."""
    need = threshold - band if lenient and second_look(u) else threshold
    if not hits or hits[0].score < need:
        return False
    topic = entries[hits[0].entry_id].topic
    # preparing for an emergency ("불나면 어떻게 대피하는지 미리") is answered by the procedure itself
    return hypothetical(u.text) or not is_emergency_topic(topic)


def is_emergency_topic(topic: str) -> bool:
    return any(word in topic for word in EMERGENCY_TOPIC_WORDS)


def reply_key(kind: str, text: str) -> str:
    """The ``replies.toml`` key for an emergency of ``kind``, refined by what the words say: pills or
    poison swallowed (119 now, bring the pack), a remote-control app installed (phone off, the bank from
    another phone), gift-card numbers sent (the issuer blocks them), a fire the person cannot get out of (stay low, seal
    the door, 119 now), a gas smell with no flame (valve, windows, out), a wildfire (to open ground),
    shut in a lift (alarm, 119), someone already inside the home (get out or lock yourself in, 112)."""
    gas_no_flame = gas_leak(text) and not _FIRE_NOW.search(compact(text))
    if kind in ("urgent_medical", "urgent_fire") and gas_no_flame and first_aid.someone_down(text):
        return "urgent_gas_down"  # the gas and someone collapsed or dizzy: no switch, windows, out, 119 for them
    if kind == "urgent_medical" and gas_no_flame:
        return "urgent_gas"  # a rotten-egg smell with a sick head: the valve and the windows, out, then 119
    if kind == "urgent_medical" and (aid := first_aid.medical_key(text, is_overdose(text))) is not None:
        return aid  # heat stroke, a diabetic's low sugar, a stroke: their own first aid
    if kind == "urgent_medical":
        return "urgent_overdose" if is_overdose(text) else "urgent"
    if kind == "urgent_fraud_paid" and remote_installed(text):
        return "urgent_fraud_remote"
    if kind == "urgent_fraud_paid" and gift_card_sent(text):
        return "urgent_fraud_giftcard"
    if kind == "urgent_fraud_paid" and identity_sent(text):
        return "urgent_fraud_identity"
    if kind == "urgent_fire" and wildfire(text):
        return "urgent_wildfire"  # (smoke on the road from a hill fire is not a flat on fire)
    if kind == "urgent_fire" and fire_trapped(text):
        return "urgent_fire_trapped"
    if kind == "urgent_fire" and _NEIGHBOUR_FIRE.search(compact(text)) and not _OWN_FIRE.search(compact(text)):
        return "urgent_fire_neighbour"  # smoke from next door: 119 with the address, say who lives there
    if kind == "urgent_fire" and gas_no_flame:
        return "urgent_gas"
    if kind == "urgent_fire" and (aid := first_aid.fire_key(text)) is not None:
        return aid  # a pan of oil or a socket alight: never water
    if kind in ("urgent_abuse", "urgent_abuse_witness") and abused_in_care(text):
        return "urgent_abuse_care"  # a relative harmed in a care home: report it for them (1577-1389, 1577-1000)
    if trapped(text) and kind in ("urgent_intruder", "urgent_missing"):
        return "urgent_trapped"
    if kind == "urgent_intruder" and intruder_inside(text):
        return "urgent_intruder_inside"
    return kind
