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
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from models.dialogue import urgent
from models.dialogue.clarify import ASPECT_PHRASES, Offer, as_choice, as_object, phrase, resolve
from models.dialogue.cues import (
    about_crops,
    abuse_signs,
    apologises,
    arms_as_skill,
    asks_how_to_end,
    asks_if_recorded,
    asks_if_seen,
    asks_in_writing,
    asks_once_more,
    asks_prevention,
    asks_quieter,
    asks_quieter_plainly,
    asks_state_help,
    asks_wait,
    better_off_gone,
    clear_urgent,
    compact,
    compliments,
    crisis_hint,
    crisis_signs,
    family_law,
    family_matter,
    first_time_nervous,
    frustrated,
    happening_now,
    hypothetical,
    idiom_of_death,
    investing,
    investment_pitch,
    is_noise,
    is_statement,
    law_words,
    misspoke,
    names_money,
    names_suicide,
    near_miss,
    past_event,
    phishing_kind,
    private_finance,
    remembered,
    remote_installed,
    said_to_avatar,
    says_goodbye,
    someone_in_touch,
    tells_news,
    thanks_plainly,
    told_as_over,
    told_as_story,
    told_of_past,
    wants,
    wish_to_die,
    worried_about_dialect,
)
from models.dialogue.followup import TopicIndex, asked_aspect, is_anaphoric, is_elliptical
from models.dialogue.points import (
    FIRST_ASPECTS,
    Point,
    answering_aspects,
    asked_points,
    covers,
    join_answers,
)
from models.dialogue.rough import names_called, without_rough_frame
from models.knowledge import Entry
from models.understanding import CONTROL, OUT_OF_DOMAIN, URGENT, Understanding, Understood, load_understanding
from streaming.protocols import TextFilter
from streaming.types import FilterResult, Intent, Reply, Transcript

log = logging.getLogger(__name__)

#: Aspects a lead-in can name ("기초연금 신청 방법을 말씀드릴게요"); other entries are answered as they are.
ASPECT_NAMED = frozenset(ASPECT_PHRASES) - {"other"}

REPLIES_PATH = Path(__file__).with_name("replies.toml")
#: A question scored this far under the threshold is asked about rather than refused, when the
#: classifier reads it as an in-domain question with at least ``CLARIFY_MIN_QUESTION``.
CLARIFY_BAND = 0.12
CLARIFY_MIN_QUESTION = 0.4
CLARIFY_TIE = 0.03  # a second entry of the same topic this close is offered as the other choice
#: An utterance read as this likely an emergency, in all, has its parts read one by one (``_urgent_in_part``)
PART_URGENT_MIN = 0.15
PART_URGENT_SURE = 0.6
#: ... and the part that asks, after a story, is answered alone when it reads as a question this surely
PART_MIN_QUESTION = 0.5
#: How deep retrieval looks for the entry of a second point asked in the same breath
POINT_DEPTH = 20
#: ... and how far under the threshold it may score: the topic is settled by the confident first
#: answer and the point by its words, so its own entry only has to be near
POINT_BAND = 0.2
#: Whisper's mean token log-probability under which a transcript is a guess; with no no-speech and
#: nothing understood it is not answered (``_misheard``).
UNSURE_LOGPROB = -0.8
NO_SPEECH = 0.6
CONTROL_MIN = 0.6  # a control intent below this confidence goes to retrieval instead
HARMLESS_ABUSE_P = 0.01
#: An utterance nothing answers is treated as abuse when the classifier gives abuse at least this much.
FALLBACK_ABUSE_P = 0.3
SMALL_TALK_LABELS = ("chitchat", "how_to_use", "who_are_you", "can_you_hear", "av_trouble")
#: Control asked for in words the classifier is less sure of, when nothing in the KB answers them
UNSURE_CONTROL_LABELS = ("louder", "slower", "repeat", "simpler", "wait", "human")
UNSURE_CONTROL_MIN = 0.3
#: an out-of-domain reading under this, for a question close to a KB entry, is answered (unsure)
OOD_UNSURE = 0.45
#: an out-of-domain reading this much above the question reading needs the words to name an entry
#: before an unsure answer from it ("달까지 거리가 얼마나" is not an electricity discount)
OOD_MARGIN = 0.1
#: The scope guard's probability of "not a public-service question" at which the nearest entry is not
#: answered (development sets 1-13: 0.7 % of in-domain questions over it, 89 % of out-of-domain ones)
SCOPE_OUT_MIN = 0.8
#: ... referred as medical or legal only when the classifier gives that kind this much, else as "other"
OOD_KIND_MIN = 0.3
#: Unsure between close entries but the classifier reads a question: answer the best one, say what
#: is being answered, and offer the other (instead of a yes/no question that costs the person a turn).
ANSWER_UNSURE_MIN_QUESTION = 0.5
#: a legal reading with no word of the law, asking for the state's help, is a question when it is read as one this much
LEGAL_AS_HELP_MIN_QUESTION = 0.15
#: a KB score this far over the threshold makes a weak question reading of a part enough
SURE_MARGIN = 0.12
#: an out-of-domain reading this sure overrules a KB entry whose longer terms the words do not name (not a
#: legal one: free legal aid is itself a KB topic)
OOD_SURE = 0.75
#: news told and read as chat at least this much is listened to, even with a KB entry over the threshold
CHAT_SURE = 0.4
#: A statement is listened to warmly only with less than this much abuse / urgent probability.
#: A half-sure abuse reading (under ``SURE_ABUSE_P``) blocks only with an insult among the words
#: (``TextFilter.mild_insult``): the classifier alone hears abuse in dialect (하모 맞다) and in
#: look-alikes (시바견) that have none.
LISTEN_MAX_ABUSE = 0.15
#: A story outside the topics is listened to only when a doctor's or a lawyer's question is this unlikely
TOLD_MAX_ADVICE_P = 0.3
#: Rough words around a question: answered when what is left reads as a question this surely
BOUNDARY_MIN_QUESTION = 0.5
#: An abuse reading this likely blocks when the words hold a mild insult (바보, 맹추, 깡통)
MILD_ABUSE_P = 0.2
#: A sexual remark is blocked before any emergency reading unless harm by someone is this likely
SEXUAL_HARM_P = 0.3
SURE_ABUSE_P = 0.5
LISTEN_MAX_URGENT = 0.4
LISTEN_SURE_URGENT = 0.6  # without an emergency word, a half-sure danger reading is listened to, not checked
#: A fraud question below this confidence, with no confident KB answer, goes on to retrieval and
#: referral instead of the general scam warning ("카톡으로 사진 보내는 거 어떻게 해요").
FRAUD_QUESTION_MIN = 0.6
#: ... and a scam reading this sure, or naming money or numbers, said with 지금, is a scam going on now (a
#: stock tip "지금 사라고 하던데" read 0.28 as a scam question is not)
FRAUD_NOW_MIN = 0.4
#: A runner-up this close to the top hit wins when the words name more of its matter (전기 요금 asked,
#: the top hit about phone bills): the words said outright beat a near tie in meaning.
NAMED_SWAP_GAP = 0.04
#: the captions too small ("글씨가 작아", "자막 좀 크게"): the page's zoom, not the voice
_TEXT_SIZE = re.compile(r"(?:글씨|글자|자막|화면에나오는글)[가-힣]{0,8}?(?:작|크게|키워|키와|안보|못읽|깨알)")
#: first words of topic names too general to name the topic alone
GENERIC_TOPIC_HEADS = frozenset({"병원", "기타", "돌아가신", "노인", "어르신", "요양원", "고령", "가사·간병", "외로움·친구"})
#: Something told as not working ("리모콘이 안 먹히는데 건전지 바꿔도 안 돼"): help wanted, though not asked
_TROUBLE = re.compile(r"안(?:돼|되네|되노|되는|먹혀|먹히|나와|나오|켜져|켜지|열려|열리|들려|보여)|고장|망가|말을안들")
_REQUEST = re.compile(r"줘|주세요|주이소|주소|주라|해라|해봐|하소|불러|다시|한번더|한번만더|잠깐|잠시|한마디로|쉽게|간단히")
_WH = re.compile(r"누구|뭐|무엇|어디|어데|언제|왜|어떻게|얼마|몇")
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
    general: bool = False  # a catch-all line (129, 120, 110), not the one place that handles a matter
    #: words of which one must be said too (a pet's name told is not a question for the vet)
    needs: tuple[str, ...] = ()

    def names(self, compact_text: str) -> int:
        """How many of its keywords the (compacted) text names; 0 when a needed word is missing."""
        if self.needs and not any(w in compact_text for w in self.needs):
            return 0
        return sum(k in compact_text for k in self.keywords)


