"""Masking of personal numbers in logs and stored transcripts.

Seniors say their resident registration number, phone, card or account number out loud. None of
it may reach a log line or the optional conversation log. Numbers are recognised with or without
separators (any hyphen or dash, full-width ones too, dots, slashes, spaces around them), in
full-width digits, and read out in Sino-Korean digit words (공일공 오오오오 …, as speech recognition
may write them), and replaced by a labelled mask that keeps no digits.
"""

from __future__ import annotations

import logging
import re

# a separator between digit groups: one dash of any kind (ASCII, Unicode, full-width), dot or slash,
# with up to two spaces either side, or one or two spaces alone
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SEP = rf"(?:[ \t\u3000]{{0,2}}[{_DASHES}.\uff0e/\uff0f][ \t\u3000]{{0,2}}|[ \t\u3000]{{1,2}})?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 주민등록번호 / 외국인등록번호: YYMMDD-GNNNNNN
    ("주민번호", re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])" + _SEP + r"[1-8]\d{6}(?!\d)")),
    # card numbers: 4-4-4-4 (or 4-6-5 Amex)
    ("카드번호", re.compile(r"(?<!\d)(?:\d{4}" + _SEP + r"){3}\d{4}(?!\d)|(?<!\d)\d{4}" + _SEP + r"\d{6}" + _SEP + r"\d{5}(?!\d)")),
    # mobile and landline phones: 010-1234-5678, 02-123-4567, 031 1234 5678, 01012345678
    # (also +82 10-1234-5678: the country code replaces the leading 0)
    ("전화번호", re.compile(r"(?:\+82[\s.\-]?\(?0?\)?|(?<!\d)0)(?:1[016789]|2|[3-6]\d|70|50\d?)" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}(?!\d)")),
    # bank accounts: 2-6 digit groups joined by hyphens, 10-14 digits overall, or a long digit run
    ("계좌번호", re.compile(rf"(?<!\d)\d{{2,6}}[{_DASHES}]\d{{2,6}}[{_DASHES}]\d{{2,7}}(?:[{_DASHES}]\d{{1,3}})?(?!\d)"
                          r"|(?<!\d)\d{10,16}(?!\d)")),
)

# Sino-Korean digits as speech recognition writes a number read out digit by digit (공일공 …)
_KO_DIGITS = {"공": "0", "영": "0", "빵": "0", "일": "1", "이": "2", "삼": "3", "사": "4", "오": "5",
              "육": "6", "륙": "6", "칠": "7", "팔": "8", "구": "9"}  # fmt: skip
_KO_DIGIT = "[" + "".join(_KO_DIGITS) + "]"
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# a run of at least 9 digits (the shortest phone number), words and numerals mixed, with separators
_SPOKEN_RUN = re.compile(rf"(?:{_KO_DIGIT}|\d)(?:{_SEP}(?:{_KO_DIGIT}|\d)){{8,}}")


def mask_personal_numbers(text: str) -> str:
    """Replace every personal number in ``text`` with ``[주민번호]``, ``[전화번호]``, ... ."""
    text = text.translate(_FULL_WIDTH_DIGITS)
    text = _SPOKEN_RUN.sub(_mask_spoken, text)
    for label, pattern in _PATTERNS:
        text = pattern.sub(_masker(label), text)
    return text


def _mask_spoken(match: re.Match[str]) -> str:
    """A run with digit words is masked when, read as numerals, it holds a personal number.

    A syllable glued to numerals is a particle (5678이고), and the last one or two syllables of a
    run may be one too (육육육육이에요): the run is also tried without them.
    """
    run = match.group()
    core = run
    while len(core) > 1 and core[-1] in _KO_DIGITS and core[-2].isdigit():
        core = core[:-1]
    if not any(c in _KO_DIGITS for c in core):
        return run  # numerals only: the patterns handle them
    candidates = [core[: len(core) - k] for k in range(3) if all(c in _KO_DIGITS for c in core[len(core) - k :])]
    for label, pattern in _PATTERNS:
        for candidate in candidates:
            found = pattern.search("".join(_KO_DIGITS.get(c, c) for c in candidate))
            if found and (label != "계좌번호" or sum(c.isdigit() for c in found.group()) >= 10):
                return f"[{label}]" + run[len(candidate) :]
    return run


def _masker(label: str):
    def mask(match: re.Match[str]) -> str:
        # An account has 10+ digits: a hyphenated date (2024-05-01) or a short code is not one.
        if label == "계좌번호" and sum(c.isdigit() for c in match.group()) < 10:
            return match.group()
        return f"[{label}]"

    return mask


class MaskingFilter(logging.Filter):
    """Masks the fully formatted message of every record that passes through a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to logging's own error path
            return True
        masked = mask_personal_numbers(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:  # a traceback can quote what was said
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        return True


def install_log_masking() -> None:
    """Attach the masking filter to every handler of the root logger."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
