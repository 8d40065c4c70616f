"""Access control helpers: signed bearer tokens, per-client rate limits, CORS and security headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections import defaultdict, deque

from aiohttp import web


class AuthError(web.HTTPUnauthorized):
    pass


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


def check_bearer(header: str | None, secret: str | None) -> None:
    if not secret:
        return
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not verify_token(secret, token.strip()):
        raise web.HTTPUnauthorized(
            text="a valid signed session token is required (Authorization: Bearer ...)",
            headers={"WWW-Authenticate": 'Bearer realm="silver-avatar"'},
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
