"""Talk about the call itself: control in plain words, and remarks about or to the avatar.

Goodbye, thanks, once more, wait, quieter, in writing, how to end the call, whether it records or sees the
speaker, first-time nerves, compliments, a slip owned, frustration, an apology for a temper, a worry about
dialect, small talk about the avatar. The classifier knows most of these intents; the patterns catch the
plain and dialect phrasings that decide the reply exactly ("고맙소잉", "쪼매만 기다리래이").
"""

from __future__ import annotations

import re

from models.dialogue.cues.text import compact

# Asked to be quieter (a loudness request the other way: "목소리가 너무 커, 좀 줄여").
_QUIETER = re.compile(r"작게|줄여|줄이|낮춰|너무커|너무크|쩌렁|귀아파|귀가아파|귀가따가|귀청")


_QUIETER_ASKED = re.compile(r"(?:소리|볼륨|목소리)[가-힣]{0,6}?(?:줄여|줄이|작게|낮춰)")


def asks_quieter(text: str) -> bool:
    return bool(_QUIETER.search(compact(text)))


def asks_quieter_plainly(text: str) -> bool:
    """The sound named and turned down ("소리 좀 줄여"): a request whatever the classifier reads."""
    return bool(_QUIETER_ASKED.search(compact(text)))


# "잠깐만 기다려", "쪼매만 기다리래이": wait
_WAIT = re.compile(r"(?:잠깐|잠시|쪼매|쪼끔|쬐끔|조금|쫌|좀)만?(?:더)?기다리|기다리(?:래이|보래이|보이소|소|시오|라이)$"
                   # "말이 느리니까 끊지 말고 끝까지 들어주게": time to finish speaking
                   r"|끊지말고[가-힣]{0,6}?(?:끝까지)?들어|끝까지(?:좀|다)?들어(?:주|줘|봐|보)"
                   # "쪼까 생각 좀 해보고 말헐게": time to think before saying what they want
                   r"|생각(?:좀|을|쫌|쪼매)?(?:더)?(?:해|허)(?:보고|보구|봐서|보고서)(?:말|얘기|이야기|다시|물어)")


def asks_wait(text: str) -> bool:
    return bool(_WAIT.search(compact(text)))


# "글씨로 좀 보여 줄 수 없나": the captions, not the voice
_IN_WRITING = re.compile(r"(?:글씨|글자|글)로[가-힣]{0,6}?(?:보여|써|적어|띄워)|종이에[가-힣]{0,6}?(?:적어|써)|적어(?:줄|주|달)"
                         r"|문자로[가-힣]{0,6}?(?:보내|찍어|넣어)(?:줄|주|달|줘)")


def asks_in_writing(text: str) -> bool:
    return bool(_IN_WRITING.search(compact(text)))


# Leaving for the night or the day, said plainly ("졸리다 이제 자야겠다 잘 있어")
_GOODBYE = re.compile(r"(?<![가-힣])잘있(?:어|거라|으소|으래이|그라|드라고|으시오)|잘계(?:세요|시소|시오|셔)|이만(?:끊|들어가|가볼|잘게|자야)"
                      r"|(?:인제|이제|인자|고마|그만)(?:그만)?(?:자야겠|자러가|끊을게|끊을께|끊어야|끊는다|끊을란다|끊는데이)"
                      # "이따가 다시 물어볼게 지금은 밥 먹어야 돼서": later, not now
                      r"|(?:나중에|이따가?|내일|다음에|좀있다가?|있다가)[가-힣]{0,10}?(?:다시)?(?:물어볼게|물어볼께|물어보께|할게|할께|하께|얘기할게|전화할게|올게|들어올게)")


def says_goodbye(text: str) -> bool:
    return bool(_GOODBYE.search(compact(text)))


# Hello again, said as to a friend ("어 그래 잘 있었나 나 또 왔다", "그간 잘 지냈는가"): the past of 잘 있다 asks
# after the avatar, it does not take leave; a short line only (a story may hold "또 왔다")
_GREETS_AGAIN = re.compile(r"잘(?:있었|지냈|계셨|지내셨|있으셨)(?:나|어|는가|능교|니|냐|지|제|수|소|유|어요|습니까|는교|당가|어라)?"
                           r"|(?:나|내가|저|제가|우리)?(?:또|다시)왔(?:다|어|네|제|소|습니다|어요|지)|오랜만(?:이|이네|이여|이다|입니다|이에요|이요)")


