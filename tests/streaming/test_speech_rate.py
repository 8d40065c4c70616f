"""The speech-rate policy: the latest request wins, whether the button or the voice made it."""

from __future__ import annotations

import math

import pytest

from streaming.speech_rate import MIN_SPOKEN_RATE, SLOW_RATE, SpeechRate, slower
from streaming.types import Intent, Reply

SLOWER = Reply("천천히 다시 말씀드릴게요.", intent=Intent.SLOWER)
ANSWER = Reply("기초연금은 주민센터에서 신청하세요.")


def test_spoken_requests_step_down_to_a_floor() -> None:
    rate = SpeechRate()
    assert rate.commit(ANSWER) == 1.0
    assert rate.commit(SLOWER) == SLOW_RATE
    assert rate.commit(ANSWER) == SLOW_RATE  # later replies keep it
    steps = [rate.commit(SLOWER) for _ in range(6)]
    assert steps == sorted(steps, reverse=True) and steps[-1] == MIN_SPOKEN_RATE


def test_for_reply_does_not_commit() -> None:
    rate = SpeechRate()
    assert rate.for_reply(SLOWER) == SLOW_RATE
    assert rate.value == 1.0  # a speculative reply that is dropped leaves the rate alone


def test_button_off_then_voice_slows_down() -> None:
    """The bug this module removes: a button pressed once no longer overrides a spoken request."""
    rate = SpeechRate()
    rate.set(SLOW_RATE)  # 천천히 on
    rate.set(1.0)  # 천천히 off
    assert rate.commit(SLOWER) == SLOW_RATE


def test_voice_then_button_the_button_wins() -> None:
    rate = SpeechRate()
    rate.commit(SLOWER)
    rate.set(1.0)
    assert rate.commit(ANSWER) == 1.0


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1.0, 0.0, 0.49, 1.51, "0.8", None, True])
def test_client_values_outside_the_range_are_refused(bad) -> None:
    rate = SpeechRate(0.9)
    with pytest.raises(ValueError):
        rate.set(bad)
    assert rate.value == 0.9


def test_slower_from_fast_speech_goes_to_the_slow_rate() -> None:
    assert slower(1.4) == SLOW_RATE
