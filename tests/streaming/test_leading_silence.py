"""A reply's first sentence starts with sound, not with the TTS engine's leading silence."""

import numpy as np

from models.tts import load_synthesizer
from streaming.audio import leading_silence, resample_int16, trim_speech_start
from streaming.types import OUTPUT_RATE, SpeechAudio, VisemeEvent


def _tone(n: int) -> np.ndarray:
    return (np.cos(np.arange(n) / OUTPUT_RATE * 2 * np.pi * 220) * 8000).astype(np.int16)


def test_silence_before_the_first_sound_is_counted_less_a_short_margin():
    pcm = np.concatenate([np.zeros(1920, np.int16), _tone(4800)])
    assert leading_silence(pcm, OUTPUT_RATE) == 1920 - 480  # keeps 10 ms before the onset
    assert leading_silence(_tone(4800), OUTPUT_RATE) == 0
    assert leading_silence(np.zeros(4800, np.int16), OUTPUT_RATE) == 0  # nothing to speak: left alone


def test_trimming_moves_the_mouth_shapes_with_the_audio():
    speech = SpeechAudio(
        pcm=np.concatenate([np.zeros(1920, np.int16), _tone(3000)]),
        sample_rate=OUTPUT_RATE,
        text="네.",
        visemes=(VisemeEvent(0, "sil", 1000), VisemeEvent(1000, "M", 920), VisemeEvent(1920, "A", 3000)),
    )
    trimmed = trim_speech_start(speech, 1440)
    assert len(trimmed.pcm) == len(speech.pcm) - 1440
    assert np.array_equal(trimmed.pcm, speech.pcm[1440:])
    assert trimmed.visemes == (VisemeEvent(0, "M", 480), VisemeEvent(480, "A", 3000))
    assert trim_speech_start(speech, 0) is speech


def test_espeak_reply_loses_its_silent_start():
    """The fallback answer begins with 죄: espeak-ng puts ~40 ms of silence before it."""
    clip = next(iter(load_synthesizer(None).synthesize("죄송해요, 그 내용은 제가 정확히 알지 못해요.")))
    pcm = resample_int16(clip.pcm, clip.sample_rate, OUTPUT_RATE)
    cut = leading_silence(pcm, OUTPUT_RATE)
    assert cut >= int(0.02 * OUTPUT_RATE), cut
    trimmed = trim_speech_start(SpeechAudio(pcm, OUTPUT_RATE, "죄송해요"), cut)
    first_20ms = trimmed.pcm[: int(0.02 * OUTPUT_RATE)].astype(np.float32) / 32768
    assert 20 * np.log10(np.sqrt(np.mean(first_20ms**2)) + 1e-9) > -50  # sound within the first 20 ms
