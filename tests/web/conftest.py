"""Fixtures for the web client tests: Debian's Chromium through Playwright, and a scripted server.

The scripted server is a real aiohttp app with a real aiortc peer that serves web_client/ and
answers offers like the production server, but follows a fixed script on the data channel (one
turn per typed question). It exercises the client's signalling, events, validation and reconnect
without loading any model; the full pipeline is covered by the tests that use ``live_server``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import jsonschema
import numpy as np
import pytest
import pytest_asyncio
from aiohttp import web

from server.security import security_headers
from streaming.word_timing import word_timings
from tests.e2e.browser import BASE_ARGS as _ALL_ARGS  # one list of Chromium flags for all browser tests

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web_client"
SCHEMA = json.loads((WEB / "protocol.schema.json").read_text(encoding="utf-8"))
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # same lookup as tests/e2e/browser.py
HAVE_CHROMIUM = Path(CHROMIUM).exists()

FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
BASE_ARGS = [a for a in _ALL_ARGS if a not in FAKE_MEDIA]

#: The production server's policy (server/security.py): the page must work under it.
CSP = security_headers("/")["Content-Security-Policy"]

REPLY = "기초연금은 주소지 주민센터나 국민연금공단 지사에서 신청하실 수 있어요. 신분증과 통장 사본을 가져가세요."
SENTENCES = ["기초연금은 주소지 주민센터나 국민연금공단 지사에서 신청하실 수 있어요.", "신분증과 통장 사본을 가져가세요."]


def validate(message: dict) -> None:
    jsonschema.validate(message, SCHEMA)


def chromium_args(*, fake_media: bool = True, wav: Path | None = None) -> list[str]:
    args = BASE_ARGS + (FAKE_MEDIA if fake_media else [])
    if wav is not None:
        args.append(f"--use-file-for-fake-audio-capture={wav}%noloop")
    return args


@pytest_asyncio.fixture
async def playwright():
    from playwright.async_api import async_playwright

    if not HAVE_CHROMIUM:
        pytest.skip("Debian chromium is not installed")
    async with async_playwright() as pw:
        yield pw


@pytest_asyncio.fixture
async def browser(playwright):
    b = await playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args())
    yield b
    await b.close()


@pytest_asyncio.fixture
async def launch(playwright):
    """``await launch(wav=None, fake_media=True)``: a Chromium with the project's flags, closed after the test."""
    launched = []

    async def _launch(*, wav: Path | None = None, fake_media: bool = True):
        b = await playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(fake_media=fake_media, wav=wav))
        launched.append(b)
        return b

    yield _launch
    for b in launched:
        await b.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# ---- the scripted server -------------------------------------------------------------------------


def _portrait_frame():
    """The default face (the drawn counsellor, avatar.counsellor) as a still avatar video."""
    import av

    from avatar.portrait import default_portrait

    return av.VideoFrame.from_ndarray(np.ascontiguousarray(default_portrait(512).image), format="rgb24")