@dataclass(frozen=True)
class Replies:
    """The fixed texts of ``replies.toml``."""

    texts: dict[str, Any]
    centers: tuple[CallCenter, ...]
    fallback_template: str
    topic_fallback_template: str = ""

    @classmethod
    def load(cls, path: Path | str = REPLIES_PATH) -> Replies:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        fb = doc.pop("fallback")
        centers = tuple(
            CallCenter(c["name"], str(c["number"]), tuple(c.get("keywords", ())), tuple(c.get("agency_keywords", ())),
                       bool(c.get("general", False)), tuple(c.get("needs", ())))
            for c in fb["center"]
        )
        return cls(texts=doc, centers=centers, fallback_template=fb["text"],
                   topic_fallback_template=fb.get("topic_text", ""))

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

    def conversation(self) -> Conversation:
        return Conversation(self)

    # --- helpers shared by conversations -----------------------------------------------------
    def call_center_by_keywords(self, text: str) -> CallCenter | None:
        """The call centre whose keywords the text names most, or None when it names none."""
        c = compact(text)
        counts = [center.names(c) for center in self.replies.centers]
        return self.replies.centers[counts.index(max(counts))] if max(counts) > 0 else None

    def named_topic(self, text: str) -> str | None:
        """The one knowledge-base topic the words name outright (its first word, e.g. 틀니 of 틀니
        건강보험), leaving out emergency procedures; None when none or several."""
        c = compact(text)
        found = {topic for topic, key in self._topic_keys().items()
                 if len(key) >= 2 and key in c and not urgent.is_emergency_topic(topic)}
        return found.pop() if len(found) == 1 else None

    def names_topic(self, text: str, topic: str) -> bool:
        """The words name ``topic`` outright (its first word), whatever other topics they name."""
        key = self._topic_keys().get(topic, "")
        return len(key) >= 2 and key in compact(text)

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


