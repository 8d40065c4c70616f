"""The one owner of how fast the avatar speaks in a session.

Two things ask for another speed: the page's 천천히 button (``set_rate``, an exact value) and the
person saying "천천히 말해 주세요" (a reply with intent ``SLOWER``: one step slower than now). The
latest request wins, whichever it came from; every utterance of the session, the apology included,
is spoken at the current value.
"""

from __future__ import annotations

import math

from streaming.types import Intent, Reply

#: The rate after the first request to speak slowly (the page's 천천히 button sends the same value,
#: announced to it in the ``session`` event).
SLOW_RATE = 0.8
SLOWER_STEP = 0.1  # each further spoken request slows down by this much
MIN_SPOKEN_RATE = 0.6  # spoken requests never slow down beyond this
#: The range a client may set (the data-channel schema allows the same).
CLIENT_RATE_RANGE = (0.5, 1.5)


def slower(rate: float) -> float:
    """One step slower than ``rate``: normal (or faster) speech goes to :data:`SLOW_RATE`."""
    if rate >= 1.0:
        return SLOW_RATE
    return round(max(MIN_SPOKEN_RATE, rate - SLOWER_STEP), 3)


class SpeechRate:
    def __init__(self, value: float = 1.0) -> None:
        self.value = value

    def set(self, rate: float) -> None:
        """The client's setting; ``ValueError`` for a value outside :data:`CLIENT_RATE_RANGE` or not finite."""
        low, high = CLIENT_RATE_RANGE
        if isinstance(rate, bool) or not (isinstance(rate, int | float) and math.isfinite(rate) and low <= rate <= high):
            raise ValueError(f"speech rate must be a number from {low} to {high}")
        self.value = round(float(rate), 3)

    def for_reply(self, reply: Reply) -> float:
        """The rate ``reply`` is spoken at, without committing it (a speculative reply may be dropped)."""
        return slower(self.value) if reply.intent is Intent.SLOWER else self.value

    def commit(self, reply: Reply) -> float:
        """``reply`` is being said: a request to slow down takes effect from now on."""
        self.value = self.for_reply(reply)
        return self.value