def greets_again(text: str) -> bool:
    """A hello to the avatar as to someone met before, in a short line."""
    return len(text.split()) <= 8 and bool(_GREETS_AGAIN.search(compact(text)))


# Thanks said plainly, in any dialect ("아따 고맙소잉", "고맙데이", "욕봤소")
_THANKS = re.compile(r"고맙(?:소|데이|구먼|구만|습니다|심더|네|다|어|당께|수다|수|슈|지요)|고마워(?:요|예|유)?|감사(?:합니다|해요|하요|허요|혀요)|욕봤(?:소|네|다|데이)|수고했(?:소|어|네)")


def thanks_plainly(text: str) -> bool:
    return bool(_THANKS.search(compact(text)))


# Once more, said plainly ("한 번만 더", "다시 한번 말해 줘")
_ONCE_MORE = re.compile(r"한번만더(?:$|말|해|얘기|들려)|다시한번(?:만)?(?:말해|얘기|해줘|해주|들려)|다시(?:말해|얘기해)(?:줘|주|도|달)")


def asks_once_more(text: str) -> bool:
    return bool(_ONCE_MORE.search(compact(text)))


# Sorry for a temper lost earlier ("아까 화내서 미안허요")
_APOLOGY = re.compile(r"(?:화내|화를내|성질|소리질러|소리를질러|욕해|욕을해|큰소리|짜증)[가-힣]{0,12}?(?:미안|죄송)")


def apologises(text: str) -> bool:
    return bool(_APOLOGY.search(compact(text)))


# Worried the avatar cannot follow a dialect ("내가 사투리가 심한데 알아듣겠나")
_DIALECT = re.compile(r"사투리[가-힣]{0,10}?(?:알아듣|알아들|알아묵|알아먹|괜찮|되나|되것|되겠|심한|심해|심하|쓰는데|억세|세서|세가)")


def worried_about_dialect(text: str) -> bool:
    return bool(_DIALECT.search(compact(text)))


# Worn out by the avatar, said with sarcasm ("참 똑똑하기도 하시네", "벽에다 대고 말하는 게 낫겄다")
_FRUSTRATED = re.compile(r"(?:똑똑하기도|잘나기도|대단하기도)하(?:시)?네|벽(?:에다|에|보고|하고)[가-힣]{0,4}?말하는(?:게|기)낫"
                         r"|말이안통하|이짓을(?:하고|해야|왜)"
                         # praise turned sour in the same breath ("참 똑똑하시네 … 이 모양이니 세금이 아깝다")
                         r"|(?:똑똑하|잘났|대단하|훌륭하)(?:시)?네[가-힣0-9]{0,30}?(?:이모양|아깝|헛소리|엉터리|쓸모없|한심|꼴이)")


def frustrated(text: str) -> bool:
    return bool(_FRUSTRATED.search(compact(text)))


# Said to the avatar itself (its age, its name, whether it is a person), not about the speaker's day
_TO_AVATAR = re.compile(r"(?:^|\s)(?:너|니|넌|니는|너는|니가|네가|니도|너도|(?:당신|선생님|아가씨|총각|자기|상담원)(?:은|는|도|이|가)?)(?=\s|$)")
_AVATAR_WORDS = re.compile(r"당신|로봇|인공지능|프로그램|컴퓨터|몇살|이름이뭐|사람이가|사람이여|사람이야|사람이에요|사람맞|기계가|기계야|기계여")


# The avatar called a cheat to its face ("야 이 사기꾼아 니 말 듣고 …"): an insult, not a scam going on
_CHEAT_CALLED = re.compile(r"(?:이|야|니|너|이런)(?:사기꾼|날강도|협잡꾼)(?:아|야|놈아|새끼야)(?!저씨|줌마|재|씨)")


def calls_avatar_a_cheat(text: str) -> bool:
    return bool(_CHEAT_CALLED.search(compact(text)))


def said_to_avatar(text: str) -> bool:
    """Small talk about the avatar itself, not a story of the speaker's day."""
    return bool(_TO_AVATAR.search(text) or _AVATAR_WORDS.search(compact(text)))


