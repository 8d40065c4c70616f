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


def edit_distance_within(a: str, b: str, limit: int) -> int:
    """``edit_distance(a, b)`` when it is at most ``limit``, else ``limit + 1``: only the band of
    width ``2 * limit + 1`` around the diagonal is computed and a row whose best is already over
    the limit stops the work (the lexicon snap asks "within one or two jamo?" tens of thousands of
    times a minute)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    prev = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        cur = [over] * (len(b) + 1)
        cur[0] = i if i <= limit else over
        best = cur[0]
        for j in range(lo, hi + 1):
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != b[j - 1]))
            cur[j] = value if value <= limit else over
            best = min(best, cur[j])
        if best > limit:
            return over
        prev = cur
    return prev[-1]
