"""How old someone born in a named year is ("병신년 생인데 올해 만으로 몇 살이고", "우리 손주 병신년에 났는디
몇 학년이여", "오십육 년생이면 지하철 공짜 되는 나이 넘었제").

Seniors name years by the sixty-year cycle (갑자, 을축, …) or by two digits, and ask what that makes
this year. A counselor would just work it out. The cycle repeats every 60 years, so the year is chosen
by whose birth it is: a grandchild's within the last 40 years, a son's or daughter's 15 to 70 years ago,
one's own or a spouse's 50 to 105 years ago.
"""

from __future__ import annotations

import datetime
import re

from models.dialogue.cues import compact
from models.dialogue.cues.kin import CHILDREN, CHILDREN_IN_LAW, alt

_STEMS = "갑을병정무기경신임계"
_BRANCHES = "자축인묘진사오미신유술해"
_ANIMALS = ("쥐", "소", "호랑이", "토끼", "용", "뱀", "말", "양", "원숭이", "닭", "개", "돼지")

# A cycle year said as a birth or an event's year (병신년생, 병신년에 났는디, 병신년이면, 병신년 원숭이띠). Not a year
# called out (병신년아) nor a history's name (임진왜란).
_CYCLE = re.compile(f"([{_STEMS}][{_BRANCHES}])년(?=생|에|도|이|인데|인디|인께|이라|이면|이믄|으로|가|[가-힣]{{1,3}}띠)")
# A year said in digits or Sino-Korean numerals, as a birth (56년생, 1956년생, 오십육년생, 2016년에 태어난)
_DIGITS = re.compile(r"(?<!\d)(19\d\d|20[0-4]\d|\d\d)년(?:생|도생|에태어|에났|에나가|에낳)")
_NUMERALS = re.compile(r"(?<![일이삼사오육칠팔구십백천])((?:천구백|이천)?(?:[이삼사오육칠팔구]?십)?[일이삼사오육칠팔구]?)년(?:생|도생|에태어|에났|에나가|에낳)")
# Asked how old, what school year or what zodiac animal
_ASKED = re.compile(r"(?:몇살|멫살|몇쌀)(?!부터|까지|이면|이믄|되면|되믄|에|이상|이하|넘)|나이가몇|나이는몇|나이가우찌|나이가어찌|나이가어떻|만으로|만나이|세는나이|한국나이|몇학년|무슨띠|무신띠|뭔띠|띠가뭐|띠가머"
                    # old enough asked ("그라믄 올해 기초 연금 받을 나이 된 기가")
                    r"|나이(?:가|는|이|도)?(?:된|되나|되노|되는|됐|돼|넘었|넘은|넘나|지났|찼)")
_ELIGIBLE = re.compile(r"지하철|무임|공짜|경로|기초연금|노령|어르신|65|육십오")
_GRANDCHILD = re.compile(r"손주|손자|손녀|외손|증손")
_CHILD = re.compile(alt(CHILDREN, CHILDREN_IN_LAW, "큰애", "작은애"))
# Someone else whose generation the words do not tell (a youngest, a sibling, a neighbour)
_OTHER = re.compile(r"막내|우리애|애가|동생|형님|언니|오빠|누나|친구|조카|이웃|옆집|그사람|그양반")
# Oneself or a spouse ("나는 …년생", "영감이 …년생")
_SELF = re.compile(r"(?<![가-힣])(?:나는|내가|나도|내는|저는|제가|나가|나|내|저|본인)(?![가-힣])|영감|할멈|남편|마누라|아내|집사람|할배|할매|바깥양반|안사람")
_DIGIT_VALUE = dict(zip("일이삼사오육칠팔구", range(1, 10), strict=True))


def _numeral(word: str) -> int | None:
    """A Sino-Korean numeral up to 천구백구십구 / 이천구십구; None when empty."""
    if not word:
        return None
    value = 0
    for prefix, amount in (("천구백", 1900), ("이천", 2000)):
        if word.startswith(prefix):
            value, word = amount, word[len(prefix):]
    if "십" in word:
        tens, word = word.split("십", 1)
        value += 10 * (_DIGIT_VALUE[tens] if tens else 1)
    if word:
        value += _DIGIT_VALUE[word]
    return value


def _whose(text: str) -> str:
    """Whose birth the words speak of: a grandchild, a son or daughter, oneself (or a spouse), or
    someone unclear ("우리 막내가": a child or a grandchild)."""
    c = compact(text)
    if _GRANDCHILD.search(c):
        return "grandchild"
    if _CHILD.search(c):
        return "child"
    if _OTHER.search(c) and not _SELF.search(text):
        return "unclear"
    return "self"  # the subject dropped ("오십칠년생인디 …") is the speaker


#: the birth years that fit each person: a grandchild's within the last 40 years, a son's or
#: daughter's 15 to 70 years ago, one's own or a spouse's 50 to 105 years ago, anyone's in 105 years
_SPANS = {"grandchild": (40, 0), "child": (70, 15), "self": (105, 50), "unclear": (105, 0)}


def _cycle_name(year: int) -> str:
    return _STEMS[(year - 4) % 10] + _BRANCHES[(year - 4) % 12]


def birth_years(text: str, now: int) -> list[int]:
    """The birth years the words name that fit whose birth it is, latest first (two when a cycle
    year is said of someone unclear); empty when none is named."""
    return _years_of(text, now, _whose(text))


