"""Harm by family or carers, and harm heard next door: 112 and the elder-abuse line, not only 119.

Blows, bruises, neglect, being tied or shut in, and money, papers or freedom taken by a son, a daughter-in-law
or a carer are abuse even when nobody is hurt, and money a relative takes is not a robbery. Screams or blows
heard through the wall make the speaker a witness who should call 112.
"""

from __future__ import annotations

import re

from models.dialogue.cues.kin import (
    CHILDREN,
    CHILDREN_IN_LAW,
    GRANDCHILDREN,
    GRANDPARENTS,
    SIBLINGS,
    SPOUSE,
    alt,
)
from models.dialogue.cues.text import compact

# Hurt by family or carers (bruises nobody explains, being hit): 112 and the elder-abuse line, not only 119.
_ABUSE_SIGNS = re.compile(r"멍이|멍들|때렸|때리|(?:나를|내를|날|저를|나를막)때려|때려(?:요|유|예|서|가지고|갖고|싸|대|쌓)|(?<!주사)(?<!인슐린을)(?<!인슐린)(?<!주사를)(?<!백신을)(?<!접종을)(?<!퇴짜)(?<!퇴짜를)(?<!야단)(?<!핀잔)(?<!꾸중)(?<!벌금)(?<!딱지)(?<!바람)(?<!비)(?<!비를)(?<!눈)(?<!눈을)(?:맞았|맞고|맞아서|맞은데|맞은자리|맞은자국)|맞는소리|맞는다|(?:한테|헌테|한티|에게)(?:자꾸|자주|맨날|매일|늘|또|막|계속|허구한날)?맞는(?:거|것|갑|모양|듯)|학대|밥을안줘|밥도안줘|가둬|묶어|묶여있|묶여서|묶어놓|머리채|밀치|칼들고|칼을들|흉기"
                          r"|손찌검|손을댔|꼬집|밀친|밀쳤|밀쳐|두들겨(?:패|맞|줬)|걷어차|발로차|패(?:고|서|네|더라|요)|팼|쥐어박"
                          r"|기저귀도안|기저귀를안|밥도못드|밥도못먹|방치|굶겨|씻기지도"
                          r"|(?:몸|가슴|엉덩이|아랫도리|속옷|허벅지)[가-힣]{0,6}?(?:만지|만진|만졌|더듬)|이상하게(?:만지|만진|만졌|더듬)|성추행|추행")
# Money or freedom taken by family or carers (a pension card kept, not let out of the house): abuse,
# 112 and the elder-abuse line, even when nobody is hurt.
_FAMILY = alt(CHILDREN, CHILDREN_IN_LAW, GRANDCHILDREN, SPOUSE, SIBLINGS, "조카", "요양보호사", "간병인")
# ... with no bank or office between the money and its withholding ("남편 통장 돈을 은행에서 안 준다": a bank's rule)
_NO_OFFICE = r"(?:(?!은행|농협|우체국|공단|보험사|주민센터|구청|시청|나라에서|나라가)[가-힣0-9])"
_ABUSE_STRONG = re.compile(
    _FAMILY + r"[가-힣0-9]{0,24}?(?:통장|카드|연금|도장|(?<!용)돈|수급비)" + _NO_OFFICE + r"{0,14}?(?:뺏|빼앗|빼돌|못쓰게|안줘|안준|안주|안돌려|돌려주(?:지|질)않|(?:가져가|가져갔|가가)[가-힣0-9]{0,10}?(?:안|못|않))"
    # pocket money is the children's to give: only taken from the person is it abuse ("용돈 한 푼 안 줘" is not)
    r"|" + _FAMILY + r"[가-힣0-9]{0,24}?용돈" + _NO_OFFICE + r"{0,14}?(?:뺏|빼앗|빼돌|(?:가져가|가져갔|가가)[가-힣0-9]{0,10}?(?:안|못|않))"
    r"|" + _FAMILY + r"[가-힣0-9]{0,24}?(?:못나가게|나가지도못|나가지말라|밖에도못|가둬|가두|감금|묶어|밥(?:을|도)안(?!먹|묵|드시|드셔|드신|자시|자셔|넘어)|굶기)"
    # the pension book taken and food cut or a room one may not leave ("통장을 다 가져가고 밥도 하루 한 끼만 줘
    # 방에서 나오지도 말래"): taking is abuse with the neglect beside it, whether or not it is given back
    r"|" + _FAMILY + r"[가-힣0-9]{0,24}?(?:통장|카드|연금|수급비)[가-힣0-9]{0,8}?(?:가져가|가져갔|가가)[가-힣0-9]{0,30}?"
    r"(?:한끼만|한끼도|밥도안|밥을안|굶|나오지도말|나오지말|나가지도말|나가지말|못나가|못나오)"
    r"|(?:방문|문)이밖에서잠겨"
    r"|" + _FAMILY + r"[가-힣0-9]{0,24}?(?:집문서|땅문서|인감|도장|통장|카드|연금|집을|땅을)[가-힣0-9]{0,10}?"
    r"(?:내놓으라|내놔라|내노라|넘기라|넘겨라|찍으라|찍어라|팔라고|협박|윽박)"
    r"|(?:인감|도장|집문서|땅문서)[가-힣0-9]{0,20}?(?:자기앞으로|자기명의|지앞으로|지명의|제앞으로|지이름으로|명의를바꾸|등기한|넘긴다|넘기려|팔아버|몰래)"
)


