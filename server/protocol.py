"""The data-channel protocol, validated against ``web_client/protocol.schema.json`` (shared with the client)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "web_client" / "protocol.schema.json"
CLIENT_TYPES = {"interrupt", "repeat", "set_rate", "mute", "ask", "ping"}


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
    return best.message if best is not None else "invalid message"


def validate_client_message(msg: Any) -> str | None:
    if not isinstance(msg, dict) or msg.get("type") not in CLIENT_TYPES:
        return "unknown message type"
    return validate_event(msg)
