"""Words that sound like an emergency but are not one now, and ``plain``, the text with the sayings taken out.

Older speakers say 죽겠다 of hunger or boredom and 불이 나게 of hurry, tell of a fall forty years ago, of a
drama on the television or a dream, worry about what might happen, or ask what a service costs after an
event. ``plain`` strips idioms of death and fire words that are not a fire before the emergency cues read
the text; ``hypothetical``, ``past_event`` / ``told_of_past`` / ``remembered``, ``told_as_story``,
``exaggeration``, ``told_as_over`` and ``asks_for_help`` say when an emergency word is not news of one, so
that it is checked against the knowledge base or listened to instead of answered with 119.
"""

from __future__ import annotations

import re

from models.dialogue.cues.text import _HAPPENING_NOW, compact

# "배고파 죽을 것 같네": hunger, boredom or laughter, not a body in danger; sayings with 죽 (porridge),
# time or breath "killed", a heart that feels opened up or full: not a wish to die or a body in trouble
# Crops or trees blown down, enemies killed in a game, a thief's guilty feet: nobody hurt, nobody at the door.
_NOT_HURT_SAYINGS = (r"(?:배추|벼|고추|옥수수|콩|나무|비닐하우스|하우스|담장|울타리|곡식|농작물|작물|허수아비)(?:가|이|들이|도)?(?:다|싹|싹다|몽땅|전부|모두)?쓰러"
                     r"|게임(?:에서|에|하다가|하면서)[가-힣]{0,8}?죽|죽여[가-힣]{0,12}?게임|도둑(?:놈)?이제발저")
