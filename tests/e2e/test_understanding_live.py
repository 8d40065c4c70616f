"""One live call through a real aiortc peer: speech the recogniser hears badly is asked again (never
"I don't know"), and a vague typed question is clarified and then answered from the person's choice."""

from __future__ import annotations

from benchmarks.webrtc_client import AvatarPeer, espeak_utterance

#: espeak-ng Korean, which Whisper base mostly mis-hears: the live path's honest worst case
SPOKEN = "기초연금은 어디에서 신청하나요?"


def _is(kind: str, **fields):
    return lambda e: e.get("type") == kind and all(e.get(k) == v for k, v in fields.items())


async def test_mishearing_is_repaired_and_a_vague_question_is_clarified(live_server):
    peer = AvatarPeer()
    await peer.connect(live_server.url)
    try:
        await peer.wait_for(_is("session"), timeout=10)
        await peer.wait_for(_is("state", state="listening"), timeout=10)

        n = len(peer.received.events)
        peer.mic.say(espeak_utterance(SPOKEN))
        _, heard = await peer.wait_for(lambda e: e.get("type") == "transcript" and e.get("final"), timeout=40, after=n)
        _, reply = await peer.wait_for(_is("reply"), timeout=30, after=n)
        # whatever Whisper made of it, the avatar never claims not to know what it did not hear
        assert reply["intent"] != "fallback", (heard["text"], reply)
        if reply["intent"] == "repair":
            assert heard["text"].strip()[:10] in reply["text"]  # it shows what it heard
        await peer.wait_for(_is("state", state="listening", turn=reply["turn"]), timeout=40, after=n)

        n = len(peer.received.events)
        # vague enough that the retrained retriever (threshold 0.7484) is unsure between two entries;
        # "등본 그거요" is now answered with the 등본/초본 overview, which is a fair answer
        peer.send({"type": "ask", "text": "교통카드 그거요"})
        _, asked_back = await peer.wait_for(_is("reply"), timeout=30, after=n)
        assert asked_back["intent"] == "clarify" and asked_back["text"].endswith("?"), asked_back
        n = len(peer.received.events)
        peer.send({"type": "ask", "text": "네 맞아요"})
        _, answer = await peer.wait_for(_is("reply"), timeout=30, after=n)
        assert answer["intent"] == "answer" and answer["entry_id"], answer
    finally:
        await peer.close()
