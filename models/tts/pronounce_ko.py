"""Korean sound changes that espeak-ng's Korean rules miss, applied to Hangul before synthesis.

espeak-ng reads 합니다 as [hapnida] and 신라 as [sinɾa]; Korean speakers say [hamnida] and [silla].
This module rewrites the spelling into the pronounced syllables for the rules espeak lacks, inside
each word (a space stops them):

- nasalization (비음화): obstruent coda before ㄴ/ㅁ → ㅇ/ㄴ/ㅁ  (국물 → 궁물, 합니다 → 함니다)
- ㄹ after ㅁ/ㅇ (and after ㄱ/ㅂ, which then nasalize) → ㄴ  (종로 → 종노, 국립 → 궁닙)
- lateralization (유음화): ㄴ+ㄹ and ㄹ+ㄴ → ㄹ+ㄹ  (신라 → 실라, 설날 → 설랄)

Aspiration, palatalization and liaison espeak-ng already does itself.
"""

from __future__ import annotations

from streaming.hangul import N_FINAL, N_MEDIAL, SYLLABLE_BASE, split_syllable

# indices into the initial (19) and final (28, 0 = none) jamo tables
_I_N, _I_R, _I_M = 2, 5, 6
_F_K = {1, 2, 3, 24, 9}  # ㄱ ㄲ ㄳ ㅋ ㄺ
_F_T = {7, 19, 20, 22, 23, 25, 27}  # ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ
_F_P = {17, 26, 11, 14, 18}  # ㅂ ㅍ ㄼ ㄿ ㅄ
_F_NG, _F_N, _F_M, _F_L = 21, 4, 16, 8


def _join(initial: int, medial: int, final: int) -> str:
    return chr(SYLLABLE_BASE + (initial * N_MEDIAL + medial) * N_FINAL + final)


def apply_pronunciation(text: str) -> str:
    """Rewrite Hangul so that espeak-ng says it the way Korean speakers do (see module docstring)."""
    chars = list(text)
    for i in range(len(chars) - 1):
        a, b = split_syllable(chars[i]), split_syllable(chars[i + 1])
        if a is None or b is None:
            continue
        ai, am, af = a
        bi, bm, bf = b
        if af == 0:
            continue
        # ㄹ → ㄴ after a coda other than ㄴ/ㄹ (종로 → 종노; 국립 → 국닙 → 궁닙 below)
        if bi == _I_R and (af in (_F_M, _F_NG) or af in _F_K or af in _F_P):
            bi = _I_N
        # lateralization: ㄴ+ㄹ → ㄹ+ㄹ, ㄹ+ㄴ → ㄹ+ㄹ
        if af == _F_N and bi == _I_R:
            af = _F_L
        elif af == _F_L and bi == _I_N:
            bi = _I_R
        # nasalization before ㄴ/ㅁ
        if bi in (_I_N, _I_M):
            if af in _F_K:
                af = _F_NG
            elif af in _F_T:
                af = _F_N
            elif af in _F_P:
                af = _F_M
        chars[i] = _join(ai, am, af)
        chars[i + 1] = _join(bi, bm, bf)
    return "".join(chars)
