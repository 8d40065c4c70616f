"""The Korean public-service knowledge base: plain TOML files under ``data/``, one per topic group.

Each ``[[entry]]`` has: ``id``, ``topic``, ``aspect`` (see ``ASPECTS``), ``question`` (canonical),
``paraphrases`` (>= 6, the way seniors actually speak), ``answer`` (2-4 short 존댓말 sentences, key
fact first), ``agency``, ``reviewed`` (YYYY-MM-DD) and optionally ``contact`` (a phone number).
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

#: What part of a topic an entry answers; follow-up questions ("그거 어디서 신청해요?") move
#: between entries of the same topic by aspect.
ASPECTS = (
    "overview",  # 무엇인가요
    "eligibility",  # 누가 받나요 / 대상
    "amount",  # 얼마나 / 금액 / 본인부담
    "how_to_apply",  # 어떻게 신청 / 절차
    "where_to_apply",  # 어디서 신청 / 어디로 가요
    "documents",  # 서류 / 준비물
    "timing",  # 언제 / 기간 / 나이
    "contact",  # 어디에 전화 / 문의
    "other",
)


class KnowledgeBaseError(ValueError):
    """A knowledge-base file is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    aspect: str
    question: str
    paraphrases: tuple[str, ...]
    answer: str
    agency: str
    reviewed: str
    contact: str | None = None
    source_file: str = ""


def _parse_entry(raw: dict, source: str) -> Entry:
    where = f"{source}: entry {raw.get('id', '?')!r}"
    for key in ("id", "topic", "aspect", "question", "paraphrases", "answer", "agency", "reviewed"):
        if key not in raw:
            raise KnowledgeBaseError(f"{where}: missing {key!r}")
    if raw["aspect"] not in ASPECTS:
        raise KnowledgeBaseError(f"{where}: aspect {raw['aspect']!r} not in {ASPECTS}")
    paraphrases = tuple(str(p).strip() for p in raw["paraphrases"] if str(p).strip())
    if len(paraphrases) < 6:
        raise KnowledgeBaseError(f"{where}: needs at least 6 paraphrases, has {len(paraphrases)}")
    try:
        _dt.date.fromisoformat(str(raw["reviewed"]))
    except ValueError as exc:
        raise KnowledgeBaseError(f"{where}: reviewed must be YYYY-MM-DD") from exc
    return Entry(
        id=str(raw["id"]),
        topic=str(raw["topic"]),
        aspect=str(raw["aspect"]),
        question=str(raw["question"]).strip(),
        paraphrases=paraphrases,
        answer=" ".join(str(raw["answer"]).split()),
        agency=str(raw["agency"]),
        reviewed=str(raw["reviewed"]),
        contact=str(raw["contact"]) if raw.get("contact") else None,
        source_file=source,
    )


def load_entries(data_dir: Path | str = DATA_DIR) -> tuple[Entry, ...]:
    """Load and validate every ``*.toml`` under ``data_dir`` (ids must be unique)."""
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in sorted(Path(data_dir).glob("*.toml")):
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeBaseError(f"{path.name}: {exc}") from exc
        for raw in doc.get("entry", []):
            entry = _parse_entry(raw, path.name)
            if entry.id in seen:
                raise KnowledgeBaseError(f"{path.name}: duplicate id {entry.id!r} (also in {seen[entry.id]})")
            seen[entry.id] = path.name
            entries.append(entry)
    return tuple(entries)


@cache
def default_entries() -> tuple[Entry, ...]:
    """The packaged knowledge base, loaded once per process."""
    return load_entries(DATA_DIR)
