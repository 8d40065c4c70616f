"""HTTP hardening below the routes: bounded, complete body reads; JSON for requests the parser refuses.

- ``read_body``: reads the *whole* body (an SDP offer often arrives in several TCP segments; one
  ``content.read(n)`` returns only the first), bounded in size and in time (a trickled body gets 408).
- ``handler_args``: aiohttp's connection settings for the app. ``keepalive_timeout`` also closes a
  connection that sends nothing, or trickles its header lines, for that long (aiohttp's default
  is an hour); the access log shortens session ids as every other log line does.
- ``install_json_parse_errors``: aiohttp answers a request its parser refuses (a bad method, an
  over-long URL or header, a bad ``Content-Length``) outside every route and middleware, as
  ``text/plain`` quoting the request, and logs an ERROR traceback each time. For applications marked
  with ``JSON_PARSE_ERRORS`` the answer becomes the API's JSON error and the log one short line.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from typing import Any

from aiohttp import web
from aiohttp.web_log import AccessLogger
from aiohttp.web_protocol import RequestHandler

from server.resume import LOG_ID_CHARS

log = logging.getLogger(__name__)


def json_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """Every HTTP error of the service: ``{"error": {"code", "message"}}`` with the status."""
    return web.json_response({"error": {"code": code, "message": message}}, status=status, headers=headers)

JSON_PARSE_ERRORS: web.AppKey[bool] = web.AppKey("json_parse_errors", bool)
READ_CHUNK = 16_384


class BodyError(Exception):
    """A request body that is too large (413) or too slow (408)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


async def read_body(request: web.Request, limit: int, timeout_s: float) -> bytes:
    """The complete body (every chunk until EOF), at most ``limit`` bytes, within ``timeout_s``."""
    if request.content_length is not None and request.content_length > limit:
        raise BodyError(413, "too_large", f"request body over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout_s):
            while True:
                chunk = await request.content.read(READ_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise BodyError(413, "too_large", f"request body over {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise BodyError(408, "request_timeout", f"the request body did not arrive within {timeout_s:g} s") from None
    return b"".join(chunks)


LINGER_S = 2.0  # after an error, unread body bytes are drained this long (aiohttp: 10 s) before closing


_SESSION_PATH = re.compile(r"(/api/sessions/[^/?\s]{" + str(LOG_ID_CHARS) + r"})[^/?\s]+")


class ShortIdAccessLogger(AccessLogger):
    """aiohttp's access log, with session ids in request lines cut to their log id (``DELETE /api/sessions/…``)."""

    def _format_line(self, request, response, time: float) -> Iterable[tuple[Any, Any]]:
        return [(key, _SESSION_PATH.sub(r"\1…", value) if isinstance(value, str) else value)
                for key, value in super()._format_line(request, response, time)]  # fmt: skip


def handler_args(idle_timeout_s: float) -> dict[str, Any]:
    """Connection settings for ``web.Application(handler_args=...)`` (they reach every runner)."""
    return {"keepalive_timeout": idle_timeout_s, "lingering_time": LINGER_S, "access_log_class": ShortIdAccessLogger}


_original_handle_error = RequestHandler.handle_error
_MESSAGES = {
    400: ("bad_request", "the HTTP request could not be parsed"),
    413: ("too_large", "the request is too large"),
    431: ("headers_too_large", "the request headers are too large"),
    501: ("not_implemented", "this HTTP feature is not supported"),
}


def _json_handle_error(
    self: RequestHandler,
    request: web.BaseRequest,
    status: int = 500,
    exc: BaseException | None = None,
    message: str | None = None,
) -> web.StreamResponse:
    app = getattr(self._request_handler, "__self__", None)  # noqa: SLF001 - the app this connection serves
    if not isinstance(app, web.Application) or not app.get(JSON_PARSE_ERRORS):
        return _original_handle_error(self, request, status, exc, message)
    if request.writer.output_size > 0:  # a response already started: the connection is broken
        raise ConnectionError("response already sent; cannot send the error")
    if status >= 500 and status != 501:
        log.error("unhandled error on %s", request.remote, exc_info=exc)
        code, text = "internal", "죄송해요. 서버에 문제가 생겼어요. 잠시 뒤에 다시 시도해 주세요."
    else:
        # the parser's message quotes the request: a client's mistake is one short line, not a traceback
        log.info("refused a malformed HTTP request from %s: %s %s", request.remote, status, type(exc).__name__)
        code, text = _MESSAGES.get(status, ("bad_request", "the HTTP request could not be parsed"))
    response = json_error(status, code, text)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.force_close()
    return response


def install_json_parse_errors(app: web.Application) -> None:
    """Answer parser-level errors of ``app``'s connections with JSON (other apps keep aiohttp's own)."""
    app[JSON_PARSE_ERRORS] = True
    if RequestHandler.handle_error is not _json_handle_error:
        RequestHandler.handle_error = _json_handle_error  # type: ignore[method-assign]
