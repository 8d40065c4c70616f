"""Masking of personal numbers in logs and stored transcripts.

Seniors say their resident registration number, phone, card or account number out loud. None of
it may reach a log line or the optional conversation log. Numbers are recognised with or without
separators (hyphens, dots, spaces) and replaced by a labelled mask that keeps no digits.
"""

from __future__ import annotations

import logging
import re

_SEP = r"[\s.\-]?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 주민등록번호 / 외국인등록번호: YYMMDD-GNNNNNN
    ("주민번호", re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?[-–]?\s?[1-8]\d{6}(?!\d)")),
    # card numbers: 4-4-4-4 (or 4-6-5 Amex)
    ("카드번호", re.compile(r"(?<!\d)(?:\d{4}" + _SEP + r"){3}\d{4}(?!\d)|(?<!\d)\d{4}" + _SEP + r"\d{6}" + _SEP + r"\d{5}(?!\d)")),
    # mobile and landline phones: 010-1234-5678, 02-123-4567, 031 1234 5678, 01012345678
    # (also +82 10-1234-5678: the country code replaces the leading 0)
    ("전화번호", re.compile(r"(?:\+82[\s.\-]?\(?0?\)?|(?<!\d)0)(?:1[016789]|2|[3-6]\d|70|50\d?)" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}(?!\d)")),
    # bank accounts: 2-6 digit groups joined by hyphens, 10-14 digits overall, or a long digit run
    ("계좌번호", re.compile(r"(?<!\d)\d{2,6}-\d{2,6}-\d{2,7}(?:-\d{1,3})?(?!\d)|(?<!\d)\d{10,16}(?!\d)")),
)


def mask_personal_numbers(text: str) -> str:
    """Replace every personal number in ``text`` with ``[주민번호]``, ``[전화번호]``, ... ."""
    for label, pattern in _PATTERNS:
        text = pattern.sub(_masker(label), text)
    return text


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
