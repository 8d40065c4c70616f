"""Hangul syllable arithmetic and string distance, shared by turn-taking, TTS text rules and benchmarks."""

from __future__ import annotations

SYLLABLE_BASE, N_MEDIAL, N_FINAL = 0xAC00, 21, 28
N_SYLLABLES = 19 * N_MEDIAL * N_FINAL  # 가 … 힣


def split_syllable(ch: str) -> tuple[int, int, int] | None:
    """(initial, medial, final) jamo indices of a precomposed Hangul syllable (final 0 = none), else None."""
    code = ord(ch) - SYLLABLE_BASE
    if not 0 <= code < N_SYLLABLES:
        return None
    return code // (N_MEDIAL * N_FINAL), (code // N_FINAL) % N_MEDIAL, code % N_FINAL


def spell_jamo(text: str) -> str:
    """Hangul syllables spelled out as conjoining jamo (one character each), other characters kept,
    so that a mis-heard consonant or vowel costs one edit rather than a whole syllable."""
    out: list[str] = []
    for ch in text:
        parts = split_syllable(ch)
        if parts is None:
            out.append(ch)
            continue
        initial, medial, final = parts
        out += [chr(0x1100 + initial), chr(0x1161 + medial)] + ([chr(0x11A7 + final)] if final else [])
    return "".join(out)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions and substitutions cost 1)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
