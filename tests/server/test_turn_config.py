"""One owner per default: ``[turn]`` builds the segmenter's options, every section refuses unknown keys."""

from __future__ import annotations

import pytest

from server.config import ConfigError, load_config
from streaming.turn_config import TurnConfig


def _write(tmp_path, text: str):
    path = tmp_path / "silver-avatar.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_turn_section_sets_the_segmenter_too(tmp_path) -> None:
    config = load_config(_write(tmp_path, "[turn]\npause_ms = 200\nmin_speech_ms = 150\nprosody = false\n"))
    seg = config.turn.segmenter_options()
    assert (seg.pause_ms, seg.min_speech_ms) == (200, 150)
    assert seg.end_silence_ms == TurnConfig().end_silence_ms  # untouched values keep the one default
    assert config.turn.rise_threshold is None


def test_overrides_replace_a_field_of_a_frozen_section() -> None:
    config = load_config(**{"turn.barge_in_ms": 450})
    assert config.turn.barge_in_ms == 450 and TurnConfig().barge_in_ms == 300


@pytest.mark.parametrize("section", ["[turn]\npause = 1", "[dialogue]\nslow_rate = 0.7", "[asr]\nthreads2 = 1"])
def test_unknown_keys_are_refused_in_every_section(tmp_path, section: str) -> None:
    with pytest.raises(ConfigError, match="unknown"):
        load_config(_write(tmp_path, section + "\n"))


def test_known_dialogue_keys_pass(tmp_path) -> None:
    assert load_config(_write(tmp_path, "[dialogue]\nk = 7\n")).dialogue == {"k": 7}
