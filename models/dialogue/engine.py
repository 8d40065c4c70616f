"""The dialogue policy on top of the understanding stage and the retriever: one shared
``DialogueEngine``, one ``Conversation`` per session.

Order of decisions for each utterance (first that applies wins):

1. noise / empty transcript → EMPTY ("잘 못 들었어요 …")
2. an emergency (``urgent.decide``: the trained classifier, the cue rules as a net) → URGENT, each kind
   its own advice: 119 (medical; fire: get out first), 112 (intruder, missing person, money already
   sent: stop the payment now; a scammer's app on the phone: phone off), 109 (wish to die). Never
   waits for retrieval. Told beside a question or a chat, it is read part by part.
3. heard badly (the recogniser was unsure and nothing understood it) → REPAIR: say so, show what was
   heard, ask for other words
4. abusive input (classifier, or the lexicon filter unless the classifier is sure it is harmless) → BLOCKED
   (sexual remarks: their own plain no; rough words around a plain question: a calm boundary, then the answer)
5. voice-phishing questions → PHISHING (KB entry + 112 / 1332)
6. the answer to a clarifying question ("응 그거", "아니 서류요", "둘 다")
7. control and small talk: SLOWER, REPEAT, louder, simpler, wait, who-are-you, GOODBYE, THANKS, GREETING
8. medical advice, legal disputes, other topics → REFER (a doctor / 보건소, 132, what it can help with),
   unless the knowledge base answers it confidently
9. retrieval, with follow-ups resolved against the last topic; two points asked in one breath → both
   answers; close but unsure → CLARIFY (ask which one); nothing close → the question after a story
   looked up alone, else FALLBACK to the right call centre

Every outgoing text is screened by the filter as well.

Where each part lives: this module holds what sessions share (``DialogueEngine``, ``Replies``);
``conversation`` the per-session ``Conversation`` and the order above; its parts are mixins of
their own modules (``abuse_turns`` 4, ``control_turns`` 7, ``answer_turns`` 8-9, ``scope_turns``
and ``point_turns`` for what a near entry answers, ``unsure_turns`` for clarifying and follow-ups),
over ``turn_base`` (state, this turn's retrieval); ``bands`` holds every threshold.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from models.dialogue import urgent
from models.dialogue.conversation import Conversation
from models.dialogue.cues import compact
from models.dialogue.followup import TopicIndex
from models.dialogue.numbers_heard import EMERGENCY_LINES, NumberBook
from models.dialogue.outside import OutsidePlace, keyword_hits, place_for
from models.knowledge import Entry
from models.understanding import Understanding, load_understanding
from streaming.protocols import TextFilter
from streaming.types import Intent, Reply

log = logging.getLogger(__name__)

REPLIES_PATH = Path(__file__).with_name("replies.toml")

#: first words of topic names too general to name the topic alone
GENERIC_TOPIC_HEADS = frozenset({"병원", "기타", "돌아가신", "노인", "어르신", "요양원", "고령", "가사·간병", "외로움·친구"})


def _said_as_a_word(key: str, text: str) -> bool:
    """A two-syllable topic word said where a word starts ("가정 산소치료" is not named by "니가 정해 줘",
    whose letters hold 가정 across two words); longer words are trusted as found."""
    if len(key) > 2:
        return True
    return re.search(r"(?<![가-힣])" + r"\s?".join(map(re.escape, key)), text) is not None


class RetrieverLike(Protocol):
    """What the engine needs of ``models.retrieval.Retriever``."""

    accept_threshold: float
    entries: dict[str, Entry]

    def search(self, text: str, k: int = 5) -> Sequence[Any]: ...

@dataclass(frozen=True)
class CallCenter:
    name: str
    number: str
    keywords: tuple[str, ...]
    agency_keywords: tuple[str, ...]
    general: bool = False  # a catch-all line (129, 120, 110), not the one place that handles a matter
    #: words of which one must be said too (a pet's name told is not a question for the vet)
    needs: tuple[str, ...] = ()
    #: words that put the matter outside this line (a trip abroad is not the domestic tourism line's)
    not_with: tuple[str, ...] = ()

    def names(self, compact_text: str) -> int:
        """How many of its keywords the (compacted) text names; 0 when a needed word is missing or a
        word that rules the line out is said."""
        return keyword_hits(compact_text, self.keywords, self.needs, self.not_with)

@dataclass(frozen=True)
class Replies:
    """The fixed texts of ``replies.toml``."""

    texts: dict[str, Any]
    centers: tuple[CallCenter, ...]
    fallback_template: str
    topic_fallback_template: str = ""
    #: matters outside the topics and where to ask about them (``outside.py``)
    places: tuple[OutsidePlace, ...] = ()

    @classmethod
    def load(cls, path: Path | str = REPLIES_PATH) -> Replies:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        fb = doc.pop("fallback")
        centers = tuple(
            CallCenter(c["name"], str(c["number"]), tuple(c.get("keywords", ())), tuple(c.get("agency_keywords", ())),
                       bool(c.get("general", False)), tuple(c.get("needs", ())), tuple(c.get("not_with", ())))
            for c in fb["center"]
        )
        places = tuple(OutsidePlace.from_toml(row) for row in doc.pop("outside", ()))
        return cls(texts=doc, centers=centers, fallback_template=fb["text"],
                   topic_fallback_template=fb.get("topic_text", ""), places=places)

    def pick(self, key: str, turn: int = 0) -> str:
        value = self.texts[key]
        if isinstance(value, list):
            return value[turn % len(value)]
        return value

    def all_texts(self) -> list[str]:
        out: list[str] = []
        for v in self.texts.values():
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, list):
                out.extend(x for x in v if isinstance(x, str))
        out += [self.fallback_text(c) for c in self.centers] + [self.fallback_text(c, "기초연금") for c in self.centers]
        out += [place.text for place in self.places]
        return out

    def fallback_text(self, center: CallCenter, topic: str | None = None) -> str:
        """"Call {center}", naming the topic when the question named one the avatar knows (so the
        person hears that the topic was understood, only that detail is missing). A centre without
        a number (가까운 보건소) is named as a place to ask."""
        where = f"{center.name} {center.number}번에 전화하시면" if center.number else f"{center.name}에 물어보시면"
        if topic and self.topic_fallback_template:
            return self.topic_fallback_template.format(where=where, topic=topic)
        return self.fallback_template.format(where=where)

@dataclass
class EngineOptions:
    k: int = 5  # retrieval candidates

    @classmethod
    def from_dict(cls, config: dict | None) -> EngineOptions:
        """Options from a ``[dialogue]`` config section; ``ValueError`` names keys nothing reads."""
        config = {k: v for k, v in (config or {}).items() if k not in ENGINE_KEYS_OUTSIDE_OPTIONS}
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(config) - names)
        if unknown:
            raise ValueError(f"unknown dialogue config keys {unknown} (known: {sorted(names | ENGINE_KEYS_OUTSIDE_OPTIONS)})")
        return cls(**config)

#: ``[dialogue]`` keys read by ``build_engine`` itself rather than ``EngineOptions``.
ENGINE_KEYS_OUTSIDE_OPTIONS = frozenset({"replies"})

class DialogueEngine:
    """Shared, loaded once per process: retriever, filter, fixed replies. Thread-safe to share;
    each session gets its own ``conversation()``."""

    def __init__(self, retriever: RetrieverLike, text_filter: TextFilter, replies: Replies | None = None,
                 options: EngineOptions | None = None, understanding: Understanding | None = None) -> None:
        self.understanding = understanding if understanding is not None else load_understanding()
        self.retriever = retriever
        self.filter = text_filter
        self.replies = replies or Replies.load()
        self.options = options or EngineOptions()
        self.topics = TopicIndex(retriever.entries.values())
        self._keys: dict[str, str] | None = None
        self._terms: dict[str, tuple[str, ...]] = {}
        self._lexicon_compact: tuple[tuple[str, str], ...] | None = None
        self.numbers = NumberBook([*((c.number, c.name) for c in self.replies.centers), *EMERGENCY_LINES,
                                   *((e.contact, e.agency) for e in retriever.entries.values() if "·" not in e.agency)])

    def conversation(self) -> Conversation:
        return Conversation(self)

    # --- helpers shared by conversations -----------------------------------------------------
    def call_center_by_keywords(self, text: str, specific: bool = False) -> CallCenter | None:
        """The call centre whose keywords the text names most (``specific``: leaving out the catch-all
        lines), or None when it names none."""
        c = compact(text)
        centers = [center for center in self.replies.centers if not (specific and center.general)]
        counts = [center.names(c) for center in centers]
        return centers[counts.index(max(counts))] if counts and max(counts) > 0 else None

    def outside_place(self, text: str) -> OutsidePlace | None:
        """The place that handles a matter outside the topics the text names (a train: the station), or None."""
        return place_for(compact(text), self.replies.places)

    def named_topic(self, text: str) -> str | None:
        """The one knowledge-base topic the words name outright (its first word, e.g. 틀니 of 틀니
        건강보험), leaving out emergency procedures; None when none or several."""
        c = compact(text)
        found = {topic for topic, key in self._topic_keys().items()
                 if len(key) >= 2 and key in c and not urgent.is_emergency_topic(topic) and _said_as_a_word(key, text)}
        return found.pop() if len(found) == 1 else None

    def names_topic(self, text: str, topic: str) -> bool:
        """The words name ``topic`` outright (its first word), whatever other topics they name."""
        key = self.topic_key(topic)
        return len(key) >= 2 and key in compact(text) and _said_as_a_word(key, text)

    def names_entry(self, text: str, entry: Entry) -> bool:
        """The text names the entry's matter: a domain-lexicon word of its topic, question or paraphrases."""
        c = compact(text)
        return any(term in c for term in self.entry_terms(entry))

    def entry_terms(self, entry: Entry) -> tuple[str, ...]:
        """The domain-lexicon words of the entry's topic, question and paraphrases (cached)."""
        terms = self._terms.get(entry.id)
        if terms is None:
            about = compact(" ".join((entry.topic, entry.question, *entry.paraphrases)))
            terms = tuple(self.lexicon_words_in(about, min_len=2))
            self._terms[entry.id] = terms
        return terms

    def lexicon_words_in(self, compact_text: str, min_len: int) -> list[str]:
        """The domain-lexicon words of at least ``min_len`` characters found in ``compact_text`` (the
        lexicon is compacted once, not per question)."""
        if self._lexicon_compact is None:
            self._lexicon_compact = tuple((t, compact(t)) for t in self.understanding.lexicon)
        return [t for t, tc in self._lexicon_compact if len(t) >= min_len and tc in compact_text]

    def topic_key(self, topic: str) -> str:
        """The word that names ``topic`` outright ("" when it has none)."""
        return self._topic_keys().get(topic, "")

    def _topic_keys(self) -> dict[str, str]:
        """The words that name each topic: its first word, or its first two when the first is shared
        with another topic, a number or a generic word (병원 동행 서비스 is not named by 병원)."""
        if self._keys is None:
            heads = Counter(topic.split()[0] for topic in self.topics.by_topic)
            keys = {}
            for topic in self.topics.by_topic:
                words = topic.split()
                head = words[0]
                generic = heads[head] > 1 or head[0].isdigit() or head in GENERIC_TOPIC_HEADS
                keys[topic] = compact("".join(words[:2]) if generic and len(words) > 1 else head)
            self._keys = keys
        return self._keys

    def call_center(self, text: str, hits: Sequence[Any] = (), topic: str | None = None) -> CallCenter:
        """The call centre for a question nothing answers: keywords, else the nearest entry's agency."""
        if topic is not None:  # the topic's own agency answers its details best
            agencies = compact(" ".join(e.agency for es in self.topics.by_topic[topic].values() for e in es))
            for center in self.replies.centers:
                if any(k in agencies for k in center.agency_keywords):
                    return center
        by_keywords = self.call_center_by_keywords(text)
        if by_keywords is not None:
            return by_keywords
        for hit in hits[:1]:
            entry = self.retriever.entries.get(hit.entry_id)
            if entry is None:
                continue
            about = compact(entry.agency + entry.topic)
            for center in self.replies.centers:
                if any(k in about for k in center.agency_keywords):
                    return center
        return self.replies.centers[-1]

    def screen(self, reply: Reply) -> Reply:
        """Never say what the filter blocks."""
        if self.filter.check(reply.text).blocked:
            log.warning("outgoing text blocked by the filter (entry %s); saying the safe line instead", reply.entry_id)
            return dataclasses.replace(reply, text=self.replies.pick("safe"), entry_id=None, intent=Intent.FALLBACK,
                                       fallback=True)
        return reply
