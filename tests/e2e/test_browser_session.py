"""A senior's session in a real headless Chromium: fake microphone plays an espeak-ng question."""

from __future__ import annotations

import asyncio
import bisect
import json
import os
import re
import time
from pathlib import Path

import pytest

from benchmarks.serverproc import ServerProcess
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


def _held(samples: list[dict], key: str, times: list[float], above: float) -> list[bool]:
    """Whether the latest sample at or before each time exceeds ``above`` (a sample-and-hold)."""
    stamps = [s["t"] for s in samples]
    out = []
    for t in times:
        i = bisect.bisect_right(stamps, t) - 1
        out.append(i >= 0 and samples[i][key] > above)
    return out


def envelope_lag(audio: list[dict], mouth: list[dict], start: float, end: float, loud: float, opened: float):
    """The shift (ms, picture after sound when positive) that best lines the open mouth up with the
    loud audio over the whole reply, and how far they then agree beyond chance (Cohen's kappa).

    Every syllable's start and end counts, so one frame that a busy machine delayed does not decide
    the figure the way the first onset alone did; a constant slot-level desync still shows in full.
    Kappa, not the share of agreeing steps: speech is loud about 80 % of a reply and the mouth open
    about as often, so a mouth taken from another second of the same reply already "agrees" 68-85 %
    of the time, while its kappa stays at or under 0.52 (in step: 0.78-0.87; docs/avatar.md).
    """
    steps = [start + 5 * i for i in range(int((end - start) / 5))]
    sound = _held(audio, "db", steps, loud)
    loud_share = sum(sound) / len(steps)
    scores = []
    for lag in range(-300, 305, 5):
        picture = _held(mouth, "dark", [t + lag for t in steps], opened)
        observed = sum(a == b for a, b in zip(sound, picture, strict=True)) / len(steps)
        open_share = sum(picture) / len(steps)
        chance = loud_share * open_share + (1 - loud_share) * (1 - open_share)
        scores.append(((observed - chance) / (1 - chance) if chance < 1 else 0.0, lag))
    top = max(scores)[0]
    best = [lag for score, lag in scores if score >= top - 1e-9]
    return sum(best) / len(best), top


@pytest.fixture
def own_server(tmp_path):
    """A server in a process of its own, as ``make serve`` runs it.

    The shared in-process server lives in pytest's process, beside a 1.5 GB heap and the threads
    earlier tests leave; twice in CI its render loop fell behind there at the start of the reply,
    which a deployed server never shares. Frame timing is what this test measures, so it gets its own.
    """
    server = ServerProcess(log_path=tmp_path / "server.log")
    url = asyncio.run(server.__aenter__())
    try:
        yield url
    finally:
        asyncio.run(server.__aexit__(None, None, None))


def test_senior_asks_in_chromium_and_the_avatar_answers(own_server, tmp_path):
    from playwright.sync_api import sync_playwright

    wav = tmp_path / "question.wav"
    write_question_wav(wav, "기초연금은 누가 받을 수 있나요?")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=chromium_args(wav))
        try:
            page = browser.new_page()
            page.goto(own_server + "/")
            page.evaluate(PAGE_PEER, {"mouthBox": None})
            wait_until(page, "window.__av.ice.includes('connected') || window.__av.ice.includes('completed')", 20)
            final = wait_until(
                page, "window.__av.events.map(e => e.ev).find(e => e.type === 'transcript' && e.final)", 40
            )
            assert re.search(r"[가-힣]", final["text"]), final
            reply = wait_until(page, "window.__av.events.map(e => e.ev).find(e => e.type === 'reply')", 20)
            assert reply["text"] and isinstance(reply["entry_id"], (str, type(None)))
            wait_until(page, "window.__av.events.some(e => e.ev.type === 'state' && e.ev.state === 'speaking')", 20)
            page.wait_for_timeout(4000)
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

    # Lip sync at the browser: reply speech against the open mouth, over the whole reply.
    loud = silence_floor + 20
    onset = next(a["t"] for a in log["audio"] if a["t"] > reply_at - 200 and a["db"] > loud)
    closed = sorted(m["dark"] for m in log["mouth"] if m["t"] < reply_at)
    assert closed, "no mouth measurements before the reply"
    baseline = closed[len(closed) // 2]
    opened = next(m["t"] for m in log["mouth"] if m["t"] > reply_at - 200 and m["dark"] > baseline + 0.12)
    end = min(log["audio"][-1]["t"], log["mouth"][-1]["t"]) - 300
    lag_ms, kappa = envelope_lag(log["audio"], log["mouth"], reply_at - 200, end, loud, baseline + 0.12)
    if os.environ.get("SILVER_AVATAR_DEBUG_AV"):
        Path(os.environ["SILVER_AVATAR_DEBUG_AV"]).write_text(json.dumps({"reply_at": reply_at, "log": log}))
    print(f"A/V offset in Chromium: {lag_ms:.0f} ms over the reply (agreement beyond chance {kappa:.2f}), "
          f"{opened - onset:.0f} ms at the first word (video after audio when positive)")
    # The mouth moves with the speech: open while it is loud, closed in its pauses.
    assert kappa >= 0.65, kappa
    # ITU-R BT.1359 detectability thresholds: sound ahead of the picture by more than 45 ms, or
    # behind it by more than 125 ms, is noticed. Chromium's audio jitter buffer grows under load
    # (sound later), so the two sides differ; both bounds still catch a slot-level desync.
    assert -125 <= lag_ms <= 45, lag_ms


def _syllables(seed: int, until_ms: int) -> list[tuple[float, bool]]:
    """Speech-like on/off runs: loud 120-300 ms, quiet 30-90 ms."""
    import random

    rng, t, out = random.Random(seed), 0.0, []
    while t < until_ms:
        out.append((t, True))
        t += rng.uniform(120, 300)
        out.append((t, False))
        t += rng.uniform(30, 90)
    return out


def _sampled(runs: list[tuple[float, bool]], key: str, shift: float, high: float, low: float) -> list[dict]:
    stamps = [t for t, _ in runs]
    out = []
    for t in range(0, 5000, 10):  # what the page's 10 ms probes see
        i = bisect.bisect_right(stamps, t - shift) - 1
        out.append({"t": t, key: high if i >= 0 and runs[i][1] else low})
    return out


def test_the_lip_sync_measure_finds_a_shift_and_rejects_a_mouth_that_ignores_the_speech():
    speech = _syllables(1, 5000)
    audio = _sampled(speech, "db", 0, -20.0, -90.0)
    lag, kappa = envelope_lag(audio, _sampled(speech, "dark", 80, 1.0, 0.0), 300, 4500, -40.0, 0.5)
    assert abs(lag - 80) <= 10 and kappa > 0.9
    # Moving, but to other speech: the share of agreeing steps alone would still look good.
    other = _sampled(_syllables(2, 5000), "dark", 0, 1.0, 0.0)
    assert envelope_lag(audio, other, 300, 4500, -40.0, 0.5)[1] < 0.4
    frozen = [{"t": t, "dark": 1.0} for t in range(0, 5000, 10)]
    assert envelope_lag(audio, frozen, 300, 4500, -40.0, 0.5)[1] <= 0.0
