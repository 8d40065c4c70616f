"""Fault injection for operators' drills: make one stage raise or stall for the next N calls.

Off by default. With ``[faults] enabled = true`` and a ``token`` the server wraps its stages once at
start-up and exposes ``/api/admin/faults`` (``server/app.py``), refused without that token. An
operator can then check, on a running server, that a session apologises in Korean and lives on when
speech recognition, the dialogue engine, speech synthesis or the avatar renderer fails or hangs.

What one "turn" of a fault counts, per stage (the next N calls in this process, whichever session
makes them): ``asr`` a turn's final transcription; ``dialogue`` a reply; ``tts`` a synthesis (an
apology is spoken with one too); ``renderer`` an avatar frame (one failed frame makes the session
reset its avatar and apologise).

``raise`` raises :class:`InjectedFault`; ``stall`` blocks the stage's worker for ``stall_s`` and then
lets the call through, as a stage that hangs and recovers would.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from streaming.engines import Engines

log = logging.getLogger(__name__)

STAGES = ("asr", "dialogue", "tts", "renderer")
MODES = ("raise", "stall")
MAX_TURNS = 100
MAX_STALL_S = 120.0
MIN_TOKEN_CHARS = 16


class InjectedFault(RuntimeError):
    """Raised by a stage an operator told to fail."""


@dataclass
class Fault:
    stage: str
    mode: str
    turns: int  # calls still to fault
    stall_s: float = 0.0
    fired: int = 0


class FaultPlan:
    """The armed faults; ``hit`` is called by the wrapped stages from their worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}
        self.fired: dict[str, int] = dict.fromkeys(STAGES, 0)

    def arm(self, stage: str, mode: str, turns: int, stall_s: float = 0.0) -> Fault:
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if not 1 <= turns <= MAX_TURNS:
            raise ValueError(f"turns must be 1 to {MAX_TURNS}")
        if mode == "stall" and not 0 < stall_s <= MAX_STALL_S:
            raise ValueError(f"stall_s must be more than 0 and at most {MAX_STALL_S:g}")
        fault = Fault(stage, mode, turns, stall_s if mode == "stall" else 0.0)
        with self._lock:
            self._faults[stage] = fault
        log.warning("fault injection armed: %s %s for %d turn(s)%s", stage, mode, turns,
                    f", {stall_s:g} s each" if mode == "stall" else "")  # fmt: skip
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
        log.warning("fault injection cleared")

    def status(self) -> dict[str, Any]:
        with self._lock:
            armed = {s: dataclasses.asdict(f) for s, f in self._faults.items()}
            return {"armed": armed, "fired": dict(self.fired)}

    def hit(self, stage: str) -> None:
        """Called at the start of a stage's call: raise or stall if a fault for ``stage`` is armed."""
        with self._lock:
            fault = self._faults.get(stage)
            if fault is None:
                return
            fault.turns -= 1
            fault.fired += 1
            self.fired[stage] += 1
            if fault.turns <= 0:
                del self._faults[stage]
        if fault.mode == "stall":
            log.warning("injected %s stall: %.1f s", stage, fault.stall_s)
            time.sleep(fault.stall_s)  # runs on the stage's own worker thread, never on the event loop
            return
        raise InjectedFault(f"injected {stage} fault")


class _Wrapper:
    def __init__(self, inner: Any, plan: FaultPlan) -> None:
        self._inner, self._plan = inner, plan

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


# The wrappers pass every argument through untouched: the stage contracts may grow keywords.
class FaultyTranscriber(_Wrapper):
    def transcribe(self, pcm, *args: Any, final: bool, **kwargs: Any):
        if final:
            self._plan.hit("asr")
        return self._inner.transcribe(pcm, *args, final=final, **kwargs)


class FaultyConversation(_Wrapper):
    def reply(self, *args: Any, **kwargs: Any):
        self._plan.hit("dialogue")
        return self._inner.reply(*args, **kwargs)

    def fork(self):
        fork = getattr(self._inner, "fork", None)
        return FaultyConversation(fork() if callable(fork) else self._inner, self._plan)


class FaultyResponder(_Wrapper):
    def conversation(self):
        return FaultyConversation(self._inner.conversation(), self._plan)


class FaultySynthesizer(_Wrapper):
    def synthesize(self, *args: Any, **kwargs: Any):
        self._plan.hit("tts")
        return self._inner.synthesize(*args, **kwargs)


class FaultyAvatarStream(_Wrapper):
    def next_frame(self, *args: Any, **kwargs: Any):
        self._plan.hit("renderer")
        return self._inner.next_frame(*args, **kwargs)


class FaultyRenderer(_Wrapper):
    def stream(self):
        return FaultyAvatarStream(self._inner.stream(), self._plan)


def with_faults(engines: Engines, plan: FaultPlan) -> Engines:
    """A copy of ``engines`` whose four stages consult ``plan`` (the models and pools are shared)."""
    return dataclasses.replace(
        engines,
        transcriber=FaultyTranscriber(engines.transcriber, plan),
        responder=FaultyResponder(engines.responder, plan),
        synthesizer=FaultySynthesizer(engines.synthesizer, plan),
        renderer=FaultyRenderer(engines.renderer, plan),
    )
