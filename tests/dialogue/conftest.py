"""One real dialogue engine (served retriever + lexicon filter) for all dialogue tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.dialogue import DialogueEngine, build_engine
from streaming.types import Reply

#: One first turn of a fresh conversation: text -> the reply
Ask = Callable[[str], Reply]


@pytest.fixture(scope="session")
def engine() -> DialogueEngine:
    return build_engine()


@pytest.fixture()
def ask(engine: DialogueEngine) -> Ask:
    """The reply to ``text`` said as the first turn of a new conversation."""
    return lambda text: engine.conversation().reply(text)
