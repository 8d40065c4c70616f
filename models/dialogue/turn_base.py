"""The state and helpers every part of a conversation turn's policy shares."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models.dialogue.bands import CLASH_BAND, POINT_DEPTH
from models.dialogue.clarify import Offer
from models.dialogue.cues import phone_how_to
from models.dialogue.subjects import first_without_clash
from models.knowledge import Entry
from models.understanding.kb_words import kb_words
from streaming.types import FilterResult, Intent, Reply

if TYPE_CHECKING:
    from models.dialogue.engine import CallCenter, DialogueEngine
    from models.understanding import Understood


@dataclass
class ConversationState:
    last: Reply | None = None  # last reply worth repeating
    last_topic: str | None = None
    offer: Offer | None = None  # what the last clarifying question offered
    vague: str | None = None  # a question about a thing named vaguely, waiting for its name ("그 카드 또 나오나")
    turns: int = 0
    rotation: dict[str, int] = field(default_factory=dict)


def best_of(*rankings: Sequence[Any]) -> list[Any]:
    """The hits of several lookups merged, each entry once with its best score, best first."""
    best: dict[str, Any] = {}
    for hits in rankings:
        for hit in hits:
            if hit.entry_id not in best or hit.score > best[hit.entry_id].score:
                best[hit.entry_id] = hit
    return sorted(best.values(), key=lambda hit: -hit.score)


class TurnBase:
    """What every part of a turn's policy shares: the engine, the conversation's state, this turn's retrieval."""

    engine: DialogueEngine
    _s: ConversationState
    _hits: dict[str, list[Any]]
    _verdicts: dict[str, FilterResult]
    _lookalikes: dict[str, bool]

    def __init__(self, engine: DialogueEngine) -> None:
        self.engine = engine
        self._s = ConversationState()
        self._hits: dict[str, list[Any]] = {}  # this turn's retrieval, by the text looked up
        self._verdicts: dict[str, FilterResult] = {}  # this turn's filter verdicts, by the text checked
        self._lookalikes: dict[str, bool] = {}  # this turn's innocent look-alike readings, by text

    def _new_turn(self) -> None:
        self._hits = {}
        self._verdicts = {}
        self._lookalikes = {}

    # --- policy ------------------------------------------------------------------------------
    def _fixed(self, key: str, intent: Intent, **kw: Any) -> Reply:
        n = self._s.rotation.get(key, 0)
        self._s.rotation[key] = n + 1
        return Reply(text=self.engine.replies.pick(key, n), intent=intent, **kw)

    def _search(self, text: str) -> list[Any]:
        """Retrieval for this turn's text, run once however many decisions ask for it."""
        return self._ranked(text)[:self.engine.options.k]

    def _ranked(self, text: str) -> list[Any]:
        """The turn's retrieval, deeper than ``_search`` (a second point asked may rank lower). A thing
        described (and, when nothing is sure, an old or everyday word) is looked up in the KB's words
        too (``kb_words``), each entry keeping its better score."""
        if text not in self._hits:  # the whole and its parts (``_urgent_in_part``) are each looked up once
            depth = max(self.engine.options.k, POINT_DEPTH)
            hits = list(self.engine.retriever.search(text, k=depth))
            sure = bool(hits) and hits[0].score >= self.engine.retriever.accept_threshold
            said_as_kb = kb_words(text, unsure=not sure)  # a thing described by its name; old words when unsure
            if said_as_kb != text:
                as_kb = self.engine.retriever.search(said_as_kb, k=depth)
                if not (sure and as_kb and self._same_topic(hits[0], as_kb[0])):
                    # (the thing found already, the words as said rank its points better)
                    hits = best_of(hits, as_kb)[:depth]
            # an entry about the other eye, place or event than the one named is not the answer
            hits = first_without_clash(text, hits, self._asked_in, CLASH_BAND)
            self._hits[text] = hits
        return self._hits[text]

    def _asked_in(self, hit: Any) -> tuple[str, str]:
        """What an entry is about, for ``subjects``: its canonical question and its topic."""
        entry = self.engine.retriever.entries.get(hit.entry_id)
        return ("", "") if entry is None else (entry.question, entry.topic)

    def _same_topic(self, a: Any, b: Any) -> bool:
        """Whether two hits are entries of one topic."""
        entries = self.engine.retriever.entries
        return entries[a.entry_id].topic == entries[b.entry_id].topic

    def _verdict(self, text: str) -> FilterResult:
        """The text filter's verdict on ``text``, checked once per turn however many decisions ask."""
        if text not in self._verdicts:
            self._verdicts[text] = self.engine.filter.check(text)
        return self._verdicts[text]

    def _center_line(self, center: CallCenter, score: float = 0.0, topic: str | None = None) -> Reply:
        """Where to ask instead: the centre's line (naming ``topic`` when the question named one)."""
        return Reply(text=self.engine.replies.fallback_text(center, topic), entry_id=None, score=score, fallback=True,
                     intent=Intent.FALLBACK)

    def _phone_use_asked(self, u: Understood) -> bool:
        """How to do something on a phone or in an app is asked, and no service of the KB is named
        ("폰으로 기초연금 신청하는 거 어떻게 하노" is the pension's question)."""
        return phone_how_to(u.text) and self.engine.named_topic(u.text) is None

    def _mild_list(self) -> Callable[[str], bool] | None:
        """The filter's mild-insult check (``TextFilter.mild_insult``); None for a filter without one."""
        return getattr(self.engine.filter, "mild_insult", None)

    def _mild_insult(self, *texts: str) -> bool | None:
        """Whether any of ``texts`` holds a word of the filter's mild list; None for a filter without one."""
        mild = self._mild_list()
        if mild is None:
            return None
        return any(mild(text) for text in texts)

    def _configured_entry(self, key: str) -> Entry | None:
        """The KB entry a ``replies.toml`` key names by topic + aspect, if the KB has it."""
        where = self.engine.replies.texts.get(key) or {}
        return self.engine.topics.entry_by(where.get("topic", ""), where.get("aspect", ""))
