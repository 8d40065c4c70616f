"""Control requests and small talk in a conversation turn."""

from __future__ import annotations

import dataclasses
import re

from models.dialogue import urgent
from models.dialogue.bands import (
    CONTROL_MIN,
    LISTEN_MAX_ABUSE,
    LISTEN_MAX_URGENT,
    LISTEN_SURE_URGENT,
    SMALL_TALK_LABELS,
)
from models.dialogue.cues import (
    abuse_signs,
    arms_as_skill,
    asks_a_service,
    asks_if_heard,
    asks_in_writing,
    asks_quieter,
    asks_wait,
    compact,
    crisis_hint,
    crisis_signs,
    greets_again,
    idiom_of_death,
    near_miss,
    past_event,
    told_as_story,
)
from models.dialogue.turn_base import TurnBase
from models.dialogue.turn_words import TEXT_SIZE, telling
from models.understanding import CONTROL, URGENT, Understood
from streaming.types import Intent, Reply

# Slowly done by the speaker's body (walking, eating, getting up, driving), not said by the avatar
_MOVING_SLOWLY = re.compile(r"천천히(?:걸|걷|먹|묵|씹|일어|움직|운전|다니|올라|내려|뛰|앉|누우|누워|마시|드시|숨)")


class ControlTurns(TurnBase):
    """Control and small talk: slower, again, louder, simpler, listening, asking again."""

    def _control(self, u: Understood, min_confidence: float = CONTROL_MIN) -> Reply | None:
        label = u.intent.label
        if u.intent.confidence < min_confidence:
            return None  # an unsure short phrase is more often a follow-up question ("얼마예요?")
        if (label in CONTROL or label in SMALL_TALK_LABELS) and TEXT_SIZE.search(compact(u.text)):
            return self._fixed("text_size", Intent.SMALL_TALK)  # the captions, not the voice
        if (label in CONTROL or label in SMALL_TALK_LABELS) and asks_in_writing(u.text):
            return self._fixed("captions", Intent.SMALL_TALK)  # "글자로 좀 보여 주면": every word is captioned
        if label == "slower" and _MOVING_SLOWLY.search(compact(u.text)):
            return None  # "천천히 걸으면 숨이 덜 차요": the speaker's own pace, not the avatar's speech
        if label == "slower" and asks_wait(u.text):  # "말이 느리니까 끊지 말고 끝까지 들어 주소": time, not slower speech
            return self._fixed("wait", Intent.SMALL_TALK)
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
        if label == "chitchat" and asks_a_service(u.text):
            return None  # a service asked of an office after the chat: answered, or where to ask is said
        if label == "chitchat" and telling(u.text):  # not asking the avatar about itself
            return self._listen(u)
        if label in ("how_to_use", "chitchat") and self._phone_use_asked(u):
            return self._fixed("refer_phone", Intent.REFER, fallback=True)  # another app's use, not the avatar's
        if label == "how_to_use" and asks_if_heard(u.text):
            # "처음 해보는디 내 말 들려유": yes first, then how it works
            reply = self._fixed(label, Intent.SMALL_TALK)
            return dataclasses.replace(reply, text=f"{self.engine.replies.pick('heard_prefix')} {reply.text}")
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
        if label == "goodbye" and greets_again(u.text):
            label = "greeting"  # "잘 있었나": asked after, not taking leave
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
                or arms_as_skill(u.text) and not abuse_signs(u.text)  # "예비군 훈련 가서 사격 일등 했대"
                or urgent.everyday_lookalike(u.text, strongest)):  # porridge (죽), a heart pounding for joy
            # a half-sure sign of danger told as a statement: the check names the danger it most likely
            # is (a wish to die: the 109 line; harm by family: the abuse line), else a general 119 check
            if strongest == "crisis" and not (past_event(u.text) or near_miss(u.text)):  # "60년 전에 물에 빠져
                # 죽을 뻔했거든": a memory
                if crisis_hint(u.text) or crisis_signs(u.text):
                    return self._fixed("crisis", Intent.URGENT, score=score)
                if u.intent.p("crisis") >= LISTEN_SURE_URGENT:
                    # despair the classifier is sure of, in words no rule names ("나도 지쳤어 둘이 같이 가는 게
                    # 낫겠다 싶어"): the check names the 109 line, not only 119
                    return self._fixed("crisis_check", Intent.URGENT, score=score)
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