# Sorry, a slip of the tongue, starting over ("미안해요 말을 잘못했어요 다시 할게요")
_MISSPOKE = re.compile(r"(?:잘못눌렀|잘못눌러|잘못건드렸|잘못만졌)[가-힣]{0,8}?(?:미안|죄송|다시할|다시하)|(?:잘못말|말을잘못|말이잘못|잘못얘기|틀리게말|헛말|말이헛나|말실수)|(?:미안|죄송|아이고|아니)[가-힣]{0,6}?잘못했")


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
_FIRST_TIME = re.compile(r"처음[가-힣]{0,8}?(?:떨리|떨려|긴장|어색|서툴|잘모르|모르겠|겁나|무섭|자신이없)|(?:떨리|떨려|긴장)[가-힣]{0,8}?처음"
                         # a first time, and how to talk to it asked ("처음 해 보는 거라 어떵 말하믄 되우꽈")
                         r"|처음[가-힣]{0,12}?(?:어떻게|어떡|어떵|어찌|우째|우예|어케)[가-힣]{0,4}?(?:말하|말해|말허|하믄|하면|해야|물어|쓰)"
                         # how this call works, asked ("이거 이렇게 보고 얘기하는 거유", "화면 보고 말하면 되는 겨")
                         r"|(?:이거|이건|요거)?(?:이렇게|이래|요래|이리|요렇게)(?:화면)?(?:보고|보믄서|보면서|쳐다보고)(?:얘기|이야기|말)(?:하|허)(?:는|믄|면)")


def first_time_nervous(text: str) -> bool:
    return bool(_FIRST_TIME.search(compact(text)))


# What one may ask, asked ("처음 뵙겠습니다 무엇을 물어보면 되는 것입니까", "뭘 물어봐야 되노")
_WHAT_TO_ASK = re.compile(r"(?:뭘|뭐를|무엇을|무얼|뭐|어떤걸|어떤것을|무슨걸)(?:물어|여쭤|여쭈어)(?:보면|보믄|봐야|보는|봐도)(?:되|돼)")


def asks_what_to_ask(text: str) -> bool:
    return bool(_WHAT_TO_ASK.search(compact(text)))


# A kind word about the avatar ("아가씨 목소리가 참 곱네", "설명을 참 잘하네")
_COMPLIMENT = re.compile(r"(?:목소리|얼굴|말씨|말투|설명|말을|말도|말씀|발음)[가-힣]{0,6}?(?<!안)(?<!못)(?:곱|좋네|좋다|좋아|좋구|예쁘|이쁘|친절|잘하|잘햐|잘허|잘혀|최고|상냥|똑똑|참하|또랑또랑|시원시원)"
                         # the avatar itself praised ("니 참 똑똑하네")
                         r"|^(?:니|너|니는|너는|자네|자네는|아가씨|아가씨는)(?:참|진짜|억수로|엄청|되게|디게|참말로)?(?:똑똑|영리|착하|이쁘|예쁘|최고|대단)"
                         # kind or clever, said first ("아이고 참 친절하네요"), or better than the family ("며느리보다 낫네")
                         r"|^(?:아이고|아따|야|거참|그참)?(?:참|아주|진짜|참말로|억수로|엄청|되게|디게)(?:친절|상냥|똑똑)(?:하|허)"
                         r"|(?:며느리|아들|딸|손주|손자|손녀|자식|사위)(?:보다|보담|보다도)(?:낫|나아|훨씬낫)")


_ASKING_WHAT = re.compile(r"뭐|어디|언제|어떻게|얼마|몇")


def compliments(text: str) -> bool:
    return bool(_COMPLIMENT.search(compact(text))) and not _ASKING_WHAT.search(compact(text))


# Asked whether the avatar sees them ("내 얼굴 보이나 화면에 나오나"): it uses no camera
_SEEN = re.compile(r"(?:내|제)얼굴[가-힣]{0,6}?(?:보이|보여|나오|나와|비치|비쳐)|얼굴(?:이|은|도)?(?:보이|보여)(?:나|노|냐|니|능교|는교|는가|유|우|요)|(?:나|내가|저|제가|내모습)(?:도)?(?:보이|보여)(?:나|노|요|니|냐|는가|능교|제|지)")
# The avatar's picture gone (화면이 까매, 멈췄어): the screen, not the camera
_SCREEN_TROUBLE = re.compile(r"안보|화면이[가-힣]{0,4}?(?:까맣|까매|시커|멈췄|멈춰|안나|깨졌|이상)")


