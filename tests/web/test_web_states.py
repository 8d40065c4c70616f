"""What the page says and offers around the answers: the server's greeting, example questions,
phone links, 천천히 at the server's rate, 다시 듣기 without a transcript, and honest states when the
server or the person's own network goes away (including a reload while the server is down)."""

from __future__ import annotations

import json

import pytest
from playwright.async_api import expect

from tests.web.conftest import GREETING, SENTENCES

pytestmark = pytest.mark.browser


async def _call(browser, server, **kwargs):
    page = await browser.new_page(viewport={"width": 390, "height": 844}, **kwargs)
    await page.goto(server.url + "/")
    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=20_000)
    return page


def _channel(server):
    return next(iter(server.channels.values()))


async def test_greeting_examples_and_phone_links(browser, scripted_server, axe_check):
    scripted_server.greeting = True
    scripted_server.hello = {"slow_rate": 0.7}
    page = await _call(browser, scripted_server)
    # the server's spoken greeting joins the written one
    await expect(page.locator(".entry-bot").first).to_contain_text(GREETING)
    assert await page.locator(".entry-bot").first.get_attribute("data-intent") == "greeting"

    # an example question is sent as a typed question and shown as the person's words
    example = page.locator(".btn-example").first
    question = await example.inner_text()
    await example.click()
    await scripted_server.wait_for(lambda: {"type": "ask", "text": question} in scripted_server.received)
    await expect(page.locator(".entry-user .entry-text")).to_have_text([question])

    # phone numbers in an answer become tel: links; ages and years do not
    await expect(page.locator("#status-text")).to_have_text("듣고 있어요", timeout=10_000)
    channel = _channel(scripted_server)
    answer = "65세 이상은 2025년부터 보건복지상담센터 129나 1577-1000, 02-123-4567, 경찰 112에 물어보세요."
    for message in ({"type": "reply", "text": answer, "entry_id": None, "turn": 9},
                    {"type": "state", "state": "speaking", "turn": 9},
                    {"type": "caption", "text": answer, "index": 0, "turn": 9}):
        channel.send(json.dumps(message, ensure_ascii=False))
    # (the entry found by its words, not as the last one: the scripted server's own reply to the example
    # question may still arrive and become the last entry)
    links = page.locator(".entry-bot").filter(has_text="2025년부터 보건복지상담센터").locator("a.tel")
    await expect(links).to_have_text(["129", "1577-1000", "02-123-4567", "112"])
    assert await links.evaluate_all("ls => ls.map(l => l.getAttribute('href'))") == [
        "tel:129", "tel:15771000", "tel:021234567", "tel:112"]
    assert await axe_check(page, "greeting-390") == []

    # 천천히 asks for the rate the server announced
    await page.get_by_role("button", name="천천히").click()
    await scripted_server.wait_for(lambda: {"type": "set_rate", "rate": 0.7} in scripted_server.received)


async def test_repeat_without_transcript_replays_the_answer(browser, scripted_server):
    """The fixed server sends no transcript and no reply for 다시 듣기: captions alone mark the old answer."""
    scripted_server.legacy_repeat = False
    page = await _call(browser, scripted_server)
    await page.get_by_text("글로 물어보기").click()
    await page.get_by_label("질문을 적고").fill("기초연금 신청")
    await page.get_by_role("button", name="보내기").click()
    await expect(page.locator("#status-text")).to_have_text("말하고 있어요")
    await expect(page.locator("#status-text")).to_have_text("듣고 있어요", timeout=10_000)
    again = page.locator(".entry-bot").last.get_by_role("button", name="한 번 더 듣기")
    await again.click()
    await scripted_server.wait_for(lambda: scripted_server.kinds().count("repeat") == 1)
    await expect(page.locator(".entry-bot .sentence.now")).to_have_text(SENTENCES[0])
    await expect(page.locator("#status-text")).to_have_text("듣고 있어요", timeout=10_000)
    assert await page.locator(".entry-bot").count() == 1
    assert await page.locator(".entry-user .entry-text").all_inner_texts() == ["기초연금 신청"]


