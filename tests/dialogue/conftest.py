"""One real dialogue engine (served retriever + lexicon filter) for all dialogue tests."""

from __future__ import annotations

import pytest

from models.dialogue import DialogueEngine, build_engine


@pytest.fixture(scope="session")
def engine() -> DialogueEngine:
    return build_engine()
