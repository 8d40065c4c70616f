"""The default espeak-ng synthesizer: real libespeak-ng, sentence streaming, visemes, thread safety."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from models.tts import TtsConfigError, load_synthesizer
from models.tts.espeak import EspeakOptions, EspeakSynthesizer
from streaming.protocols import Synthesizer
from streaming.types import VISEMES, SpeechAudio

ANSWER = "기초연금은 만 65세 이상 어르신이 받으세요. 국민연금공단 1355에 물어보세요. 신분증을 가져가세요."


def _same_speech(a: SpeechAudio, b: SpeechAudio) -> bool:
    """Same utterance: espeak-ng is not bit-exact between calls (a few samples of jitter), so compare the
    length and the sequence of mouth shapes."""
    return abs(len(a.pcm) - len(b.pcm)) <= 0.05 * len(b.pcm) and [e.viseme for e in a.visemes] == [
        e.viseme for e in b.visemes
    ]


@pytest.fixture(scope="module")
def synth() -> EspeakSynthesizer:
    return EspeakSynthesizer()


def test_one_clip_per_sentence(synth: EspeakSynthesizer) -> None:
    clips = list(synth.synthesize(ANSWER))
    assert [c.sentence_index for c in clips] == [0, 1, 2]
    assert [c.is_last for c in clips] == [False, False, True]
    assert clips[0].text == "기초연금은 만 65세 이상 어르신이 받으세요."  # captions keep the written form
    for c in clips:
        assert c.sample_rate == synth.sample_rate
        assert c.pcm.dtype == np.int16 and c.pcm.ndim == 1
        assert 0.8 < c.duration < 8.0
        assert np.abs(c.pcm.astype(np.int32)).max() > 3000  # audible, not silence


def test_sentence_pause_is_silence_after_all_but_last(synth: EspeakSynthesizer) -> None:
    clips = list(synth.synthesize(ANSWER))
    pause = round(synth.options.sentence_pause_ms * synth.sample_rate / 1000)
    assert np.all(clips[0].pcm[-pause:] == 0)
    assert np.any(clips[-1].pcm[-pause:] != 0)


def test_visemes_cover_the_clip_contiguously(synth: EspeakSynthesizer) -> None:
    for clip in synth.synthesize(ANSWER):
        v = clip.visemes
        assert v and v[0].start == 0
        assert all(a.start + a.duration == b.start for a, b in zip(v, v[1:], strict=False))
        assert v[-1].start + v[-1].duration == len(clip.pcm)
        assert {e.viseme for e in v} <= set(VISEMES)
        assert len({e.viseme for e in v}) >= 5  # a real sentence moves the mouth through many shapes


def test_visemes_follow_the_sounds(synth: EspeakSynthesizer) -> None:
    (clip,) = synth.synthesize("마마마마.")
    shapes = [e.viseme for e in clip.visemes if e.viseme != "sil"]
    assert shapes[:4] == ["M", "A", "M", "A"]
    # lips closed for /m/ must line up with quieter audio than the open /a/ that follows
    sr = clip.sample_rate
    rms = {}
    for e in clip.visemes:
        if e.viseme in ("M", "A") and e.duration > sr // 100:
            seg = clip.pcm[e.start : e.start + e.duration].astype(np.float64)
            rms.setdefault(e.viseme, []).append(np.sqrt(np.mean(seg**2)))
    assert np.mean(rms["M"]) < np.mean(rms["A"])


def test_slower_rate_gives_longer_audio(synth: EspeakSynthesizer) -> None:
    text = "주민센터에 가서 신청하세요."
    normal = next(synth.synthesize(text)).duration
    slow = next(synth.synthesize(text, rate=0.8)).duration
    assert 1.1 < slow / normal < 1.45


def test_numbers_are_read_as_words(synth: EspeakSynthesizer) -> None:
    a = next(synth.synthesize("만 65세 이상이에요."))
    b = next(synth.synthesize("만 육십오 세 이상이에요."))
    assert _same_speech(a, b)
    raw = EspeakSynthesizer(EspeakOptions(normalize=False))
    c = next(raw.synthesize("만 65세 이상이에요."))
    assert len(c.pcm) != len(a.pcm)


def test_concurrent_callers_get_the_same_audio_as_one_caller(synth: EspeakSynthesizer) -> None:
    texts = [ANSWER, "안녕하세요. 무엇을 도와드릴까요?", "오후 2시 30분에 오세요.", "KTX 표는 역에서 사요."]
    expected = {t: list(synth.synthesize(t)) for t in texts}
    results: dict[tuple[int, str], list[SpeechAudio]] = {}
    errors: list[BaseException] = []

    def work(i: int, text: str) -> None:
        try:
            for _ in range(3):
                results[(i, text)] = list(synth.synthesize(text))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, t)) for i in range(2) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len(results) == 8
    for (_, text), clips in results.items():
        assert len(clips) == len(expected[text])
        for got, want in zip(clips, expected[text], strict=True):
            assert _same_speech(got, want)


def test_first_audio_is_ready_quickly(synth: EspeakSynthesizer) -> None:
    started = time.perf_counter()
    first = next(iter(synth.synthesize(ANSWER)))
    elapsed = time.perf_counter() - started
    assert first.sentence_index == 0
    assert elapsed < 0.5, elapsed  # ~20 ms on an idle core


def test_load_synthesizer_is_cached_and_validated() -> None:
    a: Synthesizer = load_synthesizer()
    assert a.sample_rate > 0
    assert load_synthesizer({"backend": "espeak"}) is a
    slow = load_synthesizer({"rate": 0.8})
    assert slow is not a
    text = "천천히 말씀드릴게요."
    assert next(slow.synthesize(text)).duration > next(a.synthesize(text)).duration
    with pytest.raises(TtsConfigError):
        load_synthesizer({"backend": "nope"})
    with pytest.raises(TtsConfigError):
        load_synthesizer({"backend": "espnet"})
    with pytest.raises(TtsConfigError):
        load_synthesizer({"speed": 2})


def test_empty_text_yields_nothing(synth: EspeakSynthesizer) -> None:
    assert list(synth.synthesize("  ")) == []