_NOT_HURT_SAYINGS_RE = re.compile(_NOT_HURT_SAYINGS)
_IDIOM_OF_DEATH = re.compile(r"(?:배고파|배고프|배가고파|배불러|배가불러|심심해|심심하|웃겨|우스워|졸려|지루해|보고싶어|궁금해|좋아|반가워|귀여워|예뻐|이뻐"
                             # feelings and aches "to death" said in dialect too (서운해 죽겄어, 시끄러워 죽겄어, 허리 아파 죽겄다)
                             r"|서운해|섭섭해|시끄러워|시끄럽|더워|추워|답답해|속상해|짜증나|피곤해|허리아파|다리아파|어깨아파|무릎아파|팔아파|삭신이쑤셔)"
                             r"(?:서|가지고|갖고)?(?:죽겠|죽겄|죽것|죽갔|죽을것같|죽을거같|죽을것|죽는줄)"
                             r"|(?:냉장고|세탁기|에어컨|선풍기|보일러|밥솥|자동차|경운기|트랙터|티비|테레비|텔레비전|핸드폰|휴대폰|폰|컴퓨터|라디오)[가-힣0-9]{0,30}?숨(?:이)?(?:넘어가|넘어갔|넘어갈|꼴딱)"
                             r"|(?:핸드폰|휴대폰|폰|전화기|배터리|밧데리|컴퓨터|티비|테레비|화면|시동|엔진|화분|꽃|나무|불씨|냉장고|세탁기|에어컨|선풍기|밥솥|라디오|경운기|트랙터)(?:이|가)?(?:자꾸|또|맨날|계속|금방|자주|다|벌써|그냥|확|툭하면)*죽"
                             # a machine that "died" after years of use ("세탁기가 오늘 아침에 완전히 죽어 버렸어 십오 년 썼으니")
                             r"|(?:냉장고|세탁기|에어컨|선풍기|보일러|밥솥|전자레인지|청소기|티비|테레비|텔레비전|핸드폰|휴대폰|컴퓨터|라디오|자동차|경운기|트랙터|차)(?:가|이|도)?"
                             r"(?:그만|완전히|아주|영|결국|끝내|갑자기|오늘|어제|아침|아침에|오늘아침에|어제저녁에|며칠전에|드디어|기어이){1,3}죽"
                             # fright: a heart that "dropped" at a scene or a noise
                             r"|(?:심장|가슴|간)(?:이)?(?:쿵|철렁|덜컥|콩닥)?(?:하고|해서)?(?:내려앉|떨어지는줄|떨어질뻔|철렁)"
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


def saying_nobody_hurt(text: str) -> bool:
    return bool(_NOT_HURT_SAYINGS_RE.search(compact(text)))


def idiom_of_death(text: str) -> bool:
    """죽 or 쓰러지 in a saying (약 올라 죽겠네, 배고파 죽겠다): not despair, not a collapse."""
    return bool(_IDIOM_OF_DEATH.search(compact(text)))


_HYPOTHETICAL = re.compile(
    r"(?:ㄹ|을|할|날|갈|질|칠|잃을|나갈|쓰러질|넘어질|릴|일|울)까봐|미리|예방|대비|만약|만일|혹시라도|나중에|평소에|앞으로"
    r"|(?:하|되|나|지|가)면어(?:떻|떡|째)|(?:하|되|나|지|가)면우(?:째|찌)|(?:하|되|나|지|가)면뭘|걱정이(?:에요|라|돼|되)"
    r"|(?:내가|내|제가|나)죽(?:으면|고나면|은뒤|은후|거든)"
    r"|[가-힣]려면"
    # said outright not to be happening now ("지금 당장은 아니고", "급한 건 아닌데")
    r"|(?:지금|당장)(?:당장)?(?:은|는)아(?:니(?:고|구|지만|긴|라|에요|여)|닌데|닌디|닌께)|급한(?:건|거는|게|것은)아(?:니|닌|냐)"
)


# "기초연금 얘기는 나중에 하고": a question put off, not a what-if about what is told after it
LATER_TALK = re.compile(r"(?:얘기|이야기|그건|그거|질문|물어보는거)(?:는|은|도)?나중에(?:하고|하자|할게|하께|물어)")


def hypothetical(text: str) -> bool:
    """Worry about what might happen, or preparing for it ("길 잃을까 봐", "미리", "쓰러지면 어떡해요"),
    not something happening now."""
    return bool(_HYPOTHETICAL.search(LATER_TALK.sub("", compact(text))))


_ASKS_FOR_HELP = re.compile(
    r"지원|신청|도와주는(?:건|거|데|게)|(?:해|가|봐|와|돌봐)주는(?:거|건|데|게|사람|서비스)|(?:해|봐|돌봐|도와)(?:줄|주실)(?:사람|분|데|곳)|필요하|필요해|필요한|도움받|받을수|받을만|혜택|제도|서비스|나라에서|수당|급여|연금"
    r"|비용|얼마|돈(?:을|은|도|이)?(?:내야|내나|내요|내는|낸다|내노|내예|들어|드나|드는|드노|나가|나오|받)|공짜|무료|요금|배우는|배울|가르쳐|교육|등록|상담"
    r"|입원(?:해서|했|하고)|퇴원|생활비|먹고살|병원비|간병|모시느라|돌보느라"
)


def asks_for_help(text: str) -> bool:
    """Asks about a service or tells of a hardship that follows an event ("쓰러져 입원해서 생활비가
    없어요"): a reading of emergency is checked against the knowledge base first."""
    return bool(_ASKS_FOR_HELP.search(compact(text)))


# Told as a story, a show or a joke ("드라마에서 쓰러지던데", "농담이여"): not something happening to them now.
_STORY = re.compile(r"(?:드라마|연속극|티비|테레비|텔레비전|텔레비|텔레비젼|tv|뉴스|영화|유튜브)(?:에서|에|보니까|보니|봤는데|에나오|얘기)|꿈에|꿈속|꿈을꿨|꿈꿨|노래제목|노래가사|하는노래|라는노래|농담|장난이|장난으로|호호|허허|하하|헤헤|히히|껄껄|ㅋㅋ|ㅎㅎ")


def told_as_story(text: str) -> bool:
    """A show, the news or a joke is being told about, and nothing says it is happening now."""
    c = compact(text)
    return bool(_STORY.search(c)) and not _HAPPENING_NOW.search(c)


# An emergency word used as exaggeration in a question ("골치 아파 죽겠다 등본은 어서 떼노").
_EXAGGERATION = re.compile(r"(?:없으면|없이는)굶어죽|죽겠|죽겄|죽것|죽을맛|죽을지경|미치겠|돌아버리겠|환장하겠|속터져|철렁|덜컥|뜨끔|간떨어|십년감수|깜짝")


def exaggeration(text: str) -> bool:
    return bool(_EXAGGERATION.search(compact(text)))


# A figure of speech with its predicate ("더워 죽겠다", "궁금해 죽겄네", "가슴이 철렁했는데", "웃겨 죽는 줄")
_IDIOM_SPAN = re.compile(r"(?:(?:가슴|간|속)(?:이|도)?\s)?(?:\S+\s)?(?:죽겠|죽겄|죽것|죽는\s?줄|죽을\s?맛|철렁|덜컥)\S*")


def idioms_out(text: str) -> str:
    """``text`` without its figures of speech, for looking a question up: "더워 죽겠다 … 에어컨 전기세
    깎아주는 거 없나" is about the electricity bill, not about dying. ``text`` itself when nothing is
    left worth looking up (fewer than three words)."""
    left = " ".join(_IDIOM_SPAN.sub(" ", text).split())
    return left if left != text and len(left.split()) >= 3 else text


# Told of as over, or as a near miss ("작년에 당할 뻔했는디"): not an emergency now, whatever the words.
# (밥이 안 넘어가: food will not go down, not a scam not fallen for)
_NEAR_MISS = r"뻔했|뻔한|뻔봤|뻔하|안속았|안당했|(?:문자|메시지|카톡)[가-힣]{0,24}?(?:지웠|지워버|지워뿌|지워뿟|삭제했|삭제해버|차단했|차단해버|무시했)|(?<!밥도)(?<!밥이)(?<!밥은)(?<!음식이)(?<!목에)안넘어(?:갔|가)|안속고"
_PAST_EVENT = re.compile(_NEAR_MISS + r"|작년|재작년|지난해|예전에|옛날에|옛날엔|지난번|몇년전|몇달전|한참전|그때는|그때참|지난주|지난달|저번주|저번달"
                         r"|(?:[0-9]+|[일이삼사오육칠팔구십백몇]+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|스물|서른|마흔|쉰|예순|일흔|여든)"
                         r"(?:년|해)(?:쯤|정도|이나|가량)?(?:전|이전)|젊었을때|젊을때|어릴때|어렸을때|왕년에"
                         r"|(?:열|스무|스물|서른|마흔|쉰|예순|[0-9]+)[가-힣]{0,2}?살(?:때|적에|무렵)|처녀때|총각때|시집올때|군대있을때|학교다닐때"
                         r"|다나았|다나아서|다나은|이제다나|이제괜찮아졌")
_NEAR_MISS_RE = re.compile(_NEAR_MISS)


def told_of_past(text: str) -> bool:
    """A memory or a near miss named, even with "지금도" beside it (그때 생각하면 지금도 아찔해)."""
    return bool(_PAST_EVENT.search(compact(text)))


# Remembering, not living it ("그 생각만 하면 지금도 가슴이 아파")
_REMEMBERING = re.compile(r"생각(?:하면|만하면|하믄|만하믄|나|이나|이날)|기억(?:나|이나|이)|그때를?생각")


# Now, not "still" (지금도) or "now that I think of it" (지금 생각해도)
_NOW_NOT_STILL = re.compile(r"(?:지금|방금|당장|아까부터)(?!도|생각|까지|껏)")


# A death years ago, or its anniversary ("오늘이 우리 영감 제삿날이여 십 년 전에 심장마비로 갔지")
_DEATH_LONG_AGO = re.compile(r"제삿날|제사(?:를|지내|상)|기일(?:이|이라|이여|이다)|추도식|추모식|성묘"
                             r"|(?:[0-9]+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|십|이십|삼십|스무|서른|몇)(?:년|해)(?:전|전에|됐|이넘|가넘)"
                             r"[가-힣0-9]{0,14}?(?:갔|가셨|돌아가|떠났|떠나|세상을?떴|세상떠|죽었)")


def remembered(text: str) -> bool:
    """Something long past told as a memory, however much "지금도" it still hurts, or a death years ago
    told on its anniversary, and nothing said to be happening now besides ("… 생각이 나서 무서운데 지금
    가슴이 아파" is not only a memory)."""
    c = compact(text)
    return (told_of_past(c) and bool(_REMEMBERING.search(c)) or bool(_DEATH_LONG_AGO.search(c))) and not _NOW_NOT_STILL.search(c)


def past_event(text: str) -> bool:
    """An event told as over or as a near miss, with no word that it is going on now."""
    c = compact(text)
    return bool(_PAST_EVENT.search(c)) and not _HAPPENING_NOW.search(c)


# A false alarm, checked and found to be nothing ("가스회사 불렀는디 별거 아니었어", "검사해 보니 이상 없대")
_FALSE_ALARM = re.compile(r"별거아니었|별거아니더|별거아니래|별일아니었|별일없었|아무것도아니었|아무일없었"
                          r"|이상(?:이)?없다(?:고|카|캐|네|더)|이상(?:이)?없대|이상없었")
# ... then something since ("별거 아니래 근데 지금 또 냄새가 나", "그냥 왔는데 머리가 자꾸 아파")
_SINCE_THEN = re.compile(r"근데|그런데|근디|그란디|헌데|그래도|그란데|또|자꾸|계속|아직|여전히|점점|다시")


def false_alarm(text: str) -> bool:
    """Checked and found to be nothing, with nothing after it and no word that it is going on now: not an
    emergency, whatever the words."""
    c = compact(text)
    m = _FALSE_ALARM.search(c)
    return m is not None and not _HAPPENING_NOW.search(c) and not _SINCE_THEN.search(c[m.end():])


# Fine again by now ("지금은 괜찮아", "이제 좀 나아졌어")
_RESOLVED_NOW = re.compile(r"(?:지금은|이제는?|인자는?|시방은)(?:좀|다|많이)?(?:괜찮|멀쩡|나아|나았|가라앉|진정)")


# Told as over and fine ("이제 다 나았어", "괜찮어 파스 붙이믄 돼")
_RESOLVED = re.compile(r"다나았|이제나았|나았어|괜찮어|괜찮아|괜찮다|괜찮제|괜찮혀|괜찮아졌|살았제|살았어|막아줘서|바꿔줘서")


def told_as_over(text: str) -> bool:
    """An everyday mishap told as over or as fine: listened to, never referred elsewhere."""
    c = compact(text)
    return bool(_RESOLVED.search(c) or _NEAR_MISS_RE.search(c))


# Guns or fists as a skill or a sport ("손자가 군대에서 사격 만발 쐈대", "권투 시합에서 이겼대"): pride, not a threat
_ARMS_AS_SKILL = re.compile(r"군대|사격|예비군|훈련소|사냥|클레이|권투|태권도|검도|유도|레슬링|시합|대회|올림픽|국가대표|사극|액션")


def arms_as_skill(text: str) -> bool:
    return bool(_ARMS_AS_SKILL.search(compact(text)))


# "코를 어찌나 골던지 숨 넘어가는 줄 알았다니까": what a habit seemed like, nobody ill
_AS_IF_DYING = re.compile(r"(?:코를?[가-힣]{0,4}?골|코고|잠꼬대|웃다가|웃느라)[가-힣0-9]{0,20}?(?:숨넘어가는줄|죽는줄|숨막히는줄)")


def as_if_dying(text: str) -> bool:
    return bool(_AS_IF_DYING.search(compact(text)))


# Afraid of falling ill alone with nobody to know ("혼자 사니까 자다가 죽어도 아무도 모를까 봐", "쓰러지면 자식들이 알
# 수 있게 해 주는 거 없나", "또 그러면 알려 주는 기계 달 수 있나"): a worry for the emergency-alarm service, not a
# wish to die and not an emergency now
_UNNOTICED = re.compile(
    r"(?:죽어도|쓰러져도|잘못돼도|잘못되도|넘어져도|죽으면|쓰러지면|쓰러지믄|잘못되면|잘못되믄|넘어지면|넘어지믄|아프면|아파도)[가-힣]{0,16}?"
    r"(?:아무도|누가|누구도|자식|애들|아들|딸|식구)[가-힣]{0,10}?(?:모를|몰라|모르|알수|알게|알도록|알려|연락|알까|알겠|알아|아나|아노|알끼가)"
    r"|(?:알려주는|알려줄|연락가는|연락해주는|불러주는|알아서알려)(?:기계|장치|버튼|벨|단추|기기)"
)
_UNNOTICED_WORRY = re.compile(r"걱정|까봐|까바|겁나|무서|어쩌|우짜|어떡|어떻게|없나|있나|있어|있을까|있는|달수|달아|해주는|신청")


def fears_dying_unnoticed(text: str) -> bool:
    """A worry about falling ill alone unnoticed, or the alarm that tells someone asked for."""
    c = compact(text)
    return bool(_UNNOTICED.search(c) and _UNNOTICED_WORRY.search(c))


_FINE_NOW = re.compile(r"(?:지금|인자|이제|시방)(?:은|는)?[가-힣]{0,6}?(?:아픈|아프|다친)[가-힣]{0,3}?(?:아니|없)|(?:지금|인자|이제|시방)(?:은|는)?(?:괜찮|멀쩡)")


def fine_now(text: str) -> bool:
    """Said to be well as they speak ("지금 어디 아픈 건 아니고", "지금은 괜찮은데")."""
    return bool(_FINE_NOW.search(compact(text)))
