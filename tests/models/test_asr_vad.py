"""The real Whisper base model (from the PyPI parts) and the real VADs."""

import re

import numpy as np
import pytest

from benchmarks.webrtc_client import espeak_utterance
from models.asr import (
    echoes_prompt,
    encoder_window_s,
    load_transcriber,
    token_budget,
    whisper_base_dir,
)
from models.vad import load_vad
from streaming.audio import resample_int16


@pytest.fixture(scope="module")
def question() -> np.ndarray:
    return resample_int16(espeak_utterance("주민등록등본은 어디서 떼요?"), 48_000, 16_000)


def test_model_is_assembled_offline_from_the_packages():
    d = whisper_base_dir()
    assert (d / "model.bin").stat().st_size > 100_000_000
    assert (d / "tokenizer.json").exists()


def test_korean_speech_is_transcribed_to_korean_text(question):
    result = load_transcriber().transcribe(question, final=True)
    assert result.is_final and re.search(r"[가-힣]{2,}", result.text), result.text
    assert abs(result.end - len(question) / 16_000) < 0.01


def test_silence_gives_no_words():
    result = load_transcriber().transcribe(np.zeros(16_000, np.int16), final=True)
    assert len(re.findall(r"[가-힣]", result.text)) <= 2, result.text


def test_prompt_echo_is_detected():
    prompt = "기초연금, 장기요양, 등본, 보이스피싱 문의."
    assert echoes_prompt("장기요양, 주민등록등본, 교통카드, 보이스피싱 문의입니다.", prompt)
    assert not echoes_prompt("장기요양 등급은 어떻게 신청해요", prompt)


@pytest.mark.parametrize("kind", ["silero", "webrtc"])
def test_vad_finds_the_speech_and_not_the_silence(kind, question):
    vad = load_vad(kind)
    stream, n = vad.stream(), vad.frame_samples
    pad = np.zeros(16_000, np.int16)
    audio = np.concatenate([pad, question, pad])
    voiced = [stream.speech_prob(audio[i : i + n]) >= 0.5 for i in range(0, len(audio) - n + 1, n)]
    frames_per_s = 16_000 / n
    assert not any(voiced[: int(0.8 * frames_per_s)])  # leading silence
    assert not any(voiced[-int(0.8 * frames_per_s) :])  # trailing silence
    assert sum(voiced) / frames_per_s > 0.6 * len(question) / 16_000


def test_encoder_window_follows_the_utterance_not_whispers_30_s():
    assert encoder_window_s(3.2) == 4  # the floor
    assert encoder_window_s(5.7) == 7
    assert encoder_window_s(45.0) == 30
    assert token_budget(1.0) == 16 and token_budget(20.0) == 64


def test_forced_prefix_is_kept_and_only_the_rest_is_decoded(question):
    asr = load_transcriber()
    full = asr.transcribe(question, final=True)
    assert len(full.word_starts) >= 2 and full.word_starts[0] == 0, full
    prefix = full.tokens[: full.word_starts[1]]  # the first word, as a partial would have agreed it
    again = asr.transcribe(question, final=True, prefix=prefix)
    assert again.tokens[: len(prefix)] == prefix
    assert len(again.tokens) > len(prefix)  # the rest of the utterance was decoded after it


def test_noise_cannot_make_the_decoder_loop_past_its_budget():
    rng = np.random.default_rng(0)
    noise = (rng.standard_normal(16_000) * 3000).astype(np.int16)
    for final in (True, False):  # both lanes (the partial lane has its own model replica)
        result = load_transcriber().transcribe(noise, final=final)
        assert len(result.tokens) <= token_budget(1.0)


def test_an_abandoned_partial_stops_after_the_encoder(question):
    import threading

    from streaming.protocols import TranscriptionAbandoned

    asr = load_transcriber()
    abandon = threading.Event()
    abandon.set()
    with pytest.raises(TranscriptionAbandoned):
        asr.transcribe(question, final=False, abandon=abandon)
    # an event that is not set changes nothing
    kept = asr.transcribe(question, final=False, abandon=threading.Event())
    assert kept.text == asr.transcribe(question, final=False).text


def test_a_gated_transcription_decodes_only_once_told_to_proceed(question):
    """At a likely pause the encoder runs at once; the decoder waits for the confirmed pause, and a
    person who goes on (``abandon``) frees the worker without a decode."""
    import threading
    import time

    from streaming.protocols import TranscriptionAbandoned

    asr = load_transcriber()
    reference = asr.transcribe(question, final=True)

    proceed, abandon = threading.Event(), threading.Event()
    threading.Timer(0.3, proceed.set).start()
    started = time.perf_counter()
    gated = asr.transcribe(question, final=True, proceed=proceed, abandon=abandon)
    assert time.perf_counter() - started >= 0.3
    assert gated.text == reference.text

    proceed, abandon = threading.Event(), threading.Event()
    threading.Timer(0.1, abandon.set).start()
    started = time.perf_counter()
    with pytest.raises(TranscriptionAbandoned):
        asr.transcribe(question, final=True, proceed=proceed, abandon=abandon)
    assert time.perf_counter() - started < 0.1 + 0.5  # released by abandon, not by the 1 s safety timeout


def test_a_syllable_cut_between_tokens_never_reaches_the_text():
    """Whisper's byte-level tokens can stop inside a syllable; its decode is U+FFFD, not words."""
    transcriber = load_transcriber()
    tok = transcriber._model.hf_tokenizer
    ids = tok.encode(" 기초연금 소득", add_special_tokens=False).ids
    cut = next(n for n in range(1, len(ids)) if "\ufffd" in tok.decode(ids[:n]))
    assert "\ufffd" in tok.decode(ids[:cut])  # the raw decode of the cut run
    text = transcriber._text(ids[:cut])
    assert "\ufffd" not in text and text == tok.decode(ids[:cut]).replace("\ufffd", "").strip()
