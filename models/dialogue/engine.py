"""The dialogue policy on top of the retriever: one shared ``DialogueEngine``, one ``Conversation``
per session.

Order of decisions for each utterance (first that applies wins):

1. noise / empty transcript → EMPTY ("잘 못 들었어요 …")
2. medical emergency or wish to die → URGENT (119 / 109), before anything else
3. abusive input (filter) → BLOCKED, calm de-escalation; the conversation goes on
4. voice-phishing pressure or victim cues → PHISHING (KB entry + 112 / 1332)
5. control and small talk (the whole utterance): SLOWER, REPEAT, GOODBYE, THANKS, GREETING
6. retrieval, with follow-ups resolved against the last topic ("그거 어디서 신청해요?")
7. below the calibrated threshold → FALLBACK: admit not knowing, offer 129 / 120 / 110

Every outgoing text is screened by the filter as well.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from models.dialogue.cues import Control, compact, control_intent, is_noise, phishing_kind, urgent_kind
from models.dialogue.followup import TopicIndex, asked_aspect, is_anaphoric, is_elliptical
from models.knowledge import Entry
from streaming.protocols import TextFilter
from streaming.types import Intent, Reply

log = logging.getLogger(__name__)

REPLIES_PATH = Path(__file__).with_name("replies.toml")
_PARDON = {"네", "예", "응", "뭐", "뭐요", "네에", "예에", "어", "에"}  # with "?": "pardon?"
_ACK = {"네", "예", "응", "네네", "예예", "넵", "그래요", "그래", "좋아요"}  # without "?": "go on"


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


@dataclass(frozen=True)
class Replies:
    """The fixed texts of ``replies.toml``."""

    texts: dict[str, Any]
    centers: tuple[CallCenter, ...]
    fallback_template: str

    @classmethod
    def load(cls, path: Path | str = REPLIES_PATH) -> Replies:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        fb = doc.pop("fallback")
        centers = tuple(
            CallCenter(c["name"], str(c["number"]), tuple(c.get("keywords", ())), tuple(c.get("agency_keywords", ())))
            for c in fb["center"]
        )
        return cls(texts=doc, centers=centers, fallback_template=fb["text"])

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
        out += [self.fallback_text(c) for c in self.centers]
        return out

    def fallback_text(self, center: CallCenter) -> str:
        return self.fallback_template.format(name=center.name, number=center.number)


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
                 options: EngineOptions | None = None) -> None:
        self.retriever = retriever
        self.filter = text_filter
        self.replies = replies or Replies.load()
        self.options = options or EngineOptions()
        self.topics = TopicIndex(retriever.entries.values())

    def conversation(self) -> Conversation:
        return Conversation(self)

    # --- helpers shared by conversations -----------------------------------------------------
    def call_center(self, text: str, hits: Sequence[Any] = ()) -> CallCenter:
        """The call centre for a question nothing answers: keywords, else the nearest entry's agency."""
        c = compact(text)
        counts = [sum(k in c for k in center.keywords) for center in self.replies.centers]
        if max(counts) > 0:
            return self.replies.centers[counts.index(max(counts))]
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


@dataclass
class _State:
    last: Reply | None = None  # last reply worth repeating
    last_topic: str | None = None
    turns: int = 0
    rotation: dict[str, int] = field(default_factory=dict)


