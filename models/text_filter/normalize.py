"""Text normalization for the abusive-language filter.

Goal: make the usual evasions look like the plain word while keeping word boundaries, because the
boundaries are what separate 씨발 from 아저씨 발, and 병신 from 질병 신고.

- NFKC (full-width letters, circled digits, half-width jamo), then conjoining jamo back to the
  compatibility jamo people type (ㅅㅂ), lower case.
- Digits and symbols *inside* a Hangul run are dropped (씨1발, 시..발, 씨-발, 병*신); digits elsewhere
  are kept (18세, 3시발 기차).
- Other symbols become spaces; runs of spaces collapse to one.
- Stretched vowels are shortened (시이이발 → 시이발; the lexicon allows one filler 이); spaced
  consonant abbreviations are joined (ㅅ ㅂ → ㅅㅂ).
"""

from __future__ import annotations

import re
import unicodedata

_HANGUL = "가-힣ㄱ-ㅎㅏ-ㅣ"


def _build_jamo_map() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x3131, 0x318F):
        compat = chr(code)
        n = unicodedata.normalize("NFKC", compat)
        if len(n) == 1 and n != compat:
            table[ord(n)] = compat
    # final consonants (jongseong) typed alone map to the same compatibility letters
    for code in range(0x11A8, 0x11C3):
        name = unicodedata.name(chr(code), "")
        base = name.replace("HANGUL JONGSEONG ", "HANGUL LETTER ")
        try:
            table[code] = unicodedata.lookup(base)
        except KeyError:
            continue
    return table


_JAMO_BACK = _build_jamo_map()
# Look-alikes people use instead of Korean letters (a short, safe list: nothing that changes
# ordinary text).
_LOOKALIKE = str.maketrans({"^": "ㅅ", "人": "ㅅ", "ㅣ": "ㅣ", "卜": "ㅏ"})
_INNER_JUNK = re.compile(rf"(?<=[{_HANGUL}])[^{_HANGUL}\s]+(?=[{_HANGUL}])")
_SYMBOLS = re.compile(rf"[^{_HANGUL}0-9a-z\s]+")
_STRETCH = re.compile(r"([가-힣])(이|으|어|아)\2+")
_SPACES = re.compile(r"\s+")
_SPACED_JAMO = re.compile(r"(?<=[ㄱ-ㅎ])\s+(?=[ㄱ-ㅎ])")


def normalize(text: str) -> str:
    """Normalize ``text`` for matching (see the module docstring)."""
    t = unicodedata.normalize("NFKC", text).translate(_JAMO_BACK).translate(_LOOKALIKE).lower()
    t = _INNER_JUNK.sub("", t)  # 씨1발, 시..발
    t = _SYMBOLS.sub(" ", t)
    t = _STRETCH.sub(r"\1\2", t)
    t = _SPACED_JAMO.sub("", t)  # ㅅ ㅂ → ㅅㅂ
    return _SPACES.sub(" ", t).strip()
