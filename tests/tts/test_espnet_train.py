"""JETS training recipe on a tiny corpus generated here with espeak-ng; the result loads and speaks.

Needs the optional ESPnet extra; skipped cleanly without it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("espnet2")
soundfile = pytest.importorskip("soundfile")

from models.tts import load_synthesizer  # noqa: E402
from models.tts.cli import train_main  # noqa: E402
from models.tts.espeak import EspeakSynthesizer  # noqa: E402
from models.tts.train import training_history  # noqa: E402

SENTENCES = ["안녕하세요.", "주민센터에 가세요.", "신분증을 챙기세요.", "전화로 물어보세요."]
HOP = 256


def _make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "wavs").mkdir(parents=True)
    espeak = EspeakSynthesizer()
    lines = []
    for i, text in enumerate(SENTENCES):
        clip = next(espeak.synthesize(text))
        soundfile.write(corpus / "wavs" / f"{i:03d}.wav", clip.pcm, clip.sample_rate)
        lines.append(f"wavs/{i:03d}.wav|{text}")
    (corpus / "transcript.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def test_train_resume_and_speak(tmp_path: Path) -> None:
    corpus = _make_corpus(tmp_path)
    out = tmp_path / "voice"
    common = ["--corpus", str(corpus), "--out", str(out), "--preset", "tiny", "--sample-rate", "16000",
              "--iters-per-epoch", "2", "--batch-size", "2", "--num-workers", "0", "--ngpu", "0"]  # fmt: skip
    assert train_main([*common, "--epochs", "1"]) == 0
    exp = out / "exp"
    assert len(training_history(exp)) == 1

    # Re-running with more epochs resumes from the checkpoint instead of starting over.
    assert train_main([*common, "--epochs", "2"]) == 0
    history = training_history(exp)
    assert len(history) == 2
    assert history[-1] < history[0], history  # the mel-spectrogram loss goes down

    synth = load_synthesizer({"backend": "espnet", "model_dir": str(exp)})
    assert synth.sample_rate == 16000
    clips = list(synth.synthesize("안녕하세요. 주민센터 1355에 물어보세요."))
    assert [c.sentence_index for c in clips] == [0, 1] and clips[-1].is_last
    for clip in clips:
        assert clip.pcm.dtype == np.int16 and len(clip.pcm) > 0
        assert np.isfinite(clip.pcm).all()
    # JETS emits exactly hop_length samples per predicted frame; the last clip carries no pause.
    assert len(clips[-1].pcm) % HOP == 0
    slow = list(synth.synthesize("주민센터에 가세요.", rate=0.5))[0]
    normal = list(synth.synthesize("주민센터에 가세요."))[0]
    assert len(slow.pcm) > 1.5 * len(normal.pcm)