def _years_of(text: str, now: int, whose: str) -> list[int]:
    c = compact(text)
    back, least = _SPANS[whose]
    span = range(now - least, now - back - 1, -1)
    if m := _CYCLE.search(c):
        name = m.group(1)
        if (_STEMS.index(name[0]) - _BRANCHES.index(name[1])) % 2:
            return []  # no such year in the cycle (stems and branches keep step)
        return [y for y in span if _cycle_name(y) == name][:2]
    number = None
    if m := _DIGITS.search(c):
        number = int(m.group(1))
    elif m := _NUMERALS.search(c):
        number = _numeral(m.group(1))
    if number is None or 100 <= number < 1000:
        return []
    return [y for y in span if y == number or number < 100 and y % 100 == number][:1]


def birth_year(text: str, now: int) -> int | None:
    """The one birth year the words name; None when none, or when two fit (a cycle year of someone
    unclear)."""
    years = birth_years(text, now)
    return years[0] if len(years) == 1 else None


def _age_now(year: int, now: int) -> str:
    return f"올해 {now}년 생일이 지나면 만 {now - year}세, 생일 전이면 만 {now - year - 1}세예요."


def age_answer(text: str, today: datetime.date | None = None) -> str | None:
    """How old someone born in the named year is this year (and their zodiac animal, school year, or
    the 65 of seniors' benefits when asked); None unless a birth year is named and an age asked."""
    c = compact(text)
    whose = _whose(text)
    benefit = whose == "self" and bool(_BENEFIT_BY_AGE.search(c))  # "병신년 생이야 … 올해 기초연금 나와"
    if not _ASKED.search(c) and not benefit:
        return None
    now = (today or datetime.date.today()).year
    years = [y for y in _years_of(text, now, whose) if y < now]
    if not years:
        return None
    if len(years) == 2:  # 병신년 of someone unclear: 1956 or 2016
        old, young = sorted(years)
        return (f"{_cycle_name(old)}년은 {old}년이나 {young}년이에요. 올해 {now}년 생일이 지나면 {old}년생은 만 "
                f"{now - old}세, {young}년생은 만 {now - young}세예요. 생일 전이면 한 살 적어요.")
    year = years[0]
    age = now - year
    animal = _ANIMALS[(year - 4) % 12]
    own = whose == "self"
    born = f"{year}년 {_cycle_name(year)}년생이시면 {animal}띠세요." if own else f"{year}년 {_cycle_name(year)}년생이면 {animal}띠예요."
    parts = [born, _age_now(year, now)]
    if re.search(r"세는나이|한국나이|옛날나이", c):
        parts.append(f"옛날식으로 세는 나이로는 {age + 1}살이에요.")
    if "학년" in c and 7 <= age <= 18:
        grade = age - 6
        school = "초등학교" if grade <= 6 else "중학교" if grade <= 9 else "고등학교"
        grade = grade if grade <= 6 else grade - 6 if grade <= 9 else grade - 9
        parts.append(f"제때 입학했으면 올해 {school} {grade}학년이에요.")
    if own and _ELIGIBLE.search(c):
        if age - 1 >= 65:
            parts.append("만 65세가 넘으셨으니 지하철 무료나 기초연금 같은 어르신 제도의 나이 기준은 넘으셨어요.")
        elif age >= 65:
            parts.append("올해 생일이 지나면 만 65세가 되셔서, 그때부터 어르신 제도의 나이 기준이 돼요.")
        else:
            parts.append(f"어르신 제도는 대부분 만 65세부터라서 {65 - age}년쯤 더 있어야 해요.")
    if benefit and "기초연금" in c and age - 1 >= 65:
        parts.append("기초연금은 나이 말고도 소득과 재산 기준이 있어서, 받으실 수 있는지는 주민센터나 국민연금공단 1355에 "
                     "물어보세요. 신청하셔야 나와요.")
    if own and _PENSION_START.search(c):
        parts.append(f"국민연금은 {year}년생이시면 만 {pension_age(year)}세부터 받는 나이예요. "
                     "받으실 수 있는지, 얼마인지는 국민연금공단 1355에 물어보세요.")
    return " ".join(parts)


#: a benefit with an age bar asked for oneself ("올해 기초연금 나와", "지하철 공짜 되나")
_BENEFIT_BY_AGE = re.compile(r"(?:기초연금|지하철|무임|경로|어르신교통)[가-힣]{0,8}?(?:나와|나오나|나오노|받을수|받나|받노|되나|되노|돼|되는가|해당)")
#: when the national pension starts, asked ("국민연금은 언제부터 받는 긴지", "연금 몇 살부터 나오노")
_PENSION_START = re.compile(r"(?<!기초)(?:국민연금|노령연금|연금)[가-힣]{0,8}?(?:언제부터|몇살부터|멫살부터|몇살에|언제나오|언제받)")


def pension_age(year: int) -> int:
    """The age the national pension starts for someone born in ``year`` (국민연금법 부칙: 60 up to 1952,
    then a year later for every four years of birth, 65 from 1969)."""
    if year <= 1952:
        return 60
    return min(65, 61 + (year - 1953) // 4)


def without_birth_year(text: str) -> str:
    """``text`` with a cycle year's name taken out (병신년 is a year, not the swear word the filter sees
    in it), so the rest can be checked for rough words."""
    return re.sub(f"[{_STEMS}][{_BRANCHES}]\\s?년", " ", text)
