"""The page against the real server and models: speak into a fake microphone, see both captions.

The microphone is Chromium's fake capture device playing a WAV of a Korean question that
espeak-ng speaks in the test (padded with silence so the segmenter sees the end of the turn).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from playwright.async_api import expect
from scipy.signal import resample_poly

pytestmark = pytest.mark.browser

QUESTION = "기초연금은 어디에서 신청하나요?"


def _question_wav(path: Path, text: str, lead_s: float = 1.5, tail_s: float = 8.0) -> None:
    raw = subprocess.run(["espeak-ng", "-v", "ko", "-s", "140", "--stdout", text], check=True, capture_output=True).stdout
    src = path.with_suffix(".espeak.wav")
    src.write_bytes(raw)
    with wave.open(str(src)) as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32)
    pcm = resample_poly(pcm, 48_000 // np.gcd(48_000, rate), rate // np.gcd(48_000, rate))
    pcm = np.clip(pcm, -32768, 32767).astype(np.int16)
    silence = np.zeros(int(lead_s * 48_000), np.int16), np.zeros(int(tail_s * 48_000), np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(np.concatenate([silence[0], pcm, silence[1]]).tobytes())


RECORD = """
window.__captions = []; window.__states = []; window.__events = [];
addEventListener('DOMContentLoaded', () => {
  const c = window.silverAvatar.client;
  c.on('caption', m => window.__captions.push(m.text));
  c.on('state', m => window.__states.push(m.state));
  for (const t of ['transcript', 'reply', 'metrics', 'error', 'invalidmessage', 'session'])
    c.on(t, m => window.__events.push({t, m, at: performance.now()}));
});
"""


async def _wait(page, expression: str, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await page.evaluate(expression)
        if value:
            return value
        await asyncio.sleep(0.1)
    events = await page.evaluate("window.__events")
    raise AssertionError(f"timed out waiting for {what}; events: {events}")


async def test_speak_see_captions_and_repeat(launch, live_server, tmp_path, artifacts, axe_check):
    wav = tmp_path / "question.wav"
    _question_wav(wav, QUESTION)
    browser = await launch(wav=wav)
    page = await browser.new_page(viewport={"width": 1280, "height": 800})
    await page.add_init_script(RECORD)
    await page.goto(live_server.url + "/")
    started = time.monotonic()
    await page.get_by_role("button", name="대화 시작").click()
    await page.locator("#call").wait_for(state="visible", timeout=30_000)
    connected_s = time.monotonic() - started

    # What the person said appears as a final transcript, then the answer sentence by sentence.
    heard = await _wait(
        page, "window.__events.filter(e => e.t === 'transcript' && e.m.final && e.m.text).map(e => e.m.text).pop()",
        60, "a final transcript",
    )
    await expect(page.locator("#user-caption")).to_have_text(heard)
    await _wait(page, "window.__captions.length > 0", 60, "the first caption")
    await expect(page.locator("#status-text")).to_have_text("말하고 있어요", timeout=10_000)
    await expect(page.locator("#avatar-caption")).not_to_have_text("상담원의 대답이 여기에 나와요.")
    # the page asked for the spoken welcome on connect: the answer is the reply of the question's turn
    reply = await page.evaluate("window.__events.filter(e => e.t === 'reply').map(e => e.m).pop()")
    reply_js = json.dumps(reply["text"], ensure_ascii=False)
    answer_captions = f"window.__captions.filter(c => {reply_js}.includes(c))"
    await _wait(page, answer_captions + ".length > 0", 60, "the answer's first caption")
    first_caption = (await page.evaluate(answer_captions))[0]
    assert first_caption in reply["text"]

    # Screenshots while the avatar speaks, for the test run and for the docs.
    await page.evaluate("document.activeElement && document.activeElement.blur(); scrollTo(0, 0)")
    await page.screenshot(path=str(artifacts / "page-1280.png"))
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(artifacts / "page-390.png"))
    await page.set_viewport_size({"width": 1280, "height": 800})
    assert await axe_check(page, "live-call") == []

    await expect(page.locator("#status-text")).to_have_text("듣고 있어요", timeout=90_000)
    spoken = await page.evaluate(answer_captions)

    # 다시 듣기 plays the last answer again: the same sentences come back as captions.
    await page.evaluate("window.__captions = []; window.__states = []")
    await page.get_by_role("button", name="다시 듣기").click()
    await _wait(page, "window.__states.includes('speaking')", 30, "speaking again")
    await _wait(page, "window.__captions.length > 0", 30, "the repeated caption")
    assert (await page.evaluate("window.__captions"))[0] == spoken[0]
    await expect(page.locator("#status-text")).to_have_text("듣고 있어요", timeout=90_000)

    events = await page.evaluate("window.__events")
    assert [e for e in events if e["t"] in ("invalidmessage", "error")] == []
    metrics = [e["m"] for e in events if e["t"] == "metrics"]
    (artifacts / "live-timings.txt").write_text(
        f"connect_s={connected_s:.2f}\nheard={heard!r}\nreply={reply!r}\nmetrics={metrics}\n", encoding="utf-8"
    )
    await page.get_by_role("button", name="대화 끝내기").click()
    await expect(page.get_by_role("heading", name="대화를 마쳤어요")).to_be_visible()
