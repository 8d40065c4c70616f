"""A senior's session in a real headless Chromium: fake microphone plays an espeak-ng question."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM, chromium_args, write_question_wav

pytestmark = pytest.mark.browser
PAGE_PEER = (Path(__file__).parent / "page_peer.js").read_text()


def wait_until(page, js: str, timeout_s: float):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(js)
        if value:
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out waiting for {js}: {page.evaluate('JSON.stringify(window.__av.events.map(e => e.ev).slice(-6))')}")


def test_senior_asks_in_chromium_and_the_avatar_answers(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    wav = tmp_path / "question.wav"
    write_question_wav(wav, "기초연금은 누가 받을 수 있나요?")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=chromium_args(wav))
        try:
            page = browser.new_page()
            page.goto(live_server.url + "/")
            page.evaluate(PAGE_PEER, {"mouthBox": None})
            wait_until(page, "window.__av.ice.includes('connected') || window.__av.ice.includes('completed')", 20)
            final = wait_until(
                page, "window.__av.events.map(e => e.ev).find(e => e.type === 'transcript' && e.final)", 40
            )
            assert re.search(r"[가-힣]", final["text"]), final
            reply = wait_until(page, "window.__av.events.map(e => e.ev).find(e => e.type === 'reply')", 20)
            assert reply["text"] and isinstance(reply["entry_id"], (str, type(None)))
            wait_until(page, "window.__av.events.some(e => e.ev.type === 'state' && e.ev.state === 'speaking')", 20)
            page.wait_for_timeout(2500)
            stats = page.evaluate("window.__avStats()")
            print("Chromium receive stats:", stats)
            log = page.evaluate(
                "({frames: window.__av.frames, audio: window.__av.audio, events: window.__av.events,"
                " mouth: window.__av.mouth})"
            )
        finally:
            browser.close()
    assert log["frames"] >= 50
    speaking_at = next(e["t"] for e in log["events"] if e["ev"] == {**e["ev"], "type": "state", "state": "speaking"})
    reply_at = next(e["t"] for e in log["events"] if e["ev"]["type"] == "reply")
    floor = [a["db"] for a in log["audio"] if a["t"] < reply_at]
    speech = [a["db"] for a in log["audio"] if a["t"] > speaking_at]
    assert floor and speech
    silence_floor = max(-90.0, sorted(floor)[int(0.95 * (len(floor) - 1))])
    assert max(speech) > silence_floor + 20, (silence_floor, max(speech))

    # Lip sync at the browser: the first burst of reply audio against the first open-mouth frame.
    loud = silence_floor + 20
    onset = next(a["t"] for a in log["audio"] if a["t"] > reply_at - 200 and a["db"] > loud)
    closed = sorted(m["dark"] for m in log["mouth"] if m["t"] < reply_at)
    assert closed, "no mouth measurements before the reply"
    baseline = closed[len(closed) // 2]
    opened = next(m["t"] for m in log["mouth"] if m["t"] > reply_at - 200 and m["dark"] > baseline + 0.12)
    offset_ms = opened - onset
    import json
    import os

    if os.environ.get("SILVER_AVATAR_DEBUG_AV"):
        Path(os.environ["SILVER_AVATAR_DEBUG_AV"]).write_text(json.dumps({"reply_at": reply_at, "log": log}))
    print(f"A/V offset in Chromium: {offset_ms:.0f} ms (video after audio when positive)")
    # ITU-R BT.1359 detectability thresholds: sound ahead of the picture by more than 45 ms, or
    # behind it by more than 125 ms, is noticed. Chromium's audio jitter buffer grows under load
    # (sound later), so the two sides differ; both bounds still catch a slot-level desync.
    assert -125 <= offset_ms <= 45, offset_ms