@dataclass
class ScriptedServer:
    url: str
    offers: list[dict] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    peers: dict[str, object] = field(default_factory=dict)
    channels: dict[str, object] = field(default_factory=dict)
    fail_next: list[tuple[int, dict, dict]] = field(default_factory=list)
    token: str | None = None
    #: extra fields of the ``session`` hello (e.g. ``slow_rate``)
    hello: dict = field(default_factory=dict)
    #: answer the page's ``greet`` with a spoken greeting (reply intent "greeting" + captions)
    greeting: bool = False
    #: on ``repeat``, also send what older servers sent: a transcript "다시 말해 주세요" and a reply
    legacy_repeat: bool = True
    #: how long each scripted sentence "plays" (its caption's words are spread over it)
    caption_ms: int = 400
    #: send ``words`` with each caption (as the production server does)
    caption_words: bool = True
    runner: object = None
    config: object = None  # server.config.Config of production_scripted_server

    def kinds(self) -> list[str]:
        return [m["type"] for m in self.received]

    async def drop(self, session_id: str) -> None:
        """Cut the peer from the server side, as a network drop or a server restart would."""
        pc = self.peers.pop(session_id)
        await pc.close()

    async def stop(self) -> None:
        """Take the whole server down (nothing listens on the port any more)."""
        if self.runner is not None:
            runner, self.runner = self.runner, None
            await runner.cleanup()

    async def wait_for(self, predicate, timeout: float = 10.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out; received={self.received} offers={len(self.offers)}")
            await asyncio.sleep(0.05)


GREETING = "안녕하세요. 자동 상담 서비스예요. 궁금한 것을 말씀해 주세요."


def _make_app(state: ScriptedServer, app: web.Application | None = None) -> web.Application:
    """The scripted routes on ``app`` (default: a bare app with the production CSP that serves web_client/)."""
    from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
    from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack

    frame = _portrait_frame()

    class PortraitTrack(VideoStreamTrack):
        async def recv(self):
            pts, _ = await self.next_timestamp()
            out = frame.reformat(format="yuv420p")
            out.pts, out.time_base = pts, Fraction(1, 90_000)
            return out

    tasks: set[asyncio.Task] = set()
    last_reply: dict[str, str] = {}

    def send(channel, message: dict) -> None:
        validate(message)  # the script itself must follow the contract
        channel.send(json.dumps(message, ensure_ascii=False))

    async def speak(channel, sid: str, turn: int, sentences: list[str] = SENTENCES) -> None:
        send(channel, {"type": "state", "state": "speaking", "turn": turn})
        for i, sentence in enumerate(sentences):
            caption = {"type": "caption", "text": sentence, "index": i, "turn": turn}
            if state.caption_words:
                caption |= {"words": word_timings(sentence, state.caption_ms), "duration_ms": state.caption_ms}
            send(channel, caption)
            await asyncio.sleep(state.caption_ms / 1000)
        send(channel, {"type": "state", "state": "listening", "turn": turn})

    async def answer(channel, sid: str, text: str, turn: int) -> None:
        send(channel, {"type": "transcript", "text": text[:4], "final": False, "turn": turn})
        await asyncio.sleep(0.1)
        send(channel, {"type": "transcript", "text": text, "final": True, "turn": turn, "t_end_of_speech": 1.0})
        send(channel, {"type": "state", "state": "thinking", "turn": turn})
        await asyncio.sleep(0.2)
        send(channel, {"type": "reply", "text": REPLY, "entry_id": "pension-01", "score": 0.9, "turn": turn})
        send(channel, {"type": "metrics", "turn": turn, "asr_ms": 300.0, "respond_ms": 20.0, "first_audio_ms": 700.0})
        last_reply[sid] = REPLY
        await speak(channel, sid, turn)

    async def greet(channel, sid: str) -> None:
        await asyncio.sleep(0.2)
        send(channel, {"type": "reply", "text": GREETING, "entry_id": None, "intent": "greeting", "turn": 0})
        await speak(channel, sid, 0, [GREETING])

    async def repeat(channel, sid: str, turn: int) -> None:
        if state.legacy_repeat:
            send(channel, {"type": "state", "state": "thinking", "turn": turn})
            send(channel, {"type": "transcript", "text": "다시 말해 주세요", "final": True, "turn": turn})
            send(channel, {"type": "reply", "text": last_reply[sid], "entry_id": "pension-01", "intent": "repeat", "turn": turn})
        await speak(channel, sid, turn)

    def run(coro) -> None:
        task = asyncio.ensure_future(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def offer(request: web.Request) -> web.Response:
        if state.token and request.headers.get("Authorization") != f"Bearer {state.token}":
            return web.json_response({"error": {"code": "unauthorized", "message": "인증이 필요해요."}}, status=401)
        body = await request.json()
        state.offers.append(body)
        if state.fail_next:
            status, error, headers = state.fail_next.pop(0)
            return web.json_response({"error": error}, status=status, headers=headers)
        resumed = body.get("session_id") in state.channels
        sid = body["session_id"] if resumed else uuid.uuid4().hex
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        state.peers[sid] = pc
        turn = {"n": 0}

        @pc.on("datachannel")
        def on_channel(channel) -> None:
            state.channels[sid] = channel
            send(channel, {"type": "session", "session_id": sid, "resumed": resumed, **state.hello})
            send(channel, {"type": "state", "state": "listening", "turn": turn["n"]})

            @channel.on("message")
            def on_message(data) -> None:
                message = json.loads(data)
                validate(message)
                state.received.append(message)
                if message["type"] == "greet" and state.greeting and turn["n"] == 0:
                    run(greet(channel, sid))
                elif message["type"] == "ask":
                    turn["n"] += 1
                    run(answer(channel, sid, message["text"], turn["n"]))
                elif message["type"] == "repeat" and sid in last_reply:
                    turn["n"] += 1
                    run(repeat(channel, sid, turn["n"]))
                elif message["type"] == "interrupt":
                    send(channel, {"type": "interrupted", "played_s": 0.6, "reason": "client", "turn": turn["n"]})
                    send(channel, {"type": "state", "state": "listening", "turn": turn["n"]})

        await pc.setRemoteDescription(RTCSessionDescription(body["sdp"], body["type"]))
        pc.addTrack(AudioStreamTrack())
        pc.addTrack(PortraitTrack())
        await pc.setLocalDescription(await pc.createAnswer())
        local = pc.localDescription
        return web.json_response({"sdp": local.sdp, "type": local.type, "session_id": sid})

    async def delete(request: web.Request) -> web.Response:
        sid = request.match_info["sid"]
        state.deleted.append(sid)
        pc = state.peers.pop(sid, None)
        if pc is not None:
            await pc.close()
        return web.Response(status=204)

    async def config(request: web.Request) -> web.Response:
        return web.json_response({"ice_servers": []})

    async def index(request: web.Request) -> web.FileResponse:
        return web.FileResponse(WEB / "index.html")

    async def on_shutdown(app: web.Application) -> None:
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(pc.close() for pc in state.peers.values()), return_exceptions=True)

    @web.middleware
    async def csp(request: web.Request, handler):
        response = await handler(request)
        response.headers["Content-Security-Policy"] = CSP
        return response

    production = app is not None
    if app is None:
        app = web.Application(middlewares=[csp])
    app.router.add_post("/api/offer", offer)
    app.router.add_delete("/api/sessions/{sid}", delete)
    if not production:  # the production app brings its own /api/config, / and static files
        app.router.add_get("/api/config", config)
        app.router.add_get("/", index)
        app.router.add_static("/", WEB)
    app.on_shutdown.append(on_shutdown)
    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def serve(app: web.Application, host: str = "127.0.0.1") -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, host, port).start()
    return runner, f"http://{host}:{port}"