class Conversation:
    """Per-session dialogue state: last answer and topic. Not shared between sessions.

    How fast replies are spoken is not decided here: a request to slow down is a reply with intent
    ``SLOWER``, and the session's ``streaming.speech_rate.SpeechRate`` applies it.
    """

    def __init__(self, engine: DialogueEngine) -> None:
        self.engine = engine
        self._s = _State()

    def fork(self) -> Conversation:
        """An independent copy of this conversation's state (the session answers speculatively on a
        fork at a pause, and keeps it only if the turn really ended)."""
        other = Conversation(self.engine)
        other._s = copy.deepcopy(self._s)
        return other

    def reply(self, text: str) -> Reply:
        """Answer one final transcript (blocking: runs retrieval; call it off the event loop)."""
        return self._remember(self._decide(text or ""))

    def repeat(self) -> Reply:
        """The last answer again, as a command (the 다시 듣기 button): nothing was said."""
        return self._remember(self._repeat())

    def _remember(self, reply: Reply) -> Reply:
        reply = self.engine.screen(reply)
        self._s.turns += 1
        if reply.intent not in (Intent.REPEAT, Intent.SLOWER, Intent.EMPTY, Intent.BLOCKED):
            self._s.last = reply
        if reply.entry_id is not None:
            entry = self.engine.retriever.entries.get(reply.entry_id)
            if entry is not None:
                self._s.last_topic = entry.topic
        log.debug("reply intent=%s entry=%s score=%.3f", reply.intent.value, reply.entry_id, reply.score)
        return reply

    # --- policy ------------------------------------------------------------------------------
    def _fixed(self, key: str, intent: Intent, **kw: Any) -> Reply:
        n = self._s.rotation.get(key, 0)
        self._s.rotation[key] = n + 1
        return Reply(text=self.engine.replies.pick(key, n), intent=intent, **kw)

    def _decide(self, text: str) -> Reply:
        stripped = text.strip()
        if stripped.endswith("?") and compact(stripped) in _PARDON:
            return self._repeat()
        if compact(stripped) in _ACK:
            return self._fixed("ack", Intent.GREETING)
        if is_noise(text):
            return self._fixed("empty", Intent.EMPTY)
        urgent = urgent_kind(text)
        if urgent == "crisis":
            entry = self._configured_entry("crisis_entry")
            if entry is not None and "109" in entry.answer:
                return Reply(text=entry.answer, entry_id=entry.id, score=1.0, intent=Intent.URGENT)
            return self._fixed("crisis", Intent.URGENT)
        if urgent is not None:
            return self._fixed("urgent", Intent.URGENT)
        verdict = self.engine.filter.check(text)
        if verdict.blocked:
            log.info("blocked input (%s)", verdict.category)
            return self._fixed("blocked", Intent.BLOCKED, blocked=True)
        phishing = phishing_kind(text)
        if phishing is not None:
            return self._phishing(phishing)
        control = control_intent(text)
        if control is Control.SLOWER:
            return self._slower()
        if control is Control.REPEAT:
            return self._repeat()
        if control is Control.GREETING and compact(text) == "안녕" and self._s.turns > 0:
            control = Control.GOODBYE
        if control is not None:
            intent = {Control.GOODBYE: Intent.GOODBYE, Control.THANKS: Intent.THANKS,
                      Control.GREETING: Intent.GREETING}[control]
            return self._fixed(control.value, intent)
        return self._answer(text)

    def _repeat(self) -> Reply:
        last = self._s.last
        if last is None:
            return self._fixed("repeat_nothing", Intent.REPEAT)
        return dataclasses.replace(last, intent=Intent.REPEAT)

    def _slower(self) -> Reply:
        s = self._s
        if s.last is None:
            return self._fixed("slower_nothing", Intent.SLOWER)
        prefix = self.engine.replies.pick("slower_prefix")
        return dataclasses.replace(s.last, text=f"{prefix} {s.last.text}", intent=Intent.SLOWER)

    def _configured_entry(self, key: str) -> Entry | None:
        """The KB entry a ``replies.toml`` key names by topic + aspect, if the KB has it."""
        where = self.engine.replies.texts.get(key) or {}
        return self.engine.topics.entry_by(where.get("topic", ""), where.get("aspect", ""))

    def _phishing(self, kind: str) -> Reply:
        replies = self.engine.replies
        entry = self._configured_entry(f"phishing_{kind}_entry")
        if entry is None:
            return self._fixed("phishing", Intent.PHISHING)
        text = entry.answer
        if "112" not in text or "1332" not in text:
            text = f"{text} {replies.pick('phishing_numbers')}"
        return Reply(text=text, entry_id=entry.id, score=1.0, intent=Intent.PHISHING)

    def _answer(self, text: str) -> Reply:
        engine = self.engine
        retriever = engine.retriever
        hits = list(retriever.search(text, k=engine.options.k))
        top = hits[0] if hits else None
        threshold = retriever.accept_threshold
        top_ok = top is not None and top.score >= threshold
        followup = self._followup(text, hits, top_ok)
        if followup is not None:
            return followup
        if self._s.last_topic is None and is_elliptical(text) and (is_anaphoric(text) or asked_aspect(text)):
            # "그거 어디서 신청해요?" / "얼마예요?" with nothing said before: ask which one, don't guess
            return self._fixed("clarify", Intent.FALLBACK, fallback=True, score=top.score if top else 0.0)
        if top_ok:
            entry = retriever.entries[top.entry_id]
            return Reply(text=entry.answer, entry_id=entry.id, score=top.score, intent=Intent.ANSWER)
        center = engine.call_center(text, hits)
        return Reply(text=engine.replies.fallback_text(center), entry_id=None,
                     score=top.score if top is not None else 0.0, fallback=True, intent=Intent.FALLBACK)

    def _followup(self, text: str, hits: list[Any], top_ok: bool) -> Reply | None:
        """Resolve a question that leaves out its topic against the last topic, or None."""
        last_topic = self._s.last_topic
        if last_topic is None:
            return None
        engine = self.engine
        entries = engine.retriever.entries
        named = engine.topics.topics_named(text)
        if named and last_topic not in named:
            return None  # names another topic: a new question
        topicless = is_anaphoric(text) or is_elliptical(text)
        points_back = topicless or bool(named)
        top_entry = entries[hits[0].entry_id] if hits else None
        aspect = asked_aspect(text)
        if top_ok and top_entry is not None and top_entry.topic == last_topic:
            # a short topic-less follow-up is judged by its aspect cue; a full question by retrieval
            exact = engine.topics.entry_by(last_topic, aspect) if aspect and topicless else None
            if exact is None or exact.id == top_entry.id:
                return None  # retrieval already answers within the topic
            # right topic, wrong aspect ("저도 해당돼요?" → how_to_apply): the asked aspect wins
            score = next((h.score for h in hits if h.entry_id == exact.id), engine.retriever.accept_threshold)
            return Reply(text=exact.answer, entry_id=exact.id, score=float(score), intent=Intent.ANSWER)
        if top_ok and not points_back:
            return None  # a confident answer about something else, and nothing points back
        if aspect is None and not points_back:
            return None
        threshold = engine.retriever.accept_threshold
        entry = engine.topics.entry_for(last_topic, aspect) if aspect is not None else None
        if entry is not None and points_back:
            # the usual case ("그거 어디서 신청해요?"): no second search needed
            score = next((h.score for h in hits if h.entry_id == entry.id), threshold)
        else:
            # ask the retriever again with the topic spelled out, keep the best entries of that topic
            rewritten = engine.retriever.search(f"{last_topic} {text}", k=engine.options.k * 2)
            same_topic = [h for h in rewritten if entries[h.entry_id].topic == last_topic]
            if not points_back and (not same_topic or same_topic[0].score < threshold):
                return None  # low confidence + an aspect cue, but the topic does not fit either
            if entry is None:
                if not same_topic:
                    return None
                entry = entries[same_topic[0].entry_id]
            score = next((h.score for h in same_topic if h.entry_id == entry.id), threshold)
        log.debug("follow-up on %s (aspect %s) -> %s", last_topic, aspect, entry.id)
        return Reply(text=entry.answer, entry_id=entry.id, score=float(score), intent=Intent.ANSWER)
