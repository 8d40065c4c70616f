"""Privacy: personal numbers are masked in log lines and stored transcripts; numbers that are not personal
(hotlines, dates, amounts, ages) are left alone; the opt-in conversation log keeps masked text only,
honours its retention period, and ``silver-avatar purge-logs`` deletes it (real SQLite files)."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time

import pytest

from benchmarks.webrtc_client import AvatarPeer
from server.cli import main as cli_main
from server.conversation_log import DAY_S, ConversationLog
from server.privacy import MaskingFilter, mask_personal_numbers

from .conftest import eventually

# (spoken text as ASR writes it, the label that must replace the number)
PERSONAL = [
    ("주민번호는 800101-1234567이에요", "주민번호"),
    ("제 주민등록번호 8001011234567 맞아요", "주민번호"),
    ("451231 - 2345678", "주민번호"),
    ("외국인등록번호 900215-5123456", "주민번호"),
    ("010-1234-5678로 연락 주세요", "전화번호"),
    ("01012345678", "전화번호"),
    ("공일공 말고 010 9876 5432예요", "전화번호"),
    ("010.2222.3333", "전화번호"),
    ("집 전화는 02-123-4567", "전화번호"),
    ("031-987-6543", "전화번호"),
    ("070-1234-5678", "전화번호"),
    ("+82 10-1234-5678", "전화번호"),
    ("+82-10-5555-6666", "전화번호"),
    ("카드 1234-5678-9012-3456 분실", "카드번호"),
    ("1234 5678 9012 3456", "카드번호"),
    ("3714-496353-98431", "카드번호"),
    ("계좌 110-123-456789로 보냈어요", "계좌번호"),
    ("1002-123-456789", "계좌번호"),
    ("352-0123-4567-83", "계좌번호"),
    ("통장 번호가 123456789012예요", "계좌번호"),
    # issue 19, item 13: forms that used to reach the database unmasked
    ("010－5555－6666", "전화번호"),  # full-width hyphens
    ("010 - 5555 - 6666", "전화번호"),  # spaced hyphens
    ("010‐5555‐6666", "전화번호"),  # U+2010
    ("０１０－１２３４－５６７８", "전화번호"),  # full-width digits
    ("690202/2345678", "주민번호"),
    ("690202 – 2345678", "주민번호"),
]

# numbers read out in Sino-Korean digit words, as speech recognition may write them
SPOKEN = [
    ("제 번호는 공일공 오오오오 육육육육이에요", "전화번호", "오오오오"),
    ("공일공 5555 6666으로 주세요", "전화번호", "5555"),
    ("주민번호 팔공공일공일 일이삼사오육칠", "주민번호", "일이삼사오육칠"),
    ("영일공 칠칠칠칠 팔팔팔팔", "전화번호", "칠칠칠칠"),
]
NOT_PERSONAL = [
    "국민연금 상담은 1355번이에요",
    "보건복지상담센터는 129",
    "1577-1000으로 전화하세요",
    "1588-1234",
    "2024-05-01에 신청했어요",
    "2024.05.01",
    "1990-01-01생",
    "2024년 5월 1일",
    "기초연금 30만 원 받아요",
    "300,000원",
    "1,500,000원이 들어왔어요",
    "연세가 85세예요",
    "1955년생이에요",
    "오후 3시 30분",
    "우편번호 03154",
    "3월 12일에",
    "12-34-56",
    "010",
]


@pytest.mark.parametrize(("text", "label"), PERSONAL)
def test_personal_numbers_are_masked(text, label):
    masked = mask_personal_numbers(text)
    assert f"[{label}]" in masked, masked
    digits_left = [c for c in masked if c.isdigit()]
    assert len(digits_left) <= 3, masked  # only surrounding words (공일공 etc.) and short counters survive


@pytest.mark.parametrize(("text", "label", "secret"), SPOKEN)
def test_numbers_read_out_in_words_are_masked(text, label, secret):
    masked = mask_personal_numbers(text)
    assert f"[{label}]" in masked and secret not in masked, masked


def test_words_that_happen_to_be_digits_are_left_alone():
    for text in ["오일 이일 삼일에 오세요", "일이 있어서 사일 뒤에", "이천이십사년 오월 일일", "구십구 세 어르신"]:
        assert mask_personal_numbers(text) == text


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_other_numbers_are_not_masked(text):
    assert mask_personal_numbers(text) == text


def test_table_is_large_enough():
    assert len(PERSONAL) + len(NOT_PERSONAL) >= 20 and len(NOT_PERSONAL) >= 10


def test_log_lines_and_tracebacks_are_masked(tmp_path):
    path = tmp_path / "server.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("test.privacy.masking")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        logger.warning("[%s] transcript %r", "sess1", "제 번호는 010-1234-5678이고 주민번호는 800101-1234567이에요")
        try:
            raise ValueError("could not parse 카드 1234-5678-9012-3456")
        except ValueError:
            logger.exception("[sess1] dialogue failed")
        logger.info("국민연금 1355, 30만 원")
    finally:
        logger.removeHandler(handler)
        handler.close()
    text = path.read_text(encoding="utf-8")
    for secret in ("010-1234-5678", "800101-1234567", "1234-5678-9012-3456"):
        assert secret not in text
    assert "[전화번호]" in text and "[주민번호]" in text and "[카드번호]" in text
    assert "sess1" in text and "1355" in text and "30만 원" in text


def test_conversation_log_stores_masked_text_only(tmp_path):
    path = tmp_path / "conversations.sqlite3"
    log = ConversationLog(path, retention_days=30)
    log.record("s1", 1, "user", "제 전화번호는 010-1234-5678이에요")
    log.observe("s1", {"type": "reply", "text": "네, 1577-1000으로 전화하세요.", "intent": "answer", "entry_id": "e1", "turn": 1})
    log.observe("s1", {"type": "transcript", "text": "계좌 110-123-456789", "final": True, "turn": 2})
    log.observe("s1", {"type": "transcript", "text": "부분", "final": False, "turn": 2})  # partials are not kept
    log.observe("s1", {"type": "state", "state": "listening", "turn": 2})
    log.close()

    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT role, text, intent FROM turns ORDER BY id").fetchall()
        types = {row[1] for row in db.execute("PRAGMA table_info(turns)")}
        blobs = db.execute("SELECT count(*) FROM turns WHERE typeof(text) = 'blob'").fetchone()[0]
    assert rows == [
        ("user", "제 전화번호는 [전화번호]이에요", None),
        ("avatar", "네, 1577-1000으로 전화하세요.", "answer"),
        ("user", "계좌 [계좌번호]", None),
    ]
    assert "audio" not in " ".join(types).lower() and blobs == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_retention_and_purge(tmp_path):
    path = tmp_path / "log.sqlite3"
    now = [1_000_000_000.0]
    log = ConversationLog(path, retention_days=7, clock=lambda: now[0])
    log.record("old", 1, "user", "열흘 전 질문")
    now[0] += 5 * DAY_S
    log.record("mid", 1, "user", "닷새 전 질문")
    assert log.purge_expired() == 0
    now[0] += 5 * DAY_S
    log.record("new", 1, "user", "오늘 질문")  # a running log applies the retention period by itself
    assert [r.session for r in log.rows()] == ["mid", "new"]
    log.close()
    # reopening applies the retention period again, at the new time
    now[0] += 3 * DAY_S
    log = ConversationLog(path, retention_days=7, clock=lambda: now[0])
    assert [r.session for r in log.rows()] == ["new"]
    assert log.purge_all() == 1 and log.rows() == []
    log.close()
    assert b"\xec\x98\xa4\xeb\x8a\x98" not in path.read_bytes()  # "오늘": deleted text is gone from the file


def test_purge_logs_command(tmp_path, capsys):
    path = tmp_path / "conv.sqlite3"
    config = tmp_path / "silver-avatar.toml"
    config.write_text(f'[privacy]\nconversation_log = true\nlog_path = "{path}"\nretention_days = 30\n', encoding="utf-8")
    log = ConversationLog(path, retention_days=30, clock=lambda: time.time() - 40 * DAY_S)  # 40 days ago
    log.record("s", 1, "user", "첫 질문")
    log.close()
    log = ConversationLog(path, retention_days=30, purge_on_open=False)
    log.record("s", 2, "user", "둘째 질문")
    log.record("s", 3, "avatar", "답변")
    log.close()

    assert cli_main(["purge-logs", "--config", str(config)]) == 0
    assert "deleted 1" in capsys.readouterr().out
    assert cli_main(["purge-logs", "--config", str(config), "--older-than-days", "0"]) == 0
    assert "deleted 2" in capsys.readouterr().out
    assert cli_main(["purge-logs", "--db", str(path), "--all"]) == 0
    assert "0 remain" in capsys.readouterr().out
    assert cli_main(["purge-logs", "--db", str(tmp_path / "missing.sqlite3")]) == 0
    assert "nothing to delete" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli_main(["purge-logs", "--all", "--older-than-days", "3"])


async def test_server_logs_conversations_only_when_opted_in(spawn_server, tmp_path):
    off_path, on_path = tmp_path / "off.sqlite3", tmp_path / "on.sqlite3"
    servers = {
        "off": spawn_server(**{"privacy.log_path": str(off_path)}),  # default: conversation_log = false
        "on": spawn_server(**{"privacy.conversation_log": True, "privacy.log_path": str(on_path)}),
    }
    for name, server in servers.items():
        peer = AvatarPeer()
        await peer.connect(server.url)
        try:
            await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
            peer.send({"type": "ask", "text": "제 주민번호는 800101-1234567이고 전화는 010-1234-5678이에요"})
            await peer.wait_for(lambda e: e["type"] == "reply", timeout=30)
        finally:
            await peer.close()
        if name == "on":
            await eventually(lambda: len(_rows(on_path)) >= 2, 5, what="turns stored")
    assert not off_path.exists()
    rows = _rows(on_path)
    assert [r[0] for r in rows[:2]] == ["user", "avatar"]
    assert "[주민번호]" in rows[0][1] and "[전화번호]" in rows[0][1]
    assert "800101" not in "".join(r[1] for r in rows) and "5678" not in "".join(r[1] for r in rows)


def _rows(path) -> list[tuple[str, str]]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute("SELECT role, text FROM turns ORDER BY id").fetchall()


SECRETS_SAID = ("제 전화는 010－5151－6161이고 집은 010 - 5252 - 6262, 주민번호는 690202/2345678이고 "
                "딸 번호는 공일공 칠칠칠칠 팔팔팔팔이에요")
SECRET_PARTS = ["5151－6161", "5252 - 6262", "690202/2345678", "2345678", "칠칠칠칠", "팔팔팔팔"]


async def test_none_of_the_new_forms_reaches_the_database_wal_or_logs(spawn_server, tmp_path):
    """Item 13 end to end: said over a real session, stored by the opt-in log, logged through the
    server's masking filter: the database file, its WAL and the log file hold none of the numbers."""
    db = tmp_path / "conversations.sqlite3"
    log_file = tmp_path / "server.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.addFilter(MaskingFilter())  # as install_log_masking() attaches it in `serve`
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        server = spawn_server(**{"privacy.conversation_log": True, "privacy.log_path": str(db)})
        peer = AvatarPeer()
        await peer.connect(server.url)
        try:
            await peer.wait_for(lambda e: e["type"] == "session", timeout=10)
            peer.send({"type": "ask", "text": SECRETS_SAID})
            await peer.wait_for(lambda e: e["type"] == "reply", timeout=30)
            await eventually(lambda: len(_rows(db)) >= 2, 5, what="turns stored")
        finally:
            await peer.close()
        stored = [path for path in (db, db.with_name(db.name + "-wal")) if path.exists()]
        raw = b"".join(path.read_bytes() for path in stored)
        said = _rows(db)[0][1]
        assert said.count("[전화번호]") == 3 and "[주민번호]" in said, said
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()
    logged = log_file.read_text(encoding="utf-8")
    for part in SECRET_PARTS:
        assert part.encode() not in raw, part
        assert part not in logged, part
