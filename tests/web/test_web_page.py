"""The senior-first page in a real Chromium against the scripted server (real aiortc peer, no models)."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from playwright.async_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SENTENCE_1 = "기초연금은 주소지 주민센터나 국민연금공단 지사에서 신청하실 수 있어요."
SENTENCE_2 = "신분증과 통장 사본을 가져가세요."
QUESTION = "기초연금은 어디에서 신청하나요?"
REPLY_TEXT = f"{SENTENCE_1} {SENTENCE_2}"


RECORD_CAPTIONS = """
window.__captions = []; window.__problems = [];
addEventListener('DOMContentLoaded', () => {
  // the sentence marked as being spoken (.sentence.now), each time it changes
  let last = null;
  new MutationObserver(() => {
    const now = document.querySelector('#log .sentence.now');
    const text = now ? now.textContent : null;
    if (text && text !== last) window.__captions.push(text);
    last = text;
  }).observe(document.querySelector('#log'), {childList: true, characterData: true, subtree: true, attributes: true});
});
"""


async def _new_page(browser, **kwargs):
    """A page that records each sentence marked as spoken (captions change fast), console errors and
    failed requests."""
    page = await browser.new_page(**kwargs)
    await page.add_init_script(RECORD_CAPTIONS)
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    return page


async def _spoken(page, sentences: list[str], timeout: float = 8.0) -> None:
    """Wait until the avatar has been marked speaking ``sentences`` in order, one at a time."""
    deadline = time.monotonic() + timeout
    while True:
        shown = await page.evaluate("window.__captions")
        it = iter(shown)
        if all(any(s == c for c in it) for s in sentences):
            return
        assert time.monotonic() < deadline, f"captions shown: {shown}"
        await asyncio.sleep(0.05)


async def _shot(page, path: Path) -> None:
    """Screenshot of what a person sees on arrival: top of the page, no focus ring."""
    await page.evaluate("document.activeElement && document.activeElement.blur(); scrollTo(0, 0)")
    await page.screenshot(path=str(path))
    await page.screenshot(path=str(path.with_name(path.stem + "-full.png")), full_page=True)


async def _ask(page, text: str) -> None:
    details = page.locator("details.typing")
    if not await details.evaluate("d => d.open"):
        await page.get_by_text("글로 물어보기").click()
    await page.get_by_label("질문을 적고").fill(text)
    await page.get_by_role("button", name="보내기").click()


async def test_call_flow_captions_and_tools(browser, scripted_server, open_call, axe_check, artifacts):
    page = await _new_page(browser, viewport={"width": 1280, "height": 800})
    await open_call(page, scripted_server.url)
    status = page.locator("#status-text")
    await expect(status).to_have_text("듣고 있어요")
    await expect(page.locator("#call-title")).to_be_focused()

    # The avatar's video plays (frames arrive over WebRTC).
    await page.wait_for_function(
        "() => { const v = document.querySelector('#avatar-video'); return v.videoWidth > 0 && v.currentTime > 0.2; }",
        timeout=15_000,
    )

    # The written greeting says it is an automated service and offers example questions.
    intro = page.locator(".entry-intro")
    await expect(intro).to_contain_text("자동 상담 서비스")
    await expect(intro.get_by_role("button")).to_have_count(4)

    await _ask(page, QUESTION)
    await expect(page.locator("#user-caption")).to_have_text(QUESTION)
    # Captions follow speech: first sentence while it is spoken, then the second, not the whole reply at once.
    await _spoken(page, [SENTENCE_1, SENTENCE_2])
    assert REPLY_TEXT not in await page.evaluate("window.__captions")
    await expect(status).to_have_text("듣고 있어요")
    # Both sentences stay in the log, with 한 번 더 듣기 under the answer.
    await expect(page.locator("#avatar-caption")).to_have_text(REPLY_TEXT)
    await expect(page.locator(".entry-bot").last.get_by_role("button", name="한 번 더 듣기")).to_be_visible()

    assert await axe_check(page, "call-1280") == []
    await _shot(page, artifacts / "page-1280-scripted.png")
    await page.set_viewport_size({"width": 390, "height": 844})
    await _shot(page, artifacts / "page-390-scripted.png")
    assert await axe_check(page, "call-390") == []
    await page.set_viewport_size({"width": 1280, "height": 800})

    # 다시 듣기: the server is asked to repeat, and the captions run again over the same answer; the
    # older server's "다시 말해 주세요" transcript is not shown as the person's words, no new entry.
    await page.evaluate("window.__captions = []")
    await page.get_by_role("button", name="다시 듣기").click()
    await _spoken(page, [SENTENCE_1, SENTENCE_2])
    await expect(status).to_have_text("듣고 있어요")
    assert await page.locator(".entry-user .entry-text").all_inner_texts() == [QUESTION]
    assert await page.locator(".entry-bot").count() == 1

    # 천천히 toggles the rate (0.8 ⇄ 1.0) and shows that it is on.
    slow = page.get_by_role("button", name="천천히")
    await slow.click()
    await expect(slow).to_have_attribute("aria-pressed", "true")
    # 크게 raises the playback level above the element's maximum (Web Audio gain).
    await page.get_by_role("button", name="크게").click()
    await expect(page.locator("#volume-level")).to_have_text("소리: 크게")
    assert await page.evaluate("window.silverAvatar.client.volume") == 1.5
    # 그만 asks the server to stop; the page says so.
    await page.get_by_role("button", name="그만").click()
    await scripted_server.wait_for(lambda: "interrupt" in scripted_server.kinds())
    await expect(page.locator("#announcer")).to_have_text("말을 멈췄어요.")

    kinds = scripted_server.kinds()
    assert kinds.count("repeat") == 1
    assert {"type": "set_rate", "rate": 0.8} in scripted_server.received

    sid = scripted_server.offers and await page.evaluate("window.silverAvatar.client.sessionId")
    await page.get_by_role("button", name="대화 끝내기").click()
    await expect(page.get_by_role("heading", name="대화를 마쳤어요")).to_be_visible()
    await scripted_server.wait_for(lambda: scripted_server.deleted == [sid])
    assert await page.evaluate("window.silverAvatar.client.connectionState") == "closed"
    # No red line in the console: no 404 for the favicon, no DELETE after the peer closed.
    await asyncio.sleep(0.5)
    assert page.problems == []


async def test_reconnect_resumes_the_session_with_backoff(browser, scripted_server, open_call):
    page = await _new_page(browser)
    await page.add_init_script(
        """window.__conn = [];
        addEventListener('DOMContentLoaded', () => {
          window.silverAvatar.client.on('connectionstatechange', d => window.__conn.push(d));
        });"""
    )
    await open_call(page, scripted_server.url)
    await page.wait_for_function("window.__conn.length > 0")
    sid = await page.evaluate("window.silverAvatar.client.sessionId")
    assert sid and scripted_server.offers[0].get("session_id") is None

    # First retry meets a busy server (503 + Retry-After: 1); the client must wait and try again.
    scripted_server.fail_next.append(
        (503, {"code": "busy", "message": "지금은 상담하는 분이 많아요."}, {"Retry-After": "1"})
    )
    stamps: list[float] = []
    await scripted_server.drop(sid)
    await expect(page.locator("#status-text")).to_have_text("다시 연결하고 있어요", timeout=10_000)
    await scripted_server.wait_for(lambda: len(scripted_server.offers) >= 2, timeout=15)
    stamps.append(time.monotonic())
    await scripted_server.wait_for(lambda: len(scripted_server.offers) >= 3, timeout=15)
    stamps.append(time.monotonic())
    assert stamps[1] - stamps[0] >= 0.9, "Retry-After was not honoured"
    assert [o.get("session_id") for o in scripted_server.offers[1:]] == [sid, sid]

    await expect(page.locator("#status-text")).to_have_text("듣고 있어요", timeout=10_000)
    events = await page.evaluate("window.__conn")
    assert events[-1]["state"] == "connected" and events[-1]["resumed"] is True
    assert [e["attempt"] for e in events if e["state"] == "reconnecting" and e["attempt"]][:2] == [1, 2]
    assert await page.evaluate("window.silverAvatar.client.sessionId") == sid

    # The conversation goes on over the new peer.
    await _ask(page, QUESTION)
    await _spoken(page, [SENTENCE_1])


async def test_busy_server_message_is_shown(browser, scripted_server):
    message = "지금은 상담하는 분이 많아요. 잠시 후 다시 눌러 주세요."
    scripted_server.fail_next.append((503, {"code": "busy", "message": message}, {"Retry-After": "30"}))
    page = await _new_page(browser)
    await page.goto(scripted_server.url + "/")
    start = page.get_by_role("button", name="대화 시작")
    await start.click()
    await expect(page.get_by_role("alert")).to_have_text(message)
    await expect(start).to_be_enabled()
    assert await page.locator("#call").is_hidden()


@pytest.mark.parametrize(
    ("fake_device", "title", "must_mention"),
    [(True, "마이크를 쓸 수 없어요", "허용"), (False, "마이크를 찾지 못했어요", "이어폰")],
    ids=["denied", "missing"],
)
async def test_microphone_guidance(playwright, scripted_server, axe_check, artifacts, fake_device, title, must_mention):
    # No fake UI: headless Chromium denies the permission prompt (NotAllowedError); with no fake
    # device either, there is simply no microphone (NotFoundError).
    # Without a media permission Chromium hides host candidates behind mDNS names; aioice resolves
    # those with a process-wide lock tied to the first event loop, so keep plain addresses here.
    args = ["--no-sandbox", "--disable-gpu", "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns"]
    if fake_device:
        args.append("--use-fake-device-for-media-stream")
    browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=args)
    try:
        page = await _new_page(browser, viewport={"width": 390, "height": 844})
        await page.goto(scripted_server.url + "/")
        await page.get_by_role("button", name="대화 시작").click()
        heading = page.get_by_role("heading", name=title)
        await expect(heading).to_be_visible()
        await expect(heading).to_be_focused()
        assert must_mention in await page.locator("#mic-help-steps").inner_text()
        await expect(page.get_by_role("button", name="다시 시도")).to_be_visible()
        assert await axe_check(page, f"mic-{'denied' if fake_device else 'missing'}") == []
        await page.screenshot(path=str(artifacts / f"mic-help-{'denied' if fake_device else 'missing'}-390.png"))
        assert scripted_server.offers == []

        # Without a microphone the senior can still type: the call opens with no mic track.
        await page.get_by_role("button", name="마이크 없이 글로 묻기").click()
        await expect(page.get_by_label("질문을 적고")).to_be_focused(timeout=20_000)
        assert "m=audio" in scripted_server.offers[0]["sdp"]
        await _ask(page, QUESTION)
        await _spoken(page, [SENTENCE_1])
    finally:
        await browser.close()


async def test_start_page_is_accessible_and_keyboard_first(browser, scripted_server, axe_check, artifacts):
    page = await _new_page(browser, viewport={"width": 390, "height": 844})
    await page.goto(scripted_server.url + "/")
    assert await page.evaluate("document.documentElement.lang") == "ko"
    assert await axe_check(page, "start-390") == []
    await page.screenshot(path=str(artifacts / "start-390.png"))

    # The first Tab lands on the start button, with a focus ring you can see.
    await page.keyboard.press("Tab")
    start = page.get_by_role("button", name="대화 시작")
    await expect(start).to_be_focused()
    ring = await start.evaluate("b => [getComputedStyle(b).outlineStyle, getComputedStyle(b).boxShadow]")
    assert ring[0] == "solid" and "rgb(255, 205, 0)" in ring[1]
    box = await start.bounding_box()
    assert box["height"] >= 96 and box["width"] >= 300

    await page.keyboard.press("Enter")
    await page.locator("#call").wait_for(state="visible", timeout=20_000)
    await expect(page.locator("#call-title")).to_be_focused()
    order = []
    for _ in range(11):
        await page.keyboard.press("Tab")
        order.append(await page.evaluate(
            "document.activeElement.id === 'log-wrap' ? 'log' : document.activeElement.innerText.trim().split('\\n')[0]"))
    # the log (scrollable by keyboard), its example questions, typing, the sound settings, then the tools
    assert order[:5] == ["log", *(await page.locator(".btn-example").all_inner_texts())]
    assert order[5:] == ["글로 물어보기", "마이크 확인 · 소리 설정", "다시 듣기", "천천히", "크게", "그만"]
    await page.locator("#call-title").focus()
    await page.keyboard.press("Shift+Tab")  # from the call title, back: 대화 끝내기 at the top right
    await expect(page.get_by_role("button", name="대화 끝내기")).to_be_focused()
    await page.locator(".typing summary").focus()
    await page.keyboard.press("Enter")  # opens 글로 물어보기 from the keyboard
    await page.keyboard.press("Tab")
    await page.keyboard.type(QUESTION)
    await page.keyboard.press("Enter")
    await _spoken(page, [SENTENCE_1])


async def test_embed_example_connects_and_shows_captions(browser, scripted_server):
    page = await _new_page(browser)
    await page.goto(scripted_server.url + "/examples/embed.html")
    await page.get_by_role("button", name="대화 시작").click()
    await scripted_server.wait_for(lambda: scripted_server.channels, timeout=20)
    await page.wait_for_function("document.querySelector('#avatar').videoWidth > 0", timeout=15_000)
    channel = next(iter(scripted_server.channels.values()))
    channel.send(json.dumps({"type": "caption", "text": "안녕하세요. 무엇을 도와드릴까요?", "index": 0}))
    await expect(page.locator("#caption")).to_have_text("안녕하세요. 무엇을 도와드릴까요?")
    # A malformed message is dropped, not shown.
    channel.send(json.dumps({"type": "caption", "text": 5, "index": 0}))
    await asyncio.sleep(0.3)
    await expect(page.locator("#caption")).to_have_text("안녕하세요. 무엇을 도와드릴까요?")
