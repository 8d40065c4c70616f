"""Dialogue policy: retrieval answers plus small talk, control intents, follow-ups, emergencies,
voice-phishing guidance, abuse handling and honest fallbacks.

>>> engine = build_engine()            # once per process (loads the retriever)
>>> conv = engine.conversation()       # per session
>>> conv.reply("기초연금 어디서 신청해요?").entry_id
'basic-pension-where-to-apply'
"""

from __future__ import annotations

from models.dialogue.engine import Conversation, DialogueEngine, EngineOptions, Replies


def build_engine(config: dict | None = None) -> DialogueEngine:
    """The served engine: the served retriever, the lexicon filter and ``replies.toml``.

    ``config`` (the ``[dialogue]`` section) may set ``EngineOptions`` fields (``k``) and ``replies``
    (a path to another replies file); any other key is a ``ValueError``. How fast replies are spoken
    is the session's (``streaming.speech_rate``).
    """
    from models.retrieval import load_retriever
    from models.text_filter import load_filter

    config = dict(config or {})
    options = EngineOptions.from_dict(config)  # unknown keys fail before the retriever loads
    replies = Replies.load(config["replies"]) if config.get("replies") else Replies.load()
    retriever = load_retriever()
    retriever.search("기초연금 신청", k=1)  # warm up: the first real turn should not pay for lazy init
    return DialogueEngine(retriever, load_filter(), replies, options)


__all__ = ["Conversation", "DialogueEngine", "EngineOptions", "Replies", "build_engine"]
