"""The Korean-only decoder vocabulary: which tokens stay, and that the real model still says the same."""

import json

import numpy as np
import pytest

from benchmarks.webrtc_client import espeak_utterance
from models.asr import AsrOptions, WhisperTranscriber, whisper_base_dir
from models.whisper_vocab import VocabularyMap, _byte_decoder, keeps_token, pruned_model_dir
from streaming.audio import resample_int16


def _piece(text: str) -> str:
    """The byte-level BPE spelling of ``text`` (as stored in vocabulary.json)."""
    char_of = {b: c for c, b in _byte_decoder().items()}
    return "".join(char_of[b] for b in text.encode("utf-8"))


@pytest.mark.parametrize("text", ["기초", " 연금", "요.", "?", " 65", "133", " KT", "ㅋㅋ"])
def test_korean_digits_punctuation_and_short_latin_are_kept(text):
    assert keeps_token(_piece(text))


def test_fragments_of_a_hangul_syllable_are_kept_and_of_other_scripts_not():
    syllable = "금".encode()  # 3 bytes: lead + 2 continuation bytes
    char_of = {b: c for c, b in _byte_decoder().items()}
    assert keeps_token("".join(char_of[b] for b in syllable[:2]))  # begins a syllable the next token ends
    assert keeps_token("".join(char_of[b] for b in syllable[1:]) + _piece("요"))  # ends one begun before
    han = "年".encode()  # CJK ideograph: lead byte E5, not Hangul
    assert not keeps_token("".join(char_of[b] for b in han[:2]))


@pytest.mark.parametrize("text", ["年金", " привет", " government", "さん"])
def test_other_scripts_and_english_words_are_dropped(text):
    assert not keeps_token(_piece(text))


def test_vocabulary_map_round_trips_and_refuses_unknown_ids():
    m = VocabularyMap([5, 9, 200])
    assert m.to_model([9, 200]) == [1, 2] and m.to_original([1, 2]) == [9, 200]
    assert m.to_model_known([5, 7, 200]) == [0, 2] and not m.covers([7])
    with pytest.raises(KeyError):
        m.to_model([7])


def test_pruned_model_keeps_the_special_tokens_and_about_a_quarter_of_the_vocabulary(tmp_path):
    source = whisper_base_dir()
    target, vmap = pruned_model_dir(source, tmp_path)
    full = json.loads((source / "vocabulary.json").read_text(encoding="utf-8"))
    pruned = json.loads((target / "vocabulary.json").read_text(encoding="utf-8"))
    assert len(pruned) == len(vmap) and 0.1 < len(pruned) / len(full) < 0.35
    eot = full.index("<|endoftext|>")
    assert pruned[-(len(full) - eot) :] == full[eot:]  # specials keep their order: timestamps follow <|notimestamps|>
    assert all(full[o] == pruned[n] for n, o in enumerate(vmap.kept))
    again, _ = pruned_model_dir(source, tmp_path)  # cached: not rebuilt
    assert again == target and (target / "model.bin").stat().st_size < (source / "model.bin").stat().st_size


def test_greedy_decoding_gives_the_same_text_with_the_pruned_vocabulary(tmp_path, monkeypatch):
    source = str(whisper_base_dir())
    monkeypatch.setenv("SILVER_AVATAR_CACHE", str(tmp_path))  # the pruned copy is built afresh
    full = WhisperTranscriber(AsrOptions(model_dir=source, korean_vocabulary=False))
    pruned = WhisperTranscriber(AsrOptions(model_dir=source))
    assert any(p.name.startswith("whisper-ko-vocab-") for p in tmp_path.iterdir())
    for text in ("주민등록등본은 어디서 떼요?", "기초연금은 누가 받을 수 있나요?", "보이스피싱 전화를 받았어요."):
        pcm = resample_int16(espeak_utterance(text), 48_000, 16_000)
        a, b = full.transcribe(pcm, final=True), pruned.transcribe(pcm, final=True)
        assert a.text == b.text and a.tokens == b.tokens, (a.text, b.text)
        assert b.avg_logprob >= a.avg_logprob - 1e-3  # renormalized over fewer tokens: never less likely
    silence = pruned.transcribe(np.zeros(16_000, np.int16), final=True)
    assert len(silence.text) <= 4, silence.text

