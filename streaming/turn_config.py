"""Every timing default of a conversation turn, in one place: the ``[turn]`` section of the config.

The segmenter's options are built from it (:meth:`TurnConfig.segmenter_options`); nothing else
holds a copy of these numbers. End-of-turn silences were chosen with ``benchmarks/turn_taking.py``
and the caption interval with ``benchmarks/latency.py`` (docs/latency.md, docs/history.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from streaming.segmenter import SegmenterOptions
from streaming.types import ANALYSIS_RATE


@dataclass(frozen=True)
class TurnConfig:
    # --- listening (the segmenter) ---
    vad_threshold: float = 0.5  # speech probability that counts as voiced
    min_speech_ms: int = 120  # voiced audio before a turn starts (coughs and clicks do not count)
    pre_roll_ms: int = 300  # audio kept before the detected start
    pause_ms: int = 160  # silence before the speculative transcription may decode
    # Silence before the ASR encoder may start on the turn so far (its decoder waits for pause_ms);
    # 0 turns it off. The encoder is the part of a transcription that is cheap to drop.
    early_pause_ms: int = 96
    end_silence_ms: int = 700  # end-of-turn silence before the transcript has been read
    partial_interval_ms: int = 1000  # live-caption decodes while the person speaks (each costs CPU)
    partial_transcripts: bool = True
    max_turn_s: float = 20.0
    # --- end of turn, once the speculative transcript is read ---
    eot_complete_ms: int = 250  # after a finished-sounding sentence
    eot_unsure_ms: int = 2000
    eot_incomplete_ms: int = 2000  # after a filler or a connective ending
    # A final pitch rise (octaves/s) that makes an unsure transcript count as finished;
    # prosody = false lets the transcript alone decide.
    prosody: bool = True
    eot_rise_octaves_per_s: float = 0.15
    # --- talking over the avatar ---
    barge_in_ms: int = 300  # speech over the avatar shorter than this (a cough) does not interrupt
    onset_hold: bool = True  # a sudden loud sound over the avatar pauses it before the VAD confirms speech
    onset_grace_ms: int = 200  # how long a level-onset hold waits for the VAD before the avatar resumes
    # --- output ---
    lookahead_frames: int = 1  # frames rendered ahead of the tracks: each adds 40 ms to the reply latency
    video_delay_frames: int = 0  # extra sender-side delay of the picture (the JS client aligns jitter buffers)
    render_reset_cooldown_s: float = 5.0  # a renderer that keeps failing is reset at most this often
    # A stage (recogniser, dialogue, one TTS sentence) that takes longer than this has stalled: the
    # avatar apologises and listens again instead of leaving the person waiting in silence.
    stage_timeout_s: float = 15.0

    @property
    def rise_threshold(self) -> float | None:
        """The pitch-rise threshold when prosody is on, else None (the transcript alone decides)."""
        return self.eot_rise_octaves_per_s if self.prosody else None

    def segmenter_options(self, sample_rate: int = ANALYSIS_RATE) -> SegmenterOptions:
        return SegmenterOptions(
            sample_rate=sample_rate,
            threshold=self.vad_threshold,
            min_speech_ms=self.min_speech_ms,
            pre_roll_ms=self.pre_roll_ms,
            pause_ms=self.pause_ms,
            early_pause_ms=self.early_pause_ms,
            end_silence_ms=self.end_silence_ms,
            partial_interval_ms=self.partial_interval_ms,
            max_turn_s=self.max_turn_s,
        )
