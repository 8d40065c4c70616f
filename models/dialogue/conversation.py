"""One ``Conversation`` per session: the order of decisions for each utterance (see ``engine``)."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from models.dialogue import urgent
from models.dialogue.abuse_turns import AbuseTurns
from models.dialogue.answer_turns import AnswerTurns
from models.dialogue.bands import (
    CLARIFY_BAND,
    COMPLIMENT_MAX_ABUSE_P,
    FRAUD_NOW_MIN,
    FRAUD_QUESTION_MIN,
    PART_URGENT_MIN,
    PART_URGENT_SURE,
    SEXUAL_HARM_P,
    SORROW_GENTLE_109_P,
    SORROW_MAX_CRISIS_P,
)
from models.dialogue.birth_years import age_answer, without_birth_year
from models.dialogue.clarify import Offer, resolve
from models.dialogue.control_turns import ControlTurns
from models.dialogue.cues import (
    abuse_signs,
    apologises,
    asks_about_media,
    asks_for_a_name,
    asks_forecast,
    asks_how_to_end,
    asks_if_recorded,
    asks_if_seen,
    asks_in_writing,
    asks_once_more,
    asks_political_opinion,
    asks_prevention,
    asks_quieter_plainly,
    asks_said_again,
    asks_to_chat,
    asks_wait,
    asks_what_scammers_ask,
    asks_what_to_ask,
    asks_which_to_buy,
    body_in_trouble,
    clear_urgent,
    compact,
    compliments,
    crisis_signs,
    false_alarm,
    fears_dying_unnoticed,
    final_farewell,
    fine_now,
    first_time_nervous,
    frustrated,
    greets_again,
    happening_now,
    hypothetical,
    investing,
    investment_pitch,
    is_noise,
    is_statement,
    loss_asked_after,
    misspoke,
    names_money,
    names_suicide,
    near_miss,
    phishing_kind,
    remote_installed,
    said_now,
    says_goodbye,
    someone_in_touch,
    thanks_plainly,
    told_as_story,
    told_of_past,
    wish_to_die,
    worried_about_dialect,
)
from models.dialogue.numbers_heard import checked_number
from models.dialogue.point_turns import PointTurns
from models.dialogue.scope_turns import ScopeTurns
from models.dialogue.turn_base import ConversationState
from models.dialogue.turn_words import ACK, ASKING_LEAVE, PARDON, REQUEST, misheard
from models.dialogue.unsure_turns import UnsureTurns
from models.dialogue.word_meanings import word_meaning
from models.understanding import URGENT, Understood
from streaming.types import Intent, Reply, Transcript

log = logging.getLogger(__name__)

#: money asked about: a question of a fee or a benefit, whatever show it was heard on
_MONEY_ASKED = re.compile(r"돈|비용|요금|얼마|수수료|무료|공짜")


class Conversation(AbuseTurns, ControlTurns, AnswerTurns, ScopeTurns, PointTurns, UnsureTurns):
    """Per-session dialogue state: last answer and topic. Not shared between sessions.

    How fast replies are spoken is not decided here: a request to slow down is a reply with intent
    ``SLOWER``, and the session's ``streaming.speech_rate.SpeechRate`` applies it.
    """

    def fork(self) -> Conversation:
        """An independent copy of this conversation's state (the session answers speculatively on a
        fork at a pause, and keeps it only if the turn really ended)."""
        other = Conversation(self.engine)
        other._s = copy.deepcopy(self._s)
        return other

    def snapshot(self) -> ConversationState:
        """A copy of the state as plain data (picklable, no engine): what a cluster's store keeps so
        another worker can carry the conversation on (server/shared_state.py)."""
        return copy.deepcopy(self._s)

    def restore(self, state: ConversationState) -> None:
        """Continue from a :meth:`snapshot` (taken by this or another process)."""
        self._s = copy.deepcopy(state)

    def reply(self, text: str, transcript: Transcript | None = None) -> Reply:
        """Answer one final transcript (blocking: runs retrieval; call it off the event loop).

        ``transcript``: the recogniser's result when the words were spoken (its confidence decides
        whether to ask again); None for typed text."""
        offer, self._s.offer = self._s.offer, None
        vague, self._s.vague = self._s.vague, None
        return self._remember(self._decide(text or "", transcript, offer, vague))

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

    def _decide(self, text: str, transcript: Transcript | None, offer: Offer | None, vague: str | None = None) -> Reply:
        stripped = text.strip()
        if stripped.endswith("?") and compact(stripped) in PARDON:
            return self._repeat()
        if offer is None and (compact(stripped) in ACK or ASKING_LEAVE.fullmatch(compact(stripped))):
            return self._fixed("ack", Intent.GREETING)
        if is_noise(text):
            return self._fixed("empty", Intent.EMPTY)
        u = self.engine.understanding.understand(text)
        self._new_turn()
        phishing = phishing_kind(u.normalized)  # "victim" also backs the urgent reading of money already sent
        missed = near_miss(u.text)
        avoided = missed and (phishing is not None or u.intent.label in ("fraud_question", "urgent_fraud_paid"))
        if missed:
            phishing = None  # "당할 뻔했는디 안 속았어": nothing was sent and nobody is asking now
        elif (phishing in ("victim", "pressure") or phishing is None and u.intent.label == "urgent_fraud_paid") and (
                loss_asked_after(u.text)):
            phishing = "refund"  # lost last month, or reported already: how money comes back, not "hang up now"
        # the normalised text: 병신년 생 (a birth year the recogniser split) is joined back to 병신년생
        verdict = self._verdict(u.normalized)
        if verdict.category == "hate":  # a group put down is never an emergency
            return self._fixed("blocked_hate", Intent.BLOCKED, blocked=True)
        if verdict.category == "sexual" and u.intent.p("urgent_abuse", "urgent_intruder") < SEXUAL_HARM_P and not abuse_signs(u.text):
            # "옷 벗고 위로해 주면": never a 119 case; a real question after it is still answered
            return self._no_then_answer(u) or self._fixed("blocked_sexual", Intent.BLOCKED, blocked=True)
        unnoticed = self._alarm_for_the_unnoticed(u)
        if unnoticed is not None:
            return unnoticed  # "자다가 죽어도 아무도 모를까 봐": the emergency-alarm service, not the 109 line
        key = urgent.decide(u, phishing, self._kb_answers_service)
        if key is None and not missed:
            key = self._urgent_in_part(u)
        if key == "urgent_intruder" and remote_installed(u.text) and not missed:
            key = None  # someone working the phone from afar is a scam's app, not a person at the door
        if key == "crisis" and self._sorrow_asking_company(u):
            return self._company(u)  # "… 눈물만 나 얘기 들어주는 데 있나": someone to talk to, not the 109 line first
        if key in ("urgent", "urgent_medical") and self._a_set_gone_dead(u):
            key = None  # "테레비가 갑자기 안 켜지네": a set gone dead, not a body
        if key is not None:
            return self._urgent(key)
        if remote_installed(u.text) and not missed:  # a scammer's app is on the phone already
            return self._fixed("urgent_fraud_remote", Intent.URGENT, score=1.0)
        if misheard(transcript, u):
            return self._repair(text)
        if avoided and (is_statement(u.text) or re.search("잘했|잘한", compact(u.text))):  # told, or asking for a nod
            return self._fixed("phishing_avoided", Intent.PHISHING)
        age = age_answer(u.normalized)
        if age is not None and not self._verdict(without_birth_year(u.normalized)).blocked:
            return Reply(text=age, intent=Intent.SMALL_TALK)  # "병신년 생인데 올해 몇 살이고": worked out
        gloss = word_meaning(u.text) if not verdict.blocked else None
        if gloss is not None:  # "시발점이 맞는 말이여", "개꿀 그거 욕이여": what the word means
            return Reply(text=gloss, intent=Intent.SMALL_TALK)
        blocked = self._blocked_key(u, verdict)
        if blocked == "blocked" or blocked == "blocked_threat" and verdict.category != "threat":
            # rough words or a threat the classifier heard ("모른다 카면 깨 뿐다 … 어디서 하는지 대라"),
            # and a plain question beside them: the calm word, then the answer
            answered = self._boundary_and_answer(u, verdict)
            if answered is not None:
                return answered
        if blocked == "blocked_sexual":  # a remark the classifier heard; a real question after it is answered
            return self._no_then_answer(u) or self._fixed(blocked, Intent.BLOCKED, blocked=True)
        if blocked is not None:
            return self._fixed(blocked, Intent.BLOCKED, blocked=True)
        if phishing == "asked":  # a loss asked about beforehand or told of someone else: how to avoid or act
            return self._scam_question(u)
        if investment_pitch(u.text) and phishing is None:
            return self._fixed("investment_scam", Intent.PHISHING)  # doubled money promised: a likely scam, 1332
        if phishing is None and (u.intent.label in ("fraud_question", "urgent_fraud_paid") or u.intent.p(
                "fraud_question", "urgent_fraud_paid") >= FRAUD_NOW_MIN) and happening_now(u.text) and not investing(u.text) and (
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
            if u.intent.confidence >= FRAUD_QUESTION_MIN and not self._paper_for_a_bank(u, hits):
                return self._phishing("pressure")
        if offer is not None:
            chosen = resolve(offer, u.normalized, self.engine.topics.entry_by)
            if chosen:
                return self._answer_entries(chosen)
            if chosen == ():
                return self._fixed("clarify_again", Intent.CLARIFY)
        if vague is not None and self._names_the_thing(u):
            # "교통카드요" after "어떤 카드를 말씀하시는지요?": the first question, with its thing named now
            return self._answer(self.engine.understanding.understand(f"{u.normalized} {vague}"), None)
        if final_farewell(u.text) and not (told_of_past(u.text) or told_as_story(u.text)):
            return self._fixed("crisis_check", Intent.URGENT)  # thanks for everything and a last time: a check, 109
        if asks_forecast(u.text) and not is_statement(u.text) and u.intent.label != "abusive" and (
                self.engine.named_topic(u.text) is None):  # "모레 눈 온다 카던데 맞나" is no "can you hear me"
            forecast = self.engine.call_center_by_keywords(u.normalized, specific=True)
            if forecast is not None:
                return self._center_line(forecast, 0.0)
        place = self._outside_place(u)
        if place is not None:
            return place  # a train's timetable, a broken remote: the place that handles it, not "I can't help"
        about_the_call = self._about_the_call(u)
        if about_the_call is not None:
            return about_the_call
        asked_in_chat = self._question_beside_chat(u)
        if asked_in_chat is not None:
            return asked_in_chat
        if u.intent.label in ("chitchat", "ood_other") and asks_about_media(u.text) and not is_statement(u.text) and (
                self.engine.named_topic(u.text) is None) and not self._kb_answers_service(u, False) and not (
                _MONEY_ASKED.search(compact(u.text))):  # "드라마서 119 부르대 … 119 부르믄 돈 내나" asks a fee
            return self._fixed("refer_media", Intent.REFER, fallback=True)  # a drama's end, a game's score: no TV here
        if asks_political_opinion(u.text) and not is_statement(u.text) and self.engine.named_topic(u.text) is None:
            return self._fixed("refer_politics", Intent.REFER, fallback=True)  # no side taken
        if asks_which_to_buy(u.text) and self.engine.named_topic(u.text) is None and not self._phone_use_asked(u):
            return self._fixed("refer_shopping", Intent.REFER, fallback=True)  # which phone to buy: the shop, family
        if asks_for_a_name(u.text) and self.engine.named_topic(u.text) is None:
            return self._fixed("refer_naming", Intent.REFER, fallback=True)  # a baby's name: the family, a naming office
        if apologises(u.text):
            # sorry for a temper earlier, however read (abuse, or chat to listen to): no harm done
            return self._fixed("apology", Intent.SMALL_TALK)
        if worried_about_dialect(u.text):
            return self._fixed("dialect", Intent.SMALL_TALK)  # any dialect is fine (however read): it asks again
        checked = checked_number(u.text, self.engine.numbers)
        if checked is not None:  # "아까 그 번호가 일삼오오여": whose number it is, said again
            return self._number_checked(*checked)
        control = self._control(u)
        if control is not None:
            return control
        if asks_once_more(u.text):
            return self._repeat()  # "미안타 귀가 어두워서 … 한 번만 더" (however read)
        if frustrated(u.text):
            return self._fixed("frustrated", Intent.SMALL_TALK)  # worn out by the avatar (however read): sorry, once more
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
            if greets_again(u.text) and not u.intent.urgent:
                return self._fixed("greeting", Intent.GREETING)  # "어 그래 잘 있었나 나 또 왔다": hello, not goodbye
            if says_goodbye(u.text) and not (u.intent.urgent and urgent.emergency_words(u, None)):  # "가스 냄새가 … 나중에 물어볼게"
                return self._fixed("goodbye", Intent.GOODBYE)  # "졸리다 이제 자야겠다 잘 있어"
            if thanks_plainly(u.text) and not REQUEST.search(compact(u.text)):
                return self._fixed("thanks", Intent.THANKS)  # "아따 고맙소잉 다음에 또 물어볼랑께"
        answered = self._answer(u, transcript)
        if answered.intent == Intent.ANSWER and (self._rude_to_avatar(u) or self._read_as_abuse(u)):
            return self._with_boundary(answered)
        return answered

    def _paper_for_a_bank(self, u: Understood, hits: list[Any]) -> bool:
        """A service's question that only sounds like a scam ("주소 옮긴 거 다 나오는 그 종이 … 은행에서 떼오라
        카던데": a bank asks for a paper): a non-scam entry is near, and nothing a scam asks for is named."""
        if not hits or hits[0].score < self.engine.retriever.accept_threshold - CLARIFY_BAND:
            return False
        entry = self.engine.retriever.entries[hits[0].entry_id]
        return "보이스피싱" not in entry.topic and not names_money(u.text) and not asks_what_scammers_ask(u.text)

    def _number_checked(self, number: str, owner: str) -> Reply:
        """A number said back: right, and whose, when the last reply gave it; else whose it is."""
        last = self._s.last.text if self._s.last is not None else ""
        key = "number_confirmed" if number in last else "number_owner"
        return Reply(text=self.engine.replies.pick(key).format(number=number, owner=owner), intent=Intent.SMALL_TALK)

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
        if asks_what_to_ask(u.text) and self.engine.named_topic(u.text) is None:
            return self._fixed("how_to_use", Intent.SMALL_TALK)  # "무엇을 물어보면 되는 것입니까": what it answers
        if asks_said_again(u.text) and self.engine.named_topic(u.text) is None:
            return self._repeat()  # "처음부터 다시 얘기해 주래요 중간에 놓쳤드래요": again, not company
        if asks_to_chat(u.text) and not wish_to_die(u.text):  # (no emergency: decided before)
            return self._fixed("company", Intent.SMALL_TALK)  # "말할 사람이 없어서 얘기 좀 해도 되는 겨": yes, and who visits
        if compliments(u.text) and u.intent.p("abusive") < COMPLIMENT_MAX_ABUSE_P:
            return self._fixed("compliment", Intent.SMALL_TALK)  # "아가씨 목소리가 참 곱네"
        return None

    @staticmethod
    def _sorrow_asking_company(u: Understood) -> bool:
        """Sorrow with someone to talk to asked, no word of dying, and the classifier not sure of despair."""
        return asks_to_chat(u.text) and u.intent.p("crisis") < SORROW_MAX_CRISIS_P and not (
            wish_to_die(u.text) or crisis_signs(u.text) or names_suicide(u.text))

    def _company(self, u: Understood) -> Reply:
        """Company, with the 109 line named gently when the classifier half hears despair."""
        company = self._fixed("company", Intent.SMALL_TALK)
        if u.intent.p("crisis") < SORROW_GENTLE_109_P:
            return company
        return Reply(text=f"{company.text} {self.engine.replies.pick('company_109_tail')}", intent=Intent.SMALL_TALK)

    def _a_set_gone_dead(self, u: Understood) -> bool:
        """A broken appliance told ("갑자기 안 켜지네"), with no body in trouble in the words."""
        place = self.engine.outside_place(u.normalized)
        return place is not None and place.told_is_asked and not body_in_trouble(u.text)

    def _alarm_for_the_unnoticed(self, u: Understood) -> Reply | None:
        """Afraid of falling ill alone with nobody to know, and nothing wrong now, no wish to die: what the
        emergency-alarm service is and how to get it (``unnoticed_entries``)."""
        if not fears_dying_unnoticed(u.text) or wish_to_die(u.text) or crisis_signs(u.text) or names_suicide(u.text):
            return None
        if said_now(u.text) and not fine_now(u.text) or body_in_trouble(u.text) and not told_of_past(u.text):
            return None  # fallen now, or short of breath as they speak: the emergency's own reply
        entries = [self.engine.topics.entry_by(w.get("topic", ""), w.get("aspect", ""))
                   for w in self.engine.replies.texts.get("unnoticed_entries", [])]
        found = tuple(e.id for e in entries if e is not None)
        hits = self._search(u.normalized)
        if found and hits and hits[0].score >= self.engine.retriever.accept_threshold and (
                self.engine.retriever.entries[hits[0].entry_id].topic == entries[0].topic):
            return None  # the service asked about outright ("그 기계 돈 들어요"): its own answer for what was asked
        return self._answer_entries(found) if found else None

    def _urgent(self, key: str) -> Reply:
        if key == "crisis":
            entry = self._configured_entry("crisis_entry")
            if entry is not None and "109" in entry.answer:
                return Reply(text=entry.answer, entry_id=entry.id, score=1.0, intent=Intent.URGENT)
        return self._fixed(key, Intent.URGENT)

    def _urgent_in_part(self, u: Understood) -> str | None:
        """An emergency told beside something else ("머리를 박았는데 피가 나네 근데 그건 그렇고 기초연금
        …", "날씨 좋네 … 근데 창문이 깨져 있고 안방에서 소리가 나"): each part is read on its own, so
        that the question or the chat around it neither vetoes nor dilutes it. Only when the whole
        reads as a possible emergency or holds words that leave no doubt of one; a part is an emergency
        only with the words of one or when the classifier is sure of it."""
        if u.intent.p(*URGENT) < PART_URGENT_MIN and not clear_urgent(u.text):
            return None
        if false_alarm(u.text):
            return None  # "어제 가스 냄새 나서 … 불렀는디 별거 아니었어": the whole says it was nothing
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
            if key is not None and urgent.said_of_its_kind(key, part) and (
                    urgent.emergency_words(pu, phishing) or pu.intent.p(*URGENT) >= PART_URGENT_SURE):
                log.info("emergency %s told beside something else: %r", key, part)
                return key
        return None

    def _kb_answers_service(self, u: Understood, lenient: bool = True) -> bool:
        retriever = self.engine.retriever
        return urgent.kb_answers_service(u, self._search(u.normalized), retriever.accept_threshold,
                                         retriever.entries, CLARIFY_BAND, lenient)

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
