"""Scripted timelines through the turn segmenter: speech probabilities per 32 ms frame."""

import numpy as np

from streaming.segmenter import (
    PartialReady,
    Paused,
    PauseLikely,
    Resumed,
    Segmenter,
    SpeechEnded,
    SpeechStarted,
)
from streaming.turn_config import TurnConfig

FRAME = 512  # 32 ms at 16 kHz


def run(segmenter: Segmenter, pattern: str, on_frame=None):
    """'#' = voiced frame, '.' = silent frame. Returns [(frame index, event)]."""
    events = []
    for i, ch in enumerate(pattern):
        frame = np.full(FRAME, i, np.int16)  # content encodes the frame index
        for ev in segmenter.push(frame, 1.0 if ch == "#" else 0.0):
            events.append((i, ev))
        if on_frame:
            on_frame(i, segmenter)
    return events


def kinds(events):
    return [type(e).__name__ for _, e in events]


def test_utterance_produces_start_pause_end_with_pre_roll_and_exact_end():
    seg = Segmenter(TurnConfig(pause_ms=160, early_pause_ms=0, end_silence_ms=700, partial_interval_ms=10_000).segmenter_options())
    events = run(seg, "." * 20 + "#" * 40 + "." * 40)
    assert kinds(events) == ["SpeechStarted", "Paused", "SpeechEnded"]
    started, paused, ended = (e for _, e in events)
    assert started.start == 20 * FRAME
    # pause after 160 ms (5 frames) of silence, end after 700 ms (22 frames)
    assert events[1][0] == 60 + 4 and events[2][0] == 60 + 21
    seg_end = ended.segment
    assert seg_end.final and seg_end.end == 60 * FRAME
    # about 300 ms of pre-roll (9-10 frames of 32 ms) kept before the first voiced frame
    first_frame_index = int(seg_end.pcm[0])
    assert 9 <= 20 - first_frame_index <= 10
    assert paused.segment.end == seg_end.end


def test_cough_shorter_than_min_speech_is_not_a_turn():
    seg = Segmenter(TurnConfig(min_speech_ms=120).segmenter_options())
    assert kinds(run(seg, "...##......" + "." * 40)) == []


def test_mid_sentence_pause_resumes_without_ending_the_turn():
    seg = Segmenter(TurnConfig(pause_ms=160, end_silence_ms=700, partial_interval_ms=10_000).segmenter_options())
    events = run(seg, "#" * 20 + "." * 12 + "#" * 20 + "." * 30)
    assert kinds(events) == ["SpeechStarted", "PauseLikely", "Paused", "Resumed", "PauseLikely", "Paused", "SpeechEnded"]
    assert events[-1][1].segment.end == 52 * FRAME


def test_a_likely_pause_comes_first_and_speech_after_it_alone_resumes():
    """``PauseLikely`` after 96 ms (3 frames) lets the encoder start; speech before ``Paused`` still
    sends ``Resumed`` so that the early work is dropped."""
    seg = Segmenter(TurnConfig(pause_ms=160, early_pause_ms=96, end_silence_ms=700, partial_interval_ms=10_000).segmenter_options())
    events = run(seg, "#" * 20 + "." * 3 + "#" * 10 + "." * 30)
    assert kinds(events) == ["SpeechStarted", "PauseLikely", "Resumed", "PauseLikely", "Paused", "SpeechEnded"]
    likely, resumed, likely2, paused = (e for _, e in events[1:5])
    assert events[1][0] == 20 + 2 and events[4][0] == 33 + 4  # 3 and 5 silent frames
    assert isinstance(likely, PauseLikely) and likely.segment.end == 20 * FRAME
    assert resumed.at == 23 * FRAME
    assert likely2.segment.end == paused.segment.end == 33 * FRAME
    # one PauseLikely per silence, however long it lasts
    assert kinds(run(seg, "." * 40)).count("PauseLikely") == 0


def test_end_silence_extended_for_a_hesitant_speaker():
    """A 1.2 s pause after a filler does not end the turn when the session extends the threshold."""
    seg = Segmenter(TurnConfig(pause_ms=160, end_silence_ms=700, partial_interval_ms=10_000).segmenter_options())

    def extend(_i, s):
        if s.state == "paused":
            s.set_end_silence(1500)

    events = run(seg, "#" * 20 + "." * 38 + "#" * 20 + "." * 60, on_frame=extend)
    names = kinds(events)
    assert names.count("SpeechEnded") == 1 and names[-1] == "SpeechEnded"
    assert "Resumed" in names


def test_short_end_silence_for_a_finished_sentence():
    seg = Segmenter(TurnConfig(pause_ms=160, end_silence_ms=700, partial_interval_ms=10_000).segmenter_options())

    def shorten(_i, s):
        if s.state == "paused":
            s.set_end_silence(250)

    events = run(seg, "#" * 20 + "." * 30, on_frame=shorten)
    end_frame = next(i for i, e in events if isinstance(e, SpeechEnded))
    assert end_frame == 20 + 7  # 250 ms = 7.8 frames of silence


def test_partials_while_speaking_and_max_length():
    seg = Segmenter(TurnConfig(partial_interval_ms=640, max_turn_s=3.0).segmenter_options())
    events = run(seg, "#" * 120)
    partials = [e for _, e in events if isinstance(e, PartialReady)]
    assert len(partials) >= 3
    assert all(not p.segment.final for p in partials)
    ends = [e for _, e in events if isinstance(e, SpeechEnded)]
    assert ends and ends[0].reason == "max_length"


def test_reset_forgets_the_turn():
    seg = Segmenter(TurnConfig().segmenter_options())
    run(seg, "#" * 10)
    assert seg.state == "speaking"
    seg.reset()
    assert seg.state == "quiet"
    assert not any(isinstance(e, (Paused, Resumed, SpeechStarted)) for _, e in run(seg, "." * 40))


def test_partials_start_only_on_voiced_frames():
    """A partial started in a pause would hold the recognizer while the turn's own work waits."""
    seg = Segmenter(TurnConfig(partial_interval_ms=320, pause_ms=160, end_silence_ms=5_000).segmenter_options())
    pattern = "#" * 12 + ".." + "#" * 3 + "...." + "#" * 12 + "." * 4
    events = run(seg, pattern)
    partial_frames = [i for i, e in events if isinstance(e, PartialReady)]
    assert partial_frames
    assert all(pattern[i] == "#" for i in partial_frames)
