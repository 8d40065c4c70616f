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
]


@pytest.mark.parametrize(("spoken", "written"), CASES)
def test_normalize(spoken: str, written: str) -> None:
    assert normalize_spoken(spoken, default_lexicon()) == written