async def test_microphone_level_meter_moves(browser, scripted_server):
    page = await _call(browser, scripted_server)
    meter = page.locator("#mic-level")
    await expect(meter).to_be_visible()
    # Chromium's fake microphone beeps: the meter must show it at some point
    await page.wait_for_function(
        "() => Number(document.querySelector('#mic-level').getAttribute('aria-valuenow')) > 10", timeout=10_000)


async def test_server_down_during_a_call_is_not_called_the_end(browser, scripted_server):
    page = await _call(browser, scripted_server)
    await page.evaluate("window.silverAvatar.client.reconnectOptions.maxAttempts = 2")
    await scripted_server.stop()
    await expect(page.locator("#status-text")).to_have_text("다시 연결하고 있어요", timeout=15_000)
    await expect(page.locator("#video-overlay")).to_be_visible()
    heading = page.get_by_role("heading", name="상담 서버와 연결이 끊겼어요")
    await expect(heading).to_be_visible(timeout=30_000)
    await expect(page.locator("#start-lead")).to_contain_text("이 기기의 인터넷은 연결되어 있어요")
    await expect(page.get_by_role("button", name="대화 시작")).to_be_visible()


async def test_own_network_down_is_named_as_such(browser, scripted_server):
    page = await _call(browser, scripted_server)
    await page.context.set_offline(True)
    await expect(page.locator("#status-text")).to_have_text("인터넷이 끊겼어요", timeout=10_000)
    await expect(page.locator("#video-overlay-text")).to_have_text("인터넷이 끊겼어요")
    await page.context.set_offline(False)


async def test_start_while_offline_blames_the_device_not_the_server(browser, scripted_server):
    page = await browser.new_page()
    await page.goto(scripted_server.url + "/")
    await page.context.set_offline(True)
    await page.get_by_role("button", name="대화 시작").click()
    await expect(page.get_by_role("alert")).to_contain_text("이 기기가 인터넷에 연결되어 있지 않아요")
    await page.context.set_offline(False)


async def test_start_while_server_down_says_the_server(browser, scripted_server):
    page = await browser.new_page()
    await page.goto(scripted_server.url + "/")
    await scripted_server.stop()
    await page.get_by_role("button", name="대화 시작").click()
    await expect(page.get_by_role("alert")).to_contain_text("상담 서버에 연결하지 못했어요")


async def test_reload_while_server_down_shows_our_korean_page(browser, scripted_server, axe_check, artifacts):
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.goto(scripted_server.url + "/")
    await page.wait_for_function(
        "async () => { const r = await navigator.serviceWorker.ready; return !!r.active; }", timeout=10_000)
    await scripted_server.stop()
    await page.reload()
    await expect(page.get_by_role("heading", name="지금은 상담 서버에 연결할 수 없어요")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "ko"
    assert await page.evaluate("getComputedStyle(document.querySelector('.btn-start')).backgroundColor") == "rgb(15, 85, 35)"
    await expect(page.get_by_role("link", name="다시 시도")).to_be_visible()
    assert await axe_check(page, "offline-390") == []
    await page.screenshot(path=str(artifacts / "offline-390.png"))


async def test_autoplay_blocked_is_shown_and_recovers(browser, scripted_server):
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    # the first play() is refused as a browser without a user gesture would; later ones work
    await page.add_init_script("""
      const realPlay = HTMLMediaElement.prototype.play;
      let refused = false;
      HTMLMediaElement.prototype.play = function () {
        if (!refused) { refused = true; return Promise.reject(new DOMException('no gesture', 'NotAllowedError')); }
        return realPlay.call(this);
      };""")
    await page.goto(scripted_server.url + "/")
    await page.get_by_role("button", name="대화 시작").click()
    sound = page.get_by_role("button", name="소리 켜기")
    await expect(sound).to_be_visible(timeout=20_000)
    assert await page.evaluate("window.silverAvatar.client.playbackBlocked") is True
    await sound.click()
    await expect(sound).to_be_hidden()
    assert await page.evaluate("window.silverAvatar.client.playbackBlocked") is False