@dataclass
class _State:
    last: Reply | None = None  # last reply worth repeating
    last_topic: str | None = None
    offer: Offer | None = None  # what the last clarifying question offered
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
        self._hits: dict[str, list[Any]] = {}  # this turn's retrieval, by the text looked up

    def fork(self) -> Conversation:
        """An independent copy of this conversation's state (the session answers speculatively on a
        fork at a pause, and keeps it only if the turn really ended)."""
        other = Conversation(self.engine)
        other._s = copy.deepcopy(self._s)
        return other

    def snapshot(self) -> _State:
        """A copy of the state as plain data (picklable, no engine): what a cluster's store keeps so
        another worker can carry the conversation on (server/shared_state.py)."""
        return copy.deepcopy(self._s)

    def restore(self, state: _State) -> None:
        """Continue from a :meth:`snapshot` (taken by this or another process)."""
        self._s = copy.deepcopy(state)

    def reply(self, text: str, transcript: Transcript | None = None) -> Reply:
        """Answer one final transcript (blocking: runs retrieval; call it off the event loop).

        ``transcript``: the recogniser's result when the words were spoken (its confidence decides
        whether to ask again); None for typed text."""
        offer, self._s.offer = self._s.offer, None
        return self._remember(self._decide(text or "", transcript, offer))

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

    def _decide(self, text: str, transcript: Transcript | None, offer: Offer | None) -> Reply:
        stripped = text.strip()
        if stripped.endswith("?") and compact(stripped) in _PARDON:
            return self._repeat()
        if offer is None and compact(stripped) in _ACK:
            return self._fixed("ack", Intent.GREETING)
        if is_noise(text):
            return self._fixed("empty", Intent.EMPTY)
        u = self.engine.understanding.understand(text)
        self._hits = {}
        phishing = phishing_kind(u.normalized)  # "victim" also backs the urgent reading of money already sent
        missed = near_miss(u.text)
        avoided = missed and (phishing is not None or u.intent.label in ("fraud_question", "urgent_fraud_paid"))
        if missed:
            phishing = None  # "당할 뻔했는디 안 속았어": nothing was sent and nobody is asking now
        # the normalised text: 병신년 생 (a birth year the recogniser split) is joined back to 병신년생
        verdict = self.engine.filter.check(u.normalized)
        if verdict.category == "hate":  # a group put down is never an emergency
            return self._fixed("blocked_hate", Intent.BLOCKED, blocked=True)
        if verdict.category == "sexual" and u.intent.p("urgent_abuse", "urgent_intruder") < SEXUAL_HARM_P and not abuse_signs(u.text):
            # "옷 벗고 위로해 주면": never a 119 case; a real question after it is still answered
            return self._no_then_answer(u) or self._fixed("blocked_sexual", Intent.BLOCKED, blocked=True)
        key = urgent.decide(u, phishing, self._kb_answers_service)
        if key is None and not missed:
            key = self._urgent_in_part(u)
        if key == "urgent_intruder" and remote_installed(u.text) and not missed:
            key = None  # someone working the phone from afar is a scam's app, not a person at the door
        if key is not None:
            return self._urgent(key)
        if remote_installed(u.text) and not missed:  # a scammer's app is on the phone already
            return self._fixed("urgent_fraud_remote", Intent.URGENT, score=1.0)
        if _misheard(transcript, u):
            return self._repair(text)
        if avoided and (is_statement(u.text) or "잘했" in compact(u.text)):  # told, or asking for a nod
            return self._fixed("phishing_avoided", Intent.PHISHING)
        blocked = self._blocked_key(u, verdict)
        if blocked == "blocked":
            answered = self._boundary_and_answer(u, verdict)
            if answered is not None:
                return answered
        if blocked is not None:
            return self._fixed(blocked, Intent.BLOCKED, blocked=True)
        if phishing == "asked":  # a loss asked about beforehand or told of someone else: how to avoid or act
            return self._scam_question(u)
        if investment_pitch(u.text) and phishing is None:
            return self._fixed("investment_scam", Intent.PHISHING)  # doubled money promised: a likely scam, 1332
        if phishing is None and u.intent.label in ("fraud_question", "urgent_fraud_paid") and happening_now(u.text) and not investing(u.text) and (
                u.intent.confidence >= FRAUD_NOW_MIN or names_money(u.text)) and someone_in_touch(u.text):
            phishing = "pressure"  # the classifier's scam, going on as the person speaks
        if phishing == "pressure":  # someone is asking for money, numbers or an app: stop it now
            entry = self._configured_entry("phishing_pressure_entry")
            intent = Intent.URGENT if happening_now(u.text) else Intent.PHISHING  # on the phone right now
            return self._fixed("phishing_now", intent, entry_id=entry.id if entry else None, score=1.0)
        if phishing is not None:
            return self._phishing(phishing)
        if u.intent.label == "fraud_question":
            # a question about scams (a text with a link, blocking loans in one's name): the KB's own
            # answer when it has one, else the general advice
            hits = self._search(u.normalized)
            if hits and hits[0].score >= self.engine.retriever.accept_threshold:
                entry = self.engine.retriever.entries[hits[0].entry_id]
                if near_miss(u.text) and "보이스피싱" in entry.topic or (
                        asks_prevention(u.text) and "보이스피싱" in entry.topic and "예방" not in entry.topic):
                    # nothing was lost ("당할 뻔했는데 어떻게 막아요", "안 당할라면 뭘 조심해요"): how to
                    # avoid it, not stop-payment
                    entry = self._configured_entry("phishing_pressure_entry") or entry
                intent = Intent.PHISHING if "보이스피싱" in entry.topic else Intent.ANSWER
                return Reply(text=entry.answer, entry_id=entry.id, score=float(hits[0].score), intent=intent)
            if u.intent.confidence >= FRAUD_QUESTION_MIN:
                return self._phishing("pressure")
        if offer is not None:
            chosen = resolve(offer, u.normalized, self.engine.topics.entry_by)
            if chosen:
                return self._answer_entries(chosen)
            if chosen == ():
                return self._fixed("clarify_again", Intent.CLARIFY)
        about_the_call = self._about_the_call(u)
        if about_the_call is not None:
            return about_the_call
        control = self._control(u)
        if control is not None:
            return control
        if apologises(u.text):
            return self._fixed("apology", Intent.SMALL_TALK)  # sorry for a temper earlier (read as abuse): no harm done
        if asks_once_more(u.text):
            return self._repeat()  # "미안타 귀가 어두워서 … 한 번만 더" (however read)
        if frustrated(u.text):
            return self._fixed("frustrated", Intent.SMALL_TALK)  # worn out by the avatar (however read): sorry, once more
        if worried_about_dialect(u.text):
            return self._fixed("dialect", Intent.SMALL_TALK)  # any dialect is fine (read as a question): it asks again
        if asks_in_writing(u.text) and u.intent.label != "abusive" and self.engine.named_topic(u.text) is None:
            return self._fixed("captions", Intent.SMALL_TALK)  # "그거 종이에 좀 적어 주면" (however read): captions
        if u.intent.label not in ("abusive", "question"):
            # said plainly, however unsure the classifier is (no emergency: decided above)
            if asks_quieter_plainly(u.text):
                return self._fixed("quieter", Intent.SMALL_TALK)  # "귀청 떨어지겄네 소리 좀 줄여"
            if asks_wait(u.text):
                return self._fixed("wait", Intent.SMALL_TALK)  # "누가 초인종 눌렀네 쪼매만 기다리래이"
            if asks_in_writing(u.text):
                return self._fixed("captions", Intent.SMALL_TALK)  # the captions show every word
            if says_goodbye(u.text) and not (u.intent.urgent and urgent.emergency_words(u, None)):  # "가스 냄새가 … 나중에 물어볼게"
                return self._fixed("goodbye", Intent.GOODBYE)  # "졸리다 이제 자야겠다 잘 있어"
            if thanks_plainly(u.text) and not _REQUEST.search(compact(u.text)):
                return self._fixed("thanks", Intent.THANKS)  # "아따 고맙소잉 다음에 또 물어볼랑께"
        answered = self._answer(u, transcript)
        if answered.intent == Intent.ANSWER and self._rude_to_avatar(u):
            return self._with_boundary(answered)
        return answered

    def _about_the_call(self, u: Understood) -> Reply | None:
        """The call itself, however the classifier read it (unless as a question): is it recorded, a slip
        owned, can you see me, how to end it, a first time, a kind word."""
        if u.intent.label in ("question", "fraud_question"):
            return None
        if asks_if_recorded(u.text):
            return self._fixed("recorded", Intent.SMALL_TALK)  # the voice is not kept
        if misspoke(u.text):
            return self._fixed("misspoke", Intent.SMALL_TALK)  # not "say that again": they will
        if asks_if_seen(u.text):
            return self._fixed("camera", Intent.SMALL_TALK)  # no camera: the voice only
        if asks_how_to_end(u.text):
            return self._fixed("end_call", Intent.SMALL_TALK)  # the page's button
        if first_time_nervous(u.text):
            return self._fixed("first_time", Intent.SMALL_TALK)
        if compliments(u.text) and u.intent.p("abusive") < MILD_ABUSE_P:
            return self._fixed("compliment", Intent.SMALL_TALK)  # "아가씨 목소리가 참 곱네"
        return None

    def _urgent(self, key: str) -> Reply:
        if key == "crisis":
            entry = self._configured_entry("crisis_entry")
            if entry is not None and "109" in entry.answer:
                return Reply(text=entry.answer, entry_id=entry.id, score=1.0, intent=Intent.URGENT)
        return self._fixed(key, Intent.URGENT)

    def _search(self, text: str) -> list[Any]:
        """Retrieval for this turn's text, run once however many decisions ask for it."""
        return self._ranked(text)[:self.engine.options.k]

    def _ranked(self, text: str) -> list[Any]:
        """The turn's retrieval, deeper than ``_search`` (a second point asked may rank lower)."""
        if text not in self._hits:  # the whole and its parts (``_urgent_in_part``) are each looked up once
            depth = max(self.engine.options.k, POINT_DEPTH)
            self._hits[text] = list(self.engine.retriever.search(text, k=depth))
        return self._hits[text]

    def _urgent_in_part(self, u: Understood) -> str | None:
        """An emergency told beside something else ("머리를 박았는데 피가 나네 근데 그건 그렇고 기초연금
        …", "날씨 좋네 … 근데 창문이 깨져 있고 안방에서 소리가 나"): each part is read on its own, so
        that the question or the chat around it neither vetoes nor dilutes it. Only when the whole
        reads as a possible emergency or holds words that leave no doubt of one; a part is an emergency
        only with the words of one or when the classifier is sure of it."""
        if u.intent.p(*URGENT) < PART_URGENT_MIN and not clear_urgent(u.text):
            return None
        parts = urgent.parts_of(u.text)
        if len(parts) < 2:
            return None
        for part in parts:
            if hypothetical(part) or told_of_past(part) or told_as_story(part) or near_miss(part):
                continue  # "길 잃어버릴까 봐 그런데 …", "작년 겨울에 쓰러져가 …": a worry, a memory or a show
            pu = self.engine.understanding.understand(part)
            if not pu.intent.urgent:
                continue
            phishing = phishing_kind(pu.normalized)
            key = urgent.decide(pu, phishing, self._kb_answers_service)
            if key is not None and (urgent.emergency_words(pu, phishing) or pu.intent.p(*URGENT) >= PART_URGENT_SURE):
                log.info("emergency %s told beside something else: %r", key, part)
                return key
        return None

    def _kb_answers_service(self, u: Understood, lenient: bool = True) -> bool:
        retriever = self.engine.retriever
        return urgent.kb_answers_service(u, self._search(u.normalized), retriever.accept_threshold,
                                         retriever.entries, CLARIFY_BAND, lenient)

    def _blocked_key(self, u: Understood, verdict: FilterResult) -> str | None:
        """The reply key for abusive input ("blocked"; "blocked_sexual" for remarks about the avatar's
        body or invitations: a plain, calm no; "blocked_hate" for a group put down), or None. ``verdict``
        is the lexicon filter's on the normalised text, run once per turn."""
        p = u.intent.p("abusive")
        if urgent.death_wished_at_avatar(u.text):
            return "blocked"  # whatever the classifier's reading (despair, at 0.5)
        # the lexicon filter flags words inside harmless compounds (병신년 생): the classifier overrules
        # it only when it is nearly certain
        sure_harmless = u.intent.label != "abusive" and u.intent.confidence >= 0.6 and p < HARMLESS_ABUSE_P
        if p < 0.5 and not (verdict.blocked and not sure_harmless):
            if p >= MILD_ABUSE_P and self._abuse_heard(u):
                return "blocked"  # "이거 완전 맹추구먼 … 대답도 못 허고": a mild insult, and the classifier half hears it
            return None
        log.info("blocked input (classifier %.2f, filter %s)", p, verdict.category)
        return {"sexual": "blocked_sexual", "hate": "blocked_hate", "threat": "blocked_threat"}.get(
            verdict.category or "", "blocked")

    def _boundary_and_answer(self, u: Understood, verdict: FilterResult) -> Reply | None:
        """Rough words around a plain question ("씨발 기초연금 언제 들어오냐고 몇 번을 물어봐야 돼"):
        a calm word about the language, then the answer the knowledge base is sure of. Asking again
        would punish a person who is already frustrated at not being answered. ``verdict``: the
        filter's on the normalised text (its matches are the rough words)."""
        if is_statement(u.text):
            return None
        question = without_rough_frame(u.normalized, verdict.matches)
        if len(question.split()) < 2:
            return None
        # Where the question is: at the end of a rant that may name other topics first ("… 나라 연금
        # 쥐꼬리만큼 주고 … 등본 어디서 떼냐고"), else the whole of what is left, else from the first topic
        # word ("아이고 또 딴소리하네 주민등록등본 어디서 떼냐니까 …"). Nothing found: no question was
        # left once the rough words were gone ("병신 같은 게 무슨 상담을 한다고").
        found = None
        for candidate in (self._from_topic_word(question, last=True), question, self._from_topic_word(question)):
            if found is None and candidate:
                found = self._sure_answer_alone(candidate, BOUNDARY_MIN_QUESTION, rude=True)
        if found is None:
            return None
        entry, score = found
        return self._with_boundary(Reply(text=entry.answer, entry_id=entry.id, score=score, intent=Intent.ANSWER))

    def _no_then_answer(self, u: Understood) -> Reply | None:
        """A remark about the avatar's body and then, in a part of its own, a question the KB surely
        answers ("가슴이 크네 허허 그건 그렇고 노인 일자리 언제 뽑아"): a plain no, then the answer."""
        for part in urgent.parts_of(u.text)[1:]:
            if self.engine.filter.check(part).blocked:
                continue
            found = self._sure_answer_alone(part, BOUNDARY_MIN_QUESTION)
            if found is not None:
                entry, score = found
                answered = Reply(text=entry.answer, entry_id=entry.id, score=score, intent=Intent.ANSWER)
                return self._with_boundary(answered, "blocked_sexual_then_answer")
        return None

    def _from_topic_word(self, text: str, last: bool = False) -> str | None:
        """``text`` from its first (``last``: its last) word naming a KB term on, when words come before
        it (a complaint said before the question), else None."""
        words = text.split()
        found = list(enumerate(words[1:], start=1))
        for i, word in reversed(found) if last else found:
            if self.engine.lexicon_words_in(compact(word), min_len=2):
                if len(words) - i >= 2:
                    return " ".join(words[i:])
                if not last:
                    return None
        return None

    def _rude_to_avatar(self, u: Understood) -> bool:
        """A mild insult aimed at the avatar beside a plain question ("니 같은 고물딱지는 … 근데 장기요양
        전화번호는", "이 깡통아 …"): the answer comes with a calm word about the language."""
        mild = getattr(self.engine.filter, "mild_insult", None)
        if mild is None or not (mild(u.normalized) or mild(u.text)):
            return False
        return said_to_avatar(u.text) or names_called(u.text, mild)

    def _with_boundary(self, answered: Reply, key: str = "blocked_then_answer") -> Reply:
        boundary = self._fixed(key, Intent.BLOCKED).text
        return Reply(text=f"{boundary} {answered.text}", entry_id=answered.entry_id, score=answered.score,
                     blocked=True, intent=Intent.BLOCKED)

    def _sure_answer_alone(self, text: str, min_question: float, rude: bool = False) -> tuple[Entry, float] | None:
        """The KB entry that surely answers ``text`` read on its own (a part of what was said, or what
        is left of it), when it reads as a question at least ``min_question`` (or at all, when the KB is
        ``SURE_MARGIN`` past sure) and is no emergency's procedure; with its score."""
        asked = self.engine.understanding.understand(text)
        # ``rude``: the question left of a rant keeps its tone ("등본 어디서 떼냐고" reads as abusive);
        # it is trusted only when the KB is far past sure
        toned = rude and asked.intent.label == "abusive"
        if asked.intent.label != "question" and not toned:
            return None
        hits = self.engine.retriever.search(asked.normalized, k=1)
        threshold = self.engine.retriever.accept_threshold
        if not hits or hits[0].score < threshold:
            return None
        if (toned or asked.intent.confidence < min_question) and hits[0].score < threshold + SURE_MARGIN:
            return None  # a weak question reading is enough only when the KB is far past sure ("등본 떼는 거")
        entry = self.engine.retriever.entries[hits[0].entry_id]
        if urgent.is_emergency_topic(entry.topic):
            return None
        return entry, float(hits[0].score)

    def _abuse_heard(self, u: Understood) -> bool:
        """A half-sure abuse reading is trusted when sure enough or when the words hold an insult."""
        if u.intent.p("abusive") >= SURE_ABUSE_P:
            return True
        mild = getattr(self.engine.filter, "mild_insult", None)
        return mild is None or bool(mild(u.normalized) or mild(u.text))

    def _control(self, u: Understood, min_confidence: float = CONTROL_MIN) -> Reply | None:
        label = u.intent.label
        if u.intent.confidence < min_confidence:
            return None  # an unsure short phrase is more often a follow-up question ("얼마예요?")
        if (label in CONTROL or label in SMALL_TALK_LABELS) and _TEXT_SIZE.search(compact(u.text)):
            return self._fixed("text_size", Intent.SMALL_TALK)  # the captions, not the voice
        if (label in CONTROL or label in SMALL_TALK_LABELS) and asks_in_writing(u.text):
            return self._fixed("captions", Intent.SMALL_TALK)  # "글자로 좀 보여 주면": every word is captioned
        if label == "slower":
            return self._slower()
        if label == "repeat":
            return self._repeat()
        if label == "louder" and asks_quieter(u.text):
            return self._fixed("quieter", Intent.SMALL_TALK)  # too loud: the volume down, not the answer again
        if label == "louder":
            return self._again_with("louder_prefix", "louder_nothing")
        if label == "simpler":
            return self._simpler()
        if label == "chitchat" and _telling(u.text):  # not asking the avatar about itself
            return self._listen(u)
        if label in ("wait", *SMALL_TALK_LABELS):
            return self._fixed(label, Intent.SMALL_TALK)
        if label == "ack":
            return self._fixed("ack", Intent.GREETING)
        if label == "stop":
            return self._fixed("stop", Intent.SMALL_TALK)
        if label == "human":
            return self._fixed("human", Intent.REFER)
        if label == "greeting" and compact(u.text) == "안녕" and self._s.turns > 0:
            label = "goodbye"
        if label in ("greeting", "thanks", "goodbye"):
            return self._fixed(label, {"greeting": Intent.GREETING, "thanks": Intent.THANKS,
                                       "goodbye": Intent.GOODBYE}[label])
        return None

    def _listen(self, u: Understood, score: float = 0.0) -> Reply:
        """Something told rather than asked: listen warmly, unless it carries a trace of abuse (a
        threat told as a statement) or of danger (water rising in the room, no urgent kind for it)."""
        if u.intent.p("abusive") >= LISTEN_MAX_ABUSE and self._abuse_heard(u):
            return self._fixed("blocked", Intent.BLOCKED, blocked=True)
        danger = u.intent.p(*URGENT)
        if not urgent.fire_signs(u) or urgent.fire_over(u.text):  # "전화통에 불이 나네", "환기 시켰더니 괜찮아"
            danger -= u.intent.p("urgent_fire")
        strongest = max(URGENT, key=u.intent.p)
        if danger >= LISTEN_MAX_URGENT and (danger >= LISTEN_SURE_URGENT or urgent.emergency_words(u, None)) and not (
                past_event(u.text) or told_as_story(u.text)  # a memory, a show, a phone that "died": listened to
                or strongest == "crisis" and urgent.death_in_passing(u.text)  # "코 고는 소리에 미쳐 죽겠어"
                or idiom_of_death(u.text) and not urgent.emergency_words(u, None)  # "고스톱에서 다 죽여 부렀어"
                or arms_as_skill(u.text) and not abuse_signs(u.text)):  # "예비군 훈련 가서 사격 일등 했대"
            # a half-sure sign of danger told as a statement: the check names the danger it most likely
            # is (a wish to die: the 109 line; harm by family: the abuse line), else a general 119 check
            if strongest == "crisis" and (crisis_hint(u.text) or crisis_signs(u.text)) and not (
                    past_event(u.text) or near_miss(u.text)):  # "60년 전에 물에 빠져 죽을 뻔했거든": a memory
                return self._fixed("crisis", Intent.URGENT, score=score)
            if strongest == "urgent_abuse" and abuse_signs(u.text):
                return self._fixed("urgent_abuse", Intent.URGENT, score=score)
            return self._fixed("safety_check", Intent.SMALL_TALK, score=score)
        return self._fixed("sharing", Intent.SMALL_TALK, score=score)

    def _repair(self, heard: str) -> Reply:
        text = self.engine.replies.pick("repair").format(heard=heard.strip()[:60])
        return Reply(text=text, intent=Intent.REPAIR, fallback=True)

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

    def _scam_question(self, u: Understood) -> Reply:
        """A question about scams nobody is losing money to now: a close scam entry of the KB, else prevention."""
        hits = self._search(u.normalized)
        threshold = self.engine.retriever.accept_threshold
        if hits and hits[0].score >= threshold - CLARIFY_BAND:
            entry = self.engine.retriever.entries[hits[0].entry_id]
            if "보이스피싱" in entry.topic or "사기" in entry.topic:
                return Reply(text=entry.answer, entry_id=entry.id, score=float(hits[0].score), intent=Intent.PHISHING)
        return self._phishing("pressure")

    def _again_with(self, prefix_key: str, nothing_key: str) -> Reply:
        """The last answer again after a short preface ("또박또박 다시 말씀드릴게요")."""
        last = self._s.last
        if last is None:
            return self._fixed(nothing_key, Intent.REPEAT)
        prefix = self.engine.replies.pick(prefix_key)
        return dataclasses.replace(last, text=f"{prefix} {last.text}", intent=Intent.REPEAT)

    def _simpler(self) -> Reply:
        """The key sentence of the last answer (answers put the key fact first) and where to ask."""
        last = self._s.last
        if last is None:
            return self._fixed("simpler_nothing", Intent.REPEAT)
        first = re.split(r"(?<=[.!?요])\s+", last.text.strip(), maxsplit=1)[0]
        prefix = self.engine.replies.pick("simpler_prefix")
        return dataclasses.replace(last, text=f"{prefix} {first}", intent=Intent.REPEAT)

    def _answer_entries(self, entry_ids: tuple[str, ...]) -> Reply:
        entries = [self.engine.retriever.entries[i] for i in entry_ids]
        text = " ".join(e.answer for e in entries)
        return Reply(text=text, entry_id=entries[0].id, score=1.0, intent=Intent.ANSWER)

    def _answer(self, u: Understood, transcript: Transcript | None) -> Reply:
        engine = self.engine
        retriever = engine.retriever
        text = u.normalized
        threshold = retriever.accept_threshold
        hits = self._prefer_named(text, self._search(text), threshold)
        top = hits[0] if hits else None
        top_ok = top is not None and top.score >= threshold
        followup = self._followup(text, hits, top_ok)
        if followup is not None:
            return followup
        if self._s.last_topic is None and is_elliptical(text) and (is_anaphoric(text) or asked_aspect(text)):
            # "그거 어디서 신청해요?" / "얼마예요?" with nothing said before: ask which one, don't guess
            return self._fixed("clarify", Intent.FALLBACK, fallback=True, score=top.score if top else 0.0)
        if top is None or top.score < threshold - CLARIFY_BAND or (
                not top_ok and u.intent.label not in ("question", "fraud_question")):
            # nothing near, or the whole read as chat: maybe a story drowns a question
            asked_after = self._question_part(u)
            if asked_after is not None:
                return asked_after
        outside = self._outside(u, top)
        if names_suicide(u.text) and not is_statement(u.text) and (top is None or "109" not in self._answer_of(top)):
            crisis = self._configured_entry("crisis_entry")  # help asked where suicide is named: the 109 line
            if crisis is not None and "109" in crisis.answer:
                return Reply(text=crisis.answer, entry_id=crisis.id, score=top.score if top else 0.0,
                             intent=Intent.ANSWER)
        if top_ok and not outside:
            top = self._gentler_than_crisis(u, top)
        if top_ok and not outside and self._chat_beside_an_entry(u, retriever.entries[top.entry_id]):
            return self._listen(u, top.score)  # "손주가 대학에 붙었어요 자랑 좀 할라고": not a scholarship question
        if top_ok and not outside:
            return self._answer_points(text, retriever.entries[top.entry_id], top.score)
        label = u.intent.label
        score = top.score if top else 0.0
        if _heard_badly(transcript):
            # nothing answers it and the recogniser was guessing: never refuse, block or chat about
            # words that may not have been said; ask again, showing what was heard
            return self._repair(u.text)
        if is_statement(u.text) and (told_of_past(u.text) or remembered(u.text)) and not asks_state_help(u.text):
            return self._listen(u, score)  # a memory told ("육이오 때 … 아직도 생각나"): listened to, no call centre
        if label == "ood_other" and is_statement(u.text):  # telling about their day, not asking
            return self._listen(u, score)
        if is_statement(u.text) and told_as_over(u.text) and not u.intent.urgent:
            return self._listen(u, score)  # a mishap told as over ("이제 다 나았어"): listened to, not referred
        if outside and self._told_in_passing(u):
            return self._listen(u, score)  # told, not asked ("칼 가는 아저씨가 요새 안 오네"), and nothing is broken
        if outside:  # private insurance, a used car's price, a temple's lantern: not the KB's nearest entry
            kind = max(OUT_OF_DOMAIN, key=u.intent.p)
            if family_law(u.text):
                return self._refer_out_of_domain(u, "ood_legal", score)
            return self._refer_out_of_domain(u, kind if u.intent.p(kind) >= OOD_KIND_MIN else "ood_other", score)
        if self._family_matter_asked(u):  # "며느리가 전화를 통 안 하는데 먼저 해야 되나": who listens
            return self._fixed("refer_family", Intent.REFER, fallback=True, score=score)
        asked = not is_statement(u.text) and label not in CONTROL  # asked in so many words
        close = top is not None and top.score >= threshold - CLARIFY_BAND
        asks = u.intent.p("question")
        if label == "ood_legal" and not law_words(u.text) and asks_state_help(u.text) and asks >= LEGAL_AS_HELP_MIN_QUESTION:
            # "월세 보태주는 거 있나", "지붕 고쳐주는 거 있다 카든데": help asked of the state, no dispute at law
            label, asks = "question", max(asks, ANSWER_UNSURE_MIN_QUESTION)
        if label in OUT_OF_DOMAIN and not (asked and close and u.intent.confidence < OOD_UNSURE):
            return self._refer_out_of_domain(u, label, score)
        # a question by its words that the classifier read as something else it was unsure of (a
        # drama's fire, then "그런 건 어떻게 해야 돼"; 참전 수당 read as legal) is answered when close
        if close and (asks >= ANSWER_UNSURE_MIN_QUESTION or asked and self._asked_answerable(u, hits[0])):
            return self._answer_unsure(hits, text)
        if close and asks >= CLARIFY_MIN_QUESTION:
            return self._clarify(hits)
        if label in UNSURE_CONTROL_LABELS and u.intent.confidence >= UNSURE_CONTROL_MIN and (
                len(u.text.split()) <= 3 or _REQUEST.search(compact(u.text))):  # "안 들려", "… 다시 불러 줘"
            control = self._control(u, min_confidence=UNSURE_CONTROL_MIN)  # "안 들려": louder, not chat
            if control is not None:
                return control
        if _LOW_OR_LONELY.search(compact(u.text)) and not is_statement(u.text) and not wish_to_die(u.text):
            company = self._gentler_entry(u)  # "적적한데 공짜로 말동무 해 주는 데 있나", nothing near
            if company is not None:
                return Reply(text=company.answer, entry_id=company.id, score=score, intent=Intent.ANSWER)
        if label in SMALL_TALK_LABELS:  # unsure small talk nothing answers: still small talk, not a call centre
            if label == "chitchat" and _telling(u.text):
                return self._listen(u, score)
            return self._fixed(label, Intent.SMALL_TALK, score=score)
        if u.intent.p("abusive") >= FALLBACK_ABUSE_P and self._abuse_heard(u):  # a half-sure insult nothing answers
            return self._fixed("blocked", Intent.BLOCKED, blocked=True)
        if u.intent.urgent and told_as_story(u.text):  # a drama's collapse, told: listen, no call centre
            return self._listen(u, score)
        named = engine.named_topic(u.text)
        if named is None and asks < CLARIFY_MIN_QUESTION and not engine.call_center_by_keywords(text):
            # not a service question anyone could place: say what the avatar is for, not "call 110"
            if is_statement(u.text):
                return self._listen(u, score)
            return self._fixed("refer_other", Intent.REFER, fallback=True, score=score)
        center = engine.call_center(text, hits, topic=named)
        return Reply(text=engine.replies.fallback_text(center, named),
                     entry_id=None, score=score, fallback=True, intent=Intent.FALLBACK)

    def _gentler_than_crisis(self, u: Understood, top: Any) -> Any:
        """The suicide line's entry found for low mood or loneliness with no wish to die in the words
        ("적적하고 우울해서 … 돈 안 드는 상담 받을 데가 있나 말벗이라도"): the free counselling or the
        company the person asked for instead, with the same score. Signs of danger keep the 109 line."""
        crisis = self._configured_entry("crisis_entry")
        if crisis is None or top.entry_id != crisis.id:
            return top
        if (wish_to_die(u.text) or names_suicide(u.text) or crisis_signs(u.text) or better_off_gone(u.text)
                or "109" in u.text):
            return top
        gentler = self._gentler_entry(u)
        return top if gentler is None else dataclasses.replace(top, entry_id=gentler.id)

    def _gentler_entry(self, u: Understood) -> Entry | None:
        """Company for loneliness, free counselling for low mood (configured entries)."""
        return self._configured_entry("lonely_entry" if _LONELY.search(compact(u.text)) else "low_mood_entry")

    def _answer_points(self, text: str, entry: Entry, score: float) -> Reply:
        """``entry``'s answer, and with it the answer to a second point of the same topic asked in the
        same breath ("몇 살부터 되고 얼마나 내야 돼요"), in the order the two were asked."""
        return Reply(text=self._both_points(text, entry) or entry.answer, entry_id=entry.id, score=score,
                     intent=Intent.ANSWER)

    def _both_points(self, text: str, entry: Entry) -> str | None:
        """The answers of ``entry`` and of a second point asked with it, in the order they were asked;
        None when no second point is asked (or nothing near answers it)."""
        points = asked_points(text)
        second = self._second_point(text, entry, points) if points else None  # most turns ask no point
        if second is None:
            return None

        def said_at(e: Entry) -> int:  # the best entry first when its point was not named (공짜라던데 … 언제부터)
            return next((i for i, p in enumerate(points) if covers(e.aspect, p)), -1)

        pair = (entry, second) if said_at(entry) <= said_at(second) else (second, entry)
        return join_answers(*(e.answer for e in pair))

    def _second_point(self, text: str, entry: Entry, points: list[Point]) -> Entry | None:
        """The entry of ``entry``'s topic for a point the question names and ``entry`` does not answer,
        when retrieval ranks it close enough. Not for emergency or scam procedures, whose steps are
        told together by their own replies. When the words name the topic outright and it has one
        entry for the point, that entry answers it however a long story around ranks it ("… 공원 청소 하고
        돈 받는다 카더라 … 노인 일자리 한 달에 얼마 주는 기고 어데 가서 신청하노")."""
        if entry.aspect not in FIRST_ASPECTS or urgent.is_emergency_topic(entry.topic) or "보이스피싱" in entry.topic:
            return None
        floor = self.engine.retriever.accept_threshold - POINT_BAND
        ranked = {h.entry_id: h.score for h in self._ranked(text)}
        topic_named = self.engine.names_topic(text, entry.topic)
        for point in points:
            if covers(entry.aspect, point):
                continue
            own = self._siblings(entry, point)  # the point's own aspect; its family only where it has none
            near = [e for e in own or self._siblings(entry, answering_aspects(point)) if ranked.get(e.id, -1.0) >= floor]
            if near:
                return max(near, key=lambda e: ranked[e.id])
            if topic_named and len(own) == 1:
                return own[0]
        return None

    def _siblings(self, entry: Entry, aspects: Sequence[str]) -> list[Entry]:
        """The other entries of ``entry``'s topic for ``aspects``."""
        return [e for aspect in aspects for e in self.engine.topics.entries_by(entry.topic, aspect) if e.id != entry.id]

    def _question_part(self, u: Understood) -> Reply | None:
        """A question after a story ("드라마에서 … 속 터져 죽는 줄 알았네 그나저나 건강검진은 올해 짝수 해라
        받는 거 맞지"): when nothing is near for the whole, the last part that asks is looked up alone,
        so that the story neither drowns the question nor gets it refused."""
        parts = urgent.parts_of(u.text)
        if len(parts) < 2:
            return None
        part = next((p for p in reversed(parts) if not is_statement(p)), None)
        found = self._sure_answer_alone(part, PART_MIN_QUESTION) if part is not None else None
        if found is None:
            return None
        entry, score = found
        log.debug("answered the question after the story: %r -> %s", part, entry.id)
        return Reply(text=entry.answer, entry_id=entry.id, score=score, intent=Intent.ANSWER)

    def _prefer_named(self, text: str, hits: list[Any], threshold: float) -> list[Any]:
        """``hits`` with a close runner-up first when the words name more of its entry's terms."""
        if len(hits) < 2:
            return hits
        c = compact(text)
        named = self.engine.lexicon_words_in(c, min_len=3)
        if not named:
            return hits
        entries = self.engine.retriever.entries

        def cover(hit: Any) -> int:
            terms = set(self.engine.entry_terms(entries[hit.entry_id]))
            return sum(t in terms for t in named)

        top, top_cover = hits[0], cover(hits[0])
        for hit in hits[1:]:
            if top.score - hit.score > NAMED_SWAP_GAP:
                break
            if cover(hit) > top_cover and (hit.score >= threshold or top.score < threshold):
                return [hit, *(h for h in hits if h is not hit)]
        return hits

    def _answer_of(self, hit: Any) -> str:
        return self.engine.retriever.entries[hit.entry_id].answer

    def _outside(self, u: Understood, top: Any) -> bool:
        """Not a public-service question by the scope guard, and the words name nothing of the nearest
        entry (틀니, 동물등록, 여권 keep their answer however the sentence around them reads). Only a
        question or out-of-domain reading is checked (a custody question read as legal must not get a
        child-allowance entry because it scored over the threshold): an emergency told as a story,
        control and abuse readings keep their own paths."""
        if u.intent.label not in ("question", "fraud_question", *OUT_OF_DOMAIN, *URGENT):
            return False
        if private_finance(u.normalized):  # an insurer's or a bank's product: the KB has none
            return True  # (however read: "적금 만기 됐는데 주식에 넣을까" was a dropped money-sent reading)
        if family_law(u.text) and not asks_state_help(u.text):  # custody or divorce: 132, not 조손가족
            return True
        if u.intent.label in URGENT:  # a dropped emergency reading keeps its own paths
            return False
        if (u.intent.label in ("ood_other", "ood_medical") and u.intent.confidence >= OOD_SURE and top is not None
                and not self._names_longer_term(u, self.engine.retriever.entries[top.entry_id])):
            return True  # "손주 대학 어디 보내면 좋을까": surely not a service, and only "손주" is the entry's
        if self.engine.understanding.out_of_scope(u.normalized) < SCOPE_OUT_MIN:
            return False
        return top is None or not self.engine.names_entry(u.normalized, self.engine.retriever.entries[top.entry_id])

    def _chat_beside_an_entry(self, u: Understood, entry: Entry) -> bool:
        """News told and read as chat, naming none of the entry's longer terms: the entry is near by its
        words ("손주", "대학"), not asked for."""
        return (u.intent.label in ("ood_other", "chitchat") and u.intent.confidence >= CHAT_SURE
                and is_statement(u.text) and not asks_state_help(u.text) and not self._names_longer_term(u, entry))

    def _names_longer_term(self, u: Understood, entry: Entry) -> bool:
        """The words name one of ``entry``'s terms of three syllables or more (not 손주, 대학, 지원)."""
        said = compact(u.normalized)
        return any(len(t) >= 3 and compact(t) in said for t in self.engine.entry_terms(entry))

    @staticmethod
    def _told_in_passing(u: Understood) -> bool:
        """A story outside the avatar's topics, not a question without its ending ("혈압약을 아침에 먹어야
        돼 저녁에 먹어야 돼" is asked of a doctor), nor trouble wanting help, nor a private product."""
        return (is_statement(u.text) and not _TROUBLE.search(compact(u.text)) and not u.intent.urgent and not wants(u.text)
                and u.intent.p("ood_medical", "ood_legal") < TOLD_MAX_ADVICE_P and not private_finance(u.normalized))

    def _refer_out_of_domain(self, u: Understood, label: str, score: float) -> Reply:
        """Outside the avatar's topics: the one place that handles exactly this (분실물: 182, 모종:
        농업기술센터) when asked, else the referral of its kind (a doctor, 132, what the avatar is for)."""
        engine = self.engine
        center = engine.call_center_by_keywords(u.normalized)
        if label == "ood_medical" and about_crops(u.text):
            label = "ood_other"  # a pest or a blight on the peppers: the farm centre, not a doctor
        if label in ("ood_other", "ood_legal") and self._family_matter_asked(u):
            label = "ood_family"  # "며느리가 말을 툭툭 하는데 참아야 되나": who listens, not "I can't help"
        if label == "ood_other" and (not is_statement(u.text) or wants(u.text)) and center is not None and not center.general:
            return Reply(text=engine.replies.fallback_text(center), entry_id=None, score=score, fallback=True,
                         intent=Intent.FALLBACK)
        return self._fixed("refer_" + label.removeprefix("ood_"), Intent.REFER, fallback=True, score=score)

    @staticmethod
    def _family_matter_asked(u: Understood) -> bool:
        """A family relation asked about, with no dispute at law and no harm in the words."""
        return (family_matter(u.text) and not is_statement(u.text) and not law_words(u.text)
                and not family_law(u.text) and not abuse_signs(u.text))

    def _asked_answerable(self, u: Understood, top: Any) -> bool:
        """A question by its words the classifier did not read as one may be answered from a close entry,
        but not a half-sure insult, and an emergency procedure only after a story or a "what if" (불고기
        재울 때 불을 얼마나 is not a fire)."""
        if u.intent.p("abusive") >= FALLBACK_ABUSE_P:
            return False
        entry = self.engine.retriever.entries[top.entry_id]
        clearly_ood = u.intent.label in OUT_OF_DOMAIN and u.intent.confidence - u.intent.p("question") >= OOD_MARGIN
        if clearly_ood and not self.engine.names_entry(u.normalized, entry):
            return False  # read as out of domain and nothing names the entry: "달까지 거리가 얼마나" is not a discount
        return not urgent.is_emergency_topic(entry.topic) or told_as_story(u.text) or hypothetical(u.text)

    def _close_pair(self, hits: list[Any]) -> tuple[Entry, Entry | None]:
        """The best entry and, if one of the next two is another aspect of its topic scored within
        ``CLARIFY_TIE`` of it, that runner-up (what an unsure answer offers, what a question names)."""
        entries = self.engine.retriever.entries
        first = entries[hits[0].entry_id]
        second = next((entries[h.entry_id] for h in hits[1:3]
                       if entries[h.entry_id].topic == first.topic and entries[h.entry_id].aspect != first.aspect
                       and hits[0].score - h.score <= CLARIFY_TIE), None)
        return first, second

    def _answer_unsure(self, hits: list[Any], text: str = "") -> Reply:
        """Close to the threshold: answer the best entry, saying what it answers (so a wrong guess is
        plain at once), and offer a close second of the same topic; "네" then answers that one."""
        first, second = self._close_pair(hits)
        replies = self.engine.replies
        both = self._both_points(text, first) if text else None
        if both is not None:  # "한 달에 얼마 주는 기고 어데 가서 신청하노", a little under the threshold
            return Reply(text=f"{both} {replies.pick('unsure_tail')}", entry_id=first.id,
                         score=float(hits[0].score), intent=Intent.ANSWER)
        parts = []
        if first.aspect in ASPECT_NAMED:
            what = f"{first.topic}에 대해" if first.aspect == "overview" else as_object(phrase(first))
            parts.append(replies.pick("unsure_lead").format(what=what))
        parts.append(first.answer)
        if second is not None and second.aspect in ASPECT_NAMED:
            parts.append(replies.pick("unsure_offer").format(what=phrase(second)))
            self._s.offer = Offer((second.id,), first.topic)
        else:
            parts.append(replies.pick("unsure_tail"))
        return Reply(text=" ".join(parts), entry_id=first.id, score=float(hits[0].score), intent=Intent.ANSWER)

    def _clarify(self, hits: list[Any]) -> Reply:
        """Ask which of the close entries was meant; the next turn reads the answer (``clarify.resolve``)."""
        first, second = self._close_pair(hits)
        replies = self.engine.replies
        if second is not None:
            text = replies.pick("clarify_two").format(first=as_choice(phrase(first)), second=as_choice(phrase(second)))
            ids: tuple[str, ...] = (first.id, second.id)
        else:
            text = replies.pick("clarify_one").format(what=as_object(phrase(first)))
            ids = (first.id,)
        self._s.offer = Offer(ids, first.topic)
        return Reply(text=text, entry_id=None, score=float(hits[0].score), intent=Intent.CLARIFY)

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


_LONELY_WORDS = r"외로|적적|쓸쓸|말벗|말동무"
_LONELY = re.compile(_LONELY_WORDS + r"|심심|친구")
_LOW_OR_LONELY = re.compile(_LONELY_WORDS + r"|우울|울적|마음이(?:축|무거|가라앉|힘들|허전)|허전")


def _telling(text: str) -> bool:
    """Told rather than asked of the avatar: a statement, or family news ("손녀 합격했다고 전화 와서 …
    너무 좋아가", whose dialect ending looks like a question)."""
    return is_statement(text) or tells_news(text) and not said_to_avatar(text) and not _WH.search(compact(text))


def _heard_badly(transcript: Transcript | None) -> bool:
    """Spoken words the recogniser was unsure of (typed text never is)."""
    return transcript is not None and (transcript.avg_logprob < UNSURE_LOGPROB or transcript.no_speech_prob > NO_SPEECH)


def _misheard(transcript: Transcript | None, u: Understood) -> bool:
    """Spoken words the recogniser was unsure of and the classifier could not place: ask again
    rather than answer (or refuse) something that was never said."""
    return _heard_badly(transcript) and u.intent.confidence < 0.6
