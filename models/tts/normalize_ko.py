"""Korean text normalization for speech: digits, symbols and Latin letters to the words a person says.

The synthesizer reads the *spoken* form (``normalize("만 65세")`` → ``"만 육십오 세"``); captions keep
the written form. Rules are ordered: phone numbers and clock times first (they contain digits that
must not be read as amounts), then amounts with counters, then leftover digits, units and letters.

Readings follow standard usage: Sino-Korean numbers by default (``30만 원`` → ``삼십만 원``), native
numbers before counters that take them (``3개`` → ``세 개``, ``2시`` → ``두 시``), phone numbers and
short hotline codes digit by digit with ``공`` for zero (``1577-1000`` → ``일오칠칠, 일공공공``).
"""

from __future__ import annotations

import re

_DIGITS = "영일이삼사오육칠팔구"
_PHONE_DIGITS = "공일이삼사오육칠팔구"
_SMALL_UNITS = ((1000, "천"), (100, "백"), (10, "십"))
_BIG_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))

_NATIVE_ONES = ["", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉"]
_NATIVE_ONES_ATTR = ["", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"]
_NATIVE_TENS = ["", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"]

#: Counters read with native numbers (1–99): 세 개, 두 시, 다섯 명, 스무 살.
NATIVE_COUNTERS = (
    "시간", "시", "개", "명", "살", "마리", "가지", "곳", "장", "권", "잔", "병", "대", "달",
    "군데", "통", "벌", "채", "그릇", "켤레", "사람", "번째", "번", "알", "포기", "봉지", "끼",
)  # fmt: skip
#: Counters and units read with Sino-Korean numbers and separated by a space.
SINO_COUNTERS = (
    "개월", "년", "월", "일", "주", "분", "초", "세", "원", "회", "층", "호", "단계", "등급", "차",
    "인", "퍼센트", "킬로미터", "킬로그램", "제곱미터", "센티미터", "밀리미터", "미터", "그램",
    "리터", "밀리리터", "도", "평", "점", "배", "위", "박", "종", "급", "학년", "기", "건",
)  # fmt: skip

_UNITS = {
    "㎞": "킬로미터", "km": "킬로미터", "㎏": "킬로그램", "kg": "킬로그램", "㎡": "제곱미터",
    "m²": "제곱미터", "m2": "제곱미터", "㎝": "센티미터", "cm": "센티미터", "㎜": "밀리미터",
    "mm": "밀리미터", "㎖": "밀리리터", "ml": "밀리리터", "mL": "밀리리터", "ℓ": "리터", "L": "리터",
    "m": "미터", "g": "그램", "%": "퍼센트", "％": "퍼센트", "℃": "도", "°C": "도",
}  # fmt: skip

_LETTERS = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지", "H": "에이치",
    "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔", "O": "오", "P": "피",
    "Q": "큐", "R": "알", "S": "에스", "T": "티", "U": "유", "V": "브이", "W": "더블유", "X": "엑스",
    "Y": "와이", "Z": "지",
}  # fmt: skip
#: Latin words said as words rather than letter by letter.
_WORDS = {
    "app": "앱", "www": "더블유 더블유 더블유", "email": "이메일", "e-mail": "이메일", "ok": "오케이",
    "wifi": "와이파이", "wi-fi": "와이파이", "kakao": "카카오", "naver": "네이버", "pass": "패스",
    "covid": "코로나", "id": "아이디", "pdf": "피디에프", "sms": "에스엠에스", "go": "고", "kr": "케이알",
    "or": "오알", "com": "컴", "net": "넷",
}  # fmt: skip
_ORDINALS = ["", "첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째"]
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def read_sino(n: int) -> str:
    """Sino-Korean reading of a non-negative integer: 65 → 육십오, 300000 → 삼십만, 10000 → 만."""
    if n == 0:
        return "영"
    if n >= 10**16:
        return read_digits(str(n), zero="영")
    out = []
    for unit, name in _BIG_UNITS:
        group, n = divmod(n, unit)
        if group:
            # 만 alone is "만", not "일만"; 억 and 조 keep 일 (일억).
            out.append(("" if group == 1 and name == "만" else _read_under_10000(group)) + name)
    if n:
        out.append(_read_under_10000(n))
    return "".join(out)


def _read_under_10000(n: int) -> str:
    out = []
    for unit, name in _SMALL_UNITS:
        d, n = divmod(n, unit)
        if d:
            out.append(("" if d == 1 else _DIGITS[d]) + name)
    if n:
        out.append(_DIGITS[n])
    return "".join(out)


def read_native(n: int, *, attributive: bool = True) -> str:
    """Native Korean reading for 1–99 (세 개, 스무 살); falls back to Sino-Korean outside that range."""
    if not 1 <= n <= 99:
        return read_sino(n)
    tens, ones = divmod(n, 10)
    if attributive and n == 20:
        return "스무"
    ones_words = _NATIVE_ONES_ATTR if attributive else _NATIVE_ONES
    return _NATIVE_TENS[tens] + ones_words[ones]


def read_digits(digits: str, *, zero: str = "공") -> str:
    """Digit by digit, as phone numbers are said: 1577 → 일오칠칠."""
    table = zero + _PHONE_DIGITS[1:]
    return "".join(table[int(c)] for c in digits if c.isdigit())


def read_decimal(text: str) -> str:
    """``3.5`` → 삼 점 오, ``1,000`` → 천."""
    whole, _, frac = text.replace(",", "").partition(".")
    spoken = read_sino(int(whole)) if whole else "영"
    if frac:
        spoken += " 점 " + read_digits(frac, zero="영")
    return spoken


def _month(n: int) -> str:
    return {6: "유월", 10: "시월"}.get(n, read_sino(n) + " 월")


# --- rules -------------------------------------------------------------------------------------

_PHONE_RE = re.compile(r"(?<![\d.])(\d{2,4})[-.)](\d{3,4})-(\d{4})(?![\d])|(?<![\d.,])(1\d{3})-(\d{4})(?!\d)")
_HOTLINE_CONTEXT = re.compile(
    r"(전화|콜센터|고객센터|상담|국번|문의|번호|ARS|연락|공단|센터|한국전력|한전|다산콜)[^.?!]{0,12}$"
)
#: Public short codes (112 police, 119 fire, 129 welfare, 1332 FSS, 1355 NPS, ...) are always dialled.
_KNOWN_SHORT_CODE = re.compile(r"1[1-3]\d|13\d\d|1[0-9]{2}4")
_COUNTER_AFTER = "|".join(
    sorted(NATIVE_COUNTERS + SINO_COUNTERS + ("만", "천", "억", "조"), key=len, reverse=True)
)
_HOTLINE_RE = re.compile(
    r"(?<![\d.,])(1\d{2,3})(?![\d]|[.,]\d|\s?(?:" + _COUNTER_AFTER + r"|%|[A-Za-z㎞㎏㎡]))"
)
_CLOCK_RE = re.compile(r"(?<![\d:])([01]?\d|2[0-4]):([0-5]\d)(?![\d:])")
_DATE_RE = re.compile(r"(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?")
_RANGE_RE = re.compile(r"(\d)\s?[~∼〜]\s?(\d)")
_MAG_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(조|억|천만|백만|십만|만|천)")
_NUM_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)")
_NATIVE_RE = re.compile(r"(?<![\d.,])(\d+)\s?(" + "|".join(NATIVE_COUNTERS) + r")(?!월)")
_SINO_BEN_RE = re.compile(r"(\d+)\s?번(?=\s?(?:을|를|으로|로|출구|버스|창구|째\s?창구|,|\.))")
_ACRONYM_RE = re.compile(r"(?<![A-Za-z])[A-Z]+(?![A-Za-z])")
_LIST_MARKER_RE = re.compile(r"(?m)(?:^\s*(?:[-•·*▶►■□○●※]|(\d{1,2})[.)](?!\d))|(?<=\s)(\d{1,2})\))\s+")


def _phone(m: re.Match) -> str:
    groups = [g for g in m.groups() if g]
    return ", ".join(read_digits(g) for g in groups)


def _hotline(m: re.Match) -> str:
    before = m.string[: m.start()]
    after = m.string[m.end() :]
    in_parens = before.endswith(("(", "（")) and after.startswith((")", "）"))
    if _KNOWN_SHORT_CODE.fullmatch(m.group(1)):
        return read_digits(m.group(1))
    called = re.match(r"\s?(번으로|번에|에\s?전화|로\s?전화|으로\s?전화)", after)
    if not (in_parens or called or _HOTLINE_CONTEXT.search(before)):
        return m.group(0)
    return read_digits(m.group(1))


def _clock(m: re.Match) -> str:
    hour, minute = int(m.group(1)), int(m.group(2))
    spoken = read_native(hour) + " 시" if hour else "영 시"
    if minute:
        spoken += " " + read_sino(minute) + " 분"
    return spoken


def _date(m: re.Match) -> str:
    y, mo, d = (int(g) for g in m.groups())
    return f"{read_sino(y)} 년 {_month(mo)} {read_sino(d)} 일"


def _magnitude(m: re.Match) -> str:
    number, suffix = m.group(1).replace(",", ""), m.group(2)
    if "." in number:
        return read_decimal(number) + suffix
    n = int(number)
    if n == 1 and suffix in ("만", "천", "천만", "백만", "십만"):
        return suffix
    return read_sino(n) + suffix


def _native(m: re.Match) -> str:
    return read_native(int(m.group(1))) + " " + m.group(2)


def _sino_counter(m: re.Match) -> str:
    number, counter = m.group(1), m.group(2)
    if counter == "월" and "." not in number:  # ("0.5월" is no month: read as a decimal)
        return _month(int(number.replace(",", "")))
    return read_decimal(number) + " " + counter


def _list_marker(m: re.Match) -> str:
    if m.group(1) or m.group(2):
        n = int(m.group(1) or m.group(2))
        return (_ORDINALS[n] + ", ") if n < len(_ORDINALS) else read_sino(n) + " 번, "
    return ""


def _acronym(m: re.Match) -> str:
    return "".join(_LETTERS[c] for c in m.group(0))


def _latin_word(m: re.Match) -> str:
    word = m.group(0)
    spoken = _WORDS.get(word.lower())
    if spoken:
        return spoken
    if word.isupper() or len(word) <= 4:
        return "".join(_LETTERS.get(c.upper(), " ") for c in word).strip()
    return word  # a longer lower-case word: leave it to the synthesizer


def normalize(text: str) -> str:
    """Rewrite ``text`` into what should be *said*: numbers, units, symbols and letters as Hangul."""
    s = text.replace("\u00a0", " ")
    s = _LIST_MARKER_RE.sub(_list_marker, s)
    s = "".join(_ORDINALS[_CIRCLED.index(c) + 1] + "," if c in _CIRCLED else c for c in s)
    s = re.sub(r"[\"“”‘’'「」『』《》〈〉※→★☆]", "", s)
    s = re.sub(r"코로나\s?19", "코로나 일구", s)
    s = _DATE_RE.sub(_date, s)
    s = _PHONE_RE.sub(_phone, s)
    s = _HOTLINE_RE.sub(_hotline, s)
    s = _CLOCK_RE.sub(_clock, s)
    s = _RANGE_RE.sub(r"\1에서 \2", s)
    for unit in sorted(_UNITS, key=len, reverse=True):
        spoken = _UNITS[unit]
        s = re.sub(r"(\d)\s?" + re.escape(unit) + r"(?![A-Za-z])", r"\1 " + spoken, s)
    s = _MAG_RE.sub(_magnitude, s)
    s = _SINO_BEN_RE.sub(lambda m: read_sino(int(m.group(1))) + " 번", s)
    s = _NATIVE_RE.sub(_native, s)
    sino_re = r"(\d[\d,]*(?:\.\d+)?)\s?(" + "|".join(sorted(SINO_COUNTERS, key=len, reverse=True)) + ")"
    s = re.sub(sino_re, _sino_counter, s)
    s = _NUM_RE.sub(lambda m: read_decimal(m.group(1)), s)
    s = _ACRONYM_RE.sub(_acronym, s)
    s = re.sub(r"[A-Za-z][A-Za-z-]*", _latin_word, s)
    # Parentheses are read as an aside after a short pause; brackets and list symbols are dropped.
    s = re.sub(r"\s*[(（\[]\s*", ", ", s)
    s = re.sub(r"\s*[)）\]]\s*(?=[.?!,]|$)", "", s)
    s = re.sub(r"\s*[)）\]]\s*", ", ", s)
    s = s.replace("&", " 그리고 ").replace("+", " 더하기 ").replace("·", ", ").replace("ㆍ", ", ")
    s = re.sub(r"\s*/\s*", ", ", s)
    s = re.sub(r"\s*[~∼〜]\s*", "에서 ", s)
    s = re.sub(r"(?<=[가-힣])\s*-\s*(?=[가-힣])", ", ", s)
    s = re.sub(r"\s*,(\s*,)+", ",", s)
    s = re.sub(r",\s*([.?!])", r"\1", s)
    s = re.sub(r"^\s*,\s*", "", s)
    s = re.sub(r"\s+([,.?!])", r"\1", s)
    s = re.sub(r"[ \t]+", " ", s)
    return s.strip().rstrip(",").strip()


_SENTENCE_END = re.compile(r"(?<=[.?!。…])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """Split a reply into sentences (on . ? ! … and line breaks), dropping empty pieces."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p and re.search(r"[\w가-힣]", p)]