def abuse_signs(text: str) -> bool:
    """Harm (blows, bruises, neglect) or money or freedom taken by family (``abuse_by_family``)."""
    c = compact(text)
    return bool(_ABUSE_SIGNS.search(c) or _ABUSE_STRONG.search(c))


_BY_OTHERS = re.compile(_FAMILY + r"|요양원|요양병원|요양보호사|간병인|시설에서|보호사")


def abuse_signs_by_others(text: str) -> bool:
    """Bruises, blows or being tied, with family or carers named: abuse, however the classifier reads it."""
    c = compact(text)
    return bool(_ABUSE_SIGNS.search(c) and _BY_OTHERS.search(c)) or bool(_ABUSE_STRONG.search(c))


# A relative in a care home or day care with signs of harm ("요양원에 계신 어머니 몸에 멍이 자꾸"): the facility's
# harm is reported for them (1577-1389, the insurer for a long-term-care home), not fled by the speaker
_IN_CARE = re.compile(r"요양원|요양병원|요양시설|요양센터|양로원|주간보호|주야간보호|데이케어|노인요양")


_BLOWS = re.compile(r"맞은|맞았|맞는|맞아|때린|때렸|때리|꼬집|묶어|묶였|묶어놓|학대|밀쳐|밀쳤|멍이자꾸|멍이여러|멍이시퍼|시퍼런멍|멍투성")


def abused_in_care(text: str) -> bool:
    """Signs of harm to someone living in, or going to, a care facility: blows, or bruises again and again."""
    c = compact(text)
    return bool(_IN_CARE.search(c)) and abuse_signs(text) and bool(_BLOWS.search(c))


def family_named(text: str) -> bool:
    """A family member or a carer is named (money or things they take are abuse, not a robbery)."""
    return bool(re.search(_FAMILY, compact(text)))


def abuse_by_family(text: str) -> bool:
    """Money or freedom taken by a family member or carer: abuse even without a blow."""
    return bool(_ABUSE_STRONG.search(compact(text)))


# Harm heard through the wall (screams, blows, things smashed next door): the witness calls 112
_NEIGHBOUR = r"(?:옆집|윗집|아랫집|앞집|이웃집|이웃|옆방|윗층|위층|아래층|복도|건너편집)"
_HARM_HEARD = (r"(?:비명|사람살려|살려(?:달라|줘|주세요|주이소)|때리는소리|맞는소리|퍽퍽|퍽하는|부수는소리|깨지는소리|던지는소리"
               r"|우당탕|와장창|쿵쾅[가-힣]{0,6}?(?:비명|울|소리지르)|소리를?지르[가-힣]{0,6}?(?:울|맞|때리|살려))")
_NEIGHBOUR_HARM = re.compile(_NEIGHBOUR + r"[가-힣0-9]{0,30}?" + _HARM_HEARD + "|" + _HARM_HEARD + r"[가-힣0-9]{0,20}?" + _NEIGHBOUR)


def neighbour_harm(text: str) -> bool:
    """Screams or blows heard from a neighbour's home ("참견할 일은 아니지만"): report it to 112."""
    return bool(_NEIGHBOUR_HARM.search(compact(text)))


# A neighbour's elder who seems to be hurt by their family ("옆집 할매가 아들한테 맞는 거 같은디"): the speaker
# is a witness, for the elder-abuse line; not a story of long ago ("십 년 전에 들었는데")
_NEIGHBOURS_ELDER = re.compile(r"(?:" + _NEIGHBOUR + r"|건너편|건넛집|뒷집|동네|경로당)[가-힣0-9]{0,4}?"
                               + alt(GRANDPARENTS, "어르신", "노인", "양반", "아지매", "아주머니"))
_LONG_AGO = re.compile(r"(?:년|해|달)전|옛날|예전|작년|재작년|지난해|어릴때|젊을때")


def neighbour_abused(text: str) -> bool:
    """A neighbour's elder seems to be beaten, starved or shut in by family, told as going on."""
    c = compact(text)
    return bool(_NEIGHBOURS_ELDER.search(c)) and abuse_signs_by_others(text) and not _LONG_AGO.search(c)
