"""``silver-avatar ask`` as a subprocess: stdout is JSON only, one object per question."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv/bin/python") if (ROOT / ".venv/bin/python").exists() else sys.executable
KEYS = {"answer": str, "score": float, "blocked": bool, "fallback": bool, "intent": str, "speech_rate": float}


def ask(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "server", "ask", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def check_shape(obj: dict) -> None:
    for key, typ in KEYS.items():
        assert isinstance(obj[key], typ), (key, obj)
    assert obj["entry_id"] is None or isinstance(obj["entry_id"], str)


def test_ask_json_one_question() -> None:
    proc = ask("--json", "기초연금 어디서 신청해요?")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    obj = json.loads(lines[0])
    check_shape(obj)
    assert obj["entry_id"] == "basic-pension-where-to-apply"
    assert obj["fallback"] is False and obj["blocked"] is False
    assert "주민센터" in obj["answer"]


def test_ask_json_stdin_lines_independent_and_with_conversation() -> None:
    questions = ["기초연금이 뭐예요?", "그거 어디서 신청해요?", "씨발 왜 안 돼", "", "천천히 말해 주세요", "고마워요"]
    stdin = "\n".join(questions) + "\n"
    # default: every line on its own, so the follow-up has no topic to lean on
    alone = [json.loads(line) for line in ask("--json", "-", stdin=stdin).stdout.splitlines()]
    assert len(alone) == len(questions)
    for obj in alone:
        check_shape(obj)
    assert alone[0]["entry_id"] == "basic-pension-overview"
    assert alone[1]["entry_id"] != "basic-pension-where-to-apply"
    assert alone[2]["blocked"] is True and alone[2]["intent"] == "blocked"
    assert alone[3]["intent"] == "empty"
    assert alone[5]["speech_rate"] == 1.0
    # --conversation keeps the context
    proc = ask("--json", "--conversation", "-", stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    conv = [json.loads(line) for line in proc.stdout.splitlines()]
    assert conv[1]["entry_id"] == "basic-pension-where-to-apply"
    assert conv[4]["intent"] == "slower" and conv[4]["speech_rate"] < 1.0
    assert conv[5]["speech_rate"] == conv[4]["speech_rate"]


def test_ask_plain_text() -> None:
    proc = ask("안녕하세요")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and not proc.stdout.lstrip().startswith("{")
