"""When each word of a spoken sentence is heard: timings for word-level captions.

The synthesizers hand over a sentence's audio (and mouth shapes), not word times, so the words are
placed over the sentence's *voiced* span (from the first to the last sound) in proportion to how
long each takes to say: its spoken syllables (Hangul syllables, digits as read aloud, Latin letters
spelled) plus a short pause after commas. Korean syllables are close to isochronous, so this stays
within about one syllable of the audio. Without the audio's length the span is estimated from a
typical speaking rate.
"""

from __future__ import annotations

import re

from streaming.hangul import split_syllable

#: Typical time per spoken syllable (espeak-ng Korean at the default rate; people speak ~5-7/s).
NOMINAL_SYLLABLE_MS = 190.0
#: Pause weight after a word that ends in a comma or other mid-sentence mark, in syllables.
_PAUSE_AFTER = {",": 0.8, "、": 0.8, ";": 1.0, ":": 1.0, "·": 0.3, "…": 1.0}
_DIGITS = re.compile(r"\d+")


def _number_syllables(digits: str) -> float:
    """Syllables of a Sino-Korean number read aloud: 65 → 육십오 (3), 1577 → 천오백칠십칠 (6)."""
    digits = digits.lstrip("0") or "0"
    if len(digits) > 8:
        return float(len(digits))  # long numbers are read digit by digit
    total = 0.0
    for pos, d in enumerate(reversed(digits)):
        if d == "0":
            continue
        place = pos % 4
        total += (0 if d == "1" and place > 0 else 1) + (1 if place > 0 else 0)
        if pos == 4:
            total += 1  # 만
    return max(total, 1.0)


def spoken_syllables(word: str) -> float:
    """About how many syllables ``word`` takes to say (at least 0.5)."""
    total = 0.0
    dashed = "-" in word
    for run in _DIGITS.findall(word):
        total += len(run) if dashed else _number_syllables(run)
    rest = _DIGITS.sub("", word)
    for ch in rest:
        if split_syllable(ch) is not None:
            total += 1
        elif ch.isascii() and ch.isalpha():
            total += 1.5
        elif ch == "%":
            total += 3  # 퍼센트
        elif ch.isalpha():
            total += 1
    return max(total, 0.5)


def word_timings(text: str, sentence_ms: float | None = None,
                 voiced_ms: tuple[float, float] | None = None) -> list[dict]:
    """``[{"text", "start_ms", "end_ms"}, ...]`` for the words of ``text`` (split at spaces), in
    milliseconds from the sentence's first audio sample.

    ``sentence_ms`` is the sentence's audio length and ``voiced_ms`` the span from its first to its
    last sound; when only the length is known the whole of it is used, when neither is known the
    span is estimated at ``NOMINAL_SYLLABLE_MS`` per syllable.
    """
    words = text.split()
    if not words:
        return []
    weights = [spoken_syllables(w) for w in words]
    pauses = [_PAUSE_AFTER.get(w[-1], 0.0) for w in words]
    pauses[-1] = 0.0
    total = sum(weights) + sum(pauses)
    if voiced_ms is not None and voiced_ms[1] > voiced_ms[0]:
        start, end = float(voiced_ms[0]), float(voiced_ms[1])
    elif sentence_ms:
        start, end = 0.0, float(sentence_ms)
    else:
        start, end = 0.0, total * NOMINAL_SYLLABLE_MS
    per = (end - start) / total
    out = []
    at = start
    for word, weight, pause in zip(words, weights, pauses, strict=True):
        stop = at + weight * per
        out.append({"text": word, "start_ms": round(at), "end_ms": max(round(stop), round(at) + 1)})
        at = stop + pause * per
    return out
