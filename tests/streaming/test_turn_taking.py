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


def test_a_closing_period_counts_only_when_the_recognizer_is_confident():
    """Whisper closes whatever it heard with a period; on unclear audio that is no sign of a finished turn."""
    heard = "지가 작년의 사흘 팬분들."
    assert completeness(heard, avg_logprob=-0.3) == Completeness.COMPLETE
    assert completeness(heard, avg_logprob=-1.4) == Completeness.UNSURE
    # a question mark or a finished ending stays a finished sentence whatever the confidence
    assert completeness("등본은 어디서 떼요?", avg_logprob=-1.4) == Completeness.COMPLETE
    assert completeness("등본은 어디서 떼요", avg_logprob=-1.4) == Completeness.COMPLETE


def test_a_final_rise_ends_an_unsure_turn_and_never_a_filler():
    from streaming.turn_taking import end_of_turn_verdict

    garbled = "저는 기초연금 구구 신중평양"
    assert end_of_turn_verdict(garbled, -1.2) == Completeness.UNSURE  # no pitch cue given
    assert end_of_turn_verdict(garbled, -1.2, pitch_slope=0.5, rise_threshold=0.15) == Completeness.COMPLETE
    assert end_of_turn_verdict(garbled, -1.2, pitch_slope=-0.4, rise_threshold=0.15) == Completeness.UNSURE
    assert end_of_turn_verdict(garbled, -1.2, pitch_slope=None, rise_threshold=0.15) == Completeness.UNSURE
    # a filler or connective ending the recognizer is sure of waits long whatever the pitch does
    assert end_of_turn_verdict("기초연금이 그러니까", -0.2, 0.9, 0.15) == Completeness.INCOMPLETE
    # ... but a guess that happens to end in a comma or a particle says nothing: the rise decides
    assert end_of_turn_verdict("트윌리도론, 균보, 포미,", -1.3, 0.5, 0.15) == Completeness.COMPLETE
    assert end_of_turn_verdict("트윌리도론, 균보, 포미,", -1.3, -0.3, 0.15) == Completeness.INCOMPLETE


def test_without_a_rise_an_unsure_recognizers_ending_is_not_trusted():
    """Garbage that happens to end like a sentence ("…받아요") must not cut off someone still thinking."""
    from streaming.turn_taking import end_of_turn_verdict

    heard = "기초연금은 어서 받아요"
    assert completeness(heard, -1.5) == Completeness.COMPLETE
    assert end_of_turn_verdict(heard, -1.5, pitch_slope=-0.6, rise_threshold=0.15) == Completeness.UNSURE
    assert end_of_turn_verdict(heard, -0.3, pitch_slope=-0.6, rise_threshold=0.15) == Completeness.COMPLETE


@pytest.mark.parametrize("heard", ["아, 논하세요", "도맙 습니까", "안녕하세요.", "네 감사합니다", "안녕히 계세요"])
def test_a_misheard_closing_formula_ends_the_turn_though_its_pitch_falls(heard):
    """Greetings and thanks fall in pitch; a guess a few jamo away from one is still a whole utterance."""
    from streaming.turn_taking import end_of_turn_verdict, near_closed_formula

    assert near_closed_formula(heard)
    assert end_of_turn_verdict(heard, -1.3, pitch_slope=-0.3, rise_threshold=0.15) == Completeness.COMPLETE


@pytest.mark.parametrize("heard", ["기초연금은 어…", "그러니까 등본을", "음 국민연금을", "저기요 치매 검사를",
                                   "고맙습니다 근데 기초연금은", "안녕", "감사하는데", "어디서 떼요"])
def test_hesitant_starts_and_longer_utterances_are_not_formulas(heard):
    from streaming.turn_taking import end_of_turn_verdict, near_closed_formula

    assert not near_closed_formula(heard)
    assert end_of_turn_verdict(heard, -1.3, pitch_slope=-0.3, rise_threshold=0.15) != Completeness.COMPLETE
