"""Microphone and speaker choice, the pre-join microphone test and word-level captions, in a real
Chromium with its fake media devices against the scripted server (real aiortc peer).

``UPDATE_DOCS=1`` also copies the settings screenshot into docs/ (settings-390.png).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.web.conftest import ARTIFACTS, SENTENCES, start_call

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

RECORD = """
window.__words = []; window.__levels = [];
addEventListener('DOMContentLoaded', () => {
  const c = window.silverAvatar && window.silverAvatar.client;
  if (!c) return;
  c.on('captionword', (d) => window.__words.push(d));
  c.on('miclevel', (d) => window.__levels.push(d.level));
  // the word marked as spoken (.word.now), each time it changes, with the sentence it is in
  window.__marked = [];
  new MutationObserver(() => {
    const now = document.querySelector('#log .sentence.now .word.now');
    const key = now ? now.textContent : null;
    if (key && key !== window.__marked[window.__marked.length - 1]) window.__marked.push(key);
  }).observe(document.querySelector('#log'), {subtree: true, attributes: true, attributeFilter: ['class']});
});
"""


async def _page(browser, **kwargs):
    page = await browser.new_page(**kwargs)
    await page.add_init_script(RECORD)
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return page


async def test_word_captions_arrive_and_the_spoken_word_is_highlighted(browser, scripted_server, artifacts):
    scripted_server.caption_ms = 2400  # slow enough to watch each word in turn
    page = await _page(browser, viewport={"width": 1280, "height": 800})
    await start_call(page, scripted_server.url)
    await page.evaluate("window.silverAvatar.client.ask('기초연금은 어디에서 신청하나요?')")
    first = SENTENCES[0].split()
    await page.wait_for_function(f"() => window.__words.filter(w => w.index === 0).length >= {len(first)}", timeout=15_000)
    words = await page.evaluate("window.__words.filter(w => w.index === 0)")
    assert [w["text"] for w in words] == first
    assert [w["wordIndex"] for w in words] == list(range(len(first)))
    starts = [w["startMs"] for w in words]
    assert starts == sorted(starts) and words[-1]["endMs"] <= 2400
    # The sentence is shown as word spans, and the highlight went through them in order.
    spans = await page.locator("#log .entry-bot .sentence").first.locator(".word").all_text_contents()
    assert spans == first
    marked = await page.evaluate("window.__marked")
    assert marked[: len(first)] == first, marked
    # A mid-sentence screenshot shows the word highlight.
    scripted_server.caption_ms = 2400
    await page.evaluate("window.__words = []")
    await page.evaluate("window.silverAvatar.client.ask('신분증도 필요한가요?')")
    await page.wait_for_function("() => window.__words.length >= 3", timeout=15_000)
    now = page.locator("#log .sentence.now .word.now")
    await expect(now).to_have_count(1)
    background = await now.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background != "rgba(0, 0, 0, 0)"
    await page.screenshot(path=str(ARTIFACTS / "word-caption-1280.png"))
    if os.environ.get("UPDATE_DOCS") == "1":
        shutil.copy(ARTIFACTS / "word-caption-1280.png", DOCS / "word-caption-1280.png")
    await page.wait_for_function("() => document.querySelector('#status').dataset.state === 'listening'", timeout=15_000)
    await expect(page.locator("#log .word.now")).to_have_count(0)  # nothing marked once the answer ends
    assert not page.problems, page.problems


async def test_captions_without_words_still_show_plain_sentences(browser, scripted_server):
    scripted_server.caption_words = False  # an older server
    page = await _page(browser, viewport={"width": 1280, "height": 800})
    await start_call(page, scripted_server.url)
    await page.evaluate("window.silverAvatar.client.ask('기초연금은 어디에서 신청하나요?')")
    await page.wait_for_function("() => document.querySelectorAll('#log .entry-bot .sentence').length >= 2", timeout=15_000)
    assert await page.locator("#log .word").count() == 0
    assert await page.evaluate("window.__words.length") == 0


async def test_device_list_and_choice_with_fake_devices(browser, scripted_server, artifacts):
    page = await _page(browser, **PHONE)
    await page.goto(scripted_server.url + "/")
    # Folded away at first: the start screen stays simple.
    summary = page.get_by_text("마이크 확인 · 소리 설정")
    await expect(summary).to_be_visible()
    await expect(page.get_by_label("마이크", exact=True)).to_be_hidden()
    await summary.click()
    mic = page.get_by_label("마이크", exact=True)
    speaker = page.get_by_label("스피커", exact=True)
    await expect(mic).to_be_visible()
    box = await mic.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 300  # a big target

    devices = await page.evaluate("window.silverAvatar.client.listDevices()")
    assert devices["inputs"] and devices["outputs"]
    real_inputs = [d for d in devices["inputs"] if d["deviceId"] not in ("default", "communications")]
    assert len(real_inputs) >= 2, devices  # Chromium's fake devices: several microphones
    labels = [d["label"] for d in real_inputs]
    assert all(labels), "fake-ui grants permission, so names are known"
    options = await mic.locator("option").all_text_contents()
    assert options[0] == "기본 마이크" and set(labels) <= set(options[1:])

    # Choose the second microphone: the pre-join test uses it.
    chosen = real_inputs[1]["deviceId"]
    await mic.select_option(chosen)
    await page.wait_for_function(f"() => window.silverAvatar.client.inputDeviceId === {chosen!r}")
    await page.get_by_role("button", name="마이크 확인하기").click()
    await page.wait_for_function("() => window.__levels.length > 3")
    used = await page.evaluate("window.silverAvatar.client._micTest && window.silverAvatar.client._micTest.deviceId")
    assert used == chosen

    # Speaker choice where the browser supports it (Chromium does: setSinkId).
    assert devices["canChooseSpeaker"] is True
    outputs = [d for d in devices["outputs"] if d["deviceId"] not in ("default", "communications")]
    if outputs:
        await speaker.select_option(outputs[0]["deviceId"])
        await page.wait_for_function(
            f"window.silverAvatar.client.outputDeviceId === {outputs[0]['deviceId']!r}", timeout=5000)
        await expect(page.locator("#speaker-note")).to_be_hidden()
    await page.locator("#sound-settings").screenshot(path=str(ARTIFACTS / "settings-390.png"))
    if os.environ.get("UPDATE_DOCS") == "1":
        shutil.copy(ARTIFACTS / "settings-390.png", DOCS / "settings-390.png")

    # Start the call with that microphone, then switch microphones mid-call (replaceTrack, no new offer).
    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=20_000)
    assert await page.evaluate("window.silverAvatar.client._micTest") is None  # the test stopped
    sender_device = """() => {
      const pc = window.silverAvatar.client._pc;
      const s = pc.getSenders().find((x) => x.track && x.track.kind === 'audio');
      return s.track.getSettings().deviceId;
    }"""
    assert await page.evaluate(sender_device) == chosen
    offers = len(scripted_server.offers)
    other = real_inputs[0]["deviceId"]
    await page.evaluate("document.querySelector('#sound-settings').open = true")
    mic = page.get_by_label("마이크", exact=True)
    await expect(mic).to_be_visible()
    await mic.select_option(other)
    await page.wait_for_function(f"() => window.silverAvatar.client.inputDeviceId === {other!r}")
    await page.wait_for_function(f"() => ({sender_device})() === {other!r}")
    assert len(scripted_server.offers) == offers  # no renegotiation
    assert await page.evaluate("window.silverAvatar.client.connectionState") == "connected"
    # The call's own meter still moves with the new microphone.
    await page.wait_for_function("() => Number(document.querySelector('#mic-level').getAttribute('aria-valuenow')) > 0",
                                 timeout=10_000)
    assert not page.problems, page.problems


async def test_device_changes_are_reported(browser, scripted_server):
    page = await _page(browser, viewport={"width": 1280, "height": 800})
    await page.goto(scripted_server.url + "/")
    await page.evaluate("""() => { window.__changes = [];
        const c = window.silverAvatar.client;
        c.on('devicechange', (d) => window.__changes.push(d));
        return c.testMicrophone(); }""")
    # Chromium cannot plug in a fake device; fire the browser's own event as it would.
    await page.evaluate("navigator.mediaDevices.dispatchEvent(new Event('devicechange'))")
    await page.wait_for_function("() => window.__changes.length === 1")
    change = await page.evaluate("window.__changes[0]")
    assert change["inputs"] and "canChooseSpeaker" in change
    await page.evaluate("window.silverAvatar.client.stopMicrophoneTest()")


async def test_speaker_choice_says_so_when_unsupported(browser, scripted_server):
    page = await _page(browser, viewport={"width": 1280, "height": 800})
    await page.add_init_script("delete HTMLMediaElement.prototype.setSinkId")
    await page.goto(scripted_server.url + "/")
    await page.get_by_text("마이크 확인 · 소리 설정").click()
    note = page.locator("#speaker-note")
    await expect(note).to_have_text("이 브라우저에서는 스피커를 고를 수 없어요. 기기의 소리 설정에서 바꿔 주세요.")
    await expect(page.get_by_label("스피커", exact=True)).to_be_disabled()
    error = await page.evaluate("""() => window.silverAvatar.client.setOutputDevice('x')
        .then(() => null, (e) => ({code: e.code, message: e.message}))""")
    assert error["code"] == "output_unsupported"


async def test_pre_join_microphone_test_moves_the_meter(browser, scripted_server, artifacts):
    page = await _page(browser, **PHONE)
    await page.goto(scripted_server.url + "/")
    await page.get_by_text("마이크 확인 · 소리 설정").click()
    await page.get_by_role("button", name="마이크 확인하기").click()
    await expect(page.get_by_text("말씀해 보세요. 막대가 움직이면 잘 들려요.")).to_be_visible()
    # Chromium's fake microphone beeps: the level rises and falls, the page says it hears.
    await page.wait_for_function("() => window.__levels.length >= 15", timeout=10_000)
    levels = await page.evaluate("window.__levels")
    assert max(levels) > 0.35 and min(levels) < max(levels) - 0.1, levels
    await expect(page.locator("#mic-test-result")).to_have_text("잘 들려요. 이제 ‘대화 시작’을 눌러 주세요.")
    meter = page.get_by_role("meter", name="마이크로 들리는 소리 크기")
    await expect(meter).to_be_visible()
    await page.get_by_role("button", name="확인 끝내기").click()
    tracks = await page.evaluate("window.silverAvatar.client._micTest")
    assert tracks is None
    await page.get_by_role("button", name="마이크 확인하기").click()
    await expect(page.locator("#mic-test-result")).to_have_text("잘 들려요. 이제 ‘대화 시작’을 눌러 주세요.")
    await page.locator("#sound-settings").evaluate("el => el.scrollIntoView({block: 'center'})")
    await page.wait_for_function("() => window.__levels.length && window.__levels[window.__levels.length - 1] > 0.4")
    await page.screenshot(path=str(artifacts / "mic-test-390.png"))
    if os.environ.get("UPDATE_DOCS") == "1":
        shutil.copy(artifacts / "mic-test-390.png", DOCS / "mic-test-390.png")
    assert not page.problems, page.problems


async def test_microphone_test_in_the_client_api(browser, scripted_server):
    """testMicrophone() without the page: levels through onLevel, stop() releases the microphone."""
    page = await _page(browser, viewport={"width": 800, "height": 600})
    await page.goto(scripted_server.url + "/")
    result = await page.evaluate("""async () => {
      const { AvatarClient } = await import('/avatar-client.js');
      const client = new AvatarClient();
      const seen = [];
      const test = await client.testMicrophone({ intervalMs: 50, onLevel: (level) => seen.push(level) });
      await new Promise((r) => setTimeout(r, 1500));
      const live = test.stream.getAudioTracks()[0];
      test.stop();
      return { n: seen.length, max: Math.max(...seen), state: live.readyState, label: test.label };
    }""")
    assert result["n"] >= 10 and result["max"] > 0.2
    assert result["state"] == "ended" and result["label"]
    # Denied: a clear AvatarError, no exception leaks.
    denied = await page.evaluate("""async () => {
      const { AvatarClient } = await import('/avatar-client.js');
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', 'NotAllowedError'));
      try { await new AvatarClient().testMicrophone(); return null; } catch (e) { return e.code; }
    }""")
    assert denied == "mic_denied"


async def test_the_call_shows_the_drawn_counsellor(browser, scripted_server):
    """The avatar video on the page is the new default face (warm wall, dark hair, face in the middle)."""
    page = await _page(browser, viewport={"width": 1280, "height": 800})
    await start_call(page, scripted_server.url)
    await page.wait_for_function("() => document.querySelector('#avatar-video').videoWidth > 0", timeout=15_000)
    await asyncio.sleep(0.5)
    pixels = await page.evaluate("""() => {
      const v = document.querySelector('#avatar-video');
      const c = document.createElement('canvas'); c.width = 64; c.height = 64;
      const g = c.getContext('2d'); g.drawImage(v, 0, 0, 64, 64);
      const at = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
      return { corner: at(2, 2), hair: at(32, 17), face: at(32, 30) };
    }""")
    assert min(pixels["corner"]) > 190  # the warm, plain wall
    assert max(pixels["hair"]) < 90  # dark hair above the forehead
    r, g, b = pixels["face"]
    assert r > 180 and r > b + 30  # skin