@pytest_asyncio.fixture
async def scripted_server() -> AsyncIterator[ScriptedServer]:
    from server.loopback import enable_loopback_candidates

    enable_loopback_candidates()
    state = ScriptedServer(url="")
    state.runner, state.url = await serve(_make_app(state))
    yield state
    await state.stop()


@pytest_asyncio.fixture
async def production_scripted_server() -> AsyncIterator[ScriptedServer]:
    """The scripted peer behind the production middlewares and static files (server.app.build_static_app):
    real CORS and security headers. Set ``cors_origins`` on ``state.config`` before the page loads."""
    from server.app import build_static_app
    from server.config import Config
    from server.loopback import enable_loopback_candidates

    enable_loopback_candidates()
    state = ScriptedServer(url="")
    config = Config(web_root=str(WEB))
    state.config = config
    state.runner, state.url = await serve(_make_app(state, build_static_app(config)))
    yield state
    await state.stop()


# ---- page helpers --------------------------------------------------------------------------------

AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_check():
    """Returns ``check(page, label)``: runs axe-core in the page, returns serious/critical violations."""
    if not AXE.exists():
        pytest.skip("axe-core missing: run scripts/setup_web.sh")
    axe_source = AXE.read_text(encoding="utf-8") + "\n;undefined"

    async def check(page, label: str) -> list[dict]:
        if not await page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') allows it.
            await page.evaluate(axe_source)
        result = await page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
            }"""
        )
        (ARTIFACTS / f"axe-{label}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
        return [v for v in result if v["impact"] in ("serious", "critical")]

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return check


async def start_call(page, url: str) -> None:
    """Open the page, press 대화 시작 and wait until the call screen shows."""
    await page.goto(url + "/")
    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=20_000)


async def set_text_size(page, percent: int) -> None:
    """The browser's own font-size setting (Settings → Appearance → Font size), not CSS zoom:
    Chromium's default font size 16 px × percent / 100, through the DevTools protocol."""
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16 * percent // 100, "fixed": 13 * percent // 100}})


@pytest.fixture
def open_call():
    return start_call
