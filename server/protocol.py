"""The data-channel protocol, validated against ``web_client/protocol.schema.json`` (shared with the client).

Everything a client sends is hostile until parsed here: JSON that is too deep, too long, holds
numbers Python cannot represent (5,000 digits, ``NaN``, ``1e400``) or is not text at all becomes a
short reason string, never an exception, so one bad message cannot end the session that sent it.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "web_client" / "protocol.schema.json"
CLIENT_TYPES = {"interrupt", "repeat", "set_rate", "mute", "ask", "ping", "greet"}
MAX_CLIENT_MESSAGE_CHARS = 8_192  # the longest valid message (an ``ask`` of 500 characters) is far shorter
MAX_REASON_CHARS = 80  # reasons are sent back on the channel: they never quote the whole input


class InvalidJson(ValueError):
    """Text that is not one finite JSON value (the message says why, briefly)."""


def _refuse_constant(name: str) -> Any:
    raise InvalidJson(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 overflows to inf without passing through parse_constant
        raise InvalidJson("number out of range")
    return value


def parse_json(text: str | bytes) -> Any:
    """``json.loads`` for untrusted input: bytes must be UTF-8, numbers finite; every failure is ``InvalidJson``.

    The standard parser raises ``RecursionError`` on deep nesting and a plain ``ValueError`` on an
    integer of more than 4,300 digits; both used to escape as a 500 or end a session.
    """
    try:
        if isinstance(text, bytes | bytearray):
            text = bytes(text).decode("utf-8")
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except InvalidJson:
        raise
    except RecursionError:
        raise InvalidJson("nested too deeply") from None
    except UnicodeDecodeError:
        raise InvalidJson("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InvalidJson(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except ValueError:  # the int-digits limit, and anything else the number parsers refuse
        raise InvalidJson("number out of range") from None


def brief(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """``text`` cut to ``limit`` characters, one line: safe to echo back or log."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def validate_event(event: Any) -> str | None:
    """None when ``event`` is a valid protocol message, else a short reason."""
    errors = sorted(_validator().iter_errors(event), key=lambda e: e.path)
    if not errors:
        return None
    best = jsonschema.exceptions.best_match(errors)
    return brief(best.message) if best is not None else "invalid message"


def validate_client_message(msg: Any) -> str | None:
    if not isinstance(msg, dict) or msg.get("type") not in CLIENT_TYPES:
        return "unknown message type"
    return validate_event(msg)


def parse_client_message(raw: str | bytes) -> tuple[dict | None, str | None]:
    """``(message, None)`` for a valid client message, else ``(None, short reason)``; never raises."""
    if not isinstance(raw, str):
        return None, "not a text message"
    if len(raw) > MAX_CLIENT_MESSAGE_CHARS:
        return None, f"message over {MAX_CLIENT_MESSAGE_CHARS} characters"
    try:
        msg = parse_json(raw)
    except InvalidJson as exc:
        return None, brief(f"not JSON: {exc}")
    try:
        error = validate_client_message(msg)
    except RecursionError:  # the schema walks into a structure nested just under the parser's limit
        error = "nested too deeply"
    return (None, error) if error else (msg, None)
