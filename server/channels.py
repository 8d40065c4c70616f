"""The session's one data channel, and a receive path no client message can break.

aiortc decodes a text message with ``bytes.decode("utf8")`` and emits it from inside the SCTP
receive loop: invalid UTF-8, a duplicate channel-open, or an exception in a message handler stops
that loop, and with it the DTLS transport and the session (issue 19). ``guard_receive`` wraps the
transport's receive step so that invalid text arrives as bytes (refused as ``bad_message``) and
anything else the library raises on hostile input is logged and dropped.

Only the first channel labelled ``events`` carries events; further channels are closed, so a client
opening 200 channels cannot redirect the events to whichever opened last.
"""

from __future__ import annotations

import logging

from aiortc.rtcsctptransport import WEBRTC_BINARY, WEBRTC_STRING

log = logging.getLogger(__name__)

EVENTS_LABEL = "events"
_GUARDED = "_silver_avatar_guarded"


def guard_receive(sctp, log_id: str) -> bool:
    """Wrap ``sctp._data_channel_receive`` (aiortc 1.16 internals; tests/server checks it exists)."""
    if sctp is None or getattr(sctp, _GUARDED, False):
        return False
    original = getattr(sctp, "_data_channel_receive", None)
    if original is None:
        log.warning("[%s] cannot guard the data channel (aiortc internals changed?)", log_id)
        return False

    async def receive(stream_id: int, pp_id: int, data: bytes) -> None:
        if pp_id == WEBRTC_STRING:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pp_id = WEBRTC_BINARY  # delivered as bytes: the handler answers bad_message
        try:
            await original(stream_id, pp_id, data)
        except Exception as exc:  # noqa: BLE001 - hostile input must not stop the receive loop
            log.warning("[%s] dropped a data-channel message aiortc could not handle: %s", log_id, type(exc).__name__)

    sctp._data_channel_receive = receive  # noqa: SLF001
    setattr(sctp, _GUARDED, True)
    return True


def is_events_channel(channel, current) -> bool:
    """True when ``channel`` should carry the session's events (the first one labelled ``events``)."""
    return current is None and getattr(channel, "label", None) == EVENTS_LABEL