# Asked whether the avatar hears them ("내 말 들려유", "소리 잘 들리나"), often beside "how does this work"
_HEARD = re.compile(r"(?:내|제)?(?:말|목소리|소리|얘기)(?:이|가|는)?(?:잘)?(?:들려|들리)(?:유|요|나|노|는교|능교|니|냐|는가|제|지|남|는지|여|는겨|쥬|슈|우|오|수과|수꽈|우꽈)"
                    r"|(?:^|잘)들리(?:나|노|는교|능교|니|냐|는가|남|세요|시나|십니까)")


def asks_if_heard(text: str) -> bool:
    return bool(_HEARD.search(compact(text)))


def asks_if_seen(text: str) -> bool:
    c = compact(text)
    return bool(_SEEN.search(c)) and "녹" not in c and not _SCREEN_TROUBLE.search(c)


# Asked whether this call is recorded or kept ("이거 지금 녹음되는 거요", "내 얼굴 찍히나")
_RECORDED = re.compile(
    r"(?:이거|이게|지금|여기|내말|내얼굴|내목소리|얘기|대화|이통화|이전화|우리)[가-힣]{0,8}?(?:녹음|녹화|저장되|저장돼|기록되|기록돼|기록남|찍히|찍혀|찍고|엿듣)"
    r"|(?:녹음|녹화)(?:되|돼|하|해)(?:는거|는기|는교|능교|나|노|냐|니|요|유|예|남|는가|고있|고있나|고있어)")
_RECORDING_TOPIC = re.compile(r"보이스피싱|사기|증거|신고|통화녹음해|녹음해놓|녹음해둔|녹음한거|녹음파일|카톡|병원|의사")


def asks_if_recorded(text: str) -> bool:
    """Asked whether the avatar records or keeps the call (not a scam call's recording kept as evidence)."""
    c = compact(text)
    return bool(_RECORDED.search(c)) and not _RECORDING_TOPIC.search(c) and "사람" not in c  # "사람 아니지 녹화된 거여": who


# Asked for company in the call ("혼자 사니까 말할 사람이 없어서 그냥 얘기 좀 해도 되는 겨", "말동무 좀 해 줄랑가"):
# a yes and an ear, not what the avatar is
_TO_CHAT = re.compile(r"(?:얘기|이야기|말동무|말벗|수다)(?:좀|나)?(?:해도|하면안|하믄안|해줄|해주|하자|나눠|들어줄|들어주|상대)")


_ENOUGH_TALK = re.compile(r"그만|고만|안해도|됐(?:어|다|소|네)|마칠|끝낼|끊을")


# What was said asked again, however it is put: "처음부터 다시 얘기해 주래요 중간에 놓쳤드래요" (talk asked
# again, not company), "일 오 칠 칠 다음에 뭐라 캤노" (the rest of a number)
_SAID_AGAIN = re.compile(r"(?:처음부터|다시|한번더|한번만더)[가-힣]{0,4}?(?:얘기|이야기|말|말씀)(?:해|하)[가-힣]{0,4}?(?:주|줘|도|봐)"
                         r"[가-힣]{0,12}?(?:놓쳤|놓치|못들었|못들은|못알아|안들렸|흘려)"
                         r"|(?:중간에|말을|번호를?|얘기를?|이야기를?)놓쳤"
                         r"|(?:다음에|다음은|뒤에|뒤에는|그다음에?)뭐라(?:캤|켔|했|하셨|그랬|카셨)")


def asks_said_again(text: str) -> bool:
    """What the avatar said is asked again, in words the classifier may read as chat."""
    return bool(_SAID_AGAIN.search(compact(text)))


def asks_to_chat(text: str) -> bool:
    """Company in the call asked for, not an end to the talk."""
    c = compact(text)
    return bool(_TO_CHAT.search(c)) and not _ENOUGH_TALK.search(c)  # "이제 고만 얘기해도 돼요": enough, not company
