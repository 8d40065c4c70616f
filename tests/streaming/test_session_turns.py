"""The turn state machine on scripted timelines: every stage is a fake, time is virtual.

Each test builds a real ``Session`` (listener, speculation, replier, playback, announcer) from
``streaming.fakes`` and drives it with tone "speech" in 20 ms packets on ``VirtualTimeLoop``: the
whole file runs in well under a second and never depends on the machine's speed.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

import numpy as np
import pytest

from streaming.fakes import NOTHING_TO_REPEAT, fake_engines, run_virtual, silence, speak, voice
from streaming.reply import APOLOGY
from streaming.session import Session
from streaming.speech_rate import SLOW_RATE
from streaming.turn_config import TurnConfig

QUESTION = "기초연금은 어디서 신청해요?"
CONFIG = TurnConfig(prosody=False)


class Call:
    """A session on fakes, the events it sent, and the fakes to inspect."""

    def __init__(self, say: Callable[[float], str] | None = None, config: TurnConfig = CONFIG) -> None:
        self.engines = fake_engines(say)
        self.events: list[dict] = []
        self.session = Session("test-session", self.engines, self.events.append, config=config,
                               clock=asyncio.get_running_loop().time)
        self.asr = self.engines.transcriber
        self.tts = self.engines.synthesizer
        self._mic_queue: deque = deque()

    async def say(self, *parts) -> None:
        """Speak ``parts``; the microphone sends silence before and after, as a real one does."""
        done = asyncio.get_running_loop().create_future()
        self._mic_queue.append((np.concatenate(parts), done))
        await done

    async def microphone(self) -> None:
        while True:
            if self._mic_queue:
                pcm, done = self._mic_queue.popleft()
                await speak(self.session.listener.feed, pcm)
                done.set_result(None)
            else:
                await speak(self.session.listener.feed, silence(20))

    async def wait(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def until(self, predicate: Callable[[dict], bool], timeout: float = 30.0) -> dict:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        seen = 0
        while loop.time() < end:
            for event in self.events[seen:]:
                if predicate(event):
                    return event
            seen = len(self.events)
            await asyncio.sleep(0.01)
        raise AssertionError(f"no such event in {self.events}")

    def of(self, kind: str, **fields) -> list[dict]:
        return [e for e in self.events if e["type"] == kind and all(e.get(k) == v for k, v in fields.items())]

    def send(self, message: dict) -> None:
        self.session.handle_client_message(message)


def on_fakes(script: Callable[[Call], Awaitable[None]], **kwargs) -> Call:
    async def main() -> Call:
        call = Call(**kwargs)
        call.session.start()
        mic = asyncio.create_task(call.microphone())
        try:
            await script(call)
        finally:
            mic.cancel()
            await asyncio.gather(mic, return_exceptions=True)
            await call.session.close()
        return call

    return run_virtual(main)


def is_state(state: str) -> Callable[[dict], bool]:
    return lambda e: e["type"] == "state" and e["state"] == state


# ---- a turn ----------------------------------------------------------------------------------
def test_a_question_is_answered_once_in_order():
    async def script(call: Call) -> None:
        await call.say(voice(900), silence(400))
        await call.until(is_state("speaking"))
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 1)

    call = on_fakes(script)
    kinds = [e["type"] if e["type"] != "state" else e["state"] for e in call.events]
    assert kinds[:5] == ["listening", "thinking", "transcript", "reply", "speaking"], kinds
    assert call.of("transcript", final=True)[0]["text"] == QUESTION
    assert [c["index"] for c in call.of("caption")] == [0, 1]  # both sentences, in order
    assert kinds[-1] == "listening"
    # the reply was prepared at the pause: one transcription that ends the turn, not two
    assert [final for final, _ in call.asr.calls].count(True) == 1
    (metrics,) = call.of("metrics")
    # a finished question ends the turn after eot_complete_ms of silence (virtual time: exact)
    assert CONFIG.eot_complete_ms <= metrics["first_audio_ms"] <= CONFIG.eot_complete_ms + 150


def test_idle_session_sends_media_and_no_turns():
    async def script(call: Call) -> None:
        await call.say(silence(3000))

    call = on_fakes(script)
    assert [e["type"] for e in call.events] == ["state"]
    assert call.session.stats()["frames"] >= 70  # the pump kept rendering idle frames (25 fps)
    assert call.asr.calls == []


# ---- speculation -----------------------------------------------------------------------------
def test_a_short_hesitation_drops_the_speculation_and_the_whole_turn_is_answered():
    async def script(call: Call) -> None:
        # a pause long enough for the encoder to start (PauseLikely), too short to be a pause (Paused)
        await call.say(voice(600), silence(120), voice(600), silence(400))
        await call.until(is_state("speaking"))

    call = on_fakes(script)
    finals = [seconds for final, seconds in call.asr.calls if final]
    assert finals[0] < 1.0 < finals[-1]  # the first half was dropped, the whole turn transcribed
    assert len(call.of("reply")) == 1


def test_an_unfinished_sentence_waits_for_the_speaker():
    texts = iter(["음 그러니까", "음 그러니까 기초연금은 어디서 신청해요?"])
    last = {"text": ""}

    def say(seconds: float) -> str:
        if seconds < 1.0:
            return "음 그러니까"
        last["text"] = next(texts, QUESTION)
        return QUESTION

    async def script(call: Call) -> None:
        await call.say(voice(700), silence(1200))  # a filler: the turn must not end after 1.2 s
        assert call.of("reply") == []
        await call.say(voice(800), silence(500))
        await call.until(lambda e: e["type"] == "reply")

    call = on_fakes(script, say=say)
    assert len(call.of("reply")) == 1
    assert call.of("transcript", final=True)[0]["text"] == QUESTION


# ---- talking over the avatar -----------------------------------------------------------------
def test_barge_in_stops_the_reply_reports_what_was_heard_and_answers_the_new_turn():
    async def script(call: Call) -> None:
        await call.say(voice(900), silence(400))
        await call.until(is_state("speaking"))
        await call.wait(0.5)
        await call.say(voice(800), silence(500))
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)

    call = on_fakes(script)
    (interrupted,) = call.of("interrupted")
    assert interrupted["reason"] == "barge_in" and interrupted["turn"] == 1
    full = sum(len(t) for t, _ in call.tts.calls[:1]) * 0.06
    assert 0.3 <= interrupted["played_s"] < full  # heard up to the barge-in, not the whole reply


def test_a_cough_over_the_avatar_does_not_interrupt_or_start_a_turn():
    async def script(call: Call) -> None:
        await call.say(voice(900), silence(400))
        await call.until(is_state("speaking"))
        await call.wait(0.3)
        await call.say(voice(200), silence(300))  # a cough: a turn starts but is shorter than barge_in_ms
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 1)

    call = on_fakes(script)
    assert call.of("interrupted") == []
    assert len(call.of("reply")) == 1
    assert [c["index"] for c in call.of("caption")] == [0, 1]  # the reply went on to its end
    assert len(call.of("transcript")) == 1  # the cough never became a turn


def test_the_client_stop_button_interrupts():
    async def script(call: Call) -> None:
        call.send({"type": "ask", "text": QUESTION})
        await call.until(is_state("speaking"))
        await call.wait(0.4)
        call.send({"type": "interrupt"})
        await call.until(lambda e: e["type"] == "interrupted")
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 1)

    call = on_fakes(script)
    (interrupted,) = call.of("interrupted")
    assert interrupted["reason"] == "client" and 0.3 <= interrupted["played_s"] <= 0.6


def test_a_typed_question_is_not_cut_by_sounds_from_the_microphone():
    async def script(call: Call) -> None:
        call.send({"type": "ask", "text": QUESTION})
        await call.until(is_state("speaking"))
        await call.say(voice(700), silence(900))  # a television: loud, long, no words
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 1)

    call = on_fakes(script, say=lambda seconds: "")
    assert call.of("interrupted") == []
    assert len(call.of("reply")) == 1
    assert [c["index"] for c in call.of("caption")] == [0, 1]


def test_a_spoken_question_with_words_replaces_a_typed_answer():
    async def script(call: Call) -> None:
        call.send({"type": "ask", "text": "주민등록등본은 어디서 떼요?"})
        await call.until(is_state("speaking"))
        await call.say(voice(900), silence(400))
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)

    call = on_fakes(script)
    assert call.of("transcript", final=True, turn=2)[0]["text"] == QUESTION
    (interrupted,) = call.of("interrupted")
    assert interrupted["reason"] == "barge_in" and interrupted["turn"] == 1 and interrupted["played_s"] > 0


# ---- commands --------------------------------------------------------------------------------
def test_repeat_is_a_command_not_something_the_person_said():
    async def script(call: Call) -> None:
        call.send({"type": "repeat"})
        await call.until(lambda e: e["type"] == "reply")
        call.send({"type": "ask", "text": QUESTION})
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)
        call.send({"type": "repeat"})
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 3)

    call = on_fakes(script)
    first, answer, again = call.of("reply")
    assert first["text"] == NOTHING_TO_REPEAT and first["intent"] == "repeat"
    assert again["text"] == answer["text"] and again["intent"] == "repeat"
    # only the typed question shows as what the person said
    assert [e["text"] for e in call.of("transcript")] == [QUESTION]


def _rate_of(call: Call, text_part: str) -> float:
    return [rate for text, rate in call.tts.calls if text_part in text][-1]


def test_slower_by_button_then_off_then_by_voice():
    """The bug: once the button had been pressed, its rate won even at 1.0 over a spoken request."""

    async def script(call: Call) -> None:
        call.send({"type": "ask", "text": QUESTION})
        await call.until(lambda e: e["type"] == "reply")
        call.send({"type": "set_rate", "rate": SLOW_RATE})
        call.send({"type": "set_rate", "rate": 1.0})
        await call.say(voice(900), silence(400))
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 2)

    call = on_fakes(script, say=lambda seconds: "천천히 말해 주세요")
    slower = call.of("reply", turn=2)[0]
    assert slower["intent"] == "slower"
    assert _rate_of(call, "천천히 다시") == SLOW_RATE


def test_the_button_after_a_spoken_request_wins_and_the_apology_uses_the_rate():
    async def script(call: Call) -> None:
        call.send({"type": "ask", "text": "천천히 말해 주세요"})
        await call.until(lambda e: e["type"] == "reply")
        call.send({"type": "ask", "text": QUESTION})
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)
        call.send({"type": "set_rate", "rate": 0.7})
        call.engines.responder.fail_next = True
        call.send({"type": "ask", "text": QUESTION})
        await call.until(lambda e: e["type"] == "error")
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 3)

    call = on_fakes(script)
    assert call.tts.calls[1][1] == SLOW_RATE  # the spoken request slowed the next answer down
    assert _rate_of(call, APOLOGY) == 0.7  # the apology is spoken at the rate the person chose


@pytest.mark.parametrize("rate", [float("nan"), 3.0])
def test_an_invalid_rate_is_refused_and_later_replies_still_work(rate):
    async def script(call: Call) -> None:
        call.send({"type": "set_rate", "rate": rate})
        call.send({"type": "ask", "text": QUESTION})
        await call.until(lambda e: e["type"] == "reply")

    call = on_fakes(script)
    assert call.of("error")[0]["code"] == "bad_message"
    assert call.tts.calls[-1][1] == 1.0


# ---- failures --------------------------------------------------------------------------------
@pytest.mark.parametrize("stage", ["asr", "dialogue", "tts"])
def test_a_failing_stage_apologises_and_the_next_question_is_answered(stage):
    async def script(call: Call) -> None:
        fake = {"asr": call.asr, "dialogue": call.engines.responder, "tts": call.tts}[stage]
        fake.fail_next = True
        await call.say(voice(900), silence(400))
        await call.until(lambda e: e["type"] == "error")
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 1)
        await call.say(voice(900), silence(400))
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)

    call = on_fakes(script)
    (error,) = call.of("error")
    assert error["code"] == f"{stage}_failed" and error["message"] == APOLOGY
    assert any(text == APOLOGY for text, _ in call.tts.calls)


def test_repeat_of_an_earlier_turn_says_that_answer():
    async def script(call: Call) -> None:
        call.send({"type": "ask", "text": QUESTION})
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 1)
        call.send({"type": "ask", "text": "주민등록등본은 어디서 떼요?"})
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)
        call.send({"type": "repeat", "turn": 1})
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 3)

    call = on_fakes(script)
    first, _, again = call.of("reply")
    assert again["text"] == first["text"] and again["intent"] == "repeat"


def test_greet_speaks_the_welcome_once_before_the_first_question():
    async def script(call: Call) -> None:
        call.send({"type": "greet"})
        await call.until(lambda e: e["type"] == "reply")
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 1)
        call.send({"type": "greet"})  # a second greet (a reconnecting page) after a turn: ignored
        await call.say(voice(900), silence(400))
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)

    call = on_fakes(script)
    welcome, answer = call.of("reply")
    assert welcome["intent"] == "greeting" and "자동 상담원" in welcome["text"]
    assert call.of("transcript", turn=1) == []  # the person said nothing
    assert answer["intent"] == "answer"


def test_a_stalled_stage_times_out_with_an_apology_and_the_session_goes_on():
    async def script(call: Call) -> None:
        call.engines.dialogue_pool.stall_next = True  # the dialogue never answers
        call.send({"type": "ask", "text": QUESTION})
        error = await call.until(lambda e: e["type"] == "error", timeout=CONFIG.stage_timeout_s + 5)
        assert error["code"] == "dialogue_timeout"
        await call.until(lambda e: e["type"] == "state" and e["state"] == "listening" and e["turn"] == 1)
        call.send({"type": "ask", "text": QUESTION})
        await call.until(lambda e: e["type"] == "reply" and e["turn"] == 2)

    call = on_fakes(script)
    assert any(text == APOLOGY for text, _ in call.tts.calls)
