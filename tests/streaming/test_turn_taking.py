import pytest

from streaming.turn_taking import Completeness, completeness


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("기초연금은 어디서 신청하나요?", Completeness.COMPLETE),
        ("기초연금 누가 받아요", Completeness.COMPLETE),
        ("등본 어디서 떼노", Completeness.COMPLETE),
        ("다시 말해 주세요", Completeness.COMPLETE),
        ("어…", Completeness.INCOMPLETE),
        ("기초연금이 그러니까", Completeness.INCOMPLETE),
        ("제가 작년에 이사를 했는데", Completeness.INCOMPLETE),
        ("건강보험료를 내고", Completeness.INCOMPLETE),
        ("", Completeness.INCOMPLETE),
        ("장기요양 등급을", Completeness.INCOMPLETE),
        ("주민등록등본은 어디서 태용.", Completeness.COMPLETE),
        ("음북민용 등을.", Completeness.INCOMPLETE),
        ("기초연금은 어.", Completeness.INCOMPLETE),
        ("저는 기초연금 구구 신중평양", Completeness.UNSURE),
    ],
)
def test_completeness(text, expected):
    assert completeness(text) == expected
