"""The client as a front-end developer meets it: imported by URL from another origin (CORS, with
Retry-After readable), the documented return values, the types checked with ``tsc --strict`` against
the JS, and an ``npm pack`` that carries README and LICENSE."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import expect

from tests.web.conftest import WEB, serve

pytestmark = pytest.mark.browser

TYPES = Path(__file__).resolve().parent / "types"
TSC = WEB / "node_modules" / "typescript" / "bin" / "tsc"
NODE = shutil.which("node")

EMBED_HTML = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>다른 사이트</title></head>
<body>
<video id="avatar" autoplay playsinline muted width="320"></video>
<p id="caption" aria-live="polite"></p>
<button id="start">대화 시작</button>
<script type="module" src="embed.js"></script>
</body></html>
"""

EMBED_JS = """import { AvatarClient } from '%(server)s/avatar-client.js';
const avatar = new AvatarClient({ reconnect: { maxAttempts: 1 } });
window.avatar = avatar;
avatar.on('caption', (m) => { document.querySelector('#caption').textContent = m.text; });
document.querySelector('#start').onclick = () =>
  avatar.connect('%(server)s/', { videoElement: document.querySelector('#avatar') })
    .then((id) => { window.connected = id; })
    .catch((e) => { window.failure = { code: e.code, status: e.status, retryAfterMs: e.retryAfterMs, message: e.message }; });
"""


async def _second_origin(tmp_path: Path, server_url: str):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(EMBED_HTML, encoding="utf-8")
    (site / "embed.js").write_text(EMBED_JS % {"server": server_url}, encoding="utf-8")
    app = web.Application()
    app.router.add_get("/", lambda request: web.FileResponse(site / "index.html"))
    app.router.add_static("/", site)
    return await serve(app)


async def test_cross_origin_embed_by_url(browser, production_scripted_server, tmp_path):
    server = production_scripted_server
    runner, origin = await _second_origin(tmp_path, server.url)
    try:
        server.config.cors_origins = [origin]
        page = await browser.new_page()
        warnings = []
        page.on("console", lambda m: warnings.append(m.text))

        # A busy server first: the 503's Retry-After must be readable from the other origin.
        server.fail_next.append((503, {"code": "busy", "message": "지금은 상담하는 분이 많아요."}, {"Retry-After": "7"}))
        await page.goto(origin + "/")
        await page.get_by_role("button", name="대화 시작").click()
        await page.wait_for_function("() => window.failure", timeout=20_000)
        failure = await page.evaluate("window.failure")
        assert failure == {"code": "busy", "status": 503, "retryAfterMs": 7000, "message": "지금은 상담하는 분이 많아요."}

        # Then a real call: module imported by URL, offer, event channel, captions.
        await page.evaluate("window.failure = null")
        await page.get_by_role("button", name="대화 시작").click()
        await page.wait_for_function("() => window.connected", timeout=20_000)
        await server.wait_for(lambda: server.channels, timeout=10)
        next(iter(server.channels.values())).send(json.dumps({"type": "caption", "text": "안녕하세요.", "index": 0}))
        await expect(page.locator("#caption")).to_have_text("안녕하세요.")
        await page.evaluate("window.avatar.disconnect()")
        await server.wait_for(lambda: len(server.deleted) == 1)

    finally:
        await runner.cleanup()


async def test_refused_origin_gets_a_hint_in_the_console(browser, production_scripted_server, tmp_path):
    """The module may be cached or copied; a refused offer names cors_origins in the console."""
    server = production_scripted_server
    runner, origin = await _second_origin(tmp_path, server.url)
    try:
        server.config.cors_origins = [origin]
        page = await browser.new_page()
        warnings = []
        page.on("console", lambda m: warnings.append(m.text))
        await page.goto(origin + "/")
        await page.wait_for_function("() => window.avatar")
        server.config.cors_origins = []  # the module loaded; now the API refuses this origin
        await page.get_by_role("button", name="대화 시작").click()
        await page.wait_for_function("() => window.failure", timeout=20_000)
        assert (await page.evaluate("window.failure"))["code"] == "network"
        assert any("cors_origins" in w for w in warnings), warnings
    finally:
        await runner.cleanup()


async def test_documented_return_values(browser, scripted_server):
    page = await browser.new_page()
    await page.goto(scripted_server.url + "/")
    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=20_000)
    result = await page.evaluate(
        """async () => {
            const { AvatarError } = await import('/avatar-client.js');
            const c = window.silverAvatar.client;
            const e = new AvatarError('busy', '바빠요', { status: 503, retryAfterMs: 2000, fatal: false });
            return {
              empty: c.ask(''), blank: c.ask('   '), long: c.ask('가'.repeat(501)), number: c.ask(5),
              exact: c.ask('가'.repeat(500)), badTurn: c.repeat(-1),
              error: [e instanceof Error, e.name, e.code, e.message, e.status, e.retryAfterMs, e.fatal],
            };
        }"""
    )
    assert result == {
        "empty": False, "blank": False, "long": False, "number": False, "exact": True, "badTurn": False,
        "error": [True, "AvatarError", "busy", "바빠요", 503, 2000, False],
    }
    await scripted_server.wait_for(lambda: any(m.get("text") == "가" * 500 for m in scripted_server.received))
    assert [m for m in scripted_server.received if m["type"] == "ask"] == [{"type": "ask", "text": "가" * 500}]


@pytest.mark.skipif(NODE is None or not TSC.exists(), reason="typescript missing: run scripts/setup_web.sh")
def test_types_compile_strict_and_match_the_js():
    compiled = subprocess.run(
        [NODE, str(TSC), "--strict", "--noEmit", "--target", "es2022", "--module", "es2022",
         "--moduleResolution", "bundler", "--lib", "es2022,dom", str(TYPES / "usage.ts")],
        capture_output=True, text=True, timeout=120,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    report = subprocess.run([NODE, str(TYPES / "members.mjs"), str(WEB)], capture_output=True, text=True, timeout=60)
    assert report.returncode == 0, report.stderr
    found = json.loads(report.stdout)
    assert {"AvatarClient", "AvatarError", "validateMessage", "default"} <= set(found["declared"]["exports"])
    assert "ask" in found["declared"]["members"]["AvatarClient"]
    for key in ("missing", "undeclared", "missingMembers", "undeclaredEvents", "unemitted"):
        assert found[key] == [], (key, found[key])


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm missing")
def test_npm_pack_is_publishable():
    package = json.loads((WEB / "package.json").read_text(encoding="utf-8"))
    assert "private" not in package and package["license"] == "MIT"
    packed = subprocess.run(["npm", "pack", "--dry-run", "--json"], cwd=WEB, capture_output=True, text=True, timeout=120)
    assert packed.returncode == 0, packed.stderr
    files = {f["path"] for f in json.loads(packed.stdout)[0]["files"]}
    assert {"README.md", "LICENSE", "avatar-client.js", "avatar-client.d.ts", "protocol.schema.json", "package.json"} <= files
    assert not any(f.startswith(("node_modules/", "app.js", "sw.js")) for f in files), files
