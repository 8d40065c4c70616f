"""Which leading words of a growing turn's transcript have settled (local agreement).

While someone speaks, the session transcribes the turn so far every ``partial_interval_ms``
(``streaming.turn_config``). Words that two
successive partial transcripts agree on, from the start, are unlikely to change when more audio
arrives (the "local agreement" policy of streaming Whisper, Macháček et al. 2023). Their tokens are
forced as a decoder prefix for the next partial and for the transcription at the pause, so after
the person stops only the last few words are decoded: that is what keeps the end-of-speech → reply
path short on a 2-core CPU.
"""

from __future__ import annotations

from streaming.types import Transcript


class LocalAgreement:
    """Per-turn state: feed each partial ``Transcript``; ``agreed`` holds the settled token ids.

    The agreed prefix always ends before the last word two partials share: that word may have been
    cut off by the end of the earlier partial's audio (forcing "기초연" makes Whisper start the word
    again: "기초연 기초연금은").
    """

    def __init__(self) -> None:
        self._last: tuple[int, ...] = ()
        self.agreed: tuple[int, ...] = ()

    def reset(self) -> None:
        self._last = ()
        self.agreed = ()

    def update(self, partial: Transcript) -> tuple[int, ...]:
        tokens = partial.tokens
        same = _common_length(self._last, tokens)
        cut = max((i for i in partial.word_starts if i < same), default=0)
        if cut > len(self.agreed) and tokens[: len(self.agreed)] == self.agreed:
            self.agreed = tokens[:cut]
        self._last = tokens
        return self.agreed


def _common_length(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
