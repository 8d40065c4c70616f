"""aiohttp application: signaling API, health check and the web client.

API (described in ``server/openapi.yaml``):
    POST   /api/offer            {"sdp", "type": "offer", "session_id"?, "resume_token"?}
                                 → {"sdp", "type": "answer", "session_id", "resume_token"}
    DELETE /api/sessions/{id}    end a session (the bearer token too, when tokens are on)
    GET    /api/config           {"ice_servers": [...]} for the client
    GET    /healthz              {"status": "ok", ...}
Errors are JSON: {"error": {"code", "message"}} with a 4xx/5xx status, never 200.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from pathlib import Path

from aiohttp import web

from server.config import Config, ConfigError
from server.faults import MIN_TOKEN_CHARS, FaultPlan, with_faults
from server.http_guard import BodyError, handler_args, install_json_parse_errors, json_error, read_body
from server.memory import freeze_long_lived
from server.peers import OfferError, SessionManager
from server.protocol import InvalidJson, parse_json
from server.security import (
    FRONT_SECRET_ENV,
    RateLimiter,
    check_admin,
    check_bearer,
    client_address,
    cors_headers,
    security_headers,
)
from server.shared_state import SharedState
from server.webroot import is_private
from streaming.engines import Engines

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
OPENAPI_PATH = ROOT / "server" / "openapi.yaml"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_RESUME_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
ENGINES: web.AppKey[Engines] = web.AppKey("engines", Engines)
MANAGER: web.AppKey[SessionManager] = web.AppKey("manager", SessionManager)
CONFIG: web.AppKey[Config] = web.AppKey("config", Config)
LIMITER: web.AppKey[RateLimiter] = web.AppKey("limiter", RateLimiter)
FAULTS: web.AppKey[FaultPlan] = web.AppKey("faults", FaultPlan)
FRONT_SECRET: web.AppKey[str] = web.AppKey("front_secret", str)


@web.middleware
async def errors_as_json(request: web.Request, handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or not request.path.startswith(("/api/", "/healthz")):
            raise
        reason = exc.reason or "error"
        return json_error(exc.status, reason.lower().replace(" ", "_"), exc.text or reason, headers=_keep_headers(exc))
    except OfferError as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return json_error(exc.status, exc.code, exc.message, headers)
    except BodyError as exc:
        response = json_error(exc.status, exc.code, exc.message)
        response.force_close()  # the rest of the body is not worth waiting for (aiohttp would linger for it)
        return response
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return json_error(500, "internal", "죄송해요. 서버에 문제가 생겼어요. 잠시 뒤에 다시 시도해 주세요.")
    return response


def _keep_headers(exc: web.HTTPException) -> dict[str, str]:
    return {k: v for k, v in exc.headers.items() if k in ("Allow", "Retry-After", "WWW-Authenticate")}


@web.middleware
async def headers_middleware(request: web.Request, handler) -> web.StreamResponse:
    config = request.app[CONFIG]
    if (
        request.method == "OPTIONS"
        and request.path.startswith("/api/")
        and not isinstance(request.match_info.http_exception, web.HTTPNotFound)  # preflight known paths only
        and request.match_info.route.name != "api_not_found"
    ):
        response: web.StreamResponse = web.Response(status=204)
    else:
        response = await handler(request)
    response.headers.update(security_headers(request.path))
    response.headers.update(cors_headers(request.headers.get("Origin"), config.cors_origins))
    return response


@web.middleware
async def refuse_private_files(request: web.Request, handler) -> web.StreamResponse:
    """404 for npm packages and manifests in the web root, however the path is spelled (see server/webroot.py)."""
    resource = request.match_info.route.resource
    if isinstance(resource, web.StaticResource) and is_private(request.match_info.get("filename", "")):
        raise web.HTTPNotFound()
    return await handler(request)


async def _read_json(request: web.Request) -> dict:
    config = request.app[CONFIG]
    if request.content_length is not None and request.content_length > config.max_body_bytes:
        raise OfferError(413, "too_large", f"request body over {config.max_body_bytes} bytes")
    ctype = request.content_type
    if ctype not in ("application/json", "application/sdp+json"):
        raise OfferError(415, "unsupported_media_type", "send the offer as application/json")
    raw = await read_body(request, config.max_body_bytes, config.body_timeout_s)
    try:
        body = parse_json(raw)
    except InvalidJson as exc:
        raise OfferError(400, "invalid_json", f"body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise OfferError(400, "invalid_json", "body must be a JSON object")
    return body


async def offer(request: web.Request) -> web.Response:
    config = request.app[CONFIG]
    client = client_address(request, request.app[FRONT_SECRET], config.trusted_proxies)
    subject = check_bearer(request.headers.get("Authorization"), config.auth_secret)
    wait = request.app[LIMITER].hit(client)
    if wait:
        raise OfferError(429, "rate_limited", "요청이 너무 잦아요. 잠시 뒤에 다시 시도해 주세요.", retry_after=wait)
    body = await _read_json(request)
    sdp, kind, resume, token = body.get("sdp"), body.get("type"), body.get("session_id"), body.get("resume_token")
    if not isinstance(sdp, str) or not sdp.strip():
        raise OfferError(400, "invalid_sdp", "'sdp' must be a non-empty string")
    if kind != "offer":
        raise OfferError(400, "invalid_type", "'type' must be 'offer'")
    if resume is not None and (not isinstance(resume, str) or not _SESSION_ID.fullmatch(resume)):
        raise OfferError(400, "invalid_session_id", "'session_id' must be a session id from an earlier answer")
    if token is not None and (not isinstance(token, str) or not _RESUME_TOKEN.fullmatch(token)):
        raise OfferError(400, "invalid_resume_token", "'resume_token' must be the resume_token of an earlier answer")
    session_id, answer, resume_token = await request.app[MANAGER].create(
        sdp, client, resume_id=resume, resume_token=token, subject=subject
    )
    return web.json_response(
        {"sdp": answer.sdp, "type": answer.type, "session_id": session_id, "resume_token": resume_token}
    )


async def delete_session(request: web.Request) -> web.Response:
    """Hang up. Authorised like the offer: with tokens on, the bearer token of the same subject."""
    session_id = request.match_info["session_id"]
    subject = check_bearer(request.headers.get("Authorization"), request.app[CONFIG].auth_secret)
    manager = request.app[MANAGER]
    if subject is not None and manager.resume_tokens.subject_of(session_id) != subject:
        raise OfferError(404, "unknown_session", "no such session (it may have ended already)")
    if not await manager.close_session(session_id, "client hung up"):
        raise OfferError(404, "unknown_session", "no such session (it may have ended already)")
    return web.json_response({"session_id": session_id, "status": "closed"})


async def client_config(request: web.Request) -> web.Response:
    return web.json_response({"ice_servers": request.app[CONFIG].ice_servers})


async def openapi_document(request: web.Request) -> web.FileResponse:
    return web.FileResponse(OPENAPI_PATH, headers={"Content-Type": "application/yaml; charset=utf-8"})


async def api_not_found(request: web.Request) -> web.Response:
    """Catch-all for /api/: 405 (with Allow) for a known path and another method, else a JSON 404."""
    allowed: set[str] = set()
    for resource in request.app.router.resources():
        if resource is not request.match_info.route.resource and not isinstance(resource, web.StaticResource):
            allowed |= (await resource.resolve(request))[1]
    if allowed and request.method == "OPTIONS":
        return web.Response(status=204)  # CORS preflight; headers_middleware adds the CORS headers
    if allowed:
        raise web.HTTPMethodNotAllowed(request.method, allowed)
    raise OfferError(404, "not_found", f"no such API endpoint: {request.path}")


async def healthz(request: web.Request) -> web.Response:
    manager = request.app[MANAGER]
    config = request.app[CONFIG]
    decision = manager.headroom.decide(manager.active, config.max_sessions)
    return web.json_response(
        {
            "status": "ok",
            "sessions": manager.active,
            "max_sessions": config.max_sessions,
            "uptime_s": round(time.monotonic() - request.app["started"], 1),
            "admitting": decision.admit,
            "admission": {"mode": config.admission.mode, "reason": decision.reason, **decision.figures},
        }
    )


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(_web_root(request.app[CONFIG]) / "index.html")


def _web_root(config: Config) -> Path:
    return Path(config.web_root) if config.web_root else ROOT / "web_client"


def add_method_fallbacks(app: web.Application) -> None:
    """Answer a wrong method on an API path with 405 + Allow (else the static route would say 404)."""
    allowed: dict[str, set[str]] = {}
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("path") or info.get("formatter")
        if path and path.startswith(("/api/", "/healthz")):
            allowed.setdefault(path, set()).add(route.method)
    for path, methods in allowed.items():
        allow = sorted(methods - {"HEAD"})

        async def not_allowed(request: web.Request, allow: list[str] = allow) -> web.Response:
            raise web.HTTPMethodNotAllowed(request.method, allow)

        app.router.add_route("*", path, not_allowed)


def build_static_app(config: Config) -> web.Application:
    """Middlewares, the page and ``/api/config``: what every process serving the page needs."""
    app = web.Application(
        middlewares=[headers_middleware, errors_as_json, refuse_private_files],
        client_max_size=config.max_body_bytes,
        handler_args=handler_args(config.http_idle_timeout_s),
    )
    install_json_parse_errors(app)
    app[CONFIG] = config
    app["started"] = time.monotonic()
    app.router.add_get("/api/config", client_config)
    app.router.add_get("/api/openapi.yaml", openapi_document)
    app.router.add_get("/", index)
    app.on_startup.append(_add_static)
    return app


async def _add_static(app: web.Application) -> None:
    # registered last, after every API route, so "/" static files never shadow the API; an unknown
    # /api/ path is a JSON 404 (not the static handler's 404/405)
    # [\s\S]: "." stops at a newline, and /api/x%0Ay would fall through to the static route's bare 404/405
    app.router.add_route("*", r"/api/{tail:[\s\S]*}", api_not_found, name="api_not_found")
    app.router.add_static("/", _web_root(app[CONFIG]), show_index=False, follow_symlinks=False)


def create_app(config: Config, engines: Engines, shared: SharedState | None = None) -> web.Application:
    """An application serving sessions with already-loaded ``engines`` (see ``server.engines``).

    ``shared``: a cluster's store of resume state (server/cluster), so a client can resume here a
    conversation another worker served."""
    app = build_static_app(config)
    app[FRONT_SECRET] = os.environ.get(FRONT_SECRET_ENV, "")
    if config.faults.enabled:
        engines = _add_fault_injection(app, config, engines)
    app[ENGINES] = engines
    app[MANAGER] = SessionManager(config, engines, shared)
    app[LIMITER] = RateLimiter(config.offers_per_minute)
    app.router.add_post("/api/offer", offer)
    app.router.add_delete("/api/sessions/{session_id}", delete_session)
    app.router.add_get("/healthz", healthz)
    add_method_fallbacks(app)

    async def on_startup(app: web.Application) -> None:
        frozen = freeze_long_lived()  # before the first session: see server/memory.py
        log.info("%d long-lived objects kept out of the collector's full passes", frozen)
        app[MANAGER].headroom.start()

    async def on_shutdown(app: web.Application) -> None:
        await app[MANAGER].close_all()

    app.on_startup.append(on_startup)
    app.on_shutdown.append(on_shutdown)
    return app


def _add_fault_injection(app: web.Application, config: Config, engines: Engines) -> Engines:
    """Wrap the stages and expose ``/api/admin/faults`` (operators' drills; see server/faults.py)."""
    if not config.faults.token or len(config.faults.token) < MIN_TOKEN_CHARS:
        raise ConfigError(f"[faults] enabled needs a token of at least {MIN_TOKEN_CHARS} characters")
    app[FAULTS] = FaultPlan()
    app.router.add_get("/api/admin/faults", faults_status)
    app.router.add_post("/api/admin/faults", arm_fault)
    app.router.add_delete("/api/admin/faults", clear_faults)
    log.warning("fault injection is enabled (/api/admin/faults): not for a production server")
    return with_faults(engines, app[FAULTS])


def _check_admin(request: web.Request) -> FaultPlan:
    check_admin(request.headers.get("Authorization"), request.app[CONFIG].faults.token)
    return request.app[FAULTS]


async def faults_status(request: web.Request) -> web.Response:
    return web.json_response(_check_admin(request).status())


async def arm_fault(request: web.Request) -> web.Response:
    """``{"stage": "asr"|"dialogue"|"tts"|"renderer", "mode": "raise"|"stall", "turns": N, "stall_s"?: s}``."""
    plan = _check_admin(request)
    body = await _read_json(request)
    stage, mode, turns, stall_s = body.get("stage"), body.get("mode", "raise"), body.get("turns", 1), body.get("stall_s", 0)
    if not isinstance(turns, int) or isinstance(turns, bool) or not isinstance(stall_s, int | float):
        raise OfferError(400, "invalid_fault", "'turns' must be an integer and 'stall_s' a number")
    try:
        plan.arm(str(stage), str(mode), turns, float(stall_s))
    except ValueError as exc:
        raise OfferError(400, "invalid_fault", str(exc)) from None
    return web.json_response(plan.status())


async def clear_faults(request: web.Request) -> web.Response:
    plan = _check_admin(request)
    plan.clear()
    return web.json_response(plan.status())


async def load_engines_async(config: Config) -> Engines:
    from server.engines import load_engines

    return await asyncio.get_running_loop().run_in_executor(None, load_engines, config)
