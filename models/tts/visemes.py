"""Phonemes (IPA, as espeak-ng reports them) to the avatar's mouth shapes.

Labels: ``streaming.types.VISEMES``.
Korean vowels: ㅏ a/ɐ → A; ㅓ ʌ → A (open, unrounded); ㅔㅐ e/ɛ → E; ㅣ i, ㅡ ɯ/ɨ → I;
ㅗ o → O; ㅜ u → U. Bilabials (ㅁㅂㅍ) close the lips → M; coronals → L; sibilants/affricates → S;
velars and h keep the jaw half open → E.
"""

from __future__ import annotations

from streaming.types import VisemeEvent

_BY_CHAR = {
    **dict.fromkeys("aɐɑʌæ", "A"),
    **dict.fromkeys("eɛəɘœø", "E"),
    **dict.fromkeys("iɪɯɨyj", "I"),
    **dict.fromkeys("oɔɒ", "O"),
    **dict.fromkeys("uʊwɥ", "U"),
    **dict.fromkeys("mbpɸβ", "M"),
    **dict.fromkeys("fv", "F"),
    **dict.fromkeys("lɾrnɲtdɫɹ", "L"),
    **dict.fromkeys("szʃʒɕʑçʂʐ", "S"),
    **dict.fromkeys("kgɡŋxɣhɦqʔc", "E"),
}


def phoneme_to_viseme(phoneme: str) -> str:
    """Map one espeak-ng phoneme (IPA or ASCII mnemonic) to a viseme label."""
    for ch in phoneme:
        if ch in "_ ":
            return "sil"
        v = _BY_CHAR.get(ch) or _BY_CHAR.get(ch.lower())
        if v:
            return v
    return "sil"


def visemes_from_phonemes(
    starts: list[tuple[int, str]], total_samples: int, *, min_samples: int = 1
) -> tuple[VisemeEvent, ...]:
    """Turn ``(start_sample, phoneme)`` pairs into contiguous viseme events covering the clip.

    Consecutive phonemes with the same viseme are merged; a leading gap becomes "sil".
    """
    events: list[list] = []  # [start, viseme]
    if not starts or starts[0][0] > 0:
        events.append([0, "sil"])
    for start, phon in sorted(starts):
        start = max(0, min(start, total_samples))
        v = phoneme_to_viseme(phon)
        if events and events[-1][1] == v:
            continue
        if events and events[-1][0] == start:
            events[-1][1] = v
            continue
        events.append([start, v])
    out = []
    for i, (start, v) in enumerate(events):
        end = events[i + 1][0] if i + 1 < len(events) else total_samples
        if end - start >= min_samples:
            out.append(VisemeEvent(start=start, viseme=v, duration=end - start))
    return tuple(out)
