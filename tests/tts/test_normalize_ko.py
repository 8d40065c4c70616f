"""Korean speech normalization: a table of written → spoken forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.tts.normalize_ko import normalize, read_native, read_sino, split_sentences
from models.tts.pronounce_ko import apply_pronunciation

CASES = [
    # ages, money, percentages
    ("만 65세 이상", "만 육십오 세 이상"),
    ("30만 원", "삼십만 원"),
    ("70퍼센트", "칠십 퍼센트"),
    ("소득의 70%까지", "소득의 칠십 퍼센트까지"),
    ("300,000원을 드려요", "삼십만 원을 드려요"),
    ("1만 원", "만 원"),
    ("1억 2천만 원", "일억 이천만 원"),
    ("월 34만 2천510원", "월 삼십사만 이천오백십 원"),
    ("2.5퍼센트", "이 점 오 퍼센트"),
    ("본인부담 20%", "본인부담 이십 퍼센트"),
    # dates
    ("2026년 3월 1일", "이천이십육 년 삼 월 일 일"),
    ("6월 10일", "유월 십 일"),
    ("10월부터", "시월부터"),
    ("2026. 3. 1.부터", "이천이십육 년 삼 월 일 일부터"),
    ("3개월 동안", "삼 개월 동안"),
    ("2주 안에", "이 주 안에"),
    # native counters
    ("3개", "세 개"),
    ("3시", "세 시"),
    ("3명", "세 명"),
    ("20살", "스무 살"),
    ("21명", "스물한 명"),
    ("2가지 서류", "두 가지 서류"),
    ("1시간", "한 시간"),
    ("100명", "백 명"),
    ("2번 방문하세요", "두 번 방문하세요"),
    ("1번을 누르세요", "일 번을 누르세요"),
    ("3번 출구", "삼 번 출구"),
    # times
    ("오후 2시 30분", "오후 두 시 삼십 분"),
    ("9:30에", "아홉 시 삼십 분에"),
    ("평일 9시~18시", "평일 아홉 시에서 열여덟 시"),
    ("10분 정도", "십 분 정도"),
    # phone numbers and hotlines
    ("1577-1000", "일오칠칠, 일공공공"),
    ("1577-1000번으로 전화하세요", "일오칠칠, 일공공공번으로 전화하세요"),
    ("02-2133-7000", "공이, 이일삼삼, 칠공공공"),
    ("보건복지상담센터 129로 전화하세요", "보건복지상담센터 일이구로 전화하세요"),
    ("국번 없이 129", "국번 없이 일이구"),
    ("국민연금공단(1355)", "국민연금공단, 일삼오오"),
    ("119에 전화하세요", "일일구에 전화하세요"),
    ("129명", "백이십구 명"),
    # units
    ("5km", "오 킬로미터"),
    ("10kg 이하", "십 킬로그램 이하"),
    ("85㎡ 이하", "팔십오 제곱미터 이하"),
    ("3 cm", "삼 센티미터"),
    # letters
    ("KTX", "케이티엑스"),
    ("ARS 안내", "에이알에스 안내"),
    ("KTX를 타요", "케이티엑스를 타요"),
    ("LH 공사", "엘에이치 공사"),
    ("앱이나 app", "앱이나 앱"),
    # parentheses, list markers, symbols
    ("기초연금(노인 대상)을 받아요.", "기초연금, 노인 대상, 을 받아요."),
    ("신분증(주민등록증).", "신분증, 주민등록증."),
    ("- 신분증\n- 통장 사본", "신분증\n통장 사본"),
    ("1) 신분증 2) 통장", "첫째, 신분증 둘째, 통장"),
    ("① 신분증 ② 통장", "첫째, 신분증 둘째, 통장"),
    ("노인·장애인", "노인, 장애인"),
    ("※ 주의하세요", "주의하세요"),
    ("“복지로”에서", "복지로에서"),
    # plain digits and no-ops
    ("7", "칠"),
    ("0", "영"),
    ("안녕하세요. 무엇을 도와드릴까요?", "안녕하세요. 무엇을 도와드릴까요?"),
]


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_normalize(written: str, spoken: str) -> None:
    assert normalize(written) == spoken


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_no_digits_or_latin_left_in_typical_answers() -> None:
    text = "기초연금은 만 65세 이상, 소득 하위 70%인 분이 받아요. 국민연금공단(1355)이나 ARS로 문의하세요."
    out = normalize(text)
    assert not any(c.isdigit() or c.isascii() and c.isalpha() for c in out), out


@pytest.mark.parametrize(
    ("n", "sino"),
    [(0, "영"), (10, "십"), (11, "십일"), (105, "백오"), (1000, "천"), (10000, "만"), (10001, "만일"),
     (21000, "이만천"), (100000000, "일억"), (2026, "이천이십육")],
)  # fmt: skip
def test_read_sino(n: int, sino: str) -> None:
    assert read_sino(n) == sino


def test_read_native() -> None:
    assert [read_native(n) for n in (1, 2, 3, 4, 10, 20, 25, 99)] == [
        "한", "두", "세", "네", "열", "스무", "스물다섯", "아흔아홉"
    ]  # fmt: skip
    assert read_native(3, attributive=False) == "셋"


def test_split_sentences() -> None:
    text = "기초연금은 매달 받아요. 신청은 어디서 하나요?\n주민센터에 가세요!"
    assert split_sentences(text) == ["기초연금은 매달 받아요.", "신청은 어디서 하나요?", "주민센터에 가세요!"]
    assert split_sentences("  ") == []
    assert split_sentences("3.5퍼센트예요.") == ["3.5퍼센트예요."]


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("보건복지상담센터 129에 물어보세요.", "보건복지상담센터 일이구에 물어보세요."),
        ("국민연금공단 1355나 주민센터에", "국민연금공단 일삼오오나 주민센터에"),
        ("한국전력 123에 전화하시면", "한국전력 일이삼에 전화하시면"),
        ("상담센터에 가면 129명이 기다려요", "상담센터에 가면 백이십구 명이 기다려요"),
        ("급할 때는 112부터 누르세요", "급할 때는 일일이부터 누르세요"),
        ("금융감독원 1332에서도", "금융감독원 일삼삼이에서도"),
        ("관리사무소와 123에 함께", "관리사무소와 일이삼에 함께"),
        ("1000에 달해요", "천에 달해요"),
    ],
)
def test_hotline_codes_read_digit_by_digit(written: str, spoken: str) -> None:
    assert normalize(written) == spoken


@pytest.mark.parametrize(
    ("spelled", "said"),
    [
        ("합니다", "함니다"),
        ("국물", "궁물"),
        ("신라", "실라"),
        ("설날", "설랄"),
        ("종로", "종노"),
        ("국립", "궁닙"),
        ("있는", "인는"),
        ("십만 원", "심만 원"),
        ("국민연금", "궁민연금"),
        ("안녕하세요", "안녕하세요"),
        ("국 물", "국 물"),  # a word boundary stops the rule
        ("KTX 1번", "KTX 1번"),
    ],
)
def test_pronunciation_rules(spelled: str, said: str) -> None:
    assert apply_pronunciation(spelled) == said


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_normalize_never_fails(text: str) -> None:
    out = normalize(text)
    assert isinstance(out, str)
    assert not any(c.isdigit() and c.isascii() for c in out)


@given(st.text(alphabet="0123456789,.-~:()%년월일시분개명원세번 abcKTX-", max_size=40))
@settings(max_examples=300, deadline=None)
def test_normalize_reads_every_digit(text: str) -> None:
    assert not any(c.isdigit() for c in normalize(text))
