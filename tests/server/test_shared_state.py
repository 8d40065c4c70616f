"""The resume state that crosses processes in a cluster: the conversation without its engine."""

from __future__ import annotations

import pickle

from server.shared_state import PortableResume, export_state, import_state
from streaming.session import ResumeState


def test_a_conversation_survives_the_trip_through_bytes(engines):
    conversation = engines.responder.conversation()
    first = conversation.reply("기초연금은 누가 받을 수 있나요?")
    blob = export_state(ResumeState(conversation, 0.8)).dumps()
    assert b"DialogueEngine" not in blob  # plain data: the engine (and its models) stay behind

    carried = import_state(PortableResume.loads(blob), engines.responder)
    assert carried.speech_rate == 0.8
    again = carried.conversation.repeat()
    assert again.text == first.text and again.entry_id == first.entry_id
    # the copy is independent: a new turn on it leaves the original alone
    carried.conversation.reply("주민등록등본은 어디서 떼요?")
    assert conversation.repeat().text == first.text


def test_only_our_own_blobs_are_accepted():
    import pytest

    with pytest.raises(TypeError):
        PortableResume.loads(pickle.dumps({"not": "ours"}))
