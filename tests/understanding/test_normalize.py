"""Spoken-Korean normalisation, table-tested: dialect, fillers, recogniser spacing and spelling."""

from __future__ import annotations

import pytest

from models.understanding.lexicon import default_lexicon
from models.understanding.normalize import normalize_spoken

CASES = [
    # dialect endings and words
    ("기초연금 어데서 신청하능교", "기초연금 어디서 신청하나요"),
    ("국민연금 얼마 나와유", "국민연금 얼마 나와요"),
    ("뭐라 캤노 다시 한 번 말해 주이소", "뭐라고 했어요 다시 한 번 말해 주세요"),
    ("그거 받을라믄 우째 해야 되는디", "그거 받으려면 어떻게 해야 되는데"),
    ("등본 떼려면 어데 가야 되노", "등본 떼려면 어디 가야 되나요"),
    ("보이스피싱 전화가 왔당께", "보이스피싱 전화가 왔어요"),
    ("돈을 보내 뿌렸다", "돈을 보내 버렸어요"),
    ("이거 되남유", "이거 되나요"),
    ("거시기 그 카드 어디서 만드요", "그거 그 카드 어디서 만드요"),
    # 경상 hearsay (카던데 = 라고 하던데), 그기, 우짜노, 맹글다 (a rough -노 ending stays: it carries the tone)
    ("둘이 같이 타면 줄어든다 카던데 그기 참말이가", "둘이 같이 타면 줄어든다고 하던데 그게 참말이가"),
    ("요새 약값 다 공짜라카데요", "요새 약값 다 공짜라고 하데요"),
    ("딸내미가 그카던데 서류 새로 맹글어야 된다고", "딸내미가 그러던데 서류 새로 만들어야 된다고"),
    ("은행이라 캐서 번호 불러줬지", "은행이라고 해서 번호 불러줬지"),
    ("통장 막혔으면 우짜노", "통장 막혔으면 어떡해요"),
    ("우야면 좋노", "어떻게 하면 좋노"),
    # the everyday names of 기초연금
    ("그 노인 연금 말이야 언제 들어와", "그 기초연금 말이야 언제 들어와"),
    ("나라에서 주는 노인 돈은 누가 받아", "기초연금은 누가 받아"),
    # a vague name for state money beside the programme's own name goes; alone it stays
    ("국민연금 받는데 그 나라에서 주는 돈 기초연금도 같이 되나", "국민연금 받는데 기초연금도 같이 되나"),
    ("주거급여 나라에서 대주는 거 월세도 되나", "주거급여 월세도 되나"),
    ("나라에서 주는 돈 그거 어디서 신청해", "나라에서 주는 돈 그거 어디서 신청해"),
    ("보청기 나라에서 해 주는 거 맞아요", "보청기 나라에서 해 주는 거 맞아요"),
    ("노인 일자리 신청", "노인일자리 신청"),
    # 정부24 said aloud; a board director (이사장) stays
    ("정부 이사 비밀번호를 모르겠어", "정부24 비밀번호를 모르겠어"),
    ("정부 이사장 만났다", "정부 이사장 만났다"),
    # fillers
    ("어 저기 음 기초연금이 뭐예요", "기초연금이 뭐예요"),
    ("아이고 가슴이 막 아파요", "가슴이 아파요"),
    # recogniser spacing and spelling of domain words
    ("기초 연금 누가 받아요", "기초연금 누가 받아요"),
    ("국민 년금 언제 나와요", "국민연금 언제 나와요"),
    ("기초연끔은 누가 받는교", "기초연금은 누가 받나요"),
    ("등굽 어디서 떼요", "등본 어디서 떼요"),
    ("장기 요양 등급", "장기요양 등급"),
    ("보이스 피씽 신고", "보이스피싱 신고"),
    ("치매 안심 센터 어디 있어요", "치매안심센터 어디 있어요"),
    ("에너지 바우쳐 신청", "에너지바우처 신청"),
    # left alone
    ("시발점이 어디예요", "시발점이 어디예요"),
    ("새끼발가락이 아파요", "새끼발가락이 아파요"),
    ("오늘 날씨 어때요", "오늘 날씨 어때요"),
    ("저 혼자 살아요", "저 혼자 살아요"),
    ("카지노 말고 포르노 말고", "카지노 말고 포르노 말고"),
    ("아이가 열이 나요", "아이가 열이 나요"),
]


@pytest.mark.parametrize(("spoken", "written"), CASES)
def test_normalize(spoken: str, written: str) -> None:
    assert normalize_spoken(spoken, default_lexicon()) == written
