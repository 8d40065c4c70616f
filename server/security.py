"""Access control helpers: signed bearer tokens, per-client rate limits, CORS and security headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections import defaultdict, deque
from collections.abc import Iterable

from aiohttp import web


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_token(secret: str, ttl_s: int = 3600, subject: str = "web") -> str:
    """A session token a deployer's backend hands to its page: ``payload.signature`` (HMAC-SHA256)."""
    payload = _b64(json.dumps({"sub": subject, "exp": int(time.time()) + ttl_s}).encode())
    sig = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{sig}"


def verify_token(secret: str, token: str) -> bool:
    try:
        payload, sig = token.split(".", 1)
        expected = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(sig, expected):
            return False
        return int(json.loads(_unb64(payload))["exp"]) > time.time()
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        return False


def token_subject(secret: str, token: str) -> str | None:
    """The ``sub`` of a valid, unexpired token, else None."""
    if not verify_token(secret, token):
        return None
    try:
        subject = json.loads(_unb64(token.split(".", 1)[0])).get("sub")
    except (ValueError, AttributeError, json.JSONDecodeError):
        return None
    return str(subject) if subject is not None else ""


def check_bearer(header: str | None, secret: str | None) -> str | None:
    """Raise 401 unless ``header`` carries a valid token (when a secret is set); returns the token's subject."""
    if not secret:
        return None
    scheme, _, token = (header or "").partition(" ")
    subject = token_subject(secret, token.strip()) if scheme.lower() == "bearer" else None
    if subject is None:
        raise web.HTTPUnauthorized(
            text="a valid signed session token is required (Authorization: Bearer ...)",
            headers={"WWW-Authenticate": 'Bearer realm="silver-avatar"'},
        )
    return subject


def check_admin(header: str | None, token: str | None) -> None:
    """Raise 401 unless ``header`` is ``Bearer <token>`` (constant-time compare); no token configured: refuse all."""
    scheme, _, given = (header or "").partition(" ")
    if not token or scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise web.HTTPUnauthorized(
            text="the admin token is required (Authorization: Bearer ...)",
            headers={"WWW-Authenticate": 'Bearer realm="silver-avatar-admin"'},
        )


class RateLimiter:
    """Sliding one-minute window per client address; ``hit`` returns seconds to wait (0 = allowed)."""

    def __init__(self, per_minute: int, now=time.monotonic) -> None:
        self.per_minute = per_minute
        self._now = now
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def hit(self, client: str) -> int:
        now = self._now()
        window = self._hits[client]
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return max(1, int(60 - (now - window[0])) + 1)
        window.append(now)
        if len(self._hits) > 10_000:  # forget idle clients
            for key in [k for k, v in self._hits.items() if not v]:
                del self._hits[key]
        return 0


def cors_headers(origin: str | None, allowed: list[str]) -> dict[str, str]:
    if not origin or not allowed or (origin not in allowed and "*" not in allowed):
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Authorization",
        "Access-Control-Max-Age": "600",
        "Access-Control-Expose-Headers": "Retry-After",  # the client's reconnect back-off floor after a 503/429
        "Vary": "Origin",
    }


def security_headers(path: str) -> dict[str, str]:
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "microphone=(self), camera=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not path.startswith("/api/"):
        headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'self'"
        )
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return headers


FRONT_SECRET_ENV = "SILVER_AVATAR_FRONT_SECRET"  # set by the front for its workers (server/front.py)
FRONT_HEADER = "X-Silver-Avatar-Front"
CLIENT_HEADER = "X-Silver-Avatar-Client"


def client_address(request: web.Request, front_secret: str = "", trusted_proxies: Iterable[str] = ()) -> str:
    """The address limits are counted against: the browser's, as far as it can be trusted.

    Behind ``serve --workers`` every offer reaches a worker from the front's loopback address; the
    front sends the real one with a secret only it and its workers know. Behind a reverse proxy
    (nginx, Caddy) the proxy appends the client's address to ``X-Forwarded-For``: the last entry is
    taken, and only when the request comes from a proxy in ``trusted_proxies``, so a client cannot
    choose its own address by sending the header itself.
    """
    if front_secret and hmac.compare_digest(request.headers.get(FRONT_HEADER, "").encode(), front_secret.encode()):
        forwarded = request.headers.get(CLIENT_HEADER, "").strip()
        if forwarded:
            return forwarded[:64]
    remote = request.remote or "unknown"
    if remote in trusted_proxies:
        hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
        if hops:
            return hops[-1][:64]
    return remote
