"""The page at 100 %, 200 % and 400 % text (the browser's own font-size setting, not CSS zoom) on a
phone (390 × 844) and a laptop (1280 × 800): 대화 시작 and 그만 reachable without scrolling, the face
never a sliver, the conversation log readable, nothing cut off; axe-core finds nothing serious.

``UPDATE_DOCS=1`` also copies the screenshots into docs/ (page-390.png, page-1280.png, page-*-text200.png).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.web.conftest import REPLY, SENTENCES, set_text_size

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
QUESTION = "기초연금은 어디에서 신청하나요?"

#: Boxes of what must be on screen, whether it is inside the viewport, and layout faults.
MEASURE = """(selectors) => {
  const vw = innerWidth, vh = innerHeight;
  const box = (el) => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
  const inside = (r) => r.w > 0 && r.h > 0 && r.x >= -1 && r.y >= -1 && r.x + r.w <= vw + 1 && r.y + r.h <= vh + 1;
  const out = {};
  for (const [name, sel] of Object.entries(selectors)) {
    const el = document.querySelector(sel);
    if (!el) { out[name] = null; continue; }
    // a sentence (inline, maybe taller than the log): its first line must be on screen, inside the log
    const r = name === 'now' ? el.getClientRects()[0] : el.getBoundingClientRect();
    const b = {x: r.x, y: r.y, w: r.width, h: r.height};
    let ok = inside(b);
    if (name === 'now') { const log = document.querySelector('#log-wrap').getBoundingClientRect(); ok = ok && b.y >= log.top - 1 && b.y + b.h <= log.bottom + 1; }
    out[name] = {...b, inside: ok};
  }
  const visible = (el) => (el.offsetParent !== null || getComputedStyle(el).position === 'fixed') && !el.closest('.sr-only');
  const clipped = [...document.querySelectorAll('button, summary, .entry-text, .status, input, h1, .lead')]
    .filter(visible)
    .filter(el => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > vw + 1)
    .map(el => el.id || el.className || el.tagName);
  const small = [...document.querySelectorAll('button')].filter(visible)
    .filter(el => el.getBoundingClientRect().height < 56).map(el => el.innerText);
  // a label broken one syllable per line is taller than two lines of its own text
  const broken = [...document.querySelectorAll('button')].filter(visible).filter(el => {
    const lh = parseFloat(getComputedStyle(el).fontSize) * 1.3;
    return [...el.querySelectorAll('span, .tool-label')].some(s => s.getBoundingClientRect().height > 2.2 * lh)
      || (el.children.length === 0 && el.getBoundingClientRect().height > 3.5 * lh && el.innerText.length < 12);
  }).map(el => el.innerText);
  return {...out, clipped, small, broken, scrollY, sideways: document.documentElement.scrollWidth - vw,
          rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize)};
}"""

CASES = [
    (100, 390, 844), (200, 390, 844), (400, 390, 844), (200, 768, 1024),
    (100, 1280, 800), (200, 1280, 800), (400, 1280, 800),
]


async def _ask(page, text: str) -> None:
    details = page.locator("details.typing")
    if not await details.evaluate("d => d.open"):
        await page.get_by_text("글로 물어보기").click()
    await page.get_by_label("질문을 적고").fill(text)
    await page.get_by_role("button", name="보내기").click()


async def _until_listening_after(page, sentence: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        done = await page.evaluate(
            """(s) => document.querySelector('#status').dataset.state === 'listening'
                 && [...document.querySelectorAll('.entry-bot .sentence')].some(e => e.textContent === s)""",
            sentence,
        )
        if done:
            return
        assert time.monotonic() < deadline, "the answer was not shown"
        await asyncio.sleep(0.05)


def _assert_on_screen(report: dict, names: list[str], where: str) -> None:
    for name in names:
        assert report[name] is not None, f"{where}: {name} missing"
        assert report[name]["inside"], f"{where}: {name} not inside the viewport without scrolling: {report[name]}"


@pytest.mark.parametrize(("percent", "width", "height"), CASES, ids=[f"text{p}-{w}" for p, w, _ in CASES])
async def test_controls_stay_on_screen(browser, scripted_server, axe_check, artifacts, percent, width, height):
    page = await browser.new_page(viewport={"width": width, "height": height})
    await set_text_size(page, percent)
    await page.goto(scripted_server.url + "/")
    where = f"{percent}% {width}x{height}"

    start = await page.evaluate(MEASURE, {"start": "#start-button", "title": "#start-title"})
    assert start["rootPx"] == 16 * percent / 100, "the browser's text size did not apply"
    assert start["scrollY"] == 0
    _assert_on_screen(start, ["start"], where + " start")
    assert start["sideways"] <= 0 and start["clipped"] == [] and start["broken"] == [], start
    if percent in (200, 400):
        assert await axe_check(page, f"start-text{percent}-{width}") == []
    await page.screenshot(path=str(artifacts / f"start-{width}-text{percent}.png"))

    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=20_000)
    for answers in (1, 2):  # a log longer than the screen
        await _ask(page, QUESTION)
        await page.wait_for_function(
            "(n) => document.querySelectorAll('.entry-bot').length === n && !document.querySelector('.sentence.now')"
            " && document.querySelector('#status').dataset.state === 'listening'", arg=answers)
    await _ask(page, QUESTION)
    await page.wait_for_function("() => document.querySelector('#status').dataset.state === 'speaking'")
    await page.wait_for_function("() => !!document.querySelector('.sentence.now')")
    await page.evaluate("document.activeElement && document.activeElement.blur()")

    call = await page.evaluate(
        MEASURE,
        {"stop": "#stop-button", "repeat": "#repeat-button", "slow": "#slow-button", "louder": "#louder-button",
         "end": "#end-button", "video": ".video-wrap", "status": "#status", "now": ".sentence.now",
         "log": "#log-wrap", "meter": "#mic-level"},
    )
    _assert_on_screen(call, ["stop", "repeat", "slow", "louder", "end", "video", "status", "now", "meter"], where)
    # the face: a square, at least 150 px (the issue saw a 117 × 353 px sliver)
    assert call["video"]["w"] >= 150 and abs(call["video"]["w"] - call["video"]["h"]) <= 2, call["video"]
    assert call["log"]["h"] >= 120, f"{where}: the log has no room: {call['log']}"
    assert call["sideways"] <= 0 and call["clipped"] == [] and call["small"] == [] and call["broken"] == [], call
    # the log keeps every answer and question, in large type
    users = await page.locator(".entry-user .entry-text").all_inner_texts()
    assert users == [QUESTION] * 3, (users, await page.evaluate("[...document.querySelectorAll('#log > li')].map(l => l.className + ':' + l.innerText.slice(0, 30))"))
    assert await page.locator(".entry-bot .sentence", has_text=SENTENCES[0]).count() == 3
    size = await page.evaluate("parseFloat(getComputedStyle(document.querySelector('.entry-bot .entry-text')).fontSize)")
    assert size >= min(28 * percent / 100, 0.125 * width), f"{where}: log text {size}px"
    if percent in (200, 400):
        assert await axe_check(page, f"call-text{percent}-{width}") == []
    shot = artifacts / f"page-{width}-text{percent}.png"
    await page.screenshot(path=str(shot))
    if os.environ.get("UPDATE_DOCS") and percent in (100, 200):
        shutil.copyfile(shot, DOCS / (f"page-{width}.png" if percent == 100 else shot.name))
        shutil.copyfile(artifacts / f"start-{width}-text{percent}.png", DOCS / f"start-{width}-text{percent}.png")


async def test_zoom_200_short_window(browser, scripted_server, artifacts):
    """200 % page zoom on a 1280 × 800 screen = 640 × 400 CSS px: the tools and the face still fit."""
    page = await browser.new_page(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    await page.goto(scripted_server.url + "/")
    start = await page.evaluate(MEASURE, {"start": "#start-button"})
    _assert_on_screen(start, ["start"], "zoom start")
    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=20_000)
    await _ask(page, QUESTION)
    await page.wait_for_function("() => !!document.querySelector('.sentence.now')")
    call = await page.evaluate(MEASURE, {"stop": "#stop-button", "repeat": "#repeat-button", "video": ".video-wrap",
                                         "end": "#end-button", "now": ".sentence.now"})
    _assert_on_screen(call, ["stop", "repeat", "video", "end", "now"], "zoom call")
    assert call["video"]["w"] >= 120 and call["sideways"] <= 0 and call["clipped"] == [], call
    await page.screenshot(path=str(artifacts / "page-zoom200-1280.png"))


async def test_whole_answer_stays_in_the_log(browser, scripted_server):
    """Sentences accumulate (the one being spoken is marked), instead of replacing each other."""
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.goto(scripted_server.url + "/")
    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=20_000)
    await _ask(page, QUESTION)
    now = page.locator(".sentence.now")
    # the first sentence stays in the log after the second starts (its "now" moment is too short to
    # catch reliably on a loaded machine)
    await expect(page.locator(".sentence").first).to_have_text(SENTENCES[0])
    await expect(now).to_have_text(SENTENCES[1])
    await expect(page.locator("#avatar-caption")).to_have_text(f"{SENTENCES[0]} {SENTENCES[1]}")
    await _until_listening_after(page, SENTENCES[1])
    await expect(now).to_have_count(0)
    await expect(page.locator("#avatar-caption")).to_have_text(REPLY)
