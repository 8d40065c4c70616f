"""A phone number said back to check it: "일삼오오 맞지요", "아까 그 번호가 일오칠칠 일공공공이여".

Someone hard of hearing repeats the number they think they heard. A counselor says whose number it is
(and, when it was just said, that it is right); answering the words around it ("그 번호가 …") as a new
question gave a story's "그러셨군요". Only numbers the avatar itself gives are recognised, and only
when nothing else is said besides the check, so "119 불러야 되나" or "1355에 전화하면 뭐 물어봐" are
left to the rest of the turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.dialogue.cues import compact

#: digits as read one by one (일삼오오), 0 also as 공 / 영 / 빵
_DIGIT = {"공": "0", "영": "0", "빵": "0", "일": "1", "이": "2", "삼": "3", "사": "4", "오": "5", "육": "6",
          "륙": "6", "칠": "7", "팔": "8", "구": "9"}
_SPOKEN_RUN = re.compile("[" + "".join(_DIGIT) + "]{3,4}")
_NUMBER = re.compile(r"\d{3,4}(?:-?\d{4})?")
#: a short line said as a number (백이십구, 백십이, 백구)
_HUNDREDS = re.compile("백(?:([이삼사오육칠팔구]?)십([일이삼사오육칠팔구]?)|([일이삼사오육칠팔구]))")
_ANY_NUMBER = re.compile("|".join((_NUMBER.pattern, _HUNDREDS.pattern, _SPOKEN_RUN.pattern)))

#: The lines every senior may check besides the call centres and agencies of ``replies.toml`` and the KB.
EMERGENCY_LINES: tuple[tuple[str, str], ...] = (
    ("119", "불이 나거나 아플 때 거는 119 구급대"),
    ("112", "경찰"),
    ("109", "24시간 자살예방 상담전화"),
    ("1577-1389", "노인보호전문기관"),
)

#: What may be said around a number checked: "아까 그 번호가 … 맞지요", "… 이라고요", "… 여기 맞나"
_CHECK_ONLY = re.compile(
    r"(?:아까|방금|그|그게|그거|이게|저기|예|네|응|어|아|번호|전화번호|전화|가|는|이|를|다시|한번|맞|아요|아유|나|지|지요|죠"
    r"|제|재|능교|는교|습니까|슈|유|여|이여|라고|이라고|이라꼬|라꼬|요|번|번이|번이요|번이여|말이야|말이지|말이에요|거|것"
    r"|불러|준거|준|줬|준번호|말한|말씀|하신|한|했|거기|여기|데|고|이고|하고|은)*")


def numbers_said(text: str) -> list[str]:
    """The phone numbers in ``text``, as written (1577-1000), whether said in digits or read one by one;
    two four-digit runs said one after the other are one number."""
    digits = [_as_digits(m.group(0)) for m in _ANY_NUMBER.finditer(compact(text))]
    found: list[str] = []
    i = 0
    while i < len(digits):
        d = digits[i]
        if len(d) == 4 and i + 1 < len(digits) and len(digits[i + 1]) == 4 and digits[i + 1] != d:  # not said twice
            found.append(f"{d}-{digits[i + 1]}")
            i += 2
            continue
        found.append(f"{d[:4]}-{d[4:]}" if len(d) == 8 else d)
        i += 1
    return found


def _as_digits(said: str) -> str:
    """A number as said (1577-1000, 일삼오오, 백이십구) in digits only."""
    hundreds = _HUNDREDS.fullmatch(said)
    if hundreds:
        tens, units, alone = hundreds.groups()
        if alone:
            return "10" + _DIGIT[alone]
        return "1" + (_DIGIT[tens] if tens else "1") + (_DIGIT[units] if units else "0")
    return "".join(_DIGIT.get(ch, ch) for ch in said).replace("-", "")


def only_a_check(text: str) -> bool:
    """Nothing but a number and words that check it ("그 번호가 일삼오오여 일삼오오", "1355 맞나")."""
    rest = _ANY_NUMBER.sub(" ", compact(text))
    return all(_CHECK_ONLY.fullmatch(part) for part in rest.split())


class NumberBook:
    """Whose each number is: the call centres, the agencies of the KB's entries, the emergency lines."""

    def __init__(self, lines: Iterable[tuple[str | None, str]]) -> None:
        self._owner: dict[str, str] = {}
        for number, owner in lines:
            key = (number or "").replace("-", "")
            if key.isdigit() and owner and key not in self._owner:
                self._owner[key] = owner

    def owner(self, number: str) -> str | None:
        return self._owner.get(number.replace("-", ""))


def checked_number(text: str, book: NumberBook) -> tuple[str, str] | None:
    """The one known number ``text`` only checks, with its owner; None when it says more, or no known
    number, or two different ones."""
    said = set(numbers_said(text))
    if len(said) != 1 or not only_a_check(text):
        return None
    number = said.pop()
    owner = book.owner(number)
    return (number, owner) if owner else None
