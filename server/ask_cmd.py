"""``silver-avatar ask``: put questions to the same dialogue engine the live session uses.

    silver-avatar ask "기초연금 어디서 신청해요?"            # the answer, human-readable
    silver-avatar ask --json "기초연금 어디서 신청해요?"     # one JSON object
    printf '안녕하세요\\n기초연금이 뭐예요?\\n' | silver-avatar ask --json -   # one JSON line per line

JSON keys: ``answer``, ``entry_id`` (str or null), ``score``, ``blocked`` (abusive input),
``fallback`` (nothing in the knowledge base matched), ``intent``, ``speech_rate``. With ``-`` every
line is answered on its own unless ``--conversation`` keeps the context across lines. Models load
once. stdout carries answers only: logs and anything a library prints go to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import TextIO

from streaming.protocols import Conversation
from streaming.speech_rate import SpeechRate
from streaming.types import Reply

log = logging.getLogger(__name__)


def reply_to_json(reply: Reply) -> dict:
    return {
        "answer": reply.text,
        "entry_id": reply.entry_id,
        "score": round(float(reply.score), 4),
        "blocked": bool(reply.blocked),
        "fallback": bool(reply.fallback),
        "intent": reply.intent.value,
        "speech_rate": float(reply.speech_rate),
    }


@contextlib.contextmanager
def _answers_only_on_stdout() -> Iterator[TextIO]:
    """Yield a stream for the answers; while inside, fd 1 and ``sys.stdout`` point at stderr so that
    nothing else (a library's print, a C extension's notice) can end up in the JSON stream."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        fd = None  # e.g. captured by a test harness: redirect Python-level prints only
    if fd is None:
        out = sys.stdout
        with contextlib.redirect_stdout(sys.stderr):
            yield out
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    out = os.fdopen(os.dup(fd), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), fd)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield out
    finally:
        out.flush()
        out.close()
        os.dup2(saved, fd)
        os.close(saved)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="silver-avatar ask", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("question", nargs="+", help="the question, or '-' to read one question per stdin line")
    p.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    p.add_argument("--conversation", action="store_true",
                   help="with '-': keep the conversation (follow-ups, speech rate) across lines")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    return p


def _emit(out: TextIO, reply: Reply, as_json: bool) -> None:
    if as_json:
        out.write(json.dumps(reply_to_json(reply), ensure_ascii=False) + "\n")
    else:
        out.write(reply.text + "\n")
    out.flush()


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from_stdin = args.question == ["-"]
    with _answers_only_on_stdout() as out:
        from models.dialogue import build_engine

        engine = build_engine()
        if not from_stdin:
            _emit(out, _said(engine.conversation(), SpeechRate(), " ".join(args.question)), args.json)
            return 0
        shared = (engine.conversation(), SpeechRate()) if args.conversation else None
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        for line in stdin:
            conv, rate = shared if shared is not None else (engine.conversation(), SpeechRate())
            _emit(out, _said(conv, rate, line.rstrip("\r\n")), args.json)
    return 0


def _said(conversation: Conversation, rate: SpeechRate, text: str) -> Reply:
    """The reply as a live session says it: at the speech rate the session would use (its one owner)."""
    reply = conversation.reply(text)
    return replace(reply, speech_rate=rate.commit(reply))
